package plugin

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	sdklogs "github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/log"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/seed/serverless/pkg/awsclients"
	"github.com/seed/serverless/pkg/cloudwatch"
	"github.com/seed/serverless/pkg/cloudwatch/cwfake"
	"github.com/seed/serverless/pkg/cloudwatchlogs"
	"github.com/seed/serverless/pkg/cloudwatchlogs/logsfake"
	"github.com/seed/serverless/pkg/demo"
	"github.com/seed/serverless/pkg/lambdadiscovery/lambdafake"
	"github.com/seed/serverless/pkg/mode/awsmode"
	"github.com/seed/serverless/pkg/model"
	"github.com/seed/serverless/pkg/query"
	"github.com/seed/serverless/pkg/query/querytest"
	"github.com/seed/serverless/pkg/settings"
)

func TestMain(m *testing.M) {
	// The fake CloudWatch is plain HTTP; a CA bundle in the environment would only make the SDK
	// refuse grafana-aws-sdk's HTTP client (see awsclients.Connection).
	os.Unsetenv("AWS_CA_BUNDLE")
	// Periods follow what CloudWatch still keeps of the test day: judged from the day the tests
	// run, the day would fall out of the 1-minute tier two weeks later and answers would change.
	now = func() time.Time { return dayStart.Add(48 * time.Hour) }
	os.Exit(m.Run())
}

const (
	fakeAccessKey = "AKIAFAKEPLUGINTEST01"
	// knownSecret must never appear in an error, a health message, a frame or a log line.
	knownSecret = "plugin/KNOWN+secret/never-shown-0001"
)

var allRegions = []string{"us-east-1", "us-west-2", "eu-west-1"}

type awsTestOptions struct {
	fake     cwfake.Options
	planner  cloudwatch.Options
	attempts int
	secret   string
	regions  []string
	// logs is the CloudWatch Logs the data source reads; nil starts an empty one.
	logs *logsfake.Fake
	// jsonData and secure add to the instance's settings; grafana is Grafana's configuration for
	// the plugin, in the context NewDatasource is given.
	jsonData map[string]any
	secure   map[string]string
	grafana  map[string]string
}

