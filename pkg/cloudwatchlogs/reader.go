package cloudwatchlogs

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	sdklogs "github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"

	"github.com/seed/serverless/pkg/awsclients"
)

const (
	// MaxResults is the most lines one Insights query returns.
	MaxResults = 10000
	// MaxGroupsPerQuery is the most log groups one Insights query reads.
	MaxGroupsPerQuery = 50
	// GroupPrefix starts the name of every Lambda function's log group.
	GroupPrefix = "/aws/lambda/"
)

// Options tunes the Reader; zero values take the defaults.
type Options struct {
	// QueriesPerRegion bounds the Insights queries (and FilterLogEvents scans) running at once in
	// a region, across every request the Reader serves (default 10). CloudWatch Logs runs at most
	// 30 Insights queries at once per account and region (by default), and other clients of the
	// account share that quota; StartQuery waits out the quota when it is reached all the same.
	QueriesPerRegion int
	// PollInitial and PollMax bound the wait between GetQueryResults calls, which doubles
	// (defaults 250 ms and 2 s).
	PollInitial, PollMax time.Duration
	// MaxWait bounds one Insights query; it is stopped after that (default 2 min).
	MaxWait time.Duration
	// StartAttempts bounds the attempts of one StartQuery call, the first included (default 6):
	// the SDK's retryer retries it while the account's query quota is reached, the call is
	// throttled or it fails transiently. The quota frees only as other queries end, so StartQuery
	// waits longer than other calls: RetryMax caps the SDK's jittered exponential wait between
	// attempts (default 8 s; the first waits are up to 2 s and 4 s).
	StartAttempts int
	RetryMax      time.Duration
	// Deprecated: RetryBase is ignored; StartQuery's waits are the SDK's (see RetryMax).
	RetryBase time.Duration
	// GroupsTTL is how long the list of a region's Lambda log groups is reused (default 5 min).
	GroupsTTL time.Duration
	// FilterMaxPages bounds the FilterLogEvents pages read for one log group (default 50).
	FilterMaxPages int
}

// Request is one logs query.
type Request struct {
	Regions []string
	// Functions names the functions to read; empty reads every Lambda log group of the regions.
	Functions []string
	From, To  time.Time
	Plan      Plan
	// Fresh skips the log group cache (alert evaluations).
	Fresh bool
}

// Event is one log line as CloudWatch Logs returns it.
type Event struct {
	Time      time.Time
	Region    string
	LogGroup  string
	LogStream string
	Message   string
}

// Result is the lines of a request, newest first unless the plan asks for the oldest, and how
// they were read.
type Result struct {
	Events []Event
	// InsightsQueries and FilterCalls count the calls that read lines.
	InsightsQueries int
	FilterCalls     int
	// RecordsScanned and BytesScanned are Insights' statistics, summed.
	RecordsScanned, BytesScanned float64
	// Notices say what the result may be missing.
	Notices []string
}

// NoLogGroupError says that a named function has no log group in the query's regions.
type NoLogGroupError struct {
	Function string
	Regions  []string
}

func (e *NoLogGroupError) Error() string {
	return fmt.Sprintf("no log group %s%s in %s: the function does not exist there or has never logged",
		GroupPrefix, e.Function, strings.Join(e.Regions, ", "))
}

// QueryEndedError says that Insights ended a query without results.
type QueryEndedError struct {
	Region string
	Status types.QueryStatus
}

func (e *QueryEndedError) Error() string {
	return fmt.Sprintf("CloudWatch Logs Insights in %s ended the query with status %s", e.Region, e.Status)
}

// Reader reads function logs from CloudWatch Logs.
type Reader struct {
	clients Clients
	opts    Options

	groups *awsclients.Lists[map[string]bool]

	mu    sync.Mutex
	slots map[string]chan struct{} // by region: the QueriesPerRegion bound
}

