package query

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// InsightsQuery is the subset of CloudWatch Logs Insights the data source runs itself: filters on
// @message and @type, a sort on @timestamp and a limit; `fields` is accepted and has no effect,
// since every line carries the same fields.
type InsightsQuery struct {
	Match     func(message string) bool
	Limit     int
	Ascending bool
}

var (
	filterLike = regexp.MustCompile(`^@message\s+(not\s+)?like\s+(/(.*)/|"(.*)")$`)
	filterType = regexp.MustCompile(`^@type\s*(=|!=)\s*"(START|END|REPORT)"$`)
	sortClause = regexp.MustCompile(`^@timestamp(\s+(asc|desc))?$`)
)

// ParseInsights reads a Logs Insights query; an error names the command that is not understood.
func ParseInsights(text string) (InsightsQuery, error) {
	var q InsightsQuery
	var filters []func(string) bool
	for i, command := range splitCommands(text) {
		command = strings.TrimSpace(command)
		if command == "" {
			continue
		}
		verb, rest, _ := strings.Cut(command, " ")
		rest = strings.TrimSpace(rest)
		switch verb {
		case "fields":
		case "filter":
			f, err := parseFilter(rest)
			if err != nil {
				return InsightsQuery{}, fmt.Errorf("insights command %d (%q): %w", i+1, command, err)
			}
			filters = append(filters, f)
		case "sort":
			m := sortClause.FindStringSubmatch(rest)
			if m == nil {
				return InsightsQuery{}, fmt.Errorf("insights command %d (%q): only sort @timestamp asc|desc is supported", i+1, command)
			}
			q.Ascending = m[2] == "asc"
		case "limit":
			n, err := strconv.Atoi(rest)
			if err != nil || n < 1 {
				return InsightsQuery{}, fmt.Errorf("insights command %d (%q): limit needs a positive whole number", i+1, command)
			}
			q.Limit = n
		default:
			return InsightsQuery{}, fmt.Errorf("insights command %d (%q): %s is not supported; use fields, filter, sort or limit", i+1, command, verb)
		}
	}
	if len(filters) > 0 {
		q.Match = func(message string) bool {
			for _, f := range filters {
				if !f(message) {
					return false
				}
			}
			return true
		}
	}
	return q, nil
}

func parseFilter(clause string) (func(string) bool, error) {
	if m := filterLike.FindStringSubmatch(clause); m != nil {
		negate := m[1] != ""
		match := func(message string) bool { return strings.Contains(message, m[4]) }
		if strings.HasPrefix(m[2], "/") {
			re, err := regexp.Compile(m[3])
			if err != nil {
				return nil, fmt.Errorf("/%s/ is not a valid regular expression: %w", m[3], err)
			}
			match = re.MatchString
		}
		return func(message string) bool { return match(message) != negate }, nil
	}
	if m := filterType.FindStringSubmatch(clause); m != nil {
		negate := m[1] == "!="
		prefix := m[2] + " RequestId:"
		return func(message string) bool { return strings.HasPrefix(message, prefix) != negate }, nil
	}
	return nil, fmt.Errorf(`filter must be @message like /regex/, @message like "text" (optionally "not like"), or @type = "START|END|REPORT"`)
}

// splitCommands splits on the pipes between commands, not on those inside /regex/ or "text".
func splitCommands(text string) []string {
	var commands []string
	var quote rune
	start := 0
	for i, r := range text {
		switch {
		case quote != 0 && r == quote:
			quote = 0
		case quote == 0 && (r == '/' || r == '"'):
			quote = r
		case quote == 0 && r == '|':
			commands = append(commands, text[start:i])
			start = i + 1
		}
	}
	return append(commands, text[start:])
}

// InsightsFilters returns the filter commands of a Logs Insights query that ParseInsights accepts,
// as written, for AWS mode to hand on to CloudWatch Logs Insights.
func InsightsFilters(text string) []string {
	var filters []string
	for _, command := range splitCommands(text) {
		command = strings.TrimSpace(command)
		if verb, _, _ := strings.Cut(command, " "); verb == "filter" {
			filters = append(filters, command)
		}
	}
	return filters
}
