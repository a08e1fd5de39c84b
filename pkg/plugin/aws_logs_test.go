package plugin

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	sdklogs "github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	logstypes "github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"
	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/seed/serverless/pkg/cloudwatchlogs/logsfake"
	"github.com/seed/serverless/pkg/demo"
	"github.com/seed/serverless/pkg/frames"
	"github.com/seed/serverless/pkg/model"
	"github.com/seed/serverless/pkg/query"
	"github.com/seed/serverless/pkg/query/querytest"
)

// logsWindow holds the booking API's database incident (errors) and the bad deploy of
// OrderProcessorFunction (cold starts).
var logsWindow = backend.TimeRange{From: dayStart.Add(2*time.Hour + 41*time.Minute), To: dayStart.Add(2*time.Hour + 43*time.Minute)}

// demoLinesInFake stores every line the demo estate logs in the window in a local CloudWatch
// Logs, each function in its region's /aws/lambda/<name> log group, at CloudWatch's millisecond
// precision; it returns the lines as stored.
func demoLinesInFake(t *testing.T, estate *demo.Estate, fake *logsfake.Fake) []model.LogLine {
	t.Helper()
	var names []string
	for _, r := range estate.Resources(model.KindLambda) {
		names = append(names, r.Name)
	}
	lines, err := estate.Logs(demo.LogQuery{Functions: names, From: logsWindow.From, To: logsWindow.To, Limit: model.MaxLogLines})
	if err != nil {
		t.Fatal(err)
	}
	if len(lines) == model.MaxLogLines {
		t.Fatalf("the window holds more than %d lines; shorten it", model.MaxLogLines)
	}
	for i := range lines {
		l := &lines[i]
		l.Time = l.Time.Truncate(time.Millisecond)
		fake.Add(l.Region, l.LogGroup, logsfake.Event{Time: l.Time, Stream: l.LogStream, Message: l.Message})
	}
	return lines
}

// rows is a logs frame's rows as JSON, sorted, with the trace id apart: AWS mode knows a
// request's trace id only from the lines that carry it.
func rows(t *testing.T, f *data.Frame) (rows []string, traces map[string]string) {
	t.Helper()
	traces = map[string]string{}
	n, _ := f.RowLen()
	for i := range n {
		row := map[string]any{}
		for _, field := range f.Fields {
			if field.Name == "traceId" {
				continue
			}
			if v, ok := field.ConcreteAt(i); ok {
				row[field.Name] = v
			}
		}
		b, _ := json.Marshal(row)
		rows = append(rows, string(b))
		if id, _ := f.FieldByName("id"); id != nil {
			traceField, _ := f.FieldByName("traceId")
			traces[id.At(i).(string)] = traceField.At(i).(string)
		}
	}
	slices.Sort(rows)
	return rows, traces
}

