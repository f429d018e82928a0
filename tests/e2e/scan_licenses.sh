#!/usr/bin/env bash
# Package licences in drydock scan's SBOMs of images: dpkg's from usr/share/doc/NAME/copyright
# as the final view of the image has it (DEP-5 names as SPDX ids, others as LicenseRefs
# declared in hasExtractedLicensingInfos), apk's L: and rpm's License tag. Expected values
# are read from the image's own copyright files (Debian 12, drydock-test/bookworm) and from
# what drydock-test/scan-licenses changes in later layers (tests/images/20-scan.sh): a
# whiteout'd copyright file, a rewritten one, doc directories that are symlinks.
. "$DD_SRC/tests/e2e/lib.sh"
need_daemon
for i in bookworm scan-licenses scan-apk scan-rpm; do need_image drydock-test/$i; done

# "name<TAB>licenseDeclared" of the SPDX packages named, in that order.
spdx_lic() {
    python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
got = {p["name"]: p["licenseDeclared"] for p in d["packages"]}
for n in sys.argv[2:]: print(n + "\t" + got.get(n, "(absent)"))
' "$@"
}
# "name<TAB>licences as JSON" of the CycloneDX components named.
cdx_lic() {
    python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
got = {c["name"]: json.dumps(c.get("licenses"), sort_keys=True) for c in d["components"]}
for n in sys.argv[2:]: print(n + "\t" + got.get(n, "(absent)"))
' "$@"
}
# Every LicenseRef used is declared, once (SPDX 2.3 requires it).
refs_declared() {
    python3 -c '
import json, re, sys
d = json.load(open(sys.argv[1]))
decl = [x["licenseId"] for x in d.get("hasExtractedLicensingInfos", [])]
used = set()
for p in d["packages"]:
    used |= set(re.findall(r"LicenseRef-[A-Za-z0-9.-]+", p["licenseDeclared"]))
print("undeclared:", sorted(used - set(decl)), "twice:", len(decl) - len(set(decl)))
' "$1"
}
T=$'\t'

# --- Debian 12 as debootstrap installs it ---------------------------------------------------
run_dd scan --scanners packages --format spdx-json -o "$DD_TMP/b.spdx.json" drydock-test/bookworm
assert_rc 0 "spdx-json of bookworm"
assert_eq "$(spdx_lic "$DD_TMP/b.spdx.json" base-files libc6 zlib1g tzdata hostname grep libgcc-s1 bash)" \
"base-files${T}NOASSERTION
libc6${T}NOASSERTION
zlib1g${T}Zlib
tzdata${T}LicenseRef-public-domain
hostname${T}GPL-2.0-only
grep${T}GPL-3.0-or-later
libgcc-s1${T}NOASSERTION
bash${T}GPL-3.0-or-later AND GPL-3.0-or-later WITH Bison-exception-2.2 AND GPL-2.0-or-later AND GFDL-1.3-no-invariants-only AND Latex2e AND BSD-4-Clause-UC AND LicenseRef-MIT-like AND LicenseRef-permissive" \
    "bookworm licenceDeclared (base-files, libc6: free-form copyright; libgcc-s1 -> gcc-12-base, free-form)"
