#!/usr/bin/env bash
# Push the images the registry tests read (tests/e2e/registry_*.sh) to the private
# registry scripts/test.sh started ($DD_TEST_REGISTRY; dockerd pushes to 127.0.0.0/8 over
# plain HTTP). The registry is new each run, so this runs each time; blobs already there
# are not sent again. The local names are untagged afterwards, so that a bare
# "HOST:PORT/NAME" is known only to the registry (the daemon-then-registry fallback).
#   HOST:PORT/drydock-test/scan-secrets:latest   the image scan_image.sh reads from the daemon
#   HOST:PORT/drydock-test/busybox:latest         small, for signing
#   HOST:PORT/drydock-test/scan-distroless:latest another digest, for signing
set -euo pipefail
if [ -z "${DD_TEST_REGISTRY:-}" ]; then
    echo "no DD_TEST_REGISTRY: registry images not pushed"
    exit 0
fi
for img in drydock-test/scan-secrets drydock-test/busybox drydock-test/scan-distroless; do
    docker tag "$img" "$DD_TEST_REGISTRY/$img:latest"
    docker push -q "$DD_TEST_REGISTRY/$img:latest" >/dev/null
    docker rmi "$DD_TEST_REGISTRY/$img:latest" >/dev/null
done
