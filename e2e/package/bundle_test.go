//go:build e2e

package package_test

import (
	"regexp"
	"strings"
	"testing"
)

// Grafana 13 runs React 19, which removed these APIs; a bundle that calls them breaks there.
var removedInReact19 = regexp.MustCompile(`\bfindDOMNode\b|\bunmountComponentAtNode\b|react-dom/test-utils|\bReactDOM\.render\(|\bcreateFactory\(`)

func TestBundleAvoidsAPIsRemovedInReact19(t *testing.T) {
	a := openArchive(t)
	checked := 0
	for name := range a.files {
		if !strings.HasSuffix(name, ".js") {
			continue
		}
		checked++
		if loc := removedInReact19.FindIndex(a.read(t, name)); loc != nil {
			t.Errorf("%s uses an API React 19 removed (at byte %d)", name, loc[0])
		}
	}
	if checked == 0 {
		t.Fatal("no JavaScript in the archive")
	}
}

// Grafana provides React and its own packages at run time; bundling a second copy breaks hooks and context.
func TestBundleKeepsGrafanaProvidedPackagesExternal(t *testing.T) {
	module := string(openArchive(t).read(t, appID+"/module.js"))
	for _, external := range []string{`"react"`, `"@grafana/data"`, `"@grafana/ui"`, `"@grafana/runtime"`} {
		if !strings.Contains(module, external) {
			t.Errorf("module.js does not load %s from Grafana", external)
		}
	}
}
