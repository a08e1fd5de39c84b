//go:build e2e

package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend/grpcplugin"
)

// grafanaVersion is the Grafana release whose HTTP API this server answers like.
const grafanaVersion = "13.1.1"

// plugin is the data source process's gRPC clients, as Grafana dispenses them.
type plugin struct {
	data        grpcplugin.DataClient
	diagnostics grpcplugin.DiagnosticsClient
	resource    grpcplugin.ResourceClient
}

// options are what main reads from its flags.
type options struct {
	demoFunctions int
	staticDir     string
	iconsDir      string
	pluginsDir    string
}

type server struct {
	plugin   plugin
	ds       dataSource
	alerting *alerting
	files    files
}

// newHandler wires every route Grafana would answer for the app's pages.
func newHandler(p plugin, opts options, logTo io.Writer) (http.Handler, error) {
	fs, err := newFiles(opts)
	if err != nil {
		return nil, err
	}
	s := &server{plugin: p, ds: provisionedDataSource(opts.demoFunctions), alerting: newAlerting(), files: fs}
	mux := http.NewServeMux()
	for pattern, handler := range s.apiRoutes() {
		mux.HandleFunc(pattern, handler)
	}
	s.files.register(mux)
	return logRequests(mux, logTo), nil
}

// apiRoutes is Grafana's HTTP API as far as the app's pages use it, by ServeMux pattern; any other
// /api/ path is Grafana's 404. Grafana routes every method to a data source's resources (the plugin's
// router decides); folders and alert rules are kept in memory by alerting.
func (s *server) apiRoutes() map[string]http.HandlerFunc {
	a := s.alerting
	return map[string]http.HandlerFunc{
		"GET /api/health":                                health,
		"GET /api/user":                                  user,
		"GET /api/datasources":                           s.listDataSources,
		"GET /api/datasources/uid/{uid}":                 s.getDataSource,
		"GET /api/datasources/uid/{uid}/health":          s.checkHealth,
		"/api/datasources/uid/{uid}/resources":           s.callResource,
		"/api/datasources/uid/{uid}/resources/{path...}": s.callResource,
		"POST /api/ds/query":                             s.queryData,
		"GET /api/folders":                               a.listFolders,
		"POST /api/folders":                              a.createFolder,
		"GET /api/folders/{uid}":                         a.getFolder,
		"GET /api/v1/provisioning/alert-rules":           a.listRules,
		"POST /api/v1/provisioning/alert-rules":          a.createRule,
		"GET /api/v1/provisioning/alert-rules/{uid}":     a.getRule,
		"PUT /api/v1/provisioning/alert-rules/{uid}":     a.updateRule,
		"GET /api/prometheus/grafana/api/v1/rules":       a.ruleStatuses,
		"/api/": apiNotFound,
	}
}

// health is Grafana's GET /api/health.
func health(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"database": "ok", "version": grafanaVersion})
}

// user is Grafana's GET /api/user.
func user(w http.ResponseWriter, _ *http.Request) { writeJSON(w, http.StatusOK, signedInUser()) }

// apiNotFound is Grafana's answer to an /api/ path it has no route for.
func apiNotFound(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusNotFound, message("Not found"))
}

// signedInUser is Grafana's GET /api/user for the one user this server knows.
func signedInUser() map[string]any {
	return map[string]any{
		"id": 1, "uid": "admin", "email": "admin@localhost", "name": "admin", "login": "admin",
		"theme": "", "orgId": 1, "isGrafanaAdmin": true, "isDisabled": false, "isExternal": false,
		"isExternallySynced": false, "isGrafanaAdminExternallySynced": false, "authLabels": []string{},
		"updatedAt": time.Time{}, "createdAt": time.Time{}, "avatarUrl": "/avatar/admin", "isProvisioned": false,
	}
}

// message is the body Grafana sends with most errors.
func message(text string) map[string]string { return map[string]string{"message": text} }

func writeJSON(w http.ResponseWriter, status int, body any) {
	raw, err := json.Marshal(body)
	if err != nil {
		http.Error(w, fmt.Sprintf(`{"message":%q}`, err.Error()), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(raw)
}

// logRequests writes one line per request: method, path, status and duration.
func logRequests(next http.Handler, to io.Writer) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w}
		next.ServeHTTP(rec, r)
		if rec.status == 0 {
			rec.status = http.StatusOK
		}
		fmt.Fprintf(to, "%s %s %d %s\n", r.Method, r.URL.Path, rec.status, time.Since(start).Round(time.Millisecond))
	})
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int) {
	if s.status == 0 {
		s.status = code
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Write(b []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	return s.ResponseWriter.Write(b)
}

// Flush lets streamed resource replies reach the browser chunk by chunk.
func (s *statusRecorder) Flush() { _ = http.NewResponseController(s.ResponseWriter).Flush() }

func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }
