// Package logsfake is a local CloudWatch Logs for tests: it speaks the awsJson1.1 protocol the
// aws-sdk-go-v2 client sends (POST /, X-Amz-Target: Logs_20140328.<Operation>) and serves
// DescribeLogGroups and the Insights calls StartQuery, GetQueryResults and StopQuery, which the
// moto server does not serve in full (it ignores filter commands and has no StopQuery).
//
// Queries are evaluated with the data source's own Insights subset (query.ParseInsights), which is
// what AWS mode sends; anything else is refused as MalformedQueryException. The fake is strict
// about what it does check: the target, the content type, the SigV4 scope's service, at most 50
// log groups a query, existing log groups, and the account's cap on queries running at once.
package logsfake

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/seed/serverless/pkg/query"
)

// Account is the account id in the @log field of results.
const Account = "123456789012"

// Options shape the fake's behaviour.
type Options struct {
	// RunningPolls is how many GetQueryResults calls see a query Running before it is Complete.
	RunningPolls int
	// Hold keeps every query Running until it is stopped.
	Hold bool
	// MaxRunning caps the queries running at once in a region, as the account quota does; 0
	// means 30.
	MaxRunning int
}

// Event is one stored log event.
type Event struct {
	Time    time.Time
	Stream  string
	Message string
}

// Stats counts what the fake saw.
type Stats struct {
	Calls map[string]int
	// GroupsPerQuery is the number of log groups of each StartQuery accepted.
	GroupsPerQuery []int
	// Stopped lists the ids StopQuery was called with.
	Stopped []string
	// MaxRunning is the most queries that were running at once, by region.
	MaxRunning map[string]int
	// LastQuery is the last query string started.
	LastQuery string
}

type runningQuery struct {
	region  string
	groups  []string
	text    string
	from    time.Time
	to      time.Time
	limit   int
	polls   int
	stopped bool
	done    bool
}

// Fake is a running local CloudWatch Logs.
type Fake struct {
	URL  string
	srv  *httptest.Server
	opts Options

	mu      sync.Mutex
	groups  map[string]map[string][]Event // region → group → events
	queries map[string]*runningQuery
	nextID  int
	stats   Stats
	failOp  map[string][]string // operation → error codes to answer next, in order
}

// New starts a fake; Close stops it.
func New(opts Options) *Fake {
	if opts.MaxRunning == 0 {
		opts.MaxRunning = 30
	}
	f := &Fake{opts: opts, groups: map[string]map[string][]Event{}, queries: map[string]*runningQuery{},
		stats: Stats{Calls: map[string]int{}, MaxRunning: map[string]int{}}, failOp: map[string][]string{}}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	f.URL = f.srv.URL
	return f
}

// Close stops the server.
func (f *Fake) Close() { f.srv.Close() }

// Add stores events in a region's log group, creating it.
func (f *Fake) Add(region, group string, events ...Event) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.groups[region] == nil {
		f.groups[region] = map[string][]Event{}
	}
	f.groups[region][group] = append(f.groups[region][group], events...)
}

// FailNext makes the next calls of an operation fail with the given error codes, one a call.
func (f *Fake) FailNext(operation string, codes ...string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.failOp[operation] = append(f.failOp[operation], codes...)
}

// Stats returns a copy of the counters.
func (f *Fake) Stats() Stats {
	f.mu.Lock()
	defer f.mu.Unlock()
	s := f.stats
	s.Calls = maps.Clone(f.stats.Calls)
	s.MaxRunning = maps.Clone(f.stats.MaxRunning)
	s.GroupsPerQuery = slices.Clone(f.stats.GroupsPerQuery)
	s.Stopped = slices.Clone(f.stats.Stopped)
	return s
}

type apiError struct {
	status int
	code   string
	msg    string
}

var scopeRegion = regexp.MustCompile(`Credential=[^/]+/\d{8}/([a-z0-9-]+)/([a-z0-9-]+)/aws4_request`)

func (f *Fake) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	out, err := f.handle(r, body)
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	if err != nil {
		w.WriteHeader(err.status)
		b, _ := json.Marshal(map[string]string{"__type": err.code, "message": err.msg})
		_, _ = w.Write(b)
		return
	}
	b, _ := json.Marshal(out)
	_, _ = w.Write(b)
}

