package plugin

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	neturl "net/url"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/seed/serverless/pkg/lambdadiscovery"
)

// handlerZip is a deployment package: one Node.js handler.
func handlerZip(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	f, err := w.Create("index.mjs")
	if err != nil {
		t.Fatal(err)
	}
	_, _ = f.Write([]byte("export const handler = async () => ({ statusCode: 200 });\n"))
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestAWSModeDiscoversFunctionsInMoto(t *testing.T) {
	url := startMoto(t)
	d := newMotoDatasource(t, url, "us-east-1", "eu-west-1")
	trust, _ := json.Marshal(map[string]any{"Version": "2012-10-17", "Statement": []map[string]any{{"Effect": "Allow",
		"Principal": map[string]string{"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}}})
	motoIAM(t, url, "Action=CreateRole&RoleName=fn&AssumeRolePolicyDocument="+neturl.QueryEscape(string(trust)))
	code := handlerZip(t)
	ctx := context.Background()
	create := func(region, name string, runtime lambdatypes.Runtime, arch lambdatypes.Architecture, memory, timeout int32) {
		t.Helper()
		cfg, err := d.connection().Config(ctx, region)
		if err != nil {
			t.Fatal(err)
		}
		_, err = lambda.NewFromConfig(cfg).CreateFunction(ctx, &lambda.CreateFunctionInput{
			FunctionName: aws.String(name), Runtime: runtime, Role: aws.String("arn:aws:iam::123456789012:role/fn"), Handler: aws.String("index.handler"),
			Code: &lambdatypes.FunctionCode{ZipFile: code}, MemorySize: aws.Int32(memory), Timeout: aws.Int32(timeout),
			Architectures: []lambdatypes.Architecture{arch},
		})
		if err != nil {
			t.Fatalf("CreateFunction %s in %s: %v", name, region, err)
		}
	}
	create("us-east-1", "checkout-api", lambdatypes.RuntimeNodejs20x, lambdatypes.ArchitectureArm64, 512, 30)
	create("us-east-1", "ledger-writer", lambdatypes.RuntimePython312, lambdatypes.ArchitectureX8664, 256, 10)
	create("eu-west-1", "billing-report", lambdatypes.RuntimePython312, lambdatypes.ArchitectureArm64, 1024, 900)

	fs, err := lambdadiscovery.New(lambdadiscovery.NewSDKClients(d.connection()), 0).Functions(ctx, []string{"us-east-1", "eu-west-1"}, true)
	if err != nil {
		t.Fatal(err)
	}
	if len(fs) != 3 {
		t.Fatalf("discovered %+v", fs)
	}
	if f := fs[0]; f.Name != "checkout-api" || f.Region != "us-east-1" || f.Runtime != "nodejs20.x" || f.Architecture != "arm64" || f.MemoryMB != 512 || f.TimeoutSeconds != 30 {
		t.Fatalf("first %+v", f)
	}
	if f := fs[2]; f.Name != "billing-report" || f.Region != "eu-west-1" || f.TimeoutSeconds != 900 || f.MemoryMB != 1024 {
		t.Fatalf("last %+v", f)
	}

	values := func(model string) []string {
		t.Helper()
		res, _ := d.QueryData(ctx, &backend.QueryDataRequest{Queries: []backend.DataQuery{{RefID: "A", JSON: []byte(model),
			TimeRange: backend.TimeRange{From: dayStart, To: dayStart.Add(time.Hour)}}}})
		r := res.Responses["A"]
		if r.Error != nil || len(r.Frames) != 1 {
			t.Fatalf("%s: %v", model, r.Error)
		}
		return column(t, r.Frames[0], "value")
	}
	for model, want := range map[string]string{
		`{"queryType":"variable","variable":"functions"}`:                            "[billing-report checkout-api ledger-writer]",
		`{"queryType":"variable","variable":"functions","region":"us-east-1"}`:       "[checkout-api ledger-writer]",
		`{"queryType":"variable","variable":"functions","runtime":"python3.12"}`:     "[billing-report ledger-writer]",
		`{"queryType":"variable","variable":"runtimes"}`:                             "[nodejs20.x python3.12]",
		`{"queryType":"variable","variable":"regions"}`:                              "[eu-west-1 us-east-1]",
		`{"queryType":"variable","variable":"functions","pattern":"^(ledger|bill)"}`: "[billing-report ledger-writer]",
	} {
		if got := fmt.Sprint(values(model)); got != want {
			t.Errorf("%s: %s, want %s", model, got, want)
		}
	}
}
