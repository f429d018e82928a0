#!/usr/bin/python3
"""Independent oracle for `drydock scan fs:`: which OSV records affect which pinned
packages, computed straight from the OSV JSON files with each ecosystem's ordering written
here (PEP 440 through python3-packaging), not with drydock's comparators.

usage: oracle.py OSV_DIR < packages (lines "ECOSYSTEM NAME VERSION")
prints "ADVISORY ECOSYSTEM NAME VERSION FIXED" lines, FIXED "-" when there is none."""
import json, os, re, sys
from functools import cmp_to_key
from packaging.version import Version

def cmp(a, b):
    return (a > b) - (a < b)

def semver_key(v):
    v = v.lstrip("v").split("+")[0]
    core, _, pre = v.partition("-")
    nums = [int(x) for x in (core.split(".") + ["0", "0"])[:3]]
    return nums, pre

def semver_cmp(a, b):
    (na, pa), (nb, pb) = semver_key(a), semver_key(b)
    if na != nb:
        return cmp(na, nb)
    if pa == pb:
        return 0
    if not pa or not pb:
        return 1 if not pa else -1  # a release is above its prereleases
    for x, y in zip(pa.split("."), pb.split(".")):
        if x.isdigit() and y.isdigit():
            if int(x) != int(y):
                return cmp(int(x), int(y))
        elif x != y:
            return -1 if x.isdigit() else 1 if y.isdigit() else cmp(x, y)
    return cmp(len(pa.split(".")), len(pb.split(".")))

QUAL = {"alpha": 1, "a": 1, "beta": 2, "b": 2, "milestone": 3, "m": 3, "rc": 4, "cr": 4,
        "snapshot": 5, "": 6, "ga": 6, "final": 6, "release": 6, "sp": 7}

def maven_items(v):
    out = []
    for t in re.findall(r"\d+|[a-zA-Z]+", v.lower()):
        out.append((1, int(t)) if t.isdigit() else (0, QUAL.get(t, 8), t))
    while out and out[-1] in ((1, 0), (0, 6, "")):
        out.pop()
    return out

def maven_cmp(a, b):
    x, y = maven_items(a), maven_items(b)
    for i in range(max(len(x), len(y))):
        p = x[i] if i < len(x) else (1, 0)
        q = y[i] if i < len(y) else (1, 0)
        if p != q:
            if p[0] != q[0]:  # number against qualifier
                return 1 if p[0] == 1 and q[1] <= 6 else -1 if p[0] == 1 else 1 if p[1] > 6 else -1
            return cmp(p[1:], q[1:])
    return 0

def numeric_cmp(a, b):  # RubyGems and Composer releases: dotted numbers
    x = [int(t) for t in re.findall(r"\d+", a)]
    y = [int(t) for t in re.findall(r"\d+", b)]
    n = max(len(x), len(y))
    return cmp(x + [0] * (n - len(x)), y + [0] * (n - len(y)))

CMP = {"PyPI": lambda a, b: cmp(Version(a), Version(b)), "npm": semver_cmp, "Go": semver_cmp,
       "crates.io": semver_cmp, "Maven": maven_cmp, "RubyGems": numeric_cmp,
       "Packagist": numeric_cmp}

def norm(eco, name):
    return re.sub(r"[-_.]+", "-", name).lower() if eco == "PyPI" else name

def affected(eco, version, aff):
    c = CMP[eco]
    if version in aff.get("versions", []) or version.lstrip("v") in aff.get("versions", []):
        return True, None
    for r in aff.get("ranges", []):
        if r["type"] not in ("ECOSYSTEM", "SEMVER"):
            continue
        f = semver_cmp if r["type"] == "SEMVER" else c
        # events sorted by their version; a version is affected after an introduced and
        # before the next fixed (or up to and including last_affected)
        def ev_cmp(x, y, f=f):
            vx, vy = list(x.values())[0], list(y.values())[0]
            if vx == "0" or vy == "0":  # introduced "0": before every version
                return cmp(vx != "0", vy != "0")
            return f(vx, vy)
        evs = sorted(r["events"], key=cmp_to_key(ev_cmp))
        state, fixed = False, None
        for ev in evs:
            (kind, v), = ev.items()
            if kind == "introduced":
                if v == "0" or f(version, v) >= 0:
                    state, fixed = True, None
            elif kind == "fixed":
                if f(version, v) >= 0:
                    state = False
                elif state and fixed is None:
                    fixed = v
            elif kind == "last_affected":
                if f(version, v) > 0:
                    state = False
        if state:
            return True, fixed
    return False, None

def main():
    osv = sys.argv[1]
    records = []
    for eco in os.listdir(osv):
        d = os.path.join(osv, eco)
        if os.path.isdir(d):
            for f in sorted(os.listdir(d)):
                records.append(json.load(open(os.path.join(d, f))))
    for line in sys.stdin:
        eco, name, version = line.split()
        for rec in records:
            for aff in rec.get("affected", []):
                p = aff["package"]
                if p["ecosystem"] != eco or norm(eco, p["name"]) != norm(eco, name):
                    continue
                hit, fixed = affected(eco, version, aff)
                if hit:
                    print(rec["id"], eco, name, version, fixed or "-")
                    break

if __name__ == "__main__":
    main()
