package plugin

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"net"
	"net/http"
	neturl "net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/seed/serverless/pkg/awsclients"
	"github.com/seed/serverless/pkg/cloudwatchlogs"
	"github.com/seed/serverless/pkg/mode/awsmode"
)

// startMoto runs the moto server (installed by scripts/moto.sh) on a free port of 127.0.0.1 for
// the test, and stops it when the test ends. Every wait is bounded.
func startMoto(t *testing.T, env ...string) string {
	t.Helper()
	_, here, _, _ := runtime.Caller(0)
	server := filepath.Join(filepath.Dir(here), "..", "..", ".tools", "venv", "bin", "moto_server")
	if _, err := os.Stat(server); err != nil {
		if testing.Short() {
			t.Skip("moto is not installed; run bash scripts/moto.sh")
		}
		t.Fatalf("moto is not installed (%v); run bash scripts/moto.sh, or go test -short to skip the moto tests", err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	_ = l.Close()
	cmd := exec.Command(server, "-H", "127.0.0.1", "-p", fmt.Sprint(port))
	cmd.Env = append(os.Environ(), env...)
	logPath := filepath.Join(t.TempDir(), "moto.log")
	logFile, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdout, cmd.Stderr = logFile, logFile
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting moto: %v", err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		select {
		case <-exited:
		case <-time.After(10 * time.Second):
			t.Errorf("moto (pid %d) did not exit within 10s of being killed", cmd.Process.Pid)
		}
		_ = logFile.Close()
	})
	url := fmt.Sprintf("http://127.0.0.1:%d", port)
	client := &http.Client{Timeout: time.Second}
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, err := client.Get(url + "/moto-api/")
		if err == nil {
			_ = resp.Body.Close()
			return url
		}
		select {
		case err := <-exited:
			out, _ := os.ReadFile(logPath)
			t.Fatalf("moto exited before answering: %v\n%s", err, out)
		case <-time.After(100 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			out, _ := os.ReadFile(logPath)
			t.Fatalf("moto did not answer on %s within 30s:\n%s", url, out)
		}
	}
}

// newMotoDatasource is a data source in AWS mode whose every AWS call goes to moto.
func newMotoDatasource(t *testing.T, url string, regions ...string) *Datasource {
	t.Helper()
	return newMotoDatasourceAs(t, url, "AKIAMOTOTESTKEY00001", "moto/test/secret", regions...)
}

func newMotoDatasourceAs(t *testing.T, url, accessKey, secretKey string, regions ...string) *Datasource {
	t.Helper()
	jsonData, _ := json.Marshal(map[string]any{"mode": "aws", "authType": "keys", "defaultRegion": regions[0], "regions": regions, "endpoint": url})
	inst, err := NewDatasource(context.Background(), backend.DataSourceInstanceSettings{UID: "moto", JSONData: jsonData,
		DecryptedSecureJSONData: map[string]string{"accessKey": accessKey, "secretKey": secretKey}})
	if err != nil {
		t.Fatal(err)
	}
	d := inst.(*Datasource)
	if d.settingsErr != nil {
		t.Fatal(d.settingsErr)
	}
	d.useAWS(awsclients.NewConnection(d.settings.AWS, awsclients.Options{MaxAttempts: 2, BaseBackoff: time.Millisecond, MaxBackoff: 5 * time.Millisecond}),
		awsmode.Options{Logs: cloudwatchlogs.Options{PollInitial: 5 * time.Millisecond, PollMax: 50 * time.Millisecond}})
	return d
}

// motoIAMUser creates, in a moto started with INITIAL_NO_AUTH_ACTION_COUNT=3, a user whose inline
// policy allows actions, and returns its keys. The three calls are the ones moto lets through
// unauthenticated; from then on moto checks signatures and policies.
func motoIAMUser(t *testing.T, url string, actions ...string) (accessKey, secretKey string) {
	t.Helper()
	policy, _ := json.Marshal(map[string]any{"Version": "2012-10-17", "Statement": []map[string]any{{"Effect": "Allow", "Action": actions, "Resource": "*"}}})
	motoIAM(t, url, "Action=CreateUser&UserName=grafana")
	keys := motoIAM(t, url, "Action=CreateAccessKey&UserName=grafana")
	motoIAM(t, url, "Action=PutUserPolicy&UserName=grafana&PolicyName=grafana&PolicyDocument="+neturl.QueryEscape(string(policy)))
	var created struct {
		AccessKeyID     string `xml:"CreateAccessKeyResult>AccessKey>AccessKeyId"`
		SecretAccessKey string `xml:"CreateAccessKeyResult>AccessKey>SecretAccessKey"`
	}
	if err := xml.Unmarshal([]byte(keys), &created); err != nil || created.AccessKeyID == "" {
		t.Fatalf("CreateAccessKey answered %s (%v)", keys, err)
	}
	return created.AccessKeyID, created.SecretAccessKey
}

// motoIAM sends one IAM call (query protocol) to moto, unsigned: moto does not check IAM calls'
// signatures unless told to, and then only after INITIAL_NO_AUTH_ACTION_COUNT calls.
func motoIAM(t *testing.T, url, form string) string {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, url+"/", strings.NewReader(form+"&Version=2010-05-08"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	// moto picks the service from the credential scope.
	req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20260101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=0")
	resp, err := (&http.Client{Timeout: 10 * time.Second}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("IAM %s: %d %s", form, resp.StatusCode, body)
	}
	return string(body)
}
