#!/usr/bin/env bash
# drydock scan against the private dockerd: the same image through every source (daemon
# stream, docker-archive plain/gzip/zstd, OCI layout with gzip and zstd layers) gives the
# same findings; exact rule ids, paths, lines and layers; secrets masked in every format.
. "$DD_SRC/tests/e2e/lib.sh"
need_daemon
IMG=drydock-test/scan-secrets
need_image $IMG

AWS_ID=AKIAZ7VRSQ5TKLDBMN3W
AWS_SECRET=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
GH_TOKEN=ghp_R4nd0mT0k3nV4lu3F0rDrYd0ckT3st1ng9xQ

# Layer digests as the daemon knows them (RootFS.Layers = diff ids).
mapfile -t LAYERS < <(docker image inspect -f '{{range .RootFS.Layers}}{{println .}}{{end}}' $IMG | grep .)
NL=${#LAYERS[@]}
# Layers: 0 bookworm, 1 mkdir+credentials, 2 rm, 3 suid, 4 ADD, 5 settings.yml
# (ENV/LABEL/ARG/EXPOSE and RUNs that change nothing make no layer).
assert_eq "$NL" 6 "layer count of $IMG"
ADDED=${LAYERS[1]}
DELETED=${LAYERS[2]}

# Findings as "rule path:line:col layer" lines, sorted, from a JSON report.
summarize() {
    python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
for f in d["findings"]:
    if f["status"] != "fail" and f["status"] != "info":
        continue
    p = f.get("properties") or {}
    loc = f.get("location") or {}
    print(f["ruleId"], loc.get("path") or "-", loc.get("line", 0), loc.get("column", 0), p.get("layer", "-"), p.get("removed_in", "-"))
' "$1" | sort
}

# --- daemon -----------------------------------------------------------------------
run_dd scan --format json -o "$DD_TMP/daemon.json" $IMG
assert_rc 0 "scan $IMG (no --fail-on)"
summarize "$DD_TMP/daemon.json" >"$DD_TMP/daemon.sum"
S=$(cat "$DD_TMP/daemon.sum")

assert_contains "$S" "DDI-SECRET-DELETED /root/.aws/credentials 2 21 $ADDED $DELETED" "deleted AWS key id: path, line, layers"
assert_contains "$S" "DDI-SECRET-DELETED /root/.aws/credentials 3 25 $ADDED $DELETED" "deleted AWS secret: path, line, layers"
assert_contains "$S" "secret-github-pat /srv/app/settings.yml 2 10 ${LAYERS[5]} -" "live GitHub token in a file"
assert_contains "$S" "DDI-SETUID /usr/local/bin/suidtool 0 0 ${LAYERS[3]} -" "setuid file listed with its layer"
assert_contains "$S" "DDI-SETUID /usr/bin/su 0 0 ${LAYERS[0]} -" "setuid su from the base layer"
assert_contains "$S" "DDI-WORLD-WRITABLE /opt/ww 0 0 ${LAYERS[3]} -" "world-writable file"
assert_contains "$S" "DDI-WORLD-WRITABLE /opt/wwdir 0 0 ${LAYERS[3]} -" "world-writable dir without sticky bit"
assert_not_contains "$S" "/opt/shared" "sticky world-writable dir is fine"
assert_not_contains "$S" "/tmp " "/tmp is sticky"
for id in DDI-USER-ROOT DDI-NO-HEALTHCHECK DDI-SECRET-ENV DDI-SECRET-LABEL DDI-ADD DDI-EXPOSE-SSH DDI-NOT-DISTROLESS DDI-LATEST-TAG DDI-SENSITIVE-VOLUME; do
    assert_contains "$S" "$id - 0 0" "$id reported for the image"
done
# VOLUME /etc is reported, VOLUME /var/lib/app (application data) is not
assert_eq "$(grep -c '^DDI-SENSITIVE-VOLUME' <<<"$S")" 1 "one sensitive volume"
assert_contains "$S" "DDI-PKG-CACHE /var/lib/apt/lists" "apt lists left behind"
# History: LABEL, ENV, the credentials RUN, three RUNs with the API_TOKEN build arg, two
# RUNs with the GitHub token.
assert_eq "$(grep -c '^DDI-SECRET-HISTORY' <<<"$S")" 8 "history secrets"
assert_eq "$(grep -c '^DDI-SETUID' <<<"$S")" 12 "setuid/setgid files (11 from bookworm + suidtool)"
J=$(cat "$DD_TMP/daemon.json")
assert_contains "$J" '"image_id": "'"$(docker image inspect -f '{{.Id}}' $IMG)"'"' "meta.image_id"
assert_contains "$J" '"drydock-test/scan-secrets:latest"' "meta.repo_tags"
assert_contains "$J" '"name": "Debian GNU/Linux 12 (bookworm)"' "meta.os from os-release"

# --- secrets never appear whole, in any format --------------------------------------
docker save $IMG -o "$DD_TMP/img.tar"
for fmt in text json sarif junit cyclonedx spdx-json; do
    run_dd scan --format "$fmt" "docker-archive:$DD_TMP/img.tar"
    for s in "$AWS_ID" "$AWS_SECRET" "$GH_TOKEN" Zx9Qw8Er7Ty6Ui5Op4As Pq7Lm3Xz9Rt2Vb6N; do
        assert_not_contains "$DD_OUT" "$s" "format $fmt masks $s"
    done
done

# --- exit codes ------------------------------------------------------------------------
run_dd scan --fail-on critical "docker-archive:$DD_TMP/img.tar"
assert_rc 1 "a critical secret with --fail-on critical"
run_dd scan --scanners config --fail-on critical "docker-archive:$DD_TMP/img.tar"
assert_rc 0 "config only: nothing critical"
run_dd scan --scanners nonsense $IMG
assert_rc 2 "unknown scanner is a usage error"
run_dd scan drydock-test/does-not-exist
assert_rc 3 "unknown image"
assert_contains "$DD_ERR" "no such image: drydock-test/does-not-exist" "unknown image message"
run_dd scan --scanners vulns --db "$DD_TMP/nope.db" $IMG
assert_rc 3 "vulns asked explicitly without a database"

# --- docker-archive: plain, gzip, zstd; OCI layout -------------------------------------
gzip -1 -c "$DD_TMP/img.tar" >"$DD_TMP/img.tar.gz"
zstd -q -1 -c "$DD_TMP/img.tar" >"$DD_TMP/img.tar.zst"

# OCI layout by hand: layers gzip'd, the last one zstd, blobs named by sha256.
python3 - "$DD_TMP/img.tar" "$DD_TMP/oci" <<'EOF'
import gzip, hashlib, io, json, os, subprocess, sys, tarfile
src, out = sys.argv[1], sys.argv[2]
os.makedirs(out + "/blobs/sha256")
t = tarfile.open(src)
man = json.load(t.extractfile("manifest.json"))[0]
def blob(data):
    d = hashlib.sha256(data).hexdigest()
    open(f"{out}/blobs/sha256/{d}", "wb").write(data)
    return "sha256:" + d, len(data)
layers = []
for i, name in enumerate(man["Layers"]):
    raw = t.extractfile(name).read()
    if i == len(man["Layers"]) - 1:
        data = subprocess.run(["zstd", "-q", "-c"], input=raw, capture_output=True, check=True).stdout
        mt = "application/vnd.oci.image.layer.v1.tar+zstd"
    else:
        data = gzip.compress(raw, 1)
        mt = "application/vnd.oci.image.layer.v1.tar+gzip"
    dg, sz = blob(data)
    layers.append({"mediaType": mt, "digest": dg, "size": sz})
cdg, csz = blob(t.extractfile(man["Config"]).read())
m = {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
     "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": cdg, "size": csz},
     "layers": layers}
