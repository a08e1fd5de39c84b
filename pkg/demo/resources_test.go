package demo

import (
	"fmt"
	"slices"
	"testing"

	"github.com/seed/serverless/pkg/model"
)

func TestEstateScales(t *testing.T) {
	tests := []struct{ asked, want int }{{0, 10}, {5, 10}, {1000, 1000}, {5000, 5000}}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.asked), func(t *testing.T) {
			e := New(Options{Functions: tt.asked})
			functions := e.byKind[model.KindLambda]
			if len(functions) != tt.want {
				t.Fatalf("Functions: %d gave %d functions, want %d", tt.asked, len(functions), tt.want)
			}
			perRegion := map[string]int{}
			for _, f := range functions {
				perRegion[f.Region]++
				if f.MemoryMB < 128 || f.TimeoutSeconds <= 0 || f.ConcurrencyLimit <= 0 || f.Runtime == "" || f.flow == "" {
					t.Fatalf("%s is not configured: %+v", f.Name, f)
				}
			}
			if len(perRegion) != 3 {
				t.Errorf("functions per region %v", perRegion)
			}
		})
	}
	big := New(Options{Functions: 5000})
	for _, name := range []string{"svc-0000-handler", "svc-4989-handler", "OrderProcessorFunction"} {
		if _, ok := big.Function(name); !ok {
			t.Errorf("function %s is missing", name)
		}
	}
	if _, ok := big.Function("svc-4990-handler"); ok {
		t.Error("5000 functions with 10 named ones end at svc-4989-handler")
	}
}

func TestBaseEstateIsTheSeedSystem(t *testing.T) {
	e := New(Options{})
	tests := []struct {
		kind          model.ResourceKind
		name, region  string
		flow          string
		timeoutSecond int
	}{
		{model.KindLambda, "OrderProcessorFunction", "us-east-1", FlowOrders, 30},
		{model.KindLambda, "NotificationServiceFunction", "us-west-2", FlowOrders, 10},
		{model.KindLambda, "payments-initializer", "us-east-1", FlowPayments, 10},
		{model.KindLambda, "booking-api-handler", "eu-west-1", FlowBooking, 30},
		{model.KindDynamoDB, "ShowMeTheMoney", "us-east-1", FlowPayments, 0},
		{model.KindDynamoDB, "BreakingTheBank", "us-east-1", FlowPayments, 0},
		{model.KindSQS, "order-notifications-dlq", "us-west-2", FlowOrders, 0},
		{model.KindStates, "order-fulfilment", "us-east-1", FlowOrders, 0},
		{model.KindRDS, "booking-postgres", "eu-west-1", FlowBooking, 0},
	}
	for _, tt := range tests {
		r, ok := e.find(tt.kind, tt.name)
		if !ok || r.Region != tt.region || r.flow != tt.flow || r.TimeoutSeconds != tt.timeoutSecond {
			t.Errorf("%s %s: %v %+v", tt.kind, tt.name, ok, r)
		}
	}
	if _, ok := e.Function("ShowMeTheMoney"); ok {
		t.Error("Function finds a table")
	}
	for _, kind := range model.Kinds {
		names := []string{}
		for _, r := range e.Resources(kind) {
			names = append(names, r.Name)
		}
		if len(names) == 0 {
			t.Errorf("no %s resources", kind)
		}
		if again := New(Options{}).Resources(kind); len(again) != len(names) || again[0].Name != names[0] {
			t.Errorf("%s resources come in a different order", kind)
		}
	}
	regions := e.Regions()
	if !slices.Equal(regions, []string{"eu-west-1", "us-east-1", "us-west-2"}) {
		t.Errorf("regions %v", regions)
	}
	regions[0] = "changed"
	if e.Regions()[0] != "eu-west-1" {
		t.Error("Regions hands out the estate's own slice")
	}
}
