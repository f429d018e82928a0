#!/usr/bin/env bash
# dpkg licences from a docker-save archive made here (no daemon): one layer holding four
# packages whose usr/share/doc/NAME is the copyright file itself (a), an absolute symlink
# to a's directory (b), a hard link to a's copyright file (c), and a relative symlink
# climbing above the root (d). The layer is the fuzz seed
# tests/fuzz/corpus/image_tar/dpkg-copyright.tar, so the fuzzer starts from it too.
. "$DD_SRC/tests/e2e/lib.sh"
python3 - "$DD_SRC/tests/fuzz/corpus/image_tar/dpkg-copyright.tar" "$DD_TMP/img.tar" <<'PY'
import hashlib, io, json, sys, tarfile
layer = open(sys.argv[1], "rb").read()
cfg = json.dumps({"architecture": "amd64", "os": "linux", "config": {},
                  "rootfs": {"type": "layers",
                             "diff_ids": ["sha256:" + hashlib.sha256(layer).hexdigest()]}}).encode()
cid = hashlib.sha256(cfg).hexdigest()
with tarfile.open(sys.argv[2], "w") as t:
    for name, data in ((cid + ".json", cfg), ("l/layer.tar", layer),
                       ("manifest.json", json.dumps([{"Config": cid + ".json", "RepoTags": ["x:1"],
                                                      "Layers": ["l/layer.tar"]}]).encode())):
        ti = tarfile.TarInfo(name)
        ti.size = len(data)
        t.addfile(ti, io.BytesIO(data))
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
done_tests
