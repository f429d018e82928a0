#!/usr/bin/env bash
# A fleet at once: 20 `drydock bench` runs started together against the private dockerd
# (as 20 nodes would each hit their own daemon at the hour a CronJob or a global job
# fires), each posting its report to one receiver with --webhook. The receiver must count
# 20 reports, one per node name, each whole (every finding the summary counts), and every
# run must exit 0: nothing lost, nothing cut. Then lint and scan post their reports too.
. "$DD_SRC/tests/e2e/lib.sh"
need_daemon
need_image drydock-test/busybox
N=20
python3 "$DD_SRC/tests/e2e/webhook_recv.py" "$DD_TMP/port" "$DD_TMP/posted.jsonl" &
at_exit "kill $!"
for i in $(seq 1 50); do [ -s "$DD_TMP/port" ] && break; sleep 0.1; done
URL=http://127.0.0.1:$(cat "$DD_TMP/port")/
pids=()
for i in $(seq 1 $N); do
    DRYDOCK_NODE_NAME=node-$i "$DRYDOCK" bench --webhook "$URL" -f jsonl -o "$DD_TMP/node-$i.jsonl" \
        2>"$DD_TMP/node-$i.err" &
    pids+=($!)
done
bad=0
for i in "${!pids[@]}"; do
    wait "${pids[$i]}" || { bad=$((bad + 1)); echo "node-$((i + 1)): $(cat "$DD_TMP/node-$((i + 1)).err")" >&2; }
done
assert_eq "$bad" 0 "every bench run exited 0"
assert_eq "$(grep -c . "$DD_TMP/posted.jsonl")" $N "the receiver got $N reports"
assert_eq "$(jq -r .node.hostname "$DD_TMP/posted.jsonl" | sort -u | wc -l)" $N "one report per node"
assert_eq "$(jq -r 'select((.findings | length) == .summary.total) | .node.hostname' "$DD_TMP/posted.jsonl" | wc -l)" $N "each report whole (its findings are all its summary counts)"
# and each node's own JSON lines end with their summary
tails=0
for i in $(seq 1 $N); do
    [ "$(tail -n1 "$DD_TMP/node-$i.jsonl" | jq -r '.kind + " " + .hostname')" = "summary node-$i" ] && tails=$((tails + 1))
done
assert_eq "$tails" $N "each node's JSON lines end with its summary"

# --webhook is every report command's, not only bench's and watch's: lint and scan post too.
: >"$DD_TMP/posted.jsonl"
printf 'FROM debian:latest\n' >"$DD_TMP/Dockerfile"
run_dd lint --webhook "$URL" -o "$DD_TMP/lint.txt" "$DD_TMP/Dockerfile"
assert_rc 1 "lint with --webhook (findings)"
run_dd scan --webhook "$URL" --scanners config -o "$DD_TMP/scan.txt" drydock-test/busybox
assert_rc 0 "scan with --webhook"
assert_eq "$(jq -r '.command' "$DD_TMP/posted.jsonl" | tr '\n' ' ')" "lint scan " "lint's and scan's reports posted"
assert_eq "$(jq -r 'select(.command == "lint") | .findings[] | select(.ruleId == "DDL006") | .location.line' "$DD_TMP/posted.jsonl")" 1 "the posted lint report: DDL006 on line 1"
done_tests
