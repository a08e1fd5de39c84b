package plugin

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/seed/serverless/pkg/query"
	"github.com/seed/serverless/pkg/query/querytest"
)

func TestAWSModeAnswersVariablesFromLambdaWithTheFramesOfDemoMode(t *testing.T) {
	demoDS := newTestDatasource(t, `{}`)
	awsDS, _ := newAWSDatasource(t, awsTestOptions{})
	valid, _ := querytest.Examples(t)
	for _, model := range []string{`{"variable":"regions"}`, `{"variable":"runtimes"}`, `{"variable":"runtimes","region":"eu-west-1"}`,
		`{"variable":"functions"}`, `{"variable":"functions","runtime":"nodejs20.x"}`, `{"variable":"functions","pattern":"^pay"}`} {
		valid = append(valid, querytest.Example{Name: model, Query: json.RawMessage(`{"queryType":"variable",` + model[1:])})
	}
	compared := 0
	for _, ex := range valid {
		var m query.Model
		_ = json.Unmarshal(ex.Query, &m)
		if m.QueryType != string(query.KindVariable) {
			continue
		}
		t.Run(ex.Name, func(t *testing.T) {
			got := queryDay(awsDS, backend.DataQuery{RefID: "A", JSON: ex.Query}).Responses["A"]
			if !slices.Contains([]query.Variable{query.VariableRegions, query.VariableFunctions, query.VariableRuntimes}, m.Variable) || m.UpstreamOf != "" {
				if got.Status != backend.StatusNotImplemented || !strings.Contains(got.Error.Error(), "not available yet in AWS mode") {
					t.Fatalf("status %d, error %v", got.Status, got.Error)
				}
				return
			}
			want := queryDay(demoDS, backend.DataQuery{RefID: "A", JSON: ex.Query}).Responses["A"]
			if want.Error != nil || got.Error != nil {
				t.Fatalf("demo error %v, aws error %v", want.Error, got.Error)
			}
			w, _ := json.Marshal(want.Frames)
			g, _ := json.Marshal(got.Frames)
			if rows, _ := want.Frames[0].RowLen(); rows == 0 || string(w) != string(g) {
				t.Fatalf("AWS mode differs from demo mode:\naws  %s\ndemo %s", g, w)
			}
			compared++
		})
	}
	if compared < 7 {
		t.Fatalf("only %d variable examples compared", compared)
	}
}
