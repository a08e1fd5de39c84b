package lambdadiscovery_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"

	"github.com/seed/serverless/pkg/awsclients"
	"github.com/seed/serverless/pkg/awsclients/awstest"
	"github.com/seed/serverless/pkg/lambdadiscovery"
	"github.com/seed/serverless/pkg/lambdadiscovery/lambdafake"
	"github.com/seed/serverless/pkg/settings/settingstest"
)

func TestMain(m *testing.M) { awstest.Main(m) }

// sdkClients are the SDK's Lambda clients pointed at the fake, without retries.
func sdkClients(t *testing.T, fake *lambdafake.Fake) *lambdadiscovery.SDKClients {
	t.Helper()
	s := settingstest.AWSKeys(t, "AKIAFAKELAMBDATEST01", "lambda/test/secret", "")
	clients := awsclients.NewConnection(s, awsclients.Options{MaxAttempts: 1})
	return lambdadiscovery.NewSDKClients(clients, func(o *lambda.Options) { o.BaseEndpoint = aws.String(fake.URL) })
}

func newDiscovery(t *testing.T, fake *lambdafake.Fake) *lambdadiscovery.Discovery {
	t.Helper()
	return lambdadiscovery.New(sdkClients(t, fake), 0)
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
			slow := awstest.SlowClients[lambdadiscovery.API]{Next: sdkClients(t, fake).Client, Delay: 50 * time.Millisecond}
			d := lambdadiscovery.New(slow, 0)
			awstest.ColdCache(t, 20, func() {
				if fs, err := d.Functions(context.Background(), regions, false); err != nil || len(fs) != len(regions)*50*pages {
					t.Errorf("%d functions, error %v", len(fs), err)
				}
			}, "ListFunctions", fake.Calls, len(regions)*pages)
		})
	}
}
