package budget

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"
)

func TestMetricsBudget(t *testing.T) {
	r := &Request{}
	if err := r.Metrics(10, 100_000); err != nil {
		t.Fatalf("a million datapoints: %v", err)
	}
	var over *Error
	if err := r.Metrics(10, 100_001); !errors.As(err, &over) || !strings.Contains(err.Error(), "too many datapoints for one query") {
		t.Fatalf("one point past a query's budget: %v", err)
	}
	if err := r.Metrics(501, 1); err == nil || !strings.Contains(err.Error(), "too many series") {
		t.Fatalf("501 series: %v", err)
	}
	if err := r.Metrics(math.MaxInt, math.MaxInt64/2); err == nil {
		t.Fatal("an overflowing product passed")
	}
	for range 4 {
		if err := r.Metrics(10, 100_000); err != nil {
			t.Fatal(err)
		}
	}
	if err := r.Metrics(1, 1); err == nil || !strings.Contains(err.Error(), "too many datapoints for one request") {
		t.Fatalf("past the request's budget: %v", err)
	}
}

func TestPoints(t *testing.T) {
	from := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	if got := Points(from, from.Add(time.Hour), 5*time.Minute); got != 14 {
		t.Fatalf("an hour at 5 minutes: %d points, want 14 (12 and the partial periods at both ends)", got)
	}
	if got := Points(from, from, time.Minute); got != 0 {
		t.Fatalf("an empty range: %d", got)
	}
	if got := Points(from, from.Add(time.Hour), 0); got != 0 {
		t.Fatalf("no period: %d", got)
	}
}

func TestLogLinesAndAnswerBudgets(t *testing.T) {
	r := &Request{}
	for range 5 {
		if err := r.LogLines(10_000); err != nil {
			t.Fatal(err)
		}
	}
	if err := r.LogLines(1); err == nil {
		t.Fatal("a line past the request's budget passed")
	}
	if err := r.Answer(MaxAnswerBytesPerQuery+1, 0); err == nil {
		t.Fatal("an answer past a query's budget passed")
	}
	if err := r.Answer(1000, MaxMetadataBytesPerQuery+1); err == nil || !strings.Contains(err.Error(), "shorten the label") {
		t.Fatalf("metadata past a query's budget: %v", err)
	}
	for range 4 {
		if err := r.Answer(MaxAnswerBytesPerQuery, 0); err != nil {
			t.Fatal(err)
		}
	}
	if err := r.Answer(1, 0); err == nil {
		t.Fatal("a byte past the request's budget passed")
	}
}

func TestFrameBytesCountsMetadataPerField(t *testing.T) {
	label := strings.Repeat("L", 1000)
	var frames data.Frames
	for range 10 {
		v := data.NewField("value", data.Labels{"FunctionName": "f"}, []float64{1, 2, 3})
		v.Config = &data.FieldConfig{DisplayNameFromDS: label}
		frames = append(frames, data.NewFrame("f", data.NewField("time", nil, []time.Time{{}, {}, {}}), v,
			data.NewField("message", nil, []string{"abc", "", "de"})))
	}
	bytes, metadata := FrameBytes(frames)
	if metadata < 10*1000 || metadata > 10*1200 {
		t.Fatalf("metadata %d, want the label ten times", metadata)
	}
	if values := bytes - metadata; values != 10*(3*8+3*8+5+3) {
		t.Fatalf("values %d", values)
	}
}

func TestWithDeadline(t *testing.T) {
	ctx, cancel := WithDeadline(context.Background())
	defer cancel()
	if d, _ := ctx.Deadline(); time.Until(d) > QueryTimeout || time.Until(d) < QueryTimeout-time.Second {
		t.Fatalf("no request deadline: %s left, want %s", time.Until(d), QueryTimeout)
	}
	parent, cancelParent := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancelParent()
	ctx, cancel = WithDeadline(parent)
	defer cancel()
	if d, _ := ctx.Deadline(); time.Until(d) > 8*time.Second || time.Until(d) < 7*time.Second {
		t.Fatalf("10 s left in the request: %s left for the query, want 8 s", time.Until(d))
	}
	short, cancelShort := context.WithTimeout(context.Background(), time.Second)
	defer cancelShort()
	ctx, cancel = WithDeadline(short)
	defer cancel()
	if d, _ := ctx.Deadline(); time.Until(d) > 800*time.Millisecond || time.Until(d) < 700*time.Millisecond {
		t.Fatalf("1 s left in the request: %s left for the query, want 0.8 s", time.Until(d))
	}
	<-ctx.Done()
	err := Check(ctx)
	var de *DeadlineError
	if !errors.As(err, &de) || !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "ran past its deadline of 0.8 s") {
		t.Fatalf("Check after the deadline: %v", err)
	}
	if again := Overrun(ctx, err, "more"); again != err {
		t.Fatalf("a DeadlineError wrapped twice: %v", again)
	}
}
