package cloudwatchlogs_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/seed/serverless/pkg/awsclients"
	"github.com/seed/serverless/pkg/awsclients/awstest"
	"github.com/seed/serverless/pkg/cloudwatchlogs"
	"github.com/seed/serverless/pkg/cloudwatchlogs/logsfake"
	"github.com/seed/serverless/pkg/settings/settingstest"
)

func TestMain(m *testing.M) { awstest.Main(m) }

var t0 = time.Date(2026, 11, 18, 10, 0, 0, 0, time.UTC)

// newReader reads the fake with quick polls and retries.
func newReader(t *testing.T, fake *logsfake.Fake, opts cloudwatchlogs.Options) *cloudwatchlogs.Reader {
	t.Helper()
	return newReaderWithRetryer(t, fake, opts, awsclients.Options{MaxAttempts: 3, BaseBackoff: time.Millisecond, MaxBackoff: 5 * time.Millisecond})
}

// newReaderWithRetryer reads the fake with the shared retry policy of clientOpts.
func newReaderWithRetryer(t *testing.T, fake *logsfake.Fake, opts cloudwatchlogs.Options, clientOpts awsclients.Options) *cloudwatchlogs.Reader {
	t.Helper()
	if opts.PollInitial == 0 {
		opts.PollInitial, opts.PollMax = time.Millisecond, 5*time.Millisecond
	}
	if opts.RetryMax == 0 {
		opts.RetryMax = 5 * time.Millisecond
	}
	// The SDK retries connection resets and throttles (as it does in production, with quick
	// backoff here); StartQuery's own attempts and waits are set on the same retryer.
	return cloudwatchlogs.NewReader(sdkClients(t, fake, clientOpts), opts)
}

// sdkClients are the SDK's CloudWatch Logs clients pointed at the fake, with clientOpts' retries.
func sdkClients(t *testing.T, fake *logsfake.Fake, clientOpts awsclients.Options) *cloudwatchlogs.SDKClients {
	t.Helper()
	s := settingstest.AWSKeys(t, "AKIAFAKELOGSTEST0001", "logs/test/secret", fake.URL)
	return cloudwatchlogs.NewSDKClients(awsclients.NewConnection(s, clientOpts))
}

// addFunctions stores n functions' log groups, each with one REPORT line a minute apart.
func addFunctions(fake *logsfake.Fake, region string, n int) {
	for i := range n {
		fake.Add(region, fmt.Sprintf("/aws/lambda/fn-%03d", i), logsfake.Event{Time: t0.Add(time.Duration(i) * time.Second), Stream: "s",
			Message: fmt.Sprintf("REPORT RequestId: 00000000-0000-4000-8000-%012d\tDuration: 1.00 ms\tBilled Duration: 1 ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB", i)})
	}
}

func allLines(limit int) cloudwatchlogs.Plan {
	return cloudwatchlogs.Plan{Insights: "fields @timestamp, @message | sort @timestamp desc | limit " + fmt.Sprint(limit), Limit: limit}
}

func TestInsightsQueriesHoldAtMost50LogGroupsAndRunBounded(t *testing.T) {
	fake := logsfake.New(logsfake.Options{RunningPolls: 3})
	defer fake.Close()
	addFunctions(fake, "us-east-1", 120)
	addFunctions(fake, "eu-west-1", 7)
	r := newReader(t, fake, cloudwatchlogs.Options{QueriesPerRegion: 2})
	res, err := r.Read(context.Background(), cloudwatchlogs.Request{Regions: []string{"us-east-1", "eu-west-1"}, From: t0, To: t0.Add(time.Hour), Plan: allLines(1000)})
	if err != nil {
		t.Fatal(err)
	}
	s := fake.Stats()
	if len(s.GroupsPerQuery) != 4 || res.InsightsQueries != 4 {
		t.Fatalf("%d queries with %v log groups, want 4 (50, 50, 20, 7)", res.InsightsQueries, s.GroupsPerQuery)
	}
	sum := 0
	for _, n := range s.GroupsPerQuery {
		if n > 50 {
			t.Fatalf("a query read %d log groups", n)
		}
		sum += n
	}
	if sum != 127 || len(res.Events) != 127 {
		t.Fatalf("%d log groups queried, %d lines, want 127 each", sum, len(res.Events))
	}
	for region, n := range s.MaxRunning {
		if n > 2 {
			t.Fatalf("%d queries ran at once in %s, the bound is 2", n, region)
		}
	}
	for i := 1; i < len(res.Events); i++ {
		if res.Events[i].Time.After(res.Events[i-1].Time) {
			t.Fatalf("lines not newest first at %d", i)
		}
	}
	if e := res.Events[0]; e.LogGroup != "/aws/lambda/fn-119" || e.Region != "us-east-1" || e.LogStream != "s" {
		t.Fatalf("newest line %+v", e)
	}
	// Limits apply to the merged lines.
	res, err = r.Read(context.Background(), cloudwatchlogs.Request{Regions: []string{"us-east-1"}, From: t0, To: t0.Add(time.Hour), Plan: allLines(5)})
	if err != nil || len(res.Events) != 5 || res.Events[0].LogGroup != "/aws/lambda/fn-119" {
		t.Fatalf("%v %+v", err, res)
	}
}

