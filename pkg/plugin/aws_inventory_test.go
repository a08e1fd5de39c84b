package plugin

import (
	"context"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/seed/serverless/pkg/cloudwatch"
	"github.com/seed/serverless/pkg/cloudwatch/cwfake"
	"github.com/seed/serverless/pkg/demo"
)

func queryInventory(d *Datasource, from, to time.Time, model string) backend.DataResponse {
	res, _ := d.QueryData(context.Background(), &backend.QueryDataRequest{Queries: []backend.DataQuery{{
		RefID: "A", QueryType: "inventory", TimeRange: backend.TimeRange{From: from, To: to}, JSON: []byte(model)}}})
	return res.Responses["A"]
}

// inventoryCells is a frame's cells by function name, then by field name.
func inventoryCells(t *testing.T, f *data.Frame) map[string]map[string]any {
	t.Helper()
	rows, _ := f.RowLen()
	functions, _ := f.FieldByName("function")
	cells := map[string]map[string]any{}
	for i := range rows {
		row := map[string]any{}
		for _, field := range f.Fields {
			row[field.Name] = field.At(i)
		}
		cells[functions.At(i).(string)] = row
	}
	return cells
}

// checkSameInventory compares AWS mode's inventory with demo mode's cell by cell. Percentiles
// may differ by 1e-9 of their value: both modes take the count-weighted geometric mean of the
// same minutes' medians, but demo mode adds the logarithms relative to the function's usual
// median and CloudWatch's period adds them as they are, so the sums round differently (by
// about 1e-15). Cold start % is null in AWS mode, which cannot measure it.
func checkSameInventory(t *testing.T, demoFrame, awsFrame *data.Frame) {
	t.Helper()
	if !slices.Equal(fieldNames(demoFrame), fieldNames(awsFrame)) {
		t.Fatalf("columns %v, demo mode's %v", fieldNames(awsFrame), fieldNames(demoFrame))
	}
	want, got := inventoryCells(t, demoFrame), inventoryCells(t, awsFrame)
	if len(want) == 0 || len(got) != len(want) {
		t.Fatalf("%d rows, demo mode has %d", len(got), len(want))
	}
	for function, wantRow := range want {
		gotRow, ok := got[function]
		if !ok {
			t.Fatalf("no row for %s", function)
		}
		for field, w := range wantRow {
			g := gotRow[field]
			switch field {
			case "coldStartRate":
				if g.(*float64) != nil {
					t.Errorf("%s: cold start %% %v, want null", function, *g.(*float64))
				}
			case "p50", "p95", "p99":
				if math.Abs(g.(float64)-w.(float64)) > 1e-9*w.(float64) {
					t.Errorf("%s: %s %v, demo mode %v", function, field, g, w)
				}
			default:
				if !reflect.DeepEqual(g, w) {
					t.Errorf("%s: %s %v, demo mode %v", function, field, g, w)
				}
			}
		}
	}
}

