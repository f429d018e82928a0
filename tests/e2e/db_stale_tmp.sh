#!/usr/bin/env bash
# `db import`/`update` killed half-way leaves the old database intact and its temporary
# copy behind; the next run removes every such copy that no live run holds (each run
# flocks its own), and never one that a concurrent run is writing.
. "$DD_SRC/tests/e2e/lib.sh"
D=$DD_TMP/db
mkdir -p "$D"
FEED=$DD_SRC/tests/cases/vuln/debian/tracker.json
run_dd db import --db "$D/vuln.db" "$FEED"
assert_rc 0 "first import"
before=$(sha256sum <"$D/vuln.db")

# A run killed half-way: its copy exists, nobody holds it.
cp "$D/vuln.db" "$D/vuln.db.tmp.Ab12Cd"
# A run still writing: its copy is flocked (as drydock holds its own) until we let go.
: >"$D/vuln.db.tmp.LIVE01"
exec {live}<"$D/vuln.db.tmp.LIVE01"
flock -x "$live"
# Not a temporary file of ours: same prefix, not what mkstemp makes.
: >"$D/vuln.db.tmp.keep-me"

run_dd db import --db "$D/vuln.db" "$FEED"
assert_rc 0 "second import"
[ -e "$D/vuln.db.tmp.Ab12Cd" ] && fail "the stale temporary copy is still there" || ok
[ -e "$D/vuln.db.tmp.LIVE01" ] && ok || fail "a live run's temporary copy was removed"
[ -e "$D/vuln.db.tmp.keep-me" ] && ok || fail "a file that is not a temporary copy was removed"
exec {live}<&-

# A run killed while writing leaves the database as it was, and the next run cleans up.
"$DRYDOCK" db import --db "$D/vuln.db" "$FEED" "$DD_SHARED_DATA/debian-bookworm-tracker-subset.json.gz" &
pid=$!
for _ in $(seq 1 200); do
    ls "$D"/vuln.db.tmp.?????? 2>/dev/null | grep -qv LIVE01 && break
    sleep 0.05
done
kill -9 "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
n=$(ls "$D"/vuln.db.tmp.?????? 2>/dev/null | wc -l)
run_dd db status --db "$D/vuln.db"
assert_rc 0 "the database is intact after a kill"
run_dd db import --db "$D/vuln.db" "$FEED"
assert_rc 0 "import after the kill"
left=$(ls "$D"/vuln.db.tmp.?????? 2>/dev/null | grep -v LIVE01 | wc -l)
assert_eq "$left" 0 "no temporary copy left after the next run (there were $n)"
done_tests