func TestConcurrentRequestsShareEachRegionsBound(t *testing.T) {
	tests := []struct {
		name     string
		bound    int
		requests int
	}{
		{"one request", 3, 1},
		{"two concurrent requests share the bound", 3, 2},
		{"three concurrent requests, one query at a time", 1, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := logsfake.New(logsfake.Options{RunningPolls: 5})
			defer fake.Close()
			// Each request reads 6 queries' worth of log groups in us-east-1 and 2 in eu-west-1.
			addFunctions(fake, "us-east-1", 300)
			addFunctions(fake, "eu-west-1", 100)
			r := newReader(t, fake, cloudwatchlogs.Options{QueriesPerRegion: tt.bound})
			awstest.Together(tt.requests, func() {
				res, err := r.Read(context.Background(), cloudwatchlogs.Request{Regions: []string{"us-east-1", "eu-west-1"}, From: t0, To: t0.Add(time.Hour), Plan: allLines(1000)})
				if err != nil || res.InsightsQueries != 8 || len(res.Events) != 400 {
					t.Errorf("%v, %d queries, %d lines", err, res.InsightsQueries, len(res.Events))
				}
			})
			s := fake.Stats()
			if s.MaxRunning["us-east-1"] != tt.bound || s.MaxRunning["eu-west-1"] > tt.bound {
				t.Fatalf("at most %v queries ran at once by region, want the bound of %d reached in us-east-1 and never passed", s.MaxRunning, tt.bound)
			}
		})
	}
}

func TestCancelledCallersStopTheirQueries(t *testing.T) {
	fake := logsfake.New(logsfake.Options{Hold: true})
	defer fake.Close()
	addFunctions(fake, "us-east-1", 60)
	r := newReader(t, fake, cloudwatchlogs.Options{})
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	began := time.Now()
	_, err := r.Read(ctx, cloudwatchlogs.Request{Regions: []string{"us-east-1"}, From: t0, To: t0.Add(time.Hour), Plan: allLines(100)})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("error %v, want the caller's deadline", err)
	}
	if took := time.Since(began); took > 5*time.Second {
		t.Fatalf("Read took %s after its caller gave up", took)
	}
	s := fake.Stats()
	if s.Calls["StartQuery"] != 2 || len(s.Stopped) != 2 || s.Calls["StopQuery"] != 2 {
		t.Fatalf("started %d queries, stopped %v", s.Calls["StartQuery"], s.Stopped)
	}
}

func TestQueriesThatRunTooLongAreStopped(t *testing.T) {
	fake := logsfake.New(logsfake.Options{Hold: true})
	defer fake.Close()
	addFunctions(fake, "us-east-1", 1)
	r := newReader(t, fake, cloudwatchlogs.Options{MaxWait: 50 * time.Millisecond})
	_, err := r.Read(context.Background(), cloudwatchlogs.Request{Regions: []string{"us-east-1"}, From: t0, To: t0.Add(time.Hour), Plan: allLines(10)})
	if err == nil || !strings.Contains(err.Error(), "did not finish the query within 50ms; it was stopped") {
		t.Fatalf("error %v", err)
	}
	if s := fake.Stats(); len(s.Stopped) != 1 {
		t.Fatalf("stopped %v", s.Stopped)
	}
}

