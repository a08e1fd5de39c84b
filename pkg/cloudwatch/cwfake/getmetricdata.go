package cwfake

import (
	"fmt"
	"regexp"
	"slices"
	"time"

	"github.com/seed/serverless/pkg/model"
)

var idPattern = regexp.MustCompile(`^[a-z][a-zA-Z0-9_]{0,254}$`)

type point struct {
	t time.Time
	v float64
}

type metricQuery struct {
	Query
	label      string
	returnData bool
	points     []point
}

// getMetricData answers from the demo estate, one page of at most PageDatapoints datapoints.
func (f *Fake) getMetricData(region string, body map[string]any) (map[string]any, *apiError) {
	if e := checkMembers("", body, "MetricDataQueries", "StartTime", "EndTime", "NextToken", "ScanBy", "MaxDatapoints", "LabelOptions"); e != nil {
		return nil, e
	}
	raw, e := list("", body, "MetricDataQueries")
	if e != nil {
		return nil, e
	}
	if len(raw) == 0 {
		return nil, validationError("MetricDataQueries is required and must hold at least one query")
	}
	if len(raw) > MaxQueriesPerCall {
		return nil, validationError("1 validation error detected: Value at 'metricDataQueries' failed to satisfy constraint: Member must have length less than or equal to %d (got %d)",
			MaxQueriesPerCall, len(raw))
	}
	start, e := timestamp("", body, "StartTime")
	if e != nil {
		return nil, e
	}
	end, e := timestamp("", body, "EndTime")
	if e != nil {
		return nil, e
	}
	if !start.Before(end) {
		return nil, invalidParameter("The parameter StartTime must be less than the parameter EndTime.")
	}
	scanBy, e := str("", body, "ScanBy", false)
	if e != nil {
		return nil, e
	}
	if scanBy == "" {
		scanBy = "TimestampDescending"
	}
	if scanBy != "TimestampDescending" && scanBy != "TimestampAscending" {
		return nil, validationError("ScanBy must be TimestampDescending or TimestampAscending, got %q", scanBy)
	}
	pageSize := f.opts.PageDatapoints
	if maxPoints, ok, e := integer("", body, "MaxDatapoints"); e != nil {
		return nil, e
	} else if ok {
		if maxPoints < 1 {
			return nil, validationError("MaxDatapoints must be at least 1, got %d", maxPoints)
		}
		pageSize = int(min(int64(pageSize), maxPoints))
	}
	queries := make([]metricQuery, len(raw))
	ids := map[string]bool{}
	var asked int64
	for i, rq := range raw {
		q, e := f.readQuery(fmt.Sprintf("MetricDataQueries.member.%d.", i+1), rq)
		if e != nil {
			return nil, e
		}
		if ids[q.ID] {
			return nil, validationError("The value %s for parameter MetricDataQueries.member.%d.Id is not unique.", q.ID, i+1)
		}
		ids[q.ID] = true
		asked += int64((end.Sub(start) + q.Period - 1) / q.Period)
		queries[i] = q
	}
	offset := 0
	dig := digest(body)
	if token, e := str("", body, "NextToken", false); e != nil {
		return nil, e
	} else if token != "" {
		var ok bool
		if offset, ok = readToken("gmd", dig, token); !ok {
			return nil, errNextToken
		}
	}
	total := 0
	for i := range queries {
		f.fill(region, &queries[i], start, end, scanBy == "TimestampAscending")
		if queries[i].returnData {
			total += len(queries[i].points)
		}
	}
	if offset > total {
		return nil, errNextToken
	}

	results := make([]any, 0, len(queries))
	pageEnd := min(offset+pageSize, total)
	at, returned := 0, 0
	for _, q := range queries {
		if !q.returnData {
			continue
		}
		from, to := max(offset-at, 0), min(pageEnd-at, len(q.points))
		var page []point
		if from < to {
			page = q.points[from:to]
		}
		status := "Complete"
		if at+len(q.points) > pageEnd {
			status = "PartialData"
		}
		at += len(q.points)
		times := make([]time.Time, len(page))
		values := make([]float64, len(page))
		for i, p := range page {
			times[i], values[i] = p.t, p.v
		}
		returned += len(page)
		var messages []any
		if f.opts.ResultHook != nil {
			s, ms := f.opts.ResultHook(q.Query)
			if s != "" {
				status = s
			}
			for _, m := range ms {
				messages = append(messages, map[string]any{"Code": m.Code, "Value": m.Value})
			}
		}
		result := map[string]any{"Id": q.ID, "Label": q.label, "Timestamps": times, "Values": values, "StatusCode": status}
		if messages != nil {
			result["Messages"] = messages
		}
		results = append(results, result)
	}
	out := map[string]any{"MetricDataResults": results}
	if pageEnd < total {
		out["NextToken"] = makeToken("gmd", dig, pageEnd)
	}
	if len(f.opts.CallMessages) > 0 {
		var ms []any
		for _, m := range f.opts.CallMessages {
			ms = append(ms, map[string]any{"Code": m.Code, "Value": m.Value})
		}
		out["Messages"] = ms
	}

	f.mu.Lock()
	f.stats.GetMetricDataCalls++
	f.stats.MetricsRequested += len(queries)
	f.stats.Datapoints += returned
	f.stats.MaxQueriesInCall = max(f.stats.MaxQueriesInCall, len(queries))
	f.stats.MaxDatapointsInCall = max(f.stats.MaxDatapointsInCall, asked)
	if asked > int64(pageSize) && offset == 0 {
		f.stats.PagedCalls++
	}
	f.mu.Unlock()
	return out, nil
}

