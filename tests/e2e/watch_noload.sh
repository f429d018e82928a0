#!/usr/bin/env bash
# When drydock watch cannot load its eBPF programs it says what is missing and exits 3:
# here, a user without CAP_BPF/CAP_PERFMON (the kernel BTF and lockdown cases are unit
# tests of the preflight, with a fake /sys). Bad rules are exit 3 with file:line:col.
. "$DD_SRC/tests/e2e/lib.sh"
[ "$(id -u)" = 0 ] || skip_or_fail "needs root to become an unprivileged user"
command -v setpriv >/dev/null || skip_or_fail "setpriv (util-linux) is missing"

setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all --bounding-set=-all \
    "$DRYDOCK" watch --duration 1s >"$DD_TMP/out" 2>"$DD_TMP/err"
DD_RC=$?
DD_ERR=$(cat "$DD_TMP/err")
assert_rc 3 "unprivileged drydock watch"
assert_contains "$DD_ERR" "drydock: error: drydock watch must run as root: loading eBPF programs needs CAP_BPF and CAP_PERFMON" "the reason"
assert_contains "$DD_ERR" "hint: run it with sudo" "the hint"

printf -- '- rule: r\n  desc: d\n  output: o\n  priority: INFO\n  condition: fd.num > x\n' >"$DD_TMP/bad.yaml"
run_dd watch --rules "$DD_TMP/bad.yaml" --duration 1s
assert_rc 3 "a rules file with an error"
assert_contains "$DD_ERR" "$DD_TMP/bad.yaml:5:23: 'x' is not a number (field fd.num)" "file:line:col"
run_dd watch --rules "$DD_TMP/nonexistent.yaml"
assert_rc 3 "a rules file that does not exist"
assert_contains "$DD_ERR" "cannot read rules $DD_TMP/nonexistent.yaml" "names the file"
mkfifo "$DD_TMP/fifo.yaml"
run_dd watch --rules "$DD_TMP/fifo.yaml" --duration 1s
assert_rc 3 "a FIFO as the rules file (read through core/rootfile: never blocks)"
assert_contains "$DD_ERR" "cannot read rules file $DD_TMP/fifo.yaml: not a regular file" "says why"
run_dd watch --duration 10x
assert_rc 2 "a bad duration"
run_dd watch --ring-size 1000
assert_rc 2 "a ring size that is not a power of two"
done_tests
