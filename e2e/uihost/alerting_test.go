//go:build e2e

package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"
)

// burnRule is a rule as the app provisions one: a data source query and a threshold expression.
func burnRule() map[string]any {
	return map[string]any{
		"uid": "checkout-fast-burn", "title": "Checkout fast burn", "folderUID": "slo", "ruleGroup": "slo-burn",
		"condition": "C", "noDataState": "OK", "execErrState": "Error", "for": "5m",
		"labels": map[string]string{"severity": "page"}, "annotations": map[string]string{"summary": "Checkout burns its budget"},
		"data": []any{
			map[string]any{"refId": "A", "relativeTimeRange": map[string]int{"from": 3600, "to": 0}, "datasourceUid": demoDataSourceUID,
				"model": map[string]any{"refId": "A", "queryType": "slo", "slo": "checkout"}},
			map[string]any{"refId": "C", "datasourceUid": "__expr__",
				"model": map[string]any{"refId": "C", "type": "threshold", "expression": "A"}},
		},
	}
}

func withRule(edit func(map[string]any)) string {
	rule := burnRule()
	edit(rule)
	raw, _ := json.Marshal(rule)
	return string(raw)
}

func ruleJSON() string { return withRule(func(map[string]any) {}) }

// alertingServer has one folder, uid "slo", titled SLOs.
func alertingServer(t *testing.T) *httptest.Server {
	srv := newTestServer(t, plugin{}, options{})
	if r := do(t, srv, "POST", "/api/folders", `{"uid":"slo","title":"SLOs"}`); r.status != http.StatusOK {
		t.Fatalf("create folder: %d %s", r.status, r.body)
	}
	return srv
}

func TestAlertRuleIsStoredReadAndUpdatedByUID(t *testing.T) {
	srv := alertingServer(t)
	created := do(t, srv, "POST", "/api/v1/provisioning/alert-rules", ruleJSON())
	if created.status != http.StatusCreated {
		t.Fatalf("create: %d %s", created.status, created.body)
	}
	var rule alertRule
	created.decode(t, &rule)
	if rule.ID == 0 || rule.OrgID != 1 || rule.UID != "checkout-fast-burn" || rule.Updated.IsZero() ||
		rule.For == nil || time.Duration(*rule.For) != 5*time.Minute || len(rule.Data) != 2 || rule.Labels["severity"] != "page" {
		t.Fatalf("created rule %+v", rule)
	}

	got := do(t, srv, "GET", "/api/v1/provisioning/alert-rules/checkout-fast-burn", "")
	if got.status != http.StatusOK || got.body != created.body {
		t.Fatalf("get: %d %s, want the created rule %s", got.status, got.body, created.body)
	}

	updated := do(t, srv, "PUT", "/api/v1/provisioning/alert-rules/checkout-fast-burn",
		withRule(func(r map[string]any) { r["title"] = "Checkout burns fast"; r["for"] = "10m" }))
	if updated.status != http.StatusOK {
		t.Fatalf("update: %d %s", updated.status, updated.body)
	}
	var list []alertRule
	do(t, srv, "GET", "/api/v1/provisioning/alert-rules", "").decode(t, &list)
	if len(list) != 1 || list[0].Title != "Checkout burns fast" || time.Duration(*list[0].For) != 10*time.Minute || list[0].ID != rule.ID {
		t.Fatalf("list after update: %+v", list)
	}
}

func TestAlertRuleWithoutAUIDGetsOne(t *testing.T) {
	srv := alertingServer(t)
	var rule alertRule
	do(t, srv, "POST", "/api/v1/provisioning/alert-rules", withRule(func(r map[string]any) { delete(r, "uid") })).decode(t, &rule)
	if len(rule.UID) != 14 {
		t.Fatalf("generated uid %q, want Grafana's 14-character short uid", rule.UID)
	}
	if r := do(t, srv, "GET", "/api/v1/provisioning/alert-rules/"+rule.UID, ""); r.status != http.StatusOK {
		t.Fatalf("get by the generated uid: %d", r.status)
	}
}

