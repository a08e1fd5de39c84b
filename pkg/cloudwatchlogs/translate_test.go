package cloudwatchlogs

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/seed/serverless/pkg/query"
)

func parsed(t *testing.T, model map[string]any) query.Query {
	t.Helper()
	model["queryType"] = "logs"
	b, _ := json.Marshal(model)
	from := time.Date(2026, 11, 18, 0, 0, 0, 0, time.UTC)
	q, err := query.Parse(backend.DataQuery{RefID: "A", JSON: b, TimeRange: backend.TimeRange{From: from, To: from.Add(time.Hour)}})
	if err != nil {
		t.Fatal(err)
	}
	return q
}

func TestTranslate(t *testing.T) {
	tests := []struct {
		name   string
		model  map[string]any
		want   string
		filter string
	}{
		{"every line", map[string]any{}, "fields @timestamp, @message, @logStream, @log\n| sort @timestamp desc\n| limit 1000", ""},
		{"errors", map[string]any{"preset": "errors", "limit": 100}, "fields @timestamp, @message, @logStream, @log\n| " + errorsFilter + "\n| sort @timestamp desc\n| limit 100", ""},
		{"top errors read every error line", map[string]any{"preset": "topErrors"}, "| " + errorsFilter + "\n| sort @timestamp desc\n| limit 10000", ""},
		{"timeouts", map[string]any{"preset": "timeouts"}, "| " + timeoutsFilter + "\n", ""},
		{"cold starts", map[string]any{"preset": "coldStarts"}, "| " + coldStartsFilter + "\n", ""},
		{"a plain search reads FilterLogEvents", map[string]any{"search": "connection refused"}, "", `"connection refused"`},
		{"a search with a preset", map[string]any{"search": "refused", "preset": "errors"}, "| filter @message like \"refused\"\n", ""},
		{"a regex search", map[string]any{"search": `/Init Duration: \d{3,}/`}, `| filter @message like /Init Duration: \d{3,}/` + "\n", ""},
		{"a search with quotes", map[string]any{"search": `say "hi" a/b`}, `| filter @message like /say \x22hi\x22 a\x2fb/` + "\n", ""},
		{"Insights filters and sort", map[string]any{"names": []string{"f"}, "insights": `fields @message | filter @type = "REPORT" | filter @message like /Init Duration/ | sort @timestamp asc | limit 20`},
			"| filter @type = \"REPORT\"\n| filter @message like /Init Duration/\n| sort @timestamp asc\n| limit 20", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := Translate(parsed(t, tt.model))
			if p.FilterPattern != tt.filter {
				t.Fatalf("filter pattern %q, want %q", p.FilterPattern, tt.filter)
			}
			if tt.filter == "" && !strings.Contains(p.Insights, tt.want) {
				t.Fatalf("query\n%s\ndoes not hold\n%s", p.Insights, tt.want)
			}
			if tt.filter != "" && p.Insights != "" {
				t.Fatalf("both a filter pattern and a query: %q", p.Insights)
			}
			if p.Insights != "" {
				if _, err := query.ParseInsights(p.Insights); err != nil {
					t.Fatalf("the query is outside the subset the fake runs: %v", err)
				}
			}
		})
	}
}
