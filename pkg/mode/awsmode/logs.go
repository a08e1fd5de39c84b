package awsmode

import (
	"context"
	"errors"
	"fmt"

	"github.com/aws/smithy-go"
	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/seed/serverless/pkg/budget"
	"github.com/seed/serverless/pkg/cloudwatchlogs"
	"github.com/seed/serverless/pkg/frames"
	"github.com/seed/serverless/pkg/mode"
	"github.com/seed/serverless/pkg/model"
	"github.com/seed/serverless/pkg/query"
)

// Logs answers a logs query from CloudWatch Logs with the frames demo mode answers with.
func (m *Mode) Logs(ctx context.Context, q query.Query, fresh bool) backend.DataResponse {
	plan := cloudwatchlogs.Translate(q)
	lines, res, err := m.logLines(ctx, q, plan, fresh)
	if err != nil {
		return mode.ErrorResponse(logsError(budget.Overrun(ctx, err, "")))
	}
	frames := frames.Logs(q, lines, plan.Limit)
	for _, f := range frames {
		appendLogsNotices(f, res)
		f.Meta.Custom = map[string]any{"cloudwatchLogs": map[string]any{"insightsQueries": res.InsightsQueries,
			"filterLogEventsCalls": res.FilterCalls, "recordsScanned": res.RecordsScanned, "bytesScanned": res.BytesScanned,
			"query": plan.Insights, "filterPattern": plan.FilterPattern}}
	}
	return backend.DataResponse{Frames: frames}
}

// logLines reads the lines a plan finds in the query's functions and regions, as demo mode's
// log lines.
func (m *Mode) logLines(ctx context.Context, q query.Query, plan cloudwatchlogs.Plan, fresh bool) ([]model.LogLine, *cloudwatchlogs.Result, error) {
	regions := m.queryRegions(q)
	res, err := m.logs.Read(ctx, cloudwatchlogs.Request{Regions: regions, Functions: q.Names, From: q.From, To: q.To, Plan: plan, Fresh: fresh})
	if err != nil {
		return nil, nil, err
	}
	lines := make([]model.LogLine, len(res.Events))
	traces := map[string]string{}
	for i, e := range res.Events {
		parsed := cloudwatchlogs.ParseLine(e.Message)
		function := cloudwatchlogs.FunctionOf(e.LogGroup)
		lines[i] = model.LogLine{Time: e.Time, Function: function, Region: e.Region, LogGroup: e.LogGroup, LogStream: e.LogStream,
			RequestID: parsed.RequestID, TraceID: parsed.TraceID, Level: parsed.Level, Type: model.LineType(parsed.Type), Message: e.Message}
		if r := parsed.Report; r != nil {
			lines[i].Report = &model.Report{DurationMs: r.DurationMs, BilledMs: r.BilledDurationMs, MemoryMB: r.MemorySizeMB,
				MaxMemoryUsedMB: r.MaxMemoryUsedMB, InitDurationMs: r.InitDurationMs}
		}
		if parsed.TraceID != "" && parsed.RequestID != "" {
			traces[e.Region+" "+function+" "+parsed.RequestID] = parsed.TraceID
		}
	}
	// Lambda writes the trace id on some lines of a request only (application lines, REPORT);
	// every line of the request gets it, as in demo mode.
	for i := range lines {
		if l := &lines[i]; l.TraceID == "" && l.RequestID != "" {
			l.TraceID = traces[l.Region+" "+l.Function+" "+l.RequestID]
		}
	}
	return lines, res, nil
}

// appendLogsNotices passes on what CloudWatch Logs said about a read, such as a query cut short.
func appendLogsNotices(f *data.Frame, res *cloudwatchlogs.Result) {
	for _, n := range res.Notices {
		f.AppendNotices(data.Notice{Severity: data.NoticeSeverityWarning, Text: n})
	}
}

// logsError gives a logs failure the status it should be answered with.
func logsError(err error) error {
	var missing *cloudwatchlogs.NoLogGroupError
	var apiErr smithy.APIError
	switch {
	case errors.As(err, &missing):
		return mode.BadRequest(err)
	case errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded):
		return mode.Downstream(backend.StatusTimeout, err)
	case errors.As(err, &apiErr) && apiErr.ErrorCode() == "MalformedQueryException":
		return mode.Downstream(backend.StatusBadRequest, fmt.Errorf("CloudWatch Logs Insights refused the query: %w", err))
	case errors.As(err, &apiErr) && (apiErr.ErrorCode() == "LimitExceededException" || apiErr.ErrorCode() == "ThrottlingException"):
		return mode.Downstream(backend.StatusTooManyRequests, err)
	}
	return mode.Downstream(backend.StatusBadGateway, err)
}
