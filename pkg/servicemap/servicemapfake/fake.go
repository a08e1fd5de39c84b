// Package servicemapfake is a local AWS for tests that serves, as the aws-sdk-go-v2 clients call
// them, the list and describe calls service map discovery makes: API Gateway GetRestApis and
// GetResources (restJson1), API Gateway v2 GetApis and GetIntegrations (restJson1), SQS
// ListQueues and GetQueueAttributes (awsJson1_0), Lambda ListEventSourceMappings (restJson1),
// Step Functions ListStateMachines and DescribeStateMachine (awsJson1_0), and EventBridge
// ListRules and ListTargetsByRule (awsJson1_1). Every list pages by the size the client asks for
// and rejects sizes the API rejects; the region and service come from the SigV4 scope.
//
// moto serves these APIs too and the discovery tests use it; this fake exists because moto 5.2.5
// ignores API Gateway's page sizes (GetRestApis limit, GetResources limit, GetApis MaxResults),
// so only a fake can prove those lists are followed to their last page, and because it starts in
// milliseconds for the plugin tests that need a service map beside the CloudWatch fake.
package servicemapfake

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"sync"
)

// Account is the account id in the ARNs and URLs the fake makes up.
const Account = "123456789012"

// API is an API Gateway REST or HTTP API; Functions are the function names its integrations call.
type API struct {
	ID, Name  string
	Functions []string
}

// Queue is an SQS queue; DeadLetterQueue names another queue of the region.
type Queue struct {
	Name, DeadLetterQueue string
}

// Mapping is a Lambda event source mapping: the ARN it polls and the function name it invokes.
type Mapping struct {
	SourceARN, Function string
}

// StateMachine is a Step Functions state machine and its definition (Amazon States Language).
type StateMachine struct {
	Name, ARN, Definition string
}

// Rule is an EventBridge rule on the default bus; Targets are target ARNs.
type Rule struct {
	Name    string
	Targets []string
}

// Region is what the fake holds in one region.
type Region struct {
	RESTAPIs, HTTPAPIs []API
	Queues             []Queue
	Mappings           []Mapping
	StateMachines      []StateMachine
	Rules              []Rule
}

// FunctionARN is the ARN of a function in a region.
func FunctionARN(region, name string) string {
	return fmt.Sprintf("arn:aws:lambda:%s:%s:function:%s", region, Account, name)
}

// QueueURL is the URL of a queue in a region.
func QueueURL(region, name string) string {
	return fmt.Sprintf("https://sqs.%s.amazonaws.com/%s/%s", region, Account, name)
}

// Fake is a running local AWS.
type Fake struct {
	URL string
	srv *httptest.Server

	mu       sync.Mutex
	regions  map[string]Region
	calls    map[string]int
	failNext map[string][]string
}

// New serves regions (by name); Close stops it.
func New(regions map[string]Region) *Fake {
	f := &Fake{regions: regions, calls: map[string]int{}, failNext: map[string][]string{}}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	f.URL = f.srv.URL
	return f
}

// Close stops the server.
func (f *Fake) Close() { f.srv.Close() }

// Calls is how many calls of an operation (GetRestApis, ListQueues, ...) were answered.
func (f *Fake) Calls(operation string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls[operation]
}

// FailNext makes the next call of an operation fail with an error code: AccessDeniedException
// answers 403, anything else 400.
func (f *Fake) FailNext(operation, code string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.failNext[operation] = append(f.failNext[operation], code)
}

// apiError is an error as the JSON protocols send it.
type apiError struct {
	status        int
	code, message string
}

func badRequest(format string, args ...any) *apiError {
	return &apiError{http.StatusBadRequest, "ValidationException", fmt.Sprintf(format, args...)}
}

var scope = regexp.MustCompile(`Credential=[^/]+/\d{8}/([a-z0-9-]+)/([a-z0-9-]+)/aws4_request`)

// request is one call as the handlers read it.
type request struct {
	region string
	query  func(string) string
	// body is the JSON protocols' input.
	body map[string]any
}

type handler func(Region, request) (any, *apiError)

