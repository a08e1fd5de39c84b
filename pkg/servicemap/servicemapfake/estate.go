package servicemapfake

import (
	"fmt"
	"hash/crc32"

	"github.com/seed/serverless/pkg/demo"
	"github.com/seed/serverless/pkg/model"
)

// FromEstate holds the demo estate's APIs, queues, state machines and rules, and every edge
// that starts from one of them: edges from a Lambda function are calls in its code, which no AWS
// API lists. An HTTP API's id and a state machine's ARN are what dimensionValue gives for them
// (the value their CloudWatch metrics carry, as cwfake.Options.DimensionValue); nil makes them
// their names.
func FromEstate(e *demo.Estate, dimensionValue func(model.Resource) string) map[string]Region {
	regions := map[string]Region{}
	region := func(kind model.ResourceKind, name string) string {
		r, _ := e.Resource(kind, name)
		return r.Region
	}
	id := func(kind model.ResourceKind, name string) string {
		r, _ := e.Resource(kind, name)
		if dimensionValue == nil {
			return r.Name
		}
		return dimensionValue(r)
	}
	for _, q := range e.Resources(model.KindSQS) {
		rg := regions[q.Region]
		rg.Queues = append(rg.Queues, Queue{Name: q.Name})
		regions[q.Region] = rg
	}
	for _, edge := range e.Edges() {
		from, to := edge.From, edge.To
		fromRegion := region(from.Kind, from.Name)
		rg := regions[fromRegion]
		switch {
		case from.Kind == model.KindAPIGateway:
			rg.RESTAPIs = append(rg.RESTAPIs, API{ID: "rest-" + from.Name, Name: from.Name, Functions: []string{to.Name}})
		case from.Kind == model.KindAPIGatewayV2:
			rg.HTTPAPIs = append(rg.HTTPAPIs, API{ID: id(from.Kind, from.Name), Name: from.Name, Functions: []string{to.Name}})
		case from.Kind == model.KindSQS && to.Kind == model.KindSQS:
			for i := range rg.Queues {
				if rg.Queues[i].Name == from.Name {
					rg.Queues[i].DeadLetterQueue = to.Name
				}
			}
		case from.Kind == model.KindSQS:
			rg.Mappings = append(rg.Mappings, Mapping{SourceARN: fmt.Sprintf("arn:aws:sqs:%s:%s:%s", fromRegion, Account, from.Name), Function: to.Name})
		case from.Kind == model.KindStates && to.Kind == model.KindSQS:
			definition := fmt.Sprintf(`{"StartAt":"Notify","States":{"Notify":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage",`+
				`"Parameters":{"QueueUrl":%q,"MessageBody.$":"$"},"End":true}}}`, QueueURL(region(to.Kind, to.Name), to.Name))
			rg.StateMachines = append(rg.StateMachines, StateMachine{Name: from.Name, ARN: id(from.Kind, from.Name), Definition: definition})
		case from.Kind == model.KindEvents:
			rg.Rules = append(rg.Rules, Rule{Name: from.Name, Targets: []string{FunctionARN(region(to.Kind, to.Name), to.Name)}})
		}
		regions[fromRegion] = rg
	}
	return regions
}

// AWSDimensionValue names resources as AWS's CloudWatch metrics do: an HTTP API by a ten-character
// ApiId, a state machine by its ARN, everything else by its name.
func AWSDimensionValue(r model.Resource) string {
	switch r.Kind {
	case model.KindAPIGatewayV2:
		return fmt.Sprintf("%010x", crc32.ChecksumIEEE([]byte(r.Name)))[:10]
	case model.KindStates:
		return fmt.Sprintf("arn:aws:states:%s:%s:stateMachine:%s", r.Region, Account, r.Name)
	}
	return r.Name
}