func (f *Fake) readQuery(path string, raw any) (metricQuery, *apiError) {
	m, e := structure(path[:len(path)-1], raw)
	if e != nil {
		return metricQuery{}, e
	}
	if e := checkMembers(path, m, "Id", "MetricStat", "Expression", "Label", "ReturnData", "Period", "AccountId"); e != nil {
		return metricQuery{}, e
	}
	q := metricQuery{returnData: true}
	if q.ID, e = str(path, m, "Id", true); e != nil {
		return q, e
	}
	if !idPattern.MatchString(q.ID) {
		return q, validationError("The value %s for parameter %sId is invalid: it must start with a lowercase letter and hold only letters, digits and underscores.", q.ID, path)
	}
	if rd, ok := m["ReturnData"]; ok {
		b, isBool := rd.(bool)
		if !isBool {
			return q, validationError("%sReturnData must be a boolean, got %T", path, rd)
		}
		q.returnData = b
	}
	if _, ok := m["Expression"]; ok {
		return q, validationError("%sExpression: the fake CloudWatch evaluates no metric math; send MetricStat", path)
	}
	statRaw, ok := m["MetricStat"]
	if !ok {
		return q, invalidParameter("Exactly one of MetricStat and Expression is required in %s", path[:len(path)-1])
	}
	stat, e := structure(path+"MetricStat", statRaw)
	if e != nil {
		return q, e
	}
	sp := path + "MetricStat."
	if e := checkMembers(sp, stat, "Metric", "Period", "Stat", "Unit"); e != nil {
		return q, e
	}
	metricRaw, ok := stat["Metric"]
	if !ok {
		return q, validationError("%sMetric is required", sp)
	}
	metric, e := structure(sp+"Metric", metricRaw)
	if e != nil {
		return q, e
	}
	mp := sp + "Metric."
	if e := checkMembers(mp, metric, "Namespace", "MetricName", "Dimensions"); e != nil {
		return q, e
	}
	if q.Namespace, e = str(mp, metric, "Namespace", true); e != nil {
		return q, e
	}
	if q.MetricName, e = str(mp, metric, "MetricName", true); e != nil {
		return q, e
	}
	dims, e := list(mp, metric, "Dimensions")
	if e != nil {
		return q, e
	}
	if len(dims) > 30 {
		return q, validationError("%sDimensions holds %d dimensions; at most 30 are allowed", mp, len(dims))
	}
	q.Dimensions = map[string]string{}
	for j, d := range dims {
		name, value, _, e := dimension(mp, j+1, d, true)
		if e != nil {
			return q, e
		}
		if _, dup := q.Dimensions[name]; dup {
			return q, invalidParameter("The dimension %s appears twice in %s", name, mp+"Dimensions")
		}
		q.Dimensions[name] = value
	}
	period, ok, e := integer(sp, stat, "Period")
	if e != nil {
		return q, e
	}
	if !ok {
		return q, validationError("%sPeriod is required", sp)
	}
	if period <= 0 || period%60 != 0 {
		return q, invalidParameter("The parameter %sPeriod must be a multiple of 60 (the fake serves no high-resolution metrics), got %d", sp, period)
	}
	q.Period = time.Duration(period) * time.Second
	if q.Stat, e = str(sp, stat, "Stat", true); e != nil {
		return q, e
	}
	if _, err := model.ParseStatistic(q.Stat); err != nil {
		return q, invalidParameter("The value %s for parameter %sStat is not a valid statistic.", q.Stat, sp)
	}
	if q.label, e = str(path, m, "Label", false); e != nil {
		return q, e
	}
	if q.label == "" {
		q.label = q.MetricName
	}
	return q, nil
}

// fill computes a query's datapoints. Series CloudWatch would not have (another region, other
// dimensions, a percentile of a count) come back empty, as CloudWatch answers them.
func (f *Fake) fill(region string, q *metricQuery, start, end time.Time, ascending bool) {
	if len(q.Dimensions) != 1 {
		return
	}
	var dimension, value string
	for d, v := range q.Dimensions {
		dimension, value = d, v
	}
	kind, ok := f.kinds[[2]string{q.Namespace, dimension}]
	if !ok {
		return
	}
	r, ok := f.byDimension[kind][value]
	if !ok || (!f.opts.AnyRegion && r.Region != region) {
		return
	}
	// CloudWatch's periods start at StartTime rounded down to the minute, on the period's grid or
	// not. (Older data would be rounded to 5 minutes or an hour; the fake keeps every age at full
	// resolution.)
	s, err := f.opts.Estate.Series(model.SeriesQuery{Kind: kind, Name: r.Name, Metric: q.MetricName, Statistic: q.Stat,
		From: start, To: end, Period: q.Period, StartAtFrom: true})
	if err != nil {
		return
	}
	q.points = make([]point, len(s.Times))
	for i := range s.Times {
		q.points[i] = point{s.Times[i], s.Values[i]}
	}
	if !ascending {
		slices.Reverse(q.points)
	}
}
