package awsmode

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	sdkcw "github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	sdklogs "github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"
	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/seed/serverless/pkg/cloudwatch"
	"github.com/seed/serverless/pkg/cloudwatchlogs"
)

// IdentityAPI is the STS call the health check proves the credentials with; *sts.Client has it.
type IdentityAPI interface {
	GetCallerIdentity(ctx context.Context, in *sts.GetCallerIdentityInput, optFns ...func(*sts.Options)) (*sts.GetCallerIdentityOutput, error)
}

// healthTimeout bounds the whole check, so "Save & test" answers even when AWS does not.
const healthTimeout = 30 * time.Second

// denied are the error codes AWS answers a call the IAM policy does not allow with.
var denied = []string{"AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "UnauthorizedAccess"}

// refused are the error codes of credentials AWS does not accept at all.
var refused = []string{"InvalidClientTokenId", "UnrecognizedClientException", "SignatureDoesNotMatch", "ExpiredToken", "ExpiredTokenException", "InvalidSignatureException", "IncompleteSignature"}

// awsCheck is one call the health check makes, named by the IAM action it needs.
type awsCheck struct {
	action string
	region string
	err    error
}

// describe says what a failed check means and what to do about it. AWS's messages name the
// principal and the resource, never a secret.
func (c awsCheck) describe() string {
	var apiErr smithy.APIError
	code := ""
	if errors.As(c.err, &apiErr) {
		code = apiErr.ErrorCode()
	}
	switch {
	case slices.Contains(denied, code):
		return fmt.Sprintf("the IAM policy does not allow %s in %s (%s); add it to the policy of the role or user", c.action, c.region, code)
	case slices.Contains(refused, code):
		return fmt.Sprintf("AWS refused the credentials for %s in %s (%s); check authType, the access key and secret key, or the assumed role", c.action, c.region, code)
	}
	var httpErr *smithyhttp.ResponseError
	forbidden := errors.As(c.err, &httpErr) && httpErr.HTTPStatusCode() == http.StatusForbidden
	if forbidden && c.action == "sts:GetCallerIdentity" {
		// Every principal may call GetCallerIdentity: a 403 there is the credentials.
		return fmt.Sprintf("AWS refused the credentials for %s in %s (403 Forbidden); check authType, the access key and secret key, or the assumed role", c.action, c.region)
	}
	if forbidden {
		// The error body did not say which error it is (some stand-ins answer JSON APIs in XML);
		// the credentials passed STS, so a 403 is most likely the policy.
		return fmt.Sprintf("AWS answered 403 Forbidden to %s in %s: the IAM policy most likely does not allow it; add it to the policy of the role or user", c.action, c.region)
	}
	return fmt.Sprintf("%s in %s failed: %v; check the endpoint, the region and the network", c.action, c.region, c.err)
}

// Health proves the credentials with STS, then makes one cheap call per API AWS mode uses in
// every watched region, and names each IAM action or setting that is missing.
func (m *Mode) Health(ctx context.Context) *backend.CheckHealthResult {
	ctx, cancel := context.WithTimeout(ctx, healthTimeout)
	defer cancel()
	home := m.home
	client, err := m.identity(ctx, home)
	var who *sts.GetCallerIdentityOutput
	if err == nil {
		who, err = client.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	}
	if err != nil {
		return &backend.CheckHealthResult{Status: backend.HealthStatusError,
			Message: "AWS mode: " + awsCheck{action: "sts:GetCallerIdentity", region: home, err: err}.describe()}
	}
	var failed []string
	var found []string
	for _, region := range m.regions {
		functions, err := m.planner.Discover(ctx, cloudwatch.Discovery{
			Regions: []string{region}, Namespace: "AWS/Lambda", Metric: "Invocations", Dimension: "FunctionName", Fresh: true,
		})
		if err != nil {
			failed = append(failed, awsCheck{action: "cloudwatch:ListMetrics", region: region, err: err}.describe())
		} else {
			found = append(found, fmt.Sprintf("%s (%d functions)", region, len(functions)))
		}
		if err := m.checkGetMetricData(ctx, region); err != nil {
			failed = append(failed, awsCheck{action: "cloudwatch:GetMetricData", region: region, err: err}.describe())
		}
		if err := m.checkLogs(ctx, region); err != nil {
			failed = append(failed, awsCheck{action: "logs:DescribeLogGroups", region: region, err: err}.describe())
		}
		if err := m.functions.Check(ctx, region); err != nil {
			failed = append(failed, awsCheck{action: "lambda:ListFunctions", region: region, err: err}.describe())
		}
		failed = append(failed, m.checkServiceMap(ctx, region)...)
	}
	as := fmt.Sprintf("AWS mode: signed in as %s (account %s)", aws.ToString(who.Arn), aws.ToString(who.Account))
	if len(failed) > 0 {
		return &backend.CheckHealthResult{Status: backend.HealthStatusError, Message: as + ", but " + strings.Join(failed, "; ")}
	}
	return &backend.CheckHealthResult{
		Status: backend.HealthStatusOk,
		Message: as + ". CloudWatch, CloudWatch Logs, Lambda, API Gateway, SQS, Step Functions and EventBridge answer in " + strings.Join(found, ", ") +
			". Every query kind reads AWS",
	}
}

// checkGetMetricData asks for one datapoint of the last minute.
func (m *Mode) checkGetMetricData(ctx context.Context, region string) error {
	api, err := m.cloudWatch.Client(ctx, region)
	if err != nil {
		return err
	}
	end := time.Now().UTC().Truncate(time.Minute)
	_, err = api.GetMetricData(ctx, &sdkcw.GetMetricDataInput{
		StartTime: aws.Time(end.Add(-time.Minute)), EndTime: aws.Time(end),
		MetricDataQueries: []cwtypes.MetricDataQuery{{Id: aws.String("health"), MetricStat: &cwtypes.MetricStat{
			Metric: &cwtypes.Metric{Namespace: aws.String("AWS/Lambda"), MetricName: aws.String("Invocations")},
			Period: aws.Int32(60), Stat: aws.String("Sum"),
		}}},
	})
	return err
}

// checkLogs lists one Lambda log group.
func (m *Mode) checkLogs(ctx context.Context, region string) error {
	api, err := m.logsClients.Client(ctx, region)
	if err != nil {
		return err
	}
	_, err = api.DescribeLogGroups(ctx, &sdklogs.DescribeLogGroupsInput{LogGroupNamePrefix: aws.String(cloudwatchlogs.GroupPrefix), Limit: aws.Int32(1)})
	return err
}

// checkServiceMap makes the service map's calls, one per IAM action it needs.
func (m *Mode) checkServiceMap(ctx context.Context, region string) []string {
	failures, err := m.serviceMap.Check(ctx, region)
	if err != nil {
		return []string{awsCheck{action: "the service map's clients", region: region, err: err}.describe()}
	}
	var failed []string
	for _, f := range failures {
		failed = append(failed, awsCheck{action: f.Action, region: region, err: f.Err}.describe())
	}
	return failed
}