// route finds the operation of a call: by path for the REST protocols, by X-Amz-Target for the
// JSON ones.
func route(service string, r *http.Request) (string, []string) {
	segments := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	switch {
	case service == "apigateway" && r.Method == http.MethodGet && len(segments) == 1 && segments[0] == "restapis":
		return "GetRestApis", nil
	case service == "apigateway" && r.Method == http.MethodGet && len(segments) == 3 && segments[0] == "restapis" && segments[2] == "resources":
		return "GetResources", segments[1:2]
	case service == "apigateway" && r.Method == http.MethodGet && len(segments) == 2 && segments[0] == "v2" && segments[1] == "apis":
		return "GetApis", nil
	case service == "apigateway" && r.Method == http.MethodGet && len(segments) == 4 && segments[0] == "v2" && segments[3] == "integrations":
		return "GetIntegrations", segments[2:3]
	case service == "lambda" && r.Method == http.MethodGet && strings.Join(segments, "/") == "2015-03-31/event-source-mappings":
		return "ListEventSourceMappings", nil
	case r.Method == http.MethodPost && (service == "sqs" || service == "states" || service == "events"):
		_, op, _ := strings.Cut(r.Header.Get("X-Amz-Target"), ".")
		return op, nil
	}
	return "", nil
}

func (f *Fake) serve(w http.ResponseWriter, r *http.Request) {
	m := scope.FindStringSubmatch(r.Header.Get("Authorization"))
	if m == nil {
		writeError(w, &apiError{http.StatusForbidden, "IncompleteSignatureException", "the request is not signed with SigV4"})
		return
	}
	op, params := route(m[2], r)
	handle := handlers[op]
	if handle == nil {
		writeError(w, &apiError{http.StatusNotFound, "UnknownOperationException", fmt.Sprintf("servicemapfake does not serve %s %s %s (%s)", m[2], r.Method, r.URL.Path, op)})
		return
	}
	req := request{region: m[1], query: r.URL.Query().Get, body: map[string]any{}}
	if r.Method == http.MethodPost {
		if err := json.NewDecoder(r.Body).Decode(&req.body); err != nil {
			writeError(w, badRequest("the body is not JSON: %v", err))
			return
		}
	}
	if len(params) == 1 {
		req.body["id"] = params[0]
	}
	f.mu.Lock()
	f.calls[op]++
	var fail string
	if codes := f.failNext[op]; len(codes) > 0 {
		fail, f.failNext[op] = codes[0], codes[1:]
	}
	region := f.regions[req.region]
	f.mu.Unlock()
	if fail != "" {
		status := http.StatusBadRequest
		if fail == "AccessDeniedException" {
			status = http.StatusForbidden
		}
		writeError(w, &apiError{status, fail, "injected " + fail})
		return
	}
	out, apiErr := handle(region, req)
	if apiErr != nil {
		writeError(w, apiErr)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	b, _ := json.Marshal(out)
	_, _ = w.Write(b)
}

func writeError(w http.ResponseWriter, e *apiError) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Amzn-ErrorType", e.code)
	w.WriteHeader(e.status)
	b, _ := json.Marshal(map[string]string{"__type": e.code, "message": e.message})
	_, _ = w.Write(b)
}

// page cuts items to the page a token (an offset the fake made up) and a size ask for, and
// returns the next token, empty after the last page.
func page[T any](items []T, token string, size, largest int) ([]T, string, *apiError) {
	if size < 1 || size > largest {
		return nil, "", badRequest("the page size must be between 1 and %d, got %d", largest, size)
	}
	start := 0
	if token != "" {
		n, err := strconv.Atoi(token)
		if err != nil || n < 0 || n > len(items) {
			return nil, "", badRequest("invalid page token %q", token)
		}
		start = n
	}
	end := min(start+size, len(items))
	next := ""
	if end < len(items) {
		next = strconv.Itoa(end)
	}
	return items[start:end], next, nil
}

