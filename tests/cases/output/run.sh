#!/usr/bin/env bash
# Output is all or nothing (issue 8):
#   - a write error on any command's output (a full disk: /dev/full) exits 3 with a
#     message, for standard output and for --output alike;
#   - an invalid --format is refused before --output is opened, so the file is untouched;
#   - a reader that goes away (drydock bench | head) ends drydock quietly by SIGPIPE, as
#     git and grep end, with nothing on stderr. The pipe's reader is closed before drydock
#     starts, so this does not depend on timing.
. "$DD_SRC/tests/e2e/lib.sh"
command -v python3 >/dev/null || skip_or_fail "python3 runs drydock with a closed pipe"
export DOCKER_HOST="unix://$DD_TMP/no-daemon.sock"
export NO_COLOR=1

R=$DD_TMP/host
mkdir -p "$R/etc/docker" "$R/proc"
echo '{"icc": true}' >"$R/etc/docker/daemon.json"
printf 'FROM debian:12\nRUN cd /tmp\n' >"$DD_TMP/Dockerfile"
mkdir -p "$DD_TMP/rootfs/etc"
DB=$DD_TMP/v.db
run_dd db import --db "$DB" "$DD_SRC/tests/cases/vuln/debian/tracker.json"
assert_rc 0 "a database for db status"

# Every command, its output on a full disk.
cmds=(
    "bench --root $R --check 1,2,3"
    "bench --root $R --check 2 --format json"
    "harden --root $R"
    "harden --root $R --format json"
    "lint --no-config $DD_TMP/Dockerfile"
    "lint --no-config --format sarif $DD_TMP/Dockerfile"
    "scan rootfs:$DD_TMP/rootfs --scanners config"
    "scan rootfs:$DD_TMP/rootfs --list-packages"
    "db status --db $DB"
    "db status --db $DB --format json"
    "db vercmp 1.0 2.0"
    "rules"
    "rules --format json"
    "man"
    "version"
    "--help"
    "bench --help"
    # --output on a full disk
    "rules -o /dev/full"
    "bench --root $R --check 2 -o /dev/full"
    "lint --no-config -o /dev/full $DD_TMP/Dockerfile"
    "db status --db $DB -f json -o /dev/full"
)
for c in "${cmds[@]}"; do
    read -r -a args <<<"$c"
    "$DRYDOCK" "${args[@]}" >/dev/full 2>"$DD_TMP/err"
    rc=$?
    assert_eq "$rc" 3 "drydock $c >/dev/full: exit code"
    assert_contains "$(cat "$DD_TMP/err")" "No space left on device" "drydock $c >/dev/full: message"
done

# An invalid --format is refused before --output is opened.
for c in "bench --root $R --check 2 -f cyclonedx" "lint --no-config -f spdx-json $DD_TMP/Dockerfile" \
    "db status --db $DB -f sarif" "db match --db $DB --status-file $DD_SRC/tests/cases/vuln/debian/status -f cyclonedx" \
    "rules -f sarif" "lint --no-config -f nope $DD_TMP/Dockerfile"; do
    echo "precious" >"$DD_TMP/keep"
    read -r -a args <<<"$c"
    "$DRYDOCK" "${args[@]}" -o "$DD_TMP/keep" >/dev/null 2>"$DD_TMP/err"
    rc=$?
    assert_eq "$rc" 2 "drydock $c -o FILE: usage error"
    assert_eq "$(cat "$DD_TMP/keep")" precious "drydock $c -o FILE: the file is untouched"
done

# A closed pipe: quiet, by SIGPIPE (-13 in Python's terms), nothing on stderr.
closed_pipe() {
    python3 - "$DRYDOCK" "$@" <<'PY'
import os, subprocess, sys
r, w = os.pipe()
os.close(r)
p = subprocess.run(sys.argv[1:], stdout=w, stderr=subprocess.PIPE)
print(p.returncode, repr(p.stderr.decode()))
PY
}
assert_eq "$(closed_pipe bench --root "$R" --check 1,2,3)" "-13 ''" "bench | head"
assert_eq "$(closed_pipe rules)" "-13 ''" "rules | head"
assert_eq "$(closed_pipe lint --no-config "$DD_TMP/Dockerfile")" "-13 ''" "lint | head"
assert_eq "$(closed_pipe man)" "-13 ''" "man | head"
# The way people meet it: the whole report into head, then nothing on stderr.
"$DRYDOCK" rules 2>"$DD_TMP/err" | head -1 >/dev/null
assert_eq "$(cat "$DD_TMP/err")" "" "drydock rules | head -1 prints nothing on stderr"

done_tests
