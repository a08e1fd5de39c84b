//go:build e2e

package main

import (
	"errors"
	"io"
	"net/http"
	"strings"

	"github.com/grafana/grafana-plugin-sdk-go/genproto/pluginv2"
)

// callResource forwards /api/datasources/uid/{uid}/resources/{path...} to the plugin's
// CallResource as Grafana does: the path after resources/, the URL with its query string, the
// headers without cookies, the whole body; the reply streams back with the plugin's status and
// headers, Set-Cookie excepted.
func (s *server) callResource(w http.ResponseWriter, r *http.Request) {
	pc, ok := s.pluginContextFor(w, r)
	if !ok {
		return
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		writeJSON(w, http.StatusBadRequest, message("Failed to read request body"))
		return
	}
	path := r.PathValue("path")
	url := path
	if r.URL.RawQuery != "" {
		url += "?" + r.URL.RawQuery
	}
	headers := map[string]*pluginv2.StringList{}
	for name, values := range r.Header {
		if strings.EqualFold(name, "Cookie") {
			continue
		}
		headers[name] = &pluginv2.StringList{Values: values}
	}

	stream, err := s.plugin.resource.CallResource(r.Context(), &pluginv2.CallResourceRequest{
		PluginContext: pc, Path: path, Method: r.Method, Url: url, Headers: headers, Body: body,
	})
	if err != nil {
		writeJSON(w, http.StatusInternalServerError, message("Failed to call resource"))
		return
	}
	started := false
	for {
		chunk, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			if !started {
				writeJSON(w, http.StatusInternalServerError, message("Received empty resource response"))
			}
			return
		}
		if err != nil {
			if !started && r.Context().Err() == nil {
				writeJSON(w, http.StatusInternalServerError, message("Failed to call resource"))
			}
			return
		}
		if !started {
			writeResourceHead(w, chunk)
			started = true
		}
		if len(chunk.Body) > 0 {
			if _, err := w.Write(chunk.Body); err != nil {
				return
			}
		}
		_ = http.NewResponseController(w).Flush()
	}
}

// writeResourceHead sends the first chunk's headers and status; a backend plugin may not set
// cookies in Grafana.
func writeResourceHead(w http.ResponseWriter, first *pluginv2.CallResourceResponse) {
	for name, values := range first.Headers {
		if strings.EqualFold(name, "Set-Cookie") {
			continue
		}
		for _, v := range values.Values {
			w.Header().Add(name, v)
		}
	}
	status := int(first.Code)
	if status == 0 {
		status = http.StatusOK
	}
	w.WriteHeader(status)
}
