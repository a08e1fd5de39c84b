//go:build e2e

// Package provisioning_test checks the alerting files in provisioning/ the way Grafana's file
// provisioning reads them (pkg/services/provisioning/alerting: AlertRuleGroupV1, AlertRuleV1,
// QueryV1), since no Grafana server can run here: field names, required values, enumerations,
// durations, and the references between a rule's queries and expressions.
package provisioning_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"text/template"
)

// These mirror the fields Grafana's version 1 file format knows; decoding rejects any other.
type rulesFile struct {
	APIVersion int         `json:"apiVersion"`
	Groups     []ruleGroup `json:"groups"`
}

type ruleGroup struct {
	OrgID    int64  `json:"orgId"`
	Name     string `json:"name"`
	Folder   string `json:"folder"`
	Interval string `json:"interval"`
	Rules    []rule `json:"rules"`
}

type rule struct {
	UID                         string            `json:"uid"`
	Title                       string            `json:"title"`
	Condition                   string            `json:"condition"`
	Data                        []query           `json:"data"`
	DashboardUID                string            `json:"dashboardUid"`
	PanelID                     int64             `json:"panelId"`
	NoDataState                 string            `json:"noDataState"`
	ExecErrState                string            `json:"execErrState"`
	For                         string            `json:"for"`
	KeepFiringFor               string            `json:"keepFiringFor"`
	MissingSeriesEvalsToResolve *int64            `json:"missing_series_evals_to_resolve"`
	Annotations                 map[string]string `json:"annotations"`
	Labels                      map[string]string `json:"labels"`
	IsPaused                    bool              `json:"isPaused"`
	NotificationSettings        json.RawMessage   `json:"notification_settings"`
	Record                      json.RawMessage   `json:"record"`
}

type query struct {
	RefID     string `json:"refId"`
	QueryType string `json:"queryType"`
	// nil when the file has none, which queryProblem refuses for a data source query.
	RelativeTimeRange *relativeTimeRange `json:"relativeTimeRange"`
	DatasourceUID     string             `json:"datasourceUid"`
	Model             json.RawMessage    `json:"model"`
}

// relativeTimeRange is a query's range in seconds back from the evaluation: from before to.
type relativeTimeRange struct {
	From int64 `json:"from"`
	To   int64 `json:"to"`
}

var (
	// Prometheus durations, as Grafana parses intervals and "for".
	durationPattern = regexp.MustCompile(`^((\d+)(y|w|d|h|m|s|ms))+$`)
	uidPattern      = regexp.MustCompile(`^[a-zA-Z0-9_-]{1,40}$`)
	mathReference   = regexp.MustCompile(`\$\{?([A-Za-z0-9_]+)\}?`)
	noDataStates    = []string{"", "Alerting", "NoData", "OK", "KeepLast"}
	execErrStates   = []string{"", "Alerting", "Error", "OK", "KeepLast"}
	expressionTypes = []string{"math", "reduce", "resample", "classic_conditions", "threshold", "sql"}
	// The template functions Grafana adds to Go's for annotations; only their names matter here.
	templateFuncs = template.FuncMap{}
)

func init() {
	for _, name := range []string{"humanize", "humanize1024", "humanizeDuration", "humanizePercentage", "humanizeTimestamp", "title", "toUpper", "toLower", "match", "reReplaceAll", "args", "externalURL", "pathPrefix", "graphLink", "tableLink", "safeHtml", "stripPort", "parseDuration", "first", "label", "value", "strvalue", "sortByLabel", "query"} {
		templateFuncs[name] = func(...any) string { return "" }
	}
}

func loadRulesFile(t *testing.T, name string) rulesFile {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "..", "provisioning", "alerting", name))
	if err != nil {
		t.Fatal(err)
	}
	// The generated files are JSON (which is YAML) under a comment line.
	var body []string
	for _, line := range strings.Split(string(raw), "\n") {
		if !strings.HasPrefix(line, "#") {
			body = append(body, line)
		}
	}
	decoder := json.NewDecoder(strings.NewReader(strings.Join(body, "\n")))
	decoder.DisallowUnknownFields()
	var file rulesFile
	if err := decoder.Decode(&file); err != nil {
		t.Fatalf("%s is not Grafana's alerting provisioning format: %v", name, err)
	}
	return file
}

func TestProvisionedRulesReadAsGrafanaReadsThem(t *testing.T) {
	titlesByFolder := map[string][]string{}
	uids := map[string]string{}
	for _, name := range []string{"slo-burn-rates.yaml", "operational.yaml"} {
		file := loadRulesFile(t, name)
		if file.APIVersion != 1 || len(file.Groups) == 0 {
			t.Fatalf("%s: apiVersion %d with %d groups", name, file.APIVersion, len(file.Groups))
		}
		for _, g := range file.Groups {
			if strings.TrimSpace(g.Name) == "" || strings.TrimSpace(g.Folder) == "" {
				t.Errorf("%s: a group needs a name and a folder: %+v", name, g)
			}
			if !durationPattern.MatchString(g.Interval) {
				t.Errorf("%s: group %q interval %q is not a duration", name, g.Name, g.Interval)
			}
			for _, r := range g.Rules {
				if problem := ruleProblem(r); problem != "" {
					t.Errorf("%s: rule %q: %s", name, r.UID, problem)
				}
				if other, ok := uids[r.UID]; ok {
					t.Errorf("uid %q is used twice (%s and %s)", r.UID, other, name)
				}
				uids[r.UID] = name
				if slices.Contains(titlesByFolder[g.Folder], r.Title) {
					t.Errorf("title %q is used twice in folder %q; Grafana refuses that", r.Title, g.Folder)
				}
				titlesByFolder[g.Folder] = append(titlesByFolder[g.Folder], r.Title)
			}
		}
	}
	t.Logf("%d rules read", len(uids))
}

