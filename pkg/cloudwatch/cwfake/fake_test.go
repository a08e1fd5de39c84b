package cwfake

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	sdkcw "github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/aws/smithy-go"

	"github.com/seed/serverless/pkg/demo"
	"github.com/seed/serverless/pkg/model"
)

const (
	accessKey = "AKIAFAKEFAKEFAKE0002"
	secretKey = "fake/secret+key/for-the-fake-0002"
)

var (
	estate = demo.New(demo.Options{})
	day    = time.Date(2026, 11, 18, 0, 0, 0, 0, time.UTC)
)

func start(t *testing.T, opts Options) *Fake {
	t.Helper()
	if opts.Estate == nil {
		opts.Estate = estate
	}
	opts.AccessKeyID, opts.SecretKey = accessKey, secretKey
	f := New(opts)
	t.Cleanup(f.Close)
	return f
}

// client is the real SDK client, without retries so every refusal reaches the test.
func client(f *Fake, region, key, secret string) *sdkcw.Client {
	return sdkcw.New(sdkcw.Options{
		Region:           region,
		BaseEndpoint:     aws.String(f.URL),
		RetryMaxAttempts: 1,
		Credentials: aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
			return aws.Credentials{AccessKeyID: key, SecretAccessKey: secret}, nil
		}),
	})
}

func query(id, function, metric, stat string, period int32) types.MetricDataQuery {
	return types.MetricDataQuery{Id: aws.String(id), MetricStat: &types.MetricStat{
		Metric: &types.Metric{Namespace: aws.String("AWS/Lambda"), MetricName: aws.String(metric),
			Dimensions: []types.Dimension{{Name: aws.String("FunctionName"), Value: aws.String(function)}}},
		Period: aws.Int32(period), Stat: aws.String(stat)}}
}

func input(from, to time.Time, queries ...types.MetricDataQuery) *sdkcw.GetMetricDataInput {
	return &sdkcw.GetMetricDataInput{StartTime: aws.Time(from), EndTime: aws.Time(to), MetricDataQueries: queries}
}

func errorCode(err error) string {
	var apiErr smithy.APIError
	if errors.As(err, &apiErr) {
		return apiErr.ErrorCode()
	}
	return ""
}

func TestGetMetricDataServesTheDemoEstate(t *testing.T) {
	f := start(t, Options{})
	c := client(f, "us-east-1", accessKey, secretKey)
	tests := []struct {
		name, function, metric, stat string
		ascending                    bool
	}{
		{"a count, newest first by default", "payments-initializer", "Invocations", "Sum", false},
		{"a percentile, oldest first", "payment-finalizer", "Duration", "p99.9", true},
		{"a percentile rank", "payments-initializer", "Duration", "PR(:100)", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := input(day, day.Add(time.Hour), query("a", tt.function, tt.metric, tt.stat, 300))
			if tt.ascending {
				in.ScanBy = types.ScanByTimestampAscending
			}
			out, err := c.GetMetricData(context.Background(), in)
			if err != nil {
				t.Fatal(err)
			}
			want, _ := estate.Series(model.SeriesQuery{Kind: model.KindLambda, Name: tt.function, Metric: tt.metric, Statistic: tt.stat, From: day, To: day.Add(time.Hour), Period: 5 * time.Minute})
			r := out.MetricDataResults[0]
			if aws.ToString(r.Id) != "a" || r.StatusCode != types.StatusCodeComplete || len(r.Values) != 12 || len(r.Timestamps) != 12 {
				t.Fatalf("result %+v", r)
			}
			for i := range 12 {
				j := i
				if !tt.ascending {
					j = 11 - i
				}
				if r.Values[i] != want.Values[j] || !r.Timestamps[i].Equal(want.Times[j]) {
					t.Fatalf("point %d: %s %g, want %s %g", i, r.Timestamps[i], r.Values[i], want.Times[j], want.Values[j])
				}
			}
		})
	}
}

