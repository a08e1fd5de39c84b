package plugin

import (
	"math"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// numbers reads a numeric column of the inventory by name.
func numbers(t *testing.T, f *data.Frame, name string) []float64 {
	t.Helper()
	field, _ := f.FieldByName(name)
	if field == nil {
		t.Fatalf("no %s column", name)
	}
	values := make([]float64, field.Len())
	for i := range values {
		values[i] = field.At(i).(float64)
	}
	return values
}

// The inventory's max concurrency is whole environments: at least one for every function that ran,
// and at least the average Little's law gives (calls per second × the median duration, which the
// mean never falls below).
func TestDemoInventoryMaxConcurrency(t *testing.T) {
	d := newTestDatasource(t, `{}`)
	from := dayStart.Add(3 * time.Hour)
	res := queryRange(t, d, from, from.Add(20*time.Minute), `{"queryType":"inventory"}`)
	f := res.Frames[0]
	names, _ := f.FieldByName("function")
	calls, p50, peak := numbers(t, f, "invocations"), numbers(t, f, "p50"), numbers(t, f, "maxConcurrency")
	for i := range calls {
		name := names.At(i).(string)
		if calls[i] == 0 {
			if peak[i] != 0 {
				t.Errorf("%s: no calls, max concurrency %v", name, peak[i])
			}
			continue
		}
		if floor := calls[i] / 1200 * p50[i] / 1000; peak[i] < 1 || peak[i] < floor || peak[i] != math.Floor(peak[i]) {
			t.Errorf("%s: %v calls in 20 minutes at a p50 of %v ms, max concurrency %v", name, calls[i], p50[i], peak[i])
		}
	}
}
