// Package servicemap discovers what sits in front of AWS mode's Lambda functions, per region:
// API Gateway REST and HTTP APIs and the functions they integrate with, SQS queues with their
// dead-letter queues and the functions that poll them, Step Functions state machines and the
// functions and queues their definitions call, and the default event bus's EventBridge rules with
// their Lambda targets. Every list is read to its last page; each region's map is cached for a
// few minutes. Variables (apis, queues, stateMachines), upstreamOf and the topology read it.
package servicemap

import (
	"cmp"
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/seed/serverless/pkg/awsclients"
	"github.com/seed/serverless/pkg/model"
)

// Resource is a resource on the map.
type Resource struct {
	Kind   model.ResourceKind
	Name   string
	Region string
	// MetricID is the value of the CloudWatch dimension that names the resource (see
	// model.Metric): the name, but an HTTP API's id (ApiId) and a state machine's ARN.
	MetricID string
}

// Ref is how the map's node ids name the resource.
func (r Resource) Ref() model.ResourceRef { return model.ResourceRef{Kind: r.Kind, Name: r.Name} }

// Edge is a call or message from one resource to another: to a Lambda function, or from a queue
// to its dead-letter queue, or from a state machine to a queue it sends to.
type Edge struct {
	From, To Resource
}

// Map is the discovered resources (not the Lambda functions: lambdadiscovery lists those) and
// the edges between them and the functions.
type Map struct {
	Resources []Resource
	Edges     []Edge
}

// link adds a resource, with an edge from it to each of targets.
func (m *Map) link(from Resource, targets ...Resource) {
	m.Resources = append(m.Resources, from)
	for _, to := range targets {
		m.Edges = append(m.Edges, Edge{From: from, To: to})
	}
}

// Options tune discovery; zero values take the defaults.
type Options struct {
	// TTL is how long a region's map is reused; 0 means five minutes.
	TTL time.Duration
	// PageSize caps every list call's page below the API's own largest page, so tests can force
	// several pages.
	PageSize int32
}

// Discovery reads maps through clients, caching each region's map.
type Discovery struct {
	clients Clients
	opts    Options

	maps *awsclients.Lists[Map]

	mu    sync.Mutex
	calls int
}

// New discovers through clients.
func New(clients Clients, o Options) *Discovery {
	if o.TTL <= 0 {
		o.TTL = 5 * time.Minute
	}
	d := &Discovery{clients: clients, opts: o}
	d.maps = awsclients.NewLists(o.TTL, d.read)
	return d
}

// Calls is how many AWS calls discovery made so far.
func (d *Discovery) Calls() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.calls
}

func (d *Discovery) called() {
	d.mu.Lock()
	d.calls++
	d.mu.Unlock()
}

// page is the page size to ask an API whose largest page is most for.
func (d *Discovery) page(most int32) int32 {
	if d.opts.PageSize > 0 {
		return min(d.opts.PageSize, most)
	}
	return most
}

// Map discovers the regions' maps and joins them, sorted; fresh skips the cache (alert
// evaluations).
func (d *Discovery) Map(ctx context.Context, regions []string, fresh bool) (Map, error) {
	var all Map
	for _, region := range regions {
		m, err := d.region(ctx, region, fresh)
		if err != nil {
			return Map{}, err
		}
		all.Resources = append(all.Resources, m.Resources...)
		all.Edges = append(all.Edges, m.Edges...)
	}
	return all, nil
}

// reader reads one kind of resource and its edges in a region.
type reader func(ctx context.Context, d *Discovery, api APIs, region string) (Map, error)

// readers are independent of each other, so a region's run at once.
var readers = []reader{restAPIs, httpAPIs, queues, stateMachines, rules}

func (d *Discovery) region(ctx context.Context, region string, fresh bool) (Map, error) {
	return d.maps.Get(ctx, region, fresh)
}

// read lists a region's map, every kind of resource at once.
func (d *Discovery) read(ctx context.Context, region string) (Map, error) {
	api, err := d.clients.APIs(ctx, region)
	if err != nil {
		return Map{}, err
	}
	parts := make([]Map, len(readers))
	errs := make([]error, len(readers))
	var wg sync.WaitGroup
	for i, read := range readers {
		wg.Go(func() { parts[i], errs[i] = read(ctx, d, api, region) })
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return Map{}, err
	}
	var m Map
	for _, p := range parts {
		m.Resources = append(m.Resources, p.Resources...)
		m.Edges = append(m.Edges, p.Edges...)
	}
	slices.SortFunc(m.Resources, compareResources)
	m.Resources = slices.Compact(m.Resources)
	slices.SortFunc(m.Edges, func(a, b Edge) int { return cmp.Or(compareResources(a.From, b.From), compareResources(a.To, b.To)) })
	m.Edges = slices.Compact(m.Edges)
	return m, nil
}

func compareResources(a, b Resource) int {
	return cmp.Or(strings.Compare(string(a.Kind), string(b.Kind)), strings.Compare(a.Name, b.Name),
		strings.Compare(a.Region, b.Region), strings.Compare(a.MetricID, b.MetricID))
}

// Failure is a health check call that failed, named by the IAM action it needs.
type Failure struct {
	Action string
	Err    error
}

// Check makes the cheapest call of every IAM action discovery needs in a region and returns the
// ones that failed. Actions that need a resource to act on (GetQueueAttributes,
// DescribeStateMachine, ListTargetsByRule) are checked on the first one listed, if any. The error
// is for clients that could not be built at all.
func (d *Discovery) Check(ctx context.Context, region string) ([]Failure, error) {
	api, err := d.clients.APIs(ctx, region)
	if err != nil {
		return nil, err
	}
	var failed []Failure
	for _, c := range checks {
		for _, f := range c(ctx, api) {
			if f.Err != nil {
				failed = append(failed, f)
			}
		}
	}
	return failed, nil
}

// checks each make one or two calls of an API and say which action each needed.
var checks = []func(ctx context.Context, api APIs) []Failure{checkAPIs, checkQueues, checkMappings, checkStateMachines, checkRules}
