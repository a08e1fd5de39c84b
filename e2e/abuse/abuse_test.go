//go:build e2e

// Package abuse drives the built data source binary (through e2e/pluginhost, as Grafana does)
// with the queries of issue #14 that once exhausted its memory or time: each case must answer
// within a time bound, with the plugin process's peak RSS under a limit, and the process must keep
// serving afterwards. Every case starts its own plugin process, so its peak is its own.
//
// ABUSE_RSS_LIMIT_MB overrides the RSS limit (1024 MB): a process above it is killed at once, so
// a run against an unbounded binary stays safe. Each case logs one "figures:" line (time, peak
// RSS, answer size) for before/after comparisons; PLUGIN_BINARY picks the binary.
package abuse

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/genproto/pluginv2"
	"google.golang.org/protobuf/proto"

	"github.com/seed/serverless/e2e/pluginhost"
)

// end is the end of every range the cases ask for.
var end = time.Date(2026, 11, 20, 14, 0, 0, 0, time.UTC)

func rangeOf(d time.Duration) *pluginv2.TimeRange {
	return &pluginv2.TimeRange{FromEpochMS: end.Add(-d).UnixMilli(), ToEpochMS: end.UnixMilli()}
}

func rssLimitKB() int64 {
	if v, err := strconv.ParseInt(os.Getenv("ABUSE_RSS_LIMIT_MB"), 10, 64); err == nil && v > 0 {
		return v * 1024
	}
	return 1024 * 1024
}

// plugin is one plugin process under watch: its RSS is sampled every 20 ms and the process is
// killed as soon as it passes the limit.
type plugin struct {
	*pluginhost.Host
	t       testing.TB
	limitKB int64
	peakKB  atomic.Int64
	killed  atomic.Bool
	stop    chan struct{}
	done    sync.WaitGroup
}

func start(t testing.TB) *plugin {
	t.Helper()
	host, err := pluginhost.Start(pluginhost.BinaryPath())
	if err != nil {
		t.Fatal(err)
	}
	p := &plugin{Host: host, t: t, limitKB: rssLimitKB(), stop: make(chan struct{})}
	p.done.Add(1)
	go p.watch()
	t.Cleanup(func() {
		close(p.stop)
		p.done.Wait()
		host.Kill()
	})
	return p
}

func (p *plugin) watch() {
	defer p.done.Done()
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-p.stop:
			return
		case <-tick.C:
		}
		rss, hwm := p.memory()
		if hwm > p.peakKB.Load() {
			p.peakKB.Store(hwm)
		}
		if rss > p.limitKB && !p.killed.Load() {
			p.killed.Store(true)
			p.Kill()
			return
		}
	}
}

// memory is the process's resident set and its high-water mark, in kB.
func (p *plugin) memory() (rss, hwm int64) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", p.Pid()))
	if err != nil {
		return 0, 0
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		fields := strings.Fields(s.Text())
		if len(fields) < 2 {
			continue
		}
		v, _ := strconv.ParseInt(fields[1], 10, 64)
		switch fields[0] {
		case "VmRSS:":
			rss = v
		case "VmHWM:":
			hwm = v
		}
	}
	return rss, max(rss, hwm)
}

// cpuTicks is the process's user and system time so far, in clock ticks (1/100 s).
func (p *plugin) cpuTicks() int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", p.Pid()))
	if err != nil {
		return 0
	}
	s := string(b)
	fields := strings.Fields(s[strings.LastIndexByte(s, ')')+2:])
	utime, _ := strconv.ParseInt(fields[11], 10, 64)
	stime, _ := strconv.ParseInt(fields[12], 10, 64)
	return utime + stime
}

func (p *plugin) peakMB() int64 {
	_, hwm := p.memory()
	return max(hwm, p.peakKB.Load()) / 1024
}

// query sends one request under a deadline, as Grafana would.
func (p *plugin) query(timeout time.Duration, pc *pluginv2.PluginContext, queries ...*pluginv2.DataQuery) (*pluginv2.QueryDataResponse, error) {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	return p.Data.QueryData(ctx, &pluginv2.QueryDataRequest{PluginContext: pc, Queries: queries})
}

