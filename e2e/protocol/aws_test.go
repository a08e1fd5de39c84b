//go:build e2e

package protocol

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/grafana/grafana-plugin-sdk-go/genproto/pluginv2"

	"github.com/seed/serverless/pkg/cloudwatch/cwfake"
	"github.com/seed/serverless/pkg/cloudwatchlogs/logsfake"
	estate "github.com/seed/serverless/pkg/demo"
	"github.com/seed/serverless/pkg/lambdadiscovery/lambdafake"
	"github.com/seed/serverless/pkg/model"
	"github.com/seed/serverless/pkg/query/querytest"
	"github.com/seed/serverless/pkg/servicemap/servicemapfake"
)

const (
	standInAccessKey = "AKIAPROTOCOLTEST0001"
	standInSecretKey = "protocol-test-secret-key-never-logged"
)

// signedService reads the service a request was signed for from its SigV4 credential scope.
var signedService = regexp.MustCompile(`Credential=[^/]+/[0-9]{8}/[^/]+/([^/]+)/aws4_request`)

// startAWSStandIns serves the local stand-ins of the AWS APIs the plugin calls behind one
// address, as AWS mode's custom endpoint: a request goes to the stand-in of the service it was
// signed for, with its Host header kept so the stand-in can check the signature.
func startAWSStandIns(t *testing.T, demoEstate *estate.Estate) string {
	t.Helper()
	cloudwatch := cwfake.New(cwfake.Options{Estate: demoEstate, AccessKeyID: standInAccessKey, SecretKey: standInSecretKey})
	t.Cleanup(cloudwatch.Close)
	logs := logsfake.New(logsfake.Options{})
	t.Cleanup(logs.Close)
	lines, err := demoEstate.Logs(estate.LogQuery{From: time.UnixMilli(logsWindow.FromEpochMS), To: time.UnixMilli(logsWindow.ToEpochMS), Limit: model.MaxLogLines})
	if err != nil || len(lines) == model.MaxLogLines {
		t.Fatalf("the demo log lines of the logs window: %d lines, error %v", len(lines), err)
	}
	for _, l := range lines {
		logs.Add(l.Region, l.LogGroup, logsfake.Event{Time: l.Time, Stream: l.LogStream, Message: l.Message})
	}
	functions := map[string][]lambdafake.Function{}
	for _, r := range demoEstate.Resources(model.KindLambda) {
		functions[r.Region] = append(functions[r.Region], lambdafake.Function{Name: r.Name, Runtime: r.Runtime,
			Architecture: "arm64", MemoryMB: r.MemoryMB, TimeoutSeconds: r.TimeoutSeconds})
	}
	lambda := lambdafake.New(functions)
	t.Cleanup(lambda.Close)

	links := servicemapfake.New(servicemapfake.FromEstate(demoEstate, nil))
	t.Cleanup(links.Close)

	proxy := func(target string) *httputil.ReverseProxy {
		u, err := url.Parse(target)
		if err != nil {
			t.Fatal(err)
		}
		return httputil.NewSingleHostReverseProxy(u)
	}
	toCloudWatch, toLogs, toLambda, toLinks := proxy(cloudwatch.URL), proxy(logs.URL), proxy(lambda.URL), proxy(links.URL)
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		m := signedService.FindStringSubmatch(r.Header.Get("Authorization"))
		service := ""
		if m != nil {
			service = m[1]
		}
		switch {
		case service == "monitoring":
			toCloudWatch.ServeHTTP(w, r)
		case service == "logs":
			toLogs.ServeHTTP(w, r)
		case service == "lambda" && strings.HasSuffix(r.URL.Path, "/event-source-mappings"):
			toLinks.ServeHTTP(w, r)
		case service == "lambda":
			toLambda.ServeHTTP(w, r)
		case slices.Contains([]string{"apigateway", "sqs", "states", "events"}, service):
			toLinks.ServeHTTP(w, r)
		default:
			t.Errorf("the plugin called a service the test serves no stand-in for: %s %s (%s)", r.Method, r.URL, r.Header.Get("Authorization"))
			http.Error(w, "no stand-in for this service", http.StatusNotImplemented)
		}
	}))
	t.Cleanup(front.Close)
	return front.URL
}

