#!/usr/bin/env bash
# The one test command: from a fresh clone (Node 20+, Go, Python 3) it installs what it needs and
# runs every check. `.ci/run` calls exactly this.
#
# Two lanes run side by side, since the front-end tools mostly keep one core busy and the Go
# compiler keeps both: the front-end lane in the foreground, the Go lane in the background (its
# output goes to build/ci/go.log, printed when it ends). The front-end lane waits for the Go lane's
# plugin binary and moto before the steps that use them. A failed step is named
# (::: FAILED: <step>) and ends its lane; the other lane runs on, and every step's time is printed.
set -euo pipefail
cd "$(dirname "$0")/.."

export PATH="$PWD/.tools/bin:$PATH"
# The sdk builds the plugin without cgo. Everything else but the race detector (which needs cgo) is
# built the same way, so the plugin, go vet and the uihost build share one compile of the modules.
export CGO_ENABLED=0
# mage's compiled Magefile stays in the clone, not in ~/.magefile.
export MAGEFILE_CACHE="$PWD/.tools/magefile"

logs=build/ci
rm -rf "$logs" && mkdir -p "$logs/ok"
exec 3>&1 # the console, for the Go lane's progress lines
began=$SECONDS
lane=front-end

# step NAME COMMAND...: runs COMMAND (with errexit, also inside shell functions), records its wall
# time in the lane's timings and returns its status. Call it as a plain command, never under || or
# if: bash ignores errexit inside those, even where set -e is set again.
step() {
  local name=$1 start=$SECONDS status line
  shift
  echo "::: $name"
  [ "$lane" = front-end ] || echo "::: ($lane lane) $name" >&3
  set +e
  (
    set -e
    "$@"
  )
  status=$?
  set -e
  line=$(printf '%-34s %4ds' "$name" $((SECONDS - start)))
  if [ $status -ne 0 ]; then
    line+="  FAILED (exit $status)"
    echo "::: FAILED: $name (exit $status)"
    [ "$lane" = front-end ] || echo "::: FAILED: $name (exit $status; $lane lane, see $logs/$lane.log)" >&3
    echo "$name ($lane lane, exit $status)" >>"$logs/failed"
  else
    : >"$logs/ok/$name"
  fi
  echo "$line" >>"$logs/$lane.timings"
  return $status
}

# --- the Go lane (background) --------------------------------------------------------------------

go_modules() {
  # The modules our packages, tests, e2e tests and Magefile build with. Not `go mod download`: it
  # asks for each module's version info, which the proxy refuses for some whose code it serves.
  # Named, not ./...: node_modules, which npm ci fills meanwhile, holds Go files.
  go list -deps -test -tags e2e,mage . ./pkg/... ./e2e/... >/dev/null
  # mage at the version go.mod pins (grafana-plugin-sdk-go's build package needs it).
  GOBIN="$PWD/.tools/bin" go install github.com/magefile/mage
}

check_gofmt() {
  local unformatted
  unformatted=$(gofmt -l pkg e2e Magefile.go)
  [ -z "$unformatted" ] || {
    echo "gofmt needed: $unformatted"
    return 1
  }
}

# CI builds the back end for this machine only; the release package (npm run package) has every
# platform (docs/testing.md). The plugin's packages must still resolve for every other platform.
check_other_platforms() {
  local p
  for p in linux/arm64 linux/arm darwin/amd64 darwin/arm64 windows/amd64; do
    GOOS=${p%/*} GOARCH=${p#*/} go list -deps -tags arrow_json_stdlib ./pkg >/dev/null
  done
}

