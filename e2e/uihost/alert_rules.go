//go:build e2e

package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/prometheus/common/model"
)

// alertRule is Grafana's ProvisionedAlertRule (pkg/services/ngalert/api/tooling/definitions), the
// body of the provisioning API's requests and answers.
type alertRule struct {
	ID                   int64             `json:"id"`
	UID                  string            `json:"uid"`
	OrgID                int64             `json:"orgID"`
	FolderUID            string            `json:"folderUID"`
	RuleGroup            string            `json:"ruleGroup"`
	Title                string            `json:"title"`
	Condition            string            `json:"condition"`
	Data                 []alertQuery      `json:"data"`
	Updated              time.Time         `json:"updated"`
	NoDataState          string            `json:"noDataState"`
	ExecErrState         string            `json:"execErrState"`
	For                  *model.Duration   `json:"for"`
	KeepFiringFor        model.Duration    `json:"keep_firing_for"`
	Annotations          map[string]string `json:"annotations,omitempty"`
	Labels               map[string]string `json:"labels,omitempty"`
	Provenance           string            `json:"provenance,omitempty"`
	IsPaused             bool              `json:"isPaused"`
	NotificationSettings json.RawMessage   `json:"notification_settings"`
	Record               json.RawMessage   `json:"record"`
}

// alertQuery is one query or expression of a rule (Grafana's AlertQuery); the range is in seconds.
type alertQuery struct {
	RefID             string `json:"refId"`
	QueryType         string `json:"queryType"`
	RelativeTimeRange struct {
		From int64 `json:"from"`
		To   int64 `json:"to"`
	} `json:"relativeTimeRange"`
	DatasourceUID string          `json:"datasourceUid"`
	Model         json.RawMessage `json:"model"`
}

// storedRule is a rule and what Grafana keeps beside it.
type storedRule struct {
	alertRule
	intervalSeconds int64
}

const defaultIntervalSeconds = 60 // Grafana's default evaluation interval for a new rule group

func decodeRule(w http.ResponseWriter, r *http.Request) (*alertRule, bool) {
	var rule alertRule
	if err := json.NewDecoder(r.Body).Decode(&rule); err != nil {
		writeJSON(w, http.StatusBadRequest, message("bad request data"))
		return nil, false
	}
	return &rule, true
}

func (a *alerting) listRules(w http.ResponseWriter, _ *http.Request) {
	a.mu.Lock()
	defer a.mu.Unlock()
	rules := make([]alertRule, 0, len(a.rules))
	for _, s := range a.rules {
		rules = append(rules, s.alertRule)
	}
	writeJSON(w, http.StatusOK, rules)
}

// ruleByUID is the stored rule, or nil; the caller holds mu.
func (a *alerting) ruleByUID(uid string) *storedRule {
	for _, s := range a.rules {
		if s.UID == uid {
			return s
		}
	}
	return nil
}

// getRule answers 404 with an empty body when the rule is missing, as Grafana does.
func (a *alerting) getRule(w http.ResponseWriter, r *http.Request) {
	a.mu.Lock()
	defer a.mu.Unlock()
	s := a.ruleByUID(r.PathValue("uid"))
	if s == nil {
		w.WriteHeader(http.StatusNotFound)
		return
	}
	writeJSON(w, http.StatusOK, s.alertRule)
}

func (a *alerting) createRule(w http.ResponseWriter, r *http.Request) {
	rule, ok := decodeRule(w, r)
	if !ok {
		return
	}
	if err := validateUID(rule.UID); err != nil {
		invalid(w, "cannot create rule with UID '%s': %v", rule.UID, err)
		return
	}
	if problem := checkFields(rule); problem != "" {
		invalid(w, "%s", problem)
		return
	}

	a.mu.Lock()
	defer a.mu.Unlock()
	if problem := a.checkFolder(rule); problem != "" {
		invalid(w, "%s", problem)
		return
	}
	if rule.UID == "" {
		rule.UID = shortUID()
	}
	if a.ruleByUID(rule.UID) != nil {
		// Grafana's ErrAlertRuleConflict, an errutil error: its body carries messageId and statusCode.
		msg := fmt.Sprintf("Failed to save alert rule '%s' in organization 1 due to conflict: a rule with this UID already exists", rule.UID)
		writeJSON(w, http.StatusConflict, map[string]any{"message": msg, "messageId": "alerting.alert-rule.conflict", "statusCode": http.StatusConflict})
		return
	}
	rule.ID = nextID(&a.lastRuleID)
	rule.OrgID = 1
	rule.Updated = a.now().UTC()
	rule.Provenance = provenance(r)
	stored := &storedRule{alertRule: *rule, intervalSeconds: a.groupInterval(rule.FolderUID, rule.RuleGroup)}
	a.rules = append(a.rules, stored)
	writeJSON(w, http.StatusCreated, stored.alertRule)
}

// groupInterval is the interval of the rule's existing group, or the default for a new one; the
// caller holds mu.
func (a *alerting) groupInterval(folderUID, group string) int64 {
	for _, s := range a.rules {
		if s.FolderUID == folderUID && s.RuleGroup == group {
			return s.intervalSeconds
		}
	}
	return defaultIntervalSeconds
}

// updateRule follows Grafana's order: the folder first, then the rule's existence (an empty 404),
// then provenance, then the rule's own fields.
func (a *alerting) updateRule(w http.ResponseWriter, r *http.Request) {
	rule, ok := decodeRule(w, r)
	if !ok {
		return
	}
	rule.UID = r.PathValue("uid")

	a.mu.Lock()
	defer a.mu.Unlock()
	if problem := a.checkFolder(rule); problem != "" {
		invalid(w, "%s", problem)
		return
	}
	existing := a.ruleByUID(rule.UID)
	if existing == nil {
		w.WriteHeader(http.StatusNotFound)
		return
	}
	if stored, wanted := existing.Provenance, provenance(r); stored != wanted && stored != "" {
		// Grafana returns this as a plain error, so it answers 500; the "error" field is what it
		// adds outside production mode.
		writeJSON(w, http.StatusInternalServerError, map[string]string{
			"message": "Internal Server Error",
			"error":   fmt.Sprintf("cannot change provenance from '%s' to '%s'", stored, wanted),
		})
		return
	}
	if problem := checkFields(rule); problem != "" {
		invalid(w, "%s", problem)
		return
	}
	rule.ID = existing.ID
	rule.OrgID = 1
	rule.Updated = a.now().UTC()
	rule.Provenance = provenance(r)
	existing.alertRule = *rule
	writeJSON(w, http.StatusOK, existing.alertRule)
}
