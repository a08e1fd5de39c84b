package plugin

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/seed/serverless/pkg/cloudwatch"
	"github.com/seed/serverless/pkg/cloudwatch/cwfake"
	"github.com/seed/serverless/pkg/query"
)

// newAWSSLODatasource is an AWS-mode data source over the fake CloudWatch with the demo SLOs as
// its own. The fake has no quota: the tests count calls, they do not pace them.
func newAWSSLODatasource(t *testing.T, o awsTestOptions) (*Datasource, *cwfake.Fake) {
	t.Helper()
	o.fake.GetMetricDataTPS, o.fake.ListMetricsTPS = -1, -1
	d, fake := newAWSDatasource(t, o)
	d.settings.SLOs = demoSLOs
	d.rebuildAWS(nil)
	return d, fake
}

// sloRequest runs SLO queries over [from, to), as an alert evaluation when fresh.
func sloRequest(ctx context.Context, d *Datasource, fresh bool, from, to time.Time, models ...string) *backend.QueryDataResponse {
	req := &backend.QueryDataRequest{}
	if fresh {
		req.Headers = map[string]string{"FromAlert": "true"}
	}
	for i, m := range models {
		req.Queries = append(req.Queries, backend.DataQuery{RefID: string(rune('A' + i)), QueryType: "slo", MaxDataPoints: 500,
			TimeRange: backend.TimeRange{From: from, To: to}, JSON: []byte(m)})
	}
	res, _ := d.QueryData(ctx, req)
	return res
}

func sloModel(name string, output query.SLOOutput, burnWindow string) string {
	b, _ := json.Marshal(map[string]string{"slo": name, "output": string(output), "burnWindow": burnWindow})
	return string(b)
}

// Every output of every demo SLO answers in AWS mode with demo mode's frames: during the
// database incident, off the 5-minute grid (where windows over 15 days start with their 5
// minutes), and three weeks back, where only 5-minute data is left.
func TestAWSModeAnswersSLOQueriesWithTheFramesOfDemoMode(t *testing.T) {
	pinNow(t, aDayLater)
	demoDS := newTestDatasource(t, `{}`)
	awsDS, fake := newAWSSLODatasource(t, awsTestOptions{})
	incident := dayStart.Add(2*time.Hour + 57*time.Minute)
	ranges := map[string][2]time.Time{
		"the incident":      {incident.Add(-6 * time.Hour), incident},
		"three weeks back":  {incident.Add(-21*24*time.Hour - 6*time.Hour), incident.Add(-21 * 24 * time.Hour)},
		"the incident's 5m": {incident.Add(-20 * time.Minute), incident},
	}
	models := []string{`{"output":"summary"}`}
	for _, spec := range demoSLOs {
		for _, output := range query.SLOOutputs {
			models = append(models, sloModel(spec.Name, output, ""))
		}
		models = append(models, sloModel(spec.Name, query.OutputBurnRate, "5m"), sloModel(spec.Name, query.OutputEvents, "6h"))
	}
	for rangeName, r := range ranges {
		for _, model := range models {
			t.Run(rangeName+" "+model, func(t *testing.T) {
				want := sloRequest(t.Context(), demoDS, false, r[0], r[1], model).Responses["A"]
				got := sloRequest(t.Context(), awsDS, false, r[0], r[1], model).Responses["A"]
				if want.Error != nil || got.Error != nil {
					t.Fatalf("demo error %v, aws error %v", want.Error, got.Error)
				}
				w, g := comparable(t, want.Frames), comparable(t, got.Frames)
				if len(w) == 0 || !slices.Equal(w, g) {
					t.Fatalf("AWS mode frames differ from demo mode:\naws  %.800s\ndemo %.800s", g, w)
				}
				for _, f := range got.Frames {
					if len(f.Meta.Notices) != 0 || f.Meta.Custom == nil {
						t.Errorf("notices %v, figures %v", f.Meta.Notices, f.Meta.Custom)
					}
				}
			})
		}
	}
	if s := fake.Stats(); s.Rejected != 0 || s.PagedCalls != 0 {
		t.Fatalf("fake stats %+v", s)
	}
}

// GetMetricData calls per SLO query, fetched afresh. The planner makes one call per region,
// period and time range as long as the series fit: every read below fits one call (at most 6
// series of at most 10,080 points). So an SLO reads in one call per read range in its region:
// the query's range (sli, burnRate, events, budgetRemaining, breakdown), plus its last bucket in
// minutes when the range ends inside it (budgetRemaining's hours), the 3 days of the longest alert
// window in minutes (alertWindows), or the SLO window: 7 days of minutes, or 28 and 30 days of 5
// minutes plus the last hour in minutes (timeToExhaustion, summary).
func TestSLOQueriesMakeFewGetMetricDataCalls(t *testing.T) {
	pinNow(t, aDayLater)
	d, fake := newAWSSLODatasource(t, awsTestOptions{})
	at := dayStart.Add(2*time.Hour + 55*time.Minute)
	tests := []struct {
		model    string
		maxCalls int
	}{
		{sloModel("checkout-availability", query.OutputSLI, ""), 1},
		{sloModel("checkout-availability", query.OutputBurnRate, "1h"), 1},
		{sloModel("checkout-availability", query.OutputBudgetRemaining, ""), 2},
		{sloModel("checkout-availability", query.OutputBreakdown, ""), 1},
		{sloModel("checkout-availability", query.OutputAlertWindows, ""), 1},
		{sloModel("checkout-availability", query.OutputTimeToExhaustion, ""), 2},
		{sloModel("booking-latency", query.OutputSummary, ""), 2},
		{sloModel("notifications-freshness", query.OutputSummary, ""), 1},
		// checkout in us-east-1, both booking SLOs in eu-west-1 (one window, one hour), notifications
		// in us-west-2.
		{`{"output":"summary"}`, 5},
	}
	for _, tt := range tests {
		t.Run(tt.model, func(t *testing.T) {
			fake.ResetStats()
			res := sloRequest(t.Context(), d, true, at.Add(-6*time.Hour), at, tt.model).Responses["A"]
			if res.Error != nil {
				t.Fatal(res.Error)
			}
			s := fake.Stats()
			// The planner's calls, not the fake's: on a loaded machine the SDK may retry an
			// attempt whose answer came too late, and the fake then answers the call twice.
			figures := res.Frames[0].Meta.Custom.(map[string]any)["cloudwatch"].(cloudwatch.Stats)
			calls := int(figures.GetMetricDataCalls)
			if calls == 0 || calls > tt.maxCalls || s.PagedCalls != 0 || s.MaxDatapointsInCall > cloudwatch.MaxDatapointsPerCall {
				t.Errorf("%d calls (at most %d), %d paged, %d datapoints in the largest", calls, tt.maxCalls, s.PagedCalls, s.MaxDatapointsInCall)
			}
			t.Logf("%d calls (%d retries), %d metrics, %d datapoints, %d ListMetrics", calls, figures.Retries, figures.MetricsRequested, s.Datapoints, figures.ListMetricsCalls)
		})
	}
}

