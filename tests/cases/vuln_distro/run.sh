#!/usr/bin/env bash
# Distributions nothing may skip silently (README.md says where each fixture's format is
# documented):
#  - Ubuntu 22.04 without Ubuntu data: a DDV-NOT-COVERED finding that --fail-on fails on
#    and .drydockignore can accept; with the Ubuntu OSV records: the right findings, the
#    CVE (upstream) as alias, Ubuntu Pro counted as not imported;
#  - CentOS 7: a Berkeley DB rpmdb made at test time by libdb, its list equal to rpm's own
#    bdb_ro reading; the same headers as SUSE's NDB; Red Hat OSV records matched by binary
#    and source rpm name, once per package;
#  - the database's age, distinct counts in `db status`, source names with dots, entries
#    of unsupported ecosystems counted at import, malformed distribution versions refused.
. "$DD_SRC/tests/e2e/lib.sh"
HERE=$DD_SRC/tests/cases/vuln_distro
SUBSET=$DD_SHARED_DATA/osv-ghsa-subset
DPY=/usr/bin/python3 # Debian's python3, for Debian's python3-bsddb3
for t in rpmbuild rpm jq sqlite3; do
    command -v $t >/dev/null || skip_or_fail "$t is needed (scripts/deps.sh --test)"
done
$DPY -c 'import bsddb3' 2>/dev/null || skip_or_fail "python3-bsddb3 is needed (scripts/deps.sh --test)"

# ---- Ubuntu: not covered, then covered --------------------------------------------------
UROOT=rootfs:$HERE/ubuntu-root
DB=$DD_TMP/deb.db
run_dd db import --db "$DB" "$DD_SHARED_DATA/debian-bookworm-tracker-subset.json.gz"
assert_rc 0 "import Debian data only"
run_dd scan "$UROOT" --db "$DB" --scanners vulns --format json
assert_rc 0 "scan without --fail-on"
assert_eq "$(jq -r '.findings[] | "\(.ruleId) \(.severity) \(.status) \(.message)"' <<<"$DD_OUT")" \
    "DDV-NOT-COVERED high fail 4 deb packages not checked for vulnerabilities: the vulnerability database has no Ubuntu 22.04 data" \
    "Ubuntu without Ubuntu data is a finding"
assert_eq "$(jq -c '.meta.vulnerabilities.not_covered' <<<"$DD_OUT")" \
    '[{"ecosystem":"Ubuntu","purl_type":"deb","release":"22.04","packages":4,"reason":"the vulnerability database has no Ubuntu 22.04 data"}]' \
    "not_covered in the JSON meta"
run_dd scan "$UROOT" --db "$DB" --scanners vulns --fail-on high
assert_rc 1 "--fail-on high fails on what was not checked"
assert_contains "$DD_OUT" "DDV-NOT-COVERED high: 4 deb packages not checked" "text"
printf 'DDV-NOT-COVERED pkg:Ubuntu exp:2999-12-31 # base image migration planned\n' >"$DD_TMP/ign"
run_dd scan "$UROOT" --db "$DB" --scanners vulns --fail-on high --ignorefile "$DD_TMP/ign"
assert_rc 0 "an accepted gap is accepted"
printf 'DDV-NOT-COVERED pkg:deb exp:2020-01-01\n' >"$DD_TMP/ign"
run_dd scan "$UROOT" --db "$DB" --scanners vulns --fail-on high --ignorefile "$DD_TMP/ign"
assert_rc 1 "an expired acceptance stops hiding the gap"
assert_contains "$DD_OUT" "the $DD_TMP/ign entry (line 1) expired on 2020-01-01" "and says so"

UDB=$DD_TMP/ubuntu.db
run_dd db import --db "$UDB" "$HERE/ubuntu"
assert_rc 0 "import the Ubuntu records"
assert_contains "$DD_OUT" "1 affected entry not imported: Ubuntu 1 (Ubuntu Pro (ESM) streams are not matched)" \
    "Ubuntu Pro is counted, not dropped silently"
