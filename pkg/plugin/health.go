package plugin

import (
	"context"
	"fmt"
	"strings"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/seed/serverless/pkg/cloudwatch"
	"github.com/seed/serverless/pkg/demo"
	"github.com/seed/serverless/pkg/settings"
)

// CheckHealth backs the "Save & test" button: it says exactly what is wrong, or what is ready.
func (d *Datasource) CheckHealth(ctx context.Context, _ *backend.CheckHealthRequest) (*backend.CheckHealthResult, error) {
	if d.settingsErr != nil {
		return &backend.CheckHealthResult{Status: backend.HealthStatusError, Message: d.settingsErr.Error()}, nil
	}
	if d.settings.Mode == settings.ModeAWS {
		return d.awsHealth(ctx), nil
	}
	functions := len(d.estate.Resources(demo.KindLambda))
	return &backend.CheckHealthResult{
		Status:  backend.HealthStatusOk,
		Message: fmt.Sprintf("Demo estate ready: %d functions in %d regions", functions, len(d.estate.Regions())),
	}, nil
}

// awsHealth lists the Lambda functions of every watched region: it proves the credentials, the
// endpoint and the cloudwatch:ListMetrics permission, and says how much there is to see.
func (d *Datasource) awsHealth(ctx context.Context) *backend.CheckHealthResult {
	var found []string
	for _, region := range d.settings.AWS.Regions {
		functions, err := d.planner.Discover(ctx, cloudwatch.Discovery{
			Regions: []string{region}, Namespace: "AWS/Lambda", Metric: "Invocations", Dimension: "FunctionName", Fresh: true,
		})
		if err != nil {
			return &backend.CheckHealthResult{Status: backend.HealthStatusError, Message: fmt.Sprintf(
				"AWS mode: CloudWatch in %s did not answer: %v. Check the credentials, the endpoint and that the IAM policy allows "+
					"cloudwatch:ListMetrics and cloudwatch:GetMetricData", region, err)}
		}
		found = append(found, fmt.Sprintf("%s (%d functions)", region, len(functions)))
	}
	return &backend.CheckHealthResult{
		Status:  backend.HealthStatusOk,
		Message: "AWS mode: CloudWatch answers in " + strings.Join(found, ", ") + ". Metrics queries read CloudWatch; other query kinds are not available yet in AWS mode",
	}
}
