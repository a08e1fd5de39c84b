//go:build e2e

// Package protocol drives the built data source binary the way Grafana's plugin loader does:
// hashicorp/go-plugin with the SDK's handshake and gRPC plugin set, over a real gRPC connection.
package protocol

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/backend/grpcplugin"
	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/grafana/grafana-plugin-sdk-go/genproto/pluginv2"
	"github.com/hashicorp/go-hclog"
	goplugin "github.com/hashicorp/go-plugin"
)

const pluginID = "seed-serverless-datasource"

// pluginHost is the test's stand-in for Grafana: it owns the plugin process and its gRPC clients.
type pluginHost struct {
	client      *goplugin.Client
	data        grpcplugin.DataClient
	diagnostics grpcplugin.DiagnosticsClient
	resource    grpcplugin.ResourceClient
}

// binaryPath is the built binary for this machine, or PLUGIN_BINARY when set.
func binaryPath(t testing.TB) string {
	if p := os.Getenv("PLUGIN_BINARY"); p != "" {
		return p
	}
	name := fmt.Sprintf("gpx_serverless_%s_%s", runtime.GOOS, runtime.GOARCH)
	if runtime.GOOS == "windows" {
		name += ".exe"
	}
	p, err := filepath.Abs(filepath.Join("..", "..", "dist", "datasource", name))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(p); err != nil {
		t.Fatalf("plugin binary %s is missing: build it first (mage -v build:linux): %v", p, err)
	}
	return p
}

// pluginCommand runs the binary in the test's environment without AWS_CA_BUNDLE, which this
// machine sets and which AWS mode refuses (it asks for SSL_CERT_FILE instead); the stand-ins it
// talks to are plain HTTP. The client is told not to add the host's environment back.
func pluginCommand(t testing.TB) *exec.Cmd {
	cmd := exec.Command(binaryPath(t))
	cmd.Env = slices.DeleteFunc(os.Environ(), func(kv string) bool { return strings.HasPrefix(kv, "AWS_CA_BUNDLE=") })
	return cmd
}

func startPlugin(t testing.TB) *pluginHost {
	t.Helper()
	client := goplugin.NewClient(&goplugin.ClientConfig{
		HandshakeConfig: goplugin.HandshakeConfig{
			ProtocolVersion:  grpcplugin.ProtocolVersion,
			MagicCookieKey:   grpcplugin.MagicCookieKey,
			MagicCookieValue: grpcplugin.MagicCookieValue,
		},
		VersionedPlugins: map[int]goplugin.PluginSet{
			grpcplugin.ProtocolVersion: {
				"diagnostics": &grpcplugin.DiagnosticsGRPCPlugin{},
				"resource":    &grpcplugin.ResourceGRPCPlugin{},
				"data":        &grpcplugin.DataGRPCPlugin{},
			},
		},
		Cmd:              pluginCommand(t),
		SkipHostEnv:      true,
		AllowedProtocols: []goplugin.Protocol{goplugin.ProtocolGRPC},
		Logger:           hclog.New(&hclog.LoggerOptions{Name: pluginID, Output: io.Discard}),
	})
	t.Cleanup(client.Kill)

	rpc, err := client.Client()
	if err != nil {
		t.Fatalf("plugin did not start: %v", err)
	}
	host := &pluginHost{client: client}
	host.data = dispense[grpcplugin.DataClient](t, rpc, "data")
	host.diagnostics = dispense[grpcplugin.DiagnosticsClient](t, rpc, "diagnostics")
	host.resource = dispense[grpcplugin.ResourceClient](t, rpc, "resource")
	return host
}

func dispense[T any](t testing.TB, rpc goplugin.ClientProtocol, name string) T {
	raw, err := rpc.Dispense(name)
	if err != nil {
		t.Fatalf("dispense %s: %v", name, err)
	}
	c, ok := raw.(T)
	if !ok {
		t.Fatalf("dispense %s: got %T", name, raw)
	}
	return c
}

// pluginContext is what Grafana sends for a data source instance with the given jsonData.
func pluginContext(uid, jsonData string) *pluginv2.PluginContext {
	return &pluginv2.PluginContext{
		OrgId:    1,
		PluginId: pluginID,
		DataSourceInstanceSettings: &pluginv2.DataSourceInstanceSettings{
			Id:       1,
			Uid:      uid,
			Name:     "Serverless " + uid,
			JsonData: []byte(jsonData),
		},
	}
}

func (h *pluginHost) queryData(t testing.TB, pc *pluginv2.PluginContext, queries ...*pluginv2.DataQuery) *pluginv2.QueryDataResponse {
	t.Helper()
	res, err := h.data.QueryData(context.Background(), &pluginv2.QueryDataRequest{PluginContext: pc, Queries: queries})
	if err != nil {
		t.Fatalf("QueryData transport error: %v", err)
	}
	return res
}

// callResource sends a GET and gathers the streamed reply.
func (h *pluginHost) callResource(t testing.TB, pc *pluginv2.PluginContext, path string) (int32, []byte) {
	t.Helper()
	stream, err := h.resource.CallResource(context.Background(), &pluginv2.CallResourceRequest{
		PluginContext: pc, Path: path, Method: "GET", Url: "/api/datasources/uid/" + pc.DataSourceInstanceSettings.Uid + "/resources/" + path,
	})
	if err != nil {
		t.Fatalf("CallResource %s: %v", path, err)
	}
	var code int32
	var body []byte
	for {
		chunk, err := stream.Recv()
		if err == io.EOF {
			return code, body
		}
		if err != nil {
			t.Fatalf("CallResource %s: receiving: %v", path, err)
		}
		if chunk.Code != 0 {
			code = chunk.Code
		}
		body = append(body, chunk.Body...)
	}
}

func decodeFrames(t testing.TB, res *pluginv2.DataResponse) data.Frames {
	t.Helper()
	frames, err := data.UnmarshalArrowFrames(res.Frames)
	if err != nil {
		t.Fatalf("frames do not decode: %v", err)
	}
	return frames
}
