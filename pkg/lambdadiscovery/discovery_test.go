package lambdadiscovery_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"

	"github.com/seed/serverless/pkg/awsclients"
	"github.com/seed/serverless/pkg/lambdadiscovery"
	"github.com/seed/serverless/pkg/lambdadiscovery/lambdafake"
	"github.com/seed/serverless/pkg/settings/settingstest"
)

func TestMain(m *testing.M) {
	os.Unsetenv("AWS_CA_BUNDLE")
	os.Exit(m.Run())
}

func newDiscovery(t *testing.T, fake *lambdafake.Fake) *lambdadiscovery.Discovery {
	t.Helper()
	s := settingstest.AWSKeys(t, "AKIAFAKELAMBDATEST01", "lambda/test/secret", "")
	clients := awsclients.NewConnection(s, awsclients.Options{MaxAttempts: 1})
	return lambdadiscovery.New(lambdadiscovery.NewSDKClients(clients, func(o *lambda.Options) { o.BaseEndpoint = aws.String(fake.URL) }), 0)
}

func TestFunctionsReadsEveryPageOnceAndCachesIt(t *testing.T) {
	var east []lambdafake.Function
	for i := range 123 {
		east = append(east, lambdafake.Function{Name: fmt.Sprintf("fn-%03d", 122-i), Runtime: "nodejs20.x", Architecture: "arm64", MemoryMB: 128 + i, TimeoutSeconds: 3 + i%10})
	}
	fake := lambdafake.New(map[string][]lambdafake.Function{"us-east-1": east,
		"eu-west-1": {{Name: "billing", Runtime: "python3.12", Architecture: "x86_64", MemoryMB: 512, TimeoutSeconds: 30}}})
	defer fake.Close()
	d := newDiscovery(t, fake)
	fs, err := d.Functions(context.Background(), []string{"us-east-1", "eu-west-1"}, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(fs) != 124 || fake.Calls() != 4 {
		t.Fatalf("%d functions in %d calls, want 124 in 3 pages + 1", len(fs), fake.Calls())
	}
	first, last := fs[0], fs[123]
	if first.Name != "fn-000" || first.Region != "us-east-1" || first.MemoryMB != 250 || first.TimeoutSeconds != 5 || first.Architecture != "arm64" || first.Runtime != "nodejs20.x" ||
		!strings.HasSuffix(first.ARN, ":function:fn-000") {
		t.Fatalf("first %+v", first)
	}
	if last != (lambdadiscovery.Function{Name: "billing", Region: "eu-west-1", ARN: "arn:aws:lambda:eu-west-1:123456789012:function:billing", Runtime: "python3.12",
		Architecture: "x86_64", MemoryMB: 512, TimeoutSeconds: 30}) {
		t.Fatalf("last %+v", last)
	}
	if _, err := d.Functions(context.Background(), []string{"us-east-1", "eu-west-1"}, false); err != nil || fake.Calls() != 4 {
		t.Fatalf("the cached list was read again: %v, %d calls", err, fake.Calls())
	}
	if _, err := d.Functions(context.Background(), []string{"eu-west-1"}, true); err != nil || fake.Calls() != 5 {
		t.Fatalf("fresh did not read again: %v, %d calls", err, fake.Calls())
	}
	fake.FailNext("AccessDeniedException")
	_, err = d.Functions(context.Background(), []string{"eu-west-1"}, true)
	if err == nil || !strings.Contains(err.Error(), "Lambda ListFunctions in eu-west-1") || !strings.Contains(err.Error(), "AccessDeniedException") {
		t.Fatalf("error %v", err)
	}
}

// slowClients holds each listing up a little, so that callers arriving together overlap.
type slowClients struct {
	lambdadiscovery.Clients
	delay time.Duration
}

func (c slowClients) Client(ctx context.Context, region string) (lambdadiscovery.API, error) {
	time.Sleep(c.delay)
	return c.Clients.Client(ctx, region)
}

func TestConcurrentCallersOnAColdCacheShareEachRegionsListing(t *testing.T) {
	regions := []string{"us-east-1", "eu-west-1", "ap-southeast-2"}
	for _, pages := range []int{1, 2} {
		t.Run(fmt.Sprintf("%d pages a region", pages), func(t *testing.T) {
			estate := map[string][]lambdafake.Function{}
			for _, region := range regions {
				for i := range 50 * pages {
					estate[region] = append(estate[region], lambdafake.Function{Name: fmt.Sprintf("fn-%03d", i), Runtime: "go1.x", Architecture: "x86_64", MemoryMB: 128, TimeoutSeconds: 3})
				}
			}
			fake := lambdafake.New(estate)
			defer fake.Close()
			s := settingstest.AWSKeys(t, "AKIAFAKELAMBDATEST01", "lambda/test/secret", "")
			sdk := lambdadiscovery.NewSDKClients(awsclients.NewConnection(s, awsclients.Options{MaxAttempts: 1}),
				func(o *lambda.Options) { o.BaseEndpoint = aws.String(fake.URL) })
			d := lambdadiscovery.New(slowClients{sdk, 50 * time.Millisecond}, 0)
			var wg sync.WaitGroup
			for range 20 {
				wg.Go(func() {
					if fs, err := d.Functions(context.Background(), regions, false); err != nil || len(fs) != len(regions)*50*pages {
						t.Errorf("%d functions, error %v", len(fs), err)
					}
				})
			}
			wg.Wait()
			t.Logf("20 callers, %d regions of %d pages: %d ListFunctions calls", len(regions), pages, fake.Calls())
			if want := len(regions) * pages; fake.Calls() != want {
				t.Fatalf("%d ListFunctions calls, want %d (regions × pages)", fake.Calls(), want)
			}
		})
	}
}
