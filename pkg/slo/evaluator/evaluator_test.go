package evaluator

import (
	"encoding/json"
	"math"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/seed/serverless/pkg/demo"
	"github.com/seed/serverless/pkg/model"
	"github.com/seed/serverless/pkg/query"
	"github.com/seed/serverless/pkg/slo"
)

// dayStart is a day of the demo estate; the tests read it a day or more later.
var dayStart = time.Date(2026, 11, 18, 0, 0, 0, 0, time.UTC)

// demoSLO is one of the SLOs demo mode offers.
func demoSLO(t *testing.T, name string) slo.Spec {
	t.Helper()
	raw, err := os.ReadFile("../../plugin/demo_slos.json")
	if err != nil {
		t.Fatal(err)
	}
	var specs []slo.Spec
	if err := json.Unmarshal(raw, &specs); err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(specs, func(s slo.Spec) bool { return s.Name == name })
	if i < 0 {
		t.Fatalf("demo_slos.json has no SLO %q", name)
	}
	return specs[i]
}

// recordingSource keeps the reads an SLO query makes.
type recordingSource struct {
	SeriesSource
	reads []model.SeriesQuery
}

func (r *recordingSource) Series(q model.SeriesQuery) (model.Series, error) {
	r.reads = append(r.reads, q)
	return r.SeriesSource.Series(q)
}

// sloRead is a read without its series: the periods and range an SLO reads.
type sloRead struct {
	period   time.Duration
	from, to time.Time
}

