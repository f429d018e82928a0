#!/usr/bin/env bash
# Images for the `drydock bench` runtime tests (tests/e2e/bench_runtime.sh):
#   drydock-test/brt-base   busybox-static with a searchable / (0755) and PATH set, so a
#                           container can run as a non-root user (drydock-test/busybox's
#                           / is 0700: only root can exec anything in it)
#   drydock-test/brt-sshd   brt-base plus /usr/sbin/sshd, a static program that only
#                           sleeps, so a container runs a process named sshd without any
#                           SSH server (CIS 5.7); with a HEALTHCHECK and a non-root USER
set -euo pipefail
have() { docker image inspect "$1" >/dev/null 2>&1; }

if ! have drydock-test/brt-base; then
    tmp=$(mktemp -d)
    chmod 0755 "$tmp"
    mkdir -p "$tmp/bin" "$tmp/etc" "$tmp/tmp" "$tmp/usr/sbin"
    chmod 1777 "$tmp/tmp"
    cp /bin/busybox "$tmp/bin/busybox"
    for a in sh sleep cat ls id echo true false ps; do
        ln -s busybox "$tmp/bin/$a"
    done
    echo 'root:x:0:0:root:/root:/bin/sh' >"$tmp/etc/passwd"
    echo 'nobody:x:65534:65534:nobody:/:/bin/false' >>"$tmp/etc/passwd"
    printf 'root:x:0:\nnogroup:x:65534:\n' >"$tmp/etc/group"
    tar -C "$tmp" -c . | docker import -c 'ENV PATH=/usr/sbin:/bin' -c 'CMD ["/bin/sh"]' - \
        drydock-test/brt-base >/dev/null
    rm -rf "$tmp"
fi

if ! have drydock-test/brt-sshd; then
    tmp=$(mktemp -d)
    cat >"$tmp/sshd.c" <<'C'
/* Not an SSH server: sleeps for argv[1] seconds under the name sshd. */
#include <stdlib.h>
#include <unistd.h>
int main(int argc, char **argv)
{
    sleep(argc > 1 ? (unsigned)atoi(argv[1]) : 3600);
    return 0;
}
C
    cc -static -O2 -o "$tmp/sshd" "$tmp/sshd.c"
    cat >"$tmp/Dockerfile" <<'DOCKERFILE'
FROM drydock-test/brt-base
COPY sshd /usr/sbin/sshd
HEALTHCHECK --interval=1h CMD ["/bin/true"]
USER 65534:65534
DOCKERFILE
    docker build --network host -q -t drydock-test/brt-sshd "$tmp" >/dev/null 2>&1
    rm -rf "$tmp"
fi
