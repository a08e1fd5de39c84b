package plugin

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/seed/serverless/pkg/cloudwatchlogs/logsfake"
	"github.com/seed/serverless/pkg/demo"
	"github.com/seed/serverless/pkg/model"
)

func TestAWSModeMarksEachFunctionsLatestChange(t *testing.T) {
	awsDS, _ := newAWSDatasource(t, awsTestOptions{})
	estate := demo.New(demo.Options{})
	annotate := func(model string) backend.DataResponse {
		return queryDay(awsDS, backend.DataQuery{RefID: "A", QueryType: "annotations", JSON: []byte(model)}).Responses["A"]
	}

	got := annotate(`{}`)
	if got.Error != nil {
		t.Fatal(got.Error)
	}
	var want []time.Time
	for _, f := range estate.Resources(model.KindLambda) {
		if last := lastChange(estate, f.Name); !last.IsZero() {
			want = append(want, last)
		}
	}
	slices.SortFunc(want, time.Time.Compare)
	frame := got.Frames[0]
	times := make([]time.Time, frame.Rows())
	for i := range times {
		times[i] = frame.Fields[0].At(i).(time.Time)
	}
	if len(want) == 0 || !slices.Equal(times, want) {
		t.Fatalf("marks at %v, want each function's last change of the day %v", times, want)
	}
	if title := frame.Fields[1].At(0).(string); !strings.HasSuffix(title, ": update") {
		t.Errorf("title %q", title)
	}

	one := annotate(`{"names":["OrderProcessorFunction"]}`)
	if one.Error != nil || one.Frames[0].Rows() != 1 || one.Frames[0].Fields[0].At(0) != lastChange(estate, "OrderProcessorFunction") {
		t.Errorf("one function: error %v, %d marks", one.Error, one.Frames[0].Rows())
	}
}

func TestAWSModeMarksTheColdStartsOfDemoMode(t *testing.T) {
	fake := logsfake.New(logsfake.Options{})
	t.Cleanup(fake.Close)
	demoDS := newTestDatasource(t, `{}`)
	demoLinesInFake(t, demo.New(demo.Options{}), fake)
	awsDS, _ := newAWSDatasource(t, awsTestOptions{logs: fake})
	for _, model := range []string{`{"preset":"coldStarts"}`, `{"preset":"coldStarts","names":["OrderProcessorFunction"]}`} {
		t.Run(model, func(t *testing.T) {
			dq := backend.DataQuery{RefID: "A", QueryType: "annotations", JSON: []byte(model), TimeRange: logsWindow}
			ask := func(d *Datasource) *data.Frame {
				res, _ := d.QueryData(context.Background(), &backend.QueryDataRequest{Queries: []backend.DataQuery{dq}})
				if r := res.Responses["A"]; r.Error != nil || len(r.Frames) != 1 {
					t.Fatalf("error %v, frames %v", r.Error, r.Frames)
				}
				return res.Responses["A"].Frames[0]
			}
			got, want := ask(awsDS), ask(demoDS)
			if want.Rows() == 0 {
				t.Fatal("demo mode marks no cold start in the window; the comparison would prove nothing")
			}
			// The local CloudWatch Logs keeps milliseconds, as CloudWatch Logs does.
			times := want.Fields[0]
			for i := range times.Len() {
				times.Set(i, times.At(i).(time.Time).Truncate(time.Millisecond))
			}
			if diff := cmp.Diff(want, got, data.FrameTestCompareOptions()...); diff != "" {
				t.Fatalf("AWS mode's cold-start marks differ from demo mode's:\n%s", diff)
			}
		})
	}
}
