#!/usr/bin/env bash
# Benchmark of `drydock scan` (not run as a test). Two comparisons, each in one run:
#  1. Full scan of an image with >= 1 GiB of layers (bookworm + four generated layers of
#     random and text files, every layer gzip'd, as a docker-archive) against just
#     decompressing its layers: `gzip -dc` of each layer to /dev/null. Target: <= 1.3x,
#     peak RSS < 200 MB.
#  2. Package listing of the debootstrap image's `docker save` archive against
#     snyk-docker-plugin (npm) on the same archive. Target: >= 20x faster.
# Usage: perf/scan.sh [DRYDOCK]   (default: build/drydock)
# Needs: the private dockerd (DD_TEST_DOCKER_HOST or DOCKER_HOST) with drydock-test/bookworm,
# python3, gzip, node/npm (snyk-docker-plugin is installed into the cache on first use).
set -euo pipefail
SRC=$(cd "$(dirname "$0")/.." && pwd)
DRYDOCK=${1:-$SRC/build/drydock}
CACHE=${DD_BENCH_CACHE:-${DD_TEST_CACHE:-$HOME/.cache/drydock-bench}}
RUNS=${RUNS:-3}
export DOCKER_HOST=${DD_TEST_DOCKER_HOST:-${DOCKER_HOST:-unix:///var/run/docker.sock}}
mkdir -p "$CACHE"
[ -x "$DRYDOCK" ] || { echo "no drydock binary at $DRYDOCK" >&2; exit 1; }

BASE=$CACHE/bench-bookworm.tar
[ -s "$BASE" ] || docker save drydock-test/bookworm -o "$BASE"

# ---- 1. the big image ------------------------------------------------------------------
BIG=$CACHE/bench-big.tar
LAYDIR=$CACHE/bench-big-layers
if [ ! -s "$BIG" ]; then
    echo "building the benchmark image (once; cached in $CACHE)..." >&2
    rm -rf "$LAYDIR" && mkdir -p "$LAYDIR"
    python3 - "$BASE" "$BIG" "$LAYDIR" <<'EOF'
import gzip, hashlib, io, json, os, random, subprocess, sys, tarfile
from concurrent.futures import ProcessPoolExecutor
base, out, laydir = sys.argv[1:4]
words = ("error warning info debug request response user session token cache disk "
         "network latency timeout retry backend frontend service deploy build image layer "
         "password config value secret region bucket instance cluster node pod").split()

def text_file(rnd, size):
    lines, n = [], 0
    while n < size:
        l = "%d-%02d-%02dT%02d:%02d:%02dZ %s %s=%d %s\n" % (
            2024, rnd.randint(1, 12), rnd.randint(1, 28), rnd.randint(0, 23), rnd.randint(0, 59),
            rnd.randint(0, 59), " ".join(rnd.choice(words) for _ in range(8)), rnd.choice(words),
            rnd.randint(0, 10**6), rnd.choice(words))
        lines.append(l); n += len(l)
    return "".join(lines).encode()

def make_layer(i):
    rnd = random.Random(i)
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as t:
        def add(name, data, mode=0o644):
            ti = tarfile.TarInfo(name); ti.size = len(data); ti.mode = mode
            t.addfile(ti, io.BytesIO(data))
        d = f"data/layer{i}"
        for k in range(3):                         # 3 x 40 MiB random (binary, skipped)
            add(f"{d}/blob{k}.bin", os.urandom(40 << 20))
        for k in range(1400):                      # 1400 x ~96 KiB text (scanned)
            add(f"{d}/logs/app{k}.log", text_file(rnd, 96 << 10))
        add(f"{d}/etc/app.conf", b"db_password = \"Vq8#mZ2!rT6yLp0w\"\n")
    data = raw.getvalue()
    diff = "sha256:" + hashlib.sha256(data).hexdigest()
    path = f"{laydir}/layer{i}.tar.gz"
    subprocess.run(["gzip", "-6", "-c"], input=data, stdout=open(path, "wb"), check=True)
    return diff, path, len(data)

bt = tarfile.open(base)
man = json.load(bt.extractfile("manifest.json"))[0]
cfg = json.load(bt.extractfile(man["Config"]))
b0 = bt.extractfile(man["Layers"][0]).read()
p0 = f"{laydir}/layer0.tar.gz"
subprocess.run(["gzip", "-6", "-c"], input=b0, stdout=open(p0, "wb"), check=True)
layers = [(cfg["rootfs"]["diff_ids"][0], p0, len(b0))]
with ProcessPoolExecutor(2) as ex:
    layers += list(ex.map(make_layer, range(1, 5)))
cfg["rootfs"]["diff_ids"] = [l[0] for l in layers]
cfg["history"] = cfg.get("history", [])[:1] + [{"created_by": f"bench layer {i}"} for i in range(1, 5)]
cj = json.dumps(cfg).encode()
cname = hashlib.sha256(cj).hexdigest() + ".json"
with tarfile.open(out + ".tmp", "w") as t:
    names = []
    for i, (_, p, _) in enumerate(layers):
        n = f"l{i}/layer.tar.gz"; names.append(n); t.add(p, n)
    for n, data in ((cname, cj), ("manifest.json", json.dumps(
            [{"Config": cname, "RepoTags": ["drydock-bench/big:latest"], "Layers": names}]).encode())):
        ti = tarfile.TarInfo(n); ti.size = len(data); t.addfile(ti, io.BytesIO(data))
os.rename(out + ".tmp", out)
print("uncompressed layer bytes:", sum(l[2] for l in layers), file=sys.stderr)
EOF
fi
# perf/registry.sh reuses the image: BUILD_ONLY=1 stops here.
[ "${BUILD_ONLY:-}" = 1 ] && exit 0

# Best of $RUNS wall times (seconds) of a command; peak RSS (KB) of the best run.
measure() {
    local best="" rss="" t
    for _ in $(seq "$RUNS"); do
        /usr/bin/time -f '%e %M' -o "$CACHE/time.out" "$@" >/dev/null 2>"$CACHE/stderr.out" || {
            cat "$CACHE/stderr.out" >&2
            return 1
        }
        read -r t r <"$CACHE/time.out"
        if [ -z "$best" ] || awk "BEGIN{exit !($t < $best)}"; then best=$t rss=$r; fi
    done
    echo "$best $rss"
}
gunzip_all() { for f in "$LAYDIR"/layer*.tar.gz; do gzip -dc "$f" >/dev/null; done; }
export -f gunzip_all
export LAYDIR

usize=0
for f in "$LAYDIR"/layer*.tar.gz; do usize=$((usize + $(gzip -dc "$f" | wc -c))); done
csize=$(stat -c %s "$BIG")
echo "image: $BIG ($((csize >> 20)) MiB gzip'd, $((usize >> 20)) MiB of layers uncompressed, 5 layers)"

read -r tg rg < <(measure bash -c gunzip_all)
read -r td rd < <(measure "$DRYDOCK" scan --no-progress "docker-archive:$BIG")
read -r t1 r1 < <(measure "$DRYDOCK" scan --no-progress --threads 1 "docker-archive:$BIG")
echo "gzip -dc of each layer:                 ${tg} s"
echo "drydock scan (full, default threads):   ${td} s   peak RSS $((rd / 1024)) MB"
echo "drydock scan (full, --threads 1):       ${t1} s   peak RSS $((r1 / 1024)) MB"
awk -v a="$td" -v b="$tg" 'BEGIN{printf "ratio drydock/gzip:                      %.2fx (target <= 1.3x)\n", a/b}'
awk -v a="$t1" -v b="$tg" 'BEGIN{printf "ratio drydock --threads 1/gzip:          %.2fx\n", a/b}'
echo "peak RSS target: < 200 MB"

# ---- 2. package listing vs snyk-docker-plugin ---------------------------------------------
SNYK=$CACHE/snyk
if [ ! -d "$SNYK/node_modules/snyk-docker-plugin" ]; then
    mkdir -p "$SNYK"
    # 8.16.0: newer releases need a shescape version the npm mirror here does not have.
    (cd "$SNYK" && npm init -y >/dev/null && npm install --no-audit --no-fund snyk-docker-plugin@8.16.0 >/dev/null 2>&1)
fi
cat >"$SNYK/list.js" <<'EOF'
const p = require("snyk-docker-plugin");
p.scan({path: "docker-archive:" + process.argv[2]}).then(r => {
  const g = r.scanResults[0].facts.find(f => f.type === "depGraph").data;
  for (const pk of g.getPkgs()) if (pk.name !== g.rootPkg.name) console.log(pk.name, pk.version);
}).catch(e => { console.error(e); process.exit(1); });
EOF
n_snyk=$(cd "$SNYK" && node list.js "$BASE" | wc -l)
n_dd=$("$DRYDOCK" scan --list-packages "docker-archive:$BASE" | tail -n +2 | wc -l)
read -r ts rs < <(cd "$SNYK" && measure node list.js "$BASE")
read -r tl rl < <(measure "$DRYDOCK" scan --list-packages "docker-archive:$BASE")
echo "package listing of $(basename "$BASE") ($n_dd packages by drydock, $n_snyk by snyk):"
echo "snyk-docker-plugin 8.16.0:              ${ts} s   peak RSS $((rs / 1024)) MB"
echo "drydock scan --list-packages:           ${tl} s   peak RSS $((rl / 1024)) MB"
awk -v a="$ts" -v b="$tl" 'BEGIN{printf "speed-up drydock vs snyk:                %.1fx (target >= 20x)\n", a/b}'
