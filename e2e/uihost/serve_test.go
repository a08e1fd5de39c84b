//go:build e2e

package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/seed/serverless/e2e/pluginhost"
)

// Stopping the server (main does it on SIGINT or SIGTERM) stops the plugin process with it.
func TestServeAnnouncesItsAddressAndLeavesNoPluginBehind(t *testing.T) {
	binary := pluginhost.BinaryPath()
	if _, err := os.Stat(binary); err != nil {
		t.Skipf("plugin binary %s is missing; build it with mage -v build:linux", binary)
	}
	ctx, stop := context.WithCancel(t.Context())
	defer stop()
	out, announce := io.Pipe()
	served := make(chan error, 1)
	go func() {
		served <- serve(ctx, "127.0.0.1:0", binary, options{staticDir: t.TempDir()}, announce, io.Discard)
		announce.Close()
	}()

	line, err := bufio.NewReader(out).ReadString('\n')
	go func() { _, _ = io.Copy(io.Discard, out) }()
	addr := regexp.MustCompile(`^uihost listening on (http://127\.0\.0\.1:\d+)\n$`).FindStringSubmatch(line)
	if err != nil || addr == nil {
		t.Fatalf("first line %q (%v), want the listening address", line, err)
	}
	res, err := http.Get(addr[1] + "/api/datasources/uid/serverless-demo/health")
	if err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("health through the announced address: %v %v", res, err)
	}
	res.Body.Close()

	pids := childrenRunning(t, filepath.Base(binary))
	if len(pids) != 1 {
		t.Fatalf("plugin processes %v, want one", pids)
	}
	stop()
	select {
	case err := <-served:
		if err != nil {
			t.Fatalf("serve returned %v after a stop, want nil (exit 0)", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not return after a stop")
	}
	if left := childrenRunning(t, filepath.Base(binary)); len(left) != 0 {
		t.Fatalf("plugin processes %v still running after the server stopped", left)
	}
}

// childrenRunning lists this process's live (not zombie) children whose command starts with name.
func childrenRunning(t *testing.T, name string) []int {
	t.Helper()
	stats, err := filepath.Glob("/proc/[0-9]*/stat")
	if err != nil || len(stats) == 0 {
		t.Skip("no /proc here to look for the plugin process")
	}
	comm := name[:min(len(name), 15)] // the kernel keeps 15 characters of a command's name
	var pids []int
	for _, path := range stats {
		raw, err := os.ReadFile(path)
		if err != nil {
			continue
		}
		// pid (comm) state ppid ...
		s := string(raw)
		lp, rp := strings.IndexByte(s, '('), strings.LastIndexByte(s, ')')
		if lp < 0 || rp < lp {
			continue
		}
		fields := strings.Fields(s[rp+1:])
		if len(fields) < 2 || !strings.HasPrefix(s[lp+1:rp], comm) || fields[0] == "Z" {
			continue
		}
		if ppid, _ := strconv.Atoi(fields[1]); ppid == os.Getpid() {
			pid, _ := strconv.Atoi(strings.TrimSpace(s[:lp]))
			pids = append(pids, pid)
		}
	}
	return pids
}
