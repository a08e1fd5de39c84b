package settings

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"

	"github.com/grafana/grafana-aws-sdk/pkg/awsds"
	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

// AuthTypes are the authType values @grafana/aws-sdk's ConnectionConfig writes, in the order it
// offers them. awsds.ToAuthType also reads the older spellings Grafana still stores ("arn",
// "sharedCreds").
var AuthTypes = []string{"default", "keys", "credentials", "ec2_iam_role", "grafana_assume_role"}

// secureKeys are the secrets ConnectionConfig keeps in secureJsonData; they must never be in jsonData.
var secureKeys = []string{"accessKey", "secretKey", "sessionToken", "proxyPassword"}

// proxyTypes are the values of ConnectionConfig's proxyType: Grafana's environment (HTTP_PROXY and
// HTTPS_PROXY), no proxy, or the proxyUrl of the data source.
var proxyTypes = []string{"env", "none", "url"}

var (
	regionPattern  = regexp.MustCompile(`^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$`)
	roleARNPattern = regexp.MustCompile(`^arn:aws[a-z-]*:iam::\d{12}:role/[\w+=,.@/-]+$`)
)

// AWS is how AWS mode reaches CloudWatch: the connection fields of @grafana/aws-sdk's
// ConnectionConfig (read by grafana-aws-sdk) and the regions to watch.
type AWS struct {
	// Connection holds authType, profile, assumeRoleArn, externalId, endpoint and defaultRegion
	// from jsonData, and accessKey, secretKey and sessionToken from secureJsonData.
	Connection awsds.AWSDatasourceSettings
	// AuthType is the validated authType, with legacy spellings mapped to today's.
	AuthType string
	// Regions are the regions queries read when they name none; never empty after Load.
	Regions []string
}

// loadAWS reads and validates the AWS connection. Its errors name fields, never their values
// when a value could be a secret or carry one (an endpoint may hold user:password).
func loadAWS(instance backend.DataSourceInstanceSettings, regions []string) (AWS, error) {
	var raw map[string]json.RawMessage
	if len(instance.JSONData) > 0 {
		if err := json.Unmarshal(instance.JSONData, &raw); err != nil {
			return AWS{}, errors.New("settings: jsonData is not a JSON object")
		}
	}
	for _, key := range secureKeys {
		if _, ok := raw[key]; ok {
			return AWS{}, fmt.Errorf("settings: jsonData.%s must not be set: secrets belong in secureJsonData, where Grafana encrypts them", key)
		}
	}
	a := AWS{}
	if err := a.Connection.Load(instance); err != nil {
		return AWS{}, errors.New("settings: the AWS connection fields of jsonData (authType, profile, assumeRoleArn, externalId, endpoint, defaultRegion) must be strings")
	}
	authType := "default"
	if v, ok := raw["authType"]; ok {
		if err := json.Unmarshal(v, &authType); err != nil {
			return AWS{}, errors.New("settings: authType must be a string")
		}
	}
	if authType == "" {
		authType = "default"
	}
	known, err := awsds.ToAuthType(authType)
	if err != nil {
		return AWS{}, fmt.Errorf("settings: authType must be one of %s, got %q", strings.Join(AuthTypes, ", "), authType)
	}
	authType = known.String()
	a.AuthType = authType
	c := a.Connection
	if authType == "keys" {
		if c.AccessKey == "" {
			return AWS{}, errors.New("settings: secureJsonData.accessKey is required when authType is keys")
		}
		if c.SecretKey == "" {
			return AWS{}, errors.New("settings: secureJsonData.secretKey is required when authType is keys")
		}
	}
	if c.AssumeRoleARN != "" && !roleARNPattern.MatchString(c.AssumeRoleARN) {
		return AWS{}, errors.New("settings: assumeRoleArn must be an IAM role ARN such as arn:aws:iam::123456789012:role/grafana-cloudwatch")
	}
	if c.ExternalID != "" && c.AssumeRoleARN == "" {
		return AWS{}, errors.New("settings: externalId is set but assumeRoleArn is empty; an external ID is only sent when assuming a role")
	}
	if c.Endpoint != "" {
		u, err := url.Parse(c.Endpoint)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return AWS{}, errors.New("settings: endpoint must be an http or https URL such as https://monitoring.us-east-1.amazonaws.com")
		}
		if u.User != nil {
			return AWS{}, errors.New("settings: endpoint must not carry a user name or password")
		}
	}
	if err := checkProxy(c); err != nil {
		return AWS{}, err
	}
	if c.Region == "" {
		return AWS{}, errors.New("settings: defaultRegion is required in aws mode, for example us-east-1")
	}
	if !regionPattern.MatchString(c.Region) {
		return AWS{}, fmt.Errorf("settings: defaultRegion %q is not an AWS region name such as us-east-1", c.Region)
	}
	for i, r := range regions {
		if !regionPattern.MatchString(r) {
			return AWS{}, fmt.Errorf("settings: regions[%d]: %q is not an AWS region name such as eu-west-1", i, r)
		}
		if slices.Index(regions, r) != i {
			return AWS{}, fmt.Errorf("settings: regions[%d]: %q is listed twice", i, r)
		}
	}
	a.Regions = slices.Clone(regions)
	if len(a.Regions) == 0 {
		a.Regions = []string{c.Region}
	}
	return a, nil
}

// checkProxy validates the data source's HTTP proxy, which grafana-aws-sdk applies while Grafana
// allows per data source proxies.
func checkProxy(c awsds.AWSDatasourceSettings) error {
	if c.ProxyType != "" && !slices.Contains(proxyTypes, c.ProxyType) {
		return fmt.Errorf("settings: proxyType must be one of %s, got %q", strings.Join(proxyTypes, ", "), c.ProxyType)
	}
	if c.ProxyType != "url" {
		return nil
	}
	u, err := url.Parse(c.ProxyUrl)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return errors.New("settings: proxyUrl must be an http or https URL such as http://proxy.internal:3128 when proxyType is url")
	}
	if u.User != nil {
		return errors.New("settings: proxyUrl must not carry a user name or password; set proxyUsername and secureJsonData.proxyPassword")
	}
	return nil
}
