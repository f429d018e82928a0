#!/usr/bin/env bash
# `drydock bench` with no daemon: sections 1 and 3 still run, every check that needs the
# daemon is an error naming why, the report is still printed, the exit code is 3, and
# stderr carries the reason and the hint once. Needs no daemon at all.
. "$DD_SRC/tests/e2e/lib.sh"

export DOCKER_HOST=unix:///nonexistent/docker.sock
run_dd bench --format json
assert_rc 3 "daemon unreachable"
assert_contains "$DD_ERR" "drydock: warning: cannot connect to the Docker daemon at unix:///nonexistent/docker.sock" "stderr names the socket"
assert_contains "$DD_ERR" "hint: is the docker daemon running?" "stderr gives the hint"
assert_eq "$(grep -c 'cannot connect' <<<"$DD_ERR")" 1 "the warning is printed once"
json=$DD_OUT
assert_eq "$(jq -r .schemaVersion <<<"$json")" 1 "a JSON report is still printed"

# Sections 1 and 3 ran and none of their results is an error.
for s in 1 3; do
    n=$(jq --arg s "CIS-$s." '[.findings[] | select(.ruleId | startswith($s))] | length' <<<"$json")
    if [ "$n" -gt 0 ]; then ok; else fail "section $s did not run"; fi
    bad=$(jq -r --arg s "CIS-$s." '.findings[] | select((.ruleId | startswith($s)) and .status == "error") | "\(.ruleId): \(.message)"' <<<"$json")
    assert_eq "$bad" "" "section $s has no errors"
done

# Sections 4 to 7: the automated checks that need the daemon are errors ("could not
# run"), the manual ones stay guidance, 4.5 reads only the environment.
manual="4.2 4.3 4.4 4.8 4.10 4.11 4.12 5.23 5.24"
for id in 4.1 4.6 4.7 4.9 5.1 5.2 5.3 5.4 5.5 5.6 5.7 5.8 5.9 5.10 5.11 5.12 5.13 5.14 5.15 \
    5.16 5.17 5.18 5.19 5.20 5.21 5.22 5.25 5.26 5.27 5.28 5.29 5.30 5.31 5.32 6.1 6.2 7.1 7.2 \
    7.3 7.4 7.5 7.6 7.7 7.8 7.9; do
    got=$(jq -r --arg r "CIS-$id" '[.findings[] | select(.ruleId == $r) | .status] | join(",")' <<<"$json")
    assert_eq "$got" error "CIS-$id without a daemon"
done
for id in $manual; do
    got=$(jq -r --arg r "CIS-$id" '[.findings[] | select(.ruleId == $r) | .status] | join(",")' <<<"$json")
    assert_eq "$got" manual "CIS-$id without a daemon"
done
assert_eq "$(DOCKER_CONTENT_TRUST=1 "$DRYDOCK" bench --check 4.5 --format json | jq -r '.findings[0].status')" \
    pass "4.5 runs without a daemon"
msg=$(jq -r '.findings[] | select(.ruleId == "CIS-5.4") | .message' <<<"$json")
assert_eq "$msg" "could not run: cannot connect to the Docker daemon at unix:///nonexistent/docker.sock: the socket does not exist" "the error names the socket"
# Section 2 errors, if any, carry the same reason; none is a failure caused by it.
bad=$(jq -r '.findings[] | select((.ruleId | startswith("CIS-2.")) and .status == "error") | .message' <<<"$json" | grep -v 'unix:///nonexistent/docker.sock' || true)
assert_eq "$bad" "" "section 2 errors name the daemon"
assert_eq "$(jq -r '.summary.error > 0' <<<"$json")" true "summary counts the errors"

# Text and SARIF are still written; SARIF reports errors as notifications, not results.
run_dd bench --check 5 --no-color
assert_rc 3 "text run"
# The reason once at the top, then one line per section for the checks it stopped, not
# one error block each.
assert_contains "$DD_OUT" "[ERROR] no Docker daemon: cannot connect to the Docker daemon at unix:///nonexistent/docker.sock" "the reason at the top"
assert_eq "$(grep -c '^\[ERROR\] 5\.1 \.\. 5\.32 - 30 checks: could not run: cannot connect' <<<"$DD_OUT")" 1 "section 5 in one line"
assert_eq "$(grep -c '^\[ERROR\]' <<<"$DD_OUT")" 2 "two error lines in all"
run_dd bench --check 5 --format sarif
assert_rc 3 "sarif run"
assert_eq "$(jq '.runs[0].results | map(select(.kind == "fail")) | length' <<<"$DD_OUT")" 0 "no SARIF failures"
assert_eq "$(jq '.runs[0].invocations[0].executionSuccessful' <<<"$DD_OUT")" false "SARIF execution not successful"

# A malformed host is a usage error, not an unreachable daemon.
run_dd bench --check 5 -H ftp://nowhere
assert_rc 2 "unsupported -H scheme"

done_tests
