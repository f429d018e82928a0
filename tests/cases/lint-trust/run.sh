#!/bin/bash
# lint reads the trust policy's section of .drydock.yaml (the one bench and verify
# --running read): trust.registries are its trusted registries, trust.base-images the
# FROM images allowed (DDL023, one finding per offending FROM, exact lines).
set -uo pipefail
: "${DRYDOCK:?run through ctest}"
here=$(cd "$(dirname "$0")" && pwd)
got=$(cd "$here" && "$DRYDOCK" lint --format json Dockerfile | jq -r '.findings[] | select(.ruleId == "DDL023") | "\(.location.line) \(.message)"')
want="4 FROM registry.example.com/other/app:1@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f is not one of the allowed base images (trust.base-images)
6 FROM quay.io/x/y:1@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f is not one of the allowed base images (trust.base-images)"
if [ "$got" == "$want" ]; then
    echo "1 passed, 0 failed"
else
    echo "FAIL: DDL023 from the trust section; got:" >&2
    echo "$got" >&2
    echo "0 passed, 1 failed"
    exit 1
fi
