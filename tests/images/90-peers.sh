#!/usr/bin/env bash
# Peer tools the end-to-end tests compare against (installed once into the cache):
#   snyk-docker-plugin (npm): lists OS packages from a docker-save archive offline.
# Pinned: newer releases need a dependency version the npm registry here lacks.
set -euo pipefail
dir=$DD_TEST_CACHE/snyk
if [ -d "$dir/node_modules/snyk-docker-plugin" ]; then
    exit 0
fi
command -v npm >/dev/null || { echo "npm is missing: cannot install snyk-docker-plugin" >&2; exit 1; }
mkdir -p "$dir"
(cd "$dir" && { [ -f package.json ] || npm init -y >/dev/null; } &&
    npm install --no-audit --no-fund snyk-docker-plugin@8.16.0 >"$dir/npm.log" 2>&1) || {
    tail -20 "$dir/npm.log" >&2
    exit 1
}
