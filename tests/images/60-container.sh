#!/usr/bin/env bash
# Images for `drydock scan container:` (tests/e2e/scan_container.sh). Idempotent.
#   drydock-test/ctr-secret   brt-base plus /app/key holding a credential, so a container
#                             that deletes it at run time leaves it "deleted but still in
#                             the image" (found in the image layer, not in the container)
set -euo pipefail
have() { docker image inspect "$1" >/dev/null 2>&1; }

if ! have drydock-test/ctr-secret; then
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' EXIT
    # A well-formed, fake GitHub token (40 characters).
    printf 'token = "ghp_Ct0nT41n3rS3cr3tV4lu3F0rDrYd0ckT3stQ"\n' >"$tmp/key"
    printf 'FROM drydock-test/brt-base\nCOPY key /app/key\nCMD ["sleep", "3600"]\n' >"$tmp/Dockerfile"
    docker build -q --network host -t drydock-test/ctr-secret "$tmp" >/dev/null
fi
