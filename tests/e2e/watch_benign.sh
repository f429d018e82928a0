#!/usr/bin/env bash
# drydock watch stays quiet on healthy work: a web server answering requests, an image
# build (RUN steps that create, copy, archive and chmod files), and cron-like jobs. No
# alert may name one of these containers (nor the build's intermediate containers).
. "$DD_SRC/tests/e2e/lib.sh"
need_daemon
need_image drydock-test/watch
[ "$(id -u)" = 0 ] || skip_or_fail "drydock watch needs root"
. "$DD_SRC/tests/e2e/watch_lib.sh"

P=ddb$$
at_exit "docker ps -aq --filter name=^/$P- | xargs -r docker rm -f"
at_exit "docker rmi -f $P-built"
watch_start -f json -o "$DD_TMP/alerts.json"

# 1. a web server and its clients (in one network namespace: no network to the outside)
docker run -d --name "$P-web" --network none drydock-test/watch \
    sh -c 'httpd -f -p 127.0.0.1:8080 -h /www & sleep 1;
           i=0; while [ $i -lt 100 ]; do wget -q -O /dev/null http://127.0.0.1:8080/ || exit 1; i=$((i+1)); done;
           kill %1' >/dev/null
# 2. cron-like jobs
docker run -d --name "$P-cron" --network none drydock-test/watch \
    sh -c 'i=0; while [ $i -lt 15 ]; do date > /tmp/last-run; ls /etc > /tmp/listing;
           cat /etc/hostname > /dev/null; sleep 0.2; i=$((i+1)); done' >/dev/null
# 3. an image build
mkdir -p "$DD_TMP/ctx"
cat >"$DD_TMP/ctx/Dockerfile" <<'D'
FROM drydock-test/watch
RUN mkdir -p /app/bin /app/data && echo 'hello' > /app/data/greeting
COPY app.sh /app/bin/app.sh
RUN chmod 0755 /app/bin/app.sh && tar -C /app -cf /tmp/app.tar data && gzip /tmp/app.tar
RUN cp /app/data/greeting /app/data/copy && sort /app/data/copy > /app/data/sorted
D
printf '#!/bin/sh\necho app\n' >"$DD_TMP/ctx/app.sh"
docker build --rm=false --network none -q -t "$P-built" "$DD_TMP/ctx" >/dev/null 2>"$DD_TMP/build.err" ||
    fail "the benign build failed: $(cat "$DD_TMP/build.err")"
# the build's containers, by the layers they ran on (not the base image's own layers:
# every container of drydock-test/watch descends from those)
base=$(docker history -q drydock-test/watch | grep -v missing)
build_ids=()
for layer in $(docker history -q "$P-built" | grep -v missing | grep -vxF "$base"); do
    for c in $(docker ps -aq --no-trunc --filter "ancestor=$layer"); do build_ids+=("${c:0:12}"); done
done
at_exit "docker rm -f ${build_ids[*]:-none}"
[ "${#build_ids[@]}" -ge 3 ] && ok || fail "found ${#build_ids[@]} build containers, expected 3 or more"

docker wait "$P-web" "$P-cron" >/dev/null
sleep 2
watch_stop
assert_eq "$WATCH_RC" 0 "watch exit code after SIGTERM"
assert_eq "$(docker inspect -f '{{.State.ExitCode}}' "$P-web")" 0 "the web clients got their answers"

ours=$(jq -r --arg p "$P-" 'select(.output_fields["container.name"] | tostring | startswith($p)) | .rule + " in " + .output_fields["container.name"]' \
    "$DD_TMP/alerts.json")
assert_eq "$ours" "" "alerts for the web server or the cron jobs"
for id in "${build_ids[@]}"; do
    got=$(jq -r --arg id "$id" 'select(.output_fields["container.id"] == $id) | .rule' "$DD_TMP/alerts.json")
    assert_eq "$got" "" "alerts for build container $id"
done
done_tests
