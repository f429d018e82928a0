#!/usr/bin/env bash
# Hostile images made here with python3 tarfile: '..' and absolute paths, symlinks and
# hard links pointing anywhere, duplicate entries, truncated gzip, corrupt zstd, a gzip
# bomb, a manifest naming a missing blob, invalid JSON, OCI digests that try to be paths;
# and from hostile_gen.py: decoy secrets, a blob of 7 GiB of zeros listed 4,096 times,
# distinct blobs past --max-image-size, an archive with 64 GiB of junk, a limit hit.
# Each gets a clear error naming image, layer and path (exit 3), or is read safely, with
# drydock's peak RSS under 256 MB; no file is ever created outside the test directory.
# No daemon needed.
. "$DD_SRC/tests/e2e/lib.sh"
H=$DD_TMP/h
mkdir -p "$H"
MARK=dd-escape-$$-$RANDOM

python3 - "$H" "$MARK" <<'EOF'
import gzip, hashlib, io, json, os, subprocess, sys, tarfile
out, mark = sys.argv[1], sys.argv[2]

def layer(entries, compress=None):
    b = io.BytesIO()
    with tarfile.open(fileobj=b, mode="w", format=tarfile.PAX_FORMAT) as t:
        for e in entries:
            name, kind = e[0], e[1]
            ti = tarfile.TarInfo(name)
            data = b""
            if kind == "file":
                data = e[2]
                ti.size = len(data)
                ti.mode = e[3] if len(e) > 3 else 0o644
            elif kind == "dir":
                ti.type = tarfile.DIRTYPE
                ti.mode = 0o755
            elif kind == "sym":
                ti.type = tarfile.SYMTYPE
                ti.linkname = e[2]
            elif kind == "hard":
                ti.type = tarfile.LNKTYPE
                ti.linkname = e[2]
            t.addfile(ti, io.BytesIO(data) if data else None)
    raw = b.getvalue()
    if compress == "gzip":
        return gzip.compress(raw)
    if compress == "zstd":
        return subprocess.run(["zstd", "-q", "-c"], input=raw, capture_output=True, check=True).stdout
    return raw

def diff_id(raw):
    return "sha256:" + hashlib.sha256(raw).hexdigest()

def archive(path, layers, manifest=None, config=None, drop=None):
    cfg = config if config is not None else json.dumps({
        "architecture": "amd64", "os": "linux", "config": {"User": "1000"},
        "rootfs": {"type": "layers", "diff_ids": [diff_id(l) for l in layers]},
        "history": [{"created_by": "test"} for _ in layers]}).encode()
    names = [f"l{i}/layer.tar" for i in range(len(layers))]
    man = manifest if manifest is not None else json.dumps(
        [{"Config": "config.json", "RepoTags": ["hostile:test"], "Layers": names}]).encode()
    with tarfile.open(path, "w") as t:
        def add(name, data):
            ti = tarfile.TarInfo(name); ti.size = len(data); t.addfile(ti, io.BytesIO(data))
        # Layers first, manifest last: the order docker uses, and the hard one to stream.
        for n, l in zip(names, layers):
            if n != drop:
                add(n, l)
        add("config.json", cfg)
        add("manifest.json", man)

sec = b"aws_access_key_id = AKIAZ7VRSQ5TKLDBMN3W\n"
archive(f"{out}/dotdot.tar", [layer([("etc", "dir"), (f"../../../../tmp/{mark}", "file", b"x")])])
archive(f"{out}/absolute.tar", [layer([(f"/tmp/{mark}", "file", b"x")])])
archive(f"{out}/hardlink.tar", [layer([("etc", "dir"), ("etc/h", "hard", f"../../tmp/{mark}")])])
archive(f"{out}/symlinks.tar", [
    layer([("etc", "dir"), ("etc/os-release", "sym", "../../../../../usr/lib/os-release"),
           ("usr/lib/os-release", "file", b"ID=debian\nVERSION_ID=\"12\"\n"),
           ("escape", "sym", f"/../../tmp/{mark}"), ("loop1", "sym", "loop2"), ("loop2", "sym", "loop1")]),
    # A later layer writes below the escaping symlink: docker refuses the layer.
    layer([("escape/file", "file", b"inside the image\n")])])
