package cloudwatchlogs

import (
	"reflect"
	"testing"
)

func TestParseLineReadsBothLambdaLogFormats(t *testing.T) {
	const id = "8f5f1a9e-3c1b-4c5e-9a43-2b1d0c9e7f10"
	const trace = "1-6afd103d-0eb1f27620a7e909c09bddfd"
	cold := &Report{DurationMs: 812.45, BilledDurationMs: 813, MemorySizeMB: 512, MaxMemoryUsedMB: 143, InitDurationMs: 401.27}
	tests := []struct {
		name, message string
		want          Line
	}{
		{"text START", "START RequestId: " + id + " Version: $LATEST", Line{Type: TypeStart, Level: "INFO", RequestID: id}},
		{"text END", "END RequestId: " + id, Line{Type: TypeEnd, Level: "INFO", RequestID: id}},
		{"text REPORT of a cold start, traced",
			"REPORT RequestId: " + id + "\tDuration: 812.45 ms\tBilled Duration: 813 ms\tMemory Size: 512 MB\tMax Memory Used: 143 MB\tInit Duration: 401.27 ms\t\nXRAY TraceId: " + trace + "\tSegmentId: 5b0a3c2d1e0f9a8b\tSampled: true\t\n",
			Line{Type: TypeReport, Level: "INFO", RequestID: id, TraceID: trace, Report: cold}},
		{"text REPORT of a warm call",
			"REPORT RequestId: " + id + "\tDuration: 3.10 ms\tBilled Duration: 4 ms\tMemory Size: 128 MB\tMax Memory Used: 70 MB\t",
			Line{Type: TypeReport, Level: "INFO", RequestID: id, Report: &Report{DurationMs: 3.1, BilledDurationMs: 4, MemorySizeMB: 128, MaxMemoryUsedMB: 70}}},
		{"timeout", "2026-11-18T02:41:35.040Z " + id + " Task timed out after 30.00 seconds", Line{Type: TypeTimeout, Level: "ERROR", RequestID: id}},
		{"Node text ERROR", "2026-11-18T02:41:35.040Z\t" + id + "\tERROR\tInvoke Error \t{\"errorType\":\"Error\"}", Line{Type: TypeApp, Level: "ERROR", RequestID: id}},
		{"Node text INFO", "2026-11-18T02:41:35.040Z\t" + id + "\tINFO\torder stored", Line{Type: TypeApp, Level: "INFO", RequestID: id}},
		{"Python text ERROR", "[ERROR]\t2026-11-18T02:41:35.040Z\t" + id + "\tKeyError: 'amount'", Line{Type: TypeApp, Level: "ERROR", RequestID: id}},
		{"plain print", "hello", Line{Type: TypeApp, Level: "INFO"}},
		{"JSON platform.start", `{"time":"2026-11-18T02:41:35.040Z","type":"platform.start","record":{"requestId":"` + id + `","version":"$LATEST"}}`,
			Line{Type: TypeStart, Level: "INFO", RequestID: id}},
		{"JSON platform.runtimeDone", `{"time":"2026-11-18T02:41:35.840Z","type":"platform.runtimeDone","record":{"requestId":"` + id + `","status":"success"}}`,
			Line{Type: TypeEnd, Level: "INFO", RequestID: id}},
		{"JSON platform.report of a cold start",
			`{"time":"2026-11-18T02:41:35.852Z","type":"platform.report","record":{"requestId":"` + id + `","metrics":{"durationMs":812.45,"billedDurationMs":813,"memorySizeMB":512,"maxMemoryUsedMB":143,"initDurationMs":401.27},"tracing":{"spanId":"5b0a3c2d1e0f9a8b","type":"X-Amzn-Trace-Id","value":"Root=` + trace + `;Parent=5b0a3c2d1e0f9a8b;Sampled=1"},"status":"success"}}`,
			Line{Type: TypeReport, Level: "INFO", RequestID: id, TraceID: trace, Report: cold}},
		{"JSON application ERROR", `{"timestamp":"2026-11-18T02:41:35.100Z","level":"ERROR","requestId":"` + id + `","message":"connection refused"}`,
			Line{Type: TypeApp, Level: "ERROR", RequestID: id}},
		{"JSON application line with a trace", `{"level":"info","requestId":"` + id + `","traceId":"` + trace + `","message":"request received"}`,
			Line{Type: TypeApp, Level: "INFO", RequestID: id, TraceID: trace}},
		{"Python JSON WARNING", `{"level":"WARNING","AWSRequestId":"` + id + `","xrayTraceId":"` + trace + `","message":"slow"}`,
			Line{Type: TypeApp, Level: "WARN", RequestID: id, TraceID: trace}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ParseLine(tt.message); !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("got %+v (report %+v), want %+v (report %+v)", got, got.Report, tt.want, tt.want.Report)
			}
		})
	}
}
