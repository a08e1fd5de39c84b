package plugin

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// graphRows reads a frame as one line per row of the named fields, numbers rounded so that the two
// modes' different summing orders compare equal, sorted.
func graphRows(t *testing.T, f *data.Frame, names ...string) []string {
	t.Helper()
	var out []string
	n, _ := f.RowLen()
	for i := range n {
		var cells []string
		for _, name := range names {
			field, _ := f.FieldByName(name)
			if field == nil {
				t.Fatalf("frame %s has no field %s", f.Name, name)
			}
			v, _ := field.ConcreteAt(i)
			if x, ok := v.(float64); ok {
				v = math.Round(x*1e6) / 1e6
			}
			cells = append(cells, fmt.Sprint(v))
		}
		out = append(out, strings.Join(cells, " | "))
	}
	slices.Sort(out)
	return out
}

func TestAWSModeTopologyAnswersTheDemoServiceMapThatAWSCanList(t *testing.T) {
	demoDS := newTestDatasource(t, `{}`)
	awsDS, fake := newAWSDatasource(t, awsTestOptions{})
	model := backend.DataQuery{RefID: "A", JSON: []byte(`{"queryType":"topology"}`)}
	want := queryDay(demoDS, model).Responses["A"]
	got := queryDay(awsDS, model).Responses["A"]
	if want.Error != nil || got.Error != nil || len(got.Frames) != 2 {
		t.Fatalf("demo error %v, aws error %v, %d frames", want.Error, got.Error, len(got.Frames))
	}
	// AWS lists what invokes a function, not whom a function calls: demo mode's edges from a
	// function, and the nodes only they reach, are not on AWS mode's map.
	edgeFields := []string{"id", "source", "target", "mainstat"}
	var listable []string
	linked := map[string]bool{}
	for _, e := range graphRows(t, want.Frames[1], edgeFields...) {
		if !strings.HasPrefix(e, "lambda/") {
			listable = append(listable, e)
			cells := strings.Split(e, " | ")
			linked[cells[1]], linked[cells[2]] = true, true
		}
	}
	if gotEdges := graphRows(t, got.Frames[1], edgeFields...); !slices.Equal(gotEdges, listable) || len(listable) != 8 {
		t.Errorf("edges differ:\naws  %v\ndemo %v", gotEdges, listable)
	}
	nodeFields := []string{"id", "title", "subtitle", "mainstat", "secondarystat", "detail__health", "arc__ok", "arc__warning", "arc__critical"}
	var nodes []string
	for _, n := range graphRows(t, want.Frames[0], nodeFields...) {
		if linked[strings.Split(n, " | ")[0]] {
			nodes = append(nodes, n)
		}
	}
	if gotNodes := graphRows(t, got.Frames[0], nodeFields...); !slices.Equal(gotNodes, nodes) || len(nodes) != 13 {
		t.Errorf("nodes differ:\naws  %v\ndemo %v", gotNodes, nodes)
	}
	for i, f := range got.Frames {
		if f.Meta == nil || f.Meta.PreferredVisualization != data.VisTypeNodeGraph || len(f.Meta.Notices) != 0 {
			t.Errorf("frame %d meta %+v", i, f.Meta)
		}
	}
	// One fetch: one GetMetricData call per region.
	if s := fake.Stats(); s.GetMetricDataCalls != 3 || s.Rejected != 0 {
		t.Errorf("the traffic of every node should take one GetMetricData call per region: %+v", s)
	}
}

func TestAWSModeUpstreamOfSelectsTheAPIInFrontOfAFunction(t *testing.T) {
	d, _ := newAWSDatasource(t, awsTestOptions{})
	for _, tc := range []struct {
		model string
		want  []string
	}{
		{`{"resourceKind":"apigateway","upstreamOf":"OrderProcessorFunction"}`, []string{"orders-api"}},
		{`{"resourceKind":"apigateway","upstreamOf":"payments-initializer","region":"us-east-1"}`, []string{"payments-api"}},
		{`{"resourceKind":"apigatewayv2","upstreamOf":"booking-api-handler"}`, []string{"booking-http-api"}},
		{`{"resourceKind":"apigateway","upstreamOf":"booking-api-handler"}`, nil},
		{`{"resourceKind":"sqs","upstreamOf":"order-dlq-redriver","metric":"NumberOfMessagesSent"}`, []string{"order-notifications-dlq"}},
		{`{"resourceKind":"events","upstreamOf":"payment-finalizer","metric":"Invocations"}`, []string{"payment-events"}},
	} {
		model := tc.model[:len(tc.model)-1] + `,"queryType":"metrics","statistic":"Sum","period":3600`
		if !strings.Contains(model, `"metric"`) {
			model += `,"metric":"Count"`
		}
		got := queryDay(d, backend.DataQuery{RefID: "A", JSON: []byte(model + "}")}).Responses["A"]
		if got.Error != nil {
			t.Errorf("%s: %v", tc.model, got.Error)
			continue
		}
		var names []string
		for _, f := range got.Frames {
			names = append(names, strings.Fields(f.Fields[1].Config.DisplayNameFromDS)[0])
		}
		if !slices.Equal(names, tc.want) {
			t.Errorf("%s: %v, want %v", tc.model, names, tc.want)
		}
	}
}
