package cloudwatchlogs

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/seed/serverless/pkg/query"
)

// hostileCase is one entry of testdata/insights/hostile.json: a logs query's fields and either the
// exact Logs Insights query string it must become, the FilterLogEvents pattern, or the error
// query.Parse must give. Matches and Rejects are messages the query must keep and drop, in demo
// mode and in the Insights string as the logs fake runs it.
type hostileCase struct {
	Name          string         `json:"name"`
	Query         map[string]any `json:"query"`
	Insights      string         `json:"insights"`
	FilterPattern string         `json:"filterPattern"`
	Error         string         `json:"error"`
	Matches       []string       `json:"matches"`
	Rejects       []string       `json:"rejects"`
}

func hostileCases(t *testing.T) []hostileCase {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "..", "testdata", "insights", "hostile.json"))
	if err != nil {
		t.Fatal(err)
	}
	var file struct{ Cases []hostileCase }
	if err := json.Unmarshal(raw, &file); err != nil {
		t.Fatal(err)
	}
	if len(file.Cases) == 0 {
		t.Fatal("no cases")
	}
	return file.Cases
}

// TestHostileInputsBecomeExactlyTheirInsightsQuery: no search or Insights text can end a command
// of the query AWS mode sends, add one, or reach it as written.
func TestHostileInputsBecomeExactlyTheirInsightsQuery(t *testing.T) {
	from := time.Date(2026, 11, 18, 0, 0, 0, 0, time.UTC)
	for _, tc := range hostileCases(t) {
		t.Run(tc.Name, func(t *testing.T) {
			if n := len(strings.Join([]string{tc.Insights, tc.FilterPattern, tc.Error}, "")); n == 0 ||
				n != max(len(tc.Insights), len(tc.FilterPattern), len(tc.Error)) {
				t.Fatal("a case needs exactly one of insights, filterPattern or error")
			}
			tc.Query["queryType"] = "logs"
			b, _ := json.Marshal(tc.Query)
			q, err := query.Parse(backend.DataQuery{RefID: "A", JSON: b, TimeRange: backend.TimeRange{From: from, To: from.Add(time.Hour)}})
			if tc.Error != "" {
				if err == nil || !strings.Contains(err.Error(), tc.Error) {
					t.Fatalf("error %v, want it to contain %q", err, tc.Error)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			p := Translate(q)
			if p.Insights != tc.Insights || p.FilterPattern != tc.FilterPattern {
				t.Fatalf("got query\n%s\nand pattern %q, want query\n%s\nand pattern %q", p.Insights, p.FilterPattern, tc.Insights, tc.FilterPattern)
			}
			var fake func(string) bool
			if p.Insights != "" {
				iq, err := query.ParseInsights(p.Insights)
				if err != nil {
					t.Fatalf("the query is outside the subset: %v", err)
				}
				fake = iq.Match
			}
			for _, m := range tc.Matches {
				if !q.SearchMatch(m) || fake != nil && !fake(m) {
					t.Errorf("does not keep %q", m)
				}
			}
			for _, m := range tc.Rejects {
				if q.SearchMatch(m) || fake != nil && fake(m) {
					t.Errorf("keeps %q", m)
				}
			}
		})
	}
}
