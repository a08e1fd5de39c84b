package evaluator_test

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/seed/serverless/pkg/model"
	"github.com/seed/serverless/pkg/query"
	"github.com/seed/serverless/pkg/slo"
	"github.com/seed/serverless/pkg/slo/evaluator"
)

// The vectors in testdata/slo/ that the TypeScript engine is tested against too
// (src/slo/sharedVectors.test.ts, src/cli/status.vectors.test.ts): SLI templates, windows,
// periods and timeslices, checked here through the SLO evaluator's own API (evaluator.New and
// Answer over an in-memory SeriesSource).

func readVectorFile(t *testing.T, name string, v any) {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "..", "..", "testdata", "slo", name))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

// checkVector runs one case, reporting every difference from the vector.
func checkVector(t *testing.T, name string, check func(fail func(format string, args ...any))) {
	t.Run(name, func(t *testing.T) {
		check(func(format string, args ...any) { t.Errorf(format, args...) })
	})
}

func vectorCloseTo(got, want float64) bool {
	return math.Abs(got-want) <= 1e-9*max(1, math.Abs(want))
}

// answerRow is the first row of the frame an SLO query answers, by field name.
func answerRow(e *evaluator.Evaluator, q query.Query) (map[string]float64, error) {
	frames, err := e.Answer(q)
	if err != nil {
		return nil, err
	}
	return frameRow(frames[0], 0), nil
}

func frameRow(f *data.Frame, i int) map[string]float64 {
	row := map[string]float64{}
	for _, field := range f.Fields {
		if v, ok := field.ConcreteAt(i); ok {
			if x, isNumber := v.(float64); isNumber {
				row[field.Name] = x
			}
		}
	}
	return row
}

// Each period of a template vector is one minute of data, read back with the breakdown query:
// each resource's SLI and events over that minute give its good and total events.
func TestSLITemplatesMatchTheSharedVectors(t *testing.T) {
	var v struct {
		Kinds map[model.ResourceKind]struct {
			Namespace, Dimension string
		} `json:"kinds"`
		Templates []struct {
			Name    string                        `json:"name"`
			SLI     slo.SLI                       `json:"sli"`
			Kinds   map[string]model.ResourceKind `json:"kinds"`
			Reads   map[string][]string           `json:"reads"`
			Periods []struct {
				Values      map[string]float64 `json:"values"`
				Good, Total float64
			} `json:"periods"`
		} `json:"templates"`
	}
	readVectorFile(t, "sli-templates.json", &v)
	if len(v.Templates) == 0 {
		t.Fatal("no SLI template vectors")
	}
	minute := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	for _, c := range v.Templates {
		checkVector(t, c.Name, func(fail func(string, ...any)) {
			spec := slo.Spec{Name: "template", Service: "shop", SLI: c.SLI, Objective: 99, Window: slo.Window{Rolling: "7d"}}
			reads := map[string][]string{}
			for i, p := range c.Periods {
				src := &templateSource{kinds: c.Kinds, values: p.Values, read: func(q model.SeriesQuery) {
					if q.Kind != c.Kinds[q.Name] {
						fail("%s read as %s, want %s", q.Name, q.Kind, c.Kinds[q.Name])
					}
					m, err := model.Metric(q.Kind, q.Metric)
					if want := v.Kinds[q.Kind]; err != nil || m.Namespace != want.Namespace || m.Dimension != want.Dimension {
						fail("%s %s is %s by %s (%v), want %s by %s", q.Kind, q.Metric, m.Namespace, m.Dimension, err, want.Namespace, want.Dimension)
					}
					if i == 0 {
						reads[q.Name] = append(reads[q.Name], q.Metric+" "+q.Statistic)
					}
				}}
				e := evaluator.New([]slo.Spec{spec}, src, func() time.Time { return minute.Add(time.Hour) })
				frames, err := e.Answer(query.Query{From: minute, To: minute.Add(time.Minute), Model: query.Model{SLO: spec.Name, Output: query.OutputBreakdown}})
				if err != nil {
					fail("period %d: %v", i, err)
					return
				}
				var good, total float64
				for r := range frames[0].Rows() {
					row := frameRow(frames[0], r)
					good, total = good+row["sli"]*row["events"], total+row["events"]
				}
				if !vectorCloseTo(good, p.Good) || !vectorCloseTo(total, p.Total) {
					fail("period %d: good %v of %v, want %v of %v", i, good, total, p.Good, p.Total)
				}
			}
			for _, resource := range c.SLI.Resources {
				got, want := reads[resource], slices.Clone(c.Reads[resource])
				slices.Sort(got)
				slices.Sort(want)
				if !slices.Equal(got, want) {
					fail("%s reads %v, want %v", resource, got, want)
				}
			}
		})
	}
}

