#!/usr/bin/python3
"""osv-scanner's job, done the plainest way that runs here (osv-scanner itself cannot be
installed): walk a tree, parse every lockfile drydock reads that the standard library can
(package-lock.json, Pipfile.lock, composer.lock, packages.lock.json with the C json
module; poetry.lock, uv.lock, Cargo.lock with tomllib; requirements*.txt, go.mod, go.sum,
gradle.lockfile, Gemfile.lock line by line), then match every package against the OSV
records with the same range walk as tests/e2e/osv/oracle.py, names indexed per ecosystem.
Prints "files packages matches seconds"."""
import json, os, re, sys, time, tomllib, zipfile
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "e2e", "osv"))
import oracle  # the comparators and the range walk of the e2e oracle

def load_osv(d):
    idx = {}
    for z in sorted(os.listdir(d)):
        if not z.endswith(".zip"):
            continue
        with zipfile.ZipFile(os.path.join(d, z)) as zf:
            for n in zf.namelist():
                rec = json.loads(zf.read(n))
                for aff in rec.get("affected", []):
                    p = aff["package"]
                    idx.setdefault((p["ecosystem"], oracle.norm(p["ecosystem"], p["name"])), []).append((rec["id"], aff))
    return idx

def npm_lock(t):
    for k, v in t.get("packages", {}).items():
        if "node_modules/" in k and "version" in v:
            yield "npm", v.get("name", k.rsplit("node_modules/", 1)[1]), v["version"]

def parse(path, base):
    data = open(path, "rb").read()
    if base in ("package-lock.json", "npm-shrinkwrap.json"):
        yield from npm_lock(json.loads(data))
    elif base == "Pipfile.lock":
        t = json.loads(data)
        for sec in ("default", "develop"):
            for n, v in t.get(sec, {}).items():
                if v.get("version", "").startswith("=="):
                    yield "PyPI", n, v["version"][2:]
    elif base == "composer.lock":
        t = json.loads(data)
        for sec in ("packages", "packages-dev"):
            for p in t.get(sec, []):
                yield "Packagist", p["name"], p["version"]
    elif base == "packages.lock.json":
        for fw in json.loads(data).get("dependencies", {}).values():
            for n, v in fw.items():
                if "resolved" in v:
                    yield "NuGet", n, v["resolved"]
    elif base in ("poetry.lock", "uv.lock", "Cargo.lock"):
        eco = "crates.io" if base == "Cargo.lock" else "PyPI"
        for p in tomllib.loads(data.decode()).get("package", []):
            if "version" in p:
                yield eco, p["name"], p["version"]
    elif "requirements" in base and base.endswith(".txt"):
        for line in data.decode().splitlines():
            m = re.match(r"\s*([A-Za-z0-9._-]+)(\[.*?\])?\s*===?\s*([^\s;#\\]+)", line)
            if m:
                yield "PyPI", m.group(1), m.group(3)
    elif base == "go.mod":
        for m in re.finditer(r"^\s*(?:require\s+)?([a-z0-9.\-/_]+\.[a-z]+/\S+)\s+(v\S+)", data.decode(), re.M):
            yield "Go", m.group(1), m.group(2)
    elif base == "gradle.lockfile":
        for line in data.decode().splitlines():
            m = re.match(r"([^#:=\s]+:[^:=\s]+):([^=\s]+)=", line)
            if m:
                yield "Maven", m.group(1), m.group(2)
    elif base == "Gemfile.lock":
        for m in re.finditer(r"^    ([A-Za-z0-9._-]+) \(([0-9][^)-]*)", data.decode(), re.M):
            yield "RubyGems", m.group(1), m.group(2)

NAMES = {"package-lock.json", "npm-shrinkwrap.json", "Pipfile.lock", "composer.lock",
         "packages.lock.json", "poetry.lock", "uv.lock", "Cargo.lock", "go.mod", "gradle.lockfile",
         "Gemfile.lock"}

def main():
    tree, osv = sys.argv[1], sys.argv[2]
    t0 = time.perf_counter()
    idx = load_osv(osv)
    files = pkgs = matches = 0
    for d, dirs, fs in os.walk(tree):
        dirs[:] = [x for x in dirs if x != "node_modules" and x != ".git"]
        for f in fs:
            if f in NAMES or ("requirements" in f and f.endswith(".txt")):
                files += 1
                for eco, name, ver in parse(os.path.join(d, f), f):
                    pkgs += 1
                    for _, aff in idx.get((eco, oracle.norm(eco, name)), []):
                        try:
                            if eco in oracle.CMP and oracle.affected(eco, ver, aff)[0]:
                                matches += 1
                        except ValueError:  # not a version of the ecosystem
                            pass
    print(files, pkgs, matches, "%.3f" % (time.perf_counter() - t0))

main()
