package plugin

import (
	"math"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// rowOf is the row of a frame whose field named key holds value.
func rowOf(t *testing.T, f *data.Frame, key, value string) int {
	t.Helper()
	field, _ := f.FieldByName(key)
	for i := range field.Len() {
		if field.At(i) == value {
			return i
		}
	}
	t.Fatalf("frame %s has no %s %s", f.Name, key, value)
	return -1
}

// On the service map, the database's Requests/min is the queries its callers send it, as the
// edges into it say, not its connections, which are a figure of their own, named as such.
func TestDemoServiceMapDatabaseServesRequests(t *testing.T) {
	d := newTestDatasource(t, `{}`)
	from := dayStart.Add(13 * time.Hour)
	res := queryRange(t, d, from, from.Add(time.Hour), `{"queryType":"topology"}`)
	nodes, edges := res.Frames[0], res.Frames[1]
	const db = "rds/booking-postgres"
	targets, _ := edges.FieldByName("target")
	edgeRates, _ := edges.FieldByName("mainstat")
	sent := 0.0
	for i := range targets.Len() {
		if targets.At(i) == db {
			sent += edgeRates.At(i).(float64)
		}
	}
	rates, _ := nodes.FieldByName("mainstat")
	row := rowOf(t, nodes, "id", db)
	if got := rates.At(row).(float64); math.Abs(got-sent) > 1e-9*sent || got < 100 {
		t.Errorf("the database serves %v requests/min, its callers send %v", got, sent)
	}
	if handler := rates.At(rowOf(t, nodes, "id", "lambda/booking-api-handler")).(float64); sent < handler {
		t.Errorf("the booking API's %v calls/min send the database only %v", handler, sent)
	}
	connections, _ := nodes.FieldByName("detail__connections")
	if connections == nil || connections.Config == nil || connections.Config.DisplayName != "Peak connections" {
		t.Fatalf("no Peak connections field: %v", fieldNames(nodes))
	}
	for i := range connections.Len() {
		v, ok := connections.ConcreteAt(i)
		if isDB := i == row; ok != isDB || (isDB && (v.(float64) <= 0 || v.(float64) > 100)) {
			t.Errorf("row %d (database: %v) has connections %v", i, isDB, v)
		}
	}
}
