#!/usr/bin/env bash
# drydock scan docker:// against the private registry (Debian's docker-registry):
#  - the image scan_image.sh reads from the daemon gives the same findings from the
#    registry (rule, path, line, column, layer);
#  - a bare name falls back from the daemon to the registry (--image-src);
#  - a blob tampered with in the registry's storage is a digest error naming the image,
#    the layer and both digests, exit 3, and nothing is reported; the same for a layer
#    changed inside a docker-save archive and inside an OCI layout;
#  - every image of a multi-image docker-save archive is scanned;
#  - Bearer token auth (a real WWW-Authenticate challenge, the token from the realm) and
#    htpasswd Basic auth, with credentials from --username or from DOCKER_CONFIG.
. "$DD_SRC/tests/e2e/lib.sh"
need_daemon
need_registry
IMG=drydock-test/scan-secrets
need_image $IMG
export DOCKER_CONFIG=$DD_TMP/docker-config # never the user's own logins
mkdir -p "$DOCKER_CONFIG"

summarize() {
    python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
for f in d["findings"]:
    if f["status"] not in ("fail", "info"):
        continue
    p = f.get("properties") or {}
    loc = f.get("location") or {}
    print(f["ruleId"], loc.get("path") or "-", loc.get("line", 0), loc.get("column", 0), p.get("layer", "-"), p.get("removed_in", "-"))
' "$1" | grep -v '^DDI-LATEST-TAG ' | sort
}

# --- the same image from the daemon and from the registry ------------------------------
run_dd scan --no-progress --scanners config,secrets,packages -f json -o "$DD_TMP/daemon.json" $IMG
assert_rc 0 "scan $IMG from the daemon"
run_dd scan --no-progress --scanners config,secrets,packages -f json -o "$DD_TMP/reg.json" \
    --insecure-registry "$REG" "docker://$REG/$IMG:latest"
assert_rc 0 "scan docker://$REG/$IMG"
summarize "$DD_TMP/daemon.json" >"$DD_TMP/daemon.sum"
summarize "$DD_TMP/reg.json" >"$DD_TMP/reg.sum"
assert_eq "$(wc -l <"$DD_TMP/reg.sum")" "$(wc -l <"$DD_TMP/daemon.sum")" "as many findings from the registry"
if diff "$DD_TMP/daemon.sum" "$DD_TMP/reg.sum" >"$DD_TMP/diff"; then ok; else fail "registry findings differ from the daemon's: $(head -20 "$DD_TMP/diff")"; fi
assert_contains "$(cat "$DD_TMP/reg.sum")" "secret-github-pat /srv/app/settings.yml 2 10" "live secret found in the registry image"
META=$(python3 -c 'import json,sys; m=json.load(open(sys.argv[1]))["meta"]; print(m["image_id"], m["manifest_digest"][:7], m["packages"])' "$DD_TMP/reg.json")
DMETA=$(python3 -c 'import json,sys; m=json.load(open(sys.argv[1]))["meta"]; print(m["image_id"])' "$DD_TMP/daemon.json")
assert_eq "${META%% *}" "$DMETA" "same image id (config digest) from registry and daemon"
assert_contains "$META" " sha256: " "the manifest digest is reported"
run_dd scan --no-progress --list-packages --insecure-registry "$REG" "docker://$REG/$IMG:latest"
assert_rc 0 "list packages from the registry"
assert_contains "$DD_OUT" "libc6" "dpkg packages read from registry layers"

# --- bare names: daemon first, then the registry -------------------------------------------
run_dd scan --no-progress --scanners config --insecure-registry "$REG" "$REG/$IMG"
assert_rc 0 "bare name not in the daemon is read from the registry"
run_dd scan --no-progress --scanners config --image-src daemon "$REG/$IMG"
assert_rc 3 "--image-src daemon does not look in the registry"
assert_contains "$DD_ERR" "no such image" "daemon-only message"
run_dd scan --no-progress --scanners config --image-src registry --insecure-registry "$REG" "$REG/drydock-test/nope:1"
assert_rc 3 "unknown image in the registry"
assert_contains "$DD_ERR" "HTTP 404" "registry 404 named"
run_dd scan --no-progress --scanners config "docker://$REG/$IMG:latest"
assert_rc 3 "plain HTTP registry without --insecure-registry"
assert_contains "$DD_ERR" "--insecure-registry" "hint names --insecure-registry"

