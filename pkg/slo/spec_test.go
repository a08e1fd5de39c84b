package slo

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
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

// A rolling budget covers the window before the instant; a calendar one starts afresh each Monday
// or each 1st, UTC, and lasts the whole week or month.
func TestWindowStartAndBudgetedTime(t *testing.T) {
	at := time.Date(2026, 12, 2, 10, 30, 0, 0, time.UTC) // a Wednesday
	day := 24 * time.Hour
	tests := []struct {
		name     string
		window   Window
		at       time.Time
		start    time.Time
		budgeted time.Duration
	}{
		{"rolling 28 days", Window{Rolling: "28d"}, at, at.Add(-28 * day), 28 * day},
		{"calendar week, mid-week", Window{Calendar: "week"}, at, time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC), 7 * day},
		{"calendar week, on Monday at midnight", Window{Calendar: "week"}, time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC),
			time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC), 7 * day},
		{"calendar week, on Sunday night", Window{Calendar: "week"}, time.Date(2026, 12, 6, 23, 59, 0, 0, time.UTC),
			time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC), 7 * day},
		{"calendar month of 31 days", Window{Calendar: "month"}, at, time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC), 31 * day},
		{"calendar month of 28 days", Window{Calendar: "month"}, time.Date(2027, 2, 14, 0, 0, 0, 0, time.UTC),
			time.Date(2027, 2, 1, 0, 0, 0, 0, time.UTC), 28 * day},
		{"calendar month, in another zone", Window{Calendar: "month"}, time.Date(2026, 12, 1, 0, 30, 0, 0, time.FixedZone("CET", 3600)),
			time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), 30 * day},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.window.Start(tt.at); !got.Equal(tt.start) {
				t.Errorf("Start = %s, want %s", got, tt.start)
			}
			if got := tt.window.Budgeted(tt.at); got != tt.budgeted {
				t.Errorf("Budgeted = %s, want %s", got, tt.budgeted)
			}
		})
	}
}