archive(f"{out}/symlinks-only.tar", [
    layer([("etc", "dir"), ("etc/os-release", "sym", "../../../../../usr/lib/os-release"),
           ("usr/lib/os-release", "file", b"ID=debian\nVERSION_ID=\"12\"\n"),
           ("escape", "sym", f"/../../tmp/{mark}"), ("loop1", "sym", "loop2"), ("loop2", "sym", "loop1")])])
archive(f"{out}/duplicate.tar", [layer([("app", "dir"), ("app/cred", "file", sec), ("app/cred", "file", b"clean\n")])])
archive(f"{out}/whiteout.tar", [
    layer([("app", "dir"), ("app/cred", "file", sec), ("app/sub", "dir"), ("app/sub/key", "file", sec)]),
    layer([("app/.wh.cred", "file", b""), ("app/sub/.wh..wh..opq", "file", b""), ("app/sub/new", "file", b"ok\n")])])
g = layer([("big", "file", os.urandom(200000))], "gzip")
archive(f"{out}/truncated-gzip.tar", [g[: len(g) // 2]])
z = bytearray(layer([("a", "file", os.urandom(100000))], "zstd"))
for i in range(200, 400):
    z[i] ^= 0x5A
archive(f"{out}/corrupt-zstd.tar", [bytes(z)])
archive(f"{out}/bomb.tar", [layer([("zeros", "file", bytes(64 << 20))], "gzip")])
archive(f"{out}/missing-blob.tar", [layer([("a", "file", b"x")]), layer([("b", "file", b"y")])], drop="l1/layer.tar")
archive(f"{out}/bad-manifest.tar", [layer([("a", "file", b"x")])], manifest=b'[{"Config": "config.json", "Layers": [')
archive(f"{out}/bad-config.tar", [layer([("a", "file", b"x")])], config=b'{"config": {"Env": "notalist"}}')
archive(f"{out}/not-json-config.tar", [layer([("a", "file", b"x")])], config=b'{oops')
open(f"{out}/garbage.tar", "wb").write(os.urandom(4096))

# OCI layouts: a missing blob, and a digest that tries to be a path.
def oci(d, index):
    os.makedirs(f"{d}/blobs/sha256")
    open(f"{d}/oci-layout", "w").write('{"imageLayoutVersion": "1.0.0"}')
    open(f"{d}/index.json", "w").write(json.dumps(index))
oci(f"{out}/oci-missing", {"schemaVersion": 2, "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:" + "ab" * 32, "size": 10}]})
oci(f"{out}/oci-traversal", {"schemaVersion": 2, "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:../../../../etc/passwd", "size": 10}]})
EOF

cd "$H" || exit 1
expect_error() { # expect_error FILE-OR-REF NEEDLE...
    local ref=$1
    shift
    run_dd_rss 256 scan "$ref"
    assert_rc 3 "$ref"
    for n in "$@"; do assert_contains "$DD_ERR" "$n" "$ref error message"; done
}
A=docker-archive:$H
expect_error "$A/dotdot.tar" "image $A/dotdot.tar: layer" "'../../../../tmp/$MARK' climbs out of the image root"
expect_error "$A/absolute.tar" "absolute path '/tmp/$MARK'"
expect_error "$A/hardlink.tar" "hard link etc/h" "climbs out of the image root"
expect_error "$A/truncated-gzip.tar" "layer sha256:" "corrupt or truncated"
expect_error "$A/corrupt-zstd.tar" "layer sha256:"
run_dd_rss 256 scan --max-layer-size 1M "$A/bomb.tar"
assert_rc 3 "gzip bomb with --max-layer-size 1M"
assert_contains "$DD_ERR" "zeros: layer larger than 1048576 bytes uncompressed (--max-layer-size)" "bomb message names the file"
expect_error "$A/missing-blob.tar" "manifest.json names layer l1/layer.tar, which is not in the archive"
expect_error "$A/bad-manifest.tar" "manifest.json: invalid JSON at line 1"
expect_error "$A/bad-config.tar" "config config.json" "config.Env is not an array"
expect_error "$A/not-json-config.tar" "config config.json: invalid JSON"
expect_error "$A/garbage.tar" "not a tar archive"
expect_error "oci:$H/oci-missing" "blob sha256:abab" "is missing"
expect_error "oci:$H/oci-traversal" "'sha256:../../../../etc/passwd' is not a digest"
expect_error "docker-archive:$H/nonexistent.tar" "cannot open"

