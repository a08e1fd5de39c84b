package settings

import (
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

const validSLO = `{"name":"checkout","service":"payments","sli":{"template":"functionAvailability","resources":["payments-initializer"]},"objective":99.5,"window":{"rolling":"30d"}}`

func TestLoad(t *testing.T) {
	tests := []struct {
		name     string
		jsonData string
		want     Settings
		wantErr  string
	}{
		{name: "empty jsonData defaults to demo", jsonData: "", want: Settings{Mode: ModeDemo}},
		{name: "empty object defaults to demo", jsonData: `{}`, want: Settings{Mode: ModeDemo}},
		{name: "aws mode", jsonData: `{"mode":"aws","defaultRegion":"us-east-1"}`, want: Settings{Mode: ModeAWS}},
		{name: "scaled demo", jsonData: `{"mode":"demo","demoFunctions":1000}`, want: Settings{Mode: ModeDemo, DemoFunctions: 1000}},
		{name: "unknown mode", jsonData: `{"mode":"gcp"}`, wantErr: `settings: mode must be "demo" or "aws", got "gcp"`},
		{name: "negative scale", jsonData: `{"demoFunctions":-1}`, wantErr: "settings: demoFunctions must be between 0 and 20000, got -1"},
		{name: "absurd scale", jsonData: `{"demoFunctions":1000000}`, wantErr: "settings: demoFunctions must be between 0 and 20000, got 1000000"},
		{name: "an invalid SLO names its field", jsonData: `{"slos":[{"name":"a","service":"s","sli":{"template":"functionAvailability","resources":["f"]},"objective":100,"window":{"rolling":"30d"}}]}`,
			wantErr: "settings: slos[0].objective: 100 must be a percentage strictly between 0 and 100"},
		{name: "an SLO defined twice", jsonData: `{"slos":[` + validSLO + `,` + validSLO + `]}`, wantErr: `settings: slos[1].name: "checkout" is defined twice`},
		{name: "broken JSON", jsonData: `{"mode":`, wantErr: "settings: jsonData is not valid JSON: unexpected end of JSON input"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Load(backend.DataSourceInstanceSettings{JSONData: []byte(tt.jsonData)})
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("error = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			if got.Mode != tt.want.Mode || got.DemoFunctions != tt.want.DemoFunctions {
				t.Fatalf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}
