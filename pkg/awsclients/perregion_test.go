package awsclients

import (
	"context"
	"errors"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
)

type source struct {
	calls []string
	fail  error
}

func (s *source) Config(_ context.Context, region string) (aws.Config, error) {
	s.calls = append(s.calls, region)
	return aws.Config{Region: region}, s.fail
}

func (s *source) Retryer() aws.Retryer { return retry.NewStandard() }

type client struct {
	region  string
	retryer aws.Retryer
}

func TestOneClientPerRegionWithTheSharedRetryer(t *testing.T) {
	src := &source{}
	clients := New(src, func(cfg aws.Config, r aws.Retryer) *client { return &client{region: cfg.Region, retryer: r} })
	east, err := clients.Get(t.Context(), "us-east-1")
	if err != nil || east.region != "us-east-1" || east.retryer == nil {
		t.Fatalf("client %+v, error %v", east, err)
	}
	again, _ := clients.Get(t.Context(), "us-east-1")
	west, _ := clients.Get(t.Context(), "us-west-2")
	if again != east || west.region != "us-west-2" {
		t.Errorf("us-east-1 built twice or us-west-2 wrong: %p %p %+v", again, east, west)
	}
	if len(src.calls) != 2 {
		t.Errorf("configuration read %d times for two regions", len(src.calls))
	}
}

func TestAConfigurationErrorIsReturnedAndNotCached(t *testing.T) {
	src := &source{fail: errors.New("no credentials")}
	clients := New(src, func(cfg aws.Config, _ aws.Retryer) *client { return &client{region: cfg.Region} })
	if c, err := clients.Get(t.Context(), "eu-west-1"); err == nil || c != nil {
		t.Fatalf("client %v, error %v", c, err)
	}
	src.fail = nil
	if c, err := clients.Get(t.Context(), "eu-west-1"); err != nil || c.region != "eu-west-1" {
		t.Errorf("after the settings are fixed: client %v, error %v", c, err)
	}
}
