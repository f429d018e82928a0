#!/usr/bin/env bash
# The image for the `drydock watch` tests (tests/e2e/watch_*.sh):
#   drydock-test/watch   busybox-static with every applet the tests call (nc, dpkg, shred,
#                        httpd, wget, ...), /etc/shadow, a log file, a file in /usr/bin,
#                        a non-root user, and /usr/local/bin/watch-act (watch-act.c, static):
#                        one precise syscall action per argument.
# The image carries a label with the hash of what it is built from, and is rebuilt when
# that changes.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
hash=$( (cat "$here/watch-act.c" "$0"; dpkg-query -W -f='${Version}' busybox-static) | sha256sum | cut -c1-16)
have=$(docker image inspect -f '{{index .Config.Labels "dd.src"}}' drydock-test/watch 2>/dev/null || true)
[ "$have" = "$hash" ] && exit 0

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
gcc -O2 -static -o "$tmp/watch-act" "$here/watch-act.c"
root=$tmp/root
mkdir -p "$root"/{bin,etc,tmp,root,www,usr/bin,usr/local/bin,var/log,var/run,dev/shm}
chmod 0755 "$root"
chmod 1777 "$root/tmp"
cp /bin/busybox "$root/bin/busybox"
for a in $(busybox --list); do
    [ "$a" = busybox ] || ln -s busybox "$root/bin/$a"
done
cp "$tmp/watch-act" "$root/usr/local/bin/watch-act"
echo 'victim' >"$root/usr/bin/victim"
cat >"$root/etc/passwd" <<'P'
root:x:0:0:root:/root:/bin/sh
www-data:x:33:33:www-data:/www:/bin/false
app:x:1000:1000:app:/tmp:/bin/sh
nobody:x:65534:65534:nobody:/:/bin/false
P
printf 'root:x:0:\nwww-data:x:33:\napp:x:1000:\nnogroup:x:65534:\n' >"$root/etc/group"
printf 'root:*:19000:0:99999:7:::\napp:*:19000:0:99999:7:::\n' >"$root/etc/shadow"
chmod 0640 "$root/etc/shadow"
echo 'boot' >"$root/var/log/syslog"
echo '<h1>ok</h1>' >"$root/www/index.html"
tar -C "$root" -c . | docker import -c 'ENV PATH=/usr/local/bin:/bin' -c 'CMD ["/bin/sh"]' \
    -c "LABEL dd.src=$hash" - drydock-test/watch >/dev/null
