#!/usr/bin/env bash
# drydock db from the command line: import (plain, gzip, zip, directory), status, match
# with every Debian status, --ignore-unfixed, --severity, .drydockignore, and bad input:
# every malformed feed gives a clear error naming the file (and the zip entry), exit 3,
# and leaves the existing database byte-for-byte untouched.
. "$DD_SRC/tests/e2e/lib.sh"
HERE=$DD_SRC/tests/cases/vuln
DB=$DD_TMP/v.db
command -v python3 >/dev/null || skip_or_fail "python3 builds the zip fixtures"

# ---- import and status ----------------------------------------------------------
gzip -c "$HERE/debian/tracker.json" >"$DD_TMP/tracker.json.gz"
python3 - "$HERE/osv" "$DD_TMP/PyPI-all.zip" <<'PY'
import os, sys, zipfile
with zipfile.ZipFile(sys.argv[2], "w", zipfile.ZIP_DEFLATED) as z:
    for n in sorted(os.listdir(sys.argv[1])):
        z.write(os.path.join(sys.argv[1], n), n)
PY
run_dd db import --db "$DB" "$DD_TMP/tracker.json.gz" "$DD_TMP/PyPI-all.zip" \
    "$DD_SHARED_DATA/alpine-secdb/v3.11-main.json"
assert_rc 0 "import gzip + zip + plain"
assert_contains "$DD_OUT" "debian-tracker (debian-tracker)" "tracker detected from content"
assert_contains "$DD_OUT" "osv:PyPI-all (osv)" "zip of OSV records"
assert_contains "$DD_OUT" "alpine-secdb:v3.11/main (alpine-secdb)" "secdb per release and repository"
run_dd db status --db "$DB" --format json
assert_rc 0 "status"
assert_eq "$(jq -r .schemaVersion <<<"$DD_OUT")" 1 "schema version"
assert_eq "$(jq -r '.sources | map(.name) | join(",")' <<<"$DD_OUT")" \
    "alpine-secdb:v3.11/main,debian-tracker,osv:PyPI-all" "sources"
assert_eq "$(jq -r '.sources[] | select(.name == "debian-tracker") | .affected' <<<"$DD_OUT")" 13 \
    "tracker rows (every release entry, not-affected included)"
assert_eq "$(jq -r '.sources[] | select(.name == "osv:PyPI-all") | .advisories' <<<"$DD_OUT")" 5 \
    "OSV advisories (withdrawn one skipped)"
run_dd db status --db "$DB"
assert_contains "$DD_OUT" "schema version: 1" "text status"

# Re-importing a source replaces it (no duplicates).
run_dd db import --db "$DB" "$HERE/debian/tracker.json"
run_dd db status --db "$DB" --format json
assert_eq "$(jq -r '.sources[] | select(.name == "debian-tracker") | .affected' <<<"$DD_OUT")" 13 "re-import replaces"

