//go:build e2e

// Command uihost plays Grafana's part for the app's pages in a headless browser where no Grafana
// can run: it serves the front end, answers Grafana's HTTP API for the app's data source, folders
// and alert rules, and forwards data source calls to the real built plugin binary over the plugin
// gRPC protocol, started as Grafana starts it.
//
//	go run -tags e2e ./e2e/uihost -addr 127.0.0.1:3001 -static build/uihost
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/seed/serverless/e2e/pluginhost"
)

func main() {
	os.Exit(run())
}

func run() int {
	addr := flag.String("addr", "127.0.0.1:3001", "address to listen on")
	binary := flag.String("binary", pluginhost.BinaryPath(), "the built data source plugin binary")
	opts := options{}
	flag.StringVar(&opts.staticDir, "static", "build/uihost", "directory of the built front end: index.html and what /public/build/ serves")
	flag.StringVar(&opts.iconsDir, "icons", "", "directory of Grafana's icon SVGs, served under /public/img/icons/ (optional)")
	flag.StringVar(&opts.pluginsDir, "plugins", "dist", "directory of the built app; it and its subdirectories' plugin.json files say what /public/plugins/<id>/ serves")
	flag.IntVar(&opts.demoFunctions, "demo-functions", 0, "functions in the demo estate (0: the plugin's default)")
	flag.Parse()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := serve(ctx, *addr, *binary, opts, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "uihost:", err)
		return 1
	}
	return 0
}

// serve runs until ctx ends (main ends it on SIGINT or SIGTERM), then stops the server and the
// plugin process. It writes the listening line to out once it accepts connections, and one line
// per request to logs.
func serve(ctx context.Context, addr, binary string, opts options, out, logs io.Writer) error {
	host, err := pluginhost.Start(binary)
	if err != nil {
		return err
	}
	defer host.Kill()

	handler, err := newHandler(plugin{data: host.Data, diagnostics: host.Diagnostics, resource: host.Resource}, opts, logs)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	fmt.Fprintf(out, "uihost listening on http://%s\n", ln.Addr())

	select {
	case <-ctx.Done():
	case err := <-served:
		return err
	case <-exited(ctx, host):
		return errors.New("the plugin process exited")
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		_ = srv.Close()
	}
	return nil
}

// exited closes when the plugin process ends on its own, so the server never answers without it.
func exited(ctx context.Context, host *pluginhost.Host) <-chan struct{} {
	done := make(chan struct{})
	go func() {
		tick := time.NewTicker(time.Second)
		defer tick.Stop()
		for !host.Exited() {
			select {
			case <-ctx.Done():
				return // done stays open: a signal is not the plugin's exit
			case <-tick.C:
			}
		}
		close(done)
	}()
	return done
}
