#!/usr/bin/env bash
# Go build info of binaries larger than the 64 MiB package-file read limit, read by ranges:
# `drydock scan rootfs:DIR --scanners packages` over a directory holding one > 64 MiB Go
# binary, against `go version -m` on the same file (Go's own debug/buildinfo, which reads
# the file by ranges too), in the same run; and the same binary inside a docker-save
# archive, where drydock must stream past the bytes it does not keep, against `tar -xOf`
# of the same member (the least any tool reading the archive must do).
#
# Usage: perf/gobin.sh
#   DRYDOCK=path/to/drydock   (default: build/drydock, else the newest build*/drydock)
#   RUNS=N                    timed runs of each command (default 10; hyperfine's mean)
# Needs Debian's golang-go and hyperfine.
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
runs=${RUNS:-10}
drydock=${DRYDOCK:-}
if [ -z "$drydock" ]; then
    if [ -x "$src/build/drydock" ]; then drydock=$src/build/drydock; else
        drydock=$(ls -t "$src"/build*/drydock 2>/dev/null | head -1 || true)
    fi
fi
[ -x "${drydock:-}" ] || { echo "perf/gobin.sh: no drydock binary (set DRYDOCK)" >&2; exit 3; }
for t in go hyperfine; do
    command -v $t >/dev/null || { echo "perf/gobin.sh: $t is needed" >&2; exit 3; }
done
tmp=$(mktemp -d "${TMPDIR:-/tmp}/dd-perf-gobin.XXXXXX")
trap 'chmod -R u+w "$tmp"; rm -rf "$tmp"' EXIT

# A Go program embedding 90 MiB, as big as a terraform binary.
mkdir -p "$tmp/src" "$tmp/root/usr/local/bin"
printf 'module example.com/big\n\ngo 1.18\n' >"$tmp/src/go.mod"
head -c $((90 << 20)) /dev/urandom >"$tmp/src/blob.bin"
printf 'package main\n\nimport (\n\t_ "embed"\n\t"os"\n)\n\n//go:embed blob.bin\nvar blob string\n\nfunc main() { os.Stdout.WriteString(blob[:1]) }\n' \
    >"$tmp/src/main.go"
(cd "$tmp/src" && GOFLAGS=-mod=mod GOPROXY=off GOCACHE=$tmp/cache GOPATH=$tmp/gopath \
    go build -o "$tmp/root/usr/local/bin/big" .)
bin=$tmp/root/usr/local/bin/big
echo "binary: $(du -h "$bin" | cut -f1), $(go version "$bin" | cut -d' ' -f2)"
"$drydock" scan "rootfs:$tmp/root" --scanners packages --list-packages | grep -q "example.com/big" ||
    { echo "perf/gobin.sh: drydock did not read the binary" >&2; exit 1; }
# The same file as the one layer of a docker-save archive: drydock streams through it.
(cd "$tmp/root" && tar -cf "$tmp/layer.tar" usr)
python3 - "$tmp/layer.tar" "$tmp/image.tar" <<'EOF'
import hashlib, io, json, sys, tarfile
layer, out = sys.argv[1], sys.argv[2]
h = hashlib.sha256(open(layer, "rb").read()).hexdigest()
config = json.dumps({"architecture": "amd64", "os": "linux", "config": {},
                     "rootfs": {"type": "layers", "diff_ids": ["sha256:" + h]}}).encode()
cid = hashlib.sha256(config).hexdigest()
manifest = json.dumps([{"Config": cid + ".json", "RepoTags": ["big:latest"],
                        "Layers": [h + "/layer.tar"]}]).encode()
with tarfile.open(out, "w") as t:
    for name, data in ((cid + ".json", config), ("manifest.json", manifest)):
        ti = tarfile.TarInfo(name)
        ti.size = len(data)
        t.addfile(ti, io.BytesIO(data))
    t.add(layer, arcname=h + "/layer.tar")
EOF

hyperfine -N --warmup 2 --runs "$runs" --export-json "$tmp/h.json" \
    -n drydock-rootfs "$drydock scan rootfs:$tmp/root --scanners packages --format json -o /dev/null" \
    -n go-version-m "go version -m $bin" \
    -n drydock-archive "$drydock scan docker-archive:$tmp/image.tar --scanners packages --format json -o /dev/null" \
    -n tar-extract "tar -xOf $tmp/layer.tar usr/local/bin/big" >/dev/null
python3 - "$tmp/h.json" <<'EOF'
import json, sys
r = {x["command"]: x["mean"] * 1000 for x in json.load(open(sys.argv[1]))["results"]}
d, g = r["drydock-rootfs"], r["go-version-m"]
a, t = r["drydock-archive"], r["tar-extract"]
print(f"rootfs:  drydock scan (by ranges) {d:.1f} ms   go version -m {g:.1f} ms   ratio {d / g:.2f}")
print(f"archive: drydock scan (streamed)  {a:.1f} ms   tar -xOf member {t:.1f} ms   ratio {a / t:.2f}")
EOF
