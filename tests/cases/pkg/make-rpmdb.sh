#!/usr/bin/env bash
# Regenerate rpmdb.sqlite: a REAL rpm sqlite database made by rpm itself, holding three
# tiny packages built here with rpmbuild (Debian package "rpm"):
#   ddtest-hello  1.2.3-4.dd1   x86_64  epoch 2  licence MIT         source ddtest-hello
#   ddtest-hello-libs 1.2.3-4.dd1 x86_64 epoch 2 licence "MIT AND BSD-3-Clause" source ddtest-hello
#   ddtest-data   0.9-1         noarch  no epoch licence GPL-2.0-or-later source ddtest-data
# tests/unit/test_pkg_rpm.c reads the committed file, so the unit test needs no tools.
# Usage: tests/cases/pkg/make-rpmdb.sh [OUT]   (default: next to this script)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/rpmdb.sqlite}
command -v rpmbuild >/dev/null || { echo "rpmbuild not found (apt-get install rpm)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp"/{SPECS,BUILD,RPMS,SRPMS,SOURCES,BUILDROOT} "$tmp/db"

cat >"$tmp/SPECS/hello.spec" <<'SPEC'
Name:           ddtest-hello
Epoch:          2
Version:        1.2.3
Release:        4.dd1
Summary:        drydock rpm fixture
License:        MIT
BuildArch:      x86_64
%description
A package that exists to be listed by drydock's rpm reader.
%package libs
Summary:        drydock rpm fixture, libraries
License:        MIT AND BSD-3-Clause
%description libs
The library half of the fixture.
%install
mkdir -p %{buildroot}/usr/share/ddtest-hello %{buildroot}/usr/lib/ddtest-hello
echo hello > %{buildroot}/usr/share/ddtest-hello/hello.txt
echo lib > %{buildroot}/usr/lib/ddtest-hello/lib.txt
%files
/usr/share/ddtest-hello/hello.txt
%files libs
/usr/lib/ddtest-hello/lib.txt
SPEC

cat >"$tmp/SPECS/data.spec" <<'SPEC'
Name:           ddtest-data
Version:        0.9
Release:        1
Summary:        drydock rpm fixture without epoch
License:        GPL-2.0-or-later
BuildArch:      noarch
%description
Data only.
%install
mkdir -p %{buildroot}/usr/share/ddtest-data
echo data > %{buildroot}/usr/share/ddtest-data/data.txt
%files
/usr/share/ddtest-data/data.txt
SPEC

for s in hello data; do
    rpmbuild --define "_topdir $tmp" --define "_build_id_links none" --define "__os_install_post %{nil}" \
        --define "debug_package %{nil}" -bb "$tmp/SPECS/$s.spec" >"$tmp/build-$s.log" 2>&1 ||
        { cat "$tmp/build-$s.log" >&2; exit 1; }
done
rpm --dbpath "$tmp/db" --define "_db_backend sqlite" --initdb
rpm --dbpath "$tmp/db" --define "_db_backend sqlite" --justdb --nodeps --noscripts --ignorearch \
    -i "$tmp"/RPMS/*/*.rpm
# Leave the database as rpm leaves it (it checkpoints the WAL when it closes).
rpm --dbpath "$tmp/db" -qa --qf '%{NAME} %{EPOCHNUM}:%{VERSION}-%{RELEASE} %{ARCH} %{SOURCERPM} %{LICENSE}\n' | sort
cp "$tmp/db/rpmdb.sqlite" "$out"
echo "wrote $out ($(stat -c %s "$out") bytes)"