want="UBUNTU-CVE-2016-2781 coreutils high? unfixed
UBUNTU-CVE-2023-4911 libc6 fixed 2.35-0ubuntu3.4
UBUNTU-CVE-2024-6387 openssh-client fixed 1:8.9p1-3ubuntu0.10"
for how in scan match; do
    if [ $how = scan ]; then
        run_dd scan "$UROOT" --db "$UDB" --scanners vulns --format json
    else
        run_dd db match --db "$UDB" --status-file "$HERE/ubuntu-root/var/lib/dpkg/status" \
            --os-release "$HERE/ubuntu-root/etc/os-release" --format json
    fi
    assert_rc 0 "$how Ubuntu"
    got=$(jq -r '.findings[] | "\(.ruleId) \(.properties.package) \(.properties.status) \(.properties.fixed)"' <<<"$DD_OUT" |
        sed 's/ unfixed null$/ unfixed/' | sort)
    assert_eq "$got" "$(sed 's/ high? / /' <<<"$want")" "$how: Ubuntu findings"
    assert_contains "$DD_OUT" '"message": "openssh-client 1:8.9p1-3ubuntu0.6 is vulnerable, fixed in 1:8.9p1-3ubuntu0.10 (also CVE-2024-6387)"' \
        "$how: the CVE is named"
    assert_eq "$(jq -r '.findings[] | select(.ruleId == "UBUNTU-CVE-2016-2781") | .severity' <<<"$DD_OUT")" low \
        "$how: Ubuntu priority when no CVSS"
done

# ---- CentOS 7: a Berkeley DB rpmdb, made by libdb, read by rpm as the oracle -----------
B=$DD_TMP/rpmbuild
mkdir -p "$B/SPECS" "$DD_TMP/sqlite" "$DD_TMP/centos/var/lib/rpm" "$DD_TMP/centos/etc" \
    "$DD_TMP/sles/usr/lib/sysimage/rpm" "$DD_TMP/sles/etc"
