package plugin

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/seed/serverless/pkg/demo"
	"github.com/seed/serverless/pkg/servicemap"
	"github.com/seed/serverless/pkg/servicemap/servicemapfake"
)

// startDemoServiceMap serves the links of the demo estate that AWS can list, with the ids the
// CloudWatch fake names resources by (cwfake answers an HTTP API's ApiId and a state machine's
// StateMachineArn by the demo name), and returns client options that point at it.
func startDemoServiceMap(t testing.TB, e *demo.Estate) servicemap.ClientOptions {
	fake := servicemapfake.New(servicemapfake.FromEstate(e))
	t.Cleanup(fake.Close)
	return fake.ClientOptions()
}

func TestAWSHealthNamesTheServiceMapActionThatIsDenied(t *testing.T) {
	d, _ := newAWSDatasource(t, awsTestOptions{regions: []string{"us-east-1", "us-west-2"}})
	fake := servicemapfake.New(servicemapfake.FromEstate(demo.New(demo.Options{})))
	t.Cleanup(fake.Close)
	d.serviceMap = servicemap.New(servicemap.NewSDKClients(d.awsConfig, fake.ClientOptions()), servicemap.Options{})
	if h, _ := d.CheckHealth(context.Background(), &backend.CheckHealthRequest{}); h.Status != backend.HealthStatusOk ||
		!strings.Contains(h.Message, "API Gateway, SQS, Step Functions and EventBridge answer") || !strings.Contains(h.Message, "topology queries read AWS") {
		t.Fatalf("%v %q", h.Status, h.Message)
	}
	for _, tc := range []struct{ operation, action, region string }{
		{"GetRestApis", "apigateway:GET", "us-east-1"},
		{"ListQueues", "sqs:ListQueues", "us-east-1"},
		// us-east-1 has no queue to read the attributes of, so the check in us-west-2 is the first.
		{"GetQueueAttributes", "sqs:GetQueueAttributes", "us-west-2"},
		{"ListEventSourceMappings", "lambda:ListEventSourceMappings", "us-east-1"},
		{"ListStateMachines", "states:ListStateMachines", "us-east-1"},
		{"DescribeStateMachine", "states:DescribeStateMachine", "us-east-1"},
		{"ListRules", "events:ListRules", "us-east-1"},
		{"ListTargetsByRule", "events:ListTargetsByRule", "us-east-1"},
	} {
		fake.FailNext(tc.operation, "AccessDeniedException")
		h, _ := d.CheckHealth(context.Background(), &backend.CheckHealthRequest{})
		want := fmt.Sprintf("but the IAM policy does not allow %s in %s (AccessDeniedException); add it to the policy of the role or user", tc.action, tc.region)
		if h.Status != backend.HealthStatusError || !strings.HasSuffix(h.Message, want) {
			t.Errorf("%s denied: %v %q\nwant it to end %q", tc.operation, h.Status, h.Message, want)
		}
	}
}