func TestStartQueryWaitsOutTheQueryQuotaAndThrottling(t *testing.T) {
	fake := logsfake.New(logsfake.Options{})
	defer fake.Close()
	addFunctions(fake, "us-east-1", 1)
	// The shared retryer makes 3 attempts of a call (newReader); StartQuery makes 9.
	r := newReader(t, fake, cloudwatchlogs.Options{StartAttempts: 9})
	req := cloudwatchlogs.Request{Regions: []string{"us-east-1"}, From: t0, To: t0.Add(time.Hour), Plan: allLines(10)}
	// More refusals than the shared retryer's attempts: StartQuery's own get the query started.
	fake.FailNext("StartQuery", "LimitExceededException", "ThrottlingException", "LimitExceededException", "LimitExceededException")
	res, err := r.Read(context.Background(), req)
	if err != nil || len(res.Events) != 1 {
		t.Fatalf("%v %+v", err, res)
	}
	if n := fake.Stats().Calls["StartQuery"]; n != 5 {
		t.Fatalf("%d StartQuery calls, want 5", n)
	}
	refusals := make([]string, 9)
	for i := range refusals {
		refusals[i] = "LimitExceededException"
	}
	fake.FailNext("StartQuery", refusals...)
	_, err = r.Read(context.Background(), req)
	if err == nil || !strings.Contains(err.Error(), "still refused after 9 attempts") || !strings.Contains(err.Error(), "LimitExceededException") {
		t.Fatalf("error %v", err)
	}
	if n := fake.Stats().Calls["StartQuery"]; n != 14 {
		t.Fatalf("%d StartQuery calls, want 14", n)
	}
	// Other errors are not retried.
	fake.FailNext("StartQuery", "MalformedQueryException")
	_, err = r.Read(context.Background(), req)
	if err == nil || !strings.Contains(err.Error(), "MalformedQueryException") || fake.Stats().Calls["StartQuery"] != 15 {
		t.Fatalf("error %v after %d calls", err, fake.Stats().Calls["StartQuery"])
	}
}

func TestNamedFunctionsMustHaveALogGroup(t *testing.T) {
	fake := logsfake.New(logsfake.Options{})
	defer fake.Close()
	addFunctions(fake, "us-east-1", 2)
	r := newReader(t, fake, cloudwatchlogs.Options{})
	res, err := r.Read(context.Background(), cloudwatchlogs.Request{Regions: []string{"us-east-1", "eu-west-1"}, Functions: []string{"fn-001"},
		From: t0, To: t0.Add(time.Hour), Plan: allLines(10)})
	if err != nil || len(res.Events) != 1 || res.Events[0].LogGroup != "/aws/lambda/fn-001" {
		t.Fatalf("%v %+v", err, res)
	}
	_, err = r.Read(context.Background(), cloudwatchlogs.Request{Regions: []string{"us-east-1", "eu-west-1"}, Functions: []string{"fn-001", "ghost"},
		From: t0, To: t0.Add(time.Hour), Plan: allLines(10)})
	var missing *cloudwatchlogs.NoLogGroupError
	if !errors.As(err, &missing) || err.Error() != "no log group /aws/lambda/ghost in us-east-1, eu-west-1: the function does not exist there or has never logged" {
		t.Fatalf("error %v", err)
	}
	// The log group list is cached: the second Read listed nothing.
	if n := fake.Stats().Calls["DescribeLogGroups"]; n != 2 {
		t.Fatalf("%d DescribeLogGroups calls, want one per region", n)
	}
}

