package cloudwatchlogs

import (
	"fmt"
	"strings"
	"unicode"

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
// the same lines as demo mode does. The query string is built only from parsed parts: the
// presets' constant filters, the search and the query's own Insights filters as query.ParseInsights
// and query.SearchFilter rebuild them, so nothing a user writes can end a command or add one.
// q must have been validated by query.Parse; text it would refuse is a programming error.
func Translate(q query.Query) Plan {
	p := Plan{Limit: q.Limit, OldestFirst: q.OldestFirst}
	if q.Preset == query.PresetTopErrors {
		// Counting needs every error line of the range.
		p.Limit = MaxResults
	}
	insights, err := query.ParseInsights(q.Insights)
	if err != nil {
		panic("cloudwatchlogs.Translate: a query query.Parse refuses: " + err.Error())
	}
	if q.Preset == query.PresetNone && len(insights.Filters) == 0 && plainPattern(q.Search) {
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
		search, _, err := query.SearchFilter(q.Search)
		if err != nil {
			panic("cloudwatchlogs.Translate: a query query.Parse refuses: " + err.Error())
		}
		commands = append(commands, search)
	}
	commands = append(commands, insights.Filters...)
	order := "desc"
	if p.OldestFirst {
		order = "asc"
	}
	commands = append(commands, "sort @timestamp "+order, fmt.Sprintf("limit %d", p.Limit))
	p.Insights = strings.Join(commands, "\n| ")
	return p
}

// plainPattern says whether a search reads as a FilterLogEvents "quoted term": text that is not a
// /regex/, of printable characters without quotes or backslashes.
func plainPattern(search string) bool {
	if search == "" || len(search) >= 2 && strings.HasPrefix(search, "/") && strings.HasSuffix(search, "/") {
		return false
	}
	for _, r := range search {
		if !unicode.IsPrint(r) || r == '"' || r == '\\' {
			return false
		}
	}
	return true
}