// size reads a page size, taking def when the client sent none.
func size(v any, def int) int {
	switch v := v.(type) {
	case float64:
		return int(v)
	case string:
		if v == "" {
			return def
		}
		n, err := strconv.Atoi(v)
		if err != nil {
			return -1
		}
		return n
	}
	return def
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

// withToken adds a next token under key when there is one.
func withToken(out map[string]any, key, next string) map[string]any {
	if next != "" {
		out[key] = next
	}
	return out
}

var handlers = map[string]handler{
	"GetRestApis": func(rg Region, r request) (any, *apiError) {
		apis, next, err := page(rg.RESTAPIs, r.query("position"), size(r.query("limit"), 25), 500)
		if err != nil {
			return nil, err
		}
		items := []map[string]any{}
		for _, a := range apis {
			items = append(items, map[string]any{"id": a.ID, "name": a.Name})
		}
		return withToken(map[string]any{"item": items}, "position", next), nil
	},
	"GetResources": func(rg Region, r request) (any, *apiError) {
		a, ok := findAPI(rg.RESTAPIs, str(r.body["id"]))
		if !ok {
			return nil, &apiError{http.StatusNotFound, "NotFoundException", "Invalid API identifier specified"}
		}
		embed := r.query("embed") == "methods"
		// One resource per integration, so an API with several functions has several pages.
		resources := []map[string]any{{"id": "root", "path": "/"}}
		for i, fn := range a.Functions {
			res := map[string]any{"id": fmt.Sprintf("res%d", i), "parentId": "root", "path": "/" + fn, "pathPart": fn}
			if embed {
				uri := fmt.Sprintf("arn:aws:apigateway:%s:lambda:path/2015-03-31/functions/%s/invocations", r.region, FunctionARN(r.region, fn))
				res["resourceMethods"] = map[string]any{"POST": map[string]any{"httpMethod": "POST",
					"methodIntegration": map[string]any{"type": "AWS_PROXY", "httpMethod": "POST", "uri": uri}}}
			}
			resources = append(resources, res)
		}
		items, next, err := page(resources, r.query("position"), size(r.query("limit"), 25), 500)
		if err != nil {
			return nil, err
		}
		return withToken(map[string]any{"item": items}, "position", next), nil
	},
	"GetApis": func(rg Region, r request) (any, *apiError) {
		apis, next, err := page(rg.HTTPAPIs, r.query("nextToken"), size(r.query("maxResults"), 100), 500)
		if err != nil {
			return nil, err
		}
		items := []map[string]any{}
		for _, a := range apis {
			items = append(items, map[string]any{"apiId": a.ID, "name": a.Name, "protocolType": "HTTP"})
		}
		return withToken(map[string]any{"items": items}, "nextToken", next), nil
	},
	"GetIntegrations": func(rg Region, r request) (any, *apiError) {
		a, ok := findAPI(rg.HTTPAPIs, str(r.body["id"]))
		if !ok {
			return nil, &apiError{http.StatusNotFound, "NotFoundException", "Invalid API identifier specified"}
		}
		functions, next, err := page(a.Functions, r.query("nextToken"), size(r.query("maxResults"), 100), 500)
		if err != nil {
			return nil, err
		}
		items := []map[string]any{}
		for i, fn := range functions {
			items = append(items, map[string]any{"integrationId": fmt.Sprintf("%s-%d", a.ID, i), "integrationType": "AWS_PROXY",
				"integrationUri": FunctionARN(r.region, fn), "payloadFormatVersion": "2.0"})
		}
		return withToken(map[string]any{"items": items}, "nextToken", next), nil
	},
	"ListQueues": func(rg Region, r request) (any, *apiError) {
		queues, next, err := page(rg.Queues, str(r.body["NextToken"]), size(r.body["MaxResults"], 1000), 1000)
		if err != nil {
			return nil, err
		}
		urls := []string{}
		for _, q := range queues {
			urls = append(urls, QueueURL(r.region, q.Name))
		}
		return withToken(map[string]any{"QueueUrls": urls}, "NextToken", next), nil
	},
	"GetQueueAttributes": func(rg Region, r request) (any, *apiError) {
		for _, q := range rg.Queues {
			if QueueURL(r.region, q.Name) != str(r.body["QueueUrl"]) {
				continue
			}
			attributes := map[string]string{"QueueArn": fmt.Sprintf("arn:aws:sqs:%s:%s:%s", r.region, Account, q.Name)}
			if q.DeadLetterQueue != "" {
				policy, _ := json.Marshal(map[string]any{"deadLetterTargetArn": fmt.Sprintf("arn:aws:sqs:%s:%s:%s", r.region, Account, q.DeadLetterQueue), "maxReceiveCount": 5})
				attributes["RedrivePolicy"] = string(policy)
			}
			return map[string]any{"Attributes": attributes}, nil
		}
		return nil, &apiError{http.StatusBadRequest, "AWS.SimpleQueueService.NonExistentQueue", "The specified queue does not exist."}
	},
	"ListEventSourceMappings": func(rg Region, r request) (any, *apiError) {
		mappings, next, err := page(rg.Mappings, r.query("Marker"), size(r.query("MaxItems"), 100), 10000)
		if err != nil {
			return nil, err
		}
		items := []map[string]any{}
		for i, m := range mappings {
			items = append(items, map[string]any{"UUID": fmt.Sprintf("esm-%d", i), "EventSourceArn": m.SourceARN,
				"FunctionArn": FunctionARN(r.region, m.Function), "State": "Enabled"})
		}
		return withToken(map[string]any{"EventSourceMappings": items}, "NextMarker", next), nil
	},
	"ListStateMachines": func(rg Region, r request) (any, *apiError) {
		machines, next, err := page(rg.StateMachines, str(r.body["nextToken"]), size(r.body["maxResults"], 100), 1000)
		if err != nil {
			return nil, err
		}
		items := []map[string]any{}
		for _, sm := range machines {
			items = append(items, map[string]any{"name": sm.Name, "stateMachineArn": sm.ARN, "type": "STANDARD", "creationDate": 1.7e9})
		}
		return withToken(map[string]any{"stateMachines": items}, "nextToken", next), nil
	},
	"DescribeStateMachine": func(rg Region, r request) (any, *apiError) {
		for _, sm := range rg.StateMachines {
			if sm.ARN == str(r.body["stateMachineArn"]) {
				return map[string]any{"name": sm.Name, "stateMachineArn": sm.ARN, "definition": sm.Definition, "type": "STANDARD",
					"roleArn": fmt.Sprintf("arn:aws:iam::%s:role/states", Account), "creationDate": 1.7e9}, nil
			}
		}
		return nil, &apiError{http.StatusBadRequest, "StateMachineDoesNotExist", "State Machine Does Not Exist"}
	},
	"ListRules": func(rg Region, r request) (any, *apiError) {
		rules, next, err := page(rg.Rules, str(r.body["NextToken"]), size(r.body["Limit"], 100), 100)
		if err != nil {
			return nil, err
		}
		items := []map[string]any{}
		for _, rule := range rules {
			items = append(items, map[string]any{"Name": rule.Name, "Arn": fmt.Sprintf("arn:aws:events:%s:%s:rule/%s", r.region, Account, rule.Name),
				"EventBusName": "default", "State": "ENABLED"})
		}
		return withToken(map[string]any{"Rules": items}, "NextToken", next), nil
	},
	"ListTargetsByRule": func(rg Region, r request) (any, *apiError) {
		for _, rule := range rg.Rules {
			if rule.Name != str(r.body["Rule"]) {
				continue
			}
			targets, next, err := page(rule.Targets, str(r.body["NextToken"]), size(r.body["Limit"], 100), 100)
			if err != nil {
				return nil, err
			}
			items := []map[string]any{}
			for i, arn := range targets {
				items = append(items, map[string]any{"Id": strconv.Itoa(i), "Arn": arn})
			}
			return withToken(map[string]any{"Targets": items}, "NextToken", next), nil
		}
		return nil, &apiError{http.StatusBadRequest, "ResourceNotFoundException", "Rule " + str(r.body["Rule"]) + " does not exist."}
	},
}

func findAPI(apis []API, id string) (API, bool) {
	for _, a := range apis {
		if a.ID == id {
			return a, true
		}
	}
	return API{}, false
}
