#!/usr/bin/env bash
# Grafana's own compatibility checker (levitate): every entry point Grafana loads (the app module, the
# data source module and the modules they lazy-load) against the APIs of the oldest Grafana we support
# and of the newest published one. Exits non-zero when an entry point uses an API a target lacks.
set -euo pipefail
cd "$(dirname "$0")/.."

oldest=12.3.0
newest=$(npm view @grafana/data version)
# A check takes about a minute here: every entry against the oldest, the module Grafana loads first
# against the newest.
check() {
  echo "::: $1 against Grafana $2"
  npx levitate is-compatible --path "$1" --target "@grafana/data@$2,@grafana/ui@$2,@grafana/runtime@$2"
}
for entry in src/module.tsx src/datasource/module.ts src/components/App/App.tsx; do
  check "$entry" "$oldest"
done
check src/module.tsx "$newest"
