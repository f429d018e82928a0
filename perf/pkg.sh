#!/usr/bin/env bash
# Package listing speed: `drydock scan --scanners packages --list-packages` against
# snyk-docker-plugin (npm), which lists OS packages from a `docker save` archive offline,
# on the same debootstrap (minbase bookworm) archive, in the same run. Target: drydock at
# least 20x faster. Also checks that both list the same dpkg packages.
#
# Usage: perf/pkg.sh [ARCHIVE]
#   DRYDOCK=path/to/drydock   (default: build/drydock, else the newest build-*/drydock)
#   RUNS=N                    timed runs of each tool (default 5; the median is reported)
# The archive is, in order: ARCHIVE; `docker save drydock-test/bookworm` from the private
# daemon at DD_TEST_DOCKER_HOST; or the cached rootfs tarball
# ${DD_TEST_CACHE:-~/.cache/drydock-test}/bookworm-minbase-v2.tar wrapped as a one-layer
# docker-save archive. snyk-docker-plugin is installed once into the same cache directory
# (8.16.0: the newest release whose dependencies all resolve from the registry here).
set -euo pipefail
command -v /usr/bin/time >/dev/null || { echo "perf/pkg.sh: needs /usr/bin/time (Debian package time)" >&2; exit 3; }
src=$(cd "$(dirname "$0")/.." && pwd)
cache=${DD_TEST_CACHE:-$HOME/.cache/drydock-test}
runs=${RUNS:-5}
snyk_version=8.16.0
mkdir -p "$cache"

drydock=${DRYDOCK:-}
if [ -z "$drydock" ]; then
    if [ -x "$src/build/drydock" ]; then
        drydock=$src/build/drydock
    else
        drydock=$(ls -t "$src"/build*/drydock 2>/dev/null | head -1 || true)
    fi
