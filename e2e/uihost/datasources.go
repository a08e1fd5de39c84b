//go:build e2e

package main

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/genproto/pluginv2"

	"github.com/seed/serverless/e2e/pluginhost"
)

// dataSource is the one data source this server provisions, as Grafana would from provisioning/.
type dataSource struct {
	ID       int64
	UID      string
	Name     string
	Type     string
	JSONData map[string]any
	// Updated is when the settings were provisioned; the plugin's SDK keeps one instance per data
	// source until this changes, as it does when Grafana saves new settings.
	Updated time.Time
}

const demoDataSourceUID = "serverless-demo"

// provisionedDataSource is the demo-mode instance; demoFunctions 0 leaves the plugin's default.
func provisionedDataSource(demoFunctions int) dataSource {
	jsonData := map[string]any{"mode": "demo"}
	if demoFunctions > 0 {
		jsonData["demoFunctions"] = demoFunctions
	}
	return dataSource{ID: 1, UID: demoDataSourceUID, Name: "Serverless (demo)", Type: pluginhost.PluginID, JSONData: jsonData,
		Updated: time.Now()}
}

// dataSourceDTO is Grafana's GET /api/datasources/uid/{uid} body (pkg/api/dtos.DataSource).
type dataSourceDTO struct {
	ID                int64           `json:"id"`
	UID               string          `json:"uid"`
	OrgID             int64           `json:"orgId"`
	Name              string          `json:"name"`
	Type              string          `json:"type"`
	TypeLogoURL       string          `json:"typeLogoUrl"`
	Access            string          `json:"access"`
	URL               string          `json:"url"`
	Password          string          `json:"password"`
	User              string          `json:"user"`
	Database          string          `json:"database"`
	BasicAuth         bool            `json:"basicAuth"`
	BasicAuthUser     string          `json:"basicAuthUser"`
	BasicAuthPassword string          `json:"basicAuthPassword"`
	WithCredentials   bool            `json:"withCredentials"`
	IsDefault         bool            `json:"isDefault"`
	JSONData          map[string]any  `json:"jsonData"`
	SecureJSONFields  map[string]bool `json:"secureJsonFields"`
	Version           int             `json:"version"`
	ReadOnly          bool            `json:"readOnly"`
}

// dataSourceListItem is one element of Grafana's GET /api/datasources (DataSourceListItemDTO).
type dataSourceListItem struct {
	ID          int64          `json:"id"`
	UID         string         `json:"uid"`
	OrgID       int64          `json:"orgId"`
	Name        string         `json:"name"`
	Type        string         `json:"type"`
	TypeName    string         `json:"typeName"`
	TypeLogoURL string         `json:"typeLogoUrl"`
	Access      string         `json:"access"`
	URL         string         `json:"url"`
	User        string         `json:"user"`
	Database    string         `json:"database"`
	BasicAuth   bool           `json:"basicAuth"`
	IsDefault   bool           `json:"isDefault"`
	JSONData    map[string]any `json:"jsonData"`
	ReadOnly    bool           `json:"readOnly"`
}

func (d dataSource) logoURL() string { return "public/plugins/" + d.Type + "/img/logo.svg" }

func (d dataSource) dto() dataSourceDTO {
	return dataSourceDTO{
		ID: d.ID, UID: d.UID, OrgID: 1, Name: d.Name, Type: d.Type, TypeLogoURL: d.logoURL(), Access: "proxy",
		IsDefault: true, JSONData: d.JSONData, SecureJSONFields: map[string]bool{}, Version: 1, ReadOnly: true,
	}
}

func (d dataSource) listItem() dataSourceListItem {
	return dataSourceListItem{
		ID: d.ID, UID: d.UID, OrgID: 1, Name: d.Name, Type: d.Type, TypeName: "Serverless", TypeLogoURL: d.logoURL(),
		Access: "proxy", IsDefault: true, JSONData: d.JSONData, ReadOnly: true,
	}
}

// pluginContext is what Grafana sends the plugin with every call for this instance.
func (d dataSource) pluginContext() (*pluginv2.PluginContext, error) {
	jsonData, err := json.Marshal(d.JSONData)
	if err != nil {
		return nil, err
	}
	return &pluginv2.PluginContext{
		OrgId:    1,
		PluginId: d.Type,
		User:     &pluginv2.User{Login: "admin", Name: "admin", Email: "admin@localhost", Role: "Admin"},
		DataSourceInstanceSettings: &pluginv2.DataSourceInstanceSettings{
			Id: d.ID, Uid: d.UID, Name: d.Name, JsonData: jsonData, LastUpdatedMS: d.Updated.UnixMilli(),
		},
	}, nil
}

// lookup finds a data source by uid, answering Grafana's 404 when there is none.
func (s *server) lookup(w http.ResponseWriter, uid string) (dataSource, bool) {
	if uid != s.ds.UID {
		writeJSON(w, http.StatusNotFound, message("Data source not found"))
		return dataSource{}, false
	}
	return s.ds, true
}

func (s *server) listDataSources(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, []dataSourceListItem{s.ds.listItem()})
}

func (s *server) getDataSource(w http.ResponseWriter, r *http.Request) {
	if ds, ok := s.lookup(w, r.PathValue("uid")); ok {
		writeJSON(w, http.StatusOK, ds.dto())
	}
}

// pluginContextFor is the plugin context of the data source the request's {uid} names, for the calls
// that go to its plugin; when there is none it has answered: Grafana's 404, or a 500.
func (s *server) pluginContextFor(w http.ResponseWriter, r *http.Request) (*pluginv2.PluginContext, bool) {
	ds, ok := s.lookup(w, r.PathValue("uid"))
	if !ok {
		return nil, false
	}
	pc, err := ds.pluginContext()
	if err != nil {
		writeJSON(w, http.StatusInternalServerError, message(err.Error()))
		return nil, false
	}
	return pc, true
}

// checkHealth answers as Grafana's CheckDatasourceHealthWithUID: the plugin's status and message,
// its JSON details when it sends any, 400 unless the status is OK.
func (s *server) checkHealth(w http.ResponseWriter, r *http.Request) {
	pc, ok := s.pluginContextFor(w, r)
	if !ok {
		return
	}
	res, err := s.plugin.diagnostics.CheckHealth(r.Context(), &pluginv2.CheckHealthRequest{PluginContext: pc})
	if err != nil {
		writeJSON(w, http.StatusInternalServerError, message("Plugin health check failed"))
		return
	}
	result := backend.FromProto().CheckHealthResponse(res)
	payload := map[string]any{"status": result.Status.String(), "message": result.Message}
	if len(result.JSONDetails) > 0 {
		var details map[string]any
		if err := json.Unmarshal(result.JSONDetails, &details); err != nil {
			writeJSON(w, http.StatusInternalServerError, message("Failed to unmarshal detailed response from backend plugin"))
			return
		}
		payload["details"] = details
	}
	status := http.StatusOK
	if result.Status != backend.HealthStatusOk {
		status = http.StatusBadRequest
	}
	writeJSON(w, status, payload)
}
