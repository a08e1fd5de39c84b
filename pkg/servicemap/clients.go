package servicemap

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	"github.com/aws/aws-sdk-go-v2/service/apigatewayv2"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/sfn"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/seed/serverless/pkg/awsclients"
)

// RESTAPIs is the part of API Gateway (v1) discovery uses; *apigateway.Client satisfies it.
type RESTAPIs interface {
	GetRestApis(ctx context.Context, in *apigateway.GetRestApisInput, optFns ...func(*apigateway.Options)) (*apigateway.GetRestApisOutput, error)
	GetResources(ctx context.Context, in *apigateway.GetResourcesInput, optFns ...func(*apigateway.Options)) (*apigateway.GetResourcesOutput, error)
}

// HTTPAPIs is the part of API Gateway v2 discovery uses; *apigatewayv2.Client satisfies it.
type HTTPAPIs interface {
	GetApis(ctx context.Context, in *apigatewayv2.GetApisInput, optFns ...func(*apigatewayv2.Options)) (*apigatewayv2.GetApisOutput, error)
	GetIntegrations(ctx context.Context, in *apigatewayv2.GetIntegrationsInput, optFns ...func(*apigatewayv2.Options)) (*apigatewayv2.GetIntegrationsOutput, error)
}

// Queues is the part of SQS discovery uses; *sqs.Client satisfies it.
type Queues interface {
	ListQueues(ctx context.Context, in *sqs.ListQueuesInput, optFns ...func(*sqs.Options)) (*sqs.ListQueuesOutput, error)
	GetQueueAttributes(ctx context.Context, in *sqs.GetQueueAttributesInput, optFns ...func(*sqs.Options)) (*sqs.GetQueueAttributesOutput, error)
}

// EventSourceMappings is the part of Lambda discovery uses; *lambda.Client satisfies it.
type EventSourceMappings interface {
	ListEventSourceMappings(ctx context.Context, in *lambda.ListEventSourceMappingsInput, optFns ...func(*lambda.Options)) (*lambda.ListEventSourceMappingsOutput, error)
}

// StateMachines is the part of Step Functions discovery uses; *sfn.Client satisfies it.
type StateMachines interface {
	ListStateMachines(ctx context.Context, in *sfn.ListStateMachinesInput, optFns ...func(*sfn.Options)) (*sfn.ListStateMachinesOutput, error)
	DescribeStateMachine(ctx context.Context, in *sfn.DescribeStateMachineInput, optFns ...func(*sfn.Options)) (*sfn.DescribeStateMachineOutput, error)
}

// Rules is the part of EventBridge discovery uses; *eventbridge.Client satisfies it.
type Rules interface {
	ListRules(ctx context.Context, in *eventbridge.ListRulesInput, optFns ...func(*eventbridge.Options)) (*eventbridge.ListRulesOutput, error)
	ListTargetsByRule(ctx context.Context, in *eventbridge.ListTargetsByRuleInput, optFns ...func(*eventbridge.Options)) (*eventbridge.ListTargetsByRuleOutput, error)
}

// APIs are one region's clients of every API discovery reads.
type APIs struct {
	REST          RESTAPIs
	HTTP          HTTPAPIs
	Queues        Queues
	Mappings      EventSourceMappings
	StateMachines StateMachines
	Rules         Rules
}

// Clients gives a region's APIs.
type Clients interface {
	APIs(ctx context.Context, region string) (APIs, error)
}

// ClientOptions tune each SDK client after the shared connection settings (tests point them at
// local stand-ins).
type ClientOptions struct {
	APIGateway   []func(*apigateway.Options)
	APIGatewayV2 []func(*apigatewayv2.Options)
	SQS          []func(*sqs.Options)
	Lambda       []func(*lambda.Options)
	SFN          []func(*sfn.Options)
	EventBridge  []func(*eventbridge.Options)
}

// SDKClients builds the aws-sdk-go-v2 clients of a region once and reuses them.
type SDKClients struct {
	perRegion *awsclients.PerRegion[APIs]
}

// NewSDKClients prepares clients from the shared connection settings (awsclients.Connection);
// nothing is contacted yet.
func NewSDKClients(source awsclients.ConfigSource, o ClientOptions) *SDKClients {
	return &SDKClients{perRegion: awsclients.New(source, func(cfg aws.Config, retryer aws.Retryer) APIs {
		return APIs{
			REST:          apigateway.NewFromConfig(cfg, prepend(func(o *apigateway.Options) { o.Retryer = retryer }, o.APIGateway)...),
			HTTP:          apigatewayv2.NewFromConfig(cfg, prepend(func(o *apigatewayv2.Options) { o.Retryer = retryer }, o.APIGatewayV2)...),
			Queues:        sqs.NewFromConfig(cfg, prepend(func(o *sqs.Options) { o.Retryer = retryer }, o.SQS)...),
			Mappings:      lambda.NewFromConfig(cfg, prepend(func(o *lambda.Options) { o.Retryer = retryer }, o.Lambda)...),
			StateMachines: sfn.NewFromConfig(cfg, prepend(func(o *sfn.Options) { o.Retryer = retryer }, o.SFN)...),
			Rules:         eventbridge.NewFromConfig(cfg, prepend(func(o *eventbridge.Options) { o.Retryer = retryer }, o.EventBridge)...),
		}
	})}
}

// prepend puts the shared retry policy before the caller's options, so those may still
// override it.
func prepend[O any](retry func(*O), optFns []func(*O)) []func(*O) {
	return append([]func(*O){retry}, optFns...)
}

// APIs returns the region's clients, building them on first use.
func (c *SDKClients) APIs(ctx context.Context, region string) (APIs, error) {
	return c.perRegion.Get(ctx, region)
}
