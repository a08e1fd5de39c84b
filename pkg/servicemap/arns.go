package servicemap

import (
	"net/url"
	"path"
	"regexp"
	"strings"

	"github.com/seed/serverless/pkg/model"
)

// functionARN finds a Lambda function in a full or partial function ARN, alone or inside an API
// Gateway integration URI (…/functions/arn:aws:lambda:…:function:NAME/invocations). An alias or
// version after the name is not part of it; a stage variable (${stageVariables.x}) is no name.
var functionARN = regexp.MustCompile(`(?:arn:aws[a-z-]*:lambda:([a-z0-9-]+):)?(?:\d{12}:)?function:([A-Za-z0-9_-]+)`)

// functionName is a bare function name, with an optional alias or version.
var functionName = regexp.MustCompile(`^([A-Za-z0-9_-]+)(?::[A-Za-z0-9_$-]+)?$`)

// function is the Lambda function ref names: an ARN, a partial ARN, an integration URI, a name
// or name:alias. A ref without a region is in region.
func function(ref, region string) (Resource, bool) {
	if m := functionARN.FindStringSubmatch(ref); m != nil {
		if m[1] != "" {
			region = m[1]
		}
		return Resource{Kind: model.KindLambda, Name: m[2], Region: region, MetricID: m[2]}, true
	}
	if m := functionName.FindStringSubmatch(ref); m != nil {
		return Resource{Kind: model.KindLambda, Name: m[1], Region: region, MetricID: m[1]}, true
	}
	return Resource{}, false
}

// arnParts splits an ARN into service, region and resource.
func arnParts(arn string) (service, region, resource string, ok bool) {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" {
		return "", "", "", false
	}
	return parts[2], parts[3], parts[5], true
}

func queue(name, region string) Resource {
	return Resource{Kind: model.KindSQS, Name: name, Region: region, MetricID: name}
}

// eventSource is the resource an event source mapping polls: an SQS queue, or the DynamoDB table
// whose stream it reads. Other sources (Kinesis, Kafka, MQ) have no kind on the map.
func resourceOfARN(arn string) (Resource, bool) {
	service, region, resource, ok := arnParts(arn)
	switch {
	case !ok:
		return Resource{}, false
	case service == "sqs":
		return queue(resource, region), true
	case service == "dynamodb" && strings.HasPrefix(resource, "table/"):
		table, _, _ := strings.Cut(strings.TrimPrefix(resource, "table/"), "/")
		return Resource{Kind: model.KindDynamoDB, Name: table, Region: region, MetricID: table}, true
	}
	return Resource{}, false
}

// queueRegion finds the region in a queue URL's host: sqs.REGION.amazonaws.com or the legacy
// REGION.queue.amazonaws.com.
var queueRegion = regexp.MustCompile(`^(?:sqs\.([a-z]{2}(?:-[a-z]+)+-\d+)\.|([a-z]{2}(?:-[a-z]+)+-\d+)\.queue\.)`)

// queueOfURL is the queue a queue URL names; a host without a region is in region.
func queueOfURL(raw, region string) (Resource, bool) {
	u, err := url.Parse(raw)
	if err != nil || path.Base(u.Path) == "/" || path.Base(u.Path) == "." {
		return Resource{}, false
	}
	if m := queueRegion.FindStringSubmatch(u.Hostname()); m != nil {
		region = m[1] + m[2]
	}
	return queue(path.Base(u.Path), region), true
}
