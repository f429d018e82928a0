#!/usr/bin/env bash
# Images for the language-package and vulnerability tests (tests/e2e/scan_lang.sh,
# tests/e2e/vuln_oracle.sh). Idempotent; no registry and no module proxy: Go modules are
# vendored stubs at the exact versions the shared OSV subset speaks about, built by
# Debian's golang-go (go1.19), so `go version -m` tells the truth about each binary.
#   drydock-test/scan-go       Go binaries: ddnet (golang.org/x/net at the pseudo-version of
#                              ../shared/data's known answer), ddbig (> 64 MiB: a go:embed'd
#                              blob; golang.org/x/text v0.3.7), ddnoid (-buildid= -s -w:
#                              no Go note, no symbols), ddnet.exe (PE, mode 0644) and
#                              ddnet-darwin (Mach-O)
#   drydock-test/scan-python   site-packages with a dist-info, a zipped egg, an egg
#                              directory, an egg-info directory and an egg-info file
set -euo pipefail
have() { docker image inspect "$1" >/dev/null 2>&1; }
tmp=$(mktemp -d)
trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT

# gomod DIR MODULE [IMPORT VERSION PKG FILE-CONTENT]...: a main module vendoring stubs.
gomod() {
    local dir=$1 mod=$2
    shift 2
    mkdir -p "$dir"
    printf 'module %s\n\ngo 1.18\n' "$mod" >"$dir/go.mod"
    : >"$dir/vendor.txt"
    while [ $# -ge 4 ]; do
        local m=$1 v=$2 pkg=$3 body=$4
        shift 4
        printf '\nrequire %s %s\n' "$m" "$v" >>"$dir/go.mod"
        printf '# %s %s\n## explicit\n%s\n' "$m" "$v" "$pkg" >>"$dir/vendor.txt"
        mkdir -p "$dir/vendor/$pkg"
        printf 'package %s\n\n%s\n' "${pkg##*/}" "$body" >"$dir/vendor/$pkg/stub.go"
    done
    mkdir -p "$dir/vendor"
    mv "$dir/vendor.txt" "$dir/vendor/modules.txt"
}
gobuild() { # gobuild DIR OUT [go build flags...]
    local dir=$1 out=$2
    shift 2
    (cd "$dir" && GOFLAGS=-mod=vendor GOPROXY=off GOCACHE=$DD_TEST_CACHE/gocache \
        GOPATH=$tmp/gopath CGO_ENABLED=0 go build -trimpath "$@" -o "$out" .)
}

if ! have drydock-test/scan-go; then
    command -v go >/dev/null || { echo "go is missing (apt-get install golang-go)" >&2; exit 1; }
    root=$tmp/go/root
    mkdir -p "$root/usr/local/bin" "$root/opt/dist"

    gomod "$tmp/go/net" example.com/ddnet \
        golang.org/x/net v0.0.0-20210226172049-e18ecbb05110 golang.org/x/net/html \
        'func EscapeString(s string) string { return s }'
    printf 'package main\n\nimport (\n\t"os"\n\n\t"golang.org/x/net/html"\n)\n\nfunc main() { os.Stdout.WriteString(html.EscapeString("<ok>\\n")) }\n' \
        >"$tmp/go/net/main.go"
    gobuild "$tmp/go/net" "$root/usr/local/bin/ddnet"
    GOOS=windows GOARCH=amd64 gobuild "$tmp/go/net" "$root/opt/dist/ddnet.exe"
    GOOS=darwin GOARCH=amd64 gobuild "$tmp/go/net" "$root/opt/dist/ddnet-darwin"
    chmod 0644 "$root/opt/dist/ddnet.exe"

    # Bigger than drydock's 64 MiB read limit: read by ranges as it streams by.
    gomod "$tmp/go/big" example.com/ddbig \
        golang.org/x/text v0.3.7 golang.org/x/text/language 'func Parse(s string) string { return s }'
    head -c $((70 << 20)) /dev/zero | tr '\0' 'd' >"$tmp/go/big/blob.bin"
    printf 'package main\n\nimport (\n\t_ "embed"\n\t"os"\n\n\t"golang.org/x/text/language"\n)\n\n//go:embed blob.bin\nvar blob string\n\nfunc main() { os.Stdout.WriteString(language.Parse(blob[:1])) }\n' \
        >"$tmp/go/big/main.go"
    gobuild "$tmp/go/big" "$root/usr/local/bin/ddbig"

    # No build id (no Go note in the ELF) and no symbol table.
    gomod "$tmp/go/noid" example.com/ddnoid \
        google.golang.org/protobuf v1.31.0 google.golang.org/protobuf/encoding/protojson \
        'func Format(s string) string { return s }'
    printf 'package main\n\nimport (\n\t"os"\n\n\t"google.golang.org/protobuf/encoding/protojson"\n)\n\nfunc main() { os.Stdout.WriteString(protojson.Format("{}\\n")) }\n' \
        >"$tmp/go/noid/main.go"
    gobuild "$tmp/go/noid" "$root/usr/local/bin/ddnoid" -ldflags='-buildid= -s -w'

    printf 'FROM drydock-test/busybox\nCOPY root/ /\n' >"$tmp/go/Dockerfile"
    docker build -q --network host -t drydock-test/scan-go "$tmp/go" >/dev/null
fi

if ! have drydock-test/scan-python; then
    sp=$tmp/py/root/usr/lib/python3/site-packages
    mkdir -p "$sp/Django-3.2.dist-info" "$sp/urllib3-1.26.17-py3.11.egg/EGG-INFO" \
        "$sp/flask-2.2.4-py3.11.egg-info" "$tmp/py/egg/EGG-INFO"
    meta() { printf 'Metadata-Version: 2.1\nName: %s\nVersion: %s\nSummary: test fixture\nLicense: %s\n\n' "$@"; }
    meta Django 3.2 BSD-3-Clause >"$sp/Django-3.2.dist-info/METADATA"
    meta urllib3 1.26.17 MIT >"$sp/urllib3-1.26.17-py3.11.egg/EGG-INFO/PKG-INFO"
    meta Flask 2.2.4 BSD-3-Clause >"$sp/flask-2.2.4-py3.11.egg-info/PKG-INFO"
    meta requests 2.30.0 Apache-2.0 >"$sp/requests-2.30.0-py3.11.egg-info"
    meta Paste 1.7.5.1 MIT >"$tmp/py/egg/EGG-INFO/PKG-INFO"
    printf 'paste\n' >"$tmp/py/egg/EGG-INFO/top_level.txt"
    (cd "$tmp/py/egg" && zip -q -r "$sp/Paste-1.7.5.1-py3.11.egg" EGG-INFO)
    printf 'FROM drydock-test/busybox\nCOPY root/ /\n' >"$tmp/py/Dockerfile"
    docker build -q --network host -t drydock-test/scan-python "$tmp/py" >/dev/null
fi
