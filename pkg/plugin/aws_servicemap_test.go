package plugin

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/seed/serverless/pkg/cloudwatch/cwfake"
	"github.com/seed/serverless/pkg/demo"
	"github.com/seed/serverless/pkg/mode/awsmode"
	"github.com/seed/serverless/pkg/model"
	"github.com/seed/serverless/pkg/servicemap"
	"github.com/seed/serverless/pkg/servicemap/servicemapfake"
)

// startDemoServiceMap serves the links of the demo estate that AWS can list, with the ids the
// CloudWatch fake names resources by (cwfake answers an HTTP API's ApiId and a state machine's
// StateMachineArn by the demo name), and returns client options that point at it.
func startDemoServiceMap(t testing.TB, e *demo.Estate, dimensionValue func(model.Resource) string) servicemap.ClientOptions {
	fake := servicemapfake.New(servicemapfake.FromEstate(e, dimensionValue))
	t.Cleanup(fake.Close)
	return fake.ClientOptions()
}

func TestAWSHealthNamesTheServiceMapActionThatIsDenied(t *testing.T) {
	d, _ := newAWSDatasource(t, awsTestOptions{regions: []string{"us-east-1", "us-west-2"}})
	fake := servicemapfake.New(servicemapfake.FromEstate(demo.New(demo.Options{}), nil))
	t.Cleanup(fake.Close)
	d.rebuildAWS(func(o *awsmode.Options) { o.ServiceMapClients = fake.ClientOptions() })
	if h, _ := d.CheckHealth(context.Background(), &backend.CheckHealthRequest{}); h.Status != backend.HealthStatusOk ||
		!strings.Contains(h.Message, "API Gateway, SQS, Step Functions and EventBridge answer") || !strings.Contains(h.Message, "Every query kind reads AWS") {
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

// CloudWatch knows an HTTP API by its ApiId and a state machine by its ARN. Queries and SLOs name
// them as people do, legends show their names, and the dimension label keeps CloudWatch's value.
func TestAWSModeNamesResourcesCloudWatchKnowsByID(t *testing.T) {
	pinNow(t, aDayLater)
	awsDS, _ := newAWSSLODatasource(t, awsTestOptions{fake: cwfake.Options{DimensionValue: servicemapfake.AWSDimensionValue}})
	demoDS := newTestDatasource(t, `{}`)
	estate := demo.New(demo.Options{})
	tests := []struct{ name, model string }{
		{"an HTTP API by name", `{"queryType":"metrics","resourceKind":"apigatewayv2","names":["booking-http-api"],"metric":"Count","statistic":"Sum","period":300}`},
		{"an HTTP API by the id the apis variable gives", fmt.Sprintf(`{"queryType":"metrics","resourceKind":"apigatewayv2","names":[%q],"metric":"Count","statistic":"Sum","period":300}`,
			servicemapfake.AWSDimensionValue(model.Resource{Kind: model.KindAPIGatewayV2, Name: "booking-http-api"}))},
		{"state machines by a pattern over names", `{"queryType":"metrics","resourceKind":"states","pattern":"^order","metric":"ExecutionsStarted","statistic":"Sum","period":300}`},
		{"an SLO of an HTTP API", `{"queryType":"slo","slo":"booking-availability","output":"sli","period":300}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := backend.DataQuery{RefID: "A", JSON: []byte(tt.model)}
			got := queryDay(awsDS, q).Responses["A"]
			// Demo mode knows resources by name only.
			q.JSON = []byte(strings.Replace(tt.model, servicemapfake.AWSDimensionValue(model.Resource{Kind: model.KindAPIGatewayV2, Name: "booking-http-api"}), "booking-http-api", 1))
			want := queryDay(demoDS, q).Responses["A"]
			if got.Error != nil || want.Error != nil || len(got.Frames) == 0 || len(got.Frames) != len(want.Frames) {
				t.Fatalf("AWS mode: %d frames, error %v; demo mode: %d frames, error %v", len(got.Frames), got.Error, len(want.Frames), want.Error)
			}
			for i, g := range got.Frames {
				w := want.Frames[i]
				value, wantValue := g.Fields[1], w.Fields[1]
				if value.Config.DisplayNameFromDS != wantValue.Config.DisplayNameFromDS {
					t.Errorf("legend %q, demo mode %q", value.Config.DisplayNameFromDS, wantValue.Config.DisplayNameFromDS)
				}
				for dimension, name := range wantValue.Labels {
					kind, isKind := map[string]model.ResourceKind{"ApiId": model.KindAPIGatewayV2, "StateMachineArn": model.KindStates}[dimension]
					if !isKind {
						continue
					}
					r, _ := estate.Resource(kind, name)
					if id := servicemapfake.AWSDimensionValue(r); value.Labels[dimension] != id || id == name {
						t.Errorf("label %s=%q, want CloudWatch's %q", dimension, value.Labels[dimension], id)
					}
				}
				for row := range w.Rows() {
					gv, _ := value.ConcreteAt(row)
					wv, _ := wantValue.ConcreteAt(row)
					if gv != wv {
						t.Fatalf("row %d: %v, demo mode %v", row, gv, wv)
					}
				}
			}
		})
	}
}
