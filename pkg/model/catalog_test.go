package model

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// The query editor offers metrics from src/datasource/catalog.json; it must list exactly what
// the back end answers, kind by kind, with the same units and statistics.
func TestCatalogMatchesTheQueryEditor(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("..", "..", "src", "datasource", "catalog.json"))
	if err != nil {
		t.Fatal(err)
	}
	var editor map[ResourceKind][]MetricSpec
	if err := json.Unmarshal(raw, &editor); err != nil {
		t.Fatal(err)
	}
	for _, kind := range Kinds {
		backend := catalog[kind]
		if !reflect.DeepEqual(editor[kind], backend) {
			got, _ := json.Marshal(backend)
			t.Errorf("%s: the editor's catalog differs from the back end's:\n%s", kind, got)
		}
	}
	if len(editor) != len(Kinds) {
		t.Errorf("the editor's catalog has %d kinds, the back end %d", len(editor), len(Kinds))
	}
}
