package cwfake

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

const signingService = "monitoring"

func authError(code, format string, args ...any) *apiError {
	return &apiError{status: http.StatusForbidden, typ: code, queryCode: code, message: fmt.Sprintf(format, args...)}
}

// authenticate reads the SigV4 Authorization header and returns the region of its credential
// scope. With Options.SecretKey it recomputes the signature from the request as received.
func (f *Fake) authenticate(r *http.Request, body []byte) (string, *apiError) {
	h := r.Header.Get("Authorization")
	algorithm, rest, _ := strings.Cut(h, " ")
	if algorithm != "AWS4-HMAC-SHA256" {
		return "", authError("MissingAuthenticationToken", "requests must be signed with AWS4-HMAC-SHA256")
	}
	fields := map[string]string{}
	for part := range strings.SplitSeq(rest, ",") {
		k, v, _ := strings.Cut(strings.TrimSpace(part), "=")
		fields[k] = v
	}
	scope := strings.Split(fields["Credential"], "/")
	if len(scope) != 5 || scope[4] != "aws4_request" {
		return "", authError("IncompleteSignature", "the Credential of the Authorization header is not key/date/region/service/aws4_request")
	}
	accessKey, date, region, service := scope[0], scope[1], scope[2], scope[3]
	if service != signingService {
		return "", authError("InvalidSignatureException", "credential should be scoped to the %s service, not %q", signingService, service)
	}
	if region == "" {
		return "", authError("IncompleteSignature", "the credential scope names no region")
	}
	if f.opts.AccessKeyID != "" && accessKey != f.opts.AccessKeyID {
		return "", authError("InvalidClientTokenId", "The security token included in the request is invalid.")
	}
	if f.opts.SecretKey == "" {
		return region, nil
	}
	amzDate := r.Header.Get("X-Amz-Date")
	if !strings.HasPrefix(amzDate, date) {
		return "", authError("IncompleteSignature", "X-Amz-Date does not match the date of the credential scope")
	}
	signed := strings.Split(fields["SignedHeaders"], ";")
	if !slices.Contains(signed, "host") || !slices.IsSorted(signed) {
		return "", authError("IncompleteSignature", "SignedHeaders must be sorted and include host")
	}
	payloadHash := r.Header.Get("X-Amz-Content-Sha256")
	if payloadHash == "" {
		payloadHash = sha256Hex(body)
	}
	var canonical strings.Builder
	fmt.Fprintf(&canonical, "%s\n%s\n%s\n", r.Method, canonicalPath(r.URL.EscapedPath()), canonicalQuery(r.URL.Query()))
	for _, name := range signed {
		fmt.Fprintf(&canonical, "%s:%s\n", name, canonicalHeaderValue(r, name))
	}
	fmt.Fprintf(&canonical, "\n%s\n%s", fields["SignedHeaders"], payloadHash)
	credentialScope := strings.Join(scope[1:], "/")
	toSign := "AWS4-HMAC-SHA256\n" + amzDate + "\n" + credentialScope + "\n" + sha256Hex([]byte(canonical.String()))
	key := hmacSHA256([]byte("AWS4"+f.opts.SecretKey), date)
	for _, part := range []string{region, service, "aws4_request"} {
		key = hmacSHA256(key, part)
	}
	want := hex.EncodeToString(hmacSHA256(key, toSign))
	if !hmac.Equal([]byte(want), []byte(fields["Signature"])) {
		return "", authError("SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided.")
	}
	return region, nil
}

func hmacSHA256(key []byte, data string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(data))
	return m.Sum(nil)
}

func canonicalPath(p string) string {
	if p == "" {
		return "/"
	}
	return p
}

func canonicalQuery(q url.Values) string {
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var parts []string
	for _, k := range keys {
		vs := slices.Clone(q[k])
		slices.Sort(vs)
		for _, v := range vs {
			parts = append(parts, url.QueryEscape(k)+"="+url.QueryEscape(v))
		}
	}
	return strings.Join(parts, "&")
}

func canonicalHeaderValue(r *http.Request, name string) string {
	var values []string
	switch name {
	case "host":
		values = []string{r.Host}
	case "content-length":
		values = []string{fmt.Sprint(r.ContentLength)}
	default:
		values = slices.Clone(r.Header.Values(name))
	}
	for i, v := range values {
		values[i] = strings.Join(strings.Fields(v), " ")
	}
	return strings.Join(values, ",")
}
