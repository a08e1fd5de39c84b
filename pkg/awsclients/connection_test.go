package awsclients

import (
	"context"
	"encoding/json"
	"encoding/pem"
	"maps"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/grafana/grafana-aws-sdk/pkg/awsds"
	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/proxy"

	"github.com/seed/serverless/pkg/awsclients/awstest"
	"github.com/seed/serverless/pkg/awsclients/proxytest"
	"github.com/seed/serverless/pkg/settings"
)

func TestMain(m *testing.M) { awstest.Main(m) }

// stsStandIn answers GetCallerIdentity and counts the calls that reached it.
type stsStandIn struct {
	*httptest.Server
	calls atomic.Int32
}

func newSTS(t *testing.T, tls bool) *stsStandIn {
	s := &stsStandIn{}
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.calls.Add(1)
		if err := r.ParseForm(); err != nil || r.Form.Get("Action") != "GetCallerIdentity" {
			http.Error(w, "only GetCallerIdentity", http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "text/xml")
		_, _ = w.Write([]byte(`<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>` +
			`<Arn>arn:aws:iam::123456789012:user/grafana</Arn><UserId>AIDAPROXYTEST</UserId><Account>123456789012</Account>` +
			`</GetCallerIdentityResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></GetCallerIdentityResponse>`))
	})
	if tls {
		s.Server = httptest.NewTLSServer(handler)
	} else {
		s.Server = httptest.NewServer(handler)
	}
	t.Cleanup(s.Close)
	return s
}

// instance is an AWS mode data source with access keys, pointed at endpoint, with more jsonData
// and secureJsonData as the config editor would store them.
func instance(t *testing.T, endpoint string, jsonData map[string]any, secure map[string]string) (backend.DataSourceInstanceSettings, settings.AWS) {
	t.Helper()
	data := map[string]any{"mode": "aws", "authType": "keys", "defaultRegion": "us-east-1", "endpoint": endpoint}
	maps.Copy(data, jsonData)
	raw, err := json.Marshal(data)
	if err != nil {
		t.Fatal(err)
	}
	decrypted := map[string]string{"accessKey": "AKIAPROXYTEST0000001", "secretKey": "proxy/test/secret"}
	maps.Copy(decrypted, secure)
	inst := backend.DataSourceInstanceSettings{UID: "proxied", Name: "Serverless", JSONData: raw, DecryptedSecureJSONData: decrypted}
	s, err := settings.Load(inst)
	if err != nil {
		t.Fatal(err)
	}
	return inst, s.AWS
}

// withGrafana is a call's context as the plugin SDK hands it over: with Grafana's configuration
// for the plugin.
func withGrafana(cfg map[string]string) context.Context {
	ctx := context.Background()
	if cfg != nil {
		ctx = backend.WithGrafanaConfig(ctx, backend.NewGrafanaCfg(cfg))
	}
	return ctx
}

// callerIdentity builds the connection the way the data source does, from the instance's HTTP
// client options, and asks STS who is calling.
func callerIdentity(t *testing.T, ctx context.Context, inst backend.DataSourceInstanceSettings, a settings.AWS) (*sts.GetCallerIdentityOutput, error) {
	t.Helper()
	httpOpts, err := inst.HTTPClientOptions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	conn := NewConnection(a, Options{MaxAttempts: 1, HTTP: httpOpts})
	cfg, err := conn.Config(ctx, "us-east-1")
	if err != nil {
		t.Fatal(err)
	}
	return sts.NewFromConfig(cfg, func(o *sts.Options) { o.Retryer = conn.Retryer() }).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
}

// The HTTP proxy that @grafana/aws-sdk's config editor sets on a data source (proxyType "url") is
// used once Grafana allows per data source proxies for AWS data sources, which it tells plugins
// in their configuration; plain-HTTP calls are forwarded and HTTPS ones tunnelled with CONNECT.
func TestAWSCallsGoThroughTheDataSourcesHTTPProxy(t *testing.T) {
	allowed := map[string]string{awsds.PerDatasourceHTTPProxyEnabledEnvVarKeyName: "true"}
	tests := []struct {
		name    string
		grafana map[string]string
		tls     bool
		through bool
	}{
		{name: "Grafana allows it: a plain-HTTP endpoint is forwarded", grafana: allowed, through: true},
		{name: "Grafana allows it: an HTTPS endpoint is tunnelled", grafana: allowed, tls: true, through: true},
		{name: "Grafana does not allow it", grafana: nil, through: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			standIn, httpProxy := newSTS(t, tt.tls), proxytest.New(t)
			jsonData := map[string]any{"proxyType": "url", "proxyUrl": httpProxy.URL, "proxyUsername": "grafana"}
			secure := map[string]string{"proxyPassword": "proxy-secret"}
			if tt.tls {
				// The stand-in's certificate, trusted the way a data source trusts a private CA.
				jsonData["tlsAuthWithCACert"] = true
				secure["tlsCACert"] = string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: standIn.Certificate().Raw}))
			}
			inst, a := instance(t, standIn.URL, jsonData, secure)
			who, err := callerIdentity(t, withGrafana(tt.grafana), inst, a)
			if err != nil || awsString(who) != "123456789012" || standIn.calls.Load() != 1 {
				t.Fatalf("GetCallerIdentity: %v, account %q, %d calls reached AWS", err, awsString(who), standIn.calls.Load())
			}
			host := strings.TrimPrefix(standIn.URL, "https://")
			switch {
			case !tt.through && httpProxy.Total() != 0:
				t.Errorf("the proxy served %d requests: services %v, tunnels %v", httpProxy.Total(), httpProxy.Services(), httpProxy.Tunnels())
			case tt.through && !tt.tls && httpProxy.Services()["sts"] != 1:
				t.Errorf("forwarded by service: %v, want one sts call", httpProxy.Services())
			case tt.through && tt.tls && httpProxy.Tunnels()[host] != 1:
				t.Errorf("tunnels: %v, want one to %s", httpProxy.Tunnels(), host)
			case tt.through && !httpProxy.SawUser("grafana"):
				t.Error("the data source's proxy user name did not reach the proxy")
			}
		})
	}
}

