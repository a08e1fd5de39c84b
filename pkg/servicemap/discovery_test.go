package servicemap_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/seed/serverless/pkg/awsclients"
	"github.com/seed/serverless/pkg/awsclients/awstest"
	"github.com/seed/serverless/pkg/servicemap"
	"github.com/seed/serverless/pkg/servicemap/servicemapfake"
	"github.com/seed/serverless/pkg/settings/settingstest"
)

func TestMain(m *testing.M) { awstest.Main(m) }

func fakeClients(t *testing.T, fake *servicemapfake.Fake) *servicemap.SDKClients {
	t.Helper()
	s := settingstest.AWSKeys(t, "AKIAFAKESERVICEMAP01", "servicemap/test/secret", "")
	return servicemap.NewSDKClients(awsclients.NewConnection(s, awsclients.Options{MaxAttempts: 1}), fake.ClientOptions())
}

// pageSize forces several pages of every list in the estate below.
const pageSize = 2

func fakeEstate() map[string]servicemapfake.Region {
	east := servicemapfake.Region{
		Queues: []servicemapfake.Queue{{Name: "orders", DeadLetterQueue: "orders-dlq"}, {Name: "orders-dlq"}, {Name: "audit"}},
		Mappings: []servicemapfake.Mapping{
			{SourceARN: "arn:aws:sqs:us-east-1:123456789012:orders", Function: "notify"},
			{SourceARN: "arn:aws:sqs:us-east-1:123456789012:orders-dlq", Function: "redrive"},
			{SourceARN: "arn:aws:dynamodb:us-east-1:123456789012:table/ledger/stream/2026-01-01T00:00:00.000", Function: "ledger-sync"},
			{SourceARN: "arn:aws:kinesis:us-east-1:123456789012:stream/clicks", Function: "clicks"},
		},
		StateMachines: []servicemapfake.StateMachine{{Name: "fulfil", ARN: "arn:aws:states:us-east-1:123456789012:stateMachine:fulfil",
			Definition: `{"StartAt":"A","States":{"A":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName":"pick:live"},"Next":"B"},` +
				`"B":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage","Parameters":{"QueueUrl":"https://sqs.us-east-1.amazonaws.com/123456789012/orders"},"End":true}}}`}},
		Rules: []servicemapfake.Rule{{Name: "paid", Targets: []string{servicemapfake.FunctionARN("us-east-1", "finalize"),
			"arn:aws:sqs:us-east-1:123456789012:audit", servicemapfake.FunctionARN("us-east-1", "ledger")}}},
	}
	for i := range 5 {
		name := fmt.Sprintf("api-%d", i)
		east.RESTAPIs = append(east.RESTAPIs, servicemapfake.API{ID: "rest" + name, Name: name, Functions: []string{name + "-a", name + "-b", name + "-c"}})
		east.Rules = append(east.Rules, servicemapfake.Rule{Name: fmt.Sprintf("nightly-%d", i)})
	}
	west := servicemapfake.Region{HTTPAPIs: []servicemapfake.API{
		{ID: "h1", Name: "booking", Functions: []string{"book", "cancel", "confirm"}}, {ID: "h2", Name: "search"}, {ID: "h3", Name: "quotes", Functions: []string{"quote"}}}}
	return map[string]servicemapfake.Region{"us-east-1": east, "eu-west-1": west}
}

