// Package cwfake is a strict local CloudWatch for tests and benchmarks: an HTTP server on
// 127.0.0.1 that speaks the wire protocol the pinned aws-sdk-go-v2 CloudWatch client uses
// (Smithy RPC v2 CBOR, in AWS query-compatible mode), answers GetMetricData and ListMetrics from
// the demo estate, and holds clients to CloudWatch's rules.
//
// What it enforces, with the error codes and shapes CloudWatch uses:
//   - the protocol: POST /service/GraniteServiceVersion20100801/operation/<Operation>, the
//     Smithy-Protocol: rpc-v2-cbor header, a CBOR body whose members are the operation's own,
//     timestamps as tag 1;
//   - SigV4: a credential scope for the monitoring service, the expected access key and, when
//     the secret is known, the signature itself;
//   - limits: at most 500 MetricDataQueries a call (ValidationError), at most 100,800
//     datapoints a response (the rest through NextToken with StatusCode PartialData, as
//     CloudWatch pages), a calls-per-second quota per API (Throttling), NextTokens that belong
//     to the request they are sent with (InvalidNextToken).
//
// It counts calls, metrics requested and datapoints, and can add latency to every call, throttle
// the next N calls, and attach statuses and messages to results.
package cwfake

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"time"

	"github.com/seed/serverless/pkg/demo"
	"github.com/seed/serverless/pkg/model"
)

// CloudWatch's limits on GetMetricData.
const (
	MaxQueriesPerCall        = 500
	MaxDatapointsPerResponse = 100800
	// DefaultGetMetricDataTPS and DefaultListMetricsTPS are CloudWatch's default quotas.
	DefaultGetMetricDataTPS = 50
	DefaultListMetricsTPS   = 25
)

const serviceName = "GraniteServiceVersion20100801"

// Message is a CloudWatch MessageData.
type Message struct{ Code, Value string }

// Query describes one metric data query of a GetMetricData call, for ResultHook.
type Query struct {
	ID, Namespace, MetricName, Stat string
	Dimensions                      map[string]string
	Period                          time.Duration
}

// Options configures a fake.
type Options struct {
	// Estate is the data served; required.
	Estate *demo.Estate
	// AnyRegion serves every resource in every region, a flat account for benchmarks;
	// otherwise a resource answers only in its own region, as in AWS.
	AnyRegion bool
	// AccessKeyID, when set, is the only access key accepted; SecretKey, when set too, lets the
	// fake verify each request's SigV4 signature.
	AccessKeyID, SecretKey string
	// Latency is added to every call before it is answered.
	Latency time.Duration
	// GetMetricDataTPS and ListMetricsTPS are calls a second allowed before Throttling
	// (0 takes CloudWatch's default quota, negative removes the limit).
	GetMetricDataTPS, ListMetricsTPS int
	// PageDatapoints is the most datapoints one GetMetricData response carries (default and
	// maximum 100,800), so tests can force NextToken.
	PageDatapoints int
	// ResultHook may set a result's StatusCode (empty keeps it) and add messages.
	ResultHook func(Query) (status string, messages []Message)
	// CallMessages are added to every GetMetricData response's top-level Messages.
	CallMessages []Message
	// DimensionValue is the value a resource's metrics carry in their dimension (an HTTP API's
	// ApiId, a state machine's ARN); nil names every resource by its name.
	DimensionValue func(model.Resource) string
}

// Stats are the fake's counts since it started or was last reset.
type Stats struct {
	// Calls counts every request that named an operation, throttled and rejected ones included.
	Calls map[string]int
	// GetMetricDataCalls counts the GetMetricData calls answered; MetricsRequested sums their
	// queries and Datapoints the values they returned.
	GetMetricDataCalls int
	MetricsRequested   int
	Datapoints         int
	// MaxQueriesInCall and MaxDatapointsInCall are the largest call seen (datapoints asked for).
	MaxQueriesInCall    int
	MaxDatapointsInCall int64
	// PagedCalls asked for more datapoints than one response carries.
	PagedCalls int
	Throttled  int
	// Rejected counts calls refused for a malformed request or a broken limit; Rejections says why.
	Rejected   int
	Rejections []string
}

// Fake is a running fake CloudWatch.
type Fake struct {
	// URL is the endpoint to give the SDK (BaseEndpoint, or the data source's endpoint).
	URL string

	opts  Options
	srv   *httptest.Server
	kinds map[[2]string]model.ResourceKind
	// byDimension finds a resource by the value its metrics carry.
	byDimension map[model.ResourceKind]map[string]model.Resource

	mu           sync.Mutex
	stats        Stats
	throttleNext int
	buckets      map[string]*bucket
	requestID    int
}

