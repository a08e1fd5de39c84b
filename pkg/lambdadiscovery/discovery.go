// Package lambdadiscovery lists the Lambda functions of AWS mode's regions with ListFunctions,
// every page, with the configuration the data source needs (memory, timeout, runtime,
// architecture), cached for a few minutes per region. Variables (functions, runtimes), runtime
// filters and ofTimeout read it.
package lambdadiscovery

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"

	"github.com/seed/serverless/pkg/awsclients"
)

// API is the part of Lambda discovery uses; *lambda.Client satisfies it.
type API interface {
	ListFunctions(ctx context.Context, in *lambda.ListFunctionsInput, optFns ...func(*lambda.Options)) (*lambda.ListFunctionsOutput, error)
}

// Clients gives the Lambda client of a region.
type Clients interface {
	Client(ctx context.Context, region string) (API, error)
}

// SDKClients builds one aws-sdk-go-v2 Lambda client per region, reused.
type SDKClients struct {
	perRegion *awsclients.PerRegion[*lambda.Client]
}

// NewSDKClients prepares clients from the shared connection settings (awsclients.Connection, so
// every AWS API shares them); nothing is contacted yet. optFns tune each client after those
// settings (tests point them at a local stand-in).
func NewSDKClients(source awsclients.ConfigSource, optFns ...func(*lambda.Options)) *SDKClients {
	return &SDKClients{perRegion: awsclients.New(source, func(cfg aws.Config, retryer aws.Retryer) *lambda.Client {
		return lambda.NewFromConfig(cfg, append([]func(*lambda.Options){func(o *lambda.Options) { o.Retryer = retryer }}, optFns...)...)
	})}
}

// Client returns the region's client, building it on first use.
func (c *SDKClients) Client(ctx context.Context, region string) (API, error) {
	client, err := c.perRegion.Get(ctx, region)
	if err != nil {
		return nil, err
	}
	return client, nil
}

// Function is one Lambda function's configuration.
type Function struct {
	Name, Region, ARN string
	Runtime           string
	// Architecture is x86_64 or arm64.
	Architecture   string
	MemoryMB       int
	TimeoutSeconds int
	// LastModified is when the code or configuration last changed; zero when Lambda did not say.
	LastModified time.Time
}

// lastModifiedLayout is how Lambda writes LastModified.
const lastModifiedLayout = "2006-01-02T15:04:05.000-0700"

// pageSize is ListFunctions' largest page.
const pageSize = 50

// Discovery lists functions through clients, keeping each region's list for a while.
type Discovery struct {
	clients Clients
	lists   *awsclients.Lists[[]Function]

	mu    sync.Mutex
	calls int
}

// New lists through clients; ttl 0 means five minutes.
func New(clients Clients, ttl time.Duration) *Discovery {
	if ttl <= 0 {
		ttl = 5 * time.Minute
	}
	d := &Discovery{clients: clients}
	d.lists = awsclients.NewLists(ttl, d.list)
	return d
}

// Calls is how many ListFunctions calls were made so far.
func (d *Discovery) Calls() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.calls
}

// Functions lists the functions of the regions, sorted by region then name; fresh skips the
// cache (alert evaluations).
func (d *Discovery) Functions(ctx context.Context, regions []string, fresh bool) ([]Function, error) {
	var all []Function
	for _, region := range regions {
		fs, err := d.region(ctx, region, fresh)
		if err != nil {
			return nil, err
		}
		all = append(all, fs...)
	}
	return all, nil
}

func (d *Discovery) region(ctx context.Context, region string, fresh bool) ([]Function, error) {
	return d.lists.Get(ctx, region, fresh)
}

// list reads every page of a region's functions, sorted by name.
func (d *Discovery) list(ctx context.Context, region string) ([]Function, error) {
	api, err := d.clients.Client(ctx, region)
	if err != nil {
		return nil, err
	}
	var functions []Function
	in := &lambda.ListFunctionsInput{MaxItems: aws.Int32(pageSize)}
	err = awsclients.Paginate(&in.Marker, func() (*string, error) {
		out, err := api.ListFunctions(ctx, in)
		d.mu.Lock()
		d.calls++
		d.mu.Unlock()
		if err != nil {
			return nil, err
		}
		for _, f := range out.Functions {
			fn := Function{Name: aws.ToString(f.FunctionName), Region: region, ARN: aws.ToString(f.FunctionArn), Runtime: string(f.Runtime),
				MemoryMB: int(aws.ToInt32(f.MemorySize)), TimeoutSeconds: int(aws.ToInt32(f.Timeout)), Architecture: "x86_64"}
			if len(f.Architectures) > 0 {
				fn.Architecture = string(f.Architectures[0])
			}
			if t, err := time.Parse(lastModifiedLayout, aws.ToString(f.LastModified)); err == nil {
				fn.LastModified = t.UTC()
			}
			functions = append(functions, fn)
		}
		return out.NextMarker, nil
	})
	if err != nil {
		return nil, fmt.Errorf("Lambda ListFunctions in %s: %w", region, err)
	}
	slices.SortFunc(functions, func(a, b Function) int { return strings.Compare(a.Name, b.Name) })
	return functions, nil
}

// Check makes the cheapest call discovery needs in a region: one function of ListFunctions.
func (d *Discovery) Check(ctx context.Context, region string) error {
	api, err := d.clients.Client(ctx, region)
	if err != nil {
		return err
	}
	_, err = api.ListFunctions(ctx, &lambda.ListFunctionsInput{MaxItems: aws.Int32(1)})
	return err
}
