#!/usr/bin/env bash
# `drydock profile` with the eBPF sensor on the private dockerd, end to end:
#  1. --run records drydock-test/profile-work (a busybox httpd serving a file, file work in
#     /data, its own check) from runc's handover; the container is started with
#     net.ipv4.ip_unprivileged_port_start=1024 so that binding port 80 needs
#     NET_BIND_SERVICE (Docker lowers it to 0 by default). The profile: cap_add exactly
#     NET_BIND_SERVICE, tmpfs /data and /tmp, port tcp/80, fewer calls than Docker's default,
#     none of mount, unshare, ptrace; what runc called after its filter is in it.
#  2. verify reruns it under the profile: it passes its own check (exit 0), no denial.
#  3. verify with /actions: mount, unshare, ptrace, a raw socket and a write to the
#     read-only root are each refused, and reported with the process that tried.
#  4. a running container is recorded (its httpd answers requests from docker exec), a
#     command run in it with --exec is recorded alone, and --merge combines recordings.
. "$DD_SRC/tests/e2e/lib.sh"
need_daemon
need_image drydock-test/busybox
DD_TEST_CACHE=${DD_TEST_CACHE:-$DD_TMP} bash "$DD_SRC/tests/images/60-profile.sh" ||
    skip_or_fail "could not build drydock-test/profile-work"
need_image drydock-test/profile-work
[ "$(id -u)" = 0 ] || skip_or_fail "recording needs root (eBPF)"
P=profile-rec-$$
at_exit "docker ps -aq --filter name=^/$P | xargs -r docker rm -f"
cd "$DD_TMP" || exit 1
ARGS=(--network none --sysctl net.ipv4.ip_unprivileged_port_start=1024 drydock-test/profile-work)

run_dd profile --run --duration 60s -o rec --format json -- "${ARGS[@]}"
if [ "$DD_RC" -eq 3 ] && grep -q "eBPF sensor" <<<"$DD_ERR"; then
    skip_or_fail "no eBPF here: $DD_ERR"
fi
assert_rc 0 "profile --run"
J=rec/profile.json
assert_eq "$(jq -r '.summary.capAdd | join(",")' $J)" NET_BIND_SERVICE "exactly NET_BIND_SERVICE"
assert_eq "$(jq -r '.summary.tmpfs | join(",")' $J)" /data,/tmp "tmpfs where it wrote"
assert_eq "$(jq -r '.summary.user' $J)" null "root kept: a capability was used"
assert_eq "$(jq -r '.recording.ports | join(",")' $J)" tcp/80 "the port it listened on"
assert_eq "$(jq -r '.recording.exitCode' $J)" 0 "the workload passed its check while recorded"
assert_eq "$(jq -r '.recording.lostRecords' $J)" 0 "no sensor record lost"
[ "$(jq '.summary.syscallsAllowed' $J)" -lt "$(jq '.summary.dockerDefaultAllowed' $J)" ] && ok ||
    fail "the profile allows no fewer calls than Docker's default"
ALLOWED=$(jq -r '[.seccomp.syscalls[] | select(.action == "SCMP_ACT_ALLOW") | .names[]] | unique | join(" ")' $J)
for s in bind listen execve mkdir rename sendfile; do
    grep -qw "$s" <<<"$ALLOWED" && ok || fail "$s (used) is not allowed"
done
for s in mount unshare ptrace setns pivot_root; do
    grep -qw "$s" <<<"$ALLOWED" && fail "$s (never used) is allowed" || ok
done
# runc's calls between its filter and the workload's first instruction were seen.
assert_contains "$(jq -r '.recording.runtimeSyscalls | join(" ")' $J)" capset "runc's calls after its filter recorded"
assert_eq "$(jq -r '.seccomp.syscalls[] | select(.names == ["clone3"]) | .errnoRet' $J)" 38 "clone3: ENOSYS"

run_dd profile verify rec -- "${ARGS[@]}"
assert_rc 0 "verify: the workload under its profile"
assert_contains "$DD_OUT" "exited with 0 under the profile; 0 denials" "it passes its own check, nothing refused"

run_dd profile verify rec --format json -- "${ARGS[@]}" /work.sh mount unshare ptrace rawsock write
assert_rc 1 "verify with actions outside the recording: denials"
assert_eq "$(jq -r '.exitCode' <<<"$DD_OUT")" 0 "every action was refused (the helper exits with the number allowed)"
denial() { jq -r --arg k "$1" --arg w "$2" '.denials[] | select(.kind == $k and .what == $w) | .process + " " + .errno' <<<"$DD_OUT"; }
for s in mount unshare ptrace; do
    assert_contains "$(denial syscall $s)" "actions[" "$s refused by the profile, named with its process"
    assert_contains "$(denial syscall $s)" "EPERM" "$s: EPERM"
done
assert_contains "$(denial capability NET_RAW)" "actions[" "raw socket: NET_RAW refused"
assert_contains "$(denial write /etc/drydock-verify)" "EROFS" "write outside the tmpfs list refused"

# A container already running: its server answers requests made with docker exec.
docker run -d --name "$P-live" --network none drydock-test/profile-work \
    sh -c 'busybox httpd -f -p 8080 -h /www' >/dev/null || fail "cannot start the live container"
"$DRYDOCK" profile "$P-live" --duration 4s -o live >"$DD_TMP/live.out" 2>"$DD_TMP/live.err" &
recorder=$!
sleep 1.5
for _ in 1 2 3; do docker exec "$P-live" busybox wget -q -O /dev/null http://127.0.0.1:8080/index.html; done
wait $recorder
assert_eq "$?" 0 "profile of a running container ($(cat "$DD_TMP/live.err"))"
assert_contains "$(jq -r '.recording.syscalls | join(" ")' live/profile.json)" sendfile "the server's calls (sendfile) recorded"
assert_eq "$(jq -r '.recording.ports | join(",")' live/profile.json)" tcp/8080 "its port"

# --exec: a command run in that container is recorded alone, from runc's handover to its
# exit (its exit code kept); the server already running there is not part of it.
run_dd profile "$P-live" --exec -o exec --format json -- \
    sh -c 'mkdir /tmp/e && busybox wget -q -O /dev/null http://127.0.0.1:8080/index.html; exit 3'
assert_rc 0 "profile --exec"
X=$(jq -r '.recording.syscalls | join(" ")' exec/profile.json)
for s in mkdir connect execve; do
    grep -qw "$s" <<<"$X" && ok || fail "--exec: $s (the command's) not recorded: $X"
done
for s in sendfile accept accept4 bind listen; do
    grep -qw "$s" <<<"$X" && fail "--exec: $s (the server's, not the command's) recorded" || ok
done
assert_eq "$(jq -r '.recording.exitCode' exec/profile.json)" 3 "--exec: the command's exit code"
run_dd profile "$P-live" --exec
assert_rc 2 "--exec without a command"

run_dd profile --merge rec live -o merged --format json
assert_rc 0 "--merge"
for s in sendfile mkdir; do
    assert_contains "$(jq -r '.recording.syscalls | join(" ")' merged/profile.json)" "$s" "merged: $s"
done
assert_eq "$(jq -r '.recording.ports | join(",")' merged/profile.json)" tcp/80,tcp/8080 "merged: both ports"

done_tests