func TestTheFakeEnforcesCloudWatchsRules(t *testing.T) {
	f := start(t, Options{})
	ctx := context.Background()
	good := client(f, "us-east-1", accessKey, secretKey)
	many := make([]types.MetricDataQuery, MaxQueriesPerCall+1)
	for i := range many {
		many[i] = query(fmt.Sprintf("q%d", i), "ledger-writer", "Errors", "Sum", 300)
	}
	tests := []struct {
		name     string
		client   *sdkcw.Client
		in       *sdkcw.GetMetricDataInput
		wantCode string
		wantText string
	}{
		{"501 queries", good, input(day, day.Add(time.Hour), many...), "ValidationError", "less than or equal to 500"},
		{"duplicate ids", good, input(day, day.Add(time.Hour), query("a", "ledger-writer", "Errors", "Sum", 60), query("a", "ledger-writer", "Errors", "Sum", 60)),
			"ValidationError", "is not unique"},
		{"an id that is not one", good, input(day, day.Add(time.Hour), query("A-1", "ledger-writer", "Errors", "Sum", 60)), "ValidationError", "must start with a lowercase letter"},
		{"start after end", good, input(day.Add(time.Hour), day, query("a", "ledger-writer", "Errors", "Sum", 60)), "InvalidParameterValue", "StartTime must be less than"},
		{"a period that is not a multiple of 60", good, input(day, day.Add(time.Hour), query("a", "ledger-writer", "Errors", "Sum", 90)), "InvalidParameterValue", "multiple of 60"},
		{"a statistic that is not one", good, input(day, day.Add(time.Hour), query("a", "ledger-writer", "Errors", "Median", 60)), "InvalidParameterValue", "not a valid statistic"},
		{"metric math", good, input(day, day.Add(time.Hour), types.MetricDataQuery{Id: aws.String("e"), Expression: aws.String("SUM(METRICS())")}),
			"ValidationError", "evaluates no metric math"},
		{"no queries", good, input(day, day.Add(time.Hour), []types.MetricDataQuery{}...), "ValidationError", "at least one query"},
		{"a wrong secret key", client(f, "us-east-1", accessKey, "not-the-secret"), input(day, day.Add(time.Hour), query("a", "ledger-writer", "Errors", "Sum", 60)),
			"SignatureDoesNotMatch", "signature"},
		{"an unknown access key", client(f, "us-east-1", "AKIAUNKNOWN", secretKey), input(day, day.Add(time.Hour), query("a", "ledger-writer", "Errors", "Sum", 60)),
			"InvalidClientTokenId", "security token"},
		{"a NextToken of another request", good, func() *sdkcw.GetMetricDataInput {
			in := input(day, day.Add(time.Hour), query("a", "ledger-writer", "Errors", "Sum", 60))
			in.NextToken = aws.String(makeToken("gmd", "0123456789abcdef", 10))
			return in
		}(), "InvalidNextToken", "NextToken"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.client.GetMetricData(ctx, tt.in)
			if code := errorCode(err); code != tt.wantCode || !strings.Contains(err.Error(), tt.wantText) {
				t.Fatalf("error %v (code %q), want code %q mentioning %q", err, code, tt.wantCode, tt.wantText)
			}
		})
	}
	if got := f.Stats(); got.Rejected != len(tests) || got.GetMetricDataCalls != 0 || got.Calls["GetMetricData"] != len(tests) {
		t.Fatalf("stats %+v", got)
	}
	var invalidToken *types.InvalidNextToken
	in := input(day, day.Add(time.Hour), query("a", "ledger-writer", "Errors", "Sum", 60))
	in.NextToken = aws.String("garbage")
	if _, err := good.GetMetricData(ctx, in); !errors.As(err, &invalidToken) {
		t.Fatalf("a modelled error should come back typed: %T %v", err, err)
	}
}

