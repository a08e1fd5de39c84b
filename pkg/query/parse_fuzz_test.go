package query

import (
	"strings"
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
	f.Add("metrics", `{"resourceKind":"lambda","metric":"Errors","statistic":"Sum","period":540431955284459580}`, int64(0), int64(3600))
	f.Add("logs", `{"search":"/x/ | stats count(@message) as n by @log | filter @message like /y/"}`, int64(0), int64(600))
	f.Add("logs", `{"search":"/a\\/b[/\"]#\n/","preset":"errors"}`, int64(0), int64(600))
	f.Add("logs", "{\"insights\":\"filter @message like /a/ and `\\\"` | stats count(*) | filter @message like 'b'\"}", int64(0), int64(600))
	f.Add("logs", `{"insights":"filter @message not like \"a\\\"|b\" # c\n| filter @type != 'END' | sort @timestamp asc"}`, int64(0), int64(600))
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
			if len(err.Error()) > 1024 {
				t.Fatalf("a %d-byte message: %.200s…", len(err.Error()), err)
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
		if p := q.EffectivePeriod(q.To); p <= 0 || p > MaxPeriod {
			t.Fatalf("effective period %s", p)
		}
		if q.Kind == KindLogs {
			checkInsightsCommands(t, q)
		}
	})
}

// checkInsightsCommands: every filter command built from a logs query's search and Insights text
// reads back, through the tokenizer, as that one command and nothing more, so nothing the user
// wrote can end it or add another.
func checkInsightsCommands(t *testing.T, q Query) {
	t.Helper()
	iq, err := ParseInsights(q.Insights)
	if err != nil {
		t.Fatalf("accepted insights that do not parse: %v", err)
	}
	commands := iq.Filters
	if q.Search != "" {
		search, match, err := SearchFilter(q.Search)
		if err != nil {
			t.Fatalf("accepted a search that does not translate: %v", err)
		}
		commands = append(commands, search)
		// The command, as the logs fake reads it, keeps the same lines as demo mode's matcher.
		again, _ := ParseInsights(search)
		for _, line := range []string{q.Search, strings.Trim(q.Search, "/"), "a " + q.Search + "\n", ""} {
			if again.Match != nil && again.Match(line) != match(line) {
				t.Fatalf("search %q: %q matches %q differently", q.Search, search, line)
			}
		}
	}
	for _, c := range commands {
		again, err := ParseInsights(c)
		if err != nil || len(again.Filters) != 1 || again.Filters[0] != c {
			t.Fatalf("the command %q does not read back as itself: %v %q", c, err, again.Filters)
		}
		if strings.ContainsAny(c, "\n\r`") {
			t.Fatalf("the command %q holds a newline or a backtick", c)
		}
	}
}

// FuzzInsightsText feeds any search and any Insights text to the builders of AWS mode's query:
// each is refused, or gives filter commands that read back as themselves, hold no newline or
// backtick, and keep the lines demo mode keeps.
func FuzzInsightsText(f *testing.F) {
	f.Add("/x/ | stats count(@message) as n by @log | filter @message like /y/", "filter @message like /a/ and `\"` | stats count(*)")
	f.Add("/a\\/b[/\"]#\t\u2028/", "fields @message # c\n| filter @message not like 'say \\\"hi\\\"' | filter @type != \"START\" | sort @timestamp asc | limit 5")
	f.Add("a\n| display @log `x` \"q\" \\", "filter @message like \"a\n|b\" | filter @message like /[/]\\//")
	f.Fuzz(func(t *testing.T, search, insights string) {
		q := Query{Kind: KindLogs, Model: Model{Search: search, Insights: insights}}
		if _, _, err := SearchFilter(search); err != nil {
			q.Search = ""
		}
		if _, err := ParseInsights(insights); err != nil {
			q.Insights = ""
		}
		checkInsightsCommands(t, q)
	})
}