func TestAWSModeAnswersLogsQueriesWithTheFramesOfDemoMode(t *testing.T) {
	fake := logsfake.New(logsfake.Options{RunningPolls: 2})
	t.Cleanup(fake.Close)
	stored := demoLinesInFake(t, demo.New(demo.Options{}), fake)
	awsDS, _ := newAWSDatasource(t, awsTestOptions{logs: fake})
	valid, _ := querytest.Examples(t)
	compared := 0
	for _, ex := range valid {
		var m query.Model
		_ = json.Unmarshal(ex.Query, &m)
		if m.QueryType != string(query.KindLogs) {
			continue
		}
		t.Run(ex.Name, func(t *testing.T) {
			dq := backend.DataQuery{RefID: "A", JSON: ex.Query, TimeRange: logsWindow}
			q, err := query.Parse(dq)
			if err != nil {
				t.Fatal(err)
			}
			// Demo mode's answer over the lines as stored (millisecond times).
			want := frames.Logs(q, demoAnswer(t, q, stored), q.Limit)
			res, _ := awsDS.QueryData(context.Background(), &backend.QueryDataRequest{Queries: []backend.DataQuery{dq}})
			got := res.Responses["A"]
			if got.Error != nil {
				t.Fatal(got.Error)
			}
			if len(got.Frames) != 1 || got.Frames[0].Name != want[0].Name {
				t.Fatalf("frames %v", got.Frames)
			}
			g, w := got.Frames[0], want[0]
			if g.Meta.Type != w.Meta.Type || g.Meta.PreferredVisualization != w.Meta.PreferredVisualization || len(g.Fields) != len(w.Fields) {
				t.Fatalf("frame shape differs: %+v vs %+v", g.Meta, w.Meta)
			}
			for i := range g.Fields {
				if g.Fields[i].Name != w.Fields[i].Name || g.Fields[i].Type() != w.Fields[i].Type() {
					t.Fatalf("field %d: %s %s, demo %s %s", i, g.Fields[i].Name, g.Fields[i].Type(), w.Fields[i].Name, w.Fields[i].Type())
				}
			}
			gotRows, gotTraces := rows(t, g)
			wantRows, wantTraces := rows(t, w)
			if len(wantRows) == 0 {
				t.Fatal("demo mode has no lines in the window; the comparison would prove nothing")
			}
			if !slices.Equal(gotRows, wantRows) {
				for i := range min(len(gotRows), len(wantRows)) {
					if gotRows[i] != wantRows[i] {
						t.Fatalf("%d rows, demo %d; first difference:\naws  %.600s\ndemo %.600s", len(gotRows), len(wantRows), gotRows[i], wantRows[i])
					}
				}
				t.Fatalf("%d rows, demo %d", len(gotRows), len(wantRows))
			}
			withTrace := 0
			for id, trace := range gotTraces {
				if trace != "" {
					withTrace++
					if trace != wantTraces[id] {
						t.Fatalf("line %s: trace %q, demo %q", id, trace, wantTraces[id])
					}
				}
			}
			if m.Preset == query.PresetErrors && withTrace == 0 {
				t.Fatal("no error line carries a trace id")
			}
			if g.Name == "logs" {
				times, _ := g.FieldByName("timestamp")
				for i := 1; i < times.Len(); i++ {
					a, b := times.At(i-1).(time.Time), times.At(i).(time.Time)
					if q.OldestFirst && a.After(b) || !q.OldestFirst && a.Before(b) {
						t.Fatalf("lines out of order at %d: %s then %s", i, a, b)
					}
				}
			}
			compared++
		})
	}
	if compared != 4 {
		t.Fatalf("compared %d logs examples, want 4", compared)
	}
	s := fake.Stats()
	if s.Calls["StartQuery"] == 0 || s.Calls["GetQueryResults"] < 3*s.Calls["StartQuery"] {
		t.Fatalf("fake calls %v: every query should have been polled while running", s.Calls)
	}
}

// demoAnswer is what demo mode answers to q over the stored lines.
func demoAnswer(t *testing.T, q query.Query, stored []model.LogLine) []model.LogLine {
	t.Helper()
	lq := demo.LogQuery{Functions: q.Names, From: q.From, To: q.To, Limit: model.MaxLogLines, Filter: q.LogFilter(), Match: q.SearchMatch, OldestFirst: q.OldestFirst}
	lines, err := demo.New(demo.Options{}).Logs(lq)
	if err != nil {
		t.Fatal(err)
	}
	// The same lines, at the precision they were stored with, ordered as AWS mode orders them.
	byKey := map[string]model.LogLine{}
	for _, l := range stored {
		byKey[l.RequestID+" "+string(l.Type)+" "+l.Message] = l
	}
	out := make([]model.LogLine, 0, len(lines))
	for _, l := range lines {
		// Demo mode shows every line of the calls that started in the range; CloudWatch Logs
		// reads the lines written in it.
		if !l.Time.Before(q.To) {
			continue
		}
		s, ok := byKey[l.RequestID+" "+string(l.Type)+" "+l.Message]
		if !ok {
			t.Fatalf("demo line not stored: %s", l.Message)
		}
		out = append(out, s)
	}
	slices.SortStableFunc(out, func(a, b model.LogLine) int {
		if q.OldestFirst {
			return a.Time.Compare(b.Time)
		}
		return b.Time.Compare(a.Time)
	})
	if q.Preset != query.PresetTopErrors && len(out) > q.Limit {
		out = out[:q.Limit]
	}
	return out
}