func (f *Fake) handle(r *http.Request, body []byte) (any, *apiError) {
	target := r.Header.Get("X-Amz-Target")
	op, ok := strings.CutPrefix(target, "Logs_20140328.")
	if r.Method != http.MethodPost || r.URL.Path != "/" || !ok {
		return nil, &apiError{400, "UnknownOperationException", "expected POST / with X-Amz-Target Logs_20140328.<Operation>, got " + r.Method + " " + r.URL.Path + " " + target}
	}
	if ct := r.Header.Get("Content-Type"); ct != "application/x-amz-json-1.1" {
		return nil, &apiError{400, "SerializationException", "Content-Type must be application/x-amz-json-1.1, got " + ct}
	}
	m := scopeRegion.FindStringSubmatch(r.Header.Get("Authorization"))
	if m == nil || m[2] != "logs" {
		return nil, &apiError{403, "IncompleteSignatureException", "the request is not signed with SigV4 for the logs service"}
	}
	region := m[1]
	f.mu.Lock()
	defer f.mu.Unlock()
	f.stats.Calls[op]++
	if codes := f.failOp[op]; len(codes) > 0 {
		f.failOp[op] = codes[1:]
		status := 400
		if codes[0] == "ServiceUnavailableException" {
			status = 503
		}
		return nil, &apiError{status, codes[0], "injected " + codes[0]}
	}
	var in map[string]any
	if err := json.Unmarshal(body, &in); err != nil {
		return nil, &apiError{400, "SerializationException", "body is not a JSON object"}
	}
	switch op {
	case "DescribeLogGroups":
		return f.describeLogGroups(region, in)
	case "StartQuery":
		return f.startQuery(region, in)
	case "GetQueryResults":
		return f.getQueryResults(in)
	case "StopQuery":
		return f.stopQuery(in)
	}
	return nil, &apiError{400, "UnknownOperationException", "logsfake does not serve " + op}
}

