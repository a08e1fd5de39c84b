package settings

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

// knownSecret is planted in every secure field; no error may ever show it.
const knownSecret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYKNOWNSECRET"

func awsInstance(jsonData string, secure map[string]string) backend.DataSourceInstanceSettings {
	return backend.DataSourceInstanceSettings{JSONData: []byte(jsonData), DecryptedSecureJSONData: secure}
}

var keys = map[string]string{"accessKey": "AKIAKNOWNACCESSKEY01", "secretKey": knownSecret}

func TestLoadAWS(t *testing.T) {
	tests := []struct {
		name        string
		jsonData    string
		secure      map[string]string
		wantAuth    string
		wantRegions []string
		wantErr     string
	}{
		{name: "default chain, one region", jsonData: `{"mode":"aws","defaultRegion":"eu-west-1"}`,
			wantAuth: "default", wantRegions: []string{"eu-west-1"}},
		{name: "keys and regions to watch", jsonData: `{"mode":"aws","authType":"keys","defaultRegion":"us-east-1","regions":["us-east-1","us-west-2"]}`,
			secure: keys, wantAuth: "keys", wantRegions: []string{"us-east-1", "us-west-2"}},
		{name: "legacy arn spelling", jsonData: `{"mode":"aws","authType":"arn","defaultRegion":"us-east-1"}`, wantAuth: "default", wantRegions: []string{"us-east-1"}},
		{name: "legacy sharedCreds spelling with a profile", jsonData: `{"mode":"aws","authType":"sharedCreds","profile":"observability","defaultRegion":"us-east-1"}`,
			wantAuth: "credentials", wantRegions: []string{"us-east-1"}},
		{name: "assume role with an external id", jsonData: `{"mode":"aws","authType":"ec2_iam_role","assumeRoleArn":"arn:aws:iam::123456789012:role/grafana","externalId":"x-1","defaultRegion":"us-gov-west-1"}`,
			wantAuth: "ec2_iam_role", wantRegions: []string{"us-gov-west-1"}},
		{name: "custom endpoint", jsonData: `{"mode":"aws","defaultRegion":"us-east-1","endpoint":"http://127.0.0.1:4566"}`, wantAuth: "default", wantRegions: []string{"us-east-1"}},
		{name: "unknown auth type", jsonData: `{"mode":"aws","authType":"password","defaultRegion":"us-east-1"}`,
			wantErr: `settings: authType must be one of default, keys, credentials, ec2_iam_role, grafana_assume_role, got "password"`},
		{name: "keys without an access key", jsonData: `{"mode":"aws","authType":"keys","defaultRegion":"us-east-1"}`, secure: map[string]string{"secretKey": knownSecret},
			wantErr: "settings: secureJsonData.accessKey is required when authType is keys"},
		{name: "keys without a secret key", jsonData: `{"mode":"aws","authType":"keys","defaultRegion":"us-east-1"}`, secure: map[string]string{"accessKey": "AKIA"},
			wantErr: "settings: secureJsonData.secretKey is required when authType is keys"},
		{name: "a secret in jsonData", jsonData: `{"mode":"aws","defaultRegion":"us-east-1","secretKey":"` + knownSecret + `"}`,
			wantErr: "settings: jsonData.secretKey must not be set: secrets belong in secureJsonData"},
		{name: "no region", jsonData: `{"mode":"aws"}`, wantErr: "settings: defaultRegion is required in aws mode, for example us-east-1"},
		{name: "a region that is not one", jsonData: `{"mode":"aws","defaultRegion":"Virginia"}`,
			wantErr: `settings: defaultRegion "Virginia" is not an AWS region name such as us-east-1`},
		{name: "a bad watched region", jsonData: `{"mode":"aws","defaultRegion":"us-east-1","regions":["us-east-1","eu_west_1"]}`,
			wantErr: `settings: regions[1]: "eu_west_1" is not an AWS region name such as eu-west-1`},
		{name: "a region twice", jsonData: `{"mode":"aws","defaultRegion":"us-east-1","regions":["us-east-1","us-east-1"]}`,
			wantErr: `settings: regions[1]: "us-east-1" is listed twice`},
		{name: "a role that is not an ARN", jsonData: `{"mode":"aws","defaultRegion":"us-east-1","assumeRoleArn":"grafana"}`,
			wantErr: "settings: assumeRoleArn must be an IAM role ARN"},
		{name: "an external id without a role", jsonData: `{"mode":"aws","defaultRegion":"us-east-1","externalId":"x"}`,
			wantErr: "settings: externalId is set but assumeRoleArn is empty"},
		{name: "an endpoint that is not a URL", jsonData: `{"mode":"aws","defaultRegion":"us-east-1","endpoint":"monitoring"}`,
			wantErr: "settings: endpoint must be an http or https URL"},
		{name: "an endpoint with a password", jsonData: `{"mode":"aws","defaultRegion":"us-east-1","endpoint":"https://me:hunter2@example.com"}`,
			wantErr: "settings: endpoint must not carry a user name or password"},
		{name: "a field of the wrong type", jsonData: `{"mode":"aws","defaultRegion":"us-east-1","profile":7}`,
			wantErr: "settings: the AWS connection fields of jsonData"},
		{name: "a proxy of the data source", jsonData: `{"mode":"aws","defaultRegion":"us-east-1","proxyType":"url","proxyUrl":"http://proxy.internal:3128","proxyUsername":"grafana"}`,
			secure: map[string]string{"proxyPassword": knownSecret}, wantAuth: "default", wantRegions: []string{"us-east-1"}},
		{name: "an unknown proxy type", jsonData: `{"mode":"aws","defaultRegion":"us-east-1","proxyType":"socks"}`,
			wantErr: `settings: proxyType must be one of env, none, url, got "socks"`},
		{name: "a proxy type url without a URL", jsonData: `{"mode":"aws","defaultRegion":"us-east-1","proxyType":"url"}`,
			wantErr: "settings: proxyUrl must be an http or https URL"},
		{name: "a proxy URL with a password", jsonData: `{"mode":"aws","defaultRegion":"us-east-1","proxyType":"url","proxyUrl":"http://me:hunter2@proxy.internal:3128"}`,
			wantErr: "settings: proxyUrl must not carry a user name or password"},
		{name: "a proxy password in jsonData", jsonData: `{"mode":"aws","defaultRegion":"us-east-1","proxyPassword":"` + knownSecret + `"}`,
			wantErr: "settings: jsonData.proxyPassword must not be set: secrets belong in secureJsonData"},
		{name: "demo mode ignores AWS fields", jsonData: `{"mode":"demo","authType":"password"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Load(awsInstance(tt.jsonData, tt.secure))
			if tt.wantErr != "" {
				if err == nil || !strings.HasPrefix(err.Error(), tt.wantErr) {
					t.Fatalf("error = %v, want it to start with %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			if got.AWS.AuthType != tt.wantAuth || !slices.Equal(got.AWS.Regions, tt.wantRegions) {
				t.Fatalf("authType %q regions %v, want %q %v", got.AWS.AuthType, got.AWS.Regions, tt.wantAuth, tt.wantRegions)
			}
			if tt.secure != nil && (got.AWS.Connection.SecretKey != tt.secure["secretKey"] || got.AWS.Connection.ProxyPassword != tt.secure["proxyPassword"]) {
				t.Fatal("the secret key or proxy password was not read from secureJsonData")
			}
		})
	}
}

// TestNoSecretInErrorsOrJSON plants a known secret in every secure field of many broken and
// working configurations and checks that neither the errors nor the settings marshalled back to
// JSON (what a debug log or a resource handler could print) contain it.
func TestNoSecretInErrorsOrJSON(t *testing.T) {
	secure := map[string]string{"accessKey": knownSecret, "secretKey": knownSecret, "sessionToken": knownSecret, "proxyPassword": knownSecret}
	configs := []string{
		`{"mode":"aws","authType":"keys","defaultRegion":"us-east-1"}`,
		`{"mode":"aws","authType":"keys"}`,
		`{"mode":"aws","authType":"nope","defaultRegion":"us-east-1"}`,
		`{"mode":"aws","defaultRegion":"nowhere"}`,
		`{"mode":"aws","defaultRegion":"us-east-1","regions":["x"]}`,
		`{"mode":"aws","defaultRegion":"us-east-1","endpoint":"::"}`,
		`{"mode":"aws","defaultRegion":"us-east-1","endpoint":"https://u:` + knownSecret + `@h"}`,
		`{"mode":"aws","defaultRegion":"us-east-1","assumeRoleArn":"` + knownSecret + `"}`,
		`{"mode":"aws","defaultRegion":"us-east-1","accessKey":"` + knownSecret + `"}`,
		`{"mode":"aws","defaultRegion":"us-east-1","sessionToken":"` + knownSecret + `"}`,
		`{"mode":"aws","defaultRegion":"us-east-1","proxyPassword":"` + knownSecret + `"}`,
		`{"mode":"aws","defaultRegion":"us-east-1","proxyType":"url","proxyUrl":"http://u:` + knownSecret + `@proxy"}`,
		`{"mode":"aws","defaultRegion":"us-east-1","proxyType":"url","proxyUrl":"http://proxy","proxyUsername":"grafana"}`,
		`{"mode":"aws","defaultRegion":"us-east-1","profile":{"secret":"` + knownSecret + `"}}`,
		`{"mode":"aws","defaultRegion":"us-east-1","regions":"` + knownSecret + `"}`,
		`{"mode":"aws","defaultRegion":` + `"` + knownSecret,
	}
	for _, c := range configs {
		s, err := Load(awsInstance(c, secure))
		if err != nil && strings.Contains(err.Error(), knownSecret) {
			t.Errorf("error for %s shows the secret: %v", c, err)
		}
		out, jsonErr := json.Marshal(s)
		if jsonErr != nil {
			t.Fatal(jsonErr)
		}
		if strings.Contains(string(out), knownSecret) {
			t.Errorf("settings of %s marshal the secret: %s", c, out)
		}
	}
}
