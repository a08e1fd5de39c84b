package awsclients

import (
	"context"

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
	callsTotal = promauto.NewCounterVec(prometheus.CounterOpts{
		Namespace: "seed_serverless", Subsystem: "aws", Name: "api_calls_total",
		Help: "AWS API calls sent, by service and operation; every attempt counts, retries included.",
	}, []string{"service", "operation"})
	throttlesTotal = promauto.NewCounterVec(prometheus.CounterOpts{
		Namespace: "seed_serverless", Subsystem: "aws", Name: "throttles_total",
		Help: "AWS API attempts that were throttled, by service and operation.",
	}, []string{"service", "operation"})
	failuresTotal = promauto.NewCounterVec(prometheus.CounterOpts{
		Namespace: "seed_serverless", Subsystem: "aws", Name: "api_failures_total",
		Help: "AWS API attempts that failed for another reason than throttling, by service and operation.",
	}, []string{"service", "operation"})
)

// CountCalls is an API option that counts each attempt of every call a client makes; put on an
// aws.Config, it counts every client built from it.
func CountCalls(stack *middleware.Stack) error {
	return stack.Finalize.Add(middleware.FinalizeMiddlewareFunc("SeedCountCalls",
		func(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (middleware.FinalizeOutput, middleware.Metadata, error) {
			labels := []string{awsmiddleware.GetServiceID(ctx), awsmiddleware.GetOperationName(ctx)}
			callsTotal.WithLabelValues(labels...).Inc()
			out, md, err := next.HandleFinalize(ctx, in)
			switch {
			case err == nil:
			case retry.IsErrorThrottles(retry.DefaultThrottles).IsErrorThrottle(err) == aws.TrueTernary:
				throttlesTotal.WithLabelValues(labels...).Inc()
			default:
				failuresTotal.WithLabelValues(labels...).Inc()
			}
			return out, md, err
		}), middleware.After)
}
