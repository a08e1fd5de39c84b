package plugin

import (
	"slices"
	"testing"
	"time"
)

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