func TestInvalidAlertRuleIsRefusedNamingTheProblem(t *testing.T) {
	tests := []struct {
		name string
		edit func(map[string]any)
		want string
	}{
		{"no title", func(r map[string]any) { delete(r, "title") }, "title"},
		{"no condition", func(r map[string]any) { delete(r, "condition") }, "condition"},
		{"no data", func(r map[string]any) { r["data"] = []any{} }, "data"},
		{"no folderUID", func(r map[string]any) { delete(r, "folderUID") }, "folderUID"},
		{"no ruleGroup", func(r map[string]any) { delete(r, "ruleGroup") }, "ruleGroup"},
		{"no noDataState", func(r map[string]any) { delete(r, "noDataState") }, "noDataState"},
		{"no execErrState", func(r map[string]any) { delete(r, "execErrState") }, "execErrState"},
		{"no for", func(r map[string]any) { delete(r, "for") }, "for"},
		{"folder does not exist", func(r map[string]any) { r["folderUID"] = "nope" }, "folder does not exist"},
		{"unknown noDataState", func(r map[string]any) { r["noDataState"] = "Maybe" }, "noDataState must be one of"},
		{"condition names no query", func(r map[string]any) { r["condition"] = "Z" }, "condition Z does not exist"},
		{"uid Grafana refuses", func(r map[string]any) { r["uid"] = "no spaces" }, "uid contains illegal characters"},
		{"for is not a duration", func(r map[string]any) { r["for"] = "soon" }, "bad request data"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := alertingServer(t)
			r := do(t, srv, "POST", "/api/v1/provisioning/alert-rules", withRule(tt.edit))
			var body struct{ Message string }
			r.decode(t, &body)
			if r.status != http.StatusBadRequest || !strings.Contains(body.Message, tt.want) {
				t.Fatalf("got %d %q, want 400 naming %q", r.status, body.Message, tt.want)
			}
			var list []alertRule
			do(t, srv, "GET", "/api/v1/provisioning/alert-rules", "").decode(t, &list)
			if len(list) != 0 {
				t.Fatalf("a refused rule was stored: %+v", list)
			}
		})
	}
}

func TestUnknownRuleUIDIsNotFoundAndTakenUIDConflicts(t *testing.T) {
	srv := alertingServer(t)
	for _, method := range []string{"GET", "PUT"} {
		if r := do(t, srv, method, "/api/v1/provisioning/alert-rules/nope", ruleJSON()); r.status != http.StatusNotFound || r.body != "" {
			t.Errorf("%s unknown uid: %d %q, want Grafana's 404 with an empty body", method, r.status, r.body)
		}
	}
	do(t, srv, "POST", "/api/v1/provisioning/alert-rules", ruleJSON())
	r := do(t, srv, "POST", "/api/v1/provisioning/alert-rules", ruleJSON())
	var body struct {
		Message   string
		MessageID string `json:"messageId"`
	}
	r.decode(t, &body)
	if r.status != http.StatusConflict || body.MessageID != "alerting.alert-rule.conflict" || !strings.Contains(body.Message, "checkout-fast-burn") {
		t.Fatalf("second create with the same uid: %d %s", r.status, r.body)
	}
}

func TestProvenanceFollowsTheDisableHeader(t *testing.T) {
	tests := []struct {
		name    string
		headers []string
		want    string
	}{
		{"API write", nil, "api"},
		{"X-Disable-Provenance: true", []string{"X-Disable-Provenance", "true"}, ""},
		{"header present with any value", []string{"X-Disable-Provenance", "false"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := alertingServer(t)
			var created, got alertRule
			do(t, srv, "POST", "/api/v1/provisioning/alert-rules", ruleJSON(), tt.headers...).decode(t, &created)
			do(t, srv, "GET", "/api/v1/provisioning/alert-rules/checkout-fast-burn", "").decode(t, &got)
			if created.Provenance != tt.want || got.Provenance != tt.want {
				t.Fatalf("provenance %q on create, %q on read, want %q", created.Provenance, got.Provenance, tt.want)
			}
		})
	}
}

