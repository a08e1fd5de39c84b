package demo

import (
	"fmt"
	"slices"
	"time"

	"github.com/seed/serverless/pkg/model"
)

const (
	// coldMinutesAfterDeploy is how long new execution environments keep starting after a deploy.
	coldMinutesAfterDeploy = 5
	coldShareAfterDeploy   = 0.15
)

// deployMinute is the minute of day a function deploys on the given day, if it deploys that day
// (about one day in three), between 10:00 and 17:00 UTC.
func (r *resource) deployMinute(day int64) (int64, bool) {
	h := mix(r.seed ^ uint64(day)*0x9e3779b97f4a7c15)
	if h%3 != 0 {
		return 0, false
	}
	return 10*60 + int64(h>>8%(7*60)), true
}

// Events lists the deployments and configuration changes in [from, to), oldest first.
func (e *Estate) Events(from, to time.Time) []model.Event {
	var events []model.Event
	firstDay, lastDay := floorDiv(from.Unix()/60, minutesPerDay), floorDiv(to.Unix()/60, minutesPerDay)
	for day := firstDay; day <= lastDay; day++ {
		for i := range e.byKind[model.KindLambda] {
			events = append(events, e.eventsOfDay(&e.byKind[model.KindLambda][i], day)...)
		}
	}
	events = slices.DeleteFunc(events, func(ev model.Event) bool { return ev.Time.Before(from) || !ev.Time.Before(to) })
	slices.SortStableFunc(events, func(a, b model.Event) int { return a.Time.Compare(b.Time) })
	return events
}

func (e *Estate) eventsOfDay(r *resource, day int64) []model.Event {
	dayStart := day * minutesPerDay
	at := func(minute int64) time.Time { return time.Unix(minute*60, 0).UTC() }
	version := floorMod(day, 1000)
	event := func(minute int64, kind model.EventKind, description string) model.Event {
		return model.Event{Time: at(minute), Kind: kind, Function: r.Name, Region: r.Region, Description: description}
	}
	var events []model.Event
	if m, ok := r.deployMinute(day); ok {
		events = append(events, event(dayStart+m, model.EventDeployment,
			fmt.Sprintf("Deployed version %d (commit %07x)", version, mix(r.seed^uint64(day))>>36)))
	}
	for _, in := range r.incidents {
		if !in.startsWithDeploy {
			continue
		}
		for start := in.lastStart(dayStart + in.every - 1); start < dayStart+minutesPerDay; start += in.every {
			events = append(events,
				event(start, model.EventDeployment, fmt.Sprintf("Deployed version %d (commit %07x): order schema v2", version+1, mix(r.seed^uint64(start))>>36)),
				event(start+in.length, model.EventDeployment, fmt.Sprintf("Rolled back to version %d", version)))
		}
	}
	if r.Name == "payment-finalizer" && floorMod(day+4, 7) == 1 { // Mondays
		events = append(events, event(dayStart+11*hour, model.EventConfiguration, fmt.Sprintf("MemorySize %d → %d MB", r.MemoryMB, r.MemoryMB*2)))
	}
	return events
}
