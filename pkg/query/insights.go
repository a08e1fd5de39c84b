package query

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// InsightsQuery is the subset of CloudWatch Logs Insights the data source runs itself: filters on
// @message and @type, a sort on @timestamp and a limit; `fields` is accepted and has no effect,
// since every line carries the same fields.
type InsightsQuery struct {
	Match     func(message string) bool
	Limit     int
	Ascending bool
	// Filters are the query's filter commands rebuilt from their parsed parts, in Logs Insights
	// syntax: what AWS mode sends, never the text as written.
	Filters []string
}

// ParseInsights reads a Logs Insights query with a tokenizer that knows its quoted strings,
// /regex/ literals, `backticked` names and # comments, so a pipe splits commands only where Logs
// Insights would split them. Every command outside the subset is refused by name; an error names
// the command and quotes at most the start of it.
func ParseInsights(text string) (InsightsQuery, error) {
	if !utf8.ValidString(text) {
		return InsightsQuery{}, errors.New("insights is not valid UTF-8")
	}
	tokens, err := tokenize(text)
	if err != nil {
		return InsightsQuery{}, fmt.Errorf("insights: %w", err)
	}
	commands := splitCommands(tokens)
	// The verbs first: a command the subset does not run is the error, wherever it stands.
	for i, c := range commands {
		if len(c) == 0 {
			continue
		}
		if c[0].kind != tokWord {
			return InsightsQuery{}, commandError(i, text, c, errors.New("a command starts with fields, filter, sort or limit"))
		}
		switch c[0].value {
		case "fields", "filter", "sort", "limit":
		default:
			return InsightsQuery{}, commandError(i, text, c, fmt.Errorf("%s is not supported; use fields, filter, sort or limit", clip(c[0].value)))
		}
	}
	var q InsightsQuery
	var matchers []func(string) bool
	for i, c := range commands {
		if len(c) == 0 {
			continue
		}
		args := c[1:]
		switch c[0].value {
		case "fields":
			err = parseFields(args)
		case "filter":
			var f insightsFilter
			if f, err = parseFilter(args); err == nil {
				matchers = append(matchers, f.match)
				q.Filters = append(q.Filters, f.command)
			}
		case "sort":
			q.Ascending, err = parseSort(args)
		case "limit":
			q.Limit, err = parseLimit(args)
		}
		if err != nil {
			return InsightsQuery{}, commandError(i, text, c, err)
		}
	}
	if len(matchers) > 0 {
		q.Match = func(message string) bool {
			for _, f := range matchers {
				if !f(message) {
					return false
				}
			}
			return true
		}
	}
	return q, nil
}

func commandError(i int, text string, c []token, err error) error {
	last := c[len(c)-1]
	return fmt.Errorf("insights command %d (%s): %w", i+1, Excerpt(text[c[0].start:last.end]), err)
}

// SearchFilter is a logs query's search as a Logs Insights filter command, with the matcher demo
// mode runs: a /regular expression/ becomes a validated regex literal, any other text a quoted
// string (or, when it holds quotes, backslashes, backticks or control characters, a regex literal
// matching it literally). Neither can end the command, whatever the search holds.
func SearchFilter(search string) (command string, match func(string) bool, err error) {
	if !utf8.ValidString(search) {
		return "", nil, errors.New("search is not valid UTF-8")
	}
	if len(search) >= 2 && strings.HasPrefix(search, "/") && strings.HasSuffix(search, "/") {
		body := search[1 : len(search)-1]
		re, err := regexp.Compile(body)
		if err != nil {
			return "", nil, fmt.Errorf("search /%s/ is not a valid regular expression: %w", clip(body), regexError(err))
		}
		literal, err := regexLiteral(body)
		if err != nil {
			return "", nil, fmt.Errorf("search /%s/: %w", clip(body), err)
		}
		return "filter @message like " + literal, re.MatchString, nil
	}
	return "filter @message like " + textLiteral(search), func(message string) bool { return strings.Contains(message, search) }, nil
}

const filterForms = `filter must be @message like /regex/, @message like "text" (optionally "not like"), or @type = "START|END|REPORT"`

type insightsFilter struct {
	command string
	match   func(string) bool
}

