#!/usr/bin/env bash
# drydock watch outputs, end to end: text lines, --fail-on with --duration (exit 1), the
# Prometheus endpoint scraped while it runs, the webhook (a receiver that refuses the
# first POST, so the retry is exercised) receiving Falco's JSON, the summary on stop.
. "$DD_SRC/tests/e2e/lib.sh"
need_daemon
need_image drydock-test/watch
[ "$(id -u)" = 0 ] || skip_or_fail "drydock watch needs root"
command -v python3 >/dev/null || skip_or_fail "python3 is missing (scripts/deps.sh --test)"
. "$DD_SRC/tests/e2e/watch_lib.sh"

P=ddo$$
at_exit "docker ps -aq --filter name=^/$P- | xargs -r docker rm -f"

# A webhook receiver on loopback: answers 503 to the first POST, 200 after; writes bodies.
cat >"$DD_TMP/recv.py" <<'PY'
import http.server, sys
seen = {"n": 0}
class H(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        seen["n"] += 1
        code = 503 if seen["n"] == 1 else 200
        if code == 200:
            with open(sys.argv[2], "ab") as f:
                f.write(body + b"\n")
        self.send_response(code)
        self.end_headers()
    def log_message(self, *a):
        pass
s = http.server.HTTPServer(("127.0.0.1", 0), H)
open(sys.argv[1], "w").write(str(s.server_address[1]))
s.serve_forever()
PY
python3 "$DD_TMP/recv.py" "$DD_TMP/port" "$DD_TMP/posted.jsonl" &
at_exit "kill $!"
for i in $(seq 1 50); do [ -s "$DD_TMP/port" ] && break; sleep 0.1; done
port=$(cat "$DD_TMP/port")

watch_start --duration 25s --fail-on warning --no-color -o "$DD_TMP/alerts.txt" \
    --webhook "http://127.0.0.1:$port/" --metrics 127.0.0.1:0
mport=$(sed -n 's/.*metrics on port \([0-9]*\).*/\1/p' "$DD_TMP/watch.err")

docker run --rm --name "$P-shadow" --network none drydock-test/watch cat /etc/shadow >/dev/null
for i in $(seq 1 100); do
    grep -q "$P-shadow" "$DD_TMP/posted.jsonl" 2>/dev/null && break
    sleep 0.2
done
metrics=$(curl -sf "http://127.0.0.1:$mport/metrics")
assert_contains "$metrics" 'drydock_watch_alerts_total{rule="Read sensitive file untrusted",priority="Warning"} ' "alerts per rule"
assert_contains "$metrics" 'drydock_watch_drops_total{cpu="0",type="syscall"} ' "drops per CPU"
assert_contains "$metrics" 'drydock_watch_ring_used_bytes{cpu="0"} ' "ring use per CPU"
assert_contains "$metrics" 'drydock_watch_cpu_seconds_total{mode="user"} ' "CPU time"
assert_contains "$metrics" 'drydock_watch_events_total{type="openat"} ' "events by type"
assert_contains "$metrics" 'drydock_watch_webhook_sent_total ' "webhook counters"
assert_eq "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$mport/other")" 404 "other paths"

wait "$WATCH_PID"
WATCH_RC=$?
assert_eq "$WATCH_RC" 1 "--fail-on warning with a Warning alert, after --duration"
line=$(grep "$P-shadow" "$DD_TMP/alerts.txt")
assert_contains "$line" ": Warning Sensitive file opened for reading by non-trusted program | file=/etc/shadow process=cat" "text line"
[[ "$line" =~ ^[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{9}:\ Warning ]] && ok || fail "text line time prefix: $line"
posted=$(grep "$P-shadow" "$DD_TMP/posted.jsonl")
assert_eq "$(jq -r '.rule' <<<"$posted")" "Read sensitive file untrusted" "webhook body: rule"
assert_eq "$(jq -r '.source + " " + .priority' <<<"$posted")" "syscall Warning" "webhook body: source and priority"
err=$(cat "$DD_TMP/watch.err")
assert_contains "$err" "webhook: " "webhook line in the summary"
[[ "$err" =~ webhook:\ [1-9][0-9]*\ sent ]] && ok || fail "webhook sent count: $err"
assert_contains "$err" "0 dropped" "no webhook alert dropped"
assert_contains "$err" "Read sensitive file untrusted (Warning)" "alerts per rule in the summary"

# the same alert does not fail a run whose threshold is above it
watch_start --duration 6s --fail-on critical -o "$DD_TMP/alerts2.txt"
docker run --rm --name "$P-shadow2" --network none drydock-test/watch cat /etc/shadow >/dev/null
wait "$WATCH_PID"
assert_eq "$?" 0 "--fail-on critical with only a Warning alert"
done_tests