// figures logs the case's time, peak RSS and answer size and checks the bounds every case shares:
// the answer came in time, the process stayed under the RSS limit and still serves.
func (p *plugin) figures(name string, took, bound time.Duration, answerBytes int) {
	p.t.Helper()
	peak := p.peakMB()
	p.t.Logf("figures: %s: %.1f s, peak RSS %d MB, answer %d bytes", name, took.Seconds(), peak, answerBytes)
	if p.killed.Load() {
		p.t.Fatalf("%s: the plugin passed the RSS limit of %d MB and was killed", name, p.limitKB/1024)
	}
	if took > bound {
		p.t.Errorf("%s: answered in %s, want within %s", name, took, bound)
	}
	if peak*1024 > p.limitKB {
		p.t.Errorf("%s: peak RSS %d MB, want under %d MB", name, peak, p.limitKB/1024)
	}
	p.stillServes()
}

// stillServes asks for one small metrics series and wants it answered.
func (p *plugin) stillServes() {
	p.t.Helper()
	if p.Exited() {
		p.t.Fatal("the plugin process has exited")
	}
	res, err := p.query(20*time.Second, demoContext(0), metrics("OK", time.Hour,
		`{"resourceKind":"lambda","names":["payments-initializer"],"metric":"Invocations","statistic":"Sum","period":300}`))
	if err != nil {
		p.t.Fatalf("the plugin no longer serves: %v", err)
	}
	if r := res.Responses["OK"]; r == nil || r.Error != "" || len(r.Frames) == 0 {
		p.t.Fatalf("the plugin no longer answers a small query: %+v", r)
	}
}

func demoContext(functions int) *pluginv2.PluginContext {
	return pluginContext(fmt.Sprintf("demo-%d", functions), fmt.Sprintf(`{"mode":"demo","demoFunctions":%d}`, functions), nil)
}

func pluginContext(uid, jsonData string, secure map[string]string) *pluginv2.PluginContext {
	return &pluginv2.PluginContext{OrgId: 1, PluginId: pluginhost.PluginID,
		DataSourceInstanceSettings: &pluginv2.DataSourceInstanceSettings{Id: 1, Uid: uid, Name: "Serverless " + uid,
			JsonData: []byte(jsonData), DecryptedSecureJsonData: secure}}
}

func metrics(refID string, span time.Duration, model string) *pluginv2.DataQuery {
	return &pluginv2.DataQuery{RefId: refID, QueryType: "metrics", TimeRange: rangeOf(span), MaxDataPoints: 1000,
		IntervalMS: 60_000, Json: []byte(model)}
}

// warm builds the data source instance (and its estate) before a case is timed.
func (p *plugin) warm(pc *pluginv2.PluginContext) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if _, err := p.Diagnostics.CheckHealth(ctx, &pluginv2.CheckHealthRequest{PluginContext: pc}); err != nil {
		p.t.Fatalf("CheckHealth: %v", err)
	}
}

// wantError wants refID answered with an error that says each of words.
func wantError(t testing.TB, res *pluginv2.QueryDataResponse, refID string, words ...string) {
	t.Helper()
	r := res.Responses[refID]
	if r == nil {
		t.Fatalf("no answer for %s", refID)
	}
	if r.Error == "" {
		t.Fatalf("%s answered %d bytes of frames, want an error naming the limit", refID, proto.Size(r))
	}
	for _, w := range words {
		if !strings.Contains(r.Error, w) {
			t.Fatalf("%s: error %.300q does not say %q", refID, r.Error, w)
		}
	}
}

// Case 1: every one of 1,000 functions over 70 days at 60 s is 100.8 million datapoints; it once
// passed 7 GB. Now it is refused before any series is computed.
func TestMetricsOfEveryFunctionOverSeventyDays(t *testing.T) {
	p := start(t)
	pc := demoContext(1000)
	p.warm(pc)
	begin := time.Now()
	res, err := p.query(60*time.Second, pc, metrics("A", 70*24*time.Hour,
		`{"resourceKind":"lambda","metric":"Invocations","statistic":"Sum","period":60}`))
	took := time.Since(begin)
	if err != nil {
		p.figures("case 1 metrics, 1,000 functions x 70 days at 60 s", took, 10*time.Second, 0)
		t.Fatalf("QueryData: %v", err)
	}
	p.figures("case 1 metrics, 1,000 functions x 70 days at 60 s", took, 10*time.Second, proto.Size(res))
	wantError(t, res, "A", "datapoints", "period", "range")
}

