#!/usr/bin/env bash
# Base images every other image builds FROM:
#   drydock-test/busybox    busybox-static on scratch (tiny, has sh and sleep)
#   drydock-test/bookworm   a debootstrap --variant=minbase bookworm (cached tarball)
set -euo pipefail
have() { docker image inspect "$1" >/dev/null 2>&1; }

if ! have drydock-test/busybox; then
    tmp=$(mktemp -d)
    # mktemp makes 0700; an image's / must be 0755 or non-root users cannot run anything.
    chmod 0755 "$tmp"
    mkdir -p "$tmp/bin" "$tmp/etc" "$tmp/tmp"
    chmod 1777 "$tmp/tmp"
    cp /bin/busybox "$tmp/bin/busybox"
    for a in sh sleep cat ls id echo true false ps top chmod mkdir rm; do
        ln -s busybox "$tmp/bin/$a"
    done
    echo 'root:x:0:0:root:/root:/bin/sh' >"$tmp/etc/passwd"
    echo 'nobody:x:65534:65534:nobody:/:/bin/false' >>"$tmp/etc/passwd"
    printf 'root:x:0:\nnogroup:x:65534:\n' >"$tmp/etc/group"
    tar -C "$tmp" -c . | docker import -c 'CMD ["/bin/sh"]' - drydock-test/busybox >/dev/null
    rm -rf "$tmp"
fi

if ! have drydock-test/bookworm; then
    tarball=$DD_TEST_CACHE/bookworm-minbase-v2.tar
    old=$DD_TEST_CACHE/bookworm-minbase.tar
    if [ ! -s "$tarball" ] && [ -s "$old" ]; then
        # v1 caches were packed with / at 0700: repack instead of bootstrapping again.
        root=$(mktemp -d)
        tar -C "$root" -xf "$old" && chmod 0755 "$root" &&
            tar -C "$root" -cf "$tarball.tmp" . && mv "$tarball.tmp" "$tarball" && rm -f "$old"
        rm -rf "$root"
    fi
    if [ ! -s "$tarball" ]; then
        root=$(mktemp -d)
        chmod 0755 "$root"
        debootstrap --variant=minbase bookworm "$root" http://deb.debian.org/debian >"$DD_TEST_CACHE/debootstrap.log" 2>&1 || {
            tail -20 "$DD_TEST_CACHE/debootstrap.log" >&2
            exit 1
        }
        rm -rf "$root"/var/cache/apt/archives/*.deb
        tar -C "$root" -cf "$tarball.tmp" . && mv "$tarball.tmp" "$tarball"
        rm -rf "$root"
    fi
    docker import -c 'CMD ["/bin/bash"]' "$tarball" drydock-test/bookworm >/dev/null
fi