// NewReader reads through the given clients.
func NewReader(clients Clients, opts Options) *Reader {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	if opts.QueriesPerRegion <= 0 {
		opts.QueriesPerRegion = 10
	}
	def(&opts.PollInitial, 250*time.Millisecond)
	def(&opts.PollMax, 2*time.Second)
	def(&opts.MaxWait, 2*time.Minute)
	def(&opts.RetryMax, 8*time.Second)
	def(&opts.GroupsTTL, 5*time.Minute)
	if opts.StartAttempts <= 0 {
		opts.StartAttempts = 6
	}
	if opts.FilterMaxPages <= 0 {
		opts.FilterMaxPages = 50
	}
	r := &Reader{clients: clients, opts: opts, slots: map[string]chan struct{}{}}
	r.groups = awsclients.NewLists(opts.GroupsTTL, r.listLambdaGroups)
	return r
}

// regionSlots is the bound on queries running at once in a region, shared by every request.
func (r *Reader) regionSlots(region string) chan struct{} {
	r.mu.Lock()
	defer r.mu.Unlock()
	slots, ok := r.slots[region]
	if !ok {
		slots = make(chan struct{}, r.opts.QueriesPerRegion)
		r.slots[region] = slots
	}
	return slots
}

// task is one Insights query (or one FilterLogEvents scan) of one region.
type task struct {
	region string
	groups []string
}

// Read runs the request. When the caller's context ends, every Insights query still running is
// stopped before Read returns.
func (r *Reader) Read(ctx context.Context, req Request) (*Result, error) {
	if !req.From.Before(req.To) {
		return nil, errors.New("time range is empty or reversed")
	}
	tasks, err := r.plan(ctx, req)
	if err != nil {
		return nil, err
	}
	res := &Result{}
	if len(tasks) == 0 {
		return res, nil
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		mu       sync.Mutex
		firstErr error
		wg       sync.WaitGroup
	)
	for _, t := range tasks {
		slots := r.regionSlots(t.region)
		wg.Add(1)
		go func() {
			defer wg.Done()
			select {
			case slots <- struct{}{}:
				defer func() { <-slots }()
			case <-ctx.Done():
				return
			}
			part, err := r.run(ctx, req, t)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				if firstErr == nil {
					firstErr = err
					cancel()
				}
				return
			}
			res.Events = append(res.Events, part.Events...)
			res.InsightsQueries += part.InsightsQueries
			res.FilterCalls += part.FilterCalls
			res.RecordsScanned += part.RecordsScanned
			res.BytesScanned += part.BytesScanned
			res.Notices = append(res.Notices, part.Notices...)
		}()
	}
	wg.Wait()
	if firstErr == nil && ctx.Err() != nil {
		firstErr = ctx.Err()
	}
	if firstErr != nil {
		return nil, firstErr
	}
	res.Events = slices.DeleteFunc(res.Events, func(e Event) bool { return e.Time.Before(req.From) || !e.Time.Before(req.To) })
	slices.SortStableFunc(res.Events, func(a, b Event) int {
		if req.Plan.OldestFirst {
			return a.Time.Compare(b.Time)
		}
		return b.Time.Compare(a.Time)
	})
	if req.Plan.Limit > 0 && len(res.Events) > req.Plan.Limit {
		res.Events = res.Events[:req.Plan.Limit]
	}
	slices.Sort(res.Notices)
	res.Notices = slices.Compact(res.Notices)
	return res, nil
}

// plan finds the log groups of the request in each region and splits them into tasks.
func (r *Reader) plan(ctx context.Context, req Request) ([]task, error) {
	found := map[string]bool{}
	var tasks []task
	for _, region := range req.Regions {
		existing, err := r.lambdaGroups(ctx, region, req.Fresh)
		if err != nil {
			return nil, err
		}
		var groups []string
		if len(req.Functions) == 0 {
			for name := range existing {
				groups = append(groups, name)
			}
			slices.Sort(groups)
		}
		for _, f := range req.Functions {
			if existing[GroupPrefix+f] {
				groups = append(groups, GroupPrefix+f)
				found[f] = true
			}
		}
		perTask := MaxGroupsPerQuery
		if req.Plan.FilterPattern != "" {
			perTask = 1
		}
		for chunk := range slices.Chunk(groups, perTask) {
			tasks = append(tasks, task{region: region, groups: chunk})
		}
	}
	for _, f := range req.Functions {
		if !found[f] {
			return nil, &NoLogGroupError{Function: f, Regions: req.Regions}
		}
	}
	return tasks, nil
}