// parseFilter reads one condition: @message [not] like "text"|/regex/, or @type =|!= "START"|"END"|"REPORT".
func parseFilter(args []token) (insightsFilter, error) {
	for _, t := range args {
		if t.kind == tokBacktick {
			return insightsFilter{}, errors.New("backticked names are not supported in insights filters; filter on @message or @type")
		}
	}
	if len(args) == 0 || args[0].kind != tokWord {
		return insightsFilter{}, errors.New(filterForms)
	}
	var f insightsFilter
	var rest []token
	switch field := args[0].value; {
	case field == "@message":
		negate, op := false, args[1:]
		if len(op) > 0 && op[0].is(tokWord, "not") {
			negate, op = true, op[1:]
		}
		if len(op) < 2 || !op[0].is(tokWord, "like") || (op[1].kind != tokString && op[1].kind != tokRegex) {
			return insightsFilter{}, errors.New(filterForms)
		}
		operand := op[1]
		var match func(string) bool
		var literal string
		if operand.kind == tokRegex {
			re, err := regexp.Compile(operand.value)
			if err != nil {
				return insightsFilter{}, fmt.Errorf("/%s/ is not a valid regular expression: %w", clip(operand.value), regexError(err))
			}
			if literal, err = regexLiteral(operand.value); err != nil {
				return insightsFilter{}, fmt.Errorf("/%s/: %w", clip(operand.value), err)
			}
			match = re.MatchString
		} else {
			text := operand.value
			literal, match = textLiteral(text), func(message string) bool { return strings.Contains(message, text) }
		}
		verb := "like"
		if negate {
			verb = "not like"
		}
		f = insightsFilter{command: "filter @message " + verb + " " + literal,
			match: func(message string) bool { return match(message) != negate }}
		rest = op[2:]
	case field == "@type":
		if len(args) < 3 || args[1].kind != tokOp || args[2].kind != tokString {
			return insightsFilter{}, errors.New(filterForms)
		}
		kind := args[2].value
		if kind != "START" && kind != "END" && kind != "REPORT" {
			return insightsFilter{}, fmt.Errorf("@type is START, END or REPORT, not %s", Excerpt(kind))
		}
		negate := args[1].value == "!="
		prefix := kind + " RequestId:"
		f = insightsFilter{command: "filter @type " + args[1].value + ` "` + kind + `"`,
			match: func(message string) bool { return strings.HasPrefix(message, prefix) != negate }}
		rest = args[3:]
	default:
		return insightsFilter{}, errors.New(filterForms)
	}
	if len(rest) > 0 {
		if w := rest[0]; w.kind == tokWord && (w.value == "and" || w.value == "or" || w.value == "not") {
			return insightsFilter{}, fmt.Errorf("%s is not supported in insights filters; write one filter command per condition", w.value)
		}
		return insightsFilter{}, errors.New(filterForms)
	}
	return f, nil
}

// parseFields accepts field names separated by commas; they change nothing.
func parseFields(args []token) error {
	for i, t := range args {
		if (i%2 == 0 && t.kind != tokWord) || (i%2 == 1 && t.kind != tokComma) || (i == len(args)-1 && t.kind != tokWord) {
			return errors.New("fields takes field names separated by commas")
		}
	}
	return nil
}

func parseSort(args []token) (ascending bool, err error) {
	ok := len(args) >= 1 && len(args) <= 2 && args[0].is(tokWord, "@timestamp") &&
		(len(args) == 1 || args[1].is(tokWord, "asc") || args[1].is(tokWord, "desc"))
	if !ok {
		return false, errors.New("only sort @timestamp asc|desc is supported")
	}
	return len(args) == 2 && args[1].value == "asc", nil
}

func parseLimit(args []token) (int, error) {
	if len(args) == 1 && args[0].kind == tokWord {
		if n, err := strconv.Atoi(args[0].value); err == nil && n >= 1 {
			return n, nil
		}
	}
	return 0, errors.New("limit needs a positive whole number")
}

type tokenKind int

const (
	tokWord     tokenKind = iota // a command, field, keyword or number
	tokString                    // "text" or 'text'; value is the text
	tokRegex                     // /regex/; value is the expression between the slashes
	tokBacktick                  // `name`; value is the name
	tokPipe
	tokComma
	tokOp    // = or !=
	tokOther // any other single character
)

type token struct {
	kind       tokenKind
	value      string
	start, end int // byte offsets in the text
}

func (t token) is(kind tokenKind, value string) bool { return t.kind == kind && t.value == value }

// tokenize splits Logs Insights text into tokens. Strings take the escapes \" \' and \\ only; a
// regex literal runs to the first slash no backslash escapes; # starts a comment to the end of
// the line, as in Logs Insights.
func tokenize(text string) ([]token, error) {
	var tokens []token
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		start := i
		switch {
		case unicode.IsSpace(r):
			i += size
			continue
		case r == '#':
			if end := strings.IndexByte(text[i:], '\n'); end >= 0 {
				i += end + 1
			} else {
				i = len(text)
			}
			continue
		case r == '|':
			tokens = append(tokens, token{kind: tokPipe, value: "|", start: start, end: i + 1})
			i++
		case r == ',':
			tokens = append(tokens, token{kind: tokComma, value: ",", start: start, end: i + 1})
			i++
		case r == '=':
			tokens = append(tokens, token{kind: tokOp, value: "=", start: start, end: i + 1})
			i++
		case r == '!' && strings.HasPrefix(text[i:], "!="):
			tokens = append(tokens, token{kind: tokOp, value: "!=", start: start, end: i + 2})
			i += 2
		case r == '"' || r == '\'':
			value, end, err := scanString(text, i)
			if err != nil {
				return nil, err
			}
			tokens = append(tokens, token{kind: tokString, value: value, start: start, end: end})
			i = end
		case r == '/':
			end := i + 1
			for ; end < len(text) && text[end] != '/'; end++ {
				if text[end] == '\\' {
					end++
				}
			}
			if end >= len(text) {
				return nil, fmt.Errorf("the /regex/ at character %d is not closed", position(text, start))
			}
			tokens = append(tokens, token{kind: tokRegex, value: text[i+1 : end], start: start, end: end + 1})
			i = end + 1
		case r == '`':
			end := strings.IndexByte(text[i+1:], '`')
			if end < 0 {
				return nil, fmt.Errorf("the `name` at character %d is not closed", position(text, start))
			}
			tokens = append(tokens, token{kind: tokBacktick, value: text[i+1 : i+1+end], start: start, end: i + end + 2})
			i += end + 2
		case isWordRune(r):
			for i < len(text) {
				r, size := utf8.DecodeRuneInString(text[i:])
				if !isWordRune(r) {
					break
				}
				i += size
			}
			tokens = append(tokens, token{kind: tokWord, value: text[start:i], start: start, end: i})
		default:
			tokens = append(tokens, token{kind: tokOther, value: string(r), start: start, end: i + size})
			i += size
		}
	}
	return tokens, nil
}

