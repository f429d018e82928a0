#!/usr/bin/env bash
# A docker-save layer is bound by its diff id (the digest of the uncompressed tar) or, as
# some producers write, by the digest of its stored bytes. drydock hashes a plain tar once
# (stored and uncompressed bytes are then the same) and hashes the stored bytes apart only
# when they may be compressed; a compression its quick sniff does not know (uuencode here)
# is hashed as stored after the walk. Each way, for an archive read by its index and one
# streamed, a right digest passes and a wrong one is exit 3, "digest mismatch".
. "$DD_SRC/tests/e2e/lib.sh"
cd "$DD_TMP" || exit 1
mkdir -p root/etc
printf 'ID=debian\nVERSION_ID=12\n' >root/etc/os-release
tar -C root -cf layer.tar etc
python3 - <<'PY' || fail "cannot build the archives"
import binascii, gzip, hashlib, io, json, tarfile
raw = open("layer.tar", "rb").read()
uu = io.StringIO()
uu.write("begin 644 layer.tar\n")
for i in range(0, len(raw), 45):
    uu.write(binascii.b2a_uu(raw[i:i + 45]).decode())
uu.write("`\nend\n")
uu = uu.getvalue().encode()
gz = gzip.compress(raw)
sha = lambda b: "sha256:" + hashlib.sha256(b).hexdigest()
cases = {
    "plain": (raw, sha(raw)), "plain-bad": (raw, "sha256:" + "0" * 64),
    "gzip-diffid": (gz, sha(raw)), "gzip-stored": (gz, sha(gz)), "gzip-bad": (gz, "sha256:" + "1" * 64),
    "uu-diffid": (uu, sha(raw)), "uu-stored": (uu, sha(uu)), "uu-bad": (uu, "sha256:" + "2" * 64),
}
for name, (stored, diff) in cases.items():
    config = json.dumps({"architecture": "amd64", "os": "linux", "config": {},
                         "rootfs": {"type": "layers", "diff_ids": [diff]},
                         "history": [{"created_by": "x"}]}).encode()
    cid = hashlib.sha256(config).hexdigest()
    man = json.dumps([{"Config": cid + ".json", "RepoTags": ["t:" + name], "Layers": ["l/layer.tar"]}]).encode()
    with tarfile.open(name + ".tar", "w") as t:
        for n, d in ((cid + ".json", config), ("manifest.json", man), ("l/layer.tar", stored)):
            ti = tarfile.TarInfo(n)
            ti.size = len(d)
            t.addfile(ti, io.BytesIO(d))
PY
# The archive as a file is read by its index; gzip'd, it cannot be, and is streamed (as a
# daemon's docker save is): both ways of reading it check the same digests.
for c in *.tar; do gzip -k "$c"; done
for ext in tar tar.gz; do
    for c in plain gzip-diffid gzip-stored uu-diffid uu-stored; do
        run_dd scan --scanners packages -f json "docker-archive:$c.$ext"
        assert_rc 0 "$c.$ext: the layer matches its digest"
        assert_eq "$(jq -r '.meta.os.id // .meta.os' <<<"$DD_OUT" | head -c 6)" debian "$c.$ext: read"
    done
    for c in plain-bad gzip-bad uu-bad; do
        run_dd scan --scanners packages -f json "docker-archive:$c.$ext"
        assert_rc 3 "$c.$ext: a wrong digest"
        assert_contains "$DD_ERR" "digest mismatch" "$c.$ext: said"
    done
done
done_tests