func TestMapReadsEveryPageOfEveryAPIOnceAndCachesIt(t *testing.T) {
	fake := servicemapfake.New(fakeEstate())
	defer fake.Close()
	d := servicemap.New(fakeClients(t, fake), servicemap.Options{PageSize: pageSize})
	m, err := d.Map(context.Background(), []string{"us-east-1", "eu-west-1"}, false)
	if err != nil {
		t.Fatal(err)
	}
	var resources, edges []string
	for _, r := range m.Resources {
		resources = append(resources, fmt.Sprintf("%s/%s@%s=%s", r.Kind, r.Name, r.Region, r.MetricID))
	}
	for _, e := range m.Edges {
		edges = append(edges, fmt.Sprintf("%s/%s->%s/%s@%s", e.From.Kind, e.From.Name, e.To.Kind, e.To.Name, e.To.Region))
	}
	if got, want := len(resources), 5+3+1+6+3; got != want {
		t.Errorf("%d resources, want %d: %v", got, want, resources)
	}
	for _, want := range []string{"apigateway/api-4@us-east-1=api-4", "apigatewayv2/booking@eu-west-1=h1", "sqs/orders-dlq@us-east-1=orders-dlq",
		"states/fulfil@us-east-1=arn:aws:states:us-east-1:123456789012:stateMachine:fulfil", "events/nightly-3@us-east-1=nightly-3"} {
		if !strings.Contains(strings.Join(resources, " "), want) {
			t.Errorf("no %s in %v", want, resources)
		}
	}
	wantEdges := []string{"apigateway/api-0->lambda/api-0-a@us-east-1", "apigateway/api-4->lambda/api-4-c@us-east-1",
		"apigatewayv2/booking->lambda/confirm@eu-west-1", "apigatewayv2/quotes->lambda/quote@eu-west-1",
		"dynamodb/ledger->lambda/ledger-sync@us-east-1", "events/paid->lambda/finalize@us-east-1", "events/paid->lambda/ledger@us-east-1",
		"sqs/orders->lambda/notify@us-east-1", "sqs/orders->sqs/orders-dlq@us-east-1", "sqs/orders-dlq->lambda/redrive@us-east-1",
		"states/fulfil->lambda/pick@us-east-1", "states/fulfil->sqs/orders@us-east-1"}
	if len(edges) != 5*3+3+1+1+2+3+2 {
		t.Errorf("%d edges: %v", len(edges), edges)
	}
	for _, want := range wantEdges {
		if !strings.Contains(strings.Join(edges, " "), want) {
			t.Errorf("no %s in %v", want, edges)
		}
	}
	// Pages of 2: 5 REST APIs in 3, 4 resources (root + 3) per API in 2, 3 HTTP APIs in 2, ...
	for op, want := range map[string]int{"GetRestApis": 3 + 1, "GetResources": 10, "GetApis": 2 + 1, "GetIntegrations": 2 + 1 + 1,
		"ListQueues": 2 + 1, "GetQueueAttributes": 3, "ListEventSourceMappings": 2 + 1, "ListStateMachines": 1 + 1, "DescribeStateMachine": 1,
		"ListRules": 3 + 1, "ListTargetsByRule": 2 + 5} {
		if got := fake.Calls(op); got != want {
			t.Errorf("%s: %d calls, want %d", op, got, want)
		}
	}
	calls := d.Calls()
	if _, err := d.Map(context.Background(), []string{"us-east-1", "eu-west-1"}, false); err != nil || d.Calls() != calls {
		t.Fatalf("the cached map was read again: %v, %d calls after %d", err, d.Calls(), calls)
	}
	if _, err := d.Map(context.Background(), []string{"eu-west-1"}, true); err != nil || d.Calls() == calls {
		t.Fatalf("fresh did not read again: %v, %d calls", err, d.Calls())
	}
}

func TestMapReadsARegionAgainWhenItsTTLHasPassed(t *testing.T) {
	fake := servicemapfake.New(fakeEstate())
	defer fake.Close()
	d := servicemap.New(fakeClients(t, fake), servicemap.Options{TTL: 50 * time.Millisecond})
	for range 2 {
		if _, err := d.Map(context.Background(), []string{"eu-west-1"}, false); err != nil {
			t.Fatal(err)
		}
	}
	if got := fake.Calls("GetApis"); got != 1 {
		t.Fatalf("GetApis called %d times within the TTL", got)
	}
	time.Sleep(60 * time.Millisecond)
	if _, err := d.Map(context.Background(), []string{"eu-west-1"}, false); err != nil || fake.Calls("GetApis") != 2 {
		t.Fatalf("the expired map was not read again: %v, %d calls", err, fake.Calls("GetApis"))
	}
}