// motoLogLines are what two functions log: one in Lambda's text format (a cold call that fails,
// a warm one that succeeds), one in its JSON format (a cold call that fails, traced).
func putMotoLogs(t *testing.T, d *Datasource, region string, at time.Time) {
	t.Helper()
	ctx := context.Background()
	cfg, err := d.connection().Config(ctx, region)
	if err != nil {
		t.Fatal(err)
	}
	client := sdklogs.NewFromConfig(cfg)
	const a, b, c = "6f1c9d2e-1a2b-4c3d-8e4f-5a6b7c8d9e01", "6f1c9d2e-1a2b-4c3d-8e4f-5a6b7c8d9e02", "6f1c9d2e-1a2b-4c3d-8e4f-5a6b7c8d9e03"
	const traceA, traceC = "1-6afd103d-0eb1f27620a7e909c09bddfd", "1-6afd103e-1eb1f27620a7e909c09bddfe"
	ms := func(n int) time.Time { return at.Add(time.Duration(n) * time.Millisecond) }
	iso := func(n int) string { return ms(n).Format("2006-01-02T15:04:05.000Z") }
	groups := map[string][]struct {
		t       time.Time
		message string
	}{
		"checkout-api": {
			{ms(0), "START RequestId: " + a + " Version: $LATEST"},
			{ms(5), `{"timestamp":"` + iso(5) + `","level":"INFO","requestId":"` + a + `","traceId":"` + traceA + `","message":"order received"}`},
			{ms(700), iso(700) + "\t" + a + "\tERROR\tconnection refused by payments-db"},
			{ms(812), "END RequestId: " + a},
			{ms(813), "REPORT RequestId: " + a + "\tDuration: 812.45 ms\tBilled Duration: 813 ms\tMemory Size: 512 MB\tMax Memory Used: 143 MB\tInit Duration: 401.27 ms\t"},
			{ms(2000), "START RequestId: " + b + " Version: $LATEST"},
			{ms(2003), iso(2003) + "\t" + b + "\tINFO\torder stored"},
			{ms(2010), "END RequestId: " + b},
			{ms(2011), "REPORT RequestId: " + b + "\tDuration: 10.20 ms\tBilled Duration: 11 ms\tMemory Size: 512 MB\tMax Memory Used: 150 MB\t"},
		},
		"ledger-json": {
			{ms(100), `{"time":"` + iso(100) + `","type":"platform.start","record":{"requestId":"` + c + `","version":"$LATEST"}}`},
			{ms(300), `{"timestamp":"` + iso(300) + `","level":"ERROR","requestId":"` + c + `","message":"connection refused"}`},
			{ms(350), `{"time":"` + iso(350) + `","type":"platform.report","record":{"requestId":"` + c + `","metrics":{"durationMs":250.5,"billedDurationMs":251,"memorySizeMB":256,"maxMemoryUsedMB":99,"initDurationMs":180.25},"tracing":{"type":"X-Amzn-Trace-Id","value":"Root=` + traceC + `;Parent=1a2b3c4d5e6f7a8b;Sampled=1"},"status":"success"}}`},
		},
	}
	for function, lines := range groups {
		group := "/aws/lambda/" + function
		if _, err := client.CreateLogGroup(ctx, &sdklogs.CreateLogGroupInput{LogGroupName: aws.String(group)}); err != nil {
			t.Fatal(err)
		}
		stream := at.Format("2006/01/02") + "/[$LATEST]0123456789abcdef"
		if _, err := client.CreateLogStream(ctx, &sdklogs.CreateLogStreamInput{LogGroupName: aws.String(group), LogStreamName: aws.String(stream)}); err != nil {
			t.Fatal(err)
		}
		var events []logstypes.InputLogEvent
		for _, l := range lines {
			events = append(events, logstypes.InputLogEvent{Timestamp: aws.Int64(l.t.UnixMilli()), Message: aws.String(l.message)})
		}
		if _, err := client.PutLogEvents(ctx, &sdklogs.PutLogEventsInput{LogGroupName: aws.String(group), LogStreamName: aws.String(stream), LogEvents: events}); err != nil {
			t.Fatal(err)
		}
	}
}

