//go:build e2e

package main

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
)

// What Grafana's provisioning API checks before it stores a rule, and the answers it gives.

var (
	noDataStates  = []string{"Alerting", "NoData", "OK", "KeepLast"}
	execErrStates = []string{"Alerting", "Error", "OK", "KeepLast"}
)

// provenance is what Grafana records for a write: none when the request carries
// X-Disable-Provenance (with any value: Grafana checks only that the header is present), else "api".
func provenance(r *http.Request) string {
	if _, disabled := r.Header[http.CanonicalHeaderKey("X-Disable-Provenance")]; disabled {
		return ""
	}
	return "api"
}

// invalid is Grafana's 400 for a rule that fails validation.
func invalid(w http.ResponseWriter, format string, args ...any) {
	writeJSON(w, http.StatusBadRequest, message("invalid alert rule: "+fmt.Sprintf(format, args...)))
}

// checkFields names the first required field the rule lacks, or a value it does not allow.
func checkFields(rule *alertRule) string {
	required := []struct {
		name    string
		missing bool
	}{
		{"title", rule.Title == ""},
		{"condition", rule.Condition == ""},
		{"data", len(rule.Data) == 0},
		{"ruleGroup", rule.RuleGroup == ""},
		{"noDataState", rule.NoDataState == ""},
		{"execErrState", rule.ExecErrState == ""},
		{"for", rule.For == nil},
	}
	for _, f := range required {
		if f.missing {
			return f.name + " must be set"
		}
	}
	if !slices.Contains(noDataStates, rule.NoDataState) {
		return fmt.Sprintf("noDataState must be one of %s, got %q", strings.Join(noDataStates, ", "), rule.NoDataState)
	}
	if !slices.Contains(execErrStates, rule.ExecErrState) {
		return fmt.Sprintf("execErrState must be one of %s, got %q", strings.Join(execErrStates, ", "), rule.ExecErrState)
	}
	if *rule.For < 0 {
		return "field `for` cannot be negative"
	}
	refIDs := make([]string, 0, len(rule.Data))
	for _, q := range rule.Data {
		refIDs = append(refIDs, q.RefID)
	}
	if !slices.Contains(refIDs, rule.Condition) {
		return fmt.Sprintf("condition %s does not exist in data, must be one of %v", rule.Condition, refIDs)
	}
	return ""
}

// checkFolder is Grafana's ensureNamespace: the folder must be named and exist. The caller holds mu.
func (a *alerting) checkFolder(rule *alertRule) string {
	if rule.FolderUID == "" {
		return "folderUID must be set"
	}
	if a.folderByUID(rule.FolderUID) == nil {
		return "folder does not exist"
	}
	return ""
}
