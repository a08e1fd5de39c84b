#!/usr/bin/env bash
# Zips dist/ the way Grafana's plugin validator and catalog expect: one top folder named after the app id.
#
#   bash scripts/package.sh            build/<id>-<version>.zip, with the back end for every platform
#   bash scripts/package.sh --host     build/<id>-<version>.<os>_<arch>.zip, with the back end for this
#                                      machine only (Grafana's name for a platform-specific archive)
#   --build                            first build the front end (npm run build) and the back end (mage
#                                      -v, or mage -v build:backend with --host)
#
# It prints the archive's path on its last line.
set -euo pipefail
cd "$(dirname "$0")/.."

host=false
build=false
for arg in "$@"; do
  case $arg in
    --host) host=true ;;
    --build) build=true ;;
    *)
      echo "usage: bash scripts/package.sh [--host] [--build]" >&2
      exit 2
      ;;
  esac
done

if $build; then
  # An installed mage (on PATH, or the one scripts/test-all.sh installs), else mage at the version
  # go.mod pins.
  mage=(go run github.com/magefile/mage)
  if type -P mage >/dev/null; then
    mage=(mage)
  elif [ -x .tools/bin/mage ]; then
    mage=(.tools/bin/mage)
  fi
  npm run build >&2
  if $host; then "${mage[@]}" -v build:backend >&2; else "${mage[@]}" -v >&2; fi
fi

plugin_id=$(python3 -c 'import json; print(json.load(open("dist/plugin.json"))["id"])')
version=$(python3 -c 'import json; print(json.load(open("dist/plugin.json"))["info"]["version"])')
executable=$(python3 -c 'import json; print(json.load(open("dist/datasource/plugin.json"))["executable"])')

# The binaries the package holds: those mage -v builds (every platform), or this machine's.
if $host; then
  platforms=("$(go env GOOS)_$(go env GOARCH)")
  archive="build/$plugin_id-$version.${platforms[0]}.zip"
else
  platforms=(linux_amd64 linux_arm64 linux_arm darwin_amd64 darwin_arm64 windows_amd64)
  archive="build/$plugin_id-$version.zip"
fi
binaries=()
for p in "${platforms[@]}"; do
  binary="dist/datasource/${executable}_$p"
  [[ $p == windows_* ]] && binary+=.exe
  if [ ! -f "$binary" ]; then
    if $host; then hint="mage -v build:backend"; else hint="mage -v"; fi
    echo "$binary is missing: build the back end first ($hint), or add --build" >&2
    exit 1
  fi
  binaries+=("$(basename "$binary")")
done

staging=build/package
rm -rf "$staging" && mkdir -p "$staging"
cp -a dist "$staging/$plugin_id"
rm -f "$staging/$plugin_id"/.eslintcache
# Only the binaries of the platforms this package is for (dist/ may hold others from earlier builds).
for f in "$staging/$plugin_id/datasource/${executable}"_*; do
  [[ " ${binaries[*]} " == *" $(basename "$f") "* ]] || rm -f "$f"
done
rm -f "$archive"
(cd "$staging" && python3 -m zipfile -c "../$(basename "$archive")" "$plugin_id")
echo "$archive"
