#!/usr/bin/env bash
# `drydock profile --merge` and `compare`, no recording needed: a recording written by hand
# (every call Docker's default allows, one new directory written, no capability used) is
# turned into a profile, and the real dockerd runs a busybox container under the generated
# settings: the seccomp JSON and every flag are accepted, the workload runs as nobody and
# writes its tmpfs, while a write to the read-only root, mount, unshare and a raw socket are
# refused. Bad profile files are errors naming the file (exit 3).
. "$DD_SRC/tests/e2e/lib.sh"
need_daemon
need_image drydock-test/busybox
P=profile-offline-$$
at_exit "docker ps -aq --filter name=^/$P | xargs -r docker rm -f"
cd "$DD_TMP" || exit 1

# Every syscall Docker's default allows, as drydock counts them: compare an empty profile.
echo '{"defaultAction": "SCMP_ACT_ERRNO"}' >empty.json
run_dd profile compare empty.json --format json
assert_rc 0 "compare an empty profile"
ALL=$(jq -c '.onlyInDockerDefault' <<<"$DD_OUT")
NDEFAULT=$(jq '.dockerDefault' <<<"$DD_OUT")
assert_eq "$(jq '.allowed' <<<"$DD_OUT")" 0 "an empty profile allows nothing"
[ "$NDEFAULT" -gt 280 ] && ok || fail "Docker's default allows only $NDEFAULT calls here"
cat >rec.json <<EOF
{"drydockProfile": 1, "recording": {"container": "offline", "image": "drydock-test/busybox",
 "seconds": 1, "syscalls": $ALL, "socketFamilies": [1, 2, 10], "personalities": ["0x0"],
 "changes": ["A /scratch", "A /scratch/f"], "execs": ["/bin/busybox"], "uids": ["0"],
 "peakPids": 2, "peakMemory": 1048576, "peakCpus": 0.01}}
EOF

run_dd profile --merge rec.json -o prof --name drydock-offline
assert_rc 0 "profile --merge"
for f in profile.json seccomp.json docker-run.txt compose.yaml drydock-offline; do
    [ -s "prof/$f" ] && ok || fail "prof/$f was not written"
done
assert_contains "$DD_OUT" "capabilities: drop ALL, add none" "no capability used"
assert_contains "$DD_OUT" "tmpfs on /scratch" "the new directory becomes a tmpfs"
assert_contains "$DD_OUT" "user:         65534:65534" "root never needed: runs as nobody"
if command -v apparmor_parser >/dev/null; then
    assert_contains "$DD_OUT" "apparmor_parser -Q -K accepted the profile" "AppArmor profile checked"
fi
[ -e /sys/module/apparmor/parameters/enabled ] ||
    assert_contains "$DD_OUT" "cannot be enforced here" "said plainly: no AppArmor in this kernel"
assert_eq "$(jq -r '.summary.capAdd | length' prof/profile.json)" 0 "JSON: no cap_add"
assert_eq "$(jq -r '.seccomp.defaultAction' prof/profile.json)" SCMP_ACT_ERRNO "JSON: seccomp inside"
assert_eq "$(jq -r '.syscalls[] | select(.names == ["clone3"]) | .errnoRet' prof/seccomp.json)" 38 \
    "clone3 answers ENOSYS"
assert_eq "$(jq -c '[.syscalls[] | select(.names == ["socket"]) | .args[0].value]' prof/seccomp.json)" \
    "[1,2,10]" "socket: only the families recorded"

run_dd profile compare prof/seccomp.json
assert_rc 0 "compare the generated profile"
assert_contains "$DD_OUT" "Docker's default allows $NDEFAULT" "compared with Docker's default"

# The generated settings, as docker run takes them (apparmor= is ignored where the kernel
# has no AppArmor, as here).
mapfile -t FLAGS <prof/docker-run.txt
run() { docker run --rm --name "$P" --network none "${FLAGS[@]}" drydock-test/busybox sh -c "$1" 2>&1; }
assert_eq "$(run 'echo ok >/scratch/f && cat /scratch/f && id -u')" "ok
65534" "the workload writes its tmpfs as nobody"
assert_contains "$(run 'touch /etc/x || echo refused')" "refused" "write to the read-only root refused"
assert_contains "$(run 'mount -t tmpfs none /scratch || echo refused')" "refused" "mount refused"
assert_contains "$(run 'unshare -r true || echo refused')" "refused" "unshare refused"
assert_contains "$(run 'ping -c1 127.0.0.1 || echo refused')" "refused" "raw socket refused"

# Bad input: an error naming the file, exit 3, never a half-written profile.
echo '{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read"], "action": "ALLOW"}]}' >bad.json
run_dd profile compare bad.json
assert_rc 3 "compare a malformed profile"
assert_contains "$DD_ERR" "bad.json: syscalls[0].action: unknown value 'ALLOW'" "the error names the member"
run_dd profile --merge empty.json -o never
assert_rc 3 "--merge of a file that is not a drydock profile"
assert_contains "$DD_ERR" "empty.json: not a drydock profile" "the error names the file"
[ ! -e never ] && ok || fail "a failed --merge wrote files"
run_dd profile verify
assert_rc 2 "verify without arguments is a usage error"

done_tests
