#!/usr/bin/env bash
# Zips dist/ the way Grafana's plugin validator and catalog expect: one top folder named after the app id.
set -euo pipefail
cd "$(dirname "$0")/.."

plugin_id=$(python3 -c 'import json; print(json.load(open("dist/plugin.json"))["id"])')
version=$(python3 -c 'import json; print(json.load(open("dist/plugin.json"))["info"]["version"])')
staging=build/package
rm -rf "$staging" && mkdir -p "$staging"
cp -a dist "$staging/$plugin_id"
rm -f "$staging/$plugin_id"/.eslintcache
archive="build/$plugin_id-$version.zip"
rm -f "$archive"
(cd "$staging" && python3 -m zipfile -c "../$(basename "$archive")" "$plugin_id")
echo "$archive"