fi
[ -x "${drydock:-}" ] || { echo "perf/pkg.sh: no drydock binary (set DRYDOCK)" >&2; exit 3; }
command -v node >/dev/null || { echo "perf/pkg.sh: node is needed for snyk-docker-plugin" >&2; exit 3; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/dd-bench-pkg.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

archive=${1:-}
if [ -z "$archive" ]; then
    archive=$tmp/bookworm.tar
    if [ -n "${DD_TEST_DOCKER_HOST:-}" ] &&
        DOCKER_HOST=$DD_TEST_DOCKER_HOST docker image inspect drydock-test/bookworm >/dev/null 2>&1; then
        DOCKER_HOST=$DD_TEST_DOCKER_HOST docker save drydock-test/bookworm -o "$archive"
        echo "archive: docker save drydock-test/bookworm ($(du -h "$archive" | cut -f1))"
    elif [ -s "$cache/bookworm-minbase-v2.tar" ]; then
        # Wrap the rootfs tarball as a docker-save archive: manifest.json, config, one layer.
        python3 - "$cache/bookworm-minbase-v2.tar" "$archive" <<'EOF'
import hashlib, json, sys, tarfile, io, os
rootfs, out = sys.argv[1], sys.argv[2]
h = hashlib.sha256()
with open(rootfs, 'rb') as f:
    for chunk in iter(lambda: f.read(1 << 20), b''):
        h.update(chunk)
diff = 'sha256:' + h.hexdigest()
config = json.dumps({"architecture": "amd64", "os": "linux",
                     "config": {"Cmd": ["/bin/bash"]},
                     "rootfs": {"type": "layers", "diff_ids": [diff]},
                     "history": [{"created_by": "debootstrap --variant=minbase bookworm"}]}).encode()
cid = hashlib.sha256(config).hexdigest()
manifest = json.dumps([{"Config": cid + ".json", "RepoTags": ["drydock-test/bookworm:latest"],
                        "Layers": [h.hexdigest() + "/layer.tar"]}]).encode()
with tarfile.open(out, 'w') as t:
    for name, data in ((cid + ".json", config), ("manifest.json", manifest)):
        ti = tarfile.TarInfo(name); ti.size = len(data); t.addfile(ti, io.BytesIO(data))
    t.add(rootfs, arcname=h.hexdigest() + "/layer.tar")
EOF
        echo "archive: $cache/bookworm-minbase-v2.tar as a docker-save archive ($(du -h "$archive" | cut -f1))"
    else
        echo "perf/pkg.sh: no archive: give one, or set DD_TEST_DOCKER_HOST, or run scripts/test-images.sh" >&2
        exit 3
    fi
fi

snyk_dir=$cache/snyk-docker-plugin-$snyk_version
if [ ! -d "$snyk_dir/node_modules/snyk-docker-plugin" ]; then
    mkdir -p "$snyk_dir"
    (cd "$snyk_dir" && npm install --no-audit --no-fund --loglevel=error "snyk-docker-plugin@$snyk_version" >/dev/null) || {
        echo "perf/pkg.sh: npm install snyk-docker-plugin@$snyk_version failed" >&2
        exit 3
    }
fi
cat >"$tmp/snyk-list.js" <<'EOF'
// List the OS packages snyk-docker-plugin finds in a docker-save archive, offline.
const plugin = require(process.env.SNYK_DIR + "/node_modules/snyk-docker-plugin");
(async () => {
  const res = await plugin.scan({ path: "docker-archive:" + process.argv[2], "exclude-app-vulns": true });
  const out = [];
  for (const r of res.scanResults)
    for (const f of r.facts)
      if (f.type === "depGraph")
        for (const p of f.data.getPkgs())
          if (p.name !== f.data.rootPkg.name) out.push(p.name.replace(/.*\//, "") + " " + p.version);
  process.stdout.write(out.join("\n") + "\n");
})().catch((e) => { console.error(e); process.exit(1); });
EOF

now() { date +%s%N; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# One untimed run of each: warms the page cache for both, and gives the lists to compare.
"$drydock" scan --scanners packages --list-packages "docker-archive:$archive" >"$tmp/dd.out"
SNYK_DIR=$snyk_dir node "$tmp/snyk-list.js" "$archive" >"$tmp/snyk.out"
awk 'NR > 1 && $1 == "deb" {print $2, $3}' "$tmp/dd.out" | sort >"$tmp/dd.list"
sort "$tmp/snyk.out" | sed '/^$/d' >"$tmp/snyk.list"

: >"$tmp/dd.times"
: >"$tmp/snyk.times"
: >"$tmp/dd.cpu"
: >"$tmp/snyk.cpu"
# CPU time (user+sys) as well as wall time: on a loaded machine the wall clock mostly
# measures the other processes, the CPU time still measures the tool.
# Only shell builtins run inside the timed interval besides the tool and /usr/bin/time:
# an awk there would add its own start-up to drydock's ~60 ms.
cpu() {
    local f=$1 u s
    shift
    /usr/bin/time -f '%U %S' -o "$f.one" "$@" >/dev/null
    read -r u s <"$f.one"
    echo "$u $s" >>"$f.raw"
}
for _ in $(seq "$runs"); do
    t0=$(now)
    cpu "$tmp/dd.cpu" "$drydock" scan --scanners packages --list-packages "docker-archive:$archive"
    t1=$(now)
    cpu "$tmp/snyk.cpu" env SNYK_DIR="$snyk_dir" node "$tmp/snyk-list.js" "$archive"
    t2=$(now)
    echo $(((t1 - t0) / 1000)) >>"$tmp/dd.times"
    echo $(((t2 - t1) / 1000)) >>"$tmp/snyk.times"
done
for f in "$tmp/dd.cpu" "$tmp/snyk.cpu"; do
    awk '{printf "%d\n", ($1 + $2) * 1000000}' "$f.raw" >"$f"
done
dd_us=$(median <"$tmp/dd.times")
snyk_us=$(median <"$tmp/snyk.times")
dd_cpu=$(median <"$tmp/dd.cpu")
snyk_cpu=$(median <"$tmp/snyk.cpu")
echo "load average after the timed runs: $(cut -d' ' -f1-3 /proc/loadavg)"

echo "packages: drydock $(wc -l <"$tmp/dd.list") deb, snyk-docker-plugin $(wc -l <"$tmp/snyk.list")"
if diff -q "$tmp/dd.list" "$tmp/snyk.list" >/dev/null; then
    echo "package lists: identical (name version)"
else
    echo "package lists: DIFFER"
    diff "$tmp/dd.list" "$tmp/snyk.list" | head -20
fi
awk -v d="$dd_us" -v s="$snyk_us" -v dc="$dd_cpu" -v sc="$snyk_cpu" -v n="$runs" -v v="$snyk_version" 'BEGIN {
    printf "drydock scan --list-packages: wall %8.1f ms, cpu %8.1f ms (medians of %d)\n", d / 1000, dc / 1000, n
    printf "snyk-docker-plugin %s:      wall %8.1f ms, cpu %8.1f ms (medians of %d)\n", v, s / 1000, sc / 1000, n
    r = s / d
    printf "ratio (wall): drydock is %.1fx faster (target >= 20x): %s\n", r, (r >= 20 ? "PASS" : "FAIL")
    if (dc > 0) printf "ratio (cpu):  drydock is %.1fx faster\n", sc / dc
}'
