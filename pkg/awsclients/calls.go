package awsclients

import (
	"context"
	"sync/atomic"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/smithy-go/middleware"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promauto"
)

// Process-wide counters of every AWS call the data source makes, registered on the default
// registry that the plugin SDK serves on its metrics endpoint. Discovery, Logs Insights polling
// and health checks cost quota too, not only GetMetricData.
var (
	callsTotal   = callCounter("api_calls_total", "AWS API calls sent, by service and operation; every attempt counts, retries included.")
	retriesTotal = callCounter("retries_total", "AWS API attempts that retried an earlier failed attempt, by service and operation.")
	throttles    = callCounter("throttles_total", "AWS API attempts that were throttled, by service and operation.")
	failures     = callCounter("api_failures_total", "AWS API attempts that failed for another reason than throttling, by service and operation.")
)

func callCounter(name, help string) *prometheus.CounterVec {
	return promauto.NewCounterVec(prometheus.CounterOpts{Namespace: "seed_serverless", Subsystem: "aws", Name: name, Help: help},
		[]string{"service", "operation"})
}

type attemptKey struct{}

// CountCalls is an API option that counts each attempt of every call a client makes; put on an
// aws.Config, it counts every client built from it. Middleware added after it can read the
// attempt's number with Attempt.
func CountCalls(stack *middleware.Stack) error {
	if err := stack.Initialize.Add(middleware.InitializeMiddlewareFunc("SeedAttempts",
		func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
			return next.HandleInitialize(context.WithValue(ctx, attemptKey{}, new(atomic.Int32)), in)
		}), middleware.Before); err != nil {
		return err
	}
	return stack.Finalize.Add(middleware.FinalizeMiddlewareFunc("SeedCountCalls",
		func(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (middleware.FinalizeOutput, middleware.Metadata, error) {
			labels := []string{awsmiddleware.GetServiceID(ctx), awsmiddleware.GetOperationName(ctx)}
			callsTotal.WithLabelValues(labels...).Inc()
			if n, ok := ctx.Value(attemptKey{}).(*atomic.Int32); ok && n.Add(1) > 1 {
				retriesTotal.WithLabelValues(labels...).Inc()
			}
			out, md, err := next.HandleFinalize(ctx, in)
			switch {
			case err == nil:
			case IsThrottle(err):
				throttles.WithLabelValues(labels...).Inc()
			default:
				failures.WithLabelValues(labels...).Inc()
			}
			return out, md, err
		}), middleware.After)
}

// Attempt is the number of the attempt under way, from 1, inside a call counted by CountCalls;
// 0 outside one.
func Attempt(ctx context.Context) int {
	if n, ok := ctx.Value(attemptKey{}).(*atomic.Int32); ok {
		return int(n.Load())
	}
	return 0
}

// IsThrottle says whether AWS refused a call for going too fast.
func IsThrottle(err error) bool {
	return retry.IsErrorThrottles(retry.DefaultThrottles).IsErrorThrottle(err) == aws.TrueTernary
}
