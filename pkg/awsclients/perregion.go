// Package awsclients is AWS mode's connection to AWS: one aws.Config per region, built through
// grafana-aws-sdk from the data source's settings, and one client of each service per region built
// from it, all with the same retry policy and call counters.
package awsclients

import (
	"context"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
)

// ConfigSource gives a region's AWS configuration and the retry policy every client uses;
// Connection is one.
type ConfigSource interface {
	Config(ctx context.Context, region string) (aws.Config, error)
	Retryer() aws.Retryer
}

// PerRegion keeps one value of type C per region (a region's aws.Config, or a service's client),
// made on first use and reused; a value that could not be made is not kept. It is safe for
// concurrent use.
type PerRegion[C any] struct {
	open func(ctx context.Context, region string) (C, error)

	mu     sync.Mutex
	values map[string]C
}

// NewPerRegion keeps what open makes for each region.
func NewPerRegion[C any](open func(ctx context.Context, region string) (C, error)) *PerRegion[C] {
	return &PerRegion[C]{open: open, values: map[string]C{}}
}

// New keeps one client per region, built from the source's configuration of the region and its
// retry policy; nothing is contacted until Get.
func New[C any](source ConfigSource, build func(cfg aws.Config, retryer aws.Retryer) C) *PerRegion[C] {
	return NewPerRegion(func(ctx context.Context, region string) (C, error) {
		cfg, err := source.Config(ctx, region)
		if err != nil {
			var none C
			return none, err
		}
		return build(cfg, source.Retryer()), nil
	})
}

// Get returns the region's value, making it on first use.
func (p *PerRegion[C]) Get(ctx context.Context, region string) (C, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if v, ok := p.values[region]; ok {
		return v, nil
	}
	v, err := p.open(ctx, region)
	if err != nil {
		return v, err
	}
	p.values[region] = v
	return v, nil
}
