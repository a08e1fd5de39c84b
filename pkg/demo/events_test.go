package demo

import (
	"regexp"
	"slices"
	"testing"
	"time"

	"github.com/seed/serverless/pkg/model"
)

func TestEventsDescribeChanges(t *testing.T) {
	e := New(Options{Functions: 100})
	events := e.Events(day, day.Add(7*24*time.Hour))
	if !slices.IsSortedFunc(events, func(a, b model.Event) int { return a.Time.Compare(b.Time) }) {
		t.Fatal("events are not oldest first")
	}
	deployment := regexp.MustCompile(`^(Deployed version \d+ \(commit [0-9a-f]{7}\)(: .+)?|Rolled back to version \d+)$`)
	configuration := regexp.MustCompile(`^MemorySize \d+ → \d+ MB$`)
	kinds := map[model.EventKind]int{}
	for _, ev := range events {
		kinds[ev.Kind]++
		f, ok := e.Function(ev.Function)
		if !ok || f.Region != ev.Region {
			t.Fatalf("event for unknown function %q in %s", ev.Function, ev.Region)
		}
		pattern := map[model.EventKind]*regexp.Regexp{model.EventDeployment: deployment, model.EventConfiguration: configuration}[ev.Kind]
		if pattern == nil || !pattern.MatchString(ev.Description) {
			t.Fatalf("%s event %q", ev.Kind, ev.Description)
		}
	}
	if kinds[model.EventDeployment] < 100 || kinds[model.EventConfiguration] != 1 {
		t.Errorf("event kinds over a week: %v", kinds)
	}
	if got := e.Events(day.Add(time.Hour), day.Add(time.Hour)); len(got) != 0 {
		t.Errorf("%d events in an empty range", len(got))
	}
}

// New execution environments start after every deployment, so cold starts cluster there.
func TestColdStartsClusterAfterDeployments(t *testing.T) {
	e := New(Options{Functions: 30})
	checked := 0
	for _, ev := range e.Events(day, day.Add(3*24*time.Hour)) {
		if ev.Kind != model.EventDeployment || ev.Description[:8] != "Deployed" {
			continue
		}
		after, err := e.ColdStarts(ev.Function, ev.Time, ev.Time.Add(5*time.Minute))
		if err != nil {
			t.Fatal(err)
		}
		before, _ := e.ColdStarts(ev.Function, ev.Time.Add(-65*time.Minute), ev.Time.Add(-60*time.Minute))
		invocations := over(t, e, model.KindLambda, ev.Function, "Invocations", "Sum", ev.Time, 5*time.Minute, time.Minute, sum)
		if invocations >= 100 && after < 3*max(1, before) {
			t.Errorf("%s deployed at %s: %v cold starts in 5 minutes, %v an hour before", ev.Function, ev.Time.Format("Mon 15:04"), after, before)
		}
		checked++
	}
	if checked < 10 {
		t.Errorf("only %d deployments to check", checked)
	}
}
