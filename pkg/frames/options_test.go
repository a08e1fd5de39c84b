package frames

import (
	"math"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/seed/serverless/pkg/query"
)

var dayStart = time.Date(2026, 11, 18, 0, 0, 0, 0, time.UTC)

func TestDeviationFrameLeavesPointsWithoutABaselineEmpty(t *testing.T) {
	at := func(m int) time.Time { return dayStart.Add(time.Duration(m) * time.Minute) }
	frame := func(times []time.Time, values []float64) *data.Frame {
		v := data.NewField("Duration", data.Labels{"FunctionName": "f"}, values)
		v.Config = &data.FieldConfig{DisplayNameFromDS: "f Duration p95"}
		return data.NewFrame("Duration", data.NewField("time", nil, times), v)
	}
	shift := 7 * 24 * time.Hour
	current := frame([]time.Time{at(0), at(1), at(2)}, []float64{130, 50, 80})
	past := frame([]time.Time{at(0).Add(-shift), at(1).Add(-shift)}, []float64{100, 0})

	got := deviationFrame(current, past, shift, query.BaselineLastWeek).Fields[1]
	if v := got.At(0).(*float64); v == nil || math.Abs(*v-30) > 1e-9 {
		t.Errorf("130 against 100: got %v, want +30%%", v)
	}
	if got.At(1).(*float64) != nil || got.At(2).(*float64) != nil {
		t.Errorf("a zero or missing baseline must give null, got %v and %v", got.At(1), got.At(2))
	}
}
