//go:build e2e

package main

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"time"
)

// ruleDiscovery is Grafana's GET /api/prometheus/grafana/api/v1/rules body (definitions.RuleResponse).
type ruleDiscovery struct {
	Status string `json:"status"`
	Data   struct {
		Groups []ruleGroupStatus `json:"groups"`
		Totals map[string]int64  `json:"totals,omitempty"`
	} `json:"data"`
}

type ruleGroupStatus struct {
	Name           string             `json:"name"`
	File           string             `json:"file"`
	FolderUID      string             `json:"folderUid"`
	Rules          []alertingRuleView `json:"rules"`
	Totals         map[string]int64   `json:"totals"`
	Interval       float64            `json:"interval"`
	LastEvaluation time.Time          `json:"lastEvaluation"`
	EvaluationTime float64            `json:"evaluationTime"`
}

type alertingRuleView struct {
	State                 string            `json:"state"`
	Name                  string            `json:"name"`
	Query                 string            `json:"query"`
	QueriedDatasourceUIDs []string          `json:"queriedDatasourceUIDs,omitempty"`
	Duration              float64           `json:"duration,omitempty"`
	KeepFiringFor         float64           `json:"keepFiringFor,omitempty"`
	Annotations           map[string]string `json:"annotations"`
	UID                   string            `json:"uid"`
	FolderUID             string            `json:"folderUid"`
	Labels                map[string]string `json:"labels"`
	Health                string            `json:"health"`
	Type                  string            `json:"type"`
	LastEvaluation        time.Time         `json:"lastEvaluation"`
	EvaluationTime        float64           `json:"evaluationTime"`
	IsPaused              bool              `json:"isPaused"`
	Provenance            string            `json:"provenance,omitempty"`
}

// ruleStatuses lists the stored rules by group as Grafana's Prometheus-compatible API does, groups
// ordered by folder title then name. Nothing evaluates them here, so each is what Grafana shows for
// a rule not yet evaluated: state inactive, health ok, no last evaluation. The folder_uid,
// rule_group and rule_uid filters narrow the list as Grafana's do.
func (a *alerting) ruleStatuses(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	type groupKey struct{ folderUID, name string }
	a.mu.Lock()
	groups := map[groupKey]*ruleGroupStatus{}
	var order []groupKey
	for _, s := range a.rules {
		if !matches(q["folder_uid"], s.FolderUID) || !matches(q["rule_group"], s.RuleGroup) || !matches(q["rule_uid"], s.UID) {
			continue
		}
		key := groupKey{s.FolderUID, s.RuleGroup}
		g, ok := groups[key]
		if !ok {
			title := ""
			if f := a.folderByUID(s.FolderUID); f != nil {
				title = f.Title
			}
			g = &ruleGroupStatus{Name: s.RuleGroup, File: title, FolderUID: s.FolderUID, Totals: map[string]int64{},
				Interval: float64(s.intervalSeconds)}
			groups[key] = g
			order = append(order, key)
		}
		g.Rules = append(g.Rules, ruleView(s))
		g.Totals["inactive"]++
	}
	a.mu.Unlock()

	var res ruleDiscovery
	res.Status = "success"
	res.Data.Groups = []ruleGroupStatus{}
	for _, key := range order {
		res.Data.Groups = append(res.Data.Groups, *groups[key])
	}
	slices.SortStableFunc(res.Data.Groups, func(x, y ruleGroupStatus) int {
		if c := strings.Compare(x.File, y.File); c != 0 {
			return c
		}
		return strings.Compare(x.Name, y.Name)
	})
	if len(res.Data.Groups) > 0 {
		res.Data.Totals = map[string]int64{}
		for _, g := range res.Data.Groups {
			res.Data.Totals["inactive"] += g.Totals["inactive"]
		}
	}
	writeJSON(w, http.StatusOK, res)
}

func matches(wanted []string, value string) bool {
	return len(wanted) == 0 || slices.Contains(wanted, value)
}

func ruleView(s *storedRule) alertingRuleView {
	v := alertingRuleView{
		State: "inactive", Name: s.Title, Query: ruleQuery(s.Data), UID: s.UID, FolderUID: s.FolderUID,
		Annotations: orEmpty(s.Annotations), Labels: orEmpty(s.Labels), Health: "ok", Type: "alerting",
		KeepFiringFor: time.Duration(s.KeepFiringFor).Seconds(), IsPaused: s.IsPaused, Provenance: s.Provenance,
	}
	if s.For != nil {
		v.Duration = time.Duration(*s.For).Seconds()
	}
	for _, q := range s.Data {
		if q.DatasourceUID != "__expr__" && q.DatasourceUID != "-100" {
			v.QueriedDatasourceUIDs = append(v.QueriedDatasourceUIDs, q.DatasourceUID)
		}
	}
	return v
}

// ruleQuery is Grafana's ruleToQuery: the models' "expr" strings joined by " | ", or, when no
// model has one (this plugin's queries have none), the rule's data as JSON.
func ruleQuery(data []alertQuery) string {
	var exprs []string
	for _, q := range data {
		var m struct {
			Expr *string `json:"expr"`
		}
		if json.Unmarshal(q.Model, &m) == nil && m.Expr != nil {
			exprs = append(exprs, *m.Expr)
		}
	}
	if len(exprs) > 0 {
		return strings.Join(exprs, " | ")
	}
	raw, err := json.Marshal(data)
	if err != nil {
		return err.Error()
	}
	return string(raw)
}

func orEmpty(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return m
}
