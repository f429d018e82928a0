#!/usr/bin/env bash
# Build the images the end-to-end tests use, in the private dockerd named by DOCKER_HOST.
# There is no registry here: bases come from debootstrap and busybox-static, cached in
# $DD_TEST_CACHE between runs. Each tests/images/NN-*.sh builds one family of images;
# they run in order and must be idempotent (skip what already exists).
set -euo pipefail
: "${DOCKER_HOST:?DOCKER_HOST must name the private test daemon}"
here=$(cd "$(dirname "$0")/.." && pwd)
export DD_SRC=$here
export DD_TEST_CACHE=${DD_TEST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/drydock-test}
mkdir -p "$DD_TEST_CACHE"
for f in "$here"/tests/images/[0-9][0-9]-*.sh; do
    [ -e "$f" ] || continue
    echo "== images: $(basename "$f")"
    bash "$f"
done
