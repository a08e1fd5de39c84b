package plugin

import (
	"context"
	"strings"
	"testing"

	"github.com/aws/smithy-go"
	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/seed/serverless/pkg/cloudwatchlogs/logsfake"
	"github.com/seed/serverless/pkg/mode/awsmode"
)

func TestAWSHealthNamesTheIAMActionThatIsDenied(t *testing.T) {
	logs := logsfake.New(logsfake.Options{})
	t.Cleanup(logs.Close)
	d, _ := newAWSDatasource(t, awsTestOptions{logs: logs, regions: []string{"us-east-1", "eu-west-1"}})
	logs.FailNext("DescribeLogGroups", "AccessDeniedException")
	h, _ := d.CheckHealth(context.Background(), &backend.CheckHealthRequest{})
	want := "AWS mode: signed in as arn:aws:iam::123456789012:user/grafana (account 123456789012), but the IAM policy does not allow " +
		"logs:DescribeLogGroups in us-east-1 (AccessDeniedException); add it to the policy of the role or user"
	if h.Status != backend.HealthStatusError || h.Message != want {
		t.Fatalf("%v %q\nwant %q", h.Status, h.Message, want)
	}

	d.rebuildAWS(func(o *awsmode.Options) {
		o.Identity = func(context.Context, string) (awsmode.IdentityAPI, error) {
			return stubIdentity{err: &smithy.GenericAPIError{Code: "AccessDenied", Message: "User: arn:aws:iam::123456789012:user/grafana is not authorized to perform: sts:GetCallerIdentity"}}, nil
		}
	})
	h, _ = d.CheckHealth(context.Background(), &backend.CheckHealthRequest{})
	if h.Status != backend.HealthStatusError || !strings.HasPrefix(h.Message, "AWS mode: the IAM policy does not allow sts:GetCallerIdentity in us-east-1 (AccessDenied)") {
		t.Fatalf("%v %q", h.Status, h.Message)
	}
	d.rebuildAWS(func(o *awsmode.Options) {
		o.Identity = func(context.Context, string) (awsmode.IdentityAPI, error) {
			return stubIdentity{err: &smithy.GenericAPIError{Code: "InvalidClientTokenId", Message: "The security token included in the request is invalid."}}, nil
		}
	})
	h, _ = d.CheckHealth(context.Background(), &backend.CheckHealthRequest{})
	if h.Status != backend.HealthStatusError || !strings.Contains(h.Message, "AWS refused the credentials for sts:GetCallerIdentity in us-east-1 (InvalidClientTokenId)") {
		t.Fatalf("%v %q", h.Status, h.Message)
	}
}

// TestAWSHealthAgainstMoto checks the identity and the Logs permission against moto. moto 5.2.5
// does not speak the CBOR protocol the pinned CloudWatch client uses, so the CloudWatch checks
// fail there; the check must say so plainly (the CloudWatch calls are checked against cwfake).
func TestAWSHealthAgainstMoto(t *testing.T) {
	url := startMoto(t)
	d := newMotoDatasource(t, url, "us-east-1", "eu-west-1")
	h, err := d.CheckHealth(context.Background(), &backend.CheckHealthRequest{})
	if err != nil || h.Status != backend.HealthStatusError || !strings.HasPrefix(h.Message, "AWS mode: signed in as arn:aws:sts::123456789012:user/moto (account 123456789012), but ") {
		t.Fatalf("%v %v %q", err, h.Status, h.Message)
	}
	for _, want := range []string{"cloudwatch:ListMetrics in us-east-1 failed", "cloudwatch:GetMetricData in eu-west-1 failed", "check the endpoint"} {
		if !strings.Contains(h.Message, want) {
			t.Errorf("the message does not say %q: %s", want, h.Message)
		}
	}
	if strings.Contains(h.Message, "logs:") || strings.Contains(h.Message, "lambda:") || strings.Contains(h.Message, "moto/test/secret") {
		t.Fatalf("logs or Lambda failed, or the secret leaked: %s", h.Message)
	}
}

// TestAWSHealthNamesWhatMotoDenies runs moto with IAM enforced: the user may call STS and read
// logs with Insights, but not list log groups, and the health check must say exactly that.
func TestAWSHealthNamesWhatMotoDenies(t *testing.T) {
	url := startMoto(t, "INITIAL_NO_AUTH_ACTION_COUNT=3")
	accessKey, secretKey := motoIAMUser(t, url, "sts:GetCallerIdentity", "logs:StartQuery", "logs:GetQueryResults", "logs:StopQuery", "logs:FilterLogEvents")
	d := newMotoDatasourceAs(t, url, accessKey, secretKey, "us-east-1")
	h, _ := d.CheckHealth(context.Background(), &backend.CheckHealthRequest{})
	// moto answers this JSON API's AccessDeniedException in XML, so only the 403 says what it is.
	want := "AWS answered 403 Forbidden to logs:DescribeLogGroups in us-east-1: the IAM policy most likely does not allow it"
	if h.Status != backend.HealthStatusError || !strings.Contains(h.Message, "signed in as arn:aws:iam::123456789012:user/grafana") || !strings.Contains(h.Message, want) {
		t.Fatalf("%v %q\nwant it to say %q", h.Status, h.Message, want)
	}
	if !strings.Contains(h.Message, "lambda:ListFunctions in us-east-1") {
		t.Errorf("the message does not name lambda:ListFunctions, which the policy does not allow either: %s", h.Message)
	}
	if strings.Contains(h.Message, secretKey) {
		t.Fatal("the secret key is in the health message")
	}
	// A wrong secret key is refused credentials, not a missing permission.
	wrong := newMotoDatasourceAs(t, url, accessKey, secretKey+"x", "us-east-1")
	h, _ = wrong.CheckHealth(context.Background(), &backend.CheckHealthRequest{})
	if h.Status != backend.HealthStatusError || !strings.Contains(h.Message, "AWS refused the credentials for sts:GetCallerIdentity in us-east-1") {
		t.Fatalf("%v %q", h.Status, h.Message)
	}
}