// column reads a logs frame's column as strings, for comparisons.
func column(t *testing.T, f *data.Frame, name string) []string {
	t.Helper()
	field, _ := f.FieldByName(name)
	if field == nil {
		t.Fatalf("no field %s", name)
	}
	out := make([]string, field.Len())
	for i := range out {
		if v, ok := field.ConcreteAt(i); ok {
			out[i] = fmt.Sprint(v)
		}
	}
	return out
}

func TestAWSModeReadsLambdaLogsFromMoto(t *testing.T) {
	url := startMoto(t)
	d := newMotoDatasource(t, url, "us-east-1")
	at := time.Now().UTC().Add(-10 * time.Minute).Truncate(time.Second)
	putMotoLogs(t, d, "us-east-1", at)
	window := backend.TimeRange{From: at.Add(-time.Minute), To: at.Add(time.Minute)}
	run := func(model string) backend.DataResponse {
		t.Helper()
		res, _ := d.QueryData(context.Background(), &backend.QueryDataRequest{Queries: []backend.DataQuery{{RefID: "A", TimeRange: window, JSON: []byte(model)}}})
		return res.Responses["A"]
	}

	// Every line, through Logs Insights (moto runs fields, sort and limit).
	r := run(`{"queryType":"logs","names":["checkout-api","ledger-json"]}`)
	if r.Error != nil || len(r.Frames) != 1 {
		t.Fatalf("%v %d frames", r.Error, len(r.Frames))
	}
	f := r.Frames[0]
	if n, _ := f.RowLen(); n != 12 {
		t.Fatalf("%d lines, want 12", n)
	}
	if custom := f.Meta.Custom.(map[string]any)["cloudwatchLogs"].(map[string]any); custom["insightsQueries"] != 1 || custom["filterLogEventsCalls"] != 0 {
		t.Fatalf("figures %v", custom)
	}
	body, severity, function := column(t, f, "body"), column(t, f, "severity"), column(t, f, "function")
	requestID, traceID := column(t, f, "requestId"), column(t, f, "traceId")
	duration, billed, memory, initDuration := column(t, f, "durationMs"), column(t, f, "billedDurationMs"), column(t, f, "maxMemoryUsedMB"), column(t, f, "initDurationMs")
	// Newest first: the warm call's REPORT, ..., the first START.
	if !strings.HasPrefix(body[0], "REPORT RequestId: 6f1c9d2e-1a2b-4c3d-8e4f-5a6b7c8d9e02") || !strings.HasPrefix(body[11], "START RequestId: 6f1c9d2e-1a2b-4c3d-8e4f-5a6b7c8d9e01") {
		t.Fatalf("order: first %q, last %q", body[0], body[11])
	}
	wantRows := map[string][]string{
		// body prefix: function, severity, requestId, traceId, duration, billed, max memory, init
		"REPORT RequestId: 6f1c9d2e-1a2b-4c3d-8e4f-5a6b7c8d9e01":                                                          {"checkout-api", "info", "6f1c9d2e-1a2b-4c3d-8e4f-5a6b7c8d9e01", "1-6afd103d-0eb1f27620a7e909c09bddfd", "812.45", "813", "143", "401.27"},
		"REPORT RequestId: 6f1c9d2e-1a2b-4c3d-8e4f-5a6b7c8d9e02":                                                          {"checkout-api", "info", "6f1c9d2e-1a2b-4c3d-8e4f-5a6b7c8d9e02", "", "10.2", "11", "150", ""},
		at.Add(700*time.Millisecond).Format("2006-01-02T15:04:05.000Z") + "\t6f1c9d2e-1a2b-4c3d-8e4f-5a6b7c8d9e01\tERROR": {"checkout-api", "error", "6f1c9d2e-1a2b-4c3d-8e4f-5a6b7c8d9e01", "1-6afd103d-0eb1f27620a7e909c09bddfd", "", "", "", ""},
		`{"time":"` + at.Add(350*time.Millisecond).Format("2006-01-02T15:04:05.000Z") + `","type":"platform.report"`:      {"ledger-json", "info", "6f1c9d2e-1a2b-4c3d-8e4f-5a6b7c8d9e03", "1-6afd103e-1eb1f27620a7e909c09bddfe", "250.5", "251", "99", "180.25"},
		`{"timestamp":"` + at.Add(300*time.Millisecond).Format("2006-01-02T15:04:05.000Z") + `","level":"ERROR"`:          {"ledger-json", "error", "6f1c9d2e-1a2b-4c3d-8e4f-5a6b7c8d9e03", "1-6afd103e-1eb1f27620a7e909c09bddfe", "", "", "", ""},
	}
	for prefix, want := range wantRows {
		found := false
		for i := range body {
			if strings.HasPrefix(body[i], prefix) {
				found = true
				got := []string{function[i], severity[i], requestID[i], traceID[i], duration[i], billed[i], memory[i], initDuration[i]}
				if !slices.Equal(got, want) {
					t.Errorf("line %q:\n got %q\nwant %q", prefix, got, want)
				}
			}
		}
		if !found {
			t.Errorf("no line starts with %q", prefix)
		}
	}

	// A plain text search reads FilterLogEvents.
	r = run(`{"queryType":"logs","search":"connection refused"}`)
	if r.Error != nil || len(r.Frames) != 1 {
		t.Fatalf("%v %d frames", r.Error, len(r.Frames))
	}
	body = column(t, r.Frames[0], "body")
	if len(body) != 2 || !strings.Contains(body[0], "connection refused by payments-db") || !strings.Contains(body[1], `"message":"connection refused"`) {
		t.Fatalf("search found %q", body)
	}
	if custom := r.Frames[0].Meta.Custom.(map[string]any)["cloudwatchLogs"].(map[string]any); custom["insightsQueries"] != 0 || custom["filterLogEventsCalls"] != 2 {
		t.Fatalf("figures %v", custom)
	}

	// A function without a log group is the query's error, not an empty answer.
	r = run(`{"queryType":"logs","names":["ghost"]}`)
	if r.Status != backend.StatusBadRequest || r.Error == nil || !strings.Contains(r.Error.Error(), "no log group /aws/lambda/ghost in us-east-1") {
		t.Fatalf("%d %v", r.Status, r.Error)
	}
}

