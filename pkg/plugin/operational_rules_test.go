package plugin

import (
	"encoding/json"
	"slices"
	"sort"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

// firingInstances evaluates a multi-dimensional rule as Grafana does: every query may return one
// series per resource; reduce, math and threshold expressions work series by series, pairing the
// series of different queries by their labels; an instance fires where the condition is non-zero.
// Instances are named here by the resource they are about.
func firingInstances(t *testing.T, d *Datasource, rule provisionedRule, at time.Time) []string {
	t.Helper()
	points := map[string]map[string][]float64{} // refId → series labels → points
	values := map[string]map[string]float64{}   // series labels → refId → value
	names := map[string]string{}
	set := func(series, refID string, v float64) {
		if values[series] == nil {
			values[series] = map[string]float64{}
		}
		values[series][refID] = v
	}
	for _, item := range rule.Data {
		var model struct {
			Type, Expression, Reducer string
			Conditions                []struct {
				Evaluator struct {
					Type   string
					Params []float64
				}
			}
		}
		_ = json.Unmarshal(item.Model, &model)
		switch {
		case item.DatasourceUID != "__expr__":
			res, _ := d.QueryData(t.Context(), &backend.QueryDataRequest{Queries: []backend.DataQuery{{
				RefID: item.RefID, JSON: item.Model, MaxDataPoints: 100,
				TimeRange: backend.TimeRange{From: at.Add(-time.Duration(item.RelativeTimeRange.From) * time.Second), To: at},
			}}})
			got := res.Responses[item.RefID]
			if got.Error != nil {
				t.Fatalf("%s %s: %v", rule.UID, item.RefID, got.Error)
			}
			points[item.RefID] = map[string][]float64{}
			for _, frame := range got.Frames {
				value := frame.Fields[1]
				series := value.Labels.String()
				names[series] = value.Labels["FunctionName"] + value.Labels["QueueName"] + value.Labels["StateMachineArn"]
				for i := range value.Len() {
					if v, ok := value.ConcreteAt(i); ok {
						points[item.RefID][series] = append(points[item.RefID][series], v.(float64))
					}
				}
			}
		case model.Type == "reduce":
			for series, p := range points[model.Expression] {
				if len(p) == 0 {
					continue
				}
				v := p[len(p)-1]
				if model.Reducer == "max" {
					v = slices.Max(p)
				}
				set(series, item.RefID, v)
			}
		case model.Type == "math":
			for series, vars := range values {
				v, err := evalMath(model.Expression, vars)
				if err != nil {
					continue // a series missing from one side of the expression gives no result
				}
				set(series, item.RefID, v)
			}
		case model.Type == "threshold":
			if len(model.Conditions) != 1 || model.Conditions[0].Evaluator.Type != "gt" {
				t.Fatalf("%s: threshold %+v, want one gt", rule.UID, model.Conditions)
			}
			for series, vars := range values {
				if v, ok := vars[model.Expression]; ok {
					set(series, item.RefID, boolFloat(v > model.Conditions[0].Evaluator.Params[0]))
				}
			}
		default:
			t.Fatalf("%s %s: expression type %q is not evaluated here", rule.UID, item.RefID, model.Type)
		}
	}
	var firing []string
	for series, vars := range values {
		if vars[rule.Condition] != 0 {
			firing = append(firing, names[series])
		}
	}
	sort.Strings(firing)
	return firing
}

// The operational rules, evaluated as Grafana would, raise an instance for the resource an incident
// hits while it runs, and nothing at a quiet hour.
func TestOperationalRulesFollowTheIncidents(t *testing.T) {
	d := newTestDatasource(t, `{}`)
	rules := loadProvisionedRules(t, "operational.yaml")
	at := func(h, m int) time.Time {
		return dayStart.Add(time.Duration(h)*time.Hour + time.Duration(m)*time.Minute)
	}
	tests := []struct {
		rule string
		at   time.Time
		want []string
	}{
		{"ops-dlq-messages", at(5, 20), []string{"order-notifications-dlq"}},
		{"ops-duration-near-timeout", at(2, 55), []string{"booking-api-handler"}},
		{"ops-function-errors", at(2, 55), []string{"booking-api-handler"}},
		{"ops-function-errors", at(1, 35), []string{"OrderProcessorFunction"}},
	}
	for _, tt := range tests {
		t.Run(tt.rule+" at "+tt.at.Format("15:04"), func(t *testing.T) {
			rule, ok := rules[tt.rule]
			if !ok {
				t.Fatalf("no rule %s", tt.rule)
			}
			if got := firingInstances(t, d, rule, tt.at); !slices.Equal(got, tt.want) {
				t.Errorf("firing for %v, want %v", got, tt.want)
			}
		})
	}
	for uid, rule := range rules {
		if got := firingInstances(t, d, rule, at(13, 0)); len(got) > 0 {
			t.Errorf("%s fires at a quiet hour for %v", uid, got)
		}
	}
}