func isWordRune(r rune) bool {
	return r == '@' || r == '_' || r == '.' || unicode.IsLetter(r) || unicode.IsDigit(r)
}

func scanString(text string, i int) (value string, end int, err error) {
	quote := text[i]
	var b strings.Builder
	for j := i + 1; j < len(text); j++ {
		switch c := text[j]; {
		case c == quote:
			return b.String(), j + 1, nil
		case c == '\\':
			if j+1 < len(text) && (text[j+1] == '"' || text[j+1] == '\'' || text[j+1] == '\\') {
				j++
				b.WriteByte(text[j])
				continue
			}
			return "", 0, fmt.Errorf(`the quoted string at character %d holds a backslash that is not \", \' or \\; use a /regex/`, position(text, i))
		default:
			b.WriteByte(c)
		}
	}
	return "", 0, fmt.Errorf("the quoted string at character %d is not closed", position(text, i))
}

// position is the 1-based character position of a byte offset.
func position(text string, offset int) int { return utf8.RuneCountInString(text[:offset]) + 1 }

// splitCommands splits the tokens at the pipes between commands.
func splitCommands(tokens []token) [][]token {
	commands := [][]token{nil}
	for _, t := range tokens {
		if t.kind == tokPipe {
			commands = append(commands, nil)
			continue
		}
		commands[len(commands)-1] = append(commands[len(commands)-1], t)
	}
	return commands
}

// textLiteral is text as a Logs Insights operand matching it literally: "text" when it holds only
// printable characters other than quotes, backslashes and backticks, else a /regex/ of the text.
func textLiteral(text string) string {
	plain := true
	for _, r := range text {
		if !unicode.IsPrint(r) || r == '"' || r == '\\' || r == '`' {
			plain = false
			break
		}
	}
	if plain {
		return `"` + text + `"`
	}
	literal, _ := regexLiteral(regexp.QuoteMeta(text)) // QuoteMeta never writes \Q
	return literal
}

// regexMeta are the characters a regular expression escapes with a backslash to mean themselves.
const regexMeta = `\.+*?()|[]{}^$`

// regexLiteral writes a valid Go regular expression as a Logs Insights /regex/ literal that
// matches the same text: slashes, quotes, backticks, # and every character that is not printable
// (newlines, tabs, control and format characters) become \xHH or \x{HHHH} escapes, inside
// character classes too, so no character of the literal can end it, open a string or a comment,
// or end the command. \Q…\E is refused: its text cannot hold escapes.
func regexLiteral(re string) (string, error) {
	var b strings.Builder
	b.Grow(len(re) + 2)
	b.WriteByte('/')
	for i := 0; i < len(re); {
		r, size := utf8.DecodeRuneInString(re[i:])
		i += size
		if r == '\\' && i < len(re) {
			next, nsize := utf8.DecodeRuneInString(re[i:])
			i += nsize
			switch {
			case next == 'Q':
				return "", errors.New(`\Q…\E is not supported; escape each character instead`)
			case next < utf8.RuneSelf && (unicode.IsLetter(next) || unicode.IsDigit(next)),
				strings.ContainsRune(regexMeta, next):
				b.WriteByte('\\')
				b.WriteRune(next)
			default: // an escaped character that means itself
				writeHexEscape(&b, next)
			}
			continue
		}
		if !unicode.IsPrint(r) || strings.ContainsRune("/\"'`#", r) {
			writeHexEscape(&b, r)
			continue
		}
		b.WriteRune(r)
	}
	b.WriteByte('/')
	return b.String(), nil
}

func writeHexEscape(b *strings.Builder, r rune) {
	if r < utf8.RuneSelf {
		fmt.Fprintf(b, `\x%02x`, r)
		return
	}
	fmt.Fprintf(b, `\x{%x}`, r)
}
