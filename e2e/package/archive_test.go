//go:build e2e

// Package package checks the zip that scripts/package.sh builds, the way Grafana's plugin validator
// (plugincheck2) does, for the analyzers that need nothing but the archive.
package package_test

import (
	"archive/zip"
	"encoding/json"
	"io"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

const appID = "seed-serverless-app"

// platformArchive matches Grafana's name for an archive built for one platform,
// <id>-<version>.<os>_<arch>.zip (scripts/package.sh --host); any other archive is for every platform.
var platformArchive = regexp.MustCompile(`\.(linux|darwin|windows)_(amd64|arm64|arm)\.zip$`)

// archive is the packaged plugin, read once into memory: it is a few tens of megabytes.
type archive struct {
	files map[string]*zip.File
	root  string
	// os and arch name the one platform a platform-specific archive is for; empty for every platform.
	os, arch string
}

func openArchive(t *testing.T) *archive {
	t.Helper()
	zipPath := os.Getenv("PLUGIN_ZIP")
	if zipPath == "" {
		matches, _ := filepath.Glob(filepath.Join("..", "..", "build", appID+"-*.zip"))
		if len(matches) != 1 {
			t.Fatalf("want exactly one build/%s-*.zip (run scripts/package.sh, or name one in PLUGIN_ZIP), found %v", appID, matches)
		}
		zipPath = matches[0]
	}
	r, err := zip.OpenReader(zipPath)
	if err != nil {
		t.Fatalf("open %s: %v", zipPath, err)
	}
	t.Cleanup(func() { _ = r.Close() })
	a := &archive{files: map[string]*zip.File{}}
	if m := platformArchive.FindStringSubmatch(filepath.Base(zipPath)); m != nil {
		a.os, a.arch = m[1], m[2]
	}
	for _, f := range r.File {
		a.files[f.Name] = f
	}
	return a
}

func (a *archive) has(name string) bool {
	_, ok := a.files[name]
	return ok
}

func (a *archive) read(t *testing.T, name string) []byte {
	t.Helper()
	f, ok := a.files[name]
	if !ok {
		t.Fatalf("%s is missing from the archive", name)
	}
	rc, err := f.Open()
	if err != nil {
		t.Fatalf("open %s: %v", name, err)
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		t.Fatalf("read %s: %v", name, err)
	}
	return b
}

// manifest is the part of plugin.json the validator's analyzers read.
type manifest struct {
	ID         string `json:"id"`
	Type       string `json:"type"`
	Name       string `json:"name"`
	Backend    bool   `json:"backend"`
	Executable string `json:"executable"`
	Info       struct {
		Version string `json:"version"`
		Updated string `json:"updated"`
		Logos   struct {
			Small string `json:"small"`
			Large string `json:"large"`
		} `json:"logos"`
		Screenshots []struct {
			Path string `json:"path"`
		} `json:"screenshots"`
		Links []struct {
			URL string `json:"url"`
		} `json:"links"`
	} `json:"info"`
	Includes []struct {
		Type string `json:"type"`
		Name string `json:"name"`
		Path string `json:"path"`
	} `json:"includes"`
	Dependencies struct {
		GrafanaDependency string `json:"grafanaDependency"`
	} `json:"dependencies"`
}

func (a *archive) manifest(t *testing.T, dir string) manifest {
	t.Helper()
	var m manifest
	if err := json.Unmarshal(a.read(t, path.Join(dir, "plugin.json")), &m); err != nil {
		t.Fatalf("%s/plugin.json is not valid JSON: %v", dir, err)
	}
	return m
}

// pluginDirs lists the app's folder and every nested plugin folder (one holding a plugin.json).
func (a *archive) pluginDirs() []string {
	var dirs []string
	for name := range a.files {
		if path.Base(name) == "plugin.json" {
			dirs = append(dirs, path.Dir(name))
		}
	}
	return dirs
}

func TestArchiveHasOneTopFolderNamedAfterThePlugin(t *testing.T) {
	a := openArchive(t)
	for name := range a.files {
		top, _, _ := strings.Cut(name, "/")
		if top != appID {
			t.Errorf("%s is outside the %s/ top folder", name, appID)
		}
	}
	for _, required := range []string{"plugin.json", "module.js", "module.js.map", "README.md", "LICENSE", "CHANGELOG.md"} {
		if !a.has(appID + "/" + required) {
			t.Errorf("%s/%s is missing", appID, required)
		}
	}
}
