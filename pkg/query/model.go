// Package query holds the data source's query model: what the front end, dashboards and alert rules
// send, parsed and validated into typed values before anything is computed or fetched.
package query

import (
	"regexp"
	"time"
)

// Kind says what a query asks for. It travels in the query's queryType field, as Grafana expects.
type Kind string

const (
	// KindMetrics asks for time series of one metric of one or more resources.
	KindMetrics Kind = "metrics"
	// KindInventory asks for one table row per function with every health column.
	KindInventory Kind = "inventory"
	// KindLogs asks for function log lines, or for a preset such as the top errors.
	KindLogs Kind = "logs"
	// KindTopology asks for the service map as Node Graph frames.
	KindTopology Kind = "topology"
	// KindAnnotations asks for deployments and configuration changes.
	KindAnnotations Kind = "annotations"
	// KindVariable asks for the values of a template variable.
	KindVariable Kind = "variable"
	// KindSLO asks for an SLO's SLI, burn rate, budget left or time to exhaustion.
	KindSLO Kind = "slo"
)

// Kinds lists every query kind the back end answers, in the order editors offer them.
var Kinds = []Kind{KindMetrics, KindInventory, KindLogs, KindTopology, KindAnnotations, KindVariable, KindSLO}

// LogPreset is a ready-made logs query.
type LogPreset string

const (
	PresetNone       LogPreset = ""
	PresetErrors     LogPreset = "errors"
	PresetTimeouts   LogPreset = "timeouts"
	PresetColdStarts LogPreset = "coldStarts"
	PresetTopErrors  LogPreset = "topErrors"
)

// LogPresets lists the presets in the order editors offer them.
var LogPresets = []LogPreset{PresetErrors, PresetTimeouts, PresetColdStarts, PresetTopErrors}

// Variable is what a variable query lists.
type Variable string

const (
	VariableRegions       Variable = "regions"
	VariableFunctions     Variable = "functions"
	VariableAPIs          Variable = "apis"
	VariableQueues        Variable = "queues"
	VariableStateMachines Variable = "stateMachines"
	VariableRuntimes      Variable = "runtimes"
	VariableSLOs          Variable = "slos"
)

// Variables lists the variable queries in the order editors offer them.
var Variables = []Variable{VariableRegions, VariableFunctions, VariableAPIs, VariableQueues, VariableStateMachines, VariableRuntimes, VariableSLOs}

// Baseline names the past a metric is compared with.
type Baseline string

const (
	BaselineNone Baseline = ""
	// BaselineLastWeek compares with the same hours of the same weekday a week before.
	BaselineLastWeek Baseline = "lastWeek"
)

// BaselineShift is how far back each baseline looks.
var BaselineShift = map[Baseline]time.Duration{BaselineLastWeek: 7 * 24 * time.Hour}

// SLOOutput is what an SLO query answers with.
type SLOOutput string

const (
	OutputSLI              SLOOutput = "sli"
	OutputBurnRate         SLOOutput = "burnRate"
	OutputBudgetRemaining  SLOOutput = "budgetRemaining"
	OutputTimeToExhaustion SLOOutput = "timeToExhaustion"
	// OutputEvents is the number of events in the burn window: the low-traffic guard of burn-rate alerts.
	OutputEvents SLOOutput = "events"
	// OutputSummary is a table row per SLO (every SLO when none is named): SLI, budget left, burn
	// rate and time to exhaustion over its window, at the end of the range.
	OutputSummary SLOOutput = "summary"
	// OutputBreakdown is a table row per resource of the SLI over the range, worst first.
	OutputBreakdown SLOOutput = "breakdown"
	// OutputAlertWindows is a table row per burn-rate alert tier: both windows' burn rates at the end
	// of the range against the tier's threshold.
	OutputAlertWindows SLOOutput = "alertWindows"
)

// SLOOutputs lists the outputs in the order editors offer them.
var SLOOutputs = []SLOOutput{OutputSLI, OutputBurnRate, OutputBudgetRemaining, OutputTimeToExhaustion, OutputEvents,
	OutputSummary, OutputBreakdown, OutputAlertWindows}

// Model is the query JSON, flat as Grafana stores it; each kind reads the fields it needs.
type Model struct {
	QueryType string `json:"queryType,omitempty"`

	// ResourceKind, Names, Pattern and Region select resources (metrics, inventory, variables).
	ResourceKind string   `json:"resourceKind,omitempty"`
	Names        []string `json:"names,omitempty"`
	Pattern      string   `json:"pattern,omitempty"`
	Region       string   `json:"region,omitempty"`
	// Runtime keeps only functions of one Lambda runtime (nodejs20.x, python3.12, ...).
	Runtime string `json:"runtime,omitempty"`

	Metric    string `json:"metric,omitempty"`
	Statistic string `json:"statistic,omitempty"`
	// Label replaces the series' display names, as CloudWatch's Label does; panels compute with it.
	Label string `json:"label,omitempty"`
	// PeriodSeconds is the CloudWatch period; 0 picks one from the panel's interval and range.
	PeriodSeconds int64 `json:"period,omitempty"`

	// Search is a text to find in log messages, or a /regular expression/.
	Search string `json:"search,omitempty"`
	// Insights is a Logs Insights query (fields, filter, sort, limit).
	Insights string    `json:"insights,omitempty"`
	Preset   LogPreset `json:"preset,omitempty"`
	Limit    int       `json:"limit,omitempty"`

	Variable Variable `json:"variable,omitempty"`

	// UpstreamOf keeps only resources that call this Lambda function, such as the API in front of
	// it; when none does the answer is empty, not an error.
	UpstreamOf string `json:"upstreamOf,omitempty"`
	// OfTimeout turns Lambda durations into percentages of each function's configured timeout.
	OfTimeout bool `json:"ofTimeout,omitempty"`
	// Baseline turns a metric into its deviation, in percent, from the same hours of a past period.
	Baseline Baseline `json:"baseline,omitempty"`

	// SLO names one of the data source's SLOs; Output says what to answer; BurnWindow is the
	// window a burn rate is measured over (1h when empty).
	SLO        string    `json:"slo,omitempty"`
	Output     SLOOutput `json:"output,omitempty"`
	BurnWindow string    `json:"burnWindow,omitempty"`
}

// Query is one parsed, validated query.
type Query struct {
	RefID string
	Kind  Kind
	From  time.Time
	To    time.Time
	Model
	// NamePattern is Pattern compiled; nil matches every name.
	NamePattern *regexp.Regexp
	// SearchMatch is Search and the Insights filters compiled; nil keeps every line.
	SearchMatch func(string) bool
	// OldestFirst is set by an Insights sort @timestamp asc.
	OldestFirst bool
	// BurnWindowLength is BurnWindow parsed.
	BurnWindowLength time.Duration
	// MaxDataPoints and Interval come from the panel and drive the automatic period.
	MaxDataPoints int64
	Interval      time.Duration
}
