package cwfake

import (
	"encoding/base64"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
)

// Helpers that read members of a decoded CBOR structure strictly: unknown members and wrong
// types are the client's mistakes and are refused with a ValidationError naming the path.

func checkMembers(path string, m map[string]any, allowed ...string) *apiError {
	for k := range m {
		if !slices.Contains(allowed, k) {
			return validationError("%s%s is not a member of this structure; members are %s", path, k, strings.Join(allowed, ", "))
		}
	}
	return nil
}

func str(path string, m map[string]any, key string, required bool) (string, *apiError) {
	v, ok := m[key]
	if !ok || v == nil {
		if required {
			return "", validationError("%s%s is required", path, key)
		}
		return "", nil
	}
	s, ok := v.(string)
	if !ok {
		return "", validationError("%s%s must be a string, got %T", path, key, v)
	}
	return s, nil
}

func integer(path string, m map[string]any, key string) (int64, bool, *apiError) {
	v, ok := m[key]
	if !ok || v == nil {
		return 0, false, nil
	}
	switch n := v.(type) {
	case uint64:
		if n > math.MaxInt64 {
			return 0, false, validationError("%s%s is out of range", path, key)
		}
		return int64(n), true, nil
	case int64:
		return n, true, nil
	}
	return 0, false, validationError("%s%s must be an integer, got %T", path, key, v)
}

func timestamp(path string, m map[string]any, key string) (time.Time, *apiError) {
	v, ok := m[key]
	if !ok || v == nil {
		return time.Time{}, validationError("%s%s is required", path, key)
	}
	t, ok := v.(epochSeconds)
	if !ok {
		return time.Time{}, validationError("%s%s must be a timestamp (CBOR tag 1), got %T", path, key, v)
	}
	return t.time(), nil
}

func list(path string, m map[string]any, key string) ([]any, *apiError) {
	v, ok := m[key]
	if !ok || v == nil {
		return nil, nil
	}
	l, ok := v.([]any)
	if !ok {
		return nil, validationError("%s%s must be a list, got %T", path, key, v)
	}
	return l, nil
}

func structure(path string, v any) (map[string]any, *apiError) {
	m, ok := v.(map[string]any)
	if !ok {
		return nil, validationError("%s must be a structure, got %T", path, v)
	}
	return m, nil
}

// A NextToken carries the offset to resume from and a digest of the request it belongs to.
func makeToken(kind, digest string, offset int) string {
	return base64.RawURLEncoding.EncodeToString(fmt.Appendf(nil, "%s|%s|%d", kind, digest, offset))
}

func readToken(kind, digest, token string) (int, bool) {
	raw, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil {
		return 0, false
	}
	parts := strings.Split(string(raw), "|")
	if len(parts) != 3 || parts[0] != kind || parts[1] != digest {
		return 0, false
	}
	var offset int
	if _, err := fmt.Sscanf(parts[2], "%d", &offset); err != nil || offset <= 0 {
		return 0, false
	}
	return offset, true
}

// digest identifies a request without its NextToken, so a token only resumes its own request.
func digest(body map[string]any) string {
	clone := make(map[string]any, len(body))
	for k, v := range body {
		if k != "NextToken" {
			clone[k] = toEncodable(v)
		}
	}
	return sha256Hex(encodeCBOR(clone))[:16]
}

// toEncodable turns decoded values back into values encodeCBOR writes.
func toEncodable(v any) any {
	switch t := v.(type) {
	case uint64:
		return fmt.Sprint(t)
	case int64:
		return t
	case epochSeconds:
		return float64(t)
	case []byte:
		return string(t)
	case []any:
		out := make([]any, len(t))
		for i, x := range t {
			out[i] = toEncodable(x)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, x := range t {
			out[k] = toEncodable(x)
		}
		return out
	}
	return v
}

// dimension reads member i (from 1) of a Dimensions list at path: its Name, and its Value, which a
// metric must have and a ListMetrics filter may leave out.
func dimension(path string, i int, raw any, valueRequired bool) (name, value string, hasValue bool, err *apiError) {
	p := fmt.Sprintf("%sDimensions.member.%d.", path, i)
	m, err := structure(p[:len(p)-1], raw)
	if err != nil {
		return "", "", false, err
	}
	if err = checkMembers(p, m, "Name", "Value"); err != nil {
		return "", "", false, err
	}
	if name, err = str(p, m, "Name", true); err != nil {
		return "", "", false, err
	}
	if value, err = str(p, m, "Value", valueRequired); err != nil {
		return "", "", false, err
	}
	_, hasValue = m["Value"]
	return name, value, hasValue, nil
}