# ---- match: statuses and filters --------------------------------------------------
m() { run_dd db match --db "$DB" --status-file "$HERE/debian/status" --os-release "$HERE/debian/os-release" "$@"; }
pairs() { jq -r '.findings[] | "\(.ruleId) \(.properties.package) \(.properties.status)"' <<<"$DD_OUT" | sort | tr '\n' ' '; }
m --format json
assert_rc 0 "match"
assert_eq "$(pairs)" "CVE-2099-0001 libssl3 fixed CVE-2099-0001 openssl fixed CVE-2099-0003 libssl3 unfixed CVE-2099-0003 openssl unfixed CVE-2099-0004 libssl3 will_not_fix CVE-2099-0004 openssl will_not_fix CVE-2099-0005 libssl3 postponed CVE-2099-0005 openssl postponed CVE-2099-0006 libssl3 undetermined CVE-2099-0006 openssl undetermined CVE-2099-0007 libssl3 end_of_life CVE-2099-0007 openssl end_of_life CVE-2099-0009 libssl3 will_not_fix CVE-2099-0009 openssl will_not_fix CVE-2099-0100 libfoo1 fixed DSA-9999-1 libfoo1 fixed " "every status"
m --format json --ignore-unfixed --severity high
assert_eq "$(pairs)" "CVE-2099-0001 libssl3 fixed CVE-2099-0001 openssl fixed " "--ignore-unfixed --severity high"
m --fail-on high -q
assert_rc 1 "--fail-on high"
assert_contains "$DD_OUT" "CVE-2099-0001" "text output names the advisory"
m --format sarif
assert_contains "$DD_OUT" '"ruleId": "CVE-2099-0001"' "sarif"
cat >"$DD_TMP/ignore" <<'IGN'
# accepted until the point release
CVE-2099-0001 pkg:libssl3 exp:2999-12-31  # waiting for 12.6
CVE-2099-0003 exp:2020-01-01 # this one expired
IGN
m --format json --ignore-file "$DD_TMP/ignore"
assert_not_contains "$(pairs)" "CVE-2099-0001 libssl3" "ignored by id+package"
assert_contains "$(pairs)" "CVE-2099-0001 openssl" "other package not ignored"
assert_contains "$(pairs)" "CVE-2099-0003 libssl3" "expired entry stops hiding"
assert_contains "$DD_ERR" "ignore entry for CVE-2099-0003 expired on 2020-01-01" "expired entry says so"
printf 'CVE-2099-0001 pkg:libssl3 exp:2024-02-30x\n' >"$DD_TMP/badignore"
m --ignore-file "$DD_TMP/badignore"
assert_rc 3 "bad ignore file"
assert_contains "$DD_ERR" "badignore:1:" "bad ignore file names file:line"

# Changelog urgencies (what feeds built from debian/changelog carry, like the shared
# bookworm subset): critical and emergency are critical, not unknown, so --fail-on and
# --severity see them.
cat >"$DD_TMP/urgency.json" <<'JSON'
{"openssl": {
  "CVE-2099-0201": {"releases": {"bookworm": {"status": "resolved", "fixed_version": "3.0.13-1~deb12u1", "urgency": "critical"}}},
  "CVE-2099-0202": {"releases": {"bookworm": {"status": "resolved", "fixed_version": "3.0.13-1~deb12u1", "urgency": "emergency"}}},
  "CVE-2099-0203": {"releases": {"bookworm": {"status": "resolved", "fixed_version": "3.0.13-1~deb12u1", "urgency": "medium**"}}}}}
JSON
run_dd db import --db "$DD_TMP/urgency.db" "$DD_TMP/urgency.json"
assert_rc 0 "import changelog urgencies"
run_dd db match --db "$DD_TMP/urgency.db" --status-file "$HERE/debian/status" \
    --os-release "$HERE/debian/os-release" --format json --severity critical
assert_eq "$(jq -r '.findings[] | select(.properties.package == "openssl") | "\(.ruleId) \(.severity)"' <<<"$DD_OUT" | sort | tr '\n' ' ')" \
    "CVE-2099-0201 critical CVE-2099-0202 critical " "urgency critical/emergency -> critical"

# ---- bad input: clear errors, exit 3, database untouched ------------------------------
before=$(sha256sum "$DB")
bad() { # bad FILE EXPECTED-SUBSTRING WHAT
    run_dd db import --db "$DB" "$1"
    assert_rc 3 "$3: exit code"
    assert_contains "$DD_ERR" "$2" "$3: message"
    assert_contains "$DD_ERR" "previous database is intact" "$3: says the db is intact"
    assert_eq "$(sha256sum "$DB")" "$before" "$3: database untouched"
    if ls "$DD_TMP"/v.db.tmp.* >/dev/null 2>&1; then fail "$3: temporary file left behind"; else ok; fi
}
head -c 700 "$HERE/debian/tracker.json" >"$DD_TMP/truncated.json"
bad "$DD_TMP/truncated.json" "truncated" "truncated JSON"
printf '{"openssl": ["CVE-1"]}' >"$DD_TMP/wrong.json"
bad "$DD_TMP/wrong.json" 'package openssl: expected an object of advisories' "wrong schema"
printf '{"openssl": {"CVE-1": {"releases": {"bookworm": {"status": "resolved", "fixed_version": "%s"}}}}}' \
    "$(head -c 300000 /dev/zero | tr '\0' 9)" >"$DD_TMP/huge.json"
