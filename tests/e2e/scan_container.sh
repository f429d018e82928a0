#!/usr/bin/env bash
# `drydock scan container:NAME` and `--running` against real containers of the private
# dockerd: what a container changed since it started is scanned on top of its image,
# read through /proc/PID/root while it runs and through the daemon once it has stopped.
#  - a package "installed" at run time (a dpkg status stanza added) is listed, attributed
#    to the container's layer, and only the container's target reports it under --running;
#  - a secret written at run time is found; a secret deleted at run time is reported as
#    deleted but still recoverable from the image layer;
#  - --running reads each image once whatever the number of its containers;
#  - a symlink planted in the container never makes drydock read a host file.
. "$DD_SRC/tests/e2e/lib.sh"
need_daemon
need_image drydock-test/bookworm
need_image drydock-test/ctr-secret
A=ddctr-a-$$ A2=ddctr-a2-$$ C=ddctr-c-$$
at_exit "docker rm -f $A $A2 $C"
docker run -d --name "$A" --network none drydock-test/bookworm sleep 600 >/dev/null || fail "run $A"
docker run -d --name "$A2" --network none drydock-test/bookworm sleep 600 >/dev/null || fail "run $A2"
docker run -d --name "$C" --network none drydock-test/ctr-secret >/dev/null || fail "run $C"
tok=ghp_Ru9T1m3S3cr3tDr0pp3dByTh3C0nt41n3rXq
docker exec "$A" sh -c "printf 'Package: evil-tool\nStatus: install ok installed\nVersion: 6.6.6-1\nArchitecture: amd64\nDescription: installed at run time\n\n' >>/var/lib/dpkg/status
  mkdir -p /srv && printf 'GITHUB_TOKEN=$tok\n' >/srv/env
  ln -s /etc/shadow /srv/host-shadow; ln -s /proc/1/root/etc/hostname /srv/escape" || fail "exec in $A"
docker exec "$C" /bin/busybox rm /app/key || fail "rm in $C"

# ---- one running container -------------------------------------------------------------
run_dd scan --scanners packages --list-packages "container:$A"
assert_rc 0 "list the packages of a running container"
line=$(grep -E '^deb +evil-tool ' <<<"$DD_OUT")
assert_contains "$line" "6.6.6-1" "the package installed at run time"
id=$(docker inspect -f '{{.Id}}' "$A")
assert_contains "$line" "container" "attributed to the container's layer"
assert_contains "$DD_OUT" "bash" "the image's own packages are there too"
run_dd scan --scanners secrets --format json "container:$A"
assert_eq "$(jq -r '.findings[] | select(.status == "fail" and .location.path == "/srv/env") | .ruleId' <<<"$DD_OUT")" \
    "secret-github-pat" "secret written at run time"
run_dd scan --scanners secrets --format json "container:$C"
del=$(jq -r '.findings[] | select(.ruleId == "DDI-SECRET-DELETED") | "\(.location.path) \(.message)"' <<<"$DD_OUT")
assert_contains "$del" "/app/key" "secret deleted at run time is still in the image"
assert_contains "$del" "was deleted in layer container:" "deleted by the container's layer"

# ---- stopped: read through the daemon ----------------------------------------------------
docker stop -t 1 "$A" >/dev/null
run_dd scan --scanners packages,secrets --list-packages "container:$A"
assert_rc 0 "a stopped container is read through the daemon"
assert_contains "$(grep -E '^deb +evil-tool ' <<<"$DD_OUT")" "6.6.6-1" "run-time package of a stopped container"
run_dd scan --scanners secrets --format json "container:$A"
assert_eq "$(jq -r '.findings[] | select(.status == "fail" and .location.path == "/srv/env") | .ruleId' <<<"$DD_OUT")" \
    "secret-github-pat" "run-time secret of a stopped container"
docker start "$A" >/dev/null

# ---- --running ------------------------------------------------------------------------------
run_dd scan --running --scanners packages,secrets --format json
assert_rc 0 "--running"
json=$DD_OUT
bw=$(docker inspect -f '{{.Image}}' "$A")
assert_eq "$(jq -r '[.meta.targets[] | select(startswith("image drydock-test/bookworm"))] | length' <<<"$json")" 1 \
    "the image of two containers is scanned once"
assert_eq "$(jq -r "[.meta.targets[] | select(. == \"container $A\" or . == \"container $A2\" or . == \"container $C\")] | length" <<<"$json")" 3 \
    "every running container is a target"
assert_eq "$(jq -r "[.findings[] | select(.target == \"container $A\" and .location.path == \"/srv/env\")] | length" <<<"$json")" 1 \
    "the run-time secret under its container"
assert_eq "$(jq -r "[.findings[] | select(.target == \"container $A2\" and .status == \"fail\")] | length" <<<"$json")" 0 \
    "an untouched container adds nothing to its image's findings"
assert_eq "$(jq -r '[.components[] | select(.name == "evil-tool")] | length' <<<"$json")" 1 "the drift package in the SBOM once"
assert_not_contains "$json" "root:" "no host file content was read"
run_dd scan container:does-not-exist-$$
assert_rc 3 "an unknown container"
assert_contains "$DD_ERR" "no such container" "named in the error"
done_tests