// StartQuery has one retry policy, the SDK's: a query refused for the account's query quota makes
// the attempts StartAttempts sets, however many the shared retryer gives other calls.
func TestStartQueryMakesTheAttemptsItIsGiven(t *testing.T) {
	always := slices.Repeat([]string{"LimitExceededException"}, 100)
	tests := []struct {
		name      string
		attempts  int // StartAttempts; 0 takes the default
		refusals  []string
		wantCalls int
		wantErr   string
	}{
		{"always refused, default attempts", 0, always, 6, "still refused after 6 attempts"},
		{"always refused, 3 attempts", 3, always, 3, "still refused after 3 attempts"},
		{"refused twice, then accepted", 3, always[:2], 3, ""},
		{"throttled, refused, then accepted", 3, []string{"ThrottlingException", "LimitExceededException"}, 3, ""},
		{"a malformed query is not retried", 3, []string{"MalformedQueryException"}, 1, "MalformedQueryException"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := logsfake.New(logsfake.Options{})
			defer fake.Close()
			addFunctions(fake, "us-east-1", 1)
			// The shared retryer's production attempts (5), with quick backoff.
			r := newReaderWithRetryer(t, fake, cloudwatchlogs.Options{StartAttempts: tt.attempts},
				awsclients.Options{BaseBackoff: time.Millisecond, MaxBackoff: 5 * time.Millisecond})
			fake.FailNext("StartQuery", tt.refusals...)
			res, err := r.Read(context.Background(), cloudwatchlogs.Request{Regions: []string{"us-east-1"}, From: t0, To: t0.Add(time.Hour), Plan: allLines(10)})
			calls := fake.Stats().Calls["StartQuery"]
			t.Logf("%d StartQuery calls, error %v", calls, err)
			if calls != tt.wantCalls {
				t.Errorf("%d StartQuery calls, want %d", calls, tt.wantCalls)
			}
			if tt.wantErr == "" && (err != nil || len(res.Events) != 1) {
				t.Errorf("error %v, result %+v", err, res)
			}
			if tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
				t.Errorf("error %v, want one saying %q", err, tt.wantErr)
			}
		})
	}
}

func TestStartQueryStopsWaitingOutTheQuotaWhenTheCallerGivesUp(t *testing.T) {
	fake := logsfake.New(logsfake.Options{})
	defer fake.Close()
	addFunctions(fake, "us-east-1", 1)
	// Production waits: up to 2 s before the second attempt, then 4 s, then 8 s.
	r := newReader(t, fake, cloudwatchlogs.Options{RetryMax: 8 * time.Second})
	fake.FailNext("StartQuery", slices.Repeat([]string{"LimitExceededException"}, 100)...)
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	began := time.Now()
	_, err := r.Read(ctx, cloudwatchlogs.Request{Regions: []string{"us-east-1"}, From: t0, To: t0.Add(time.Hour), Plan: allLines(10)})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("error %v, want the caller's deadline", err)
	}
	if took := time.Since(began); took > time.Second {
		t.Fatalf("Read took %s; its caller gave up after 100ms", took)
	}
	if s := fake.Stats(); s.Calls["StartQuery"] > 3 || len(s.Stopped) != 0 {
		t.Fatalf("%d StartQuery calls, stopped %v", s.Calls["StartQuery"], s.Stopped)
	}
}

func TestConcurrentRequestsOnAColdCacheShareEachRegionsLogGroupList(t *testing.T) {
	fake := logsfake.New(logsfake.Options{})
	defer fake.Close()
	regions := []string{"us-east-1", "eu-west-1", "ap-southeast-2"}
	for _, region := range regions {
		addFunctions(fake, region, 60) // two pages of DescribeLogGroups
	}
	slow := awstest.SlowClients[cloudwatchlogs.API]{Next: sdkClients(t, fake, awsclients.Options{MaxAttempts: 1}).Client, Delay: 50 * time.Millisecond}
	r := cloudwatchlogs.NewReader(slow, cloudwatchlogs.Options{QueriesPerRegion: 30, PollInitial: time.Millisecond, PollMax: 5 * time.Millisecond})
	awstest.ColdCache(t, 20, func() {
		res, err := r.Read(context.Background(), cloudwatchlogs.Request{Regions: regions, Functions: []string{"fn-001"}, From: t0, To: t0.Add(time.Hour), Plan: allLines(10)})
		if err != nil || len(res.Events) != len(regions) {
			t.Errorf("error %v, result %+v", err, res)
		}
	}, "DescribeLogGroups", func() int { return fake.Stats().Calls["DescribeLogGroups"] }, len(regions)*2)
}
