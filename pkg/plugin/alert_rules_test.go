package plugin

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

// provisionedRule is the part of a Grafana alerting provisioning rule the evaluation needs.
type provisionedRule struct {
	UID       string `json:"uid"`
	Condition string `json:"condition"`
	Labels    map[string]string
	Data      []struct {
		RefID             string `json:"refId"`
		DatasourceUID     string `json:"datasourceUid"`
		RelativeTimeRange struct {
			From int64 `json:"from"`
		} `json:"relativeTimeRange"`
		Model json.RawMessage `json:"model"`
	} `json:"data"`
}

func loadProvisionedRules(t *testing.T, name string) map[string]provisionedRule {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "..", "provisioning", "alerting", name))
	if err != nil {
		t.Fatal(err)
	}
	// The file is JSON under a YAML comment line.
	_, body, _ := strings.Cut(string(raw), "\n")
	var file struct {
		Groups []struct {
			Rules []provisionedRule `json:"rules"`
		} `json:"groups"`
	}
	if err := json.Unmarshal([]byte(body), &file); err != nil {
		t.Fatal(err)
	}
	rules := map[string]provisionedRule{}
	for _, g := range file.Groups {
		for _, r := range g.Rules {
			rules[r.UID] = r
		}
	}
	return rules
}

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

// fires says whether any alert instance of the rule fires at instant at, evaluated as Grafana would.
func fires(t *testing.T, d *Datasource, rule provisionedRule, at time.Time) bool {
	t.Helper()
	return len(firingInstances(t, d, rule, at)) > 0
}

// evalMath evaluates the subset of Grafana's math expressions the generators write:
// $refs, numbers, * and /, > and >=, &&, ! and parentheses.
func evalMath(expression string, vars map[string]float64) (float64, error) {
	tokens := strings.Fields(strings.NewReplacer("(", " ( ", ")", " ) ", "!", " ! ", "&&", " && ", ">=", " >= ", ">", " > ", "*", " * ", "/", " / ").Replace(expression))
	// ">=" was split into "> =" by the second replacement; join it back.
	var joined []string
	for i := 0; i < len(tokens); i++ {
		if tokens[i] == ">" && i+1 < len(tokens) && tokens[i+1] == "=" {
			joined = append(joined, ">=")
			i++
			continue
		}
		joined = append(joined, tokens[i])
	}
	p := &mathParser{tokens: joined, vars: vars}
	v := p.and()
	if p.err == nil && p.pos != len(p.tokens) {
		p.err = fmt.Errorf("unexpected %q in %q", p.tokens[p.pos], expression)
	}
	return v, p.err
}

type mathParser struct {
	tokens []string
	pos    int
	vars   map[string]float64
	err    error
}

func (p *mathParser) peek() string {
	if p.pos < len(p.tokens) {
		return p.tokens[p.pos]
	}
	return ""
}

func (p *mathParser) and() float64 {
	v := p.unary()
	for p.peek() == "&&" {
		p.pos++
		right := p.unary()
		v = boolFloat(v != 0 && right != 0)
	}
	return v
}

func (p *mathParser) unary() float64 {
	if p.peek() == "!" {
		p.pos++
		return boolFloat(p.unary() == 0)
	}
	if p.peek() == "(" {
		p.pos++
		v := p.and()
		if p.peek() != ")" {
			p.err = fmt.Errorf("missing )")
		}
		p.pos++
		return v
	}
	left := p.product()
	switch p.peek() {
	case ">":
		p.pos++
		return boolFloat(left > p.product())
	case ">=":
		p.pos++
		return boolFloat(left >= p.product())
	}
	return left
}

func (p *mathParser) product() float64 {
	v := p.operand()
	for p.peek() == "*" || p.peek() == "/" {
		op := p.peek()
		p.pos++
		if right := p.operand(); op == "*" {
			v *= right
		} else {
			v /= right
		}
	}
	return v
}

func (p *mathParser) operand() float64 {
	tok := p.peek()
	p.pos++
	if name, ok := strings.CutPrefix(tok, "$"); ok {
		v, known := p.vars[name]
		if !known {
			p.err = fmt.Errorf("unknown variable %s", tok)
		}
		return v
	}
	v, err := strconv.ParseFloat(tok, 64)
	if err != nil {
		p.err = fmt.Errorf("not a number: %q", tok)
	}
	return v
}

func boolFloat(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

func TestEvalMath(t *testing.T) {
	vars := map[string]float64{"a": 20, "b": 5, "e": 100}
	tests := map[string]float64{
		"($a > 14.4 && $b > 14.4) && $e >= 50":                  1 * 0,
		"($a > 14.4 && $e >= 100)":                              1,
		"$a > 3 && !($b > 14.4 && $a > 1)":                      1,
		"$a > 3 && !($a > 14.4)":                                0,
		"($a > 3 && $b > 3) && $e >= 50 && !($b > 1 && $a > 1)": 0,
		"$b > 0.05 * $e && $e >= 20":                            0,
		"$b > 0.04 * $e && $e >= 20":                            1,
		"$a / $b >= 4":                                          1,
	}
	for expression, want := range tests {
		if got, err := evalMath(expression, vars); err != nil || got != want {
			t.Errorf("%s = %v (%v), want %v", expression, got, err, want)
		}
	}
}

// The generated page rule of the booking latency SLO, evaluated as Grafana would, fires within ten
// minutes of the database exhaustion starting (02:40 UTC) and is quiet again an hour after it ends;
// at a quiet hour no rule of any demo SLO fires.
func TestGeneratedPageRuleFollowsTheIncident(t *testing.T) {
	d := newTestDatasource(t, `{}`)
	rules := loadProvisionedRules(t, "slo-burn-rates.yaml")
	page := rules["slo-booking-latency-1h"]
	if page.UID == "" {
		t.Fatal("no page rule for booking-latency")
	}
	incident := dayStart.Add(2*time.Hour + 40*time.Minute)
	firedAfter := -1
	for minute := 0; minute <= 20; minute++ {
		if fires(t, d, page, incident.Add(time.Duration(minute)*time.Minute)) {
			firedAfter = minute
			break
		}
	}
	if firedAfter < 0 || firedAfter > 10 {
		t.Errorf("page rule fired %d minutes after the incident began, want within 10", firedAfter)
	}
	if fires(t, d, page, incident.Add(20*time.Minute+time.Hour)) {
		t.Error("page rule still fires an hour after the incident ended")
	}
	// Ten hours after the database incident and before the next: no page and no ticket fires, even
	// for the booking SLOs whose budgets the incidents have spent.
	quiet := dayStart.Add(13 * time.Hour)
	for uid, rule := range rules {
		if fires(t, d, rule, quiet) {
			t.Errorf("%s (%s) fires at a quiet hour", uid, rule.Labels["severity"])
		}
	}
	t.Logf("page rule fired %d minutes after the incident began", firedAfter)
}
