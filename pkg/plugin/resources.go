package plugin

import (
	"encoding/json"
	"fmt"
	"net/http"
	"unicode/utf8"

	"github.com/seed/serverless/pkg/query"
)

// info tells the front end what this back end is and what it can answer.
type info struct {
	Plugin     string       `json:"plugin"`
	Mode       string       `json:"mode"`
	QueryKinds []query.Kind `json:"queryKinds"`
}

func (d *Datasource) registerRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /info", d.handleInfo)
	mux.HandleFunc("GET /slos", d.handleSLOs)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusNotFound, map[string]string{"error": fmt.Sprintf("no resource at %s %s", prefix(r.Method), prefix(r.URL.Path))})
	})
}

// quotedPrefix is how much of a caller's text an error quotes: enough to recognise it, never an
// echo of a large input.
const quotedPrefix = 100

// prefix is s, or its first quotedPrefix bytes (cut at a rune boundary) and how long it was.
func prefix(s string) string {
	if len(s) <= quotedPrefix {
		return s
	}
	cut := quotedPrefix
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return fmt.Sprintf("%s… (%d bytes)", s[:cut], len(s))
}

func (d *Datasource) handleInfo(w http.ResponseWriter, _ *http.Request) {
	if d.settingsErr != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": d.settingsErr.Error()})
		return
	}
	writeJSON(w, http.StatusOK, info{Plugin: ID, Mode: string(d.settings.Mode), QueryKinds: query.Kinds})
}

// handleSLOs lists the SLOs this data source answers for, so the app can generate their alert rules.
func (d *Datasource) handleSLOs(w http.ResponseWriter, _ *http.Request) {
	if d.settingsErr != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": d.settingsErr.Error()})
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"slos": d.slos()})
}

func writeJSON(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}
