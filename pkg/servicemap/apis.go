package servicemap

import (
	"context"
	"fmt"
	"strconv"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	"github.com/aws/aws-sdk-go-v2/service/apigatewayv2"
	"github.com/aws/aws-sdk-go-v2/service/apigatewayv2/types"

	"github.com/seed/serverless/pkg/awsclients"
	"github.com/seed/serverless/pkg/model"
)

// restPage is GetRestApis' and GetResources' largest page; API Gateway v2 documents no largest
// page, so httpPage is its default one.
const (
	restPage = 500
	httpPage = 100
)

// restAPIs lists the REST APIs and, through their resources' embedded methods, the functions
// their integrations call. CloudWatch names a REST API by its name (ApiName).
func restAPIs(ctx context.Context, d *Discovery, api APIs, region string) (Map, error) {
	var m Map
	in := &apigateway.GetRestApisInput{Limit: aws.Int32(d.page(restPage))}
	err := awsclients.Paginate(&in.Position, func() (*string, error) {
		out, err := api.REST.GetRestApis(ctx, in)
		d.called()
		if err != nil {
			return nil, fmt.Errorf("API Gateway GetRestApis in %s: %w", region, err)
		}
		for _, a := range out.Items {
			from := Resource{Kind: model.KindAPIGateway, Name: aws.ToString(a.Name), Region: region, MetricID: aws.ToString(a.Name)}
			targets, err := restIntegrations(ctx, d, api, region, aws.ToString(a.Id))
			if err != nil {
				return nil, err
			}
			m.link(from, targets...)
		}
		return out.Position, nil
	})
	return m, err
}

func restIntegrations(ctx context.Context, d *Discovery, api APIs, region, id string) ([]Resource, error) {
	var functions []Resource
	in := &apigateway.GetResourcesInput{RestApiId: aws.String(id), Embed: []string{"methods"}, Limit: aws.Int32(d.page(restPage))}
	err := awsclients.Paginate(&in.Position, func() (*string, error) {
		out, err := api.REST.GetResources(ctx, in)
		d.called()
		if err != nil {
			return nil, fmt.Errorf("API Gateway GetResources of REST API %s in %s: %w", id, region, err)
		}
		for _, r := range out.Items {
			for _, method := range r.ResourceMethods {
				if method.MethodIntegration == nil {
					continue
				}
				if f, ok := function(aws.ToString(method.MethodIntegration.Uri), region); ok {
					functions = append(functions, f)
				}
			}
		}
		return out.Position, nil
	})
	return functions, err
}

// httpAPIs lists the HTTP APIs (not WebSocket ones, whose metrics differ) and the functions their
// integrations call. CloudWatch names an HTTP API by its id (ApiId).
func httpAPIs(ctx context.Context, d *Discovery, api APIs, region string) (Map, error) {
	var m Map
	in := &apigatewayv2.GetApisInput{MaxResults: aws.String(strconv.Itoa(int(d.page(httpPage))))}
	err := awsclients.Paginate(&in.NextToken, func() (*string, error) {
		out, err := api.HTTP.GetApis(ctx, in)
		d.called()
		if err != nil {
			return nil, fmt.Errorf("API Gateway GetApis in %s: %w", region, err)
		}
		for _, a := range out.Items {
			if a.ProtocolType != types.ProtocolTypeHttp {
				continue
			}
			from := Resource{Kind: model.KindAPIGatewayV2, Name: aws.ToString(a.Name), Region: region, MetricID: aws.ToString(a.ApiId)}
			targets, err := httpIntegrations(ctx, d, api, region, aws.ToString(a.ApiId))
			if err != nil {
				return nil, err
			}
			m.link(from, targets...)
		}
		return out.NextToken, nil
	})
	return m, err
}

func httpIntegrations(ctx context.Context, d *Discovery, api APIs, region, id string) ([]Resource, error) {
	var functions []Resource
	in := &apigatewayv2.GetIntegrationsInput{ApiId: aws.String(id), MaxResults: aws.String(strconv.Itoa(int(d.page(httpPage))))}
	err := awsclients.Paginate(&in.NextToken, func() (*string, error) {
		out, err := api.HTTP.GetIntegrations(ctx, in)
		d.called()
		if err != nil {
			return nil, fmt.Errorf("API Gateway GetIntegrations of HTTP API %s in %s: %w", id, region, err)
		}
		for _, i := range out.Items {
			if f, ok := function(aws.ToString(i.IntegrationUri), region); ok {
				functions = append(functions, f)
			}
		}
		return out.NextToken, nil
	})
	return functions, err
}

// checkAPIs lists one REST API and one HTTP API: both need apigateway:GET.
func checkAPIs(ctx context.Context, api APIs) []Failure {
	_, err := api.REST.GetRestApis(ctx, &apigateway.GetRestApisInput{Limit: aws.Int32(1)})
	if err == nil {
		_, err = api.HTTP.GetApis(ctx, &apigatewayv2.GetApisInput{MaxResults: aws.String("1")})
	}
	return []Failure{{Action: "apigateway:GET", Err: err}}
}