// ruleProblem says what Grafana would refuse in a rule, or "".
func ruleProblem(r rule) string {
	switch {
	case r.Title == "":
		return "no title"
	case !uidPattern.MatchString(r.UID):
		return "uid must be 1 to 40 letters, digits, - or _"
	case r.For != "" && !durationPattern.MatchString(r.For):
		return fmt.Sprintf("for %q is not a duration", r.For)
	case !slices.Contains(noDataStates, r.NoDataState):
		return fmt.Sprintf("noDataState %q is not one of %v", r.NoDataState, noDataStates[1:])
	case !slices.Contains(execErrStates, r.ExecErrState):
		return fmt.Sprintf("execErrState %q is not one of %v", r.ExecErrState, execErrStates[1:])
	case len(r.Data) == 0:
		return "no data"
	}
	refIDs := make([]string, 0, len(r.Data))
	for _, q := range r.Data {
		if q.RefID == "" || slices.Contains(refIDs, q.RefID) {
			return fmt.Sprintf("refId %q is empty or used twice", q.RefID)
		}
		refIDs = append(refIDs, q.RefID)
	}
	if !slices.Contains(refIDs, r.Condition) {
		return fmt.Sprintf("condition %q names no query or expression", r.Condition)
	}
	for _, q := range r.Data {
		if problem := queryProblem(q, refIDs); problem != "" {
			return q.RefID + ": " + problem
		}
	}
	for key, text := range r.Annotations {
		// Grafana declares these variables before expanding an annotation.
		const declarations = "{{ $labels := .Labels }}{{ $values := .Values }}{{ $value := .Value }}"
		if _, err := template.New(key).Funcs(templateFuncs).Parse(declarations + text); err != nil {
			return fmt.Sprintf("annotation %s is not a valid template: %v", key, err)
		}
	}
	return ""
}

func queryProblem(q query, refIDs []string) string {
	var model map[string]any
	if err := json.Unmarshal(q.Model, &model); err != nil {
		return "model is not a JSON object"
	}
	if q.DatasourceUID != "__expr__" {
		if q.DatasourceUID == "" {
			return "no datasourceUid"
		}
		// A data source query reads a range that ends before it starts, counted back from now.
		if r := q.RelativeTimeRange; r == nil || r.From <= r.To {
			return "a data source query needs a relativeTimeRange with from > to"
		}
		return ""
	}
	kind, _ := model["type"].(string)
	if !slices.Contains(expressionTypes, kind) {
		return fmt.Sprintf("expression type %q is not one of %v", kind, expressionTypes)
	}
	expression, _ := model["expression"].(string)
	var references []string
	if kind == "math" {
		for _, m := range mathReference.FindAllStringSubmatch(expression, -1) {
			references = append(references, m[1])
		}
	} else {
		references = []string{expression}
	}
	for _, ref := range references {
		if !slices.Contains(refIDs, ref) {
			return fmt.Sprintf("%s expression refers to %q, which the rule does not have", kind, ref)
		}
	}
	return ""
}

// The checks must catch what Grafana refuses.
func TestRuleChecksCatchWhatGrafanaRefuses(t *testing.T) {
	good := func() rule {
		return rule{UID: "ok", Title: "t", Condition: "C", NoDataState: "OK", ExecErrState: "Error", For: "5m",
			Annotations: map[string]string{"summary": "{{ $labels.x }} is {{ humanize $values.B.Value }}"},
			Data: []query{
				{RefID: "A", DatasourceUID: "ds", Model: json.RawMessage(`{}`), RelativeTimeRange: &relativeTimeRange{600, 0}},
				{RefID: "B", DatasourceUID: "__expr__", Model: json.RawMessage(`{"type":"reduce","expression":"A"}`)},
				{RefID: "C", DatasourceUID: "__expr__", Model: json.RawMessage(`{"type":"math","expression":"$B > 1 && ${A} > 0"}`)},
			}}
	}
	if p := ruleProblem(good()); p != "" {
		t.Fatalf("a good rule is refused: %s", p)
	}
	breakers := map[string]func(*rule){
		"uid too long":          func(r *rule) { r.UID = strings.Repeat("x", 41) },
		"unknown no-data state": func(r *rule) { r.NoDataState = "Ok" },
		"bad for":               func(r *rule) { r.For = "5 minutes" },
		"condition missing":     func(r *rule) { r.Condition = "D" },
		"math refers to nobody": func(r *rule) { r.Data[2].Model = json.RawMessage(`{"type":"math","expression":"$Z > 1"}`) },
		"unknown expression":    func(r *rule) { r.Data[1].Model = json.RawMessage(`{"type":"avg","expression":"A"}`) },
		"no time range":         func(r *rule) { r.Data[0].RelativeTimeRange = nil },
		"broken template":       func(r *rule) { r.Annotations["summary"] = "{{ $labels.x " },
	}
	for name, breakRule := range breakers {
		r := good()
		breakRule(&r)
		if ruleProblem(r) == "" {
			t.Errorf("%s: not caught", name)
		}
	}
	var file rulesFile
	decoder := json.NewDecoder(bytes.NewReader([]byte(`{"apiVersion":1,"groups":[{"name":"g","rules":[{"uid":"u","noDataStat":"OK"}]}]}`)))
	decoder.DisallowUnknownFields()
	if err := decoder.Decode(&file); err == nil {
		t.Error("a misspelt field (noDataStat) is not caught")
	}
}
