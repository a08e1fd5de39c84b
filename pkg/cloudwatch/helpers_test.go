package cloudwatch

import (
	"context"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	sdkcw "github.com/aws/aws-sdk-go-v2/service/cloudwatch"

	"github.com/seed/serverless/pkg/awsclients"
	"github.com/seed/serverless/pkg/cloudwatch/cwfake"
	"github.com/seed/serverless/pkg/demo"
	"github.com/seed/serverless/pkg/settings"
	"github.com/seed/serverless/pkg/settings/settingstest"
)

const (
	testAccessKey = "AKIAFAKEFAKEFAKE0001"
	testSecretKey = "fake/secret+key/for-signing-tests-0001"
)

var day = time.Date(2026, 11, 18, 0, 0, 0, 0, time.UTC)

var baseEstate = demo.New(demo.Options{})

// newFake starts a fake that checks signatures with the test keys.
func newFake(t testing.TB, opts cwfake.Options) *cwfake.Fake {
	t.Helper()
	if opts.Estate == nil {
		opts.Estate = baseEstate
	}
	opts.AccessKeyID, opts.SecretKey = testAccessKey, testSecretKey
	f := cwfake.New(opts)
	t.Cleanup(f.Close)
	return f
}

// awsSettings are the data source settings of AWS mode pointed at the fake.
func awsSettings(t testing.TB, endpoint string, regions ...string) settings.AWS {
	return settingstest.AWSKeys(t, testAccessKey, testSecretKey, endpoint, regions...)
}

// testClients are real SDK clients with retries quick enough for tests.
func testClients(t testing.TB, f *cwfake.Fake, attempts int) *SDKClients {
	return NewSDKClients(awsclients.NewConnection(awsSettings(t, f.URL), awsclients.Options{MaxAttempts: attempts, BaseBackoff: time.Millisecond, MaxBackoff: 5 * time.Millisecond}))
}

func newTestPlanner(t testing.TB, f *cwfake.Fake, opts Options) *Planner {
	return NewPlanner(testClients(t, f, 3), opts)
}

func lambdaWant(name, metric, stat string, period time.Duration, from, to time.Time) Want {
	r, _ := baseEstate.Function(name)
	return Want{Series: Series{Region: r.Region, Namespace: "AWS/Lambda", MetricName: metric, Stat: stat, Period: period,
		Dimensions: []Dimension{{"FunctionName", name}}}, From: from, To: to}
}

func fetch(t testing.TB, p *Planner, wants ...Want) *Response {
	t.Helper()
	return p.Fetch(context.Background(), Request{Wants: wants})
}

// arrival is one request of a test: when it reaches the planner after the first, and how long
// its caller waits (0: to the end).
type arrival struct {
	after   time.Duration
	timeout time.Duration
	req     Request
}

// fetchArrivals sends the requests concurrently, each at its time, and returns their responses
// in order.
func fetchArrivals(p *Planner, arrivals ...arrival) []*Response {
	responses := make([]*Response, len(arrivals))
	start := time.Now()
	var wg sync.WaitGroup
	for i, a := range arrivals {
		wg.Go(func() {
			time.Sleep(time.Until(start.Add(a.after)))
			ctx := context.Background()
			if a.timeout > 0 {
				var cancel context.CancelFunc
				ctx, cancel = context.WithTimeout(ctx, a.timeout)
				defer cancel()
			}
			responses[i] = p.Fetch(ctx, a.req)
		})
	}
	wg.Wait()
	return responses
}

// watchedClients count the GetMetricData calls the planner starts and those cancelled under way.
type watchedClients struct {
	Clients
	started, cancelled atomic.Int64
}

func (w *watchedClients) Client(ctx context.Context, region string) (API, error) {
	api, err := w.Clients.Client(ctx, region)
	return watchedAPI{api, w}, err
}

type watchedAPI struct {
	API
	w *watchedClients
}

func (a watchedAPI) GetMetricData(ctx context.Context, in *sdkcw.GetMetricDataInput, optFns ...func(*sdkcw.Options)) (*sdkcw.GetMetricDataOutput, error) {
	a.w.started.Add(1)
	out, err := a.API.GetMetricData(ctx, in, optFns...)
	if ctx.Err() != nil {
		a.w.cancelled.Add(1)
	}
	return out, err
}

// eventually fails the test unless cond holds within a second.
func eventually(t testing.TB, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(time.Second); !cond(); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("still not so after a second: %s", what)
		}
	}
}

func TestMain(m *testing.M) {
	// The fake is plain HTTP; a CA bundle in the environment would only make the SDK refuse
	// grafana-aws-sdk's HTTP client (see awsclients.Connection).
	os.Unsetenv("AWS_CA_BUNDLE")
	os.Exit(m.Run())
}
