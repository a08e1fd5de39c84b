// Package budget bounds what one query and one request may cost the plugin process: Grafana runs
// one process for every user of the data source, so no query may take its memory or its time.
// Every limit lives here; the data source reserves a request's queries and log lines before any
// work starts, a mode reserves a metrics query's series and datapoints once it knows the
// selection and before it computes a series, and the data source weighs each answer before it is
// sent. A query over a limit fails its own refId with an error that names the limit and how to
// narrow the query; it is never answered in part.
package budget

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// The limits, chosen from what Grafana can draw and what CloudWatch returns:
const (
	// MaxQueriesPerRequest: a dashboard sends one request per panel, and a panel with more than a
	// few dozen queries is unreadable; the excess queries of a request are refused by refId.
	MaxQueriesPerRequest = 100
	// MaxSeriesPerQuery: CloudWatch's GetMetricData takes at most 500 metrics per call, and a
	// time series panel with more lines than that is noise.
	MaxSeriesPerQuery = 500
	// MaxDatapointsPerQuery: ten GetMetricData calls' worth (100,800 each), far more than the
	// few thousand pixels a panel is wide; about 16 MB of frames.
	MaxDatapointsPerQuery = 1_000_000
	// MaxDatapointsPerRequest: five full queries; about 80 MB of frames at most in flight.
	MaxDatapointsPerRequest = 5_000_000
	// MaxLogLinesPerRequest: five logs queries at Logs Insights' 10,000-line maximum; Grafana's
	// logs panel shows a few thousand lines well.
	MaxLogLinesPerRequest = 50_000
	// MaxAnswerBytesPerQuery and MaxAnswerBytesPerRequest bound the estimated size of the
	// frames sent back: 10,000 log lines take about 8 MB, a full metrics query 16 MB.
	MaxAnswerBytesPerQuery   = 24 << 20
	MaxAnswerBytesPerRequest = 96 << 20
	// MaxMetadataBytesPerQuery bounds the names, labels, display names and notes of a query's
	// frames: they repeat per series, so a long label times many series is what amplifies an
	// answer. A legend needs tens of bytes per series; 500 series of 2 KB fit.
	MaxMetadataBytesPerQuery = 1 << 20
	// QueryTimeout is the longest a query runs, retries included, when Grafana's request has no
	// earlier deadline: below Grafana's 30 s data proxy timeout.
	QueryTimeout = 25 * time.Second
	// DeadlineMargin is kept between a query's deadline and the request's, so the query's own
	// error, rather than Grafana's timeout, reaches the panel; a fifth of the time left when
	// that is less.
	DeadlineMargin = 2 * time.Second
)

// Error is a query over one of the limits.
type Error struct {
	// Limit names what ran over, Narrow how to ask for less.
	Limit, Narrow string
	Want, Max     int64
}

func (e *Error) Error() string {
	return fmt.Sprintf("%s: %s; %s", e.Limit, figures(e.Want, e.Max), e.Narrow)
}

func figures(want, maximum int64) string {
	if want <= 0 {
		return fmt.Sprintf("the limit of %d is spent", maximum)
	}
	return fmt.Sprintf("%d asked for, at most %d", want, maximum)
}

// Request is one request's budget, shared by its queries.
type Request struct {
	mu                                sync.Mutex
	datapoints, logLines, answerBytes int64
}

type requestKey struct{}

// With starts a request's budget in ctx.
func With(ctx context.Context) context.Context {
	return context.WithValue(ctx, requestKey{}, &Request{})
}

// From is the request's budget; without one (a mode called directly, as tests do) each call
// gets a fresh budget, so the per-query limits still hold.
func From(ctx context.Context) *Request {
	if r, ok := ctx.Value(requestKey{}).(*Request); ok {
		return r
	}
	return &Request{}
}

const narrowMetrics = "narrow the query: a shorter time range, a larger period, or fewer functions (names, a pattern or a region)"

// Metrics checks a metrics query of series series of points datapoints each against the
// per-query limits and reserves its datapoints from the request's.
func (r *Request) Metrics(series int, points int64) error {
	total := int64(series) * points
	if points > 0 && total/points != int64(series) || total > MaxDatapointsPerQuery {
		return &Error{Limit: "too many datapoints for one query (series × points of the range at the period)",
			Want: total, Max: MaxDatapointsPerQuery, Narrow: narrowMetrics}
	}
	if series > MaxSeriesPerQuery {
		return &Error{Limit: "too many series for one query", Want: int64(series), Max: MaxSeriesPerQuery,
			Narrow: "select fewer functions (names, a pattern or a region)"}
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.datapoints+total > MaxDatapointsPerRequest {
		return &Error{Limit: "too many datapoints for one request", Want: r.datapoints + total, Max: MaxDatapointsPerRequest,
			Narrow: "split the queries over several panels, or " + narrowMetrics}
	}
	r.datapoints += total
	return nil
}

// Points is how many periods of period cover [from, to), as a series of the query holds them at
// most; 0 when the range or period is empty. It never overflows.
func Points(from, to time.Time, period time.Duration) int64 {
	if period <= 0 || !from.Before(to) {
		return 0
	}
	return int64(to.Sub(from)/period) + 2
}

// LogLines reserves a logs query's lines (its limit) from the request's.
func (r *Request) LogLines(n int) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.logLines+int64(n) > MaxLogLinesPerRequest {
		return &Error{Limit: "too many log lines for one request", Want: r.logLines + int64(n), Max: MaxLogLinesPerRequest,
			Narrow: "lower the queries' limits, or split them over several panels"}
	}
	r.logLines += int64(n)
	return nil
}

// Answer checks a query's answer of bytes bytes, metadata of them, against the per-query
// limits and reserves it from the request's.
func (r *Request) Answer(bytes, metadata int64) error {
	if metadata > MaxMetadataBytesPerQuery {
		return &Error{Limit: "answer too large: its names, labels and notes repeat on every series", Want: metadata,
			Max: MaxMetadataBytesPerQuery, Narrow: "shorten the label, or select fewer functions"}
	}
	if bytes > MaxAnswerBytesPerQuery {
		return &Error{Limit: "answer too large for one query (bytes)", Want: bytes, Max: MaxAnswerBytesPerQuery,
			Narrow: "narrow the query: a shorter time range, a larger period, fewer functions or a lower limit"}
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.answerBytes+bytes > MaxAnswerBytesPerRequest {
		return &Error{Limit: "answer too large for one request (bytes)", Want: r.answerBytes + bytes, Max: MaxAnswerBytesPerRequest,
			Narrow: "split the queries over several panels, or narrow them"}
	}
	r.answerBytes += bytes
	return nil
}

// TooManyQueries is the error of a query past MaxQueriesPerRequest in its request of n.
func TooManyQueries(n int) error {
	return &Error{Limit: "too many queries in one request", Want: int64(n), Max: MaxQueriesPerRequest,
		Narrow: "only the first ones are answered; split the queries over several panels"}
}
