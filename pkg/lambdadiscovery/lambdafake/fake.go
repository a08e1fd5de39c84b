// Package lambdafake is a local Lambda for tests that serves ListFunctions as the aws-sdk-go-v2
// client calls it (restJson1: GET /2015-03-31/functions with MaxItems and Marker), paginated,
// from the functions it is given. It checks the SigV4 scope's service and the page size.
package lambdafake

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"sync"
	"time"
)

// Function is what ListFunctions answers about one function.
type Function struct {
	Name, Runtime, Architecture string
	MemoryMB, TimeoutSeconds    int
	// LastModified is sent in Lambda's format (2006-01-02T15:04:05.000+0000) when set.
	LastModified time.Time
}

// lambdaTime is how Lambda writes LastModified.
const lambdaTime = "2006-01-02T15:04:05.000-0700"

// Fake is a running local Lambda.
type Fake struct {
	URL string
	srv *httptest.Server

	mu        sync.Mutex
	functions map[string][]Function // by region
	calls     int
	failNext  []string
}

// New serves functions by region; Close stops it.
func New(functions map[string][]Function) *Fake {
	f := &Fake{functions: functions}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	f.URL = f.srv.URL
	return f
}

// Close stops the server.
func (f *Fake) Close() { f.srv.Close() }

// Calls is how many ListFunctions calls were answered.
func (f *Fake) Calls() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls
}

// FailNext makes the next calls fail with the given error codes (403 for AccessDeniedException,
// 429 for TooManyRequestsException, 400 otherwise).
func (f *Fake) FailNext(codes ...string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.failNext = append(f.failNext, codes...)
}

var scope = regexp.MustCompile(`Credential=[^/]+/\d{8}/([a-z0-9-]+)/([a-z0-9-]+)/aws4_request`)

func (f *Fake) serve(w http.ResponseWriter, r *http.Request) {
	fail := func(status int, code, message string) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Amzn-ErrorType", code)
		w.WriteHeader(status)
		b, _ := json.Marshal(map[string]string{"Type": "User", "message": message})
		_, _ = w.Write(b)
	}
	if r.Method != http.MethodGet || (r.URL.Path != "/2015-03-31/functions" && r.URL.Path != "/2015-03-31/functions/") {
		fail(http.StatusNotFound, "ResourceNotFoundException", "lambdafake serves GET /2015-03-31/functions/ only, got "+r.Method+" "+r.URL.Path)
		return
	}
	m := scope.FindStringSubmatch(r.Header.Get("Authorization"))
	if m == nil || m[2] != "lambda" {
		fail(http.StatusForbidden, "IncompleteSignatureException", "the request is not signed with SigV4 for the lambda service")
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls++
	if len(f.failNext) > 0 {
		code := f.failNext[0]
		f.failNext = f.failNext[1:]
		status := http.StatusBadRequest
		switch code {
		case "AccessDeniedException":
			status = http.StatusForbidden
		case "TooManyRequestsException":
			status = http.StatusTooManyRequests
		}
		fail(status, code, "injected "+code)
		return
	}
	size := 50
	if v := r.URL.Query().Get("MaxItems"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 50 {
			fail(http.StatusBadRequest, "InvalidParameterValueException", "MaxItems must be between 1 and 50")
			return
		}
		size = n
	}
	start := 0
	if v := r.URL.Query().Get("Marker"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			fail(http.StatusBadRequest, "InvalidParameterValueException", "bad Marker")
			return
		}
		start = n
	}
	region := m[1]
	all := f.functions[region]
	end := min(start+size, len(all))
	page := []map[string]any{}
	for _, fn := range all[start:end] {
		item := map[string]any{"FunctionName": fn.Name, "FunctionArn": fmt.Sprintf("arn:aws:lambda:%s:123456789012:function:%s", region, fn.Name),
			"Runtime": fn.Runtime, "MemorySize": fn.MemoryMB, "Timeout": fn.TimeoutSeconds, "Architectures": []string{fn.Architecture}}
		if !fn.LastModified.IsZero() {
			item["LastModified"] = fn.LastModified.UTC().Format(lambdaTime)
		}
		page = append(page, item)
	}
	out := map[string]any{"Functions": page}
	if end < len(all) {
		out["NextMarker"] = strconv.Itoa(end)
	}
	w.Header().Set("Content-Type", "application/json")
	b, _ := json.Marshal(out)
	_, _ = w.Write(b)
}