// Grafana lets an editable rule become API-managed, but not the reverse.
func TestUpdateCannotDropAPIProvenance(t *testing.T) {
	srv := alertingServer(t)
	do(t, srv, "POST", "/api/v1/provisioning/alert-rules", ruleJSON())
	r := do(t, srv, "PUT", "/api/v1/provisioning/alert-rules/checkout-fast-burn", ruleJSON(), "X-Disable-Provenance", "true")
	if r.status != http.StatusInternalServerError || !strings.Contains(r.body, "cannot change provenance from 'api' to ''") {
		t.Fatalf("dropping provenance: %d %s", r.status, r.body)
	}

	other := alertingServer(t)
	do(t, other, "POST", "/api/v1/provisioning/alert-rules", ruleJSON(), "X-Disable-Provenance", "true")
	var rule alertRule
	do(t, other, "PUT", "/api/v1/provisioning/alert-rules/checkout-fast-burn", ruleJSON()).decode(t, &rule)
	if rule.Provenance != "api" {
		t.Fatalf("provenance after an API update of an editable rule: %q, want api", rule.Provenance)
	}
}

func TestRuleStatusesListWhatIsStored(t *testing.T) {
	srv := alertingServer(t)
	do(t, srv, "POST", "/api/folders", `{"uid":"ops","title":"Operations"}`)
	do(t, srv, "POST", "/api/v1/provisioning/alert-rules", ruleJSON())
	do(t, srv, "POST", "/api/v1/provisioning/alert-rules", withRule(func(r map[string]any) {
		r["uid"], r["title"], r["folderUID"], r["ruleGroup"] = "errors-high", "Errors high", "ops", "functions"
	}))
	do(t, srv, "PUT", "/api/v1/provisioning/alert-rules/checkout-fast-burn",
		withRule(func(r map[string]any) { r["title"] = "Checkout burns fast" }))

	var res ruleDiscovery
	do(t, srv, "GET", "/api/prometheus/grafana/api/v1/rules", "").decode(t, &res)
	type row struct{ file, folderUID, group, rule, uid, state, health, kind string }
	var got []row
	for _, g := range res.Data.Groups {
		for _, r := range g.Rules {
			got = append(got, row{g.File, g.FolderUID, g.Name, r.Name, r.UID, r.State, r.Health, r.Type})
		}
	}
	want := []row{
		{"Operations", "ops", "functions", "Errors high", "errors-high", "inactive", "ok", "alerting"},
		{"SLOs", "slo", "slo-burn", "Checkout burns fast", "checkout-fast-burn", "inactive", "ok", "alerting"},
	}
	if res.Status != "success" || !slices.Equal(got, want) {
		t.Fatalf("groups by folder title:\n got %+v\nwant %+v", got, want)
	}
	rule := res.Data.Groups[1].Rules[0]
	if rule.Labels["severity"] != "page" || rule.Annotations["summary"] == "" || rule.Duration != 300 ||
		!slices.Equal(rule.QueriedDatasourceUIDs, []string{demoDataSourceUID}) || !strings.Contains(rule.Query, `"queryType":"slo"`) {
		t.Fatalf("rule %+v", rule)
	}
	if res.Data.Groups[1].Interval != 60 || res.Data.Totals["inactive"] != 2 {
		t.Fatalf("interval %v, totals %v", res.Data.Groups[1].Interval, res.Data.Totals)
	}

	var one ruleDiscovery
	do(t, srv, "GET", "/api/prometheus/grafana/api/v1/rules?rule_uid=errors-high", "").decode(t, &one)
	if len(one.Data.Groups) != 1 || one.Data.Groups[0].Rules[0].UID != "errors-high" {
		t.Fatalf("filtered by rule_uid: %+v", one.Data.Groups)
	}
}

func TestFoldersAnswerAsGrafana(t *testing.T) {
	srv := alertingServer(t)
	checkExchanges(t, srv, []exchange{
		{"read", "GET", "/api/folders/slo", "", http.StatusOK, `"title":"SLOs"`},
		{"url from the title", "GET", "/api/folders/slo", "", http.StatusOK, `"url":"/dashboards/f/slo/slos"`},
		{"missing", "GET", "/api/folders/nope", "", http.StatusNotFound, `"message":"folder not found"`},
		{"uid taken", "POST", "/api/folders", `{"uid":"slo","title":"Again"}`, http.StatusPreconditionFailed, `"status":"version-mismatch"`},
		{"no title", "POST", "/api/folders", `{"uid":"x"}`, http.StatusBadRequest, "folder title cannot be empty"},
		{"list", "GET", "/api/folders", "", http.StatusOK, `[{"id":1,"uid":"slo","title":"SLOs"}]`},
	})
}