// New starts a fake on 127.0.0.1; Close stops it.
func New(opts Options) *Fake {
	if opts.Estate == nil {
		panic("cwfake: Options.Estate is required")
	}
	if opts.PageDatapoints <= 0 || opts.PageDatapoints > MaxDatapointsPerResponse {
		opts.PageDatapoints = MaxDatapointsPerResponse
	}
	if opts.DimensionValue == nil {
		opts.DimensionValue = func(r model.Resource) string { return r.Name }
	}
	f := &Fake{opts: opts, kinds: map[[2]string]model.ResourceKind{}, byDimension: map[model.ResourceKind]map[string]model.Resource{},
		buckets: map[string]*bucket{}}
	for _, kind := range model.Kinds {
		for _, m := range model.Metrics(kind) {
			f.kinds[[2]string{m.Namespace, m.Dimension}] = kind
		}
		f.byDimension[kind] = map[string]model.Resource{}
		for _, r := range opts.Estate.Resources(kind) {
			f.byDimension[kind][opts.DimensionValue(r)] = r
		}
	}
	f.buckets["GetMetricData"] = newBucket(tps(opts.GetMetricDataTPS, DefaultGetMetricDataTPS))
	f.buckets["ListMetrics"] = newBucket(tps(opts.ListMetricsTPS, DefaultListMetricsTPS))
	f.resetStatsLocked()
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	f.URL = f.srv.URL
	return f
}

func tps(v, def int) int {
	if v == 0 {
		return def
	}
	return v
}

// Close stops the server.
func (f *Fake) Close() { f.srv.Close() }

// Stats returns a copy of the counts.
func (f *Fake) Stats() Stats {
	f.mu.Lock()
	defer f.mu.Unlock()
	s := f.stats
	s.Calls = map[string]int{}
	for k, v := range f.stats.Calls {
		s.Calls[k] = v
	}
	s.Rejections = append([]string(nil), f.stats.Rejections...)
	return s
}

// ResetStats zeroes the counts.
func (f *Fake) ResetStats() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.resetStatsLocked()
}

func (f *Fake) resetStatsLocked() { f.stats = Stats{Calls: map[string]int{}} }

// ThrottleNext makes the next n calls fail with Throttling, whatever the quota.
func (f *Fake) ThrottleNext(n int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.throttleNext = n
}

// apiError is an error response as CloudWatch sends it in RPC v2 CBOR: the status, the
// X-Amzn-Query-Error header with the query protocol's code and fault, and a body with __type
// and message.
type apiError struct {
	status    int
	typ       string
	queryCode string
	message   string
}

func (e *apiError) Error() string { return e.queryCode + ": " + e.message }

func validationError(format string, args ...any) *apiError {
	return &apiError{status: http.StatusBadRequest, typ: "ValidationError", queryCode: "ValidationError", message: fmt.Sprintf(format, args...)}
}

func invalidParameter(format string, args ...any) *apiError {
	return &apiError{status: http.StatusBadRequest, typ: "com.amazonaws.cloudwatch#InvalidParameterValueException",
		queryCode: "InvalidParameterValue", message: fmt.Sprintf(format, args...)}
}

var (
	errThrottled = &apiError{status: http.StatusBadRequest, typ: "com.amazon.coral.availability#ThrottlingException", queryCode: "Throttling", message: "Rate exceeded"}
	errNextToken = &apiError{status: http.StatusBadRequest, typ: "com.amazonaws.cloudwatch#InvalidNextToken", queryCode: "InvalidNextToken", message: "The service cannot complete the request: the NextToken does not belong to this request."}
)

func (f *Fake) serve(w http.ResponseWriter, r *http.Request) {
	op, region, body, apiErr := f.admit(r)
	if apiErr == nil {
		var out map[string]any
		switch op {
		case "GetMetricData":
			out, apiErr = f.getMetricData(region, body)
		case "ListMetrics":
			out, apiErr = f.listMetrics(region, body)
		default:
			apiErr = &apiError{status: http.StatusBadRequest, typ: "InvalidAction", queryCode: "InvalidAction", message: "the fake CloudWatch does not implement " + op}
		}
		if apiErr == nil {
			f.write(w, http.StatusOK, nil, encodeCBOR(out))
			return
		}
	}
	f.mu.Lock()
	if apiErr == errThrottled {
		f.stats.Throttled++
	} else {
		f.stats.Rejected++
		f.stats.Rejections = append(f.stats.Rejections, apiErr.Error())
	}
	f.mu.Unlock()
	f.write(w, apiErr.status, map[string]string{"X-Amzn-Query-Error": apiErr.queryCode + ";Sender"},
		encodeCBOR(map[string]any{"__type": apiErr.typ, "message": apiErr.message}))
}

