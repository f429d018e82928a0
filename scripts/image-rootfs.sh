#!/usr/bin/env bash
# Assemble the root file system of drydock's image (the Dockerfile's build stage runs it):
#   scripts/image-rootfs.sh BINARY ROOTFS
# ROOTFS gets the binary, exactly the shared objects it loads, the CA certificates, the
# rules/ data, a passwd with root and nonroot (65532), and the dpkg records of the Debian
# packages those files come from (var/lib/dpkg/status.d/, distroless's layout), so that a
# scanner — drydock scan included — sees every library in the image and its version.
#
# The library list is not typed here: `drydock version --libraries` loads every library
# any command can need (src/lazy/ registers each one) and prints the path of every shared
# object mapped, which is exactly what has to be copied. It is checked at the end by
# running the same command, and each command's --help, inside ROOTFS (chroot): a library
# missing from the image fails the build, not a user's first `drydock scan`.
set -euo pipefail
bin=${1:?binary}
root=${2:?rootfs directory}

mkdir -p "$root"/usr/bin "$root"/usr/lib "$root"/etc/ssl/certs "$root"/tmp \
    "$root"/var/lib/dpkg/status.d "$root"/usr/share/drydock "$root"/usr/share/doc
chmod 0755 "$root"
chmod 1777 "$root"/tmp
# Debian's merged /usr: the paths the loader and ELF headers name (/lib64/ld-linux...)
# resolve as on the build system.
for d in bin lib lib64 sbin; do
    [ -e "$root/$d" ] || ln -s "usr/$d" "$root/$d"
done
mkdir -p "$root"/usr/lib64 "$root"/usr/sbin

install -m 0755 -s "$bin" "$root/usr/bin/drydock"
libs=$("$bin" version --libraries)
pkgs=()
owner() { # the Debian package that ships PATH (registered under /lib or /usr/lib)
    local p=$1 real
    real=$(readlink -f "$p")
    for c in "$p" "$real" "/usr$p" "${real#/usr}" "$(dirname "$p")/$(basename "$real")"; do
        dpkg-query -S "$c" 2>/dev/null | head -n1 | cut -d: -f1 && return 0
    done
    echo "image-rootfs: no Debian package ships $p" >&2
    return 1
}
for lib in $libs; do
    mkdir -p "$root$(dirname "$lib")"
    cp -L "$lib" "$root$lib"
    pkgs+=("$(owner "$lib")")
done

# TLS to registries and feeds: Debian's bundle (what libcurl is built to read).
cp -L /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/ca-certificates.crt"
pkgs+=(ca-certificates base-files)
cp -L /etc/os-release "$root/etc/os-release"
# The runtime ruleset (also embedded in the binary) and the Falco-format files beside it.
cp -r "$(dirname "$0")/../rules" "$root/usr/share/drydock/rules"
cat >"$root/etc/passwd" <<'P'
root:x:0:0:root:/root:/sbin/nologin
nonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin
P
printf 'root:x:0:\nnonroot:x:65532:\n' >"$root/etc/group"
printf 'passwd: files\ngroup: files\nhosts: files dns\n' >"$root/etc/nsswitch.conf"
mkdir -p "$root/home/nonroot" && chown 65532:65532 "$root/home/nonroot" && chmod 0700 "$root/home/nonroot"

# dpkg records, one file per package (distroless's status.d), and each package's
# copyright for the licences.
for p in $(printf '%s\n' "${pkgs[@]}" | sort -u); do
    dpkg-query -s "$p" | grep -v '^Conffiles:\|^ /' >"$root/var/lib/dpkg/status.d/${p%%:*}"
    if [ -f "/usr/share/doc/$p/copyright" ]; then
        mkdir -p "$root/usr/share/doc/$p"
        cp "/usr/share/doc/$p/copyright" "$root/usr/share/doc/$p/copyright"
    fi
done
# The loader's cache: lookups without a scan of every directory.
echo /usr/lib/"$(gcc -print-multiarch)" >"$root/etc/ld.so.conf"
ldconfig -r "$root"

# The check: the same list inside the root, and every command starts there.
# (by file name: the loader cache inside names /usr/lib where the build system's says /lib)
names() { xargs -n1 basename | sort; }
inside=$(chroot "$root" /usr/bin/drydock version --libraries)
if [ "$(names <<<"$libs")" != "$(names <<<"$inside")" ]; then
    echo "image-rootfs: the image loads other libraries than the build system:" >&2
    diff <(names <<<"$libs") <(names <<<"$inside") >&2 || true
    exit 1
fi
for c in $(chroot "$root" /usr/bin/drydock --help | awk '/^Commands:/{on=1;next} on&&NF==0{exit} on{print $1}'); do
    chroot "$root" /usr/bin/drydock "$c" --help >/dev/null
done
echo "image-rootfs: $(wc -l <<<"$libs") shared objects from $(ls "$root/var/lib/dpkg/status.d" | wc -l) packages; $(du -sh "$root" | cut -f1) in all"
