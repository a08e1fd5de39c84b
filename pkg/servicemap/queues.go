package servicemap

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/seed/serverless/pkg/awsclients"
)

// ListQueues' and ListEventSourceMappings' largest pages.
const (
	queuePage   = 1000
	mappingPage = 100
)

// queues lists the SQS queues with an edge to each one's dead-letter queue, and the event source
// mappings: queue (or DynamoDB stream) → the function that polls it.
func queues(ctx context.Context, d *Discovery, api APIs, region string) (Map, error) {
	var m Map
	in := &sqs.ListQueuesInput{MaxResults: aws.Int32(d.page(queuePage))}
	err := awsclients.Paginate(&in.NextToken, func() (*string, error) {
		out, err := api.Queues.ListQueues(ctx, in)
		d.called()
		if err != nil {
			return nil, fmt.Errorf("SQS ListQueues in %s: %w", region, err)
		}
		for _, u := range out.QueueUrls {
			q, ok := queueOfURL(u, region)
			if !ok {
				continue
			}
			dlq, ok, err := deadLetterQueue(ctx, d, api, region, u)
			if err != nil {
				return nil, err
			}
			if ok {
				m.link(q, dlq)
			} else {
				m.link(q)
			}
		}
		return out.NextToken, nil
	})
	if err != nil {
		return Map{}, err
	}
	mappings, err := eventSourceMappings(ctx, d, api, region)
	m.Edges = append(m.Edges, mappings...)
	return m, err
}

// deadLetterQueue reads the queue's redrive policy.
func deadLetterQueue(ctx context.Context, d *Discovery, api APIs, region, queueURL string) (Resource, bool, error) {
	out, err := api.Queues.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: aws.String(queueURL),
		AttributeNames: []types.QueueAttributeName{types.QueueAttributeNameRedrivePolicy}})
	d.called()
	if err != nil {
		return Resource{}, false, fmt.Errorf("SQS GetQueueAttributes of %s in %s: %w", queueURL, region, err)
	}
	var policy struct {
		DeadLetterTargetARN string `json:"deadLetterTargetArn"`
	}
	if json.Unmarshal([]byte(out.Attributes[string(types.QueueAttributeNameRedrivePolicy)]), &policy) != nil {
		return Resource{}, false, nil
	}
	dlq, ok := resourceOfARN(policy.DeadLetterTargetARN)
	return dlq, ok, nil
}

func eventSourceMappings(ctx context.Context, d *Discovery, api APIs, region string) ([]Edge, error) {
	var edges []Edge
	in := &lambda.ListEventSourceMappingsInput{MaxItems: aws.Int32(d.page(mappingPage))}
	err := awsclients.Paginate(&in.Marker, func() (*string, error) {
		out, err := api.Mappings.ListEventSourceMappings(ctx, in)
		d.called()
		if err != nil {
			return nil, fmt.Errorf("Lambda ListEventSourceMappings in %s: %w", region, err)
		}
		for _, esm := range out.EventSourceMappings {
			from, ok := resourceOfARN(aws.ToString(esm.EventSourceArn))
			to, isFunction := function(aws.ToString(esm.FunctionArn), region)
			if ok && isFunction {
				edges = append(edges, Edge{From: from, To: to})
			}
		}
		return out.NextMarker, nil
	})
	return edges, err
}

// checkQueues lists one queue and reads the attributes of the first listed, if any.
func checkQueues(ctx context.Context, api APIs) []Failure {
	out, err := api.Queues.ListQueues(ctx, &sqs.ListQueuesInput{MaxResults: aws.Int32(1)})
	failures := []Failure{{Action: "sqs:ListQueues", Err: err}}
	if err == nil && len(out.QueueUrls) > 0 {
		_, err = api.Queues.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: aws.String(out.QueueUrls[0]),
			AttributeNames: []types.QueueAttributeName{types.QueueAttributeNameRedrivePolicy}})
		failures = append(failures, Failure{Action: "sqs:GetQueueAttributes", Err: err})
	}
	return failures
}

func checkMappings(ctx context.Context, api APIs) []Failure {
	_, err := api.Mappings.ListEventSourceMappings(ctx, &lambda.ListEventSourceMappingsInput{MaxItems: aws.Int32(1)})
	return []Failure{{Action: "lambda:ListEventSourceMappings", Err: err}}
}
