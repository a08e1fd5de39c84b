package plugin

import (
	_ "embed"
	"encoding/json"
	"fmt"

	"github.com/seed/serverless/pkg/settings"
	"github.com/seed/serverless/pkg/slo"
)

// demoSLOsJSON holds the SLOs demo mode offers when the data source defines none, one per flow of
// the demo estate. The alert-rule generator (src/slo) reads the same file.
//
//go:embed demo_slos.json
var demoSLOsJSON []byte

var demoSLOs = mustLoadSLOs(demoSLOsJSON)

func mustLoadSLOs(raw []byte) []slo.Spec {
	var specs []slo.Spec
	if err := json.Unmarshal(raw, &specs); err != nil {
		panic(fmt.Sprintf("demo_slos.json: %v", err))
	}
	for i, s := range specs {
		if err := s.Validate(); err != nil {
			panic(fmt.Sprintf("demo_slos.json[%d].%v", i, err))
		}
	}
	return specs
}

// slos are the SLOs queries can name: the data source's own, or the demo ones.
func (d *Datasource) slos() []slo.Spec {
	if len(d.settings.SLOs) > 0 || d.settings.Mode != settings.ModeDemo {
		return d.settings.SLOs
	}
	return demoSLOs
}
