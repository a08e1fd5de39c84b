package query

import (
	"strings"
	"testing"
)

func TestParseInsights(t *testing.T) {
	report := "REPORT RequestId: 1\tDuration: 3000.00 ms\tInit Duration: 450.12 ms"
	start := "START RequestId: 1 Version: $LATEST"
	appError := `{"level":"ERROR","message":"timeout exceeded when trying to connect"}`
	tests := []struct {
		name      string
		text      string
		matches   []string
		rejects   []string
		limit     int
		ascending bool
	}{
		{"cold starts", `fields @timestamp, @message | filter @type = "REPORT" | filter @message like /Init Duration/ | sort @timestamp desc | limit 20`,
			[]string{report}, []string{start, appError}, 20, false},
		{"text filter", `filter @message like "timeout exceeded"`, []string{appError}, []string{report}, 0, false},
		{"negated filter, oldest first", `filter @message not like /^(START|END)/ | sort @timestamp asc`, []string{report, appError}, []string{start}, 0, true},
		{"not a report", `filter @type != "REPORT"`, []string{start, appError}, []string{report}, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, err := ParseInsights(tt.text)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range tt.matches {
				if !q.Match(m) {
					t.Errorf("does not match %q", m)
				}
			}
			for _, m := range tt.rejects {
				if q.Match(m) {
					t.Errorf("matches %q", m)
				}
			}
			if q.Limit != tt.limit || q.Ascending != tt.ascending {
				t.Errorf("limit %d ascending %v", q.Limit, q.Ascending)
			}
		})
	}
}

func TestParseInsightsNamesTheBadCommand(t *testing.T) {
	tests := []struct{ text, wantErr string }{
		{`filter @message like /x/ | stats count(*) by bin(5m)`, `insights command 2 ("stats count(*) by bin(5m)"): stats is not supported`},
		{`filter @duration > 100`, `insights command 1 ("filter @duration > 100"): filter must be`},
		{`filter @message like /(/`, "/(/ is not a valid regular expression"},
		{`limit many`, "limit needs a positive whole number"},
		{`sort @message`, "only sort @timestamp asc|desc is supported"},
	}
	for _, tt := range tests {
		if _, err := ParseInsights(tt.text); err == nil || !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("%q: error %v, want %q", tt.text, err, tt.wantErr)
		}
	}
}