// newAWSDatasource is a data source in AWS mode whose CloudWatch is a fake serving the estate.
func newAWSDatasource(t testing.TB, o awsTestOptions) (*Datasource, *cwfake.Fake) {
	t.Helper()
	if o.fake.Estate == nil {
		o.fake.Estate = demo.New(demo.Options{})
	}
	o.fake.AccessKeyID, o.fake.SecretKey = fakeAccessKey, knownSecret
	f := cwfake.New(o.fake)
	t.Cleanup(f.Close)
	if o.secret == "" {
		o.secret = knownSecret
	}
	if o.regions == nil {
		o.regions = allRegions
	}
	jsonData := map[string]any{"mode": "aws", "authType": "keys", "defaultRegion": "us-east-1", "regions": o.regions, "endpoint": f.URL}
	maps.Copy(jsonData, o.jsonData)
	raw, _ := json.Marshal(jsonData)
	secure := map[string]string{"accessKey": fakeAccessKey, "secretKey": o.secret}
	maps.Copy(secure, o.secure)
	instance := backend.DataSourceInstanceSettings{UID: "aws", JSONData: raw, DecryptedSecureJSONData: secure}
	ctx := context.Background()
	if o.grafana != nil {
		ctx = backend.WithGrafanaConfig(ctx, backend.NewGrafanaCfg(o.grafana))
	}
	inst, err := NewDatasource(ctx, instance)
	if err != nil {
		t.Fatal(err)
	}
	d := inst.(*Datasource)
	if d.settingsErr != nil {
		t.Fatal(d.settingsErr)
	}
	if o.attempts == 0 {
		o.attempts = 3
	}
	// Quick retries: the default backoff is sized for AWS, not for tests.
	if o.logs == nil {
		o.logs = logsfake.New(logsfake.Options{})
		t.Cleanup(o.logs.Close)
	}
	functions := map[string][]lambdafake.Function{}
	for _, r := range o.fake.Estate.Resources(model.KindLambda) {
		functions[r.Region] = append(functions[r.Region], lambdafake.Function{Name: r.Name, Runtime: r.Runtime, Architecture: "arm64",
			MemoryMB: r.MemoryMB, TimeoutSeconds: r.TimeoutSeconds, LastModified: lastChange(o.fake.Estate, r.Name)})
	}
	lambdaFake := lambdafake.New(functions)
	t.Cleanup(lambdaFake.Close)
	conn, err := connect(ctx, instance, d.settings.AWS, awsclients.Options{MaxAttempts: o.attempts, BaseBackoff: time.Millisecond, MaxBackoff: 5 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	d.useAWS(conn, awsmode.Options{
		Planner:           o.planner,
		Logs:              cloudwatchlogs.Options{PollInitial: time.Millisecond, PollMax: 5 * time.Millisecond, RetryBase: time.Millisecond, RetryMax: 5 * time.Millisecond},
		LogsClient:        []func(*sdklogs.Options){func(lo *sdklogs.Options) { lo.BaseEndpoint = aws.String(o.logs.URL) }},
		LambdaClient:      []func(*lambda.Options){func(lo *lambda.Options) { lo.BaseEndpoint = aws.String(lambdaFake.URL) }},
		ServiceMapClients: startDemoServiceMap(t, o.fake.Estate, o.fake.DimensionValue),
		// The fake CloudWatch serves no STS.
		Identity: func(context.Context, string) (awsmode.IdentityAPI, error) { return stubIdentity{}, nil },
	})
	return d, f
}

// lastChange is a function's last deployment or configuration change of the test day in the demo
// estate: what Lambda would report as its LastModified at the end of that day.
func lastChange(e *demo.Estate, function string) time.Time {
	var last time.Time
	for _, ev := range e.Events(dayStart, dayStart.Add(24*time.Hour)) {
		if ev.Function == function && ev.Time.After(last) {
			last = ev.Time
		}
	}
	return last
}

// comparable strips what only AWS mode adds (figures, notices) and orders frames by name, so
// frames of both modes can be compared as JSON.
func comparable(t *testing.T, frames data.Frames) []string {
	t.Helper()
	var out []string
	for _, f := range frames {
		c := *f
		meta := *f.Meta
		meta.Custom, meta.Stats, meta.Notices = nil, nil, nil
		c.Meta = &meta
		b, err := json.Marshal(&c)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, string(b))
	}
	slices.Sort(out)
	return out
}

func TestAWSModeAnswersMetricsQueriesWithTheFramesOfDemoMode(t *testing.T) {
	demoDS := newTestDatasource(t, `{}`)
	awsDS, fake := newAWSDatasource(t, awsTestOptions{})
	valid, _ := querytest.Examples(t)
	// Runtime filters read Lambda's function list.
	for _, model := range []string{
		`{"queryType":"metrics","resourceKind":"lambda","runtime":"nodejs20.x","metric":"Errors","statistic":"Sum","period":3600}`,
		`{"queryType":"metrics","resourceKind":"lambda","runtime":"python3.12","region":"us-east-1","metric":"Duration","statistic":"p99","period":3600,"ofTimeout":true}`,
	} {
		valid = append(valid, querytest.Example{Name: model, Query: json.RawMessage(model)})
	}
	compared := 0
	for _, ex := range valid {
		var m query.Model
		_ = json.Unmarshal(ex.Query, &m)
		if m.QueryType != string(query.KindMetrics) {
			continue
		}
		t.Run(ex.Name, func(t *testing.T) {
			want := queryDay(demoDS, backend.DataQuery{RefID: "A", JSON: ex.Query}).Responses["A"]
			got := queryDay(awsDS, backend.DataQuery{RefID: "A", JSON: ex.Query}).Responses["A"]
			compared++
			if want.Error != nil || got.Error != nil {
				t.Fatalf("demo error %v, aws error %v", want.Error, got.Error)
			}
			w, g := comparable(t, want.Frames), comparable(t, got.Frames)
			if len(w) == 0 || !slices.Equal(w, g) {
				t.Fatalf("AWS mode frames differ from demo mode:\naws  %.600s\ndemo %.600s", g, w)
			}
			for _, f := range got.Frames {
				if len(f.Meta.Notices) != 0 {
					t.Errorf("unexpected notices %v", f.Meta.Notices)
				}
			}
		})
	}
	if compared < 7 {
		t.Fatalf("only %d metrics examples compared", compared)
	}
	if s := fake.Stats(); s.Rejected != 0 || s.GetMetricDataCalls == 0 {
		t.Fatalf("fake stats %+v", s)
	}
}

func TestAWSModeSharesCallsAcrossTheQueriesOfARequest(t *testing.T) {
	d, fake := newAWSDatasource(t, awsTestOptions{})
	q := func(refID, model string) backend.DataQuery {
		return backend.DataQuery{RefID: refID, QueryType: "metrics", JSON: []byte(model)}
	}
	res := queryDay(d,
		q("A", `{"resourceKind":"lambda","metric":"Invocations","statistic":"Sum","period":300}`),
		q("B", `{"resourceKind":"lambda","names":["ledger-writer","payment-finalizer"],"metric":"Invocations","statistic":"Sum","period":300}`),
		q("C", `{"resourceKind":"lambda","pattern":"^payment","metric":"Invocations","statistic":"Sum","period":300}`),
		backend.DataQuery{RefID: "D", QueryType: "logs", JSON: []byte(`{"names":["ledger-writer"]}`)},
		q("E", `{"resourceKind":"lambda","names":["ghost"],"metric":"Invocations","statistic":"Sum"}`),
	)
	for _, refID := range []string{"A", "B", "C"} {
		if r := res.Responses[refID]; r.Error != nil || len(r.Frames) == 0 {
			t.Fatalf("%s: %v", refID, r.Error)
		}
	}
	if len(res.Responses["A"].Frames) != 10 || len(res.Responses["B"].Frames) != 2 || len(res.Responses["C"].Frames) != 2 {
		t.Fatalf("frames: %d %d %d", len(res.Responses["A"].Frames), len(res.Responses["B"].Frames), len(res.Responses["C"].Frames))
	}
	if r := res.Responses["D"]; r.Status != backend.StatusBadRequest || !strings.Contains(r.Error.Error(), `no log group /aws/lambda/ledger-writer in us-east-1, us-west-2, eu-west-1`) {
		t.Fatalf("D: %d %v", r.Status, r.Error)
	}
	if r := res.Responses["E"]; r.Status != backend.StatusBadRequest || !strings.Contains(r.Error.Error(), `no lambda resource named "ghost"`) {
		t.Fatalf("E: %d %v", r.Status, r.Error)
	}
	// 10 functions in 3 regions: the 14 series asked for are 10 unique, one call per region.
	s := fake.Stats()
	if s.MetricsRequested != 10 || s.GetMetricDataCalls != 3 {
		t.Fatalf("fake saw %d metrics in %d calls, want 10 in 3", s.MetricsRequested, s.GetMetricDataCalls)
	}
	figures := res.Responses["B"].Frames[0].Meta.Custom.(map[string]any)["cloudwatch"].(cloudwatch.Stats)
	if figures.MetricsRequested != 10 || figures.SeriesWanted != 14 || figures.UniqueSeries != 10 || figures.GetMetricDataCalls != 3 {
		t.Fatalf("frame figures %+v", figures)
	}
	stats := res.Responses["B"].Frames[0].Meta.Stats
	if len(stats) != 3 || stats[0].Value != 10 || stats[2].FieldConfig.Unit != "currencyUSD" || stats[2].Value != 10*cloudwatch.CostPerMetricUSD {
		t.Fatalf("frame stats %+v", stats)
	}
}

func TestAlertEvaluationsBypassTheCache(t *testing.T) {
	d, fake := newAWSDatasource(t, awsTestOptions{})
	req := func(headers map[string]string) {
		t.Helper()
		r := &backend.QueryDataRequest{Headers: headers, Queries: []backend.DataQuery{
			metricsQuery("A", `{"resourceKind":"lambda","names":["ledger-writer"],"metric":"Errors","statistic":"Sum","period":60}`)}}
		res, _ := d.QueryData(context.Background(), r)
		if res.Responses["A"].Error != nil {
			t.Fatal(res.Responses["A"].Error)
		}
	}
	steps := []struct {
		name      string
		headers   map[string]string
		wantCalls int
	}{
		{"a panel fetches", nil, 1},
		{"the same panel again is served by the cache", nil, 1},
		{"an alert evaluation reads CloudWatch", map[string]string{"FromAlert": "true"}, 2},
		{"a second evaluation reads it again", map[string]string{"FromAlert": "true"}, 3},
	}
	for _, s := range steps {
		req(s.headers)
		if got := fake.Stats().GetMetricDataCalls; got != s.wantCalls {
			t.Fatalf("%s: %d calls so far, want %d", s.name, got, s.wantCalls)
		}
	}
}

func TestPersistentThrottlingIsANoticeNotACrash(t *testing.T) {
	d, fake := newAWSDatasource(t, awsTestOptions{attempts: 2, planner: cloudwatch.Options{Concurrency: 1}})
	// Discovery first, so the throttling below hits GetMetricData only.
	queryDay(d, backend.DataQuery{RefID: "warm", JSON: []byte(`{"resourceKind":"lambda","metric":"Errors","statistic":"Sum","period":3600}`)})
	fake.ResetStats()
	fake.ThrottleNext(2)
	res := queryDay(d,
		backend.DataQuery{RefID: "A", JSON: []byte(`{"resourceKind":"lambda","names":["ledger-writer"],"metric":"Errors","statistic":"Sum","period":300}`)},
		backend.DataQuery{RefID: "B", JSON: []byte(`{"resourceKind":"lambda","names":["ledger-writer"],"metric":"Errors","statistic":"Sum","period":900}`)},
	)
	// One call per period; the first to run is throttled on both its attempts.
	var throttled, fine int
	for _, refID := range []string{"A", "B"} {
		r := res.Responses[refID]
		if len(r.Frames) != 1 {
			t.Fatalf("%s: %d frames", refID, len(r.Frames))
		}
		notices := r.Frames[0].Meta.Notices
		switch {
		case r.Error != nil:
			throttled++
			if r.Status != backend.StatusTooManyRequests || len(notices) != 1 || notices[0].Severity != data.NoticeSeverityError ||
				!strings.Contains(notices[0].Text, "CloudWatch kept throttling GetMetricData in us-east-1") {
				t.Fatalf("%s: status %d notices %+v", refID, r.Status, notices)
			}
		case len(notices) == 0:
			fine++
		}
	}
	if throttled != 1 || fine != 1 {
		t.Fatalf("%d throttled and %d fine queries, want one each", throttled, fine)
	}
	if s := fake.Stats(); s.Throttled != 2 || s.GetMetricDataCalls != 1 {
		t.Fatalf("fake %+v", s)
	}
}

func TestThrottledSeriesAmongOthersGetTheirOwnNotice(t *testing.T) {
	d, fake := newAWSDatasource(t, awsTestOptions{attempts: 1, planner: cloudwatch.Options{Concurrency: 1}})
	queryDay(d, backend.DataQuery{RefID: "warm", JSON: []byte(`{"resourceKind":"lambda","metric":"Errors","statistic":"Sum","period":3600}`)})
	fake.ThrottleNext(1)
	// Every function: three regions, three calls; one of them is throttled.
	res := queryDay(d, backend.DataQuery{RefID: "A", JSON: []byte(`{"resourceKind":"lambda","metric":"Errors","statistic":"Sum","period":300}`)})
	r := res.Responses["A"]
	if r.Error != nil || len(r.Frames) != 10 {
		t.Fatalf("a partly throttled query keeps its data: error %v, %d frames", r.Error, len(r.Frames))
	}
	withNotice := 0
	for _, f := range r.Frames {
		if len(f.Meta.Notices) > 0 {
			withNotice++
			if rows, _ := f.RowLen(); rows != 0 {
				t.Errorf("a throttled frame has %d rows", rows)
			}
		}
	}
	if withNotice == 0 || withNotice == 10 {
		t.Fatalf("%d of 10 frames carry a throttling notice", withNotice)
	}
}

// stubIdentity answers GetCallerIdentity as STS does, or with err.
type stubIdentity struct{ err error }

func (s stubIdentity) GetCallerIdentity(context.Context, *sts.GetCallerIdentityInput, ...func(*sts.Options)) (*sts.GetCallerIdentityOutput, error) {
	if s.err != nil {
		return nil, s.err
	}
	return &sts.GetCallerIdentityOutput{Account: aws.String("123456789012"), Arn: aws.String("arn:aws:iam::123456789012:user/grafana")}, nil
}

func TestAWSHealth(t *testing.T) {
	d, fake := newAWSDatasource(t, awsTestOptions{})
	h, err := d.CheckHealth(context.Background(), &backend.CheckHealthRequest{})
	if err != nil || h.Status != backend.HealthStatusOk ||
		!strings.Contains(h.Message, "signed in as arn:aws:iam::123456789012:user/grafana (account 123456789012)") ||
		!strings.Contains(h.Message, "us-east-1 (5 functions), us-west-2 (2 functions), eu-west-1 (3 functions)") {
		t.Fatalf("%v %v %q", err, h.Status, h.Message)
	}
	if s := fake.Stats(); s.GetMetricDataCalls != 3 || s.Rejected != 0 {
		t.Fatalf("health made %d GetMetricData calls (%d rejected), want one per region", s.GetMetricDataCalls, s.Rejected)
	}
	wrong, _ := newAWSDatasource(t, awsTestOptions{secret: "not-the-secret"})
	h, _ = wrong.CheckHealth(context.Background(), &backend.CheckHealthRequest{})
	if h.Status != backend.HealthStatusError || !strings.Contains(h.Message, "SignatureDoesNotMatch") || !strings.Contains(h.Message, "cloudwatch:ListMetrics") {
		t.Fatalf("%v %q", h.Status, h.Message)
	}
}

// recordingLogger keeps every line logged, for the secret check.
type recordingLogger struct {
	mu    *sync.Mutex
	lines *[]string
	with  []any
}

func newRecordingLogger() recordingLogger {
	return recordingLogger{mu: &sync.Mutex{}, lines: &[]string{}}
}

func (l recordingLogger) record(level, msg string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	*l.lines = append(*l.lines, fmt.Sprint(level, " ", msg, " ", l.with, " ", args))
}
func (l recordingLogger) Debug(msg string, args ...any) { l.record("debug", msg, args...) }
func (l recordingLogger) Info(msg string, args ...any)  { l.record("info", msg, args...) }
func (l recordingLogger) Warn(msg string, args ...any)  { l.record("warn", msg, args...) }
func (l recordingLogger) Error(msg string, args ...any) { l.record("error", msg, args...) }
func (l recordingLogger) With(args ...any) log.Logger {
	return recordingLogger{mu: l.mu, lines: l.lines, with: append(slices.Clone(l.with), args...)}
}
func (l recordingLogger) Level() log.Level                         { return log.Debug }
func (l recordingLogger) FromContext(_ context.Context) log.Logger { return l }

// TestNoSecretInErrorsHealthOrLogs runs every path that reports something (settings errors,
// health checks that pass and fail, every query kind, AWS errors, throttling) with a known secret
// key configured, and checks that none of what it reports or logs contains the secret.
func TestNoSecretInErrorsHealthOrLogs(t *testing.T) {
	logger := newRecordingLogger()
	oldDefault, oldBackend := log.DefaultLogger, backend.Logger
	log.DefaultLogger, backend.Logger = logger, logger
	t.Cleanup(func() { log.DefaultLogger, backend.Logger = oldDefault, oldBackend })

	var reported []string
	report := func(what string, s string) { reported = append(reported, what+": "+s) }
	check := func(d *Datasource) {
		h, _ := d.CheckHealth(context.Background(), &backend.CheckHealthRequest{})
		report("health", h.Message)
		valid, invalid := querytest.Examples(t)
		var queries []backend.DataQuery
		for i, ex := range append(valid, invalid...) {
			queries = append(queries, backend.DataQuery{RefID: fmt.Sprint(i), JSON: ex.Query})
		}
		res := queryDay(d, queries...)
		for refID, r := range res.Responses {
			if r.Error != nil {
				report("query "+refID, r.Error.Error())
			}
			for _, f := range r.Frames {
				b, _ := json.Marshal(f)
				report("frame of "+refID, string(b))
			}
		}
		var rec recordedResponse
		_ = d.CallResource(context.Background(), &backend.CallResourceRequest{Path: "info", Method: "GET", URL: "info"}, &rec)
		report("resource info", string(rec.body))
	}

	good, _ := newAWSDatasource(t, awsTestOptions{})
	check(good)
	signedWrong, _ := newAWSDatasource(t, awsTestOptions{secret: knownSecret + "-but-wrong"})
	check(signedWrong)
	throttled, fake := newAWSDatasource(t, awsTestOptions{attempts: 1})
	fake.ThrottleNext(1 << 20)
	check(throttled)
	for _, jsonData := range []string{
		`{"mode":"aws","authType":"keys","defaultRegion":"us-east-1"}`,
		`{"mode":"aws","authType":"keys","defaultRegion":"nowhere"}`,
		`{"mode":"aws","authType":"keys","defaultRegion":"us-east-1","secretKey":"` + knownSecret + `"}`,
		`{"mode":"aws","authType":"keys","defaultRegion":"us-east-1","endpoint":"http://127.0.0.1:1"}`,
	} {
		inst, _ := NewDatasource(context.Background(), backend.DataSourceInstanceSettings{JSONData: []byte(jsonData),
			DecryptedSecureJSONData: map[string]string{"accessKey": knownSecret, "secretKey": knownSecret}})
		d := inst.(*Datasource)
		if d.settingsErr == nil && d.settings.Mode == settings.ModeAWS {
			d.useAWS(awsclients.NewConnection(d.settings.AWS, awsclients.Options{MaxAttempts: 1}), awsmode.Options{Logs: cloudwatchlogs.Options{StartAttempts: 1}})
		}
		check(d)
	}

	if len(reported) < 50 {
		t.Fatalf("only %d reports checked", len(reported))
	}
	for _, r := range append(reported, *logger.lines...) {
		if strings.Contains(r, knownSecret) {
			t.Errorf("the secret key leaked: %.300s", r)
		}
	}
	// The checks above must have exercised the failures they are meant to cover.
	all := strings.Join(reported, "\n")
	for _, want := range []string{"SignatureDoesNotMatch", "CloudWatch kept throttling", "defaultRegion \"nowhere\"", "jsonData.secretKey must not be set", "connect"} {
		if !strings.Contains(all, want) {
			t.Errorf("no report mentions %q", want)
		}
	}
}
