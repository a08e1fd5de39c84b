// Package proxytest runs an HTTP forward proxy on 127.0.0.1 for tests of how the data source
// reaches AWS, and counts what passes through it. It is a few lines on the standard library
// rather than a proxy library: the point is to see, apart from the client under test, which calls
// came through.
package proxytest

import (
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"strings"
	"sync"
	"testing"
	"time"
)

// Proxy forwards plain-HTTP requests sent to it in proxy form and tunnels CONNECT requests.
type Proxy struct {
	// URL is the proxy's address, for a data source's proxyUrl.
	URL string

	mu       sync.Mutex
	services map[string]int
	tunnels  map[string]int
	users    map[string]bool
}

// New starts a proxy that stops when the test ends.
func New(t testing.TB) *Proxy {
	t.Helper()
	p := &Proxy{services: map[string]int{}, tunnels: map[string]int{}, users: map[string]bool{}}
	// A transport of its own, which never proxies: the proxy must not send its calls to itself.
	forward := &httputil.ReverseProxy{Rewrite: func(*httputil.ProxyRequest) {}, Transport: &http.Transport{}}
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p.seeUser(r)
		switch {
		case r.Method == http.MethodConnect:
			p.tunnel(t, w, r)
		case r.URL.IsAbs():
			p.count(p.services, SigningService(r))
			forward.ServeHTTP(w, r)
		default:
			http.Error(w, "a proxy serves requests for other hosts only", http.StatusBadRequest)
		}
	}))
	t.Cleanup(server.Close)
	p.URL = server.URL
	return p
}

// Services are the plain-HTTP requests forwarded, by the service their AWS signature names
// ("monitoring", "logs", "lambda", "sts"...); "" counts unsigned ones.
func (p *Proxy) Services() map[string]int { return p.copy(p.services) }

// Tunnels are the CONNECT tunnels opened, by host:port.
func (p *Proxy) Tunnels() map[string]int { return p.copy(p.tunnels) }

// Total is every request the proxy served.
func (p *Proxy) Total() int {
	n := 0
	for _, counts := range []map[string]int{p.Services(), p.Tunnels()} {
		for _, c := range counts {
			n += c
		}
	}
	return n
}

// SawUser says whether some request authenticated to the proxy as user.
func (p *Proxy) SawUser(user string) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.users[user]
}

// SigningService is the service named in the credential scope of a request's AWS signature
// (Credential=AKID/date/region/service/aws4_request); "" when it is not signed.
func SigningService(r *http.Request) string {
	_, credential, ok := strings.Cut(r.Header.Get("Authorization"), "Credential=")
	if !ok {
		return ""
	}
	credential, _, _ = strings.Cut(credential, ",")
	if scope := strings.Split(credential, "/"); len(scope) == 5 {
		return scope[3]
	}
	return ""
}

func (p *Proxy) seeUser(r *http.Request) {
	auth := r.Header.Get("Proxy-Authorization")
	if auth == "" {
		return
	}
	probe := &http.Request{Header: http.Header{"Authorization": {auth}}}
	if user, _, ok := probe.BasicAuth(); ok {
		p.mu.Lock()
		p.users[user] = true
		p.mu.Unlock()
	}
}

func (p *Proxy) count(counts map[string]int, key string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	counts[key]++
}

func (p *Proxy) copy(counts map[string]int) map[string]int {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := make(map[string]int, len(counts))
	for k, v := range counts {
		out[k] = v
	}
	return out
}

// tunnel joins the client to the host it asked for, byte for byte, until either side closes.
func (p *Proxy) tunnel(t testing.TB, w http.ResponseWriter, r *http.Request) {
	p.count(p.tunnels, r.Host)
	upstream, err := net.DialTimeout("tcp", r.Host, 5*time.Second)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	client, buffered, err := http.NewResponseController(w).Hijack()
	if err != nil {
		t.Errorf("proxytest: hijacking a CONNECT: %v", err)
		_ = upstream.Close()
		return
	}
	if _, err := client.Write([]byte("HTTP/1.1 200 Connection established\r\n\r\n")); err != nil {
		_ = client.Close()
		_ = upstream.Close()
		return
	}
	pipe := func(to io.Writer, from io.Reader) {
		_, _ = io.Copy(to, from)
		_ = upstream.Close()
		_ = client.Close()
	}
	go pipe(upstream, buffered)
	go pipe(client, upstream)
}