// templateSource answers every read with one period's value of a template vector.
type templateSource struct {
	kinds  map[string]model.ResourceKind
	values map[string]float64
	read   func(model.SeriesQuery)
}

func (s *templateSource) Has(kind model.ResourceKind, name string) (bool, error) {
	return s.kinds[name] == kind, nil
}

func (s *templateSource) Series(q model.SeriesQuery) (model.Series, error) {
	s.read(q)
	return model.Series{Times: []time.Time{q.From.Truncate(q.Period)}, Values: []float64{s.values[q.Name+" "+q.Metric+" "+q.Statistic]}}, nil
}

func TestWindowsMatchTheSharedVectors(t *testing.T) {
	var v struct {
		Windows []struct {
			Name           string
			Window         slo.Window
			At, Start, End time.Time
		} `json:"windows"`
		Lengths []struct {
			Window slo.Window
			MS     int64 `json:"ms"`
		} `json:"lengths"`
		Status []statusVector `json:"status"`
	}
	readVectorFile(t, "windows.json", &v)
	if len(v.Windows) == 0 || len(v.Lengths) == 0 || len(v.Status) == 0 {
		t.Fatal("windows.json has empty sections")
	}
	for _, c := range v.Windows {
		checkVector(t, c.Name, func(fail func(string, ...any)) {
			// A status reads the budget that ends at the minute holding at (the status vectors
			// check that through the evaluator).
			if c.End.Truncate(time.Minute) != c.End || c.At.Before(c.End) || !c.At.Before(c.End.Add(time.Minute)) {
				fail("end %s is not the minute that holds %s", c.End, c.At)
			}
			if got := c.Window.Start(c.End); !got.Equal(c.Start) {
				fail("starts at %s, want %s", got, c.Start)
			}
		})
	}
	for _, c := range v.Lengths {
		if got, ok := c.Window.Length(); !ok || got.Milliseconds() != c.MS {
			t.Errorf("%+v: %v long, want %d ms", c.Window, got, c.MS)
		}
	}
	for _, c := range v.Status {
		c.check(t)
	}
}

func TestTimeslicesMatchTheSharedVectors(t *testing.T) {
	var v struct {
		Status []statusVector `json:"status"`
	}
	readVectorFile(t, "timeslices.json", &v)
	if len(v.Status) == 0 {
		t.Fatal("timeslices.json has no status vectors")
	}
	for _, c := range v.Status {
		c.check(t)
	}
}

func TestPeriodsMatchTheSharedVectors(t *testing.T) {
	var v struct {
		Retained []struct {
			Name          string
			From, To, Now time.Time
			Seconds       int
		} `json:"retained"`
		StatusReads []struct {
			Name      string
			Window    slo.Window
			Budgeting string
			At, Now   time.Time
			Reads     []struct {
				Seconds  int
				From, To time.Time
			}
		} `json:"statusReads"`
	}
	readVectorFile(t, "periods.json", &v)
	if len(v.Retained) == 0 || len(v.StatusReads) == 0 {
		t.Fatal("periods.json has empty sections")
	}
	// The evaluator's retained period is the automatic period of a read within CloudWatch's
	// datapoint limit; the status reads below check the evaluator reads with it.
	for _, c := range v.Retained {
		got := query.Query{From: c.From, To: c.To, MaxDataPoints: model.MaxDatapoints}.EffectivePeriod(c.Now)
		if got != time.Duration(c.Seconds)*time.Second {
			t.Errorf("%s: %s, want %ds", c.Name, got, c.Seconds)
		}
	}
	for _, c := range v.StatusReads {
		checkVector(t, c.Name, func(fail func(string, ...any)) {
			spec := slo.Spec{Name: "reads", Service: "shop", Objective: 99, Window: c.Window, Budgeting: c.Budgeting,
				SLI: slo.SLI{Template: slo.FunctionAvailability, Resources: []string{"checkout"}}}
			src := &minuteSource{}
			e := evaluator.New([]slo.Spec{spec}, src, func() time.Time { return c.Now })
			if _, err := e.Answer(query.Query{To: c.At, Model: query.Model{SLO: spec.Name, Output: query.OutputSummary}}); err != nil {
				fail("%v", err)
				return
			}
			want := make([]string, len(c.Reads))
			for i, r := range c.Reads {
				want[i] = readText(time.Duration(r.Seconds)*time.Second, r.From, r.To)
			}
			slices.Sort(want)
			if got := src.distinctReads(); !slices.Equal(got, want) {
				fail("reads %v, want %v", got, want)
			}
		})
	}
}

