package servicemap

import (
	"testing"

	"github.com/seed/serverless/pkg/model"
)

func lambdaIn(region, name string) Resource {
	return Resource{Kind: model.KindLambda, Name: name, Region: region, MetricID: name}
}

func TestFunctionReadsEveryWayAFunctionIsNamed(t *testing.T) {
	for _, tc := range []struct {
		ref  string
		want Resource
		ok   bool
	}{
		{"arn:aws:lambda:eu-west-1:123456789012:function:checkout", lambdaIn("eu-west-1", "checkout"), true},
		{"arn:aws:lambda:eu-west-1:123456789012:function:checkout:live", lambdaIn("eu-west-1", "checkout"), true},
		{"arn:aws-cn:lambda:cn-north-1:123456789012:function:checkout:7", lambdaIn("cn-north-1", "checkout"), true},
		{"123456789012:function:checkout", lambdaIn("us-east-1", "checkout"), true},
		{"arn:aws:apigateway:us-west-2:lambda:path/2015-03-31/functions/arn:aws:lambda:us-west-2:123456789012:function:pay_1/invocations",
			lambdaIn("us-west-2", "pay_1"), true},
		{"checkout", lambdaIn("us-east-1", "checkout"), true},
		{"checkout:live", lambdaIn("us-east-1", "checkout"), true},
		{"arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:${stageVariables.fn}/invocations", Resource{}, false},
		{"https://example.com/orders", Resource{}, false},
		{"", Resource{}, false},
	} {
		got, ok := function(tc.ref, "us-east-1")
		if got != tc.want || ok != tc.ok {
			t.Errorf("%s: %+v %v, want %+v %v", tc.ref, got, ok, tc.want, tc.ok)
		}
	}
}

func TestQueuesAndTablesAreReadFromURLsAndARNs(t *testing.T) {
	for _, tc := range []struct {
		name string
		got  func() (Resource, bool)
		want Resource
	}{
		{"queue URL", func() (Resource, bool) {
			return queueOfURL("https://sqs.us-west-2.amazonaws.com/123456789012/orders", "us-east-1")
		},
			queue("orders", "us-west-2")},
		{"legacy queue URL", func() (Resource, bool) {
			return queueOfURL("https://eu-west-1.queue.amazonaws.com/123456789012/orders", "us-east-1")
		}, queue("orders", "eu-west-1")},
		{"queue URL without a region", func() (Resource, bool) {
			return queueOfURL("https://sqs.amazonaws.com/123456789012/orders", "us-east-1")
		},
			queue("orders", "us-east-1")},
		{"queue ARN", func() (Resource, bool) { return resourceOfARN("arn:aws:sqs:us-west-2:123456789012:orders-dlq") }, queue("orders-dlq", "us-west-2")},
		{"DynamoDB stream ARN", func() (Resource, bool) {
			return resourceOfARN("arn:aws:dynamodb:eu-west-1:123456789012:table/ledger/stream/2026-01-01T00:00:00.000")
		}, Resource{Kind: model.KindDynamoDB, Name: "ledger", Region: "eu-west-1", MetricID: "ledger"}},
	} {
		got, ok := tc.got()
		if !ok || got != tc.want {
			t.Errorf("%s: %+v %v, want %+v", tc.name, got, ok, tc.want)
		}
	}
	for _, arn := range []string{"arn:aws:kinesis:us-east-1:123456789012:stream/clicks", "not an arn", ""} {
		if r, ok := resourceOfARN(arn); ok {
			t.Errorf("%s: %+v", arn, r)
		}
	}
}

func TestDefinitionTargetsFindsFunctionsAndQueuesAnywhereInADefinition(t *testing.T) {
	for _, tc := range []struct {
		name, definition string
		want             []Resource
	}{
		{"a function ARN as the Resource",
			`{"StartAt":"A","States":{"A":{"Type":"Task","Resource":"arn:aws:lambda:us-west-2:123456789012:function:reserve","End":true}}}`,
			[]Resource{lambdaIn("us-west-2", "reserve")}},
		{"lambda:invoke by name, alias and ARN, in Parameters and Arguments",
			`{"StartAt":"A","States":{
			  "A":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName":"charge:live","Payload.$":"$"},"Next":"B"},
			  "B":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke.waitForTaskToken","Arguments":{"FunctionName":"arn:aws:lambda:eu-west-1:123456789012:function:ship"},"End":true}}}`,
			[]Resource{lambdaIn("us-east-1", "charge"), lambdaIn("eu-west-1", "ship")}},
		{"inside Parallel branches and a Map processor",
			`{"StartAt":"P","States":{"P":{"Type":"Parallel","End":true,"Branches":[{"StartAt":"M","States":{"M":{"Type":"Map","End":true,
			  "ItemProcessor":{"StartAt":"S","States":{"S":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage",
			  "Parameters":{"QueueUrl":"https://sqs.us-west-2.amazonaws.com/123456789012/notify","MessageBody.$":"$"},"End":true}}}}}}]}}}`,
			[]Resource{queue("notify", "us-west-2")}},
		{"values computed at run time are not followed",
			`{"StartAt":"A","States":{"A":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName.$":"$.fn"},"Next":"B"},
			  "B":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Arguments":{"FunctionName":"{% $fn %}"},"Next":"C"},
			  "C":{"Type":"Task","Resource":"arn:aws:states:::dynamodb:putItem","Parameters":{"TableName":"t"},"End":true}}}`, nil},
		{"not JSON", `{`, nil},
	} {
		got := definitionTargets(tc.definition, "us-east-1")
		if len(got) != len(tc.want) {
			t.Errorf("%s: %+v, want %+v", tc.name, got, tc.want)
			continue
		}
		for _, w := range tc.want {
			found := false
			for _, g := range got {
				found = found || g == w
			}
			if !found {
				t.Errorf("%s: %+v lacks %+v", tc.name, got, w)
			}
		}
	}
}
