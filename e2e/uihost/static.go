//go:build e2e

package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
)

// files serves what Grafana serves from disk: its own front end under /public/build/, its icons,
// each plugin's files under /public/plugins/<id>/, and index.html for every page route.
type files struct {
	staticDir  string
	iconsDir   string
	pluginsDir string
}

func newFiles(opts options) (files, error) {
	if opts.iconsDir != "" {
		if info, err := os.Stat(opts.iconsDir); err != nil || !info.IsDir() {
			return files{}, fmt.Errorf("-icons %s is not a directory", opts.iconsDir)
		}
	}
	return files{staticDir: opts.staticDir, iconsDir: opts.iconsDir, pluginsDir: opts.pluginsDir}, nil
}

func (f files) register(mux *http.ServeMux) {
	mux.HandleFunc("GET /public/build/{file...}", func(w http.ResponseWriter, r *http.Request) {
		serveFile(w, r, f.staticDir, r.PathValue("file"))
	})
	icons := func(w http.ResponseWriter, r *http.Request) {
		if f.iconsDir == "" {
			http.NotFound(w, r)
			return
		}
		serveFile(w, r, f.iconsDir, r.PathValue("file"))
	}
	mux.HandleFunc("GET /public/img/icons/{file...}", icons)
	mux.HandleFunc("GET /public/build/img/icons/{file...}", icons)
	mux.HandleFunc("GET /public/plugins/{id}/{file...}", func(w http.ResponseWriter, r *http.Request) {
		dir, ok := f.pluginDir(r.PathValue("id"))
		if !ok {
			http.NotFound(w, r)
			return
		}
		serveFile(w, r, dir, r.PathValue("file"))
	})
	// Nothing else under /public/ exists here; a missing asset must fail, never load the page.
	mux.HandleFunc("/public/", http.NotFound)
	// Any method here, not "GET /", which would conflict with the any-method "/api/" route.
	mux.HandleFunc("/", f.index)
}

// index serves the single-page app for every route the browser may open.
func (f files) index(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, http.StatusText(http.StatusMethodNotAllowed), http.StatusMethodNotAllowed)
		return
	}
	if _, err := os.Stat(filepath.Join(f.staticDir, "index.html")); err != nil {
		http.Error(w, fmt.Sprintf("%s/index.html is missing: build the front end first", f.staticDir), http.StatusInternalServerError)
		return
	}
	serveFile(w, r, f.staticDir, "index.html")
}

// pluginDir finds the plugin with this id as Grafana does: the plugins directory or one of its
// subdirectories (a nested plugin, such as the app's data source) holds a plugin.json naming it.
func (f files) pluginDir(id string) (string, bool) {
	if f.pluginsDir == "" {
		return "", false
	}
	candidates := []string{f.pluginsDir}
	if entries, err := os.ReadDir(f.pluginsDir); err == nil {
		for _, e := range entries {
			if e.IsDir() {
				candidates = append(candidates, filepath.Join(f.pluginsDir, e.Name()))
			}
		}
	}
	for _, dir := range candidates {
		raw, err := os.ReadFile(filepath.Join(dir, "plugin.json"))
		if err != nil {
			continue
		}
		var manifest struct {
			ID string `json:"id"`
		}
		if json.Unmarshal(raw, &manifest) == nil && manifest.ID == id {
			return dir, true
		}
	}
	return "", false
}

// serveFile serves dir/name, refusing directories and any name that would leave dir.
func serveFile(w http.ResponseWriter, r *http.Request, dir, name string) {
	if dir == "" || name == "" {
		http.NotFound(w, r)
		return
	}
	file, err := os.OpenInRoot(dir, name)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	defer file.Close()
	info, err := file.Stat()
	if err != nil || info.IsDir() {
		http.NotFound(w, r)
		return
	}
	http.ServeContent(w, r, info.Name(), info.ModTime(), file)
}
