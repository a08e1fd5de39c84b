// Package frames holds the data-frame builders the data source's answers share, whichever mode
// or engine computed them.
package frames

import "github.com/grafana/grafana-plugin-sdk-go/data"

// WithConfig gives a table field its column title, unit and decimals.
func WithConfig(f *data.Field, display, unit string, decimals uint16) *data.Field {
	f.Config = &data.FieldConfig{DisplayName: display, Unit: unit, Decimals: &decimals}
	return f
}
