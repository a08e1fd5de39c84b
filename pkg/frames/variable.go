package frames

import (
	"slices"

	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// Variable has the text and value fields Grafana reads variable options from.
func Variable(values []string) *data.Frame {
	return data.NewFrame("variable", data.NewField("text", nil, values), data.NewField("value", nil, slices.Clone(values)))
}
