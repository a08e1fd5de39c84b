package plugin

import (
	"context"
	"encoding/json"
	"fmt"
	neturl "net/url"
	"slices"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	agtypes "github.com/aws/aws-sdk-go-v2/service/apigateway/types"
	"github.com/aws/aws-sdk-go-v2/service/apigatewayv2"
	agv2types "github.com/aws/aws-sdk-go-v2/service/apigatewayv2/types"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	ebtypes "github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/aws/aws-sdk-go-v2/service/sfn"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/seed/serverless/pkg/servicemap"
)

// TestAWSModeDiscoversTheServiceMapInMoto builds a small estate in moto with the SDK and reads it
// back through discovery with pages of one, which moto honours for SQS, Step Functions and
// EventBridge (not API Gateway: servicemapfake covers its pages).
func TestAWSModeDiscoversTheServiceMapInMoto(t *testing.T) {
	url := startMoto(t)
	d := newMotoDatasource(t, url, "us-east-1")
	ctx := context.Background()
	cfg, err := d.connection().Config(ctx, "us-east-1")
	if err != nil {
		t.Fatal(err)
	}
	must := func(what string, _ any, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	arn := func(fn string) string { return "arn:aws:lambda:us-east-1:123456789012:function:" + fn }

	trust, _ := json.Marshal(map[string]any{"Version": "2012-10-17", "Statement": []map[string]any{{"Effect": "Allow",
		"Principal": map[string]string{"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}}})
	motoIAM(t, url, "Action=CreateRole&RoleName=fn&AssumeRolePolicyDocument="+neturl.QueryEscape(string(trust)))
	fns := lambda.NewFromConfig(cfg)
	for _, name := range []string{"orders-handler", "booking-handler", "notify", "redrive", "pick", "finalize"} {
		out, err := fns.CreateFunction(ctx, &lambda.CreateFunctionInput{FunctionName: aws.String(name), Runtime: lambdatypes.RuntimeNodejs20x,
			Role: aws.String("arn:aws:iam::123456789012:role/fn"), Handler: aws.String("index.handler"), Code: &lambdatypes.FunctionCode{ZipFile: handlerZip(t)}})
		must("CreateFunction "+name, out, err)
	}

	rest := apigateway.NewFromConfig(cfg)
	api, err := rest.CreateRestApi(ctx, &apigateway.CreateRestApiInput{Name: aws.String("orders-api")})
	must("CreateRestApi", api, err)
	root, err := rest.GetResources(ctx, &apigateway.GetResourcesInput{RestApiId: api.Id})
	must("GetResources", root, err)
	res, err := rest.CreateResource(ctx, &apigateway.CreateResourceInput{RestApiId: api.Id, ParentId: root.Items[0].Id, PathPart: aws.String("orders")})
	must("CreateResource", res, err)
	method, err := rest.PutMethod(ctx, &apigateway.PutMethodInput{RestApiId: api.Id, ResourceId: res.Id, HttpMethod: aws.String("POST"), AuthorizationType: aws.String("NONE")})
	must("PutMethod", method, err)
	integration, err := rest.PutIntegration(ctx, &apigateway.PutIntegrationInput{RestApiId: api.Id, ResourceId: res.Id, HttpMethod: aws.String("POST"),
		Type: agtypes.IntegrationTypeAwsProxy, IntegrationHttpMethod: aws.String("POST"),
		Uri: aws.String("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/" + arn("orders-handler") + "/invocations")})
	must("PutIntegration", integration, err)

	httpAPIs := apigatewayv2.NewFromConfig(cfg)
	booking, err := httpAPIs.CreateApi(ctx, &apigatewayv2.CreateApiInput{Name: aws.String("booking-api"), ProtocolType: agv2types.ProtocolTypeHttp})
	must("CreateApi", booking, err)
	v2integration, err := httpAPIs.CreateIntegration(ctx, &apigatewayv2.CreateIntegrationInput{ApiId: booking.ApiId, IntegrationType: agv2types.IntegrationTypeAwsProxy,
		IntegrationUri: aws.String(arn("booking-handler")), PayloadFormatVersion: aws.String("2.0")})
	must("CreateIntegration", v2integration, err)

	queues := sqs.NewFromConfig(cfg)
	dlq, err := queues.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String("orders-dlq")})
	must("CreateQueue dlq", dlq, err)
	redrive, _ := json.Marshal(map[string]string{"deadLetterTargetArn": "arn:aws:sqs:us-east-1:123456789012:orders-dlq", "maxReceiveCount": "3"})
	orders, err := queues.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String("orders"), Attributes: map[string]string{"RedrivePolicy": string(redrive)}})
	must("CreateQueue orders", orders, err)
	audit, err := queues.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String("audit")})
	must("CreateQueue audit", audit, err)
	for queue, fn := range map[string]string{"orders": "notify", "orders-dlq": "redrive"} {
		out, err := fns.CreateEventSourceMapping(ctx, &lambda.CreateEventSourceMappingInput{FunctionName: aws.String(fn),
			EventSourceArn: aws.String("arn:aws:sqs:us-east-1:123456789012:" + queue)})
		must("CreateEventSourceMapping "+queue, out, err)
	}

	machines := sfn.NewFromConfig(cfg)
	definition := fmt.Sprintf(`{"StartAt":"Pick","States":{"Pick":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName":"pick:live"},"Next":"Send"},`+
		`"Send":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage","Parameters":{"QueueUrl":%q,"MessageBody.$":"$"},"End":true}}}`, aws.ToString(orders.QueueUrl))
	for _, name := range []string{"fulfil", "idle"} {
		out, err := machines.CreateStateMachine(ctx, &sfn.CreateStateMachineInput{Name: aws.String(name), Definition: aws.String(definition),
			RoleArn: aws.String("arn:aws:iam::123456789012:role/states")})
		must("CreateStateMachine "+name, out, err)
		definition = `{"StartAt":"Wait","States":{"Wait":{"Type":"Wait","Seconds":1,"End":true}}}`
	}

	events := eventbridge.NewFromConfig(cfg)
	for _, name := range []string{"paid", "nightly", "hourly"} {
		out, err := events.PutRule(ctx, &eventbridge.PutRuleInput{Name: aws.String(name), EventPattern: aws.String(`{"source":["shop"]}`)})
		must("PutRule "+name, out, err)
	}
	targets, err := events.PutTargets(ctx, &eventbridge.PutTargetsInput{Rule: aws.String("paid"), Targets: []ebtypes.Target{
		{Id: aws.String("fn"), Arn: aws.String(arn("finalize"))}, {Id: aws.String("queue"), Arn: aws.String("arn:aws:sqs:us-east-1:123456789012:audit")}}})
	must("PutTargets", targets, err)

	discovery := servicemap.New(servicemap.NewSDKClients(d.connection(), servicemap.ClientOptions{}), servicemap.Options{PageSize: 1, TTL: time.Minute})
	m, err := discovery.Map(ctx, []string{"us-east-1"}, false)
	if err != nil {
		t.Fatal(err)
	}
	var edges []string
	for _, e := range m.Edges {
		edges = append(edges, fmt.Sprintf("%s/%s->%s/%s", e.From.Kind, e.From.Name, e.To.Kind, e.To.Name))
	}
	want := []string{"apigateway/orders-api->lambda/orders-handler", "apigatewayv2/booking-api->lambda/booking-handler", "events/paid->lambda/finalize",
		"sqs/orders->lambda/notify", "sqs/orders->sqs/orders-dlq", "sqs/orders-dlq->lambda/redrive", "states/fulfil->lambda/pick", "states/fulfil->sqs/orders"}
	if !slices.Equal(edges, want) {
		t.Errorf("edges %v\nwant  %v", edges, want)
	}
	if len(m.Resources) != 2+3+2+3 {
		t.Errorf("resources %+v", m.Resources)
	}

	variable := func(model string) (texts, values []string) {
		t.Helper()
		r := queryDay(d, backend.DataQuery{RefID: "A", JSON: []byte(model)}).Responses["A"]
		if r.Error != nil || len(r.Frames) != 1 {
			t.Fatalf("%s: %v", model, r.Error)
		}
		return column(t, r.Frames[0], "text"), column(t, r.Frames[0], "value")
	}
	for _, tc := range []struct{ model, texts, values string }{
		{`{"queryType":"variable","variable":"apis"}`, "[booking-api orders-api]", fmt.Sprintf("[%s orders-api]", aws.ToString(booking.ApiId))},
		{`{"queryType":"variable","variable":"apis","upstreamOf":"orders-handler"}`, "[orders-api]", "[orders-api]"},
		{`{"queryType":"variable","variable":"queues","pattern":"^orders"}`, "[orders orders-dlq]", "[orders orders-dlq]"},
		{`{"queryType":"variable","variable":"stateMachines"}`, "[fulfil idle]",
			"[arn:aws:states:us-east-1:123456789012:stateMachine:fulfil arn:aws:states:us-east-1:123456789012:stateMachine:idle]"},
	} {
		texts, values := variable(tc.model)
		if fmt.Sprint(texts) != tc.texts || fmt.Sprint(values) != tc.values {
			t.Errorf("%s: %v %v, want %s %s", tc.model, texts, values, tc.texts, tc.values)
		}
	}
}
