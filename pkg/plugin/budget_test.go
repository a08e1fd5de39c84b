package plugin

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/seed/serverless/pkg/cloudwatch/cwfake"
)

// The numbered cases of issue #14, each bounded here in-process; e2e/abuse asserts the same on
// the built binary with its time and memory.

func request(queries ...backend.DataQuery) *backend.QueryDataRequest {
	return &backend.QueryDataRequest{Queries: queries}
}

func rangedQuery(refID, kind string, span time.Duration, model string) backend.DataQuery {
	return backend.DataQuery{RefID: refID, QueryType: kind, MaxDataPoints: 1000, Interval: time.Minute,
		TimeRange: backend.TimeRange{From: hourStart.Add(-span), To: hourStart}, JSON: []byte(model)}
}

func errorSays(t *testing.T, res *backend.QueryDataResponse, refID string, words ...string) {
	t.Helper()
	r, ok := res.Responses[refID]
	if !ok {
		t.Fatalf("no answer for %s", refID)
	}
	if r.Error == nil {
		t.Fatalf("%s answered %d frames, want an error", refID, len(r.Frames))
	}
	for _, w := range words {
		if !strings.Contains(r.Error.Error(), w) {
			t.Fatalf("%s: error %q does not say %q", refID, r.Error, w)
		}
	}
}

// Case 1: every function over 70 days at 60 s is refused before any series is computed.
func TestMetricsOverTheDatapointBudgetAreRefused(t *testing.T) {
	d := newTestDatasource(t, `{}`)
	begin := time.Now()
	res, err := d.QueryData(context.Background(), request(rangedQuery("A", "metrics", 70*24*time.Hour,
		`{"resourceKind":"lambda","metric":"Invocations","statistic":"Sum","period":60}`)))
	if err != nil {
		t.Fatal(err)
	}
	errorSays(t, res, "A", "too many datapoints for one query", "1000000", "shorter time range", "larger period", "fewer functions")
	if took := time.Since(begin); took > time.Second {
		t.Fatalf("refused after %s: the series were computed first", took)
	}
	// The same query over one day is answered.
	res, _ = d.QueryData(context.Background(), request(rangedQuery("A", "metrics", 24*time.Hour,
		`{"resourceKind":"lambda","metric":"Invocations","statistic":"Sum","period":60}`)))
	if r := res.Responses["A"]; r.Error != nil || len(r.Frames) == 0 {
		t.Fatalf("one day: %v", r.Error)
	}
}

// Case 1, across queries: the request's datapoints are shared.
func TestMetricsOverTheRequestsDatapointBudgetAreRefused(t *testing.T) {
	d := newTestDatasource(t, `{}`)
	var queries []backend.DataQuery
	// Ten series of 100,802 points at most: under a query's budget, five of them fill the request's.
	for i := range 6 {
		queries = append(queries, rangedQuery(fmt.Sprintf("Q%d", i), "metrics", 69*24*time.Hour,
			`{"resourceKind":"lambda","metric":"Invocations","statistic":"Sum","period":60}`))
	}
	res, _ := d.QueryData(context.Background(), request(queries...))
	for i := range 4 {
		if r := res.Responses[fmt.Sprintf("Q%d", i)]; r.Error != nil {
			t.Fatalf("Q%d: %v", i, r.Error)
		}
	}
	errorSays(t, res, "Q5", "too many datapoints for one request", "5000000")
}

// Case 2: past MaxQueriesPerRequest queries, and past the request's log lines, queries fail their
// own refId; the others are answered.
func TestRequestsAreBounded(t *testing.T) {
	d := newTestDatasource(t, `{}`)
	var queries []backend.DataQuery
	for i := range 120 {
		queries = append(queries, rangedQuery(fmt.Sprintf("Q%d", i), "logs", time.Hour, `{"queryType":"logs","limit":10}`))
	}
	res, _ := d.QueryData(context.Background(), request(queries...))
	if len(res.Responses) != len(queries) {
		t.Fatalf("%d answers for %d queries", len(res.Responses), len(queries))
	}
	if r := res.Responses["Q99"]; r.Error != nil || len(r.Frames) == 0 {
		t.Fatalf("Q99: %v", r.Error)
	}
	errorSays(t, res, "Q100", "too many queries in one request", "120 asked for, at most 100", "split")

	queries = queries[:0]
	for i := range 8 {
		queries = append(queries, rangedQuery(fmt.Sprintf("L%d", i), "logs", time.Hour, `{"queryType":"logs","limit":10000}`))
	}
	res, _ = d.QueryData(context.Background(), request(queries...))
	if r := res.Responses["L4"]; r.Error != nil {
		t.Fatalf("L4: %v", r.Error)
	}
	errorSays(t, res, "L5", "too many log lines for one request", "60000 asked for, at most 50000", "lower the queries' limits")
}