func TestResponsesCarryAtMost100800Datapoints(t *testing.T) {
	f := start(t, Options{})
	c := client(f, "us-east-1", accessKey, secretKey)
	// 11 series of a week at one minute: 110,880 datapoints, more than one response carries.
	var queries []types.MetricDataQuery
	for i := range 11 {
		queries = append(queries, query(fmt.Sprintf("q%d", i), "ledger-writer", "Invocations", "Sum", 60))
	}
	in := input(day.Add(-7*24*time.Hour), day, queries...)
	in.ScanBy = types.ScanByTimestampAscending
	out, err := c.GetMetricData(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	got := 0
	for _, r := range out.MetricDataResults {
		got += len(r.Values)
	}
	last := out.MetricDataResults[10]
	if got != MaxDatapointsPerResponse || out.NextToken == nil || last.StatusCode != types.StatusCodePartialData || len(last.Values) != 0 {
		t.Fatalf("first page: %d datapoints, token %v, last status %s", got, out.NextToken != nil, last.StatusCode)
	}
	in.NextToken = out.NextToken
	out, err = c.GetMetricData(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(out.MetricDataResults[10].Values); n != 10080 || out.NextToken != nil || out.MetricDataResults[10].StatusCode != types.StatusCodeComplete {
		t.Fatalf("second page: %d values of the last series, token %v", n, out.NextToken)
	}
	if s := f.Stats(); s.PagedCalls != 1 || s.MaxDatapointsInCall != 110880 || s.MetricsRequested != 22 {
		t.Fatalf("stats %+v", s)
	}
}

func TestQuotaAndInjectedThrottling(t *testing.T) {
	f := start(t, Options{GetMetricDataTPS: 1})
	c := client(f, "us-east-1", accessKey, secretKey)
	in := input(day, day.Add(time.Hour), query("a", "ledger-writer", "Errors", "Sum", 60))
	var codes []string
	for range 2 {
		_, err := c.GetMetricData(context.Background(), in)
		codes = append(codes, errorCode(err))
	}
	if strings.Join(codes, ",") != ",Throttling" {
		t.Fatalf("codes %q: the second call within a second should be throttled", codes)
	}
	time.Sleep(1100 * time.Millisecond)
	if _, err := c.GetMetricData(context.Background(), in); err != nil {
		t.Fatalf("the quota refills: %v", err)
	}
	f.ThrottleNext(1)
	if _, err := c.GetMetricData(context.Background(), in); errorCode(err) != "Throttling" {
		t.Fatalf("injected throttling: %v", err)
	}
	if s := f.Stats(); s.Throttled != 2 || s.GetMetricDataCalls != 2 {
		t.Fatalf("stats %+v", s)
	}
}

func TestResourcesAnswerInTheirOwnRegionOnly(t *testing.T) {
	f := start(t, Options{})
	in := input(day, day.Add(time.Hour), query("a", "booking-api-handler", "Invocations", "Sum", 300))
	for region, want := range map[string]int{"eu-west-1": 12, "us-east-1": 0} {
		out, err := client(f, region, accessKey, secretKey).GetMetricData(context.Background(), in)
		if err != nil {
			t.Fatal(err)
		}
		if n := len(out.MetricDataResults[0].Values); n != want {
			t.Errorf("%s: %d values, want %d", region, n, want)
		}
	}
}

func TestListMetricsFiltersAndPages(t *testing.T) {
	f := start(t, Options{Estate: demo.New(demo.Options{Functions: 1000})})
	c := client(f, "us-west-2", accessKey, secretKey)
	in := &sdkcw.ListMetricsInput{Namespace: aws.String("AWS/Lambda"), MetricName: aws.String("Invocations"),
		Dimensions: []types.DimensionFilter{{Name: aws.String("FunctionName")}}}
	pages, byName := 0, 0
	for {
		out, err := c.ListMetrics(context.Background(), in)
		if err != nil {
			t.Fatal(err)
		}
		pages++
		for _, m := range out.Metrics {
			if len(m.Dimensions) == 1 {
				byName++
			}
		}
		if out.NextToken == nil {
			break
		}
		in.NextToken = out.NextToken
	}
	want := 0
	for _, r := range f.opts.Estate.Resources(model.KindLambda) {
		if r.Region == "us-west-2" {
			want++
		}
	}
	if byName != want || pages != 2 {
		t.Fatalf("%d functions in %d pages, want %d in 2", byName, pages, want)
	}
	one := &sdkcw.ListMetricsInput{Namespace: aws.String("AWS/SQS"),
		Dimensions: []types.DimensionFilter{{Name: aws.String("QueueName"), Value: aws.String("order-notifications-dlq")}}}
	out, err := c.ListMetrics(context.Background(), one)
	if err != nil || len(out.Metrics) != len(model.Metrics(model.KindSQS)) {
		t.Fatalf("%v: %d metrics of one queue", err, len(out.Metrics))
	}
}

func TestTheProtocolIsChecked(t *testing.T) {
	f := start(t, Options{})
	body := encodeCBOR(map[string]any{})
	path := "/service/" + serviceName + "/operation/GetMetricData"
	tests := []struct {
		name       string
		method     string
		path       string
		headers    map[string]string
		body       []byte
		wantStatus int
		wantText   string
	}{
		{"GET", http.MethodGet, path, nil, nil, http.StatusMethodNotAllowed, "POST"},
		{"the awsQuery path", http.MethodPost, "/", nil, nil, http.StatusNotFound, "/service/" + serviceName},
		{"no Smithy-Protocol header", http.MethodPost, path, map[string]string{}, body, http.StatusBadRequest, "Smithy-Protocol"},
		{"JSON instead of CBOR", http.MethodPost, path, map[string]string{"Smithy-Protocol": "rpc-v2-cbor", "X-Amzn-Query-Mode": "true"}, []byte(`{}`), http.StatusForbidden, "signed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest(tt.method, f.URL+tt.path, bytes.NewReader(tt.body))
			for k, v := range tt.headers {
				req.Header.Set(k, v)
			}
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			var raw bytes.Buffer
			_, _ = raw.ReadFrom(res.Body)
			decoded, err := decodeCBOR(raw.Bytes())
			if err != nil {
				t.Fatalf("error body is not CBOR: %v", err)
			}
			msg, _ := decoded.(map[string]any)["message"].(string)
			if res.StatusCode != tt.wantStatus || !strings.Contains(msg, tt.wantText) || res.Header.Get("X-Amzn-Query-Error") == "" {
				t.Fatalf("status %d message %q query error %q", res.StatusCode, msg, res.Header.Get("X-Amzn-Query-Error"))
			}
		})
	}
}

func TestCBORCodec(t *testing.T) {
	ts := time.Date(2026, 11, 18, 10, 30, 0, 250e6, time.UTC)
	v := map[string]any{"s": "x", "n": int64(-3), "f": 1.5, "b": true, "z": nil, "t": ts, "l": []any{"a", int64(1)}}
	got, err := decodeCBOR(encodeCBOR(v))
	if err != nil {
		t.Fatal(err)
	}
	m := got.(map[string]any)
	if m["s"] != "x" || m["n"] != int64(-3) || m["f"] != 1.5 || m["b"] != true || m["z"] != nil || !m["t"].(epochSeconds).time().Equal(ts) {
		t.Fatalf("round trip: %#v", m)
	}
	bad := map[string][]byte{
		"trailing bytes":          append(encodeCBOR("a"), 0x00),
		"a non-string map key":    {0xa1, 0x01, 0x02},
		"truncated":               {0x63, 'a'},
		"a tag Smithy never uses": {0xc2, 0x41, 0x01},
		"invalid UTF-8":           {0x61, 0xff},
		"a repeated map key":      {0xa2, 0x61, 'a', 0x01, 0x61, 'a', 0x02},
	}
	for name, p := range bad {
		if _, err := decodeCBOR(p); err == nil {
			t.Errorf("%s: decoded without error", name)
		}
	}
	// Indefinite-length items, as the SDK writes structures and lists.
	indefinite := []byte{0xbf, 0x61, 'k', 0x9f, 0x01, 0x02, 0xff, 0xff}
	got, err = decodeCBOR(indefinite)
	if err != nil || len(got.(map[string]any)["k"].([]any)) != 2 {
		t.Fatalf("indefinite: %v %v", got, err)
	}
}
