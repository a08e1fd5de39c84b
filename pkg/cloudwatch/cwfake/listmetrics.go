package cwfake

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/seed/serverless/pkg/model"
)

// listMetricsPage is how many metrics one ListMetrics response holds, as in CloudWatch.
const listMetricsPage = 500

type listedMetric struct {
	namespace, name string
	dimensions      [][2]string
}

// listMetrics lists the metrics the estate publishes in the region. Like CloudWatch, Lambda also
// publishes each function's metrics per alias or version (FunctionName and Resource) and
// account-wide (no dimension), so callers must pick the series they mean.
func (f *Fake) listMetrics(region string, body map[string]any) (map[string]any, *apiError) {
	if e := checkMembers("", body, "Namespace", "MetricName", "Dimensions", "NextToken", "RecentlyActive", "IncludeLinkedAccounts", "OwningAccount"); e != nil {
		return nil, e
	}
	namespace, e := str("", body, "Namespace", false)
	if e != nil {
		return nil, e
	}
	metricName, e := str("", body, "MetricName", false)
	if e != nil {
		return nil, e
	}
	if ra, e := str("", body, "RecentlyActive", false); e != nil {
		return nil, e
	} else if ra != "" && ra != "PT3H" {
		return nil, validationError("RecentlyActive must be PT3H, got %q", ra)
	}
	rawFilters, e := list("", body, "Dimensions")
	if e != nil {
		return nil, e
	}
	if len(rawFilters) > 10 {
		return nil, validationError("Dimensions holds %d filters; at most 10 are allowed", len(rawFilters))
	}
	type filter struct {
		name, value string
		hasValue    bool
	}
	var filters []filter
	for i, rf := range rawFilters {
		name, value, hasValue, e := dimension("", i+1, rf, false)
		if e != nil {
			return nil, e
		}
		filters = append(filters, filter{name, value, hasValue})
	}

	var all []listedMetric
	lambdaSeen := map[string]bool{}
	for _, kind := range model.Kinds {
		for _, r := range f.opts.Estate.Resources(kind) {
			if !f.opts.AnyRegion && r.Region != region {
				continue
			}
			for _, m := range model.Metrics(kind) {
				all = append(all, listedMetric{m.Namespace, m.Name, [][2]string{{m.Dimension, f.opts.DimensionValue(r)}}})
				if kind == model.KindLambda {
					all = append(all, listedMetric{m.Namespace, m.Name, [][2]string{{m.Dimension, r.Name}, {"Resource", r.Name}}})
					if !lambdaSeen[m.Name] {
						lambdaSeen[m.Name] = true
						all = append(all, listedMetric{m.Namespace, m.Name, nil})
					}
				}
			}
		}
	}
	matching := slices.DeleteFunc(all, func(m listedMetric) bool {
		if (namespace != "" && m.namespace != namespace) || (metricName != "" && m.name != metricName) {
			return true
		}
		for _, fl := range filters {
			i := slices.IndexFunc(m.dimensions, func(d [2]string) bool { return d[0] == fl.name })
			if i < 0 || (fl.hasValue && m.dimensions[i][1] != fl.value) {
				return true
			}
		}
		return false
	})
	slices.SortFunc(matching, func(a, b listedMetric) int {
		return cmp.Or(strings.Compare(a.namespace, b.namespace), strings.Compare(a.name, b.name),
			cmp.Compare(fmt.Sprint(a.dimensions), fmt.Sprint(b.dimensions)))
	})

	offset := 0
	dig := digest(body)
	if token, e := str("", body, "NextToken", false); e != nil {
		return nil, e
	} else if token != "" {
		var ok bool
		if offset, ok = readToken("lm", dig, token); !ok || offset > len(matching) {
			return nil, errNextToken
		}
	}
	end := min(offset+listMetricsPage, len(matching))
	metrics := make([]any, 0, end-offset)
	for _, m := range matching[offset:end] {
		dims := make([]any, len(m.dimensions))
		for i, d := range m.dimensions {
			dims[i] = map[string]any{"Name": d[0], "Value": d[1]}
		}
		metrics = append(metrics, map[string]any{"Namespace": m.namespace, "MetricName": m.name, "Dimensions": dims})
	}
	out := map[string]any{"Metrics": metrics}
	if end < len(matching) {
		out["NextToken"] = makeToken("lm", dig, end)
	}
	return out, nil
}
