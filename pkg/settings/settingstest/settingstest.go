// Package settingstest loads AWS mode's settings for tests of the packages that call AWS: keys
// auth against a local stand-in, as a data source's jsonData and secureJsonData would hold them.
package settingstest

import (
	"encoding/json"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/seed/serverless/pkg/settings"
)

// AWSKeys is AWS mode with access keys, default region us-east-1, the endpoint (none when empty)
// and the regions to watch (the default region when none).
func AWSKeys(t testing.TB, accessKey, secretKey, endpoint string, regions ...string) settings.AWS {
	t.Helper()
	jsonData := map[string]any{"mode": "aws", "authType": "keys", "defaultRegion": "us-east-1", "regions": regions}
	if endpoint != "" {
		jsonData["endpoint"] = endpoint
	}
	raw, err := json.Marshal(jsonData)
	if err != nil {
		t.Fatal(err)
	}
	s, err := settings.Load(backend.DataSourceInstanceSettings{JSONData: raw,
		DecryptedSecureJSONData: map[string]string{"accessKey": accessKey, "secretKey": secretKey}})
	if err != nil {
		t.Fatal(err)
	}
	return s.AWS
}