func TestALogsQueryWhoseCallerGivesUpIsStopped(t *testing.T) {
	fake := logsfake.New(logsfake.Options{Hold: true})
	t.Cleanup(fake.Close)
	fake.Add("us-east-1", "/aws/lambda/checkout-api", logsfake.Event{Time: logsWindow.From.Add(time.Second), Stream: "s", Message: "START RequestId: x Version: $LATEST"})
	d, _ := newAWSDatasource(t, awsTestOptions{logs: fake})
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	res, _ := d.QueryData(ctx, &backend.QueryDataRequest{Queries: []backend.DataQuery{
		{RefID: "L", TimeRange: logsWindow, JSON: []byte(`{"queryType":"logs","names":["checkout-api"],"preset":"errors"}`)},
		{RefID: "M", TimeRange: logsWindow, JSON: []byte(`{"queryType":"metrics","resourceKind":"lambda","names":["ledger-writer"],"metric":"Errors","statistic":"Sum","period":60}`)},
	}})
	if r := res.Responses["L"]; r.Status != backend.StatusTimeout || r.Error == nil || !strings.Contains(r.Error.Error(), "deadline exceeded") {
		t.Fatalf("logs: status %d, error %v", r.Status, r.Error)
	}
	// The metrics query of the same request still answers.
	if r := res.Responses["M"]; r.Error != nil || len(r.Frames) != 1 {
		t.Fatalf("metrics: %v", r.Error)
	}
	if s := fake.Stats(); s.Calls["StartQuery"] != 1 || len(s.Stopped) != 1 {
		t.Fatalf("started %d queries, stopped %v", s.Calls["StartQuery"], s.Stopped)
	}
}
