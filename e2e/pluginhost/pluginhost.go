//go:build e2e

// Package pluginhost starts the built data source binary the way Grafana's plugin loader does:
// hashicorp/go-plugin with the SDK's handshake and gRPC plugin set, over a real gRPC connection.
// The protocol tests and the browser tests' stand-in for Grafana (e2e/uihost) share it, so both
// talk to the plugin exactly as Grafana would.
package pluginhost

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"

	"github.com/grafana/grafana-plugin-sdk-go/backend/grpcplugin"
	"github.com/hashicorp/go-hclog"
	goplugin "github.com/hashicorp/go-plugin"
)

// PluginID is the data source's id, as Grafana names it in every PluginContext.
const PluginID = "seed-serverless-datasource"

// Host owns one plugin process and the gRPC clients Grafana would dispense from it.
type Host struct {
	client      *goplugin.Client
	Data        grpcplugin.DataClient
	Diagnostics grpcplugin.DiagnosticsClient
	Resource    grpcplugin.ResourceClient
}

// BinaryPath is PLUGIN_BINARY when set, else the binary `mage build:<os>` writes for this machine,
// found under the repository root above the working directory. The file may not exist yet.
func BinaryPath() string {
	if p := os.Getenv("PLUGIN_BINARY"); p != "" {
		return p
	}
	name := fmt.Sprintf("gpx_serverless_%s_%s", runtime.GOOS, runtime.GOARCH)
	if runtime.GOOS == "windows" {
		name += ".exe"
	}
	return filepath.Join(repoRoot(), "dist", "datasource", name)
}

// repoRoot is the nearest directory at or above the working directory holding go.mod, or the
// working directory itself when there is none.
func repoRoot() string {
	wd, err := os.Getwd()
	if err != nil {
		return "."
	}
	for dir := wd; ; dir = filepath.Dir(dir) {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		if filepath.Dir(dir) == dir {
			return wd
		}
	}
}

// Start runs the binary and dispenses its data, diagnostics and resource clients. The caller must
// Kill the host; on error nothing is left running.
func Start(binary string) (*Host, error) {
	if _, err := os.Stat(binary); err != nil {
		return nil, fmt.Errorf("plugin binary %s is missing: build it first (mage -v build:linux): %w", binary, err)
	}
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
		Cmd:              command(binary),
		SkipHostEnv:      true,
		AllowedProtocols: []goplugin.Protocol{goplugin.ProtocolGRPC},
		Logger:           hclog.New(&hclog.LoggerOptions{Name: PluginID, Output: io.Discard}),
	})
	host, err := dispenseAll(client)
	if err != nil {
		client.Kill()
		return nil, err
	}
	return host, nil
}

// command runs the binary in this process's environment without AWS_CA_BUNDLE, which this
// machine sets and which AWS mode refuses (it asks for SSL_CERT_FILE instead); the stand-ins the
// tests point it at are plain HTTP. The client is told not to add the host's environment back.
func command(binary string) *exec.Cmd {
	cmd := exec.Command(binary)
	cmd.Env = slices.DeleteFunc(os.Environ(), func(kv string) bool { return strings.HasPrefix(kv, "AWS_CA_BUNDLE=") })
	dieWithParent(cmd)
	return cmd
}

func dispenseAll(client *goplugin.Client) (*Host, error) {
	rpc, err := client.Client()
	if err != nil {
		return nil, fmt.Errorf("plugin did not start: %w", err)
	}
	host := &Host{client: client}
	var errs [3]error
	host.Data, errs[0] = dispense[grpcplugin.DataClient](rpc, "data")
	host.Diagnostics, errs[1] = dispense[grpcplugin.DiagnosticsClient](rpc, "diagnostics")
	host.Resource, errs[2] = dispense[grpcplugin.ResourceClient](rpc, "resource")
	if err := errors.Join(errs[:]...); err != nil {
		return nil, err
	}
	return host, nil
}

func dispense[T any](rpc goplugin.ClientProtocol, name string) (T, error) {
	var zero T
	raw, err := rpc.Dispense(name)
	if err != nil {
		return zero, fmt.Errorf("dispense %s: %w", name, err)
	}
	c, ok := raw.(T)
	if !ok {
		return zero, fmt.Errorf("dispense %s: got %T", name, raw)
	}
	return c, nil
}

// Kill ends the plugin process and waits for it; calling it again does nothing.
func (h *Host) Kill() { h.client.Kill() }

// Exited reports whether the plugin process has ended.
func (h *Host) Exited() bool { return h.client.Exited() }

// Pid is the plugin process's id.
func (h *Host) Pid() int { return h.client.ReattachConfig().Pid }