// Case 4: a search that matches nothing stops at the request's deadline, and says so.
func TestDemoLogScanStopsAtTheDeadline(t *testing.T) {
	d := newTestDatasource(t, `{}`)
	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	begin := time.Now()
	res, err := d.QueryData(ctx, request(rangedQuery("A", "logs", 7*24*time.Hour, `{"queryType":"logs","search":"no line says this","limit":10}`)))
	if err != nil {
		t.Fatal(err)
	}
	if took := time.Since(begin); took > time.Second {
		t.Fatalf("answered after %s, past the request's 500 ms deadline", took)
	}
	errorSays(t, res, "A", "ran past its deadline", "minutes of logs scanned")
	if s := res.Responses["A"].Status; s != backend.StatusTimeout {
		t.Fatalf("status %d, want %d", s, backend.StatusTimeout)
	}
}

// Case 5: AWS mode's queries stop at their deadline, retries included, and say how long they
// ran and how many attempts they made.
func TestAWSModeQueriesHaveADeadline(t *testing.T) {
	d, _ := newAWSDatasource(t, awsTestOptions{fake: cwfake.Options{Latency: 5 * time.Second}, attempts: 5})
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	begin := time.Now()
	res, err := d.QueryData(ctx, request(metricsQuery("A", `{"resourceKind":"lambda","names":["payments-initializer"],"metric":"Invocations","statistic":"Sum","period":300}`)))
	if err != nil {
		t.Fatal(err)
	}
	if took := time.Since(begin); took > 2*time.Second {
		t.Fatalf("answered after %s, past the request's 2 s deadline", took)
	}
	errorSays(t, res, "A", "ran past its deadline of 1.6 s", "attempts sent to CloudWatch")
	if s := res.Responses["A"].Status; s != backend.StatusTimeout {
		t.Fatalf("status %d, want %d", s, backend.StatusTimeout)
	}
}

// Case 6: a long label repeated on every series fails the query instead of amplifying the answer.
func TestAnswersDoNotAmplifyLabels(t *testing.T) {
	d := newTestDatasource(t, `{}`)
	label := strings.Repeat("L", 200_000)
	res, _ := d.QueryData(context.Background(), request(metricsQuery("A",
		`{"resourceKind":"lambda","metric":"Invocations","statistic":"Sum","period":300,"label":"`+label+`"}`)))
	r := res.Responses["A"]
	if r.Error == nil || len(r.Frames) != 0 {
		t.Fatalf("a 200 KB label on every function: %d frames, error %v", len(r.Frames), r.Error)
	}
	if len(r.Error.Error()) > 1024 {
		t.Fatalf("the error repeats the input: %d bytes", len(r.Error.Error()))
	}
}

// Case 6: a 404 quotes a short prefix of the path, not the whole of it.
func TestNotFoundQuotesAShortPrefix(t *testing.T) {
	d := newTestDatasource(t, `{}`)
	path := strings.Repeat("p", 1<<20)
	var sent *backend.CallResourceResponse
	err := d.CallResource(context.Background(), &backend.CallResourceRequest{Method: "GET", Path: path, URL: "/" + path},
		backend.CallResourceResponseSenderFunc(func(r *backend.CallResourceResponse) error { sent = r; return nil }))
	if err != nil {
		t.Fatal(err)
	}
	if sent == nil || sent.Status != http.StatusNotFound {
		t.Fatalf("a 1 MB path: %+v, want a 404", sent)
	}
	if len(sent.Body) > 300 || !strings.Contains(string(sent.Body), "(1048577 bytes)") {
		t.Fatalf("404 for a 1 MB path: %d bytes: %.300s", len(sent.Body), sent.Body)
	}
}

// Case 8: the inventory of one function among 20,000 computes only that function.
func TestInventoryOfOneFunctionComputesOnlyIt(t *testing.T) {
	if testing.Short() {
		t.Skip("builds an estate of 20,000 functions")
	}
	d := newTestDatasource(t, `{"demoFunctions":20000}`)
	begin := time.Now()
	res, _ := d.QueryData(context.Background(), request(rangedQuery("A", "inventory", 31*24*time.Hour,
		`{"queryType":"inventory","names":["payments-initializer"]}`)))
	took := time.Since(begin)
	r := res.Responses["A"]
	if r.Error != nil || len(r.Frames) != 1 || r.Frames[0].Rows() != 1 {
		t.Fatalf("inventory of one function: %v", r.Error)
	}
	if took > 2*time.Second {
		t.Fatalf("the inventory of one function took %s: every function was computed", took)
	}
}