go_lane() {
  step "Go modules and mage" go_modules
  # moto's stand-in AWS, for go test (AWS mode) and the SLO CLI's status tests (a venv in .tools/venv).
  step "moto" bash scripts/moto.sh
  # First, for the front-end lane's browser steps.
  step "build back end (this machine)" mage -v build:backend
  step "gofmt" check_gofmt
  step "go vet" go vet ./pkg/...
  step "go vet (e2e)" go vet -tags e2e ./e2e/...
  step "other platforms' packages" check_other_platforms
  # No Grafana server runs here (issue #7): read the alerting files as Grafana's provisioning does.
  step "provisioning files" go test -tags e2e -count=1 ./e2e/provisioning/
  step "go test -race" env CGO_ENABLED=1 go test -race ./pkg/...
  # A count, not a duration: a duration's deadline can hit a worker mid-input and fail the run.
  step "fuzz query parser (150k inputs)" go test -run '^$' -fuzz FuzzParse -fuzztime 150000x ./pkg/query/
  step "protocol test" env CGO_ENABLED=1 go test -tags e2e -count=1 -race ./e2e/protocol/
  # The Grafana-shaped host's own tests, against the built plugin binary.
  step "uihost" env CGO_ENABLED=1 go test -tags e2e -count=1 -race ./e2e/uihost/
}

lane=go
go_lane >"$logs/go.log" 2>&1 &
go_pid=$!
lane=front-end

# --- the front-end lane (foreground) -------------------------------------------------------------

# Debian's Chromium renders our components for the browser smoke test; never a downloaded browser.
install_chromium() {
  [ -x /usr/bin/chromium ] && return
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
}

install_npm() {
  install_chromium
  npm ci --no-audit --no-fund --prefix e2e/react19
  npm ci --no-audit --no-fund
}

# await_go STEP: waits until the Go lane has passed STEP; fails if that lane ended without it.
await_go() {
  until [ -e "$logs/ok/$1" ]; do
    if ! kill -0 "$go_pid" 2>/dev/null; then
      [ -e "$logs/ok/$1" ] && return
      echo "the Go lane ended without passing \"$1\" (see $logs/go.log)"
      return 1
    fi
    sleep 1
  done
}

# The package CI validates holds the back end for this machine: <id>-<version>.<os>_<arch>.zip.
package_host() { bash scripts/package.sh --host | tee "$logs/package.path"; }
validate_package() { PLUGIN_ZIP="$PWD/$(tail -n1 "$logs/package.path")" go test -tags e2e -count=1 ./e2e/package/; }

front_end_lane() {
  step "install (npm, Chromium)" install_npm
  step "typecheck" npm run typecheck
  step "lint" npm run lint
  step "prettier" npm run format:check
  step "jest" npm run test:ci
  step "jest on React 19 (Grafana 13)" npm run test:react19
  step "build front end" npm run build
  step "components in Chromium" npm run screenshots:components
  step "Grafana compatibility" bash scripts/compat.sh
  step "wait: moto (Go lane)" await_go "moto"
  step "SLO CLI status on moto" npm run test:cli
  step "wait: back end (Go lane)" await_go "build back end (this machine)"
  step "package (this machine)" package_host
  step "validate package" validate_package
  # The app's pages in Chromium, in the Grafana-shaped host, against the built plugin binary.
  step "build uihost" npm run build:uihost
  step "browser suite (uihost)" npx playwright test
  step "pages in Chromium" node e2e/uihost/pages.mjs
}

set +e
(
  set -e
  front_end_lane
)
status=$?
wait "$go_pid"
go_status=$?
set -e
echo "::: Go lane output ($logs/go.log)"
cat "$logs/go.log"

echo "::: timings (wall seconds; the two lanes ran side by side)"
echo "-- front-end lane"
cat "$logs/front-end.timings" 2>/dev/null || true
echo "-- Go lane"
cat "$logs/go.timings" 2>/dev/null || true
printf '%-34s %4ds\n' total $((SECONDS - began))
if [ $status -ne 0 ] || [ $go_status -ne 0 ]; then
  sed 's/^/::: FAILED: /' "$logs/failed" 2>/dev/null || true
  exit 1
fi
