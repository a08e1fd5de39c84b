package plugin

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/seed/serverless/pkg/demo"
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
	for _, f := range estate.Resources(demo.KindLambda) {
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
	if cold := annotate(`{"preset":"coldStarts"}`); cold.Status != backend.StatusNotImplemented {
		t.Errorf("cold-start marks in AWS mode: status %d, error %v", cold.Status, cold.Error)
	}
}