func (f *Fake) describeLogGroups(region string, in map[string]any) (any, *apiError) {
	prefix, _ := in["logGroupNamePrefix"].(string)
	limit := 50
	if l, ok := in["limit"].(float64); ok {
		if l < 1 || l > 50 {
			return nil, &apiError{400, "InvalidParameterException", "limit must be between 1 and 50"}
		}
		limit = int(l)
	}
	var names []string
	for name := range f.groups[region] {
		if strings.HasPrefix(name, prefix) {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	start := 0
	if tok, ok := in["nextToken"].(string); ok {
		n, err := strconv.Atoi(tok)
		if err != nil {
			return nil, &apiError{400, "InvalidParameterException", "bad nextToken"}
		}
		start = n
	}
	end := min(start+limit, len(names))
	groups := []map[string]any{}
	for _, n := range names[start:end] {
		groups = append(groups, map[string]any{"logGroupName": n, "arn": fmt.Sprintf("arn:aws:logs:%s:%s:log-group:%s:*", region, Account, n)})
	}
	out := map[string]any{"logGroups": groups}
	if end < len(names) {
		out["nextToken"] = strconv.Itoa(end)
	}
	return out, nil
}

// running counts the queries running in a region.
func (f *Fake) running(region string) int {
	n := 0
	for _, q := range f.queries {
		if q.region == region && !q.done && !q.stopped {
			n++
		}
	}
	return n
}

func (f *Fake) startQuery(region string, in map[string]any) (any, *apiError) {
	raw, _ := in["logGroupNames"].([]any)
	if len(raw) == 0 || len(raw) > 50 {
		return nil, &apiError{400, "InvalidParameterException", fmt.Sprintf("logGroupNames must hold 1 to 50 log groups, got %d", len(raw))}
	}
	var groups []string
	for _, g := range raw {
		name, _ := g.(string)
		if _, ok := f.groups[region][name]; !ok {
			return nil, &apiError{400, "ResourceNotFoundException", "Log group '" + name + "' does not exist in " + region}
		}
		groups = append(groups, name)
	}
	text, _ := in["queryString"].(string)
	if _, err := query.ParseInsights(text); err != nil {
		return nil, &apiError{400, "MalformedQueryException", err.Error()}
	}
	from, okFrom := in["startTime"].(float64)
	to, okTo := in["endTime"].(float64)
	if !okFrom || !okTo || to < from {
		return nil, &apiError{400, "InvalidParameterException", "startTime and endTime (epoch seconds) are required, endTime not before startTime"}
	}
	if f.running(region) >= f.opts.MaxRunning {
		return nil, &apiError{400, "LimitExceededException", fmt.Sprintf("Account maximum query concurrency limit of [%d] reached", f.opts.MaxRunning)}
	}
	f.nextID++
	id := fmt.Sprintf("q-%04d", f.nextID)
	q := &runningQuery{region: region, groups: groups, text: text, from: time.Unix(int64(from), 0), to: time.Unix(int64(to), 0), limit: 10000}
	if l, ok := in["limit"].(float64); ok {
		q.limit = int(l)
	}
	f.queries[id] = q
	f.stats.GroupsPerQuery = append(f.stats.GroupsPerQuery, len(groups))
	f.stats.LastQuery = text
	f.stats.MaxRunning[region] = max(f.stats.MaxRunning[region], f.running(region))
	return map[string]any{"queryId": id}, nil
}

func (f *Fake) getQueryResults(in map[string]any) (any, *apiError) {
	id, _ := in["queryId"].(string)
	q, ok := f.queries[id]
	if !ok {
		return nil, &apiError{400, "ResourceNotFoundException", "no query " + id}
	}
	switch {
	case q.stopped:
		return map[string]any{"status": "Cancelled", "results": []any{}}, nil
	case f.opts.Hold || q.polls < f.opts.RunningPolls:
		q.polls++
		return map[string]any{"status": "Running", "results": []any{}}, nil
	}
	q.done = true
	iq, _ := query.ParseInsights(q.text)
	type hit struct {
		group string
		e     Event
	}
	var hits []hit
	for _, g := range q.groups {
		for _, e := range f.groups[q.region][g] {
			// Insights reads [startTime, endTime] in whole seconds.
			if e.Time.Before(q.from) || e.Time.After(q.to.Add(999*time.Millisecond)) {
				continue
			}
			if iq.Match == nil || iq.Match(e.Message) {
				hits = append(hits, hit{g, e})
			}
		}
	}
	slices.SortStableFunc(hits, func(a, b hit) int {
		if iq.Ascending {
			return a.e.Time.Compare(b.e.Time)
		}
		return b.e.Time.Compare(a.e.Time)
	})
	limit := q.limit
	if iq.Limit > 0 {
		limit = min(limit, iq.Limit)
	}
	hits = hits[:min(len(hits), limit)]
	rows := make([]any, 0, len(hits))
	for i, h := range hits {
		rows = append(rows, []map[string]string{
			{"field": "@timestamp", "value": h.e.Time.UTC().Format("2006-01-02 15:04:05.000")},
			{"field": "@message", "value": h.e.Message},
			{"field": "@logStream", "value": h.e.Stream},
			{"field": "@log", "value": Account + ":" + h.group},
			{"field": "@ptr", "value": fmt.Sprintf("%s-%d", id, i)},
		})
	}
	return map[string]any{"status": "Complete", "results": rows,
		"statistics": map[string]any{"recordsMatched": float64(len(hits)), "recordsScanned": float64(len(hits)), "bytesScanned": float64(100 * len(hits))}}, nil
}

func (f *Fake) stopQuery(in map[string]any) (any, *apiError) {
	id, _ := in["queryId"].(string)
	f.stats.Stopped = append(f.stats.Stopped, id)
	q, ok := f.queries[id]
	if !ok {
		return nil, &apiError{400, "ResourceNotFoundException", "no query " + id}
	}
	if q.done || q.stopped {
		return nil, &apiError{400, "InvalidParameterException", "query " + id + " is not running"}
	}
	q.stopped = true
	return map[string]any{"success": true}, nil
}
