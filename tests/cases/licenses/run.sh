#!/usr/bin/env bash
# dpkg licences from docker-save archives made here (no daemon). The base layer (the fuzz
# seed tests/fuzz/corpus/image_tar/dpkg-copyright.tar, so the fuzzer starts from it too)
# holds four packages whose usr/share/doc/NAME is the copyright file itself (a), an
# absolute symlink to a's directory (b), a hard link to a's copyright file (c), and a
# relative symlink climbing above the root (d); a second layer removes, rewrites and adds.
. "$DD_SRC/tests/e2e/lib.sh"
# img.tar: that layer alone; img2.tar: a second layer on top that removes a's copyright
# file (a whiteout: b and d lead to it too), writes c's anew and adds a copyright file too
# big to read (a note).
python3 - "$DD_SRC/tests/fuzz/corpus/image_tar/dpkg-copyright.tar" "$DD_TMP" <<'PY'
import hashlib, io, json, sys, tarfile
def tar(members):
    b = io.BytesIO()
    with tarfile.open(fileobj=b, mode="w", format=tarfile.USTAR_FORMAT) as t:
        for name, data in members:
            ti = tarfile.TarInfo(name)
            ti.size = len(data)
            t.addfile(ti, io.BytesIO(data))
    return b.getvalue()
def archive(out, layers):
    diffs = ["sha256:" + hashlib.sha256(l).hexdigest() for l in layers]
    cfg = json.dumps({"architecture": "amd64", "os": "linux", "config": {},
                      "rootfs": {"type": "layers", "diff_ids": diffs}}).encode()
    cid = hashlib.sha256(cfg).hexdigest()
    names = ["l%d/layer.tar" % i for i in range(len(layers))]
    open(out, "wb").write(tar([(cid + ".json", cfg)] + list(zip(names, layers)) + [
        ("manifest.json", json.dumps([{"Config": cid + ".json", "RepoTags": ["x:1"],
                                       "Layers": names}]).encode())]))
base = open(sys.argv[1], "rb").read()
dep5 = b"Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n\n"
top = tar([("usr/share/doc/a/.wh.copyright", b""),
           ("usr/share/doc/c/copyright", dep5 + b"Files: *\nLicense: Expat\n"),
           ("usr/share/doc/e/copyright", dep5 + b"Files: *\nLicense: MIT\n" + b"#" * (1 << 20))])
archive(sys.argv[2] + "/img.tar", [base])
archive(sys.argv[2] + "/img2.tar", [base, top])
PY
run_dd scan --scanners packages --format spdx-json "docker-archive:$DD_TMP/img.tar"
assert_rc 0 "scan the archive"
L='(GPL-2.0-or-later OR LicenseRef-Artistic) AND BSD-3-Clause AND GPL-3.0-or-later WITH Bison-exception-2.2'
assert_eq "$(jq -r '.packages[1:][] | "\(.name) \(.licenseDeclared)"' <<<"$DD_OUT")" \
"a $L
b $L
c $L
d $L" "DEP-5 'GPL-2+ or Artistic, and BSD-3-clause' + 'GPL-3+ with Bison exception' through a file, two symlinks and a hard link"
assert_eq "$(jq -r '[.hasExtractedLicensingInfos[].licenseId] | join(" ")' <<<"$DD_OUT")" \
    "LicenseRef-Artistic" "Artistic declared once"
run_dd scan --scanners packages --format json "docker-archive:$DD_TMP/img.tar"
assert_eq "$(jq -r '[.components[] | select(.name == "a") | .licenses[0]] | join("")' <<<"$DD_OUT")" \
    "(GPL-2.0-or-later OR Artistic) AND BSD-3-Clause AND GPL-3.0-or-later WITH Bison-exception-2.2" \
    "JSON: Debian's name where SPDX has none"

run_dd scan --scanners packages --format spdx-json "docker-archive:$DD_TMP/img2.tar"
assert_rc 0 "scan the two-layer archive"
assert_eq "$(jq -r '.packages[1:][] | "\(.name) \(.licenseDeclared)"' <<<"$DD_OUT")" \
"a NOASSERTION
b NOASSERTION
c MIT
d NOASSERTION" "a later layer's whiteout (a, and b, d leading to it) and rewrite (c: Expat)"
assert_contains "$(jq -r .comment <<<"$DD_OUT")" "/usr/share/doc/e/copyright: 1048674 bytes, more than the 1024 KiB read for a licence: not read" "a copyright file too big is a note (SPDX comment)"
done_tests
