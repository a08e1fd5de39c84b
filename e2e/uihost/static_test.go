//go:build e2e

package main

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeFiles(t *testing.T, root string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		path := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestPagesAssetsAndAPIRoutes(t *testing.T) {
	static, icons, plugins := t.TempDir(), t.TempDir(), t.TempDir()
	writeFiles(t, static, map[string]string{"index.html": "<!doctype html>index", "host.js": "host()"})
	writeFiles(t, icons, map[string]string{"unicons/bolt.svg": "<svg>bolt</svg>"})
	writeFiles(t, plugins, map[string]string{
		"plugin.json": `{"id":"seed-serverless-app","type":"app"}`, "module.js": "app()",
		"datasource/plugin.json": `{"id":"seed-serverless-datasource","type":"datasource"}`, "datasource/module.js": "ds()",
	})
	srv := newTestServer(t, plugin{}, options{staticDir: static, iconsDir: icons, pluginsDir: plugins})

	checkExchanges(t, srv, []exchange{
		{"app page", "GET", "/a/seed-serverless-app/overview?x=y", "", http.StatusOK, "<!doctype html>index"},
		{"dashboard page", "GET", "/d/serverless-overview", "", http.StatusOK, "<!doctype html>index"},
		{"explore", "GET", "/explore", "", http.StatusOK, "<!doctype html>index"},
		{"root", "GET", "/", "", http.StatusOK, "<!doctype html>index"},
		{"front-end bundle", "GET", "/public/build/host.js", "", http.StatusOK, "host()"},
		{"missing bundle file", "GET", "/public/build/missing.js", "", http.StatusNotFound, "404 page not found"},
		{"icon", "GET", "/public/img/icons/unicons/bolt.svg", "", http.StatusOK, "<svg>bolt</svg>"},
		{"icon under build", "GET", "/public/build/img/icons/unicons/bolt.svg", "", http.StatusOK, "<svg>bolt</svg>"},
		{"missing icon", "GET", "/public/img/icons/unicons/nope.svg", "", http.StatusNotFound, "404 page not found"},
		{"app plugin file", "GET", "/public/plugins/seed-serverless-app/module.js", "", http.StatusOK, "app()"},
		{"nested data source file", "GET", "/public/plugins/seed-serverless-datasource/module.js", "", http.StatusOK, "ds()"},
		{"unknown plugin", "GET", "/public/plugins/other-app/module.js", "", http.StatusNotFound, "404 page not found"},
		{"other public path", "GET", "/public/fonts/inter.woff2", "", http.StatusNotFound, "404 page not found"},
		{"escape attempt", "GET", "/public/build/..%2f..%2fetc%2fpasswd", "", http.StatusNotFound, "404 page not found"},
		{"unknown API", "GET", "/api/dashboards/uid/nope", "", http.StatusNotFound, `{"message":"Not found"}`},
		{"unknown API method", "DELETE", "/api/v1/provisioning/alert-rules/x", "", http.StatusNotFound, `{"message":"Not found"}`},
		{"page by POST", "POST", "/a/seed-serverless-app/overview", "", http.StatusMethodNotAllowed, "Method Not Allowed"},
		{"health", "GET", "/api/health", "", http.StatusOK, `{"database":"ok","version":"13.1.1"}`},
		{"user", "GET", "/api/user", "", http.StatusOK, `"login":"admin"`},
	}, func(t *testing.T, ex exchange, r reply) {
		if ex.status == http.StatusNotFound && strings.Contains(r.body, "index") {
			t.Fatal("a missing asset was answered with the page")
		}
	})
}

func TestIconsAreMissingWithoutTheIconsFlag(t *testing.T) {
	srv := newTestServer(t, plugin{}, options{staticDir: t.TempDir()})
	if r := do(t, srv, "GET", "/public/img/icons/unicons/bolt.svg", ""); r.status != http.StatusNotFound {
		t.Fatalf("icon without -icons: %d", r.status)
	}
}

func TestDataSourceIsProvisionedWithTheDemoSettings(t *testing.T) {
	tests := []struct {
		name          string
		demoFunctions int
		want          string
	}{
		{"plugin's default estate", 0, `"jsonData":{"mode":"demo"}`},
		{"sized estate", 250, `"jsonData":{"demoFunctions":250,"mode":"demo"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newTestServer(t, plugin{}, options{demoFunctions: tt.demoFunctions})
			one := do(t, srv, "GET", "/api/datasources/uid/serverless-demo", "")
			list := do(t, srv, "GET", "/api/datasources", "")
			for _, r := range []reply{one, list} {
				if r.status != http.StatusOK || !strings.Contains(r.body, tt.want) ||
					!strings.Contains(r.body, `"uid":"serverless-demo","orgId":1,"name":"Serverless (demo)","type":"seed-serverless-datasource"`) ||
					!strings.Contains(r.body, `"access":"proxy"`) {
					t.Fatalf("got %d %s", r.status, r.body)
				}
			}
			if !strings.HasPrefix(list.body, "[") {
				t.Fatalf("list is not an array: %s", list.body)
			}
		})
	}
	srv := newTestServer(t, plugin{}, options{})
	if r := do(t, srv, "GET", "/api/datasources/uid/nope", ""); r.status != http.StatusNotFound || r.body != `{"message":"Data source not found"}` {
		t.Fatalf("unknown uid: %d %s", r.status, r.body)
	}
}