func readText(period time.Duration, from, to time.Time) string {
	return fmt.Sprintf("%s %s-%s", period, from.UTC().Format(time.RFC3339), to.UTC().Format(time.RFC3339))
}

// statusVector is where an SLO stands at At, from per-minute data (windows.json, timeslices.json).
type statusVector struct {
	Name string   `json:"name"`
	Spec slo.Spec `json:"spec"`
	At   time.Time
	// Data maps "<kind> <resource> <metric> <statistic>" to runs [from, minutes, value].
	Data     map[string][]json.RawMessage `json:"data"`
	Expected struct {
		Events          float64  `json:"events"`
		SLI             *float64 `json:"sli"`
		BudgetRemaining float64  `json:"budgetRemaining"`
		BurnRate1h      float64  `json:"burnRate1h"`
	} `json:"expected"`
}

func (c statusVector) runs() ([]minuteRun, error) {
	var runs []minuteRun
	for key, items := range c.Data {
		parts := strings.Fields(key)
		if len(parts) != 4 {
			return nil, fmt.Errorf("data %q is not <kind> <resource> <metric> <statistic>", key)
		}
		for _, item := range items {
			var from string
			// Each element decodes into the pointer it holds.
			r := minuteRun{Kind: model.ResourceKind(parts[0]), Resource: parts[1], Metric: parts[2], Stat: parts[3]}
			if err := json.Unmarshal(item, &[]any{&from, &r.Minutes, &r.Value}); err != nil {
				return nil, fmt.Errorf("data %q: %s: %w", key, item, err)
			}
			var err error
			if r.From, err = time.Parse(time.RFC3339, from); err != nil {
				return nil, fmt.Errorf("data %q: %w", key, err)
			}
			runs = append(runs, r)
		}
	}
	return runs, nil
}

// check reads the SLO's summary row at At, with the clock at At.
func (c statusVector) check(t *testing.T) {
	t.Helper()
	checkVector(t, c.Name, func(fail func(string, ...any)) {
		if err := c.Spec.Validate(); err != nil {
			fail("invalid spec: %v", err)
			return
		}
		runs, err := c.runs()
		if err != nil {
			fail("%v", err)
			return
		}
		e := evaluator.New([]slo.Spec{c.Spec}, &minuteSource{runs: runs}, func() time.Time { return c.At })
		row, err := answerRow(e, query.Query{To: c.At, Model: query.Model{SLO: c.Spec.Name, Output: query.OutputSummary}})
		if err != nil {
			fail("%v", err)
			return
		}
		want := c.Expected
		if row["events"] != want.Events {
			fail("%v events, want %v", row["events"], want.Events)
		}
		if want.SLI != nil && !vectorCloseTo(row["sli"], *want.SLI) {
			fail("SLI %v, want %v", row["sli"], *want.SLI)
		}
		if !vectorCloseTo(row["budgetRemaining"], want.BudgetRemaining) {
			fail("budget left %v, want %v", row["budgetRemaining"], want.BudgetRemaining)
		}
		if !vectorCloseTo(row["burnRate1h"], want.BurnRate1h) {
			fail("burn rate over the last hour %v, want %v", row["burnRate1h"], want.BurnRate1h)
		}
	})
}

// minuteRun is a metric's value, one a minute, for Minutes minutes from From.
type minuteRun struct {
	Kind                   model.ResourceKind
	Resource, Metric, Stat string
	From                   time.Time
	Minutes                int
	Value                  float64
}

func (r minuteRun) covers(minute time.Time) bool {
	return !minute.Before(r.From) && minute.Before(r.From.Add(time.Duration(r.Minutes)*time.Minute))
}

// minuteSource is a SeriesSource over minute runs that answers as CloudWatch would: periods
// from the one that holds From, each of the minutes in it up to To; a period without data is
// 0, as AWS mode places it. It keeps the reads.
type minuteSource struct {
	runs  []minuteRun
	reads []model.SeriesQuery
}