# The same hostile layers through the streaming reader (gzip'd outer archive).
gzip -c dotdot.tar >dotdot.tar.gz
expect_error "$A/dotdot.tar.gz" "climbs out of the image root"
gzip -c missing-blob.tar >missing-blob.tar.gz
expect_error "$A/missing-blob.tar.gz" "names layer l1/layer.tar, which is not in the archive"
head -c 3000 dotdot.tar.gz >cut.tar.gz
run_dd scan "$A/cut.tar.gz"
assert_rc 3 "truncated gzip'd archive"

# Symlinks anywhere and a loop are only recorded; writing below the escaping one is what
# docker refuses (its target does not exist in the image), and so does drydock.
run_dd_rss 256 scan --format json "$A/symlinks.tar"
assert_rc 3 "a layer writing through a dangling symlink"
assert_contains "$DD_ERR" "escape/file: docker cannot apply this layer: 'tmp' does not exist" "dangling symlink: path and reason"
run_dd_rss 256 scan --format json "$A/symlinks-only.tar"
assert_rc 0 "symlinks pointing anywhere are only recorded"
assert_contains "$DD_OUT" '"id": "debian"' "os-release found through a relative symlink that climbs above the root"
# Duplicates: the later entry wins; the earlier one is still in the layer.
run_dd_rss 256 scan --format json "$A/duplicate.tar"
assert_rc 0 "duplicate entries"
assert_contains "$DD_OUT" '"ruleId": "DDI-SECRET-DELETED"' "overwritten duplicate still holds the secret"
assert_contains "$DD_OUT" 'was overwritten in layer' "duplicate: overwritten"
# Whiteouts: .wh.NAME and an opaque directory.
run_dd_rss 256 scan --format json "$A/whiteout.tar"
assert_rc 0 "whiteouts"
n=$(grep -c '"ruleId": "DDI-SECRET-DELETED"' <<<"$DD_OUT")
assert_eq "$n" 2 "both whited-out secrets are recoverable findings"
assert_contains "$DD_OUT" '"path": "/app/cred"' "whiteout .wh.cred"
assert_contains "$DD_OUT" '"path": "/app/sub/key"' "opaque directory hides sub/key"
assert_not_contains "$DD_OUT" '"ruleId": "secret-aws-access-key-id"' "no live secret remains"

# ---- hostile_gen.py: no silent caps, bounded work ----
G=$DD_TMP/g
python3 "$DD_SRC/tests/e2e/hostile_gen.py" "$G" decoys decoy-files big-passwd bombs || fail "hostile_gen.py"

# 100,000 decoy secrets in one file do not hide the OpenSSH key in another file of the
# same layer: one finding per rule and file, with a count.
run_dd_rss 256 scan --scanners secrets --fail-on critical "docker-archive:$G/decoys.tar"
assert_rc 1 "decoys"
assert_contains "$DD_OUT" "/app/zz/id_ed25519:2:1 secret-private-key-openssh critical: OpenSSH private key" "the real key behind 100,000 decoys"
assert_contains "$DD_OUT" "/app/decoys.txt:1:21 secret-aws-access-key-id critical: AWS access key id: AKIA**** (20 chars) (and 99" "decoys: one finding with a count"
n=$(grep -c "secret-aws-access-key-id" <<<"$DD_OUT")
assert_eq "$n" 1 "decoys: one finding for the rule and file"
run_dd scan --scanners secrets --format json "docker-archive:$G/decoys.tar"
assert_contains "$DD_OUT" '"count": 999' "decoys: the count in JSON"

