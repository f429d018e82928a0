#!/usr/bin/env bash
# The vulnerability database through the private registry, as an OCI artifact:
# `db push` publishes it; `db update --from` on another "host" (another --db) pulls it
# with its digest checked, installs it atomically, and the second pull is "not
# modified"; a newer push is pulled again; a blob tampered with in the registry's
# storage and an artifact that is not a database each fail and leave the installed
# database as it was.
. "$DD_SRC/tests/e2e/lib.sh"
need_registry
export DOCKER_CONFIG=$DD_TMP/docker-config
A=$DD_TMP/a.db
B=$DD_TMP/host2/vuln.db
mkdir -p "$DD_TMP/host2"
REF=$REG/drydock/vulndb-$$:1

run_dd db import --db "$A" "$DD_SHARED_DATA/alpine-secdb/v3.11-main.json"
assert_rc 0 "import a feed"
run_dd db push --db "$A" --insecure-registry "$REG" "$REF"
assert_rc 0 "db push"
assert_contains "$DD_OUT" "pushed $REF as sha256:" "push names the digest"
MAN=$(curl -s -H 'Accept: application/vnd.oci.image.manifest.v1+json' "http://$REG/v2/drydock/vulndb-$$/manifests/1")
assert_contains "$MAN" '"artifactType":"application/vnd.drydock.vuln.db.v1"' "OCI artifact type"
assert_contains "$MAN" '"mediaType":"application/vnd.drydock.vuln.db.layer.v1.sqlite3"' "the database layer"

run_dd db update --db "$B" --from "$REF" --insecure-registry "$REG"
assert_rc 0 "db update --from"
assert_contains "$DD_OUT" "updated $B from sha256:" "pulled and installed"
if cmp -s "$A" "$B"; then ok; else fail "the pulled database differs from the pushed one"; fi
run_dd db status --db "$B" -f json
assert_rc 0 "the pulled database opens"
assert_contains "$DD_OUT" "alpine" "its sources are there"
run_dd db update --db "$B" --from "$REF" --insecure-registry "$REG"
assert_rc 0 "second pull"
assert_contains "$DD_OUT" "not modified" "conditional on the digest"

# A newer database under the same tag is pulled again.
run_dd db import --db "$A" "$DD_SHARED_DATA/debian-bookworm-tracker-subset.json.gz"
run_dd db push --db "$A" --insecure-registry "$REG" "$REF"
assert_rc 0 "push a newer database"
run_dd db update --db "$B" --from "$REF" --insecure-registry "$REG"
assert_contains "$DD_OUT" "updated" "the new digest is pulled"
if cmp -s "$A" "$B"; then ok; else fail "the second pull differs"; fi
cp "$B" "$DD_TMP/before.db"

# Tamper with the database blob in the registry's storage: refused, old one kept.
run_dd db import --db "$A" "$DD_SHARED_DATA/alpine-secdb/v3.11-main.json"
run_dd db push --db "$A" --insecure-registry "$REG" "$REF"
LAYER=$(curl -s -H 'Accept: application/vnd.oci.image.manifest.v1+json' "http://$REG/v2/drydock/vulndb-$$/manifests/1" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["layers"][0]["digest"])')
HEX=${LAYER#sha256:}
python3 - "$DD_TEST_REGISTRY_DIR/storage/docker/registry/v2/blobs/sha256/${HEX:0:2}/$HEX/data" <<'PY'
import sys
p = sys.argv[1]
b = bytearray(open(p, "rb").read())
b[len(b) // 2] ^= 0x55
open(p, "wb").write(b)
PY
run_dd db update --db "$B" --from "$REF" --insecure-registry "$REG"
assert_rc 3 "tampered database blob"
assert_contains "$DD_ERR" "digest mismatch: expected $LAYER" "digest error names the blob"
if cmp -s "$B" "$DD_TMP/before.db"; then ok; else fail "the installed database changed"; fi
assert_eq "$(ls "$DD_TMP/host2" | grep -c pull)" 0 "no temporary file left behind"

# An image is not a database artifact.
run_dd db update --db "$B" --from "$REG/drydock-test/busybox:latest" --insecure-registry "$REG"
assert_rc 3 "an image is not a database"
assert_contains "$DD_ERR" "is not a drydock vulnerability database artifact" "wrong artifact explained"
done_tests