func TestMapAndCheckNameTheCallThatFailed(t *testing.T) {
	fake := servicemapfake.New(fakeEstate())
	defer fake.Close()
	d := servicemap.New(fakeClients(t, fake), servicemap.Options{})
	fake.FailNext("DescribeStateMachine", "AccessDeniedException")
	_, err := d.Map(context.Background(), []string{"us-east-1"}, false)
	if err == nil || !strings.Contains(err.Error(), "Step Functions DescribeStateMachine of fulfil in us-east-1") || !strings.Contains(err.Error(), "AccessDeniedException") {
		t.Fatalf("error %v", err)
	}
	for _, tc := range []struct{ operation, action string }{
		{"GetApis", "apigateway:GET"}, {"GetQueueAttributes", "sqs:GetQueueAttributes"}, {"ListEventSourceMappings", "lambda:ListEventSourceMappings"},
		{"ListStateMachines", "states:ListStateMachines"}, {"ListTargetsByRule", "events:ListTargetsByRule"},
	} {
		fake.FailNext(tc.operation, "AccessDeniedException")
		failures, err := d.Check(context.Background(), "us-east-1")
		if err != nil || len(failures) != 1 || failures[0].Action != tc.action || !strings.Contains(failures[0].Err.Error(), "AccessDeniedException") {
			t.Errorf("%s denied: %+v %v", tc.operation, failures, err)
		}
	}
	if failures, err := d.Check(context.Background(), "us-east-1"); err != nil || len(failures) != 0 {
		t.Fatalf("nothing denied: %+v %v", failures, err)
	}
}

// apisFunc is a servicemap.Clients made of a function, such as a slowed client source's Client.
type apisFunc func(ctx context.Context, region string) (servicemap.APIs, error)

func (f apisFunc) APIs(ctx context.Context, region string) (servicemap.APIs, error) {
	return f(ctx, region)
}

func TestConcurrentCallersOnAColdCacheShareEachRegionsDiscovery(t *testing.T) {
	regions := []string{"us-east-1", "eu-west-1", "ap-southeast-2"}
	operations := []string{"GetRestApis", "GetResources", "GetApis", "GetIntegrations", "ListQueues", "GetQueueAttributes",
		"ListEventSourceMappings", "ListStateMachines", "DescribeStateMachine", "ListRules", "ListTargetsByRule"}
	discover := func(callers int) map[string]int {
		fake := servicemapfake.New(fakeEstate())
		defer fake.Close()
		// Each region's discovery is held up a little, so that callers arriving together overlap.
		slow := awstest.SlowClients[servicemap.APIs]{Next: fakeClients(t, fake).APIs, Delay: 50 * time.Millisecond}
		d := servicemap.New(apisFunc(slow.Client), servicemap.Options{PageSize: pageSize})
		awstest.Together(callers, func() {
			if m, err := d.Map(context.Background(), regions, false); err != nil || len(m.Resources) != 18 {
				t.Errorf("%d resources, error %v", len(m.Resources), err)
			}
		})
		calls := map[string]int{}
		for _, op := range operations {
			calls[op] = fake.Calls(op)
		}
		return calls
	}
	one, twenty := discover(1), discover(20)
	sum := func(calls map[string]int) (n int) {
		for _, c := range calls {
			n += c
		}
		return n
	}
	t.Logf("one caller: %d calls %v; 20 concurrent callers: %d calls %v", sum(one), one, sum(twenty), twenty)
	for _, op := range operations {
		if twenty[op] != one[op] {
			t.Errorf("%s: %d calls for 20 concurrent callers, %d for one", op, twenty[op], one[op])
		}
	}
}
