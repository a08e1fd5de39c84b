package slo

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"
)

// vectors is testdata/slo/vectors.json, which the TypeScript tests (src/slo) read too.
type vectors struct {
	BurnRateAlerts []struct {
		WindowDays int     `json:"windowDays"`
		Alerts     []Alert `json:"alerts"`
	} `json:"burnRateAlerts"`
	Arithmetic []struct {
		Name                                              string
		Good, Total, Objective, BurnRate, BudgetRemaining float64
	} `json:"arithmetic"`
	Exhaustion []struct {
		Name                string
		Remaining, BurnRate float64
		WindowHours         float64         `json:"windowHours"`
		Hours               json.RawMessage `json:"hours"`
	} `json:"exhaustion"`
}

func loadVectors(t *testing.T) vectors {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "..", "testdata", "slo", "vectors.json"))
	if err != nil {
		t.Fatal(err)
	}
	var v vectors
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatal(err)
	}
	if len(v.BurnRateAlerts) == 0 || len(v.Arithmetic) == 0 || len(v.Exhaustion) == 0 {
		t.Fatal("vectors.json has empty sections")
	}
	return v
}

func TestBurnRateAlertsMatchTheSharedVectors(t *testing.T) {
	for _, c := range loadVectors(t).BurnRateAlerts {
		got := BurnRateAlerts(time.Duration(c.WindowDays) * 24 * time.Hour)
		if !reflect.DeepEqual(got, c.Alerts) {
			t.Errorf("%d-day window: got %+v, want %+v", c.WindowDays, got, c.Alerts)
		}
	}
}

func TestArithmeticMatchesTheSharedVectors(t *testing.T) {
	v := loadVectors(t)
	for _, c := range v.Arithmetic {
		if got := BurnRate(c.Good, c.Total, c.Objective); math.Abs(got-c.BurnRate) > 1e-9 {
			t.Errorf("%s: burn rate %v, want %v", c.Name, got, c.BurnRate)
		}
		if got := BudgetRemaining(c.Good, c.Total, c.Objective); math.Abs(got-c.BudgetRemaining) > 1e-9 {
			t.Errorf("%s: budget remaining %v, want %v", c.Name, got, c.BudgetRemaining)
		}
	}
	for _, c := range v.Exhaustion {
		want := math.Inf(1)
		if string(c.Hours) != `"Infinity"` {
			if err := json.Unmarshal(c.Hours, &want); err != nil {
				t.Fatal(err)
			}
		}
		got := TimeToExhaustion(c.Remaining, c.BurnRate, time.Duration(c.WindowHours*float64(time.Hour)))
		if !(got == want || math.Abs(got-want) < 1e-6) {
			t.Errorf("%s: %v hours, want %v", c.Name, got, want)
		}
	}
}