assert_eq "$(refs_declared "$DD_TMP/b.spdx.json")" "undeclared: [] twice: 0" "every LicenseRef declared once"
python3 -c 'import jsonschema' 2>/dev/null || skip_or_fail "python3-jsonschema is not installed"
valid_json "$DD_SRC/tests/schemas/spdx-2.3.schema.json" "$DD_TMP/b.spdx.json" "bookworm SPDX 2.3 with extracted licences"
assert_contains "$(cat "$DD_TMP/b.spdx.json")" '"licenseId": "LicenseRef-public-domain"' "public-domain declared"
n=$(python3 -c '
import json, sys
print(sum(p["licenseDeclared"] != "NOASSERTION" for p in json.load(open(sys.argv[1]))["packages"]))' "$DD_TMP/b.spdx.json")
# 88 dpkg packages (dpkg-query -W), 14 of them with a free-form copyright file (or a link
# to one): base-files, libc6, libgcc-s1 -> gcc-12-base ...
assert_eq "$n" 74 "bookworm packages with a declared licence"

run_dd scan --scanners packages --format cyclonedx -o "$DD_TMP/b.cdx.json" drydock-test/bookworm
assert_rc 0 "cyclonedx of bookworm"
assert_eq "$(cdx_lic "$DD_TMP/b.cdx.json" libc6 zlib1g tzdata hostname base-passwd)" \
"libc6${T}null
zlib1g${T}[{\"license\": {\"name\": \"Zlib\"}}]
tzdata${T}[{\"license\": {\"name\": \"public-domain\"}}]
hostname${T}[{\"license\": {\"name\": \"GPL-2.0-only\"}}]
base-passwd${T}[{\"expression\": \"GPL-2.0-only AND LicenseRef-public-domain\"}]" "bookworm CycloneDX licenses (an expression's names are ids or LicenseRefs)"

# --- later layers: whiteout, rewrite, symlinked doc directories ------------------------------
WANT="zlib1g${T}NOASSERTION
hostname${T}MIT
debianutils${T}LicenseRef-public-domain
sed${T}GPL-3.0-or-later
tzdata${T}LicenseRef-public-domain"
run_dd scan --scanners packages --format spdx-json -o "$DD_TMP/l.spdx.json" drydock-test/scan-licenses
assert_rc 0 "spdx-json of scan-licenses"
assert_eq "$(spdx_lic "$DD_TMP/l.spdx.json" zlib1g hostname debianutils sed tzdata)" "$WANT" \
    "removed copyright (zlib1g), rewritten (hostname: Expat), doc dir -> /usr/share/doc/tzdata (debianutils), doc dir climbing above / to grep's (sed)"
# the same from a docker-save archive (layers read in parallel from the file)
docker save drydock-test/scan-licenses -o "$DD_TMP/l.tar"
run_dd scan --scanners packages --format spdx-json -o "$DD_TMP/a.spdx.json" "docker-archive:$DD_TMP/l.tar"
assert_rc 0 "spdx-json of the archive"
assert_eq "$(spdx_lic "$DD_TMP/a.spdx.json" zlib1g hostname debianutils sed tzdata)" "$WANT" "docker-archive: same licences"
run_dd scan --scanners packages --format cyclonedx -o "$DD_TMP/l.cdx.json" drydock-test/scan-licenses
assert_eq "$(cdx_lic "$DD_TMP/l.cdx.json" zlib1g hostname debianutils)" \
"zlib1g${T}null
hostname${T}[{\"license\": {\"name\": \"MIT\"}}]
debianutils${T}[{\"license\": {\"name\": \"public-domain\"}}]" "scan-licenses CycloneDX licenses"
# tag-value: the same expression, its LicenseRef declared
run_dd scan --scanners packages --format spdx drydock-test/scan-licenses
assert_rc 0 "spdx tag-value"
assert_contains "$DD_OUT" "PackageName: hostname" "tag-value lists hostname"
assert_contains "$(grep -A12 '^PackageName: debianutils$' <<<"$DD_OUT")" "PackageLicenseDeclared: LicenseRef-public-domain" "tag-value licence"
assert_contains "$DD_OUT" "LicenseID: LicenseRef-public-domain" "tag-value extracted licence"

# --- apk and rpm: the licence their databases record -----------------------------------------
run_dd scan --scanners packages --format spdx-json -o "$DD_TMP/apk.spdx.json" drydock-test/scan-apk
assert_eq "$(spdx_lic "$DD_TMP/apk.spdx.json" musl busybox ca-certificates-bundle)" \
"musl${T}MIT
busybox${T}GPL-2.0-only
ca-certificates-bundle${T}MPL-2.0 AND MIT" "apk L: in SPDX"
run_dd scan --scanners packages --format cyclonedx -o "$DD_TMP/apk.cdx.json" drydock-test/scan-apk
assert_eq "$(cdx_lic "$DD_TMP/apk.cdx.json" musl ca-certificates-bundle)" \
"musl${T}[{\"license\": {\"name\": \"MIT\"}}]
ca-certificates-bundle${T}[{\"expression\": \"MPL-2.0 AND MIT\"}]" "apk L: in CycloneDX"
run_dd scan --scanners packages --format spdx-json -o "$DD_TMP/rpm.spdx.json" drydock-test/scan-rpm
assert_eq "$(spdx_lic "$DD_TMP/rpm.spdx.json" ddtest-data ddtest-hello-libs)" \
"ddtest-data${T}GPL-2.0-or-later
ddtest-hello-libs${T}MIT AND BSD-3-Clause" "rpm License in SPDX"
run_dd scan --scanners packages --format cyclonedx -o "$DD_TMP/rpm.cdx.json" drydock-test/scan-rpm
assert_eq "$(cdx_lic "$DD_TMP/rpm.cdx.json" ddtest-hello)" \
"ddtest-hello${T}[{\"license\": {\"name\": \"MIT\"}}]" "rpm License in CycloneDX"
done_tests