mdg, msz = blob(json.dumps(m).encode())
json.dump({"schemaVersion": 2, "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json",
           "digest": mdg, "size": msz, "annotations": {"org.opencontainers.image.ref.name": "scan-secrets:oci"},
           "platform": {"architecture": "amd64", "os": "linux"}}]}, open(out + "/index.json", "w"))
open(out + "/oci-layout", "w").write('{"imageLayoutVersion": "1.0.0"}')
EOF

for src in "docker-archive:$DD_TMP/img.tar" "docker-archive:$DD_TMP/img.tar.gz" \
    "docker-archive:$DD_TMP/img.tar.zst" "oci:$DD_TMP/oci"; do
    run_dd scan --format json -o "$DD_TMP/src.json" "$src"
    assert_rc 0 "scan $src"
    # The reference differs (DDI-LATEST-TAG is for daemon names only): compare the rest.
    summarize "$DD_TMP/src.json" >"$DD_TMP/src.sum"
    grep -v '^DDI-LATEST-TAG' "$DD_TMP/daemon.sum" >"$DD_TMP/want.sum"
    if diff -u "$DD_TMP/want.sum" "$DD_TMP/src.sum" >"$DD_TMP/diff"; then ok; else
        fail "$src findings differ from the daemon's: $(head -c 2000 "$DD_TMP/diff")"
    fi
done
run_dd scan --format json oci:"$DD_TMP/oci"
assert_contains "$DD_OUT" '"scan-secrets:oci"' "OCI ref name annotation as tag"
run_dd scan --threads 1 --scanners secrets --format json -o "$DD_TMP/t1.json" "docker-archive:$DD_TMP/img.tar"
summarize "$DD_TMP/t1.json" >"$DD_TMP/t1.sum"
assert_eq "$(grep -c . "$DD_TMP/t1.sum")" "$(grep -c 'SECRET\|secret-' "$DD_TMP/want.sum")" "one thread finds the same secrets"

# --- rootfs: a plain directory -------------------------------------------------------
mkdir -p "$DD_TMP/root/etc" "$DD_TMP/root/bin"
printf 'password = "Vq8#mZ2!rT6yLp0w"\n' >"$DD_TMP/root/etc/app.ini"
printf 'ID=debian\nVERSION_ID="12"\n' >"$DD_TMP/root/etc/os-release"
cp /bin/true "$DD_TMP/root/bin/tool" && chmod 4755 "$DD_TMP/root/bin/tool"
run_dd scan --format json rootfs:"$DD_TMP/root"
assert_rc 0 "scan rootfs:"
assert_contains "$DD_OUT" '"path": "/bin/tool"' "setuid file in a rootfs"
assert_contains "$DD_OUT" '"ruleId": "secret-generic-password"' "secret in a rootfs file"
assert_not_contains "$DD_OUT" 'DDI-USER-ROOT' "no config, no USER check"
run_dd scan rootfs:"$DD_TMP/missing"
assert_rc 3 "missing rootfs directory"

done_tests
