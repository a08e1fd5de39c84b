package plugin

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

// Every panel and annotation of the dashboards the app ships must answer in demo mode, with the
// dashboard variables set as Grafana would set them.
func TestShippedDashboardsAnswer(t *testing.T) {
	variables := strings.NewReplacer("$function", "payment-finalizer", "$region", "")
	paths, err := filepath.Glob(filepath.Join("..", "..", "src", "dashboards", "*.json"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no dashboards found: %v", err)
	}
	d := newTestDatasource(t, `{}`)
	for _, path := range paths {
		raw, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		var dashboard struct {
			Panels []struct {
				Title   string            `json:"title"`
				Targets []json.RawMessage `json:"targets"`
			} `json:"panels"`
			Annotations struct {
				List []struct {
					Target json.RawMessage `json:"target"`
				} `json:"list"`
			} `json:"annotations"`
		}
		if err := json.Unmarshal(raw, &dashboard); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		check := func(name string, target json.RawMessage) {
			t.Run(filepath.Base(path)+"/"+name, func(t *testing.T) {
				got := queryDay(d, backend.DataQuery{RefID: "A", JSON: []byte(variables.Replace(string(target)))}).Responses["A"]
				if got.Error != nil || len(got.Frames) == 0 {
					t.Fatalf("error %v, %d frames", got.Error, len(got.Frames))
				}
			})
		}
		for _, p := range dashboard.Panels {
			for _, target := range p.Targets {
				check(p.Title, target)
			}
		}
		for _, a := range dashboard.Annotations.List {
			check("annotations", a.Target)
		}
	}
}
