#!/usr/bin/env bash
# The image `drydock profile` is tested with (tests/e2e/profile_record.sh, perf/profile.sh):
#   drydock-test/profile-work   busybox + /work.sh (httpd serving /www, file work, its own
#                               check) + /actions (static: mount, unshare, ptrace, raw
#                               socket, write to the root) + /loop (static syscall loop)
# The image carries a label with the hash of what it is built from, and is rebuilt when
# that changes.
set -euo pipefail
SRC=$(cd "$(dirname "$0")" && pwd)/profile
hash=$(cat "$SRC"/* "$0" | sha256sum | cut -c1-16)
have=$(docker image inspect -f '{{index .Config.Labels "dd.src"}}' drydock-test/profile-work 2>/dev/null || true)
[ "$have" = "$hash" ] && exit 0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
gcc -O2 -static -o "$tmp/actions" "$SRC/actions.c"
gcc -O2 -static -o "$tmp/loop" "$SRC/loop.c"
cp "$SRC/work.sh" "$tmp/work.sh"
mkdir -p "$tmp/www"
printf '<html><body>drydock profile test page</body></html>\n' >"$tmp/www/index.html"
cat >"$tmp/Dockerfile" <<'EOD'
FROM drydock-test/busybox
COPY actions loop work.sh /
COPY www /www
RUN chmod 0755 /actions /loop /work.sh && mkdir /mnt
CMD ["/work.sh"]
EOD
echo "LABEL dd.src=$hash" >>"$tmp/Dockerfile"
docker build -q --network host -t drydock-test/profile-work "$tmp" >/dev/null