func TestSLOAlertEvaluationsBypassTheCache(t *testing.T) {
	pinNow(t, aDayLater)
	d, fake := newAWSSLODatasource(t, awsTestOptions{})
	at := dayStart.Add(2*time.Hour + 55*time.Minute)
	steps := []struct {
		name      string
		fresh     bool
		wantCalls int
	}{
		{"a panel fetches", false, 1},
		{"the same panel again is served by the cache", false, 1},
		{"an alert evaluation reads CloudWatch", true, 2},
		{"a second evaluation reads it again", true, 3},
	}
	for _, s := range steps {
		res := sloRequest(t.Context(), d, s.fresh, at.Add(-10*time.Minute), at, sloModel("booking-availability", query.OutputBurnRate, "1h")).Responses["A"]
		if res.Error != nil {
			t.Fatal(res.Error)
		}
		if got := fake.Stats().GetMetricDataCalls; got != s.wantCalls {
			t.Fatalf("%s: %d calls so far, want %d", s.name, got, s.wantCalls)
		}
	}
}

// A failing SLO query answers its own error with the status Grafana should show, never a panic.
func TestSLOQueryFailuresInAWSMode(t *testing.T) {
	pinNow(t, aDayLater)
	at := dayStart.Add(2*time.Hour + 55*time.Minute)
	burn := sloModel("checkout-availability", query.OutputBurnRate, "1h")
	tests := []struct {
		name    string
		options awsTestOptions
		// prepare runs before the query; ctx bounds the query.
		prepare    func(t *testing.T, d *Datasource, fake *cwfake.Fake) context.Context
		model      string
		wantStatus backend.Status
		wantError  string
	}{
		{name: "an SLO the data source does not define", model: sloModel("ghost", query.OutputSLI, ""),
			wantStatus: backend.StatusBadRequest, wantError: `slo "ghost" is not defined on this data source`},
		{name: "an SLI over a function CloudWatch does not list", model: sloModel("own", query.OutputSLI, ""),
			prepare: func(t *testing.T, d *Datasource, _ *cwfake.Fake) context.Context {
				d.settings.SLOs = mustLoadSLOs([]byte(`[{"name":"own","service":"s","sli":{"template":"functionAvailability","resources":["ghost"]},"objective":99,"window":{"rolling":"7d"}}]`))
				d.rebuildAWS(nil)
				return t.Context()
			},
			wantStatus: backend.StatusBadRequest, wantError: `slo "own": no lambda resource named "ghost" in us-east-1, us-west-2, eu-west-1`},
		{name: "GetMetricData throttled on every attempt", options: awsTestOptions{attempts: 1}, model: burn,
			prepare: func(t *testing.T, d *Datasource, fake *cwfake.Fake) context.Context {
				// Listed first, so that only GetMetricData is throttled.
				sloRequest(t.Context(), d, false, at.Add(-24*time.Hour), at.Add(-23*time.Hour), burn)
				fake.ThrottleNext(1)
				return t.Context()
			},
			wantStatus: backend.StatusTooManyRequests, wantError: "CloudWatch kept throttling GetMetricData in us-east-1"},
		{name: "CloudWatch slower than the caller waits", options: awsTestOptions{fake: cwfake.Options{Latency: time.Second}}, model: burn,
			prepare: func(t *testing.T, _ *Datasource, _ *cwfake.Fake) context.Context {
				ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
				t.Cleanup(cancel)
				return ctx
			},
			wantStatus: backend.StatusTimeout},
		{name: "CloudWatch refuses the credentials", options: awsTestOptions{secret: "not-the-secret"}, model: burn,
			wantStatus: backend.StatusBadGateway, wantError: "SignatureDoesNotMatch"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, fake := newAWSSLODatasource(t, tt.options)
			ctx := t.Context()
			if tt.prepare != nil {
				ctx = tt.prepare(t, d, fake)
			}
			got := sloRequest(ctx, d, false, at.Add(-time.Hour), at, tt.model).Responses["A"]
			if got.Status != tt.wantStatus || got.Error == nil || !strings.Contains(got.Error.Error(), tt.wantError) {
				t.Fatalf("status %d, error %v; want %d with %q", got.Status, got.Error, tt.wantStatus, tt.wantError)
			}
			if downstream := got.ErrorSource == backend.ErrorSourceDownstream; downstream != (tt.wantStatus != backend.StatusBadRequest) {
				t.Errorf("error source %q", got.ErrorSource)
			}
		})
	}
}
