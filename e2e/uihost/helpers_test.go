//go:build e2e

package main

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/seed/serverless/e2e/pluginhost"
)

// newTestServer serves the handler over HTTP; without a plugin, only routes that do not reach it work.
func newTestServer(t *testing.T, p plugin, opts options) *httptest.Server {
	t.Helper()
	h, err := newHandler(p, opts, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

// startPlugin runs the built binary, skipping the test when it has not been built.
func startPlugin(t *testing.T) plugin {
	t.Helper()
	binary := pluginhost.BinaryPath()
	if _, err := os.Stat(binary); err != nil {
		t.Skipf("plugin binary %s is missing; build it with mage -v build:linux", binary)
	}
	host, err := pluginhost.Start(binary)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(host.Kill)
	return plugin{data: host.Data, diagnostics: host.Diagnostics, resource: host.Resource}
}

type reply struct {
	status int
	header http.Header
	body   string
}

// decode reads the reply's body as JSON into v.
func (r reply) decode(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(r.body), v); err != nil {
		t.Fatalf("body is not JSON (%v): %s", err, r.body)
	}
}

func do(t *testing.T, srv *httptest.Server, method, path, body string, headers ...string) reply {
	t.Helper()
	var reader io.Reader
	if body != "" {
		reader = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(t.Context(), method, srv.URL+path, reader)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	res, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return reply{status: res.StatusCode, header: res.Header, body: string(raw)}
}

// exchange is one request to the server and what must come back: the status, and a body containing
// want.
type exchange struct {
	name, method, path, body string
	status                   int
	want                     string
}

// checkExchanges sends each exchange's request in a subtest and checks the reply's status and body;
// then each of more checks the reply further.
func checkExchanges(t *testing.T, srv *httptest.Server, exchanges []exchange, more ...func(*testing.T, exchange, reply)) {
	t.Helper()
	for _, ex := range exchanges {
		t.Run(ex.name, func(t *testing.T) {
			r := do(t, srv, ex.method, ex.path, ex.body)
			if r.status != ex.status || !strings.Contains(r.body, ex.want) {
				t.Fatalf("got %d %q, want %d containing %q", r.status, r.body, ex.status, ex.want)
			}
			for _, check := range more {
				check(t, ex, r)
			}
		})
	}
}
