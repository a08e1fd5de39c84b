//go:build e2e

// Package protocol drives the built data source binary the way Grafana's plugin loader does
// (through e2e/pluginhost): hashicorp/go-plugin with the SDK's handshake and gRPC plugin set,
// over a real gRPC connection.
package protocol

import (
	"context"
	"io"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/grafana/grafana-plugin-sdk-go/genproto/pluginv2"

	"github.com/seed/serverless/e2e/pluginhost"
)

const pluginID = pluginhost.PluginID

// pluginHost is the test's stand-in for Grafana: it owns the plugin process and its gRPC clients.
type pluginHost struct {
	*pluginhost.Host
}

func startPlugin(t testing.TB) *pluginHost {
	t.Helper()
	host, err := pluginhost.Start(pluginhost.BinaryPath())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(host.Kill)
	return &pluginHost{host}
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
	res, err := h.Data.QueryData(context.Background(), &pluginv2.QueryDataRequest{PluginContext: pc, Queries: queries})
	if err != nil {
		t.Fatalf("QueryData transport error: %v", err)
	}
	return res
}

// callResource sends a GET and gathers the streamed reply.
func (h *pluginHost) callResource(t testing.TB, pc *pluginv2.PluginContext, path string) (int32, []byte) {
	t.Helper()
	stream, err := h.Resource.CallResource(context.Background(), &pluginv2.CallResourceRequest{
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