bad "$DD_TMP/huge.json" '"fixed_version" is 300000 bytes (limit 256)' "huge string"
printf '{"distroversion": "v3.11", "packages": [{"pkg": {"name": "x", "secfixes": {"1-r0": "CVE-1"}}}]}' >"$DD_TMP/alpine-bad.json"
bad "$DD_TMP/alpine-bad.json" 'package x, version 1-r0: expected an array of ids' "secdb wrong schema"
printf '{"id": "GHSA-1", "affected": [{"package": {"ecosystem": "PyPI", "name": "x"}, "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": 0}]}]}]}' >"$DD_TMP/osv-bad.json"
bad "$DD_TMP/osv-bad.json" 'GHSA-1: ranges[0].events[0]' "OSV wrong schema"
printf '{"hello": 1}' >"$DD_TMP/unknown.json"
bad "$DD_TMP/unknown.json" 'not a known vulnerability feed' "not a feed"
printf '<html><body>503 Service Unavailable</body></html>\n' >"$DD_TMP/feed.json.gz"
bad "$DD_TMP/feed.json.gz" 'feed.json.gz: named .gz but the content is HTML or XML' "HTML named .gz"
cp "$HERE/osv/PYSEC-2099-1.json" "$DD_TMP/osv.zip"
bad "$DD_TMP/osv.zip" 'osv.zip: named .zip but the content is JSON' "JSON named .zip"
gzip -c "$HERE/osv/PYSEC-2099-1.json" >"$DD_TMP/plain.json"
bad "$DD_TMP/plain.json" 'named .json but the content is gzip data' "gzip named .json"
head -c 300 "$DD_TMP/tracker.json.gz" >"$DD_TMP/cut.json.gz"
bad "$DD_TMP/cut.json.gz" 'cut.json.gz: corrupt gzip data' "truncated gzip"
python3 - "$DD_TMP" <<'PY'
import sys, zipfile
d = sys.argv[1]
rec = open(d + "/../" if False else d + "/truncated.json").read() if False else '{"id": "GHSA-x"}'
with zipfile.ZipFile(d + "/evil.zip", "w") as z:
    z.writestr("good.json", rec)
    z.writestr("../../etc/evil.json", rec)
with zipfile.ZipFile(d + "/abs.zip", "w") as z:
    z.writestr("/etc/evil.json", rec)
with zipfile.ZipFile(d + "/bomb.zip", "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("bomb.json", "[" + " " * (64 << 20) + "]")
with zipfile.ZipFile(d + "/notosv.zip", "w") as z:
    z.writestr("x.json", '{"distroversion": "v3.11", "packages": []}')
PY
bad "$DD_TMP/evil.zip" 'evil.zip: zip entry "../../etc/evil.json": unsafe path' "zip .. entry"
bad "$DD_TMP/abs.zip" 'zip entry "/etc/evil.json": unsafe path' "zip absolute entry"
bad "$DD_TMP/bomb.zip" 'zip entry "bomb.json": more than 16 MB uncompressed (zip bomb?)' "zip bomb"
bad "$DD_TMP/notosv.zip" 'zip entry "x.json": is a alpine-secdb feed, not an OSV record' "zip of the wrong feed"
[ "$(stat -c %s "$DD_TMP/bomb.zip")" -lt 1000000 ] && ok || fail "the bomb should be small"
run_dd db import --db "$DB" "$DD_TMP/nonexistent.json"
assert_rc 3 "missing file"
assert_contains "$DD_ERR" "nonexistent.json" "missing file named"

# A database that is not ours is never overwritten.
echo "not a database" >"$DD_TMP/foreign.db"
run_dd db import --db "$DD_TMP/foreign.db" "$HERE/debian/tracker.json"
assert_rc 3 "foreign file"
assert_eq "$(cat "$DD_TMP/foreign.db")" "not a database" "foreign file untouched"

# ---- vercmp -----------------------------------------------------------------------
run_dd db vercmp --ecosystem apk 1.0_rc1 1.0
assert_eq "$DD_OUT" "<" "vercmp apk"
run_dd db vercmp --ecosystem maven 1.0-SNAPSHOT 1.0
assert_eq "$DD_OUT" "<" "vercmp maven"
run_dd db vercmp --ecosystem nope 1 2
assert_rc 2 "unknown ecosystem is a usage error"
done_tests
