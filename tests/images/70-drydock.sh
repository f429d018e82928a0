#!/usr/bin/env bash
# drydock's own image, built from the repository's Dockerfile exactly as a user builds it:
#   drydock-test/drydock   (tests/e2e/image_*.sh, swarm_stack.sh run it)
# No registry is reachable here, so the build stage is FROM the debootstrap bookworm of
# 00-bases.sh instead of the pinned debian:bookworm-slim (BASE_IMAGE; any Debian 12 root).
# Docker's build cache is the cache: the package layer is reused while scripts/deps.sh is
# unchanged, and the compile reruns only when the source does (COPY . .).
set -euo pipefail
: "${DD_SRC:?run through scripts/test-images.sh}"
log=$DD_TEST_CACHE/drydock-image.log
docker build --network host -q -t drydock-test/drydock \
    --build-arg BASE_IMAGE=drydock-test/bookworm \
    --build-arg REVISION="$(git -C "$DD_SRC" rev-parse HEAD 2>/dev/null || echo unknown)" \
    "$DD_SRC" >"$log" 2>&1 || {
    tail -30 "$log" >&2
    exit 1
}
