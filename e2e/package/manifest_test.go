//go:build e2e

package package_test

import (
	"path"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

var (
	// The validator's id rule: <org>-<name>-<type>, lower case, type suffix matching the type.
	pluginIDPattern = regexp.MustCompile(`^[0-9a-z]+-([0-9a-z]+-)*(app|panel|datasource|secretsmanager)$`)
	semverPattern   = regexp.MustCompile(`^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$`)
	rangePattern    = regexp.MustCompile(`^(>=|>|<=|<|~|\^)?\d+\.\d+\.\d+(-\w+)?(\s*(<|<=)\s*\d+\.\d+\.\d+)?$`)
)

func TestEveryPluginJSONIsValid(t *testing.T) {
	a := openArchive(t)
	for _, dir := range a.pluginDirs() {
		t.Run(dir, func(t *testing.T) {
			m := a.manifest(t, dir)
			if !pluginIDPattern.MatchString(m.ID) {
				t.Errorf("id %q does not follow <org>-<name>-<type>", m.ID)
			}
			if !strings.HasSuffix(m.ID, "-"+m.Type) {
				t.Errorf("id %q does not end with its type %q", m.ID, m.Type)
			}
			if m.Name == "" {
				t.Error("name is empty")
			}
			if !semverPattern.MatchString(m.Info.Version) {
				t.Errorf("info.version %q is not semantic versioning (was %%VERSION%% replaced?)", m.Info.Version)
			}
			if _, err := time.Parse("2006-01-02", m.Info.Updated); err != nil {
				t.Errorf("info.updated %q is not a date", m.Info.Updated)
			}
			if !rangePattern.MatchString(m.Dependencies.GrafanaDependency) {
				t.Errorf("dependencies.grafanaDependency %q is not a version range", m.Dependencies.GrafanaDependency)
			}
			for _, logo := range []string{m.Info.Logos.Small, m.Info.Logos.Large} {
				if logo == "" || !a.has(path.Join(dir, logo)) {
					t.Errorf("logo %q is missing next to %s/plugin.json", logo, dir)
				}
			}
			for _, s := range m.Info.Screenshots {
				if !a.has(path.Join(dir, s.Path)) {
					t.Errorf("screenshot %q is missing", s.Path)
				}
			}
			if !a.has(path.Join(dir, "module.js")) {
				t.Errorf("%s/module.js is missing", dir)
			}
		})
	}
}

func TestAppIncludesItsNestedDataSourceAndDashboards(t *testing.T) {
	a := openArchive(t)
	app := a.manifest(t, appID)
	if app.Type != "app" || app.ID != appID {
		t.Fatalf("top plugin.json is %s %q, want app %q", app.Type, app.ID, appID)
	}
	nested := map[string]manifest{}
	for _, dir := range a.pluginDirs() {
		if dir != appID {
			m := a.manifest(t, dir)
			nested[m.Name] = m
		}
	}
	var includedDataSources []string
	for _, inc := range app.Includes {
		if inc.Type == "dashboard" && !a.has(path.Join(appID, inc.Path)) {
			t.Errorf("app includes dashboard %s, which is not in the archive", inc.Path)
		}
		if inc.Type != "datasource" {
			continue
		}
		includedDataSources = append(includedDataSources, inc.Name)
		// The validator's includesnested rule matches nested plugins by this exact path.
		if inc.Path != "datasource/plugin.json" {
			t.Errorf("data source include has path %q, want datasource/plugin.json", inc.Path)
		}
		if _, ok := nested[inc.Name]; !ok {
			t.Errorf("app includes data source %q but no nested plugin.json has that name", inc.Name)
		}
	}
	for name := range nested {
		if !slices.Contains(includedDataSources, name) {
			t.Errorf("nested plugin %q is not in the app's includes", name)
		}
	}
}

func TestLogosAreSafeSVG(t *testing.T) {
	a := openArchive(t)
	unsafe := regexp.MustCompile(`(?i)<script|javascript:|\son[a-z]+\s*=|<foreignObject`)
	for name := range a.files {
		if strings.HasSuffix(name, ".svg") && unsafe.Match(a.read(t, name)) {
			t.Errorf("%s contains script or event handlers", name)
		}
	}
}

func TestReadmeIsOurs(t *testing.T) {
	readme := string(openArchive(t).read(t, appID+"/README.md"))
	for _, leftover := range []string{"%PLUGIN_ID%", "This template is a starting point", "<script"} {
		if strings.Contains(readme, leftover) {
			t.Errorf("README.md still contains %q", leftover)
		}
	}
}