func (s *minuteSource) Has(kind model.ResourceKind, name string) (bool, error) {
	return slices.ContainsFunc(s.runs, func(r minuteRun) bool { return r.Kind == kind && r.Resource == name }), nil
}

// distinctReads are the periods and ranges read, sorted, each once (an SLI reads several metrics).
func (s *minuteSource) distinctReads() []string {
	out := make([]string, 0, len(s.reads))
	for _, r := range s.reads {
		out = append(out, readText(r.Period, r.From, r.To))
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func (s *minuteSource) Series(q model.SeriesQuery) (model.Series, error) {
	s.reads = append(s.reads, q)
	var runs, samples []minuteRun
	for _, r := range s.runs {
		if r.Kind == q.Kind && r.Resource == q.Name && r.Metric == q.Metric {
			if r.Stat == q.Statistic {
				runs = append(runs, r)
			} else if r.Stat == "SampleCount" {
				samples = append(samples, r)
			}
		}
	}
	start := q.From.Truncate(q.Period)
	n := int((q.To.Sub(start) + q.Period - 1) / q.Period)
	out := model.Series{Times: make([]time.Time, n), Values: make([]float64, n)}
	end := q.To.Add(time.Minute - 1).Truncate(time.Minute)
	for i := range n {
		from := start.Add(time.Duration(i) * q.Period)
		out.Times[i] = from
		if len(runs) == 0 {
			continue
		}
		var value, weight float64
		for m := from; m.Before(from.Add(q.Period)) && m.Before(end); m = m.Add(time.Minute) {
			for _, r := range runs {
				if !r.covers(m) {
					continue
				}
				switch {
				case q.Statistic == "Sum" || q.Statistic == "SampleCount":
					value += r.Value
				case q.Statistic == "Maximum":
					value = max(value, r.Value)
				case strings.HasPrefix(q.Statistic, "PR("):
					var samplesThen float64
					for _, sc := range samples {
						if sc.covers(m) {
							samplesThen += sc.Value
						}
					}
					value += r.Value * samplesThen
					weight += samplesThen
				default:
					return model.Series{}, fmt.Errorf("statistic %s is not in the vectors' data", q.Statistic)
				}
			}
		}
		if weight > 0 {
			value /= weight
		}
		out.Values[i] = value
	}
	return out, nil
}

// A queue freshness SLO judges each minute by its oldest message in every output: one stale
// minute among 120 burns as one bad minute, whether the status table or a burn-rate series
// (which the alert rules read) asks.
func TestQueueFreshnessBurnsOneBadMinuteInEveryOutput(t *testing.T) {
	from := time.Date(2026, 11, 18, 10, 0, 0, 0, time.UTC)
	at := from.Add(2 * time.Hour)
	src := &minuteSource{runs: []minuteRun{
		{Kind: model.KindSQS, Resource: "orders", Metric: "ApproximateAgeOfOldestMessage", Stat: "Maximum", From: from, Minutes: 120, Value: 60},
		{Kind: model.KindSQS, Resource: "orders", Metric: "ApproximateAgeOfOldestMessage", Stat: "Maximum", From: from.Add(7 * time.Minute), Minutes: 1, Value: 900},
		{Kind: model.KindSQS, Resource: "orders", Metric: "ApproximateAgeOfOldestMessage", Stat: "SampleCount", From: from, Minutes: 120, Value: 1},
	}}
	spec := slo.Spec{Name: "fresh", Service: "orders", Objective: 99,
		SLI:    slo.SLI{Template: slo.QueueFreshness, Resources: []string{"orders"}, Threshold: 300},
		Window: slo.Window{Rolling: "28d"}}
	e := evaluator.New([]slo.Spec{spec}, src, func() time.Time { return at })
	// One bad minute of the 120 with data: 1/120 bad against a 1 % budget.
	want := (1.0 / 120) / 0.01
	for _, window := range []string{"6h", "1d"} {
		length, _ := slo.ParseDuration(window)
		frames, err := e.Answer(query.Query{From: at.Add(-time.Minute), To: at,
			Model: query.Model{SLO: "fresh", Output: query.OutputBurnRate, BurnWindow: window}, BurnWindowLength: length})
		if err != nil {
			t.Fatal(err)
		}
		values := frames[0].Fields[1]
		got, ok := values.ConcreteAt(values.Len() - 1)
		if !ok || !vectorCloseTo(got.(float64), want) {
			t.Errorf("burn rate over %s: %v, want %.3f (one bad minute of 120)", window, got, want)
		}
	}
}
