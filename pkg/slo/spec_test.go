package slo

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// testdata/slo/specs.json is the corpus the TypeScript validation (src/slo) is tested on too.
func TestValidateNamesTheWrongField(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("..", "..", "testdata", "slo", "specs.json"))
	if err != nil {
		t.Fatal(err)
	}
	var corpus struct {
		Valid   []Spec `json:"valid"`
		Invalid []struct {
			Field string `json:"field"`
			Spec  Spec   `json:"spec"`
		} `json:"invalid"`
	}
	if err := json.Unmarshal(raw, &corpus); err != nil {
		t.Fatal(err)
	}
	for _, s := range corpus.Valid {
		if err := s.Validate(); err != nil {
			t.Errorf("%s: rejected: %v", s.Name, err)
		}
	}
	for _, c := range corpus.Invalid {
		err := c.Spec.Validate()
		var specErr *SpecError
		if !errors.As(err, &specErr) || specErr.Field != c.Field || !strings.HasPrefix(err.Error(), c.Field+": ") {
			t.Errorf("want the %s field named, got %v", c.Field, err)
		}
	}
}