// With Private Data source Connect, Grafana gives the plugin the address of its secure socks
// proxy and the data source opts in (enableSecureSocksProxy); the plugin SDK then dials every
// connection through that proxy. The stand-in proxy here only checks that a SOCKS5 greeting
// arrives, so the call itself fails; TLS to the proxy is left out (allow_insecure).
func TestAWSCallsGoThroughPrivateDataSourceConnect(t *testing.T) {
	tests := []struct {
		name    string
		grafana bool
		through bool
	}{
		{name: "Grafana and the data source enable it", grafana: true, through: true},
		{name: "only the data source enables it", grafana: false, through: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			standIn := newSTS(t, false)
			pdc := newSocksGreetings(t)
			cfg := map[string]string{}
			if tt.grafana {
				cfg = map[string]string{
					proxy.PluginSecureSocksProxyEnabled:       "true",
					proxy.PluginSecureSocksProxyProxyAddress:  pdc.addr,
					proxy.PluginSecureSocksProxyAllowInsecure: "true",
				}
			}
			inst, a := instance(t, standIn.URL, map[string]any{"enableSecureSocksProxy": true}, nil)
			who, err := callerIdentity(t, withGrafana(cfg), inst, a)
			if tt.through {
				if err == nil || standIn.calls.Load() != 0 || pdc.greetings.Load() != 1 {
					t.Fatalf("error %v, %d calls reached AWS directly, %d SOCKS5 greetings reached the proxy; want an error, none, one", err, standIn.calls.Load(), pdc.greetings.Load())
				}
				return
			}
			if err != nil || awsString(who) != "123456789012" || pdc.greetings.Load() != 0 {
				t.Fatalf("error %v, account %q, %d SOCKS5 greetings reached the proxy", err, awsString(who), pdc.greetings.Load())
			}
		})
	}
}

// socksGreetings listens where Grafana's secure socks proxy would and counts the connections that
// open with a SOCKS5 greeting (version byte 5); it answers none of them.
type socksGreetings struct {
	addr      string
	greetings atomic.Int32
}

func newSocksGreetings(t *testing.T) *socksGreetings {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = l.Close() })
	s := &socksGreetings{addr: l.Addr().String()}
	go func() {
		for {
			conn, err := l.Accept()
			if err != nil {
				return
			}
			first := make([]byte, 1)
			_ = conn.SetReadDeadline(time.Now().Add(5 * time.Second))
			if _, err := conn.Read(first); err == nil && first[0] == 5 {
				s.greetings.Add(1)
			}
			_ = conn.Close()
		}
	}()
	return s
}

func awsString(who *sts.GetCallerIdentityOutput) string {
	if who == nil {
		return ""
	}
	return aws.ToString(who.Account)
}

// grafana-aws-sdk hands the AWS SDK a plain *http.Client, to which the SDK cannot add a CA bundle;
// the error says what to do instead.
func TestACABundleInGrafanasEnvironmentIsNamed(t *testing.T) {
	bundle := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(bundle, []byte("-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("AWS_CA_BUNDLE", bundle)
	_, a := instance(t, "http://127.0.0.1:1", nil, nil)
	_, err := NewConnection(a, Options{}).Config(context.Background(), "us-east-1")
	if err == nil || !strings.Contains(err.Error(), "AWS_CA_BUNDLE is set in Grafana's environment") || !strings.Contains(err.Error(), "SSL_CERT_FILE") {
		t.Fatalf("error %v", err)
	}
}

// Every client of a region is built from one configuration: the data source's endpoint and the
// plugin SDK's HTTP client.
func TestARegionsConfigurationIsBuiltOnce(t *testing.T) {
	_, a := instance(t, "http://127.0.0.1:1", nil, nil)
	conn := NewConnection(a, Options{})
	first, err := conn.Config(context.Background(), "eu-west-1")
	if err != nil {
		t.Fatal(err)
	}
	again, _ := conn.Config(context.Background(), "eu-west-1")
	if first.Region != "eu-west-1" || first.HTTPClient != again.HTTPClient {
		t.Fatalf("eu-west-1 built twice or wrong: region %q, HTTP clients %p and %p", first.Region, first.HTTPClient, again.HTTPClient)
	}
	if aws.ToString(first.BaseEndpoint) != "http://127.0.0.1:1" {
		t.Errorf("endpoint %q", aws.ToString(first.BaseEndpoint))
	}
	if _, ok := first.HTTPClient.(*http.Client); !ok {
		t.Errorf("HTTP client %T, want the plugin SDK's *http.Client", first.HTTPClient)
	}
}