// Case 2: 1,000 logs queries of 10,000 lines each in one request once took 69 s, 2.4 GB and
// answered 510 MB. Now the request answers at most its query limit, and its line and byte
// budgets fail the queries past them by refId.
func TestThousandLogsQueriesInOneRequest(t *testing.T) {
	p := start(t)
	pc := demoContext(0)
	p.warm(pc)
	queries := make([]*pluginv2.DataQuery, 1000)
	for i := range queries {
		queries[i] = &pluginv2.DataQuery{RefId: fmt.Sprintf("Q%d", i), QueryType: "logs", TimeRange: rangeOf(24 * time.Hour),
			MaxDataPoints: 1000, IntervalMS: 60_000, Json: []byte(`{"queryType":"logs","limit":10000}`)}
	}
	begin := time.Now()
	res, err := p.query(120*time.Second, pc, queries...)
	took := time.Since(begin)
	size := 0
	if err == nil {
		size = proto.Size(res)
	}
	p.figures("case 2, 1,000 logs queries of 10,000 lines in one request", took, 30*time.Second, size)
	if err != nil {
		t.Fatalf("QueryData: %v", err)
	}
	if len(res.Responses) != len(queries) {
		t.Fatalf("%d answers for %d queries", len(res.Responses), len(queries))
	}
	wantError(t, res, "Q999", "queries")
	if size > 128<<20 {
		t.Fatalf("answer of %d bytes, want at most 128 MiB", size)
	}
}

// Case 4: a search that matches nothing scans every minute of its range; over 7 days it once ran
// 132 s past Grafana's deadline. Now the scan stops with the request.
func TestLogScanStopsAtTheDeadline(t *testing.T) {
	p := start(t)
	pc := demoContext(0)
	p.warm(pc)
	q := &pluginv2.DataQuery{RefId: "A", QueryType: "logs", TimeRange: rangeOf(7 * 24 * time.Hour), MaxDataPoints: 1000,
		IntervalMS: 60_000, Json: []byte(`{"queryType":"logs","search":"no line says this","limit":10}`)}
	const deadline = 3 * time.Second
	begin := time.Now()
	res, err := p.query(deadline, pc, q)
	took := time.Since(begin)
	// Give the plugin a moment to notice, then see whether it still burns CPU.
	time.Sleep(time.Second)
	busySince := time.Now()
	for {
		before := p.cpuTicks()
		time.Sleep(time.Second)
		if p.cpuTicks()-before < 20 || time.Since(busySince) > 30*time.Second {
			break
		}
	}
	pastDeadline := time.Since(begin) - deadline - time.Second
	t.Logf("figures: case 4 search over 7 days: answered or cut off after %.1f s, still working %.1f s past the deadline",
		took.Seconds(), pastDeadline.Seconds())
	p.figures("case 4, search that matches nothing over 7 days, 3 s deadline", took, deadline+time.Second, 0)
	if pastDeadline > 2*time.Second {
		t.Fatalf("the plugin kept scanning %s past the request's deadline", pastDeadline.Round(100*time.Millisecond))
	}
	if err == nil {
		wantError(t, res, "A", "deadline")
	}
}

// Case 5: against an AWS endpoint that answers in 30 s, queries once failed only after 153-310 s
// (5 attempts of 30 s). Now each query has a deadline below the request's, retries included, and
// its error says how long it took and how many attempts it made.
func TestAWSModeQueryHasADeadline(t *testing.T) {
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		select {
		case <-r.Context().Done():
		case <-time.After(30 * time.Second):
		}
		http.Error(w, "too late", http.StatusServiceUnavailable)
	}))
	t.Cleanup(func() { slow.CloseClientConnections(); slow.Close() })
	p := start(t)
	jsonData, _ := json.Marshal(map[string]any{"mode": "aws", "authType": "keys", "defaultRegion": "us-east-1",
		"regions": []string{"us-east-1"}, "endpoint": slow.URL})
	pc := pluginContext("aws-slow", string(jsonData), map[string]string{"accessKey": "AKIAABUSETEST0000001", "secretKey": "abuse-test-secret"})
	const grafanaDeadline = 12 * time.Second
	begin := time.Now()
	res, err := p.query(grafanaDeadline, pc, metrics("A", time.Hour,
		`{"resourceKind":"lambda","names":["orders-api"],"metric":"Invocations","statistic":"Sum","period":300}`))
	took := time.Since(begin)
	size := 0
	if err == nil {
		size = proto.Size(res)
	}
	p.figures("case 5, AWS endpoint answering in 30 s, 12 s request deadline", took, grafanaDeadline, size)
	if err != nil {
		t.Fatalf("the request ran out its %s deadline instead of answering: %v", grafanaDeadline, err)
	}
	wantError(t, res, "A", "deadline", "attempt")
	t.Logf("error: %s", res.Responses["A"].Error)
}