// awsContext is a data source instance in AWS mode whose custom endpoint is the stand-ins, with
// its keys in the decrypted secure JSON data, as Grafana sends them.
func awsContext(t *testing.T, endpoint string, regions []string) *pluginv2.PluginContext {
	// Demo mode's SLOs, defined with the data source as AWS mode needs them.
	slos, err := os.ReadFile(filepath.Join("..", "..", "pkg", "plugin", "demo_slos.json"))
	if err != nil {
		t.Fatal(err)
	}
	jsonData, err := json.Marshal(map[string]any{"mode": "aws", "authType": "keys", "defaultRegion": "us-east-1",
		"regions": regions, "endpoint": endpoint, "slos": json.RawMessage(slos)})
	if err != nil {
		t.Fatal(err)
	}
	pc := pluginContext("aws", string(jsonData))
	pc.DataSourceInstanceSettings.DecryptedSecureJsonData = map[string]string{"accessKey": standInAccessKey, "secretKey": standInSecretKey}
	return pc
}

// comparableFrames drops what only AWS mode adds to frames (CloudWatch figures and notices) and
// encodes them for comparison.
func comparableFrames(t *testing.T, frames data.Frames) []string {
	t.Helper()
	var out []string
	for _, f := range frames {
		if f.Meta != nil {
			f.Meta.Custom, f.Meta.Stats, f.Meta.Notices = nil, nil, nil
		}
		b, err := json.Marshal(f)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, string(b))
	}
	slices.Sort(out)
	return out
}

// logsWindow holds the booking API's database incident (errors) and cold starts, in fewer lines than
// demo mode answers at most; logs queries and cold-start marks read it.
var logsWindow = &pluginv2.TimeRange{FromEpochMS: hourStart.Add(-11*time.Hour - 19*time.Minute).UnixMilli(),
	ToEpochMS: hourStart.Add(-11*time.Hour - 17*time.Minute).UnixMilli()}

// sameAnswers are the kinds whose frames AWS mode must answer exactly as demo mode does over the
// same estate. The others tell less in AWS mode, by design: no cold-start figure in the
// inventory, only each function's latest change as annotations, no edge from a function's code on
// the service map, and only the log lines written before the range's end (demo mode shows every
// line of the calls that started in it). For those the test asks for an answer, no more rows than
// demo mode's, and some rows where a panel would be empty otherwise.
var sameAnswers = map[string]bool{"metrics": true, "variable": true, "slo": true}

// neverEmpty are the kinds whose answer for the examples has rows in both modes.
var neverEmpty = map[string]bool{"inventory": true, "logs": true, "topology": true}

// The built binary in AWS mode, driven as Grafana drives it, reads every stand-in through its one
// custom endpoint and answers each example query as demo mode does for the same estate.
func TestAWSModeOverGRPCAnswersLikeDemoMode(t *testing.T) {
	host := startPlugin(t)
	demoEstate := estate.New(estate.Options{})
	aws := awsContext(t, startAWSStandIns(t, demoEstate), demoEstate.Regions())
	valid, _ := querytest.Examples(t)
	for _, ex := range valid {
		t.Run(ex.Name, func(t *testing.T) {
			q := &pluginv2.DataQuery{RefId: "A", TimeRange: oneHour, MaxDataPoints: 1000, IntervalMS: 60_000, Json: ex.Query}
			if kind := queryTypeOf(t, ex.Query); kind == "logs" || kind == "annotations" {
				q.TimeRange = logsWindow
			}
			got := host.queryData(t, aws, q).Responses["A"]
			want := host.queryData(t, demo, q).Responses["A"]
			if got.Error != "" || want.Error != "" {
				t.Fatalf("AWS mode error %q (status %d), demo mode error %q", got.Error, got.Status, want.Error)
			}
			gotFrames, wantFrames := decodeFrames(t, got), decodeFrames(t, want)
			if sameAnswers[queryTypeOf(t, ex.Query)] {
				if g, w := comparableFrames(t, gotFrames), comparableFrames(t, wantFrames); !slices.Equal(g, w) {
					t.Fatalf("AWS mode's frames differ from demo mode's:\naws  %.1500s\ndemo %.1500s", g, w)
				}
				return
			}
			if len(gotFrames) != len(wantFrames) {
				t.Fatalf("%d frames, demo mode %d", len(gotFrames), len(wantFrames))
			}
			for i := range gotFrames {
				g, _ := gotFrames[i].RowLen()
				w, _ := wantFrames[i].RowLen()
				if g > w || g == 0 && neverEmpty[queryTypeOf(t, ex.Query)] {
					t.Fatalf("frame %q: %d rows, demo mode %d", gotFrames[i].Name, g, w)
				}
			}
		})
	}
}