spec() { # NAME EPOCH VERSION RELEASE LICENSE [SUBPACKAGE] [DESCRIPTION]
    {
        printf 'Name: %s\n' "$1"
        [ "$2" != 0 ] && printf 'Epoch: %s\n' "$2"
        printf 'Version: %s\nRelease: %s\nSummary: fixture\nLicense: %s\nBuildArch: x86_64\n' "$3" "$4" "$5"
        printf '%%description\n%s\n%%files\n' "${7:-fixture}"
        [ -n "${6:-}" ] && printf '%%package %s\nSummary: fixture\n%%description %s\nfixture\n%%files %s\n' "$6" "$6" "$6"
    } >"$B/SPECS/$1.spec"
    rpmbuild --define "_topdir $B" --define "_build_id_links none" --define "debug_package %{nil}" \
        -bb "$B/SPECS/$1.spec" >"$B/$1.log" 2>&1 || fail "rpmbuild $1: $(tail -5 "$B/$1.log")"
}
long=$(for i in $(seq 300); do printf 'The GNU C library, line %s of a description long enough. ' "$i"; done)
spec openssl 1 1.0.2k 25.el7_9 OpenSSL libs
spec bash 0 4.2.46 34.el7 GPLv3+
spec glibc 0 2.17 326.el7_9 LGPLv2+ "" "$long"
rm -f "$B"/RPMS/x86_64/openssl-1.0.2k* # only openssl-libs, whose source rpm is openssl
rpm --dbpath "$DD_TMP/sqlite" --define "_db_backend sqlite" --initdb
rpm --dbpath "$DD_TMP/sqlite" --define "_db_backend sqlite" --justdb --nodeps --noscripts \
    --ignorearch -i "$B"/RPMS/x86_64/*.rpm 2>/dev/null || fail "rpm -i --justdb"
$DPY - "$DD_TMP/sqlite/rpmdb.sqlite" "$DD_TMP/centos/var/lib/rpm/Packages" \
    "$DD_TMP/sles/usr/lib/sysimage/rpm/Packages.db" <<'PY'
import sqlite3, struct, sys, zlib
from bsddb3 import db

blobs = list(sqlite3.connect(sys.argv[1]).execute("SELECT hnum, blob FROM Packages ORDER BY hnum"))
# CentOS 7: a Berkeley DB hash database keyed by the header number (native order), with
# rpm's record 0 holding the next header number.
d = db.DB()
d.set_pagesize(4096)
d.open(sys.argv[2], dbtype=db.DB_HASH, flags=db.DB_CREATE)
for hnum, blob in blobs:
    d.put(struct.pack("=I", hnum), blob)
d.put(struct.pack("=I", 0), struct.pack("=I", len(blobs) + 1))
d.close()
# SUSE: rpm's NDB (lib/backend/ndb/rpmpkg.c): header, one slot page, blobs in 16-byte blocks.
out = bytearray(4096)
out[0:16] = b"RpmP" + struct.pack("<III", 0, 1, 1)
at = 4096
for i, (hnum, blob) in enumerate(blobs):
    blocks = (16 + len(blob) + 12 + 15) // 16
    out[32 + 16 * i:48 + 16 * i] = b"Slot" + struct.pack("<III", hnum, at // 16, blocks)
    blk = b"BlbS" + struct.pack("<III", hnum, zlib.adler32(blob), len(blob)) + blob
    out += blk + bytes(blocks * 16 - len(blk))
    at += blocks * 16
for i in range(len(blobs), 4096 // 16 - 2):
    out[32 + 16 * i:36 + 16 * i] = b"Slot"
open(sys.argv[3], "wb").write(out)
PY
printf 'NAME="CentOS Linux"\nVERSION="7 (Core)"\nID="centos"\nID_LIKE="rhel fedora"\nVERSION_ID="7"\nPRETTY_NAME="CentOS Linux 7 (Core)"\n' \
    >"$DD_TMP/centos/etc/os-release"
printf 'NAME="SLES"\nVERSION="15-SP5"\nVERSION_ID="15.5"\nID="sles"\nPRETTY_NAME="SUSE Linux Enterprise Server 15 SP5"\n' \
    >"$DD_TMP/sles/etc/os-release"
rpm --dbpath "$DD_TMP/centos/var/lib/rpm" --define '_db_backend bdb_ro' -qa \
    --qf '%{NAME} %|EPOCH?{%{EPOCH}:}:{}|%{VERSION}-%{RELEASE} %{SOURCERPM}\n' 2>/dev/null |
    sed 's/-[^-]*-[^-]*\.src\.rpm$//' | sort >"$DD_TMP/rpm.want"
assert_eq "$(wc -l <"$DD_TMP/rpm.want")" 3 "rpm reads the Berkeley DB file libdb wrote"
[ "$(stat -c %s "$DD_TMP/centos/var/lib/rpm/Packages")" -gt 12288 ] ||
    fail "the Berkeley DB file is too small to hold overflow pages"
for tree in centos sles; do
    run_dd scan "rootfs:$DD_TMP/$tree" --scanners packages --format json
    assert_rc 0 "scan packages of $tree"
    jq -r '.components[] | select(.properties.pkg_type == "rpm") | "\(.name) \(.version) \(.properties.source // .name)"' \
        <<<"$DD_OUT" | sort >"$DD_TMP/rpm.got"
    if diff -u "$DD_TMP/rpm.want" "$DD_TMP/rpm.got" >"$DD_TMP/rpm.diff"; then ok; else
        fail "$tree: drydock's rpm list differs from rpm's: $(cat "$DD_TMP/rpm.diff")"
    fi
done

run_dd scan "rootfs:$DD_TMP/centos" --db "$DB" --scanners vulns --format json
assert_eq "$(jq -r '.findings[] | "\(.ruleId) \(.message)"' <<<"$DD_OUT")" \
    "DDV-NOT-COVERED 3 rpm packages not checked for vulnerabilities: the vulnerability database has no Red Hat 7 data" \
    "CentOS 7 without Red Hat data"
run_dd scan "rootfs:$DD_TMP/sles" --db "$DB" --scanners vulns --format json
assert_eq "$(jq -r '.findings[] | .message' <<<"$DD_OUT")" \
    "3 rpm packages not checked for vulnerabilities: drydock has no vulnerability feed for rpm packages of sles 15.5" \
    "a distribution without a feed"
RDB=$DD_TMP/redhat.db
run_dd db import --db "$RDB" "$HERE/redhat"
assert_rc 0 "import the Red Hat records"
assert_contains "$DD_OUT" "2 affected entries not imported: Red Hat 2 (Red Hat products other than enterprise_linux" \
    "ELS and EUS streams are counted"
run_dd scan "rootfs:$DD_TMP/centos" --db "$RDB" --scanners vulns --format json
assert_eq "$(jq -r '.findings[] | "\(.ruleId) \(.properties.package) \(.properties.fixed) \(.properties.aliases | join(","))"' <<<"$DD_OUT" | sort | tr '\n' ';')" \
    "RHSA-2023:1335 openssl-libs 1:1.0.2k-26.el7_9 CVE-2023-0286;RHSA-2024:0001 glibc 0:2.17-326.el7_9.3 CVE-2099-7001;" \
    "Red Hat: by binary and by source name, one finding each"

# ---- the database: age, counts, names ------------------------------------------------
sqlite3 "$UDB" "UPDATE sources SET updated = strftime('%s','now') - 20 * 86400"
run_dd scan "$UROOT" --db "$UDB" --scanners vulns
assert_contains "$DD_OUT" "note: the vulnerability database was last updated" "a stale database is said"
assert_contains "$DD_OUT" "20 days ago: findings may be missing" "with its age"
run_dd scan "$UROOT" --db "$UDB" --scanners vulns --db-max-age 30 --format json
assert_eq "$(jq -r '.notes // [] | length' <<<"$DD_OUT")" 0 "--db-max-age 30: fresh enough"
assert_eq "$(jq -r '.meta.vulnerabilities.db_age_days' <<<"$DD_OUT")" 20 "the age in the JSON meta"
run_dd db status --db "$UDB"
assert_contains "$DD_OUT" "(20 days ago): older than --db-max-age" "db status shows the age"

run_dd db import --db "$DD_TMP/go.db" "$SUBSET/Go" "$SUBSET/Go/GHSA-4v7x-pqxf-cx7m.json" "$SUBSET/crates.io.zip" \
    "$SUBSET/RubyGems.zip" "$SUBSET/Packagist.zip"
assert_rc 0 "import a directory, one of its records again, and the other ecosystems"
run_dd db status --db "$DD_TMP/go.db" --format json
assert_eq "$(jq -r '.advisories' <<<"$DD_OUT")" 25 "one record imported twice counts once (20 Go + 5)"
assert_eq "$(jq -r '.sources | map(.name) | join(",")' <<<"$DD_OUT")" \
    "osv:GHSA-4v7x-pqxf-cx7m,osv:Go,osv:Packagist,osv:RubyGems,osv:crates.io" "source names keep their dots"
assert_eq "$(jq -r '[.sources[] | select(.name != "osv:Go" and .name != "osv:GHSA-4v7x-pqxf-cx7m") | .affected] | add' <<<"$DD_OUT")" 11 \
    "crates.io, RubyGems and Packagist are imported, not skipped"
cat >"$DD_TMP/hex.json" <<'JSON'
{"id": "GHSA-hex0-0000-0001", "summary": "x", "affected": [
  {"package": {"ecosystem": "Hex", "name": "plug"}, "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}]}]},
  {"package": {"ecosystem": "Packagist:https://packages.drupal.org/8", "name": "drupal/core"}, "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}]}]}]}
JSON
run_dd db import --db "$DD_TMP/go.db" "$DD_TMP/hex.json"
assert_contains "$DD_OUT" "2 affected entries not imported: Hex 1 (ecosystem not supported), Packagist 1 (package repositories other than packagist.org are not matched)" \
    "what is not imported is counted by ecosystem and reason"
sed 's/"fixed": "2.35-0ubuntu3.4"/"fixed": "two dot thirty-five"/' "$HERE/ubuntu/UBUNTU-CVE-2023-4911.json" >"$DD_TMP/bad.json"
cp "$UDB" "$DD_TMP/before.db"
run_dd db import --db "$UDB" "$DD_TMP/bad.json"
assert_rc 3 "a malformed distribution version is refused"
assert_contains "$DD_ERR" 'UBUNTU-CVE-2023-4911: ranges[0].events[1]: "two dot thirty-five" is not a Ubuntu version' \
    "naming the record and the event"
cmp -s "$UDB" "$DD_TMP/before.db" && ok || fail "a refused import changed the database"
done_tests
