// Package awsclients keeps one AWS SDK client per region, built on first use from the data
// source's shared connection settings and retry policy.
package awsclients

import (
	"context"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
)

// ConfigSource gives a region's AWS configuration and the retry policy every client uses;
// cloudwatch.SDKClients is one.
type ConfigSource interface {
	Config(ctx context.Context, region string) (aws.Config, error)
	Retryer() aws.Retryer
}

// PerRegion builds a client of type C per region and reuses it. It is safe for concurrent use.
type PerRegion[C any] struct {
	source ConfigSource
	build  func(cfg aws.Config, retryer aws.Retryer) C

	mu      sync.Mutex
	clients map[string]C
}

// New prepares the clients; nothing is contacted until Get.
func New[C any](source ConfigSource, build func(cfg aws.Config, retryer aws.Retryer) C) *PerRegion[C] {
	return &PerRegion[C]{source: source, build: build, clients: map[string]C{}}
}

// Get returns the region's client, building it on first use.
func (p *PerRegion[C]) Get(ctx context.Context, region string) (C, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if client, ok := p.clients[region]; ok {
		return client, nil
	}
	cfg, err := p.source.Config(ctx, region)
	if err != nil {
		var none C
		return none, err
	}
	client := p.build(cfg, p.source.Retryer())
	p.clients[region] = client
	return client, nil
}
