package plugin

import (
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/prometheus/client_golang/prometheus"
)

// awsCallCounts reads the AWS call counters as the metrics endpoint serves them, by
// "service operation".
func awsCallCounts(t *testing.T) map[string]float64 {
	t.Helper()
	families, err := prometheus.DefaultGatherer.Gather()
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]float64{}
	for _, f := range families {
		if f.GetName() != "seed_serverless_aws_api_calls_total" {
			continue
		}
		for _, m := range f.GetMetric() {
			labels := map[string]string{}
			for _, l := range m.GetLabel() {
				labels[l.GetName()] = l.GetValue()
			}
			counts[labels["service"]+" "+labels["operation"]] = m.GetCounter().GetValue()
		}
	}
	return counts
}

// Every AWS call costs quota, so each is counted on the metrics endpoint by service and
// operation, discovery and Logs Insights as well as GetMetricData.
func TestEveryAWSCallIsCountedByServiceAndOperation(t *testing.T) {
	d, cloudWatch := newAWSDatasource(t, awsTestOptions{})
	before := awsCallCounts(t)
	res := queryDay(d,
		backend.DataQuery{RefID: "map", QueryType: "topology", JSON: []byte(`{}`)},
		backend.DataQuery{RefID: "inventory", QueryType: "inventory", JSON: []byte(`{}`)},
		backend.DataQuery{RefID: "logs", QueryType: "logs", JSON: []byte(`{"preset":"errors","limit":10}`)})
	for refID, r := range res.Responses {
		if r.Error != nil {
			t.Fatalf("%s: %v", refID, r.Error)
		}
	}
	after := awsCallCounts(t)
	tests := []struct {
		service, operation string
		want               func(n float64) bool
	}{
		{"CloudWatch", "GetMetricData", func(n float64) bool { return n == float64(cloudWatch.Stats().Calls["GetMetricData"]) }},
		{"Lambda", "ListFunctions", func(n float64) bool { return n >= 1 }},
		{"CloudWatch Logs", "DescribeLogGroups", func(n float64) bool { return n >= 1 }},
		{"API Gateway", "GetRestApis", func(n float64) bool { return n >= 1 }},
		{"ApiGatewayV2", "GetApis", func(n float64) bool { return n >= 1 }},
		{"SQS", "ListQueues", func(n float64) bool { return n >= 1 }},
		{"SFN", "ListStateMachines", func(n float64) bool { return n >= 1 }},
		{"EventBridge", "ListRules", func(n float64) bool { return n >= 1 }},
	}
	for _, tt := range tests {
		key := tt.service + " " + tt.operation
		if n := after[key] - before[key]; !tt.want(n) {
			t.Errorf("%s: counted %v calls", key, n)
		}
	}
}
