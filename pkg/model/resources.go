package model

// ResourceKind is a kind of AWS resource the data source watches.
type ResourceKind string

const (
	KindLambda       ResourceKind = "lambda"
	KindAPIGateway   ResourceKind = "apigateway"
	KindAPIGatewayV2 ResourceKind = "apigatewayv2"
	KindSQS          ResourceKind = "sqs"
	KindStates       ResourceKind = "states"
	KindEvents       ResourceKind = "events"
	KindDynamoDB     ResourceKind = "dynamodb"
	KindRDS          ResourceKind = "rds"
)

// Kinds lists every resource kind, in the order editors offer them.
var Kinds = []ResourceKind{KindLambda, KindAPIGateway, KindAPIGatewayV2, KindSQS, KindStates, KindEvents, KindDynamoDB, KindRDS}

// ResourceRef names a resource.
type ResourceRef struct {
	Kind ResourceKind
	Name string
}

// Resource is one AWS resource.
type Resource struct {
	Kind   ResourceKind
	Name   string
	Region string
	// Downstream are the resources this one calls or sends messages to, as on the service map.
	Downstream []ResourceRef

	// Lambda functions only; zero for other kinds.
	Runtime          string
	MemoryMB         int
	TimeoutSeconds   int
	ConcurrencyLimit int
}

// Ref names the resource.
func (r Resource) Ref() ResourceRef { return ResourceRef{Kind: r.Kind, Name: r.Name} }
