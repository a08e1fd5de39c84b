#!/usr/bin/env bash
# Installs moto's stand-in AWS server into a project-local venv, once: the CLI's `status` tests read
# CloudWatch from it (npm run test:cli). Prints the path of the moto_server executable.
set -euo pipefail
cd "$(dirname "$0")/.."

MOTO_VERSION=5.2.5
venv=.tools/venv
server="$venv/bin/moto_server"

if ! "$venv/bin/python" -c "import moto, sys; sys.exit(moto.__version__ != '$MOTO_VERSION')" 2>/dev/null \
  || [ ! -x "$server" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "moto[server]==$MOTO_VERSION" >&2
fi
echo "$PWD/$server"
