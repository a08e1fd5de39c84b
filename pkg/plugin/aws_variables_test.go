package plugin

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/seed/serverless/pkg/query"
	"github.com/seed/serverless/pkg/query/querytest"
)

func TestAWSModeAnswersVariablesWithTheFramesOfDemoMode(t *testing.T) {
	demoDS := newTestDatasource(t, `{}`)
	awsDS, _ := newAWSDatasource(t, awsTestOptions{})
	valid, _ := querytest.Examples(t)
	for _, model := range []string{`{"variable":"regions"}`, `{"variable":"runtimes"}`, `{"variable":"runtimes","region":"eu-west-1"}`,
		`{"variable":"functions"}`, `{"variable":"functions","runtime":"nodejs20.x"}`, `{"variable":"functions","pattern":"^pay"}`,
		`{"variable":"apis"}`, `{"variable":"apis","region":"eu-west-1"}`, `{"variable":"apis","upstreamOf":"OrderProcessorFunction"}`,
		`{"variable":"queues"}`, `{"variable":"queues","pattern":"dlq$"}`, `{"variable":"queues","upstreamOf":"order-dlq-redriver"}`,
		`{"variable":"stateMachines"}`} {
		valid = append(valid, querytest.Example{Name: model, Query: json.RawMessage(`{"queryType":"variable",` + model[1:])})
	}
	compared := 0
	for _, ex := range valid {
		var m query.Model
		_ = json.Unmarshal(ex.Query, &m)
		if m.QueryType != string(query.KindVariable) || m.Variable == query.VariableSLOs {
			continue
		}
		t.Run(ex.Name, func(t *testing.T) {
			got := queryDay(awsDS, backend.DataQuery{RefID: "A", JSON: ex.Query}).Responses["A"]
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
	if compared < 14 {
		t.Fatalf("only %d variable examples compared", compared)
	}
}

func TestAWSModeVariablesThatNeedNoDiscovery(t *testing.T) {
	d, _ := newAWSDatasource(t, awsTestOptions{})
	for _, tc := range []struct {
		model  string
		status backend.Status
		values string
		error  string
	}{
		// No SLO is configured in the settings, and AWS mode has no demo SLOs.
		{`{"queryType":"variable","variable":"slos"}`, backend.StatusOK, "[]", ""},
		{`{"queryType":"variable","variable":"functions","upstreamOf":"ledger-writer"}`, backend.StatusNotImplemented, "", "not which functions call each other"},
	} {
		got := queryDay(d, backend.DataQuery{RefID: "A", JSON: []byte(tc.model)}).Responses["A"]
		if tc.error != "" {
			if got.Status != tc.status || got.Error == nil || !strings.Contains(got.Error.Error(), tc.error) {
				t.Errorf("%s: status %d, error %v", tc.model, got.Status, got.Error)
			}
			continue
		}
		if got.Error != nil || len(got.Frames) != 1 || strings.Join(column(t, got.Frames[0], "value"), ",") != strings.Trim(tc.values, "[]") {
			t.Errorf("%s: %v %v", tc.model, got.Error, got.Frames)
		}
	}
}