# --- a blob tampered with in the registry's storage ----------------------------------------
mkdir -p "$DD_TMP/uniq"
head -c 4096 /dev/urandom >"$DD_TMP/uniq/random.bin"
printf 'FROM drydock-test/busybox\nCOPY random.bin /random.bin\n' >"$DD_TMP/uniq/Dockerfile"
TAMPER=$REG/drydock-test/tamper-$$:1
docker build -q -t "$TAMPER" "$DD_TMP/uniq" >/dev/null && docker push -q "$TAMPER" >/dev/null || fail "push of the tamper image"
at_exit "docker rmi -f $TAMPER"
LAYER=$(curl -s -H 'Accept: application/vnd.docker.distribution.manifest.v2+json' \
    "http://$REG/v2/drydock-test/tamper-$$/manifests/1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["layers"][-1]["digest"])')
HEX=${LAYER#sha256:}
DATA=$DD_TEST_REGISTRY_DIR/storage/docker/registry/v2/blobs/sha256/${HEX:0:2}/$HEX/data
if [ -f "$DATA" ]; then ok; else fail "blob data file $DATA not found"; fi
# Flip one byte in the middle, size unchanged.
python3 - "$DATA" <<'EOF'
import sys
p = sys.argv[1]
b = bytearray(open(p, "rb").read())
b[len(b) // 2] ^= 0xFF
open(p, "wb").write(b)
EOF
run_dd scan --no-progress -f json --insecure-registry "$REG" "docker://$TAMPER"
assert_rc 3 "tampered layer blob"
assert_contains "$DD_ERR" "digest mismatch" "digest error"
assert_contains "$DD_ERR" "expected $LAYER" "expected digest named"
assert_contains "$DD_ERR" "drydock-test/tamper-$$" "image named"
assert_eq "$DD_OUT" "" "no report from a tampered image"

# --- docker-archive: a layer changed inside the archive -------------------------------
docker save -o "$DD_TMP/bb.tar" drydock-test/busybox
python3 - "$DD_TMP/bb.tar" "$DD_TMP/bb-bad.tar" <<'EOF'
import io, sys, tarfile
src, dst = sys.argv[1], sys.argv[2]
with tarfile.open(src) as t, tarfile.open(dst, "w") as o:
    done = False
    for m in t.getmembers():
        data = t.extractfile(m).read() if m.isfile() else None
        if data is not None and m.name.endswith("layer.tar") and not done:
            inner = tarfile.open(fileobj=io.BytesIO(data))
            out = io.BytesIO()
            with tarfile.open(fileobj=out, mode="w") as w:
                for im in inner.getmembers():
                    d = inner.extractfile(im).read() if im.isfile() else None
                    if d is not None and not done and len(d) > 16:
                        d = bytes([d[0] ^ 1]) + d[1:]  # same size, other content
                        done = True
                    w.addfile(im, io.BytesIO(d) if d is not None else None)
            data = out.getvalue()
            m.size = len(data)
        o.addfile(m, io.BytesIO(data) if data is not None else None)
EOF
run_dd scan --no-progress "docker-archive:$DD_TMP/bb.tar"
assert_rc 0 "intact docker-archive"
run_dd scan --no-progress "docker-archive:$DD_TMP/bb-bad.tar"
assert_rc 3 "docker-archive with a changed layer"
assert_contains "$DD_ERR" "digest mismatch" "docker-archive digest error"
gzip -c "$DD_TMP/bb-bad.tar" >"$DD_TMP/bb-bad.tar.gz"
run_dd scan --no-progress "docker-archive:$DD_TMP/bb-bad.tar.gz"
assert_rc 3 "gzip'd docker-archive (streamed) with a changed layer"
assert_contains "$DD_ERR" "digest mismatch" "streamed docker-archive digest error"

# --- OCI layout: a blob changed ---------------------------------------------------------------
skopeo copy -q "docker-archive:$DD_TMP/bb.tar" "oci:$DD_TMP/oci:bb" >/dev/null 2>&1 || fail "skopeo copy to oci"
run_dd scan --no-progress "oci:$DD_TMP/oci"
assert_rc 0 "intact OCI layout"
OLAYER=$(python3 -c '
import json, sys
d = sys.argv[1]
idx = json.load(open(d + "/index.json"))
m = idx["manifests"][0]["digest"].split(":")[1]
man = json.load(open(d + "/blobs/sha256/" + m))
print(man["layers"][0]["digest"].split(":")[1])' "$DD_TMP/oci")
python3 - "$DD_TMP/oci/blobs/sha256/$OLAYER" <<'EOF'
import sys
p = sys.argv[1]
b = bytearray(open(p, "rb").read())
b[-100] ^= 0xFF
open(p, "wb").write(b)
EOF
run_dd scan --no-progress "oci:$DD_TMP/oci"
assert_rc 3 "OCI layout with a changed blob"
assert_contains "$DD_ERR" "digest mismatch: expected sha256:$OLAYER" "OCI digest error names the blob"

# --- a docker-save archive with two images: both scanned ---------------------------------
docker save -o "$DD_TMP/two.tar" drydock-test/busybox drydock-test/scan-distroless
run_dd scan --no-progress --scanners config -f json -o "$DD_TMP/two.json" "docker-archive:$DD_TMP/two.tar"
assert_rc 0 "multi-image archive"
TWO=$(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
print(len(d["meta"]["images"]))
print("\n".join(sorted({f["target"] for f in d["findings"]})))' "$DD_TMP/two.json")
assert_contains "$TWO" "2" "two images listed in meta.images"
assert_contains "$TWO" "two.tar (drydock-test/busybox:latest)" "findings for the first image"
assert_contains "$TWO" "two.tar (drydock-test/scan-distroless:latest)" "findings for the second image"

# --- token auth: a real Bearer round trip ------------------------------------------------
start_registry token
TREG=$STARTED_REGISTRY
TDIR=$DD_TMP/reg-token
docker login -u drydock --password-stdin "$TREG" <"$TDIR/password" >/dev/null 2>&1 || fail "docker login to the token registry"
docker tag drydock-test/busybox "$TREG/bb:1" && docker push -q "$TREG/bb:1" >/dev/null || fail "push to the token registry"
at_exit "docker rmi -f $TREG/bb:1"
: >"$TDIR/token.log"
run_dd scan --no-progress --scanners config --insecure-registry "$TREG" --username drydock --password-stdin \
    "docker://$TREG/bb:1" <"$TDIR/password"
assert_rc 0 "token registry with --username/--password-stdin"
assert_contains "$(cat "$TDIR/token.log")" '"scope": ["repository:bb:pull"], "user": "drydock"' "token fetched from the realm with pull scope"
# The docker login above wrote DOCKER_CONFIG/config.json: the same credentials are used.
run_dd scan --no-progress --scanners config --insecure-registry "$TREG" "docker://$TREG/bb:1"
assert_rc 0 "token registry with credentials from DOCKER_CONFIG"
docker logout "$TREG" >/dev/null 2>&1
run_dd scan --no-progress --scanners config --insecure-registry "$TREG" "docker://$TREG/bb:1"
assert_rc 3 "token registry anonymously"
assert_contains "$DD_ERR" "refused anonymous access" "anonymous token refusal explained"

# --- basic auth ----------------------------------------------------------------------------
start_registry basic
BREG=$STARTED_REGISTRY
BDIR=$DD_TMP/reg-basic
docker login -u drydock --password-stdin "$BREG" <"$BDIR/password" >/dev/null 2>&1 || fail "docker login to the basic registry"
docker tag drydock-test/busybox "$BREG/bb:1" && docker push -q "$BREG/bb:1" >/dev/null || fail "push to the basic registry"
at_exit "docker rmi -f $BREG/bb:1"
run_dd scan --no-progress --scanners config --insecure-registry "$BREG" "docker://$BREG/bb:1"
assert_rc 0 "basic registry with credentials from DOCKER_CONFIG"
docker logout "$BREG" >/dev/null 2>&1
run_dd scan --no-progress --scanners config --insecure-registry "$BREG" "docker://$BREG/bb:1"
assert_rc 3 "basic registry without credentials"
assert_contains "$DD_ERR" "asks for a user name and password" "basic auth refusal explained"

done_tests