# More files with secrets than the 100,000 findings a layer keeps one by one: the files past
# the bound still give every rule its finding for the layer, with counts, and a note says so.
run_dd_rss 512 scan --scanners secrets --fail-on critical "docker-archive:$G/decoy-files.tar"
assert_rc 1 "decoy files"
assert_contains "$DD_OUT" "/app/d/000000.ini:1:21 secret-aws-access-key-id critical" "a file within the bound is its own finding"
assert_contains "$DD_OUT" "/app/zz/id_ed25519:2:1 secret-private-key-openssh critical: OpenSSH private key: b3Bl**** (284 chars) (1 in all, in 1 file of this layer" "the key past the bound is reported"
n=$(grep -cE 'secret-aws-access-key-id critical: AWS access key id: AKIA\*{4} \(20 chars\) \([0-9]+ in all, in [0-9]+ files of this layer' <<<"$DD_OUT")
assert_eq "$n" 1 "the AWS keys past the bound: one finding with counts"
assert_contains "$DD_OUT" "limit reached: secret findings per layer: layer sha256:" "the fold is a note"
run_dd scan --scanners secrets --format json "docker-archive:$G/decoy-files.tar"
assert_eq "$(jq '[.findings[] | select(.ruleId | startswith("secret-"))] | length' <<<"$DD_OUT")" 100002 "100,000 findings + one per rule past the bound"
assert_eq "$(jq -r '.notes[0].limit' <<<"$DD_OUT")" "secret findings per layer" "the note in JSON"
rm -f "$G/decoy-files.tar"

# A limit hit is a note in every format: an /etc/passwd too large for the checks to read.
note="layer sha256:"
for fmt in text json sarif junit cyclonedx spdx-json; do
    run_dd_rss 256 scan --scanners config,packages --format "$fmt" "docker-archive:$G/big-passwd.tar"
    assert_rc 0 "big passwd ($fmt)"
    assert_contains "$DD_OUT" "/etc/passwd: 1" "limit note in $fmt names the file"
    assert_contains "$DD_OUT" "more than the 1024 KiB the configuration checks read" "limit note in $fmt"
done
run_dd scan --scanners config --format json "docker-archive:$G/big-passwd.tar"
assert_contains "$DD_OUT" '"limit": "configuration file size"' "JSON names the limit"
run_dd scan --scanners config --format sarif "docker-archive:$G/big-passwd.tar"
assert_contains "$DD_OUT" '"toolExecutionNotifications"' "SARIF: a notification"
assert_contains "$DD_OUT" '"executionSuccessful": true' "SARIF: a limit is not a failed run"

# 7 GiB of zeros in a ~230 KB zstd blob, listed 4,096 times (28 TiB to decompress): read
# once. The bytes really decompressed are counted, not the seconds.
run_dd_rss 256 scan --scanners secrets,packages --format json "oci:$G/oci-repeated-blob"
assert_rc 0 "a blob listed 4,096 times"
dec=$(jq '.meta.decompressed_bytes' <<<"$DD_OUT")
nl=$(jq '.meta.layers | length' <<<"$DD_OUT")
assert_eq "$nl" 4096 "every listing is a layer"
if [ "$dec" -ge $((7 << 30)) ] && [ "$dec" -lt $((8 << 30)) ]; then ok; else
    fail "the repeated blob was decompressed $dec bytes, not once (7 GiB)"
fi
run_dd_rss 256 scan --scanners secrets --format json "docker-archive:$G/archive-repeated-blob.tar"
assert_rc 0 "an archive member listed 4,096 times"
dec=$(jq '.meta.decompressed_bytes' <<<"$DD_OUT")
if [ "$dec" -lt $((512 << 20)) ]; then ok; else fail "the repeated member was decompressed $dec bytes"; fi
# Distinct blobs, each under --max-layer-size: --max-image-size stops them.
run_dd_rss 256 scan --max-image-size 4G "oci:$G/oci-distinct-blobs"
assert_rc 3 "distinct blobs past --max-image-size"
assert_contains "$DD_ERR" "image oci:$G/oci-distinct-blobs: layer sha256:" "--max-image-size: image and layer named"
assert_contains "$DD_ERR" "more than 4294967296 bytes decompressed for the image (--max-image-size)" "--max-image-size message"
# An archive whose first member is 64 GiB of zeros: bounded by the same option.
run_dd_rss 256 scan --max-image-size 1G "docker-archive:$G/junk-member.tar.zst"
assert_rc 3 "64 GiB of junk in a zstd'd archive"
assert_contains "$DD_ERR" "image docker-archive:$G/junk-member.tar.zst: the archive decompresses to more than 1073741824 bytes (--max-image-size)" "junk member message"

# Nothing escaped.
if ls /tmp/"$MARK" "$H"/../"$MARK" >/dev/null 2>&1; then fail "a file escaped"; else ok; fi
done_tests