func TestAWSInventoryIsDemoModesForTheSameRange(t *testing.T) {
	tests := []struct {
		name      string
		functions int
		from      time.Time
		length    time.Duration
		model     string
	}{
		{"a day", 0, dayStart, 24 * time.Hour, `{}`},
		{"an hour off the minute grid, through an incident", 0, dayStart.Add(14*time.Hour + 20*time.Minute + 30*time.Second), time.Hour, `{}`},
		{"three hours", 0, dayStart.Add(13*time.Hour + 5*time.Minute), 3 * time.Hour, `{}`},
		{"six hours", 0, dayStart.Add(12 * time.Hour), 6 * time.Hour, `{}`},
		{"a week", 0, dayStart.Add(-6 * 24 * time.Hour), 7 * 24 * time.Hour, `{}`},
		{"100 functions, a day", 100, dayStart, 24 * time.Hour, `{}`},
		{"names, one unknown", 0, dayStart, 24 * time.Hour, `{"names":["ledger-writer","ghost","booking-api-handler"]}`},
		{"pattern", 0, dayStart, 24 * time.Hour, `{"pattern":"^payment"}`},
		{"region", 0, dayStart, 24 * time.Hour, `{"region":"eu-west-1"}`},
		{"runtime", 0, dayStart, 24 * time.Hour, `{"runtime":"python3.12"}`},
		{"pattern and runtime", 0, dayStart, 24 * time.Hour, `{"pattern":"^payment","runtime":"nodejs20.x"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			to := tt.from.Add(tt.length)
			pinNow(t, to.Add(time.Hour))
			demoDS := newTestDatasource(t, jsonScale(tt.functions))
			awsDS, fake := newAWSDatasource(t, awsTestOptions{fake: cwfake.Options{Estate: demo.New(demo.Options{Functions: tt.functions})}})
			want := queryInventory(demoDS, tt.from, to, tt.model)
			got := queryInventory(awsDS, tt.from, to, tt.model)
			if want.Error != nil || got.Error != nil || len(got.Frames) != 1 {
				t.Fatalf("demo error %v, aws error %v, %d frames", want.Error, got.Error, len(got.Frames))
			}
			checkSameInventory(t, want.Frames[0], got.Frames[0])
			notices := got.Frames[0].Meta.Notices
			if len(notices) != 1 || notices[0].Severity != data.NoticeSeverityInfo || !strings.Contains(notices[0].Text, "AWS/Lambda publishes no cold-start metric") {
				t.Errorf("notices %+v, want only the cold start one", notices)
			}
			if s := fake.Stats(); s.Rejected != 0 {
				t.Errorf("the fake refused calls: %v", s.Rejections)
			}
		})
	}
}

// One fetch for every function: per region, one group of whole-range series (six per function,
// one datapoint each) and one of trend series (two per function), each in the fewest calls
// CloudWatch's limits allow.
func TestAWSInventoryMakesThePlannersMinimumOfCalls(t *testing.T) {
	tests := []struct {
		name      string
		functions int
		length    time.Duration
		// trendPoints are the datapoints of a trend series: a day's 24 hours, an hour's minutes.
		trendPoints int64
	}{
		{"10 functions, a day", 0, 24 * time.Hour, 24},
		{"100 functions, a day", 100, 24 * time.Hour, 24},
		{"100 functions, an hour", 100, time.Hour, 60},
		{"1,000 functions, an hour", 1000, time.Hour, 60},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			to := dayStart.Add(tt.length)
			pinNow(t, to)
			d, fake := newAWSDatasource(t, awsTestOptions{fake: cwfake.Options{Estate: demo.New(demo.Options{Functions: tt.functions})}})
			res := queryInventory(d, dayStart, to, `{}`)
			if res.Error != nil {
				t.Fatal(res.Error)
			}
			frame := res.Frames[0]
			regions, _ := frame.FieldByName("region")
			perRegion := map[string]int64{}
			for i := range regions.Len() {
				perRegion[regions.At(i).(string)]++
			}
			var wantCalls, functions int64
			for _, n := range perRegion {
				wantCalls += cwfake.MinimumCalls(6*n, 1) + cwfake.MinimumCalls(2*n, tt.trendPoints)
				functions += n
			}
			s := fake.Stats()
			if int64(s.GetMetricDataCalls) != wantCalls || int64(s.MetricsRequested) != 8*functions {
				t.Fatalf("%d calls for %d series, want %d calls for %d", s.GetMetricDataCalls, s.MetricsRequested, wantCalls, 8*functions)
			}
			figures := frame.Meta.Custom.(map[string]any)["cloudwatch"].(cloudwatch.Stats)
			if figures.GetMetricDataCalls != int64(s.GetMetricDataCalls) || figures.MetricsRequested != int64(s.MetricsRequested) {
				t.Fatalf("frame figures %+v, fake %+v", figures, s)
			}
			t.Logf("%d functions in %d regions: %d calls, %d series, %d datapoints (%d points a trend)",
				functions, len(perRegion), s.GetMetricDataCalls, s.MetricsRequested, s.Datapoints, tt.trendPoints)
		})
	}
}

func TestAWSInventoryFailuresAreNoticesNotCrashes(t *testing.T) {
	tests := []struct {
		name       string
		throttle   int
		model      string
		wantStatus backend.Status
		wantRows   func(int) bool
		wantNotice string
	}{
		{"every call throttled", 1 << 20, `{}`, backend.StatusTooManyRequests, func(n int) bool { return n == 0 },
			"10 of 10 functions are left out, CloudWatch gave no figures for them"},
		{"one call throttled", 1, `{}`, backend.StatusOK, func(n int) bool { return n > 0 && n < 10 },
			"CloudWatch kept throttling GetMetricData"},
		{"upstreamOf needs the service map", 0, `{"upstreamOf":"ledger-writer"}`, backend.StatusNotImplemented, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pinNow(t, dayStart.Add(25*time.Hour))
			d, fake := newAWSDatasource(t, awsTestOptions{attempts: 1, planner: cloudwatch.Options{Concurrency: 1}})
			fake.ThrottleNext(tt.throttle)
			res := queryInventory(d, dayStart, dayStart.Add(24*time.Hour), tt.model)
			if status := cmpStatus(res); status != tt.wantStatus {
				t.Fatalf("status %d (%v), want %d", status, res.Error, tt.wantStatus)
			}
			if tt.wantRows == nil {
				return
			}
			rows, _ := res.Frames[0].RowLen()
			var notices []string
			for _, n := range res.Frames[0].Meta.Notices {
				notices = append(notices, n.Text)
			}
			if !tt.wantRows(rows) || !strings.Contains(strings.Join(notices, "\n"), tt.wantNotice) {
				t.Fatalf("%d rows, notices %q", rows, notices)
			}
		})
	}
}

func cmpStatus(res backend.DataResponse) backend.Status {
	if res.Error == nil && res.Status == 0 {
		return backend.StatusOK
	}
	return res.Status
}
