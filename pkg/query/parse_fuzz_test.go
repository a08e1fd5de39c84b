package query

import (
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

// FuzzParse feeds arbitrary query JSON, kinds and ranges to the parser: it must never panic, and a
// query it accepts must satisfy every rule the handlers rely on.
func FuzzParse(f *testing.F) {
	f.Add("metrics", `{"resourceKind":"lambda","names":["a"],"metric":"Errors","statistic":"Sum","period":300}`, int64(0), int64(3600))
	f.Add("", `{"queryType":"metrics","period":-1}`, int64(10), int64(5))
	f.Add("tarot", `{`, int64(0), int64(0))
	f.Add("logs", `{"insights":"filter @message like /a|b/ | sort @timestamp asc | limit 5","search":"/x/"}`, int64(0), int64(600))
	f.Add("metrics", `{"names":null,"period":1e30}`, int64(-1), int64(1<<40))
	f.Fuzz(func(t *testing.T, kind, jsonModel string, fromSec, toSec int64) {
		dq := backend.DataQuery{
			RefID:     "A",
			QueryType: kind,
			JSON:      []byte(jsonModel),
			TimeRange: backend.TimeRange{From: time.Unix(fromSec, 0), To: time.Unix(toSec, 0)},
		}
		q, err := Parse(dq)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("rejected with an empty message")
			}
			return
		}
		if q.Kind == KindLogs && (q.Limit < 1 || q.Limit > 10000) {
			t.Fatalf("accepted log limit %d", q.Limit)
		}
		if !q.From.Before(q.To) || q.To.Sub(q.From) > MaxRange {
			t.Fatalf("accepted a bad range %s..%s", q.From, q.To)
		}
		if p := q.PeriodSeconds; p < 0 || p%60 != 0 {
			t.Fatalf("accepted period %d", p)
		}
		if q.EffectivePeriod(q.To) <= 0 {
			t.Fatal("effective period is not positive")
		}
	})
}
