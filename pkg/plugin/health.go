package plugin

import (
	"context"
	"fmt"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/seed/serverless/pkg/model"
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
	functions := len(d.estate.Resources(model.KindLambda))
	return &backend.CheckHealthResult{
		Status:  backend.HealthStatusOk,
		Message: fmt.Sprintf("Demo estate ready: %d functions in %d regions", functions, len(d.estate.Regions())),
	}, nil
}
