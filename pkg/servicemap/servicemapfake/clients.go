package servicemapfake

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	"github.com/aws/aws-sdk-go-v2/service/apigatewayv2"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/sfn"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/seed/serverless/pkg/servicemap"
)

// ClientOptions point every client of the service map at the fake.
func (f *Fake) ClientOptions() servicemap.ClientOptions {
	url := aws.String(f.URL)
	return servicemap.ClientOptions{
		APIGateway:   []func(*apigateway.Options){func(o *apigateway.Options) { o.BaseEndpoint = url }},
		APIGatewayV2: []func(*apigatewayv2.Options){func(o *apigatewayv2.Options) { o.BaseEndpoint = url }},
		SQS:          []func(*sqs.Options){func(o *sqs.Options) { o.BaseEndpoint = url }},
		Lambda:       []func(*lambda.Options){func(o *lambda.Options) { o.BaseEndpoint = url }},
		SFN:          []func(*sfn.Options){func(o *sfn.Options) { o.BaseEndpoint = url }},
		EventBridge:  []func(*eventbridge.Options){func(o *eventbridge.Options) { o.BaseEndpoint = url }},
	}
}