// Case 6: a 1 MB label on 10 functions once answered 21 MB; a 404 echoed a 1 MB path whole.
func TestAnswersDoNotAmplifyInputs(t *testing.T) {
	p := start(t)
	pc := demoContext(0)
	p.warm(pc)
	label := strings.Repeat("L", 1<<20)
	model, _ := json.Marshal(map[string]any{"resourceKind": "lambda", "metric": "Invocations", "statistic": "Sum", "period": 300, "label": label})
	begin := time.Now()
	res, err := p.query(30*time.Second, pc, metrics("A", time.Hour, string(model)))
	took := time.Since(begin)
	if err != nil {
		t.Fatalf("QueryData: %v", err)
	}
	size := proto.Size(res)
	p.figures("case 6, 1 MB label on every function", took, 10*time.Second, size)
	if size > 1<<20+64<<10 {
		t.Fatalf("a request of 1 MB was answered with %d bytes", size)
	}

	stream, err := p.Resource.CallResource(context.Background(), &pluginv2.CallResourceRequest{PluginContext: pc,
		Path: strings.Repeat("p", 1<<20), Method: "GET"})
	if err != nil {
		t.Fatalf("CallResource: %v", err)
	}
	var body []byte
	var code int32
	for {
		chunk, err := stream.Recv()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("CallResource: %v", err)
		}
		if chunk.Code != 0 {
			code = chunk.Code
		}
		body = append(body, chunk.Body...)
	}
	t.Logf("figures: case 6, 404 for a 1 MB path: %d bytes", len(body))
	if code != http.StatusNotFound || len(body) > 1024 {
		t.Fatalf("404 for a 1 MB path: status %d, %d bytes, want 404 in at most 1 KiB", code, len(body))
	}
}

// Case 8: the inventory of one function among 20,000 over 31 days once computed all of them (21 s).
func TestInventoryOfOneFunctionComputesOnlyIt(t *testing.T) {
	p := start(t)
	pc := demoContext(20000)
	p.warm(pc)
	q := &pluginv2.DataQuery{RefId: "A", QueryType: "inventory", TimeRange: rangeOf(31 * 24 * time.Hour), MaxDataPoints: 1000,
		IntervalMS: 60_000, Json: []byte(`{"queryType":"inventory","names":["payments-initializer"]}`)}
	begin := time.Now()
	res, err := p.query(120*time.Second, pc, q)
	took := time.Since(begin)
	if err != nil {
		t.Fatalf("QueryData: %v", err)
	}
	p.figures("case 8, inventory of 1 function among 20,000 over 31 days", took, 3*time.Second, proto.Size(res))
	if r := res.Responses["A"]; r.Error != "" || len(r.Frames) == 0 {
		t.Fatalf("inventory failed: %q", r.Error)
	}
}

// TestSoak sends ABUSE_SOAK requests (a mix of the cases' small and refused queries) and reports
// the RSS before and after; scripts/bench-abuse.sh runs it. Without ABUSE_SOAK it is skipped.
func TestSoak(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("ABUSE_SOAK"))
	if n <= 0 {
		t.Skip("set ABUSE_SOAK to the number of requests")
	}
	p := start(t)
	pc := demoContext(1000)
	p.warm(pc)
	p.stillServes()
	rssBefore, _ := p.memory()
	begin := time.Now()
	label := strings.Repeat("L", 4096)
	for i := range n {
		var qs []*pluginv2.DataQuery
		switch i % 4 {
		case 0:
			qs = append(qs, metrics("A", 70*24*time.Hour, `{"resourceKind":"lambda","metric":"Invocations","statistic":"Sum","period":60}`))
		case 1:
			for j := range 120 {
				qs = append(qs, &pluginv2.DataQuery{RefId: fmt.Sprintf("L%d", j), QueryType: "logs", TimeRange: rangeOf(time.Hour),
					Json: []byte(`{"queryType":"logs","limit":100}`)})
			}
		case 2:
			qs = append(qs, metrics("A", 6*time.Hour, `{"resourceKind":"lambda","metric":"Duration","statistic":"p99","period":300,"label":"`+label+`"}`))
		case 3:
			qs = append(qs, &pluginv2.DataQuery{RefId: "I", QueryType: "inventory", TimeRange: rangeOf(24 * time.Hour),
				Json: []byte(`{"queryType":"inventory","names":["payments-initializer"]}`)})
		}
		if _, err := p.query(60*time.Second, pc, qs...); err != nil {
			t.Fatalf("request %d: %v", i, err)
		}
	}
	rssAfter, _ := p.memory()
	t.Logf("soak: %d requests in %.1f s; RSS before %d MB, after %d MB, peak %d MB",
		n, time.Since(begin).Seconds(), rssBefore/1024, rssAfter/1024, p.peakMB())
	p.stillServes()
}
