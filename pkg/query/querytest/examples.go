// Package querytest reads the query examples that the Go and the TypeScript tests share.
package querytest

import (
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// Example is one entry of testdata/queries/examples.json.
type Example struct {
	Name  string          `json:"name"`
	Query json.RawMessage `json:"query"`
	// Error is what the parser must say about an invalid example.
	Error string `json:"error"`
}

// Examples reads the valid and the invalid examples.
func Examples(t testing.TB) (valid, invalid []Example) {
	t.Helper()
	_, here, _, _ := runtime.Caller(0)
	path := filepath.Join(filepath.Dir(here), "..", "..", "..", "testdata", "queries", "examples.json")
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var file struct{ Valid, Invalid []Example }
	if err := json.Unmarshal(raw, &file); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if len(file.Valid) == 0 || len(file.Invalid) == 0 {
		t.Fatalf("%s has no examples", path)
	}
	return file.Valid, file.Invalid
}