func (f *Fake) write(w http.ResponseWriter, status int, headers map[string]string, body []byte) {
	f.mu.Lock()
	f.requestID++
	id := f.requestID
	f.mu.Unlock()
	h := w.Header()
	h.Set("Smithy-Protocol", "rpc-v2-cbor")
	h.Set("Content-Type", "application/cbor")
	h.Set("X-Amzn-Requestid", fmt.Sprintf("cwfake-%08d", id))
	for k, v := range headers {
		h.Set(k, v)
	}
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// admit checks everything a call must get right before its operation runs: the route, the
// protocol headers, the signature, the quota; it returns the decoded body.
func (f *Fake) admit(r *http.Request) (op, region string, body map[string]any, apiErr *apiError) {
	if r.Method != http.MethodPost {
		return "", "", nil, &apiError{status: http.StatusMethodNotAllowed, typ: "UnknownOperationException", queryCode: "InvalidAction",
			message: "RPC v2 calls are POST requests, got " + r.Method}
	}
	service, op, ok := strings.Cut(strings.TrimPrefix(r.URL.Path, "/service/"), "/operation/")
	if !ok || service != serviceName || op == "" || strings.Contains(op, "/") || r.URL.RawQuery != "" {
		return "", "", nil, &apiError{status: http.StatusNotFound, typ: "UnknownOperationException", queryCode: "InvalidAction",
			message: "no operation at " + r.URL.RequestURI() + "; RPC v2 paths are /service/" + serviceName + "/operation/<Operation>"}
	}
	f.mu.Lock()
	f.stats.Calls[op]++
	f.mu.Unlock()
	if got := r.Header.Get("Smithy-Protocol"); got != "rpc-v2-cbor" {
		return op, "", nil, validationError("the Smithy-Protocol header must be rpc-v2-cbor, got %q", got)
	}
	if got := r.Header.Get("X-Amzn-Query-Mode"); got != "true" {
		return op, "", nil, validationError("CloudWatch is query-compatible: clients send X-Amzn-Query-Mode: true, got %q", got)
	}
	raw, err := io.ReadAll(io.LimitReader(r.Body, 8<<20))
	if err != nil {
		return op, "", nil, validationError("reading the body: %v", err)
	}
	region, apiErr = f.authenticate(r, raw)
	if apiErr != nil {
		return op, "", nil, apiErr
	}
	if f.opts.Latency > 0 {
		select {
		case <-time.After(f.opts.Latency):
		case <-r.Context().Done():
			return op, "", nil, validationError("the client went away")
		}
	}
	if f.throttled(op) {
		return op, "", nil, errThrottled
	}
	body = map[string]any{}
	if len(raw) > 0 {
		if ct := r.Header.Get("Content-Type"); ct != "application/cbor" {
			return op, "", nil, validationError("a body must be sent as application/cbor, got %q", ct)
		}
		v, err := decodeCBOR(raw)
		if err != nil {
			return op, "", nil, &apiError{status: http.StatusBadRequest, typ: "SerializationException", queryCode: "SerializationException", message: err.Error()}
		}
		m, ok := v.(map[string]any)
		if !ok {
			return op, "", nil, &apiError{status: http.StatusBadRequest, typ: "SerializationException", queryCode: "SerializationException",
				message: fmt.Sprintf("the body must be a CBOR map, got %T", v)}
		}
		body = m
	}
	return op, region, body, nil
}

func (f *Fake) throttled(op string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.throttleNext > 0 {
		f.throttleNext--
		return true
	}
	if b, ok := f.buckets[op]; ok {
		return !b.take(time.Now())
	}
	return false
}

// bucket is a token bucket refilled at rate tokens a second, holding at most rate tokens.
type bucket struct {
	rate   float64
	tokens float64
	last   time.Time
}

func newBucket(rate int) *bucket {
	if rate < 0 {
		return nil
	}
	return &bucket{rate: float64(rate), tokens: float64(rate)}
}

func (b *bucket) take(now time.Time) bool {
	if b == nil {
		return true
	}
	if !b.last.IsZero() {
		b.tokens = min(b.rate, b.tokens+now.Sub(b.last).Seconds()*b.rate)
	}
	b.last = now
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}

func sha256Hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}
