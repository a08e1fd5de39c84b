package query

import (
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

var (
	rangeStart = time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	oneDay     = backend.TimeRange{From: rangeStart, To: rangeStart.Add(24 * time.Hour)}
)

func TestParseAcceptsValidQueries(t *testing.T) {
	tests := []struct {
		name string
		dq   backend.DataQuery
		want Query
	}{
		{
			name: "kind from queryType field of the request",
			dq: backend.DataQuery{RefID: "A", QueryType: "metrics", TimeRange: oneDay,
				JSON: []byte(`{"resourceKind":"lambda","names":["payments-initializer"],"metric":"Errors","statistic":"Sum","period":300}`)},
			want: Query{RefID: "A", Kind: KindMetrics, From: oneDay.From, To: oneDay.To, Metrics: MetricsQuery{
				ResourceKind: "lambda", Names: []string{"payments-initializer"}, Metric: "Errors", Statistic: "Sum", PeriodSeconds: 300}},
		},
		{
			name: "kind from the JSON when the request has none",
			dq: backend.DataQuery{RefID: "B", TimeRange: oneDay,
				JSON: []byte(`{"queryType":"metrics","resourceKind":"sqs","metric":"NumberOfMessagesSent","statistic":"Sum"}`)},
			want: Query{RefID: "B", Kind: KindMetrics, From: oneDay.From, To: oneDay.To, Metrics: MetricsQuery{
				ResourceKind: "sqs", Metric: "NumberOfMessagesSent", Statistic: "Sum"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse(tt.dq)
			if err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			if got.RefID != tt.want.RefID || got.Kind != tt.want.Kind || !got.From.Equal(tt.want.From) ||
				!got.To.Equal(tt.want.To) || strings.Join(got.Metrics.Names, ",") != strings.Join(tt.want.Metrics.Names, ",") ||
				got.Metrics.Metric != tt.want.Metrics.Metric || got.Metrics.Statistic != tt.want.Metrics.Statistic ||
				got.Metrics.PeriodSeconds != tt.want.Metrics.PeriodSeconds || got.Metrics.ResourceKind != tt.want.Metrics.ResourceKind {
				t.Fatalf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestParseRejectsBadQueriesNamingTheProblem(t *testing.T) {
	const valid = `{"resourceKind":"lambda","metric":"Errors","statistic":"Sum",`
	reversed := backend.TimeRange{From: oneDay.To, To: oneDay.From}
	tooLong := backend.TimeRange{From: rangeStart.Add(-500 * 24 * time.Hour), To: rangeStart}
	tests := []struct {
		name    string
		dq      backend.DataQuery
		wantErr string
	}{
		{"broken JSON", backend.DataQuery{TimeRange: oneDay, JSON: []byte(`{"metric":`)}, "query is not valid JSON"},
		{"JSON of the wrong shape", backend.DataQuery{TimeRange: oneDay, JSON: []byte(`{"names":"not-a-list"}`)}, "query is not valid JSON"},
		{"unknown kind", backend.DataQuery{QueryType: "tarot", TimeRange: oneDay}, `queryType "tarot" is not supported; use one of metrics`},
		{"from after to", backend.DataQuery{TimeRange: reversed}, "time range is empty or reversed"},
		{"missing range", backend.DataQuery{}, "time range is missing"},
		{"range beyond retention", backend.DataQuery{TimeRange: tooLong}, "longer than the 455 days CloudWatch keeps metrics"},
		{"no resource kind", backend.DataQuery{TimeRange: oneDay, JSON: []byte(`{"metric":"Errors","statistic":"Sum"}`)}, "resourceKind is required"},
		{"no metric", backend.DataQuery{TimeRange: oneDay, JSON: []byte(`{"resourceKind":"lambda","statistic":"Sum"}`)}, "metric is required"},
		{"no statistic", backend.DataQuery{TimeRange: oneDay, JSON: []byte(`{"resourceKind":"lambda","metric":"Errors"}`)}, "statistic is required"},
		{"period not a multiple of 60", backend.DataQuery{TimeRange: oneDay, JSON: []byte(valid + `"period":90}`)}, "period must be 0 (auto) or a multiple of 60 seconds up to 604800, got 90"},
		{"negative period", backend.DataQuery{TimeRange: oneDay, JSON: []byte(valid + `"period":-60}`)}, "got -60"},
		{"absurd period", backend.DataQuery{TimeRange: oneDay, JSON: []byte(valid + `"period":99999960}`)}, "got 99999960"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(tt.dq)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("error = %v, want it to contain %q", err, tt.wantErr)
			}
		})
	}
}

func TestEffectivePeriod(t *testing.T) {
	now := rangeStart.Add(24 * time.Hour)
	tests := []struct {
		name string
		q    Query
		want time.Duration
	}{
		{"explicit period wins", Query{From: oneDay.From, To: oneDay.To, Metrics: MetricsQuery{PeriodSeconds: 120}}, 2 * time.Minute},
		{"one hour at 1000 points is one minute", Query{From: now.Add(-time.Hour), To: now, MaxDataPoints: 1000}, time.Minute},
		{"one day at 1000 points rounds 86s up to 5 minutes", Query{From: oneDay.From, To: oneDay.To, MaxDataPoints: 1000}, 5 * time.Minute},
		{"panel interval is a floor", Query{From: now.Add(-time.Hour), To: now, MaxDataPoints: 1000, Interval: 10 * time.Minute}, 15 * time.Minute},
		{"no max points (alerting) uses 1440", Query{From: oneDay.From, To: oneDay.To}, time.Minute},
		{"data older than 15 days needs 5 minutes", Query{From: now.Add(-20 * 24 * time.Hour), To: now.Add(-19 * 24 * time.Hour), MaxDataPoints: 5000}, 5 * time.Minute},
		{"data older than 63 days needs an hour", Query{From: now.Add(-70 * 24 * time.Hour), To: now.Add(-69 * 24 * time.Hour), MaxDataPoints: 5000}, time.Hour},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.q.EffectivePeriod(now); got != tt.want {
				t.Fatalf("got %s, want %s", got, tt.want)
			}
		})
	}
}
