#!/usr/bin/env bash
# `drydock scan sbom:FILE`, no daemon needed, against a database built from
# ../shared/data (the OSV subset, Alpine 3.11's secdb) and the Debian tracker fixture:
#  - round trip: the CycloneDX and SPDX JSON that drydock writes for a source tree (npm,
#    PyPI) and for Alpine and Debian root file systems (OS packages with their distro and
#    source packages), scanned back, give exactly the findings (advisory, package,
#    installed version) of scanning the source itself;
#  - a hand-written CycloneDX 1.6 with known-vulnerable pins gives exactly the advisories
#    the independent oracle (tests/e2e/osv/oracle.py) computes from the OSV ranges; an
#    SPDX 2.3 OS package takes its distro from the purl's qualifier;
#  - what cannot be checked is said: no purl, a broken purl, a purl type no data covers
#    (notes), a distro the database lacks (DDV-NOT-COVERED);
#  - malformed documents (not JSON, wrong bomFormat or specVersion, a huge string, a
#    missing file) are an error naming the file (and line or JSON path), exit 3.
. "$DD_SRC/tests/e2e/lib.sh"
command -v /usr/bin/python3 >/dev/null || skip_or_fail "/usr/bin/python3 is needed for the oracle"
/usr/bin/python3 -c 'import packaging' 2>/dev/null || skip_or_fail "python3-packaging is needed"
OSV=$DD_SHARED_DATA/osv-ghsa-subset
VULN=$DD_SRC/tests/cases/vuln
DB=$DD_TMP/v.db
run_dd db import --db "$DB" "$OSV"/*.zip "$DD_SHARED_DATA/alpine-secdb/v3.11-main.json" \
    "$VULN/debian/tracker.json"
assert_rc 0 "import the shared data"
found() { jq -r '.findings[] | select(.properties.package) | "\(.ruleId) \(.properties.package) \(.properties.installed)"' <<<"$DD_OUT" | sort; }

# ---- round trip ------------------------------------------------------------------
T=$DD_TMP/tree
mkdir -p "$T/web" "$T/api" "$DD_TMP/alpine/etc" "$DD_TMP/alpine/lib/apk/db" \
    "$DD_TMP/debian/etc" "$DD_TMP/debian/var/lib/dpkg"
printf '{"name":"web","lockfileVersion":3,"packages":{"":{"name":"web"},"node_modules/lodash":{"version":"4.17.15"},"node_modules/@babel/traverse":{"version":"7.22.0"}}}\n' \
    >"$T/web/package-lock.json"
printf 'django==3.2.0\nDjango_Rest_Framework==3.0\n' >"$T/api/requirements.txt"
cp "$VULN/alpine311/os-release" "$DD_TMP/alpine/etc/"
cp "$VULN/alpine311/installed" "$DD_TMP/alpine/lib/apk/db/"
cp "$VULN/debian/os-release" "$DD_TMP/debian/etc/"
cp "$VULN/debian/status" "$DD_TMP/debian/var/lib/dpkg/"
for src in "fs:$T" "rootfs:$DD_TMP/alpine" "rootfs:$DD_TMP/debian"; do
    run_dd scan --db "$DB" --scanners packages,vulns --format json "$src"
    direct=$(found)
    [ -n "$direct" ] || fail "$src: the fixture has known vulnerabilities"
    for fmt in cyclonedx spdx-json; do
        run_dd scan --db "$DB" --format "$fmt" -o "$DD_TMP/bom.json" "$src"
        assert_rc 0 "$src: write $fmt"
        run_dd scan --db "$DB" --format json "sbom:$DD_TMP/bom.json"
        assert_rc 0 "$src: scan its $fmt back"
        assert_eq "$(found)" "$direct" "$src: $fmt round trip keeps every finding"
    done
done
assert_eq "$(jq -r .meta.sbom <<<"$DD_OUT")" "SPDX-2.3" "the format is named in the report"
assert_contains "$(found)" "CVE-2099-0001 libssl3" "a binary package matched through its source"

# ---- hand-written CycloneDX: the OSV ranges ---------------------------------------
cat >"$DD_TMP/hand.cdx.json" <<'JSON'
{"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
 "metadata": {"component": {"type": "application", "name": "shop",
   "components": [{"type": "library", "name": "log4j-core", "version": "2.14.1",
                   "purl": "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"}]}},
 "components": [
  {"type": "library", "name": "lodash", "purl": "pkg:npm/lodash@4.17.15"},
  {"type": "library", "name": "django", "purl": "pkg:pypi/django@3.2.0",
   "components": [{"type": "library", "name": "x/net",
     "purl": "pkg:golang/golang.org/x/net@v0.0.0-20210226172049-e18ecbb05110"}]},
  {"type": "library", "name": "lodash", "purl": "pkg:npm/lodash@4.17.21"},
  {"type": "library", "name": "internal-thing", "version": "1.0"},
  {"type": "library", "name": "broken", "purl": "pkg:npm/%zz@1.0"},
  {"type": "library", "name": "action", "purl": "pkg:github/actions/checkout@v4"},
  {"type": "library", "name": "nuget-thing", "purl": "pkg:nuget/Some.Package@1.0.0"}
 ]}
JSON
run_dd scan --db "$DB" --format json "sbom:$DD_TMP/hand.cdx.json"
assert_rc 0 "hand-written CycloneDX"
printf 'npm lodash 4.17.15\nnpm lodash 4.17.21\nPyPI django 3.2.0\nMaven org.apache.logging.log4j:log4j-core 2.14.1\nGo golang.org/x/net v0.0.0-20210226172049-e18ecbb05110\n' |
    /usr/bin/python3 "$DD_SRC/tests/e2e/osv/oracle.py" "$OSV" | awk '{print $1, $3, $4}' | sort >"$DD_TMP/oracle"
assert_eq "$(found)" "$(cat "$DD_TMP/oracle")" "advisories = the OSV ranges (oracle)"
assert_eq "$(grep -c lodash "$DD_TMP/oracle")" 3 "lodash 4.17.15: its three advisories, 4.17.21 none"
assert_eq "$(grep -c log4j-core "$DD_TMP/oracle")" 4 "log4j-core 2.14.1 (nested in metadata.component): four"
notes=$(jq -r '.notes[]' <<<"$DD_OUT")
assert_contains "$notes" "1 component without a purl not checked (the first: components[3] (internal-thing))" "no purl: a note"
assert_contains "$notes" "components[4]: purl 'pkg:npm/%zz@1.0'" "a broken purl: a note naming its JSON path"
assert_contains "$notes" "packages of purl type 'github' are not checked" "an unknown purl type: a note"
assert_eq "$(jq -r '[.findings[] | select(.ruleId == "DDV-NOT-COVERED")] | length' <<<"$DD_OUT")" 1 \
    "NuGet (no data in the database): DDV-NOT-COVERED, as for an image"
run_dd scan --db "$DB" "sbom:$DD_TMP/hand.cdx.json" --fail-on critical
assert_rc 1 "--fail-on applies"
assert_contains "$DD_OUT" "GHSA-jfh8-c2jp-5v3q" "text report names the advisory"

# ---- SPDX with the distro in the purl only ---------------------------------------
cat >"$DD_TMP/apk.spdx.json" <<'JSON'
{"spdxVersion": "SPDX-2.3", "SPDXID": "SPDXRef-DOCUMENT", "name": "x", "packages": [
 {"SPDXID": "SPDXRef-1", "name": "git", "versionInfo": "2.24.0-r0",
  "externalRefs": [{"referenceCategory": "PACKAGE-MANAGER", "referenceType": "purl",
    "referenceLocator": "pkg:apk/alpine/git@2.24.0-r0?arch=x86_64&distro=alpine-3.11.3"}]}]}
JSON
run_dd scan --db "$DB" --format json "sbom:$DD_TMP/apk.spdx.json"
assert_rc 0 "SPDX, distro from the purl"
assert_eq "$(found)" "$(grep ' git ' <<<"$(run_dd scan --db "$DB" --format json "rootfs:$DD_TMP/alpine"; found)")" \
    "apk git 2.24.0-r0 on Alpine 3.11: the secdb's advisories"
sed 's/alpine-3.11.3/alpine-3.19/' "$DD_TMP/apk.spdx.json" >"$DD_TMP/apk319.spdx.json"
run_dd scan --db "$DB" --format json "sbom:$DD_TMP/apk319.spdx.json"
assert_eq "$(jq -r '.findings[].ruleId' <<<"$DD_OUT")" "DDV-NOT-COVERED" "a release the database lacks: not covered, not clean"

# ---- Trivy's CycloneDX: the source package in properties, not in the purl ----------
cat >"$DD_TMP/trivy.cdx.json" <<'JSON'
{"bomFormat": "CycloneDX", "specVersion": "1.5", "components": [
 {"type": "operating-system", "name": "debian", "version": "12.4"},
 {"type": "library", "name": "libssl3", "version": "3.0.11-1~deb12u2",
  "purl": "pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12.4",
  "properties": [{"name": "aquasecurity:trivy:SrcName", "value": "openssl"},
                 {"name": "aquasecurity:trivy:SrcVersion", "value": "3.0.11"},
                 {"name": "aquasecurity:trivy:SrcRelease", "value": "1~deb12u2"}]}]}
JSON
run_dd scan --db "$DB" --format json "sbom:$DD_TMP/trivy.cdx.json"
assert_rc 0 "Trivy-style CycloneDX"
assert_eq "$(found | awk '{print $1}' | sort -u | tr '\n' ' ')" \
    "$(cd "$DD_TMP" && run_dd scan --db "$DB" --format json "rootfs:$DD_TMP/debian"; found | awk '$2 == "libssl3" {print $1}' | sort -u | tr '\n' ' ')" \
    "libssl3 meets openssl's advisories through aquasecurity:trivy:SrcName"

# ---- malformed documents ---------------------------------------------------------
bad() { # bad FILE-CONTENT EXPECTED-MESSAGE WHAT
    printf '%s' "$1" >"$DD_TMP/bad.json"
    run_dd scan --db "$DB" "sbom:$DD_TMP/bad.json"
    assert_rc 3 "$3: exit 3"
    assert_contains "$DD_ERR" "$2" "$3: the message"
}
bad 'not json' "bad.json:1:3: not JSON" "not JSON"
bad '{"bomFormat": "CycloneDX", "specVersion": "1.5",
"components": [' "bad.json:2:" "truncated JSON names its line"
bad '{"bomFormat": "SWID"}' "bad.json: bomFormat: 'SWID' is not CycloneDX" "wrong bomFormat"
bad '{"bomFormat": "CycloneDX", "specVersion": "1.1"}' "specVersion: CycloneDX 1.1 is not read" "old CycloneDX"
bad '{"spdxVersion": "SPDX-3.0"}' "spdxVersion: 'SPDX-3.0' is not read" "SPDX 3"
bad '[]' "a JSON array, not a CycloneDX or SPDX document" "an array"
bad '{"name": "x"}' "neither CycloneDX (bomFormat) nor SPDX (spdxVersion)" "no format"
bad '{"bomFormat": "CycloneDX", "specVersion": "1.5", "components": [1]}' "bad.json: components[0]: not an object" "a component that is no object"
bad '{"bomFormat": "CycloneDX", "specVersion": "1.5", "components": {}}' "bad.json: components: not an array" "components no array"
run_dd scan --db "$DB" "sbom:$DD_TMP/missing.json"
assert_rc 3 "missing file"
assert_contains "$DD_ERR" "missing.json" "missing file named"
huge=$(head -c 100000 /dev/zero | tr '\0' a)
printf '{"bomFormat": "CycloneDX", "specVersion": "1.5", "components": [{"type": "library", "name": "x", "purl": "pkg:npm/%s@1.0"}]}' "$huge" >"$DD_TMP/huge.json"
run_dd scan --db "$DB" --format json "sbom:$DD_TMP/huge.json"
assert_rc 0 "a huge purl: no crash"
assert_contains "$(jq -r '.notes[]' <<<"$DD_OUT")" "components[0]: purl longer than 8192 bytes: not checked" "a huge purl: a note"
printf '{"bomFormat": "CycloneDX", "specVersion": "1.4", "components": [{"type": "library", "name": "%s"}]}' "$huge" >"$DD_TMP/hugename.json"
run_dd scan --db "$DB" --format json "sbom:$DD_TMP/hugename.json"
assert_rc 0 "a huge name: no crash"
assert_eq "$(jq -r '.notes[0] | length < 400' <<<"$DD_OUT")" true "a huge name: the note names it in short"
{
    printf '{"bomFormat": "CycloneDX", "specVersion": "1.5", "components": ['
    for i in $(seq 1 50); do printf '%s{"purl": "pkg:npm/%%zz%d@1"}' "$([ "$i" = 1 ] || echo ,)" "$i"; done
    printf ']}'
} >"$DD_TMP/broken50.json"
run_dd scan --db "$DB" --format json "sbom:$DD_TMP/broken50.json"
assert_rc 0 "50 broken purls"
assert_eq "$(jq -r '.notes | length' <<<"$DD_OUT")" 21 "50 broken purls: 20 notes and a summary"
assert_contains "$(jq -r '.notes[-1]' <<<"$DD_OUT")" "30 more components with a purl drydock cannot read not checked" "the summary"
run_dd scan --db "$DB" --list-files "sbom:$DD_TMP/hand.cdx.json"
assert_rc 2 "--list-files is for images"
# config and secret scanners asked of an SBOM: a usage error, never an empty "clean" result
run_dd scan --db "$DB" --scanners secrets,vulns "sbom:$DD_TMP/hand.cdx.json"
assert_rc 2 "--scanners secrets with sbom:"
assert_contains "$DD_ERR" "has packages only" "the error says why"
done_tests
