// Package settings reads the data source's instance settings (jsonData) into a typed, validated form.
package settings

import (
	"encoding/json"
	"fmt"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/seed/serverless/pkg/slo"
)

// Mode selects where the data source reads its data from.
type Mode string

const (
	// ModeDemo answers every query from the embedded demo estate; it needs no AWS account.
	ModeDemo Mode = "demo"
	// ModeAWS answers from CloudWatch and CloudWatch Logs.
	ModeAWS Mode = "aws"
)

// Settings is the data source configuration stored by Grafana as jsonData.
type Settings struct {
	Mode Mode `json:"mode"`
	// DemoFunctions scales the demo estate up to this many functions (0 keeps the base estate).
	DemoFunctions int `json:"demoFunctions"`
	// SLOs are defined with the data source so they can be provisioned as code.
	SLOs []slo.Spec `json:"slos,omitempty"`
	// Regions lists the AWS regions AWS mode watches; empty watches the default region only.
	Regions []string `json:"regions,omitempty"`
	// AWS is the validated connection of AWS mode; it is read from jsonData and secureJsonData
	// by loadAWS, never marshalled back, so no secret can travel with the settings.
	AWS AWS `json:"-"`
}

// SLO finds an SLO by name.
func (s Settings) SLO(name string) (slo.Spec, bool) {
	for _, spec := range s.SLOs {
		if spec.Name == name {
			return spec, true
		}
	}
	return slo.Spec{}, false
}

// MaxDemoFunctions bounds the demo estate so a typo in provisioning cannot exhaust memory.
const MaxDemoFunctions = 20000

// Load parses and validates jsonData. An empty jsonData gives the demo mode.
func Load(instance backend.DataSourceInstanceSettings) (Settings, error) {
	s := Settings{Mode: ModeDemo}
	if len(instance.JSONData) > 0 {
		if err := json.Unmarshal(instance.JSONData, &s); err != nil {
			return Settings{}, fmt.Errorf("settings: jsonData is not valid JSON: %w", err)
		}
	}
	if s.Mode == "" {
		s.Mode = ModeDemo
	}
	if err := s.validate(); err != nil {
		return s, err
	}
	if s.Mode == ModeAWS {
		aws, err := loadAWS(instance, s.Regions)
		if err != nil {
			return s, err
		}
		s.AWS = aws
	}
	return s, nil
}

func (s Settings) validate() error {
	switch s.Mode {
	case ModeDemo, ModeAWS:
	default:
		return fmt.Errorf("settings: mode must be %q or %q, got %q", ModeDemo, ModeAWS, s.Mode)
	}
	if s.DemoFunctions < 0 || s.DemoFunctions > MaxDemoFunctions {
		return fmt.Errorf("settings: demoFunctions must be between 0 and %d, got %d", MaxDemoFunctions, s.DemoFunctions)
	}
	seen := map[string]bool{}
	for i, spec := range s.SLOs {
		if err := spec.Validate(); err != nil {
			return fmt.Errorf("settings: slos[%d].%w", i, err)
		}
		if seen[spec.Name] {
			return fmt.Errorf("settings: slos[%d].name: %q is defined twice", i, spec.Name)
		}
		seen[spec.Name] = true
	}
	return nil
}
