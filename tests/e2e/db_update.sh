#!/usr/bin/env bash
# drydock db update against a local HTTP server (python3 -m http.server on 127.0.0.1)
# serving the shared feeds: first run downloads and imports; the second is a
# conditional GET answered 304 (not modified) that keeps the data; a malformed feed or
# an unreachable one fails the whole update and leaves the database as it was.
. "$DD_SRC/tests/e2e/lib.sh"
command -v python3 >/dev/null || skip_or_fail "python3 is needed for the HTTP server"

WWW=$DD_TMP/www
mkdir -p "$WWW/v3.11" "$WWW/PyPI"
cp "$DD_SHARED_DATA/debian-bookworm-tracker-subset.json.gz" "$WWW/tracker.json.gz"
cp "$DD_SHARED_DATA/alpine-secdb/v3.11-main.json" "$WWW/v3.11/main.json"
python3 - "$DD_SRC/tests/cases/vuln/osv" "$WWW/PyPI/all.zip" <<'PY'
import os, sys, zipfile
with zipfile.ZipFile(sys.argv[2], "w", zipfile.ZIP_DEFLATED) as z:
    for n in sorted(os.listdir(sys.argv[1])):
        z.write(os.path.join(sys.argv[1], n), n)
PY
printf '<html>rate limited</html>' >"$WWW/bad.json"
printf '{"distroversion": "v3.12", "packages": [{"pkg": {"name": "x", "secfixes": {"1": "CVE-1"}}}' >"$WWW/v3.11/truncated.json"

# The server logs every request, so the test sees the 304s.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -m http.server --bind 127.0.0.1 --directory "$WWW" "$port" >"$DD_TMP/http.log" 2>&1 &
srv=$!
at_exit "kill $srv"
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/" >/dev/null && break; sleep 0.1; done
base=http://127.0.0.1:$port
DB=$DD_TMP/cache/drydock/vuln.db
export XDG_CACHE_HOME=$DD_TMP/cache # the default path, no --db
export DRYDOCK_DB_SOURCES="$base/tracker.json.gz $base/v3.11/main.json,$base/PyPI/all.zip"
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY
export no_proxy=127.0.0.1

run_dd db update
assert_rc 0 "first update"
assert_contains "$DD_OUT" "$base/tracker.json.gz: updated debian-tracker" "tracker downloaded"
assert_contains "$DD_OUT" "$base/v3.11/main.json: updated alpine-secdb:v3.11/main" "secdb downloaded"
assert_contains "$DD_OUT" "$base/PyPI/all.zip: updated osv:PyPI" "OSV zip downloaded"
[ -f "$DB" ] && ok || fail "database at \$XDG_CACHE_HOME/drydock/vuln.db"
assert_not_contains "$DD_ERR" "MB" "no progress bar when stderr is not a tty"
run_dd db status --format json
assert_eq "$(jq -r '.sources | length' <<<"$DD_OUT")" 3 "three sources"
assert_eq "$(jq -r '.sources[] | select(.name == "debian-tracker") | .advisories' <<<"$DD_OUT")" 17143 "tracker advisories"
assert_eq "$(jq -r '.sources[] | select(.name == "debian-tracker") | .url' <<<"$DD_OUT")" "$base/tracker.json.gz" "url stored"
sum1=$(sqlite3 "$DB" 'SELECT count(*), sum(length(advisory)) FROM affected')

# Second run: conditional GET, 304, data kept.
sleep 1
run_dd db update
assert_rc 0 "second update"
assert_contains "$DD_OUT" "$base/tracker.json.gz: not modified" "304 for the tracker"
assert_contains "$DD_OUT" "$base/PyPI/all.zip: not modified" "304 for the zip"
assert_eq "$(grep -c '" 304 ' "$DD_TMP/http.log")" 3 "the server answered 304 three times"
assert_eq "$(sqlite3 "$DB" 'SELECT count(*), sum(length(advisory)) FROM affected')" "$sum1" "rows kept after 304"

# A changed feed is downloaded again.
touch -d '+1 hour' "$WWW/v3.11/main.json" 2>/dev/null || touch "$WWW/v3.11/main.json"
run_dd db update
assert_contains "$DD_OUT" "$base/v3.11/main.json: updated" "modified feed downloaded again"
assert_contains "$DD_OUT" "$base/tracker.json.gz: not modified" "others still 304"

# Failures: the database is untouched and the error says why.
before=$(sha256sum "$DB")
upd_fail() { # upd_fail URL EXPECTED WHAT
    run_dd db update --source "$base/tracker.json.gz" --source "$1"
    assert_rc 3 "$3: exit code"
    assert_contains "$DD_ERR" "$2" "$3: message"
    assert_contains "$DD_ERR" "previous database is intact" "$3: says so"
    assert_eq "$(sha256sum "$DB")" "$before" "$3: database untouched"
}
upd_fail "$base/bad.json" "bad.json: not JSON (the content is HTML or XML)" "HTML served as JSON"
upd_fail "$base/v3.11/truncated.json" "truncated.json: line 1" "truncated feed"
upd_fail "$base/missing.json" "missing.json: HTTP status 404" "404"
upd_fail "http://127.0.0.1:1/x.json" "download failed" "connection refused"

# --offline: never touches the network; local sources still import.
lines=$(wc -l <"$DD_TMP/http.log")
run_dd db update --offline --source "$base/tracker.json.gz" --source "$DD_SHARED_DATA/alpine-secdb/v3.10-main.json"
assert_rc 0 "offline update"
assert_contains "$DD_OUT" "$base/tracker.json.gz: skipped (offline)" "remote skipped"
assert_contains "$DD_OUT" "v3.10-main.json: updated alpine-secdb:v3.10/main" "local path imported"
assert_eq "$(wc -l <"$DD_TMP/http.log")" "$lines" "no request made offline"

# Proxy variables are honoured (libcurl): a dead proxy makes the download fail.
http_proxy=http://127.0.0.1:1 no_proxy= run_dd db update --source "$base/tracker.json.gz"
assert_rc 3 "dead proxy"
assert_contains "$DD_ERR" "download failed" "proxy used"
done_tests