// lambdaGroups lists the region's Lambda log groups, kept for GroupsTTL.
func (r *Reader) lambdaGroups(ctx context.Context, region string, fresh bool) (map[string]bool, error) {
	return r.groups.Get(ctx, region, fresh)
}

func (r *Reader) listLambdaGroups(ctx context.Context, region string) (map[string]bool, error) {
	api, err := r.clients.Client(ctx, region)
	if err != nil {
		return nil, err
	}
	names := map[string]bool{}
	in := &sdklogs.DescribeLogGroupsInput{LogGroupNamePrefix: aws.String(GroupPrefix), Limit: aws.Int32(50)}
	err = awsclients.Paginate(&in.NextToken, func() (*string, error) {
		out, err := api.DescribeLogGroups(ctx, in)
		if err != nil {
			return nil, err
		}
		for _, g := range out.LogGroups {
			names[aws.ToString(g.LogGroupName)] = true
		}
		return out.NextToken, nil
	})
	if err != nil {
		return nil, fmt.Errorf("CloudWatch Logs DescribeLogGroups in %s: %w", region, err)
	}
	return names, nil
}

func (r *Reader) run(ctx context.Context, req Request, t task) (*Result, error) {
	api, err := r.clients.Client(ctx, t.region)
	if err != nil {
		return nil, err
	}
	if req.Plan.FilterPattern != "" {
		return r.filter(ctx, api, req, t)
	}
	return r.insights(ctx, api, req, t)
}

// insights runs one Insights query to its end, stopping it if the caller gives up first.
func (r *Reader) insights(ctx context.Context, api API, req Request, t task) (*Result, error) {
	in := &sdklogs.StartQueryInput{
		LogGroupNames: t.groups, QueryString: aws.String(req.Plan.Insights),
		StartTime: aws.Int64(req.From.Unix()), EndTime: aws.Int64(req.To.Unix()),
	}
	if req.Plan.Limit > 0 {
		in.Limit = aws.Int32(int32(min(req.Plan.Limit, MaxResults)))
	}
	id, err := r.start(ctx, api, t.region, in)
	if err != nil {
		return nil, err
	}
	deadline := time.NewTimer(r.opts.MaxWait)
	defer deadline.Stop()
	wait := r.opts.PollInitial
	for {
		out, err := api.GetQueryResults(ctx, &sdklogs.GetQueryResultsInput{QueryId: aws.String(id)})
		if err != nil {
			r.stop(ctx, api, id)
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			return nil, fmt.Errorf("CloudWatch Logs GetQueryResults in %s: %w", t.region, err)
		}
		switch out.Status {
		case types.QueryStatusComplete:
			return results(t.region, out), nil
		case types.QueryStatusFailed, types.QueryStatusCancelled, types.QueryStatusTimeout:
			return nil, &QueryEndedError{Region: t.region, Status: out.Status}
		}
		pause := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			pause.Stop()
			r.stop(ctx, api, id)
			return nil, ctx.Err()
		case <-deadline.C:
			pause.Stop()
			r.stop(ctx, api, id)
			return nil, fmt.Errorf("CloudWatch Logs Insights in %s did not finish the query within %s; it was stopped. Narrow the time range or the functions",
				t.region, r.opts.MaxWait)
		case <-pause.C:
		}
		wait = min(wait*2, r.opts.PollMax)
	}
}

// start calls StartQuery with the SDK's retryer set for it alone: StartAttempts attempts in all,
// with waits of up to RetryMax, while the account's concurrent query quota is reached
// (LimitExceededException), the call is throttled or it fails transiently. The quota frees only
// as other queries end, which takes longer than the shared policy waits for other calls.
func (r *Reader) start(ctx context.Context, api API, region string, in *sdklogs.StartQueryInput) (string, error) {
	out, err := api.StartQuery(ctx, in, r.startRetries)
	if err == nil {
		return aws.ToString(out.QueryId), nil
	}
	if ctx.Err() != nil {
		return "", ctx.Err()
	}
	var exhausted *retry.MaxAttemptsError
	if errors.As(err, &exhausted) {
		return "", fmt.Errorf("CloudWatch Logs StartQuery in %s: still refused after %d attempts: %w", region, exhausted.Attempt, err)
	}
	return "", fmt.Errorf("CloudWatch Logs StartQuery in %s: %w", region, err)
}

