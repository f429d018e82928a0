#!/bin/bash
# What a fleet's operators read, without a daemon: the default format in drydock's image
# (JSON lines, only when DRYDOCK_IN_CONTAINER=1 and standard output is not a terminal), the
# node name and labels on every line, --format prometheus for node-exporter's textfile
# collector (exact series), --output replaced whole, and `drydock health` on watch's
# heartbeat (fresh, stale, absent).
set -uo pipefail
: "${DRYDOCK:?run through ctest}"
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0 checks=0
check() { # check GOT WANT WHAT
    checks=$((checks + 1))
    [ "$1" = "$2" ] || { echo "FAIL: $3: got '$1', want '$2'" >&2; fails=$((fails + 1)); }
}
F=$here/bad.Dockerfile

# Outside drydock's image (a CI runner is a container too): text, whatever /.dockerenv says.
env -u DRYDOCK_IN_CONTAINER "$DRYDOCK" lint "$F" >"$tmp/text" 2>/dev/null
check "$(head -c1 "$tmp/text")" "$(printf '%s' "$F" | head -c1)" "text by default outside the image"
# In the image: JSON lines, each with the node's name and labels, ending with the summary.
DRYDOCK_IN_CONTAINER=1 DRYDOCK_NODE_NAME=node-9 DRYDOCK_NODE_LABELS=zone=b,tier=ci "$DRYDOCK" lint "$F" >"$tmp/jsonl"
check "$?" 1 "exit code with findings"
check "$(jq -r 'select(.kind == "finding") | "\(.location.line) \(.ruleId)"' "$tmp/jsonl" | sort | tr '\n' ' ')" \
    "1 DDL006 1 DDL045 1 DDL100 1 DDL110 2 DDL007 2 DDL008 2 DDL013 3 DDL104 " "one line per finding"
check "$(jq -r '.hostname' "$tmp/jsonl" | sort -u)" node-9 "node name on every line"
check "$(jq -c '.labels' "$tmp/jsonl" | sort -u)" '{"zone":"b","tier":"ci"}' "labels on every line"
check "$(tail -n1 "$tmp/jsonl" | jq -r '.kind + " " + (.summary.fail | tostring)')" "summary 8" "last line: the summary"
# An explicit --format wins in the image too.
DRYDOCK_IN_CONTAINER=1 "$DRYDOCK" lint -f json "$F" >"$tmp/json"
check "$(jq -r '.findings | length' "$tmp/json")" 8 "--format json in the image"

# Prometheus textfile: per severity, per rule, per status.
"$DRYDOCK" lint --format prometheus -o "$tmp/drydock.prom" "$F"
P=$(cat "$tmp/drydock.prom")
for series in 'drydock_findings{command="lint",severity="high"} 1' \
    'drydock_findings{command="lint",severity="medium"} 2' \
    'drydock_findings{command="lint",severity="low"} 4' \
    'drydock_findings{command="lint",severity="critical"} 0' \
    'drydock_rule_findings{command="lint",rule="DDL104",severity="medium"} 1' \
    'drydock_results{command="lint",status="error"} 0'; do
    check "$(grep -cxF "$series" <<<"$P")" 1 "series: $series"
done
check "$(grep -c '^# TYPE drydock_findings gauge$' <<<"$P")" 1 "gauge type line"
# --output is replaced whole: no temporary file is left beside it.
check "$(ls "$tmp" | grep -c 'drydock.prom')" 1 "only the report in its directory"

# drydock health: fresh heartbeat healthy, stale (over 30 s) unhealthy with exit 3, none healthy.
touch "$tmp/hb"
"$DRYDOCK" health "$tmp/hb"
check "$?" 0 "fresh heartbeat"
touch -d '-1 min' "$tmp/hb"
"$DRYDOCK" health "$tmp/hb" 2>"$tmp/err"
check "$?" 3 "stale heartbeat"
check "$(grep -c 'watch loop is stuck' "$tmp/err")" 1 "stale heartbeat: the reason"
DRYDOCK_HEALTH_FILE=$tmp/none "$DRYDOCK" health
check "$?" 0 "no heartbeat: nothing long-running to check"
echo "$checks checks, $fails failed"
[ $fails -eq 0 ]
