package cloudwatchlogs

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/seed/serverless/pkg/query"
)

// Filters of the presets, in Logs Insights syntax. Each matches both of Lambda's log formats: an
// error is an application line of level ERROR or FATAL (JSON "level", or the level column of the
// text format, with or without brackets) or a timeout; a cold start is a REPORT with an Init
// Duration.
const (
	errorsFilter     = `filter @message like /"level"\s*:\s*"(ERROR|FATAL|error|fatal)"|\tERROR\t|^\[ERROR\]\t|Task timed out after/`
	timeoutsFilter   = `filter @message like /Task timed out after/`
	coldStartsFilter = `filter @message like /^REPORT RequestId:.*Init Duration:|"type"\s*:\s*"platform\.report".*"initDurationMs"/`
)

// fields are what every query reads: enough to rebuild the line and where it came from.
const fields = "fields @timestamp, @message, @logStream, @log"

// Plan is how a logs query is read: an Insights query string, or, for a plain text search, a
// FilterLogEvents pattern.
type Plan struct {
	// Insights is the query string of StartQuery, when FilterPattern is empty.
	Insights string
	// FilterPattern, when set, is read with FilterLogEvents instead.
	FilterPattern string
	Limit         int
	OldestFirst   bool
}

// Translate turns a parsed logs query into the Logs Insights query (or filter pattern) that finds
// the same lines as demo mode does.
func Translate(q query.Query) Plan {
	p := Plan{Limit: q.Limit, OldestFirst: q.OldestFirst}
	if q.Preset == query.PresetTopErrors {
		// Counting needs every error line of the range.
		p.Limit = MaxResults
	}
	filters := query.InsightsFilters(q.Insights)
	if q.Preset == query.PresetNone && len(filters) == 0 && q.Search != "" && !isRegex(q.Search) && !strings.ContainsAny(q.Search, `"\`) {
		p.FilterPattern = `"` + q.Search + `"`
		return p
	}
	commands := []string{fields}
	switch q.Preset {
	case query.PresetErrors, query.PresetTopErrors:
		commands = append(commands, errorsFilter)
	case query.PresetTimeouts:
		commands = append(commands, timeoutsFilter)
	case query.PresetColdStarts:
		commands = append(commands, coldStartsFilter)
	}
	if q.Search != "" {
		commands = append(commands, searchFilter(q.Search))
	}
	commands = append(commands, filters...)
	order := "desc"
	if p.OldestFirst {
		order = "asc"
	}
	commands = append(commands, "sort @timestamp "+order, fmt.Sprintf("limit %d", p.Limit))
	p.Insights = strings.Join(commands, "\n| ")
	return p
}

func isRegex(search string) bool {
	return len(search) >= 2 && strings.HasPrefix(search, "/") && strings.HasSuffix(search, "/")
}

// searchFilter is the search box as an Insights filter: a /regex/ as it is, a text as a string,
// or, when it holds a quote or a backslash, as a regex matching the text literally (a slash as
// \x2f, which ends no regex).
func searchFilter(search string) string {
	switch {
	case isRegex(search):
		return "filter @message like " + search
	case !strings.ContainsAny(search, `"\`):
		return `filter @message like "` + search + `"`
	}
	return "filter @message like /" + strings.ReplaceAll(regexp.QuoteMeta(search), "/", `\x2f`) + "/"
}
