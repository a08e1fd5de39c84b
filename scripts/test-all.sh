#!/usr/bin/env bash
# The one test command: from a fresh clone (Node 20+, Go, Python 3) it installs what it needs and
# runs every check. `.ci/run` calls exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."

export PATH="$PWD/.tools/bin:$PATH"
timings=()

step() {
  local name=$1
  shift
  echo "::: $name"
  local start=$SECONDS
  "$@"
  timings+=("$(printf '%-28s %4ds' "$name" $((SECONDS - start)))")
}

# Debian's Chromium renders our components for the browser smoke test; never a downloaded browser.
install_chromium() {
  [ -x /usr/bin/chromium ] && return
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
}

install_tools() {
  install_chromium
  npm ci --no-audit --no-fund
  npm ci --no-audit --no-fund --prefix e2e/react19
  # The modules our packages, tests, e2e tests and Magefile build with. Not `go mod download`: it
  # asks for each module's version info, which the proxy refuses for some whose code it serves.
  go list -deps -test -tags e2e,mage ./... >/dev/null
  # mage at the version go.mod pins (grafana-plugin-sdk-go's build package needs it).
  GOBIN="$PWD/.tools/bin" go install github.com/magefile/mage
  # moto's stand-in CloudWatch, for the SLO CLI's status tests (a venv in .tools/venv).
  bash scripts/moto.sh >/dev/null
}

step "install" install_tools
step "typecheck" npm run typecheck
step "lint" npm run lint
step "prettier" npm run format:check
step "jest" npm run test:ci
step "jest on React 19 (Grafana 13)" npm run test:react19
step "SLO CLI status on moto" npm run test:cli
check_gofmt() {
  local unformatted
  unformatted=$(gofmt -l pkg e2e Magefile.go)
  [ -z "$unformatted" ] || { echo "gofmt needed: $unformatted"; return 1; }
}

step "gofmt" check_gofmt
step "go vet" go vet ./...
step "go vet (e2e)" go vet -tags e2e ./e2e/...
step "go test -race" go test -race ./pkg/...
# No Grafana server runs here (issue #7): read the alerting files as Grafana's provisioning does.
step "provisioning files" go test -tags e2e -count=1 ./e2e/provisioning/
# A count, not a duration: a duration's deadline can hit a worker mid-input and fail the run.
step "fuzz query parser (150k inputs)" go test -run '^$' -fuzz FuzzParse -fuzztime 150000x ./pkg/query/
step "build front end" npm run build
step "build back end (6 targets)" mage -v
step "package" bash scripts/package.sh
step "components in Chromium" npm run screenshots:components
step "validate package" go test -tags e2e -count=1 ./e2e/package/
step "protocol test" go test -tags e2e -count=1 -race ./e2e/protocol/
# The app's pages in Chromium, in the Grafana-shaped host, against the built plugin binary.
step "uihost" go test -tags e2e -count=1 -race ./e2e/uihost/
step "build uihost" npm run build:uihost
step "browser suite (uihost)" npx playwright test
step "pages in Chromium" node e2e/uihost/pages.mjs
step "Grafana compatibility" bash scripts/compat.sh

echo "::: timings"
printf '%s\n' "${timings[@]}"
