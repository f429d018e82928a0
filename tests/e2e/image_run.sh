#!/usr/bin/env bash
# drydock's own image (the repository's Dockerfile, tests/images/70-drydock.sh) run exactly
# as README.md's "drydock in a container" tells operators to, against the private dockerd:
# each command with the mounts and capabilities named there, read-only root, non-root where
# the command allows; real findings asserted by rule id, line and target in the JSON lines
# the image writes by default, with the node name and labels an operator sets.
. "$DD_SRC/tests/e2e/lib.sh"
need_daemon
IMG=drydock-test/drydock
need_image $IMG
need_image drydock-test/scan-secrets
need_image drydock-test/busybox
SOCK=${DOCKER_HOST#unix://}
P=ddimg-$$
at_exit "docker ps -aq --filter name=^/$P- | xargs -r docker rm -f"
# Findings of a JSON-lines stream as "ruleId line where" (where: the file, else the target).
findings() { jq -r 'select(.kind == "finding" and .status == "fail") | "\(.ruleId) \(.location.line // 0) \(.location.path // .target)"' "$1"; }
# Only those in a file of the image (the same whichever source the image is read from).
in_files() { findings "$1" | grep ' /' | sort; }

# --- the image itself ---------------------------------------------------------------
cfg() { docker image inspect -f "$1" $IMG; }
assert_eq "$(cfg '{{.Config.User}}')" "65532:65532" "image runs as non-root by default"
assert_eq "$(cfg '{{json .Config.Entrypoint}}')" '["/usr/bin/drydock"]' "entrypoint"
assert_eq "$(cfg '{{json .Config.Healthcheck.Test}}')" '["CMD","/usr/bin/drydock","health"]' "HEALTHCHECK is drydock health"
assert_eq "$(cfg '{{index .Config.Labels "org.opencontainers.image.title"}}')" drydock "OCI title label"
assert_contains "$(cfg '{{json .Config.Env}}')" "DRYDOCK_IN_CONTAINER=1" "the image says it is drydock's"
# Nothing but drydock to execute: no shell, no package manager.
docker create --name "$P-files" $IMG >/dev/null
docker export "$P-files" | tar -t >"$DD_TMP/files"
assert_eq "$(grep -c -E '(^|/)(bin/sh|bash|busybox|apt-get|dpkg)$' "$DD_TMP/files")" 0 "no shell or package manager in the image"
assert_contains "$(cat "$DD_TMP/files")" "usr/bin/drydock" "the binary"

# --- lint: no daemon, no privilege, the file on stdin --------------------------------
cat >"$DD_TMP/Dockerfile" <<'D'
FROM debian:latest
RUN apt-get update && apt-get install -y curl
ADD http://example.com/x.tgz /x
D
RUN_NOPRIV=(--rm --read-only --cap-drop ALL --security-opt no-new-privileges --network none)
docker run -i "${RUN_NOPRIV[@]}" -e DRYDOCK_NODE_NAME=node-a -e DRYDOCK_NODE_LABELS=zone=eu-1,role=ci \
    $IMG lint - <"$DD_TMP/Dockerfile" >"$DD_TMP/lint.jsonl" 2>"$DD_TMP/lint.err"
assert_eq "$?" 1 "lint in the image: findings at its default threshold"
F=$(findings "$DD_TMP/lint.jsonl")
assert_contains "$F" "DDL006 1 -" "latest tag on line 1"
assert_contains "$F" "DDL008 2 -" "apt lists not removed on line 2"
assert_contains "$F" "DDL104 3 -" "ADD of a URL on line 3"
assert_eq "$(jq -r 'select(.kind == "finding") | .hostname' "$DD_TMP/lint.jsonl" | sort -u)" node-a "every line names the node"
assert_eq "$(jq -c 'select(.kind == "finding") | .labels' "$DD_TMP/lint.jsonl" | sort -u)" '{"zone":"eu-1","role":"ci"}' "every line carries the node labels"
assert_eq "$(tail -n1 "$DD_TMP/lint.jsonl" | jq -r .kind)" summary "the stream ends with its summary"
# The repository's Dockerfile, linted by the image it builds: nothing above low.
docker run "${RUN_NOPRIV[@]}" -v "$DD_SRC/Dockerfile:/src/Dockerfile:ro" $IMG lint --fail-on medium /src/Dockerfile >"$DD_TMP/self.jsonl"
assert_eq "$?" 0 "drydock's Dockerfile: nothing above low ($(findings "$DD_TMP/self.jsonl" | tr '\n' ' '))"

# --- scan through the socket: non-root, in the socket's group ------------------------
docker run "${RUN_NOPRIV[@]}" --group-add "$(stat -c %g "$SOCK")" -v "$SOCK:/var/run/docker.sock" \
    $IMG scan drydock-test/scan-secrets >"$DD_TMP/scan.jsonl" 2>"$DD_TMP/scan.err"
assert_eq "$?" 0 "scan through the socket as uid 65532"
F=$(findings "$DD_TMP/scan.jsonl")
assert_contains "$F" "secret-github-pat 2 /srv/app/settings.yml" "live GitHub token found from the image"
assert_contains "$F" "DDI-SECRET-DELETED 2 /root/.aws/credentials" "deleted AWS key found from the image"
# --- scan with no daemon at all: a saved image on a read-only mount -----------------
docker save -o "$DD_TMP/img.tar" drydock-test/scan-secrets
chmod 0644 "$DD_TMP/img.tar"
chmod 0755 "$DD_TMP"
docker run "${RUN_NOPRIV[@]}" -v "$DD_TMP/img.tar:/in/img.tar:ro" $IMG scan docker-archive:/in/img.tar >"$DD_TMP/scan2.jsonl" 2>"$DD_TMP/scan2.err"
assert_eq "$?" 0 "scan of an archive with no daemon"
assert_contains "$(in_files "$DD_TMP/scan2.jsonl")" "secret-github-pat 2 /srv/app/settings.yml" "live GitHub token found in the archive"
assert_eq "$(in_files "$DD_TMP/scan2.jsonl")" "$(in_files "$DD_TMP/scan.jsonl")" "the same findings in files with and without the daemon"
# drydock's image, scanned by itself with Debian's security tracker (../shared/data) as the
# vulnerability database, on a read-only mount: no high or critical finding, CVEs included
# (the build stage takes the release's updates before the libraries are copied). One
# medium stays and is asserted by name: CVE-2022-2309, which the tracker calls resolved
# in bookworm at 2.9.14+dfsg-1.3 while bookworm ships 2.9.14+dfsg-1.3~deb12uN, lower by
# dpkg's order (a matching question of src/vuln/, reported, not hidden here).
mkdir -p "$DD_TMP/db" && chmod 0755 "$DD_TMP/db"
run_dd db import --db "$DD_TMP/db/vuln.db" "$DD_SHARED_DATA/debian-bookworm-tracker-subset.json.gz"
assert_rc 0 "db import of the Debian tracker"
chmod 0644 "$DD_TMP/db/vuln.db"
docker run "${RUN_NOPRIV[@]}" --group-add "$(stat -c %g "$SOCK")" -v "$SOCK:/var/run/docker.sock" \
    -v "$DD_TMP/db:/db:ro" $IMG scan --db /db/vuln.db --fail-on high $IMG >"$DD_TMP/selfscan.jsonl" 2>"$DD_TMP/selfscan.err"
assert_eq "$?" 0 "drydock's image: nothing high or critical ($(findings "$DD_TMP/selfscan.jsonl" | tr '\n' ' ') $(cat "$DD_TMP/selfscan.err"))"
assert_eq "$(jq -r 'select(.kind == "finding" and .status == "fail" and .severity == "medium") | .ruleId' "$DD_TMP/selfscan.jsonl" | tr '\n' ' ')" \
    "CVE-2022-2309 " "the one medium finding of drydock's image"
S=$(tail -n1 "$DD_TMP/selfscan.jsonl")
[ "$(jq -r '.meta.packages | length' <<<"$S" 2>/dev/null || echo 0)" -gt 20 ] && ok ||
    fail "the image's libraries are seen as Debian packages: $(jq -c '.meta | keys' <<<"$S")"

# --- bench: root with CAP_DAC_READ_SEARCH only, the host's / read-only at /host ---------
docker run -d --name "$P-hostpid" --network none --pid host drydock-test/busybox sleep 600 >/dev/null
docker run --rm --read-only --user 0 --cap-drop ALL --cap-add DAC_READ_SEARCH --security-opt no-new-privileges \
    --network none -e DRYDOCK_NODE_NAME=node-a -v /:/host:ro -v "$SOCK:/var/run/docker.sock:ro" \
    $IMG bench --root /host >"$DD_TMP/bench.jsonl" 2>"$DD_TMP/bench.err"
assert_eq "$?" 0 "bench in the image (no --fail-on)"
F=$(findings "$DD_TMP/bench.jsonl")
assert_contains "$F" "CIS-5.16 0 $P-hostpid" "a container sharing the host's pids, found from the image"
S=$(tail -n1 "$DD_TMP/bench.jsonl")
assert_eq "$(jq -r .meta.root <<<"$S")" /host "bench read the host at /host"
assert_eq "$(jq -r .summary.error <<<"$S")" 0 "no check errored: CAP_DAC_READ_SEARCH is enough ($(jq -r 'select(.status == "error") | .ruleId' "$DD_TMP/bench.jsonl" | tr '\n' ' '))"
[ "$(jq -r .summary.total <<<"$S")" -gt 100 ] && ok || fail "bench ran every check: $(jq -c .summary <<<"$S")"

done_tests