// startRetries is StartQuery's retry policy, on top of the client's. LimitExceededException is
// named although the SDK counts it among throttles by default: waiting out the quota depends on it.
func (r *Reader) startRetries(o *sdklogs.Options) {
	o.Retryer = retry.AddWithMaxBackoffDelay(
		retry.AddWithMaxAttempts(retry.AddWithErrorCodes(o.Retryer, "LimitExceededException"), r.opts.StartAttempts),
		r.opts.RetryMax)
}

// stop stops a query the caller no longer waits for, so it stops counting against the account's
// quota and its scanning bill. It runs even though ctx has ended, for a bounded time.
func (r *Reader) stop(ctx context.Context, api API, id string) {
	stopCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	// A query that ended meanwhile cannot be stopped; either way there is nothing more to do.
	_, _ = api.StopQuery(stopCtx, &sdklogs.StopQueryInput{QueryId: aws.String(id)})
}

func results(region string, out *sdklogs.GetQueryResultsOutput) *Result {
	res := &Result{InsightsQueries: 1}
	if s := out.Statistics; s != nil {
		res.RecordsScanned, res.BytesScanned = s.RecordsScanned, s.BytesScanned
	}
	for _, row := range out.Results {
		e := Event{Region: region}
		for _, f := range row {
			v := aws.ToString(f.Value)
			switch aws.ToString(f.Field) {
			case "@timestamp":
				e.Time = insightsTime(v)
			case "@message":
				e.Message = v
			case "@logStream":
				e.LogStream = v
			case "@log":
				// account-id:log-group-name; log group names hold no colon.
				e.LogGroup = v[strings.LastIndex(v, ":")+1:]
			}
		}
		res.Events = append(res.Events, e)
	}
	return res
}

// insightsTime reads Insights' "2006-01-02 15:04:05.000" (UTC), or milliseconds since the epoch.
func insightsTime(v string) time.Time {
	if t, err := time.Parse("2006-01-02 15:04:05.000", v); err == nil {
		return t.UTC()
	}
	if ms, err := strconv.ParseInt(v, 10, 64); err == nil {
		return time.UnixMilli(ms).UTC()
	}
	return time.Time{}
}

// filter reads one log group with FilterLogEvents, which returns the oldest lines first: the
// oldest lines are the first pages, the newest need every page of the range.
func (r *Reader) filter(ctx context.Context, api API, req Request, t task) (*Result, error) {
	res := &Result{}
	group := t.groups[0]
	in := &sdklogs.FilterLogEventsInput{
		LogGroupName: aws.String(group), FilterPattern: aws.String(req.Plan.FilterPattern),
		StartTime: aws.Int64(req.From.UnixMilli()), EndTime: aws.Int64(req.To.UnixMilli() - 1),
	}
	for page := 0; ; page++ {
		if page == r.opts.FilterMaxPages {
			res.Notices = append(res.Notices, fmt.Sprintf("Read the first %d pages of %s only; narrow the time range to read them all", page, group))
			break
		}
		out, err := api.FilterLogEvents(ctx, in)
		res.FilterCalls++
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			return nil, fmt.Errorf("CloudWatch Logs FilterLogEvents on %s in %s: %w", group, t.region, err)
		}
		for _, e := range out.Events {
			res.Events = append(res.Events, Event{Time: time.UnixMilli(aws.ToInt64(e.Timestamp)).UTC(), Region: t.region,
				LogGroup: group, LogStream: aws.ToString(e.LogStreamName), Message: aws.ToString(e.Message)})
		}
		if req.Plan.OldestFirst && len(res.Events) >= req.Plan.Limit {
			break
		}
		if aws.ToString(out.NextToken) == "" || aws.ToString(out.NextToken) == aws.ToString(in.NextToken) {
			break
		}
		in.NextToken = out.NextToken
	}
	return res, nil
}

// FunctionOf is the function whose log group a line came from.
func FunctionOf(logGroup string) string {
	return strings.TrimPrefix(logGroup, GroupPrefix)
}