// Where SLO status reads its events: minutes while CloudWatch keeps them for the whole window,
// otherwise the retained period with the last hour in minutes.
func TestSLOStatusReadsThePeriodsCloudWatchKeeps(t *testing.T) {
	const day = 24 * time.Hour
	end := dayStart.Add(2*time.Hour + 55*time.Minute)
	tests := []struct {
		name   string
		window slo.Window
		at     time.Time
		// age is how long before the clock the window ends.
		age  time.Duration
		want []sloRead
	}{
		{"7d: minutes, all of them kept", slo.Window{Rolling: "7d"}, end, 0,
			[]sloRead{{time.Minute, end.Add(-7 * day), end}}},
		{"7d ending 9 days ago: its first minutes are gone", slo.Window{Rolling: "7d"}, end, 9 * day,
			[]sloRead{{5 * time.Minute, end.Add(-7 * day), end.Add(-time.Hour)}, {time.Minute, end.Add(-time.Hour), end}}},
		{"28d: 5 minutes, the last hour in minutes", slo.Window{Rolling: "28d"}, end, 0,
			[]sloRead{{5 * time.Minute, end.Add(-28 * day), end.Add(-time.Hour)}, {time.Minute, end.Add(-time.Hour), end}}},
		{"30d off the 5-minute grid: the window starts with its 5 minutes", slo.Window{Rolling: "30d"}, end.Add(3 * time.Minute), 0,
			[]sloRead{{5 * time.Minute, end.Add(-30 * day), end.Add(-time.Hour)}, {time.Minute, end.Add(-time.Hour), end.Add(3 * time.Minute)}}},
		{"calendar month: its 17 days so far, in 5 minutes and the last hour in minutes", slo.Window{Calendar: "month"}, end, 0,
			[]sloRead{{5 * time.Minute, dayStart.Add(-17 * day), end.Add(-time.Hour)}, {time.Minute, end.Add(-time.Hour), end}}},
		{"calendar week: since Monday, in minutes", slo.Window{Calendar: "week"}, end, 0,
			[]sloRead{{time.Minute, dayStart.Add(-2 * day), end}}},
		{"calendar week, an hour after Monday began: the last hour still reads whole", slo.Window{Calendar: "week"}, dayStart.Add(-2*day + 30*time.Minute), 0,
			[]sloRead{{time.Minute, dayStart.Add(-2*day - 30*time.Minute), dayStart.Add(-2*day + 30*time.Minute)}}},
		{"90d: hours, from the hour that holds the window's start", slo.Window{Rolling: "90d"}, end, 0,
			[]sloRead{{time.Hour, dayStart.Add(2*time.Hour - 90*day), dayStart.Add(time.Hour)}, {time.Minute, dayStart.Add(time.Hour), end}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := func() time.Time { return tt.at.Add(tt.age) }
			spec := demoSLO(t, "booking-availability")
			spec.Window = tt.window
			src := &recordingSource{SeriesSource: demo.New(demo.Options{})}
			if _, err := New([]slo.Spec{spec}, src, clock).statusAt(spec, tt.at); err != nil {
				t.Fatal(err)
			}
			var got []sloRead
			for _, r := range src.reads {
				if read := (sloRead{r.Period, r.From, r.To}); !slices.Contains(got, read) {
					got = append(got, read)
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("reads %v, want %v", got, tt.want)
			}
			for _, r := range got {
				if points := int64(r.to.Sub(r.from) / r.period); points > model.MaxDatapoints {
					t.Errorf("%d points at %s", points, r.period)
				}
			}
		})
	}
}

func TestTrailingStepSumsWhatCloudWatchKeeps(t *testing.T) {
	tests := []struct {
		window, want, floor, step time.Duration
	}{
		{time.Hour, 5 * time.Minute, time.Minute, 5 * time.Minute},
		{5 * time.Minute, time.Minute, time.Minute, time.Minute},
		{5 * time.Minute, time.Minute, 5 * time.Minute, 5 * time.Minute},
		{2 * time.Hour, 10 * time.Minute, time.Hour, time.Hour},
		{30 * 24 * time.Hour, 7 * 24 * time.Hour, 5 * time.Minute, 6 * 24 * time.Hour},
		{31 * 24 * time.Hour, 7 * 24 * time.Hour, 5 * time.Minute, 124 * time.Hour},
		{7 * time.Minute, time.Minute, 5 * time.Minute, 0},
		{90 * time.Minute, 7 * time.Minute, time.Hour, 0},
	}
	for _, tt := range tests {
		step, err := trailingStep(tt.window, tt.want, tt.floor)
		if step != tt.step || (err != nil) != (tt.step == 0) {
			t.Errorf("trailingStep(%s, %s, %s) = %s, %v; want %s", tt.window, tt.want, tt.floor, step, err, tt.step)
		}
	}
}

// A calendar SLO's budget starts afresh on the 1st (or on Monday): its status counts the month so
// far, and its budget-left line resets when the month turns, as the SLO CLI's status does.
func TestCalendarBudgetsStartAfreshEachMonth(t *testing.T) {
	monthStart := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	clock := func() time.Time { return monthStart.Add(24 * time.Hour) }
	spec := demoSLO(t, "checkout-availability")
	spec.Window = slo.Window{Calendar: "month"}
	e := New([]slo.Spec{spec}, demo.New(demo.Options{}), clock)
	// budgetOver is the budget left over [from, to), read in minutes, or in 5 minutes where
	// CloudWatch no longer keeps minutes.
	budgetOver := func(from, to time.Time) (left, events float64) {
		t.Helper()
		step := time.Minute
		if clock().Sub(from) > 15*24*time.Hour {
			step = 5 * time.Minute
		}
		c, err := e.sloCounts(spec, from, to, step)
		if err != nil {
			t.Fatal(err)
		}
		good, total := sum(c.Good), sum(c.Total)
		return slo.BudgetRemaining(good, total, spec.Objective/100), total
	}

	at := monthStart.Add(30 * time.Minute)
	st, err := e.statusAt(spec, at)
	if err != nil {
		t.Fatal(err)
	}
	left, events := budgetOver(monthStart, at)
	if events == 0 || st.events != events || math.Abs(st.budgetRemaining-left) > 1e-12 {
		t.Fatalf("half an hour into December: %v events, budget %v; want the month so far: %v events, budget %v", st.events, st.budgetRemaining, events, left)
	}

	frames, err := e.Answer(query.Query{From: monthStart.Add(-3 * time.Hour), To: monthStart.Add(3 * time.Hour),
		Model: query.Model{SLO: spec.Name, Output: query.OutputBudgetRemaining, PeriodSeconds: 3600}})
	if err != nil {
		t.Fatal(err)
	}
	times, values := frames[0].Fields[0], frames[0].Fields[1]
	if times.Len() != 6 {
		t.Fatalf("%d points over 6 hours at an hour each", times.Len())
	}
	for i := range times.Len() {
		end := times.At(i).(time.Time)
		want, _ := budgetOver(slo.Window{Calendar: "month"}.Start(end.Add(-time.Hour)), end)
		got, _ := values.ConcreteAt(i)
		if math.Abs(got.(float64)-want) > 1e-9 {
			t.Errorf("budget left at %s: %v, want %v (its month so far)", end, got, want)
		}
	}
}
