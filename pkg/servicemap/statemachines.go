package servicemap

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sfn"

	"github.com/seed/serverless/pkg/awsclients"
	"github.com/seed/serverless/pkg/model"
)

// statePage is ListStateMachines' largest page.
const statePage = 1000

// stateMachines lists the state machines and the functions and queues their definitions call.
// CloudWatch names a state machine by its ARN (StateMachineArn).
func stateMachines(ctx context.Context, d *Discovery, api APIs, region string) (Map, error) {
	var m Map
	in := &sfn.ListStateMachinesInput{MaxResults: d.page(statePage)}
	err := awsclients.Paginate(&in.NextToken, func() (*string, error) {
		out, err := api.StateMachines.ListStateMachines(ctx, in)
		d.called()
		if err != nil {
			return nil, fmt.Errorf("Step Functions ListStateMachines in %s: %w", region, err)
		}
		for _, sm := range out.StateMachines {
			from := Resource{Kind: model.KindStates, Name: aws.ToString(sm.Name), Region: region, MetricID: aws.ToString(sm.StateMachineArn)}
			described, err := api.StateMachines.DescribeStateMachine(ctx, &sfn.DescribeStateMachineInput{StateMachineArn: sm.StateMachineArn})
			d.called()
			if err != nil {
				return nil, fmt.Errorf("Step Functions DescribeStateMachine of %s in %s: %w", from.Name, region, err)
			}
			m.link(from, definitionTargets(aws.ToString(described.Definition), region)...)
		}
		return out.NextToken, nil
	})
	return m, err
}

// definitionTargets finds, anywhere in an Amazon States Language definition (nested Parallel
// branches and Map processors included), the Lambda functions and SQS queues its tasks call:
// a function ARN as a task's Resource, the lambda:invoke integration's FunctionName and the
// sqs:sendMessage integration's QueueUrl, in Parameters (JSONPath) or Arguments (JSONata).
// Values computed at run time (keys ending in .$, {% %} expressions) are not followed.
func definitionTargets(definition, region string) []Resource {
	var root any
	if json.Unmarshal([]byte(definition), &root) != nil {
		return nil
	}
	var found []Resource
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case []any:
			for _, e := range v {
				walk(e)
			}
		case map[string]any:
			if r, ok := taskTarget(v, region); ok {
				found = append(found, r)
			}
			for _, e := range v {
				walk(e)
			}
		}
	}
	walk(root)
	return found
}

// taskTarget is what one state's Resource calls, when it is a function or a queue.
func taskTarget(state map[string]any, region string) (Resource, bool) {
	resource, _ := state["Resource"].(string)
	integration, isIntegration := strings.CutPrefix(resource, "arn:aws:states:::")
	if !isIntegration {
		if service, _, _, ok := arnParts(resource); ok && service == "lambda" {
			return function(resource, region)
		}
		return Resource{}, false
	}
	integration, _, _ = strings.Cut(integration, ".") // .sync, .waitForTaskToken
	argument := func(key string) string {
		for _, block := range []string{"Parameters", "Arguments"} {
			if args, ok := state[block].(map[string]any); ok {
				if s, ok := args[key].(string); ok && !strings.HasPrefix(s, "{%") {
					return s
				}
			}
		}
		return ""
	}
	switch integration {
	case "lambda:invoke":
		return function(argument("FunctionName"), region)
	case "sqs:sendMessage":
		return queueOfURL(argument("QueueUrl"), region)
	}
	return Resource{}, false
}

// checkStateMachines lists one state machine and describes the first listed, if any.
func checkStateMachines(ctx context.Context, api APIs) []Failure {
	out, err := api.StateMachines.ListStateMachines(ctx, &sfn.ListStateMachinesInput{MaxResults: 1})
	failures := []Failure{{Action: "states:ListStateMachines", Err: err}}
	if err == nil && len(out.StateMachines) > 0 {
		_, err = api.StateMachines.DescribeStateMachine(ctx, &sfn.DescribeStateMachineInput{StateMachineArn: out.StateMachines[0].StateMachineArn})
		failures = append(failures, Failure{Action: "states:DescribeStateMachine", Err: err})
	}
	return failures
}
