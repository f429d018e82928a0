#!/usr/bin/env python3
"""The hostile images of the test suite, made at test time (nothing binary is committed).

    hostile_gen.py OUTDIR [CASE...]        write OUTDIR/CASE.tar (docker-archive) or OUTDIR/CASE/
                                            (OCI layout) for the cases named (default: all)
    hostile_gen.py --seeds DIR             write the small cases' layers and archives as fuzz
                                            seeds: DIR/image_tar/*.tar, DIR/image_archive/*.tar

Each case is docker's own format, written by tarfile or by hand (zstd frames made of raw and
RLE blocks, so gigabytes of zeros cost a few hundred kilobytes and no compressor time).
"""
import hashlib
import io
import json
import os
import random
import struct
import sys
import tarfile

# ---------------------------------------------------------------- tar and zstd ----


def tar_bytes(entries, pad=True):
    """entries: (name, kind, data/target[, mode]); kind file|dir|sym|hard."""
    b = io.BytesIO()
    with tarfile.open(fileobj=b, mode="w", format=tarfile.PAX_FORMAT) as t:
        for e in entries:
            name, kind = e[0], e[1]
            ti = tarfile.TarInfo(name)
            ti.mtime = 0
            data = b""
            if kind == "file":
                data = e[2]
                ti.size = len(data)
                ti.mode = e[3] if len(e) > 3 else 0o644
            elif kind == "dir":
                ti.type = tarfile.DIRTYPE
                ti.mode = e[2] if len(e) > 2 else 0o755
            elif kind == "sym":
                ti.type = tarfile.SYMTYPE
                ti.linkname = e[2]
                ti.mode = 0o777
            elif kind == "hard":
                ti.type = tarfile.LNKTYPE
                ti.linkname = e[2]
            t.addfile(ti, io.BytesIO(data) if data else None)
    raw = b.getvalue()
    if not pad:  # the two zero blocks that end a tar, no record padding
        raw = raw.rstrip(b"\0")
        raw += b"\0" * (-len(raw) % 512) + b"\0" * 1024
    return raw


def tar_header(name, size):
    ti = tarfile.TarInfo(name)
    ti.size = size
    ti.mtime = 0
    ti.mode = 0o644
    return ti.tobuf(format=tarfile.PAX_FORMAT)


ZERO_BLOCK = 128 << 10


def zstd(segments):
    """A zstd frame of raw blocks (bytes) and RLE blocks (int: that many zero bytes)."""
    out = bytearray(struct.pack("<I", 0xFD2FB528))
    out += bytes([0x00, 0x38])  # no content size, no checksum; window 128 KiB
    blocks = []
    for s in segments:
        if isinstance(s, int):
            while s > 0:
                n = min(s, ZERO_BLOCK)
                blocks.append((1, n, b"\0"))
                s -= n
        else:
            for i in range(0, len(s), ZERO_BLOCK):
                chunk = s[i:i + ZERO_BLOCK]
                blocks.append((0, len(chunk), chunk))
    if not blocks:
        blocks.append((0, 0, b""))
    for i, (typ, size, payload) in enumerate(blocks):
        last = 1 if i == len(blocks) - 1 else 0
        out += struct.pack("<I", last | (typ << 1) | (size << 3))[:3] + payload
    return bytes(out)


def zeros_layer(name, size):
    """A zstd layer holding one file of `size` zero bytes."""
    head = tar_header(name, size)
    return zstd([head, size + (-size % 512) + 1024])


def sha(data):
    return "sha256:" + hashlib.sha256(data).hexdigest()


def docker_archive(path, layers, tag="hostile:test", names=None, diff_ids=None, extra=()):
    """layers: list of layer blobs (one member each, in order); names: manifest entries."""
    names = names or [f"l{i}/layer.tar" for i in range(len(layers))]
    members = {}
    for n, blob in zip(names, layers):
        members.setdefault(n, blob)
    cfg = json.dumps({
        "architecture": "amd64", "os": "linux", "config": {"User": "1000", "Cmd": ["/app"]},
        "rootfs": {"type": "layers",
                   "diff_ids": diff_ids or [sha(members[n]) for n in names]},
        "history": [{"created_by": "hostile_gen.py"} for _ in names]}).encode()
    man = json.dumps([{"Config": "config.json", "RepoTags": [tag], "Layers": names}]).encode()
    with open(path, "wb") as f:
        for name, data in list(extra) + list(members.items()) + [("config.json", cfg),
                                                                 ("manifest.json", man)]:
            f.write(tar_header(name, len(data)))
            f.write(data)
            f.write(b"\0" * (-len(data) % 512))
        f.write(b"\0" * 1024)


def oci_layout(d, layers, media="application/vnd.oci.image.layer.v1.tar+zstd"):
    """layers: list of blobs; the same blob may appear several times (listed, stored once)."""
    os.makedirs(f"{d}/blobs/sha256", exist_ok=True)

    def put(data):
        dg = sha(data)
        p = f"{d}/blobs/sha256/{dg[7:]}"
        if not os.path.exists(p):
            with open(p, "wb") as f:
                f.write(data)
        return dg

    descs = [{"mediaType": media, "digest": put(l), "size": len(l)} for l in layers]
    cfg = json.dumps({"architecture": "amd64", "os": "linux", "config": {"User": "1000"},
                      "rootfs": {"type": "layers", "diff_ids": [x["digest"] for x in descs]},
                      "history": []}).encode()
    man = json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                      "config": {"mediaType": "application/vnd.oci.image.config.v1+json",
                                 "digest": put(cfg), "size": len(cfg)},
                      "layers": descs}).encode()
    idx = {"schemaVersion": 2, "manifests": [
        {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": put(man),
         "size": len(man)}]}
    with open(f"{d}/index.json", "w") as f:
        json.dump(idx, f)
    with open(f"{d}/oci-layout", "w") as f:
        f.write('{"imageLayoutVersion": "1.0.0"}')


# ---------------------------------------------------------------- contents ----

rnd = random.Random(17)
ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"


def aws_key():
    return "AKIA" + "".join(rnd.choice(ALNUM) for _ in range(16))


AWS_CRED = ("[default]\naws_access_key_id = %s\n" % aws_key()).encode()
OPENSSH_KEY = (b"-----BEGIN OPENSSH PRIVATE KEY-----\n"
               b"b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n"
               b"QyNTUxOQAAACDh7Ty3kF4cRu8bX9pZq2NwVYtK0aLrJbE1gQW7uZc3sQAAAJgXyZ0QF8md\n"
               b"EAAAAAtzc2gtZWQyNTUxOQAAACDh7Ty3kF4cRu8bX9pZq2NwVYtK0aLrJbE1gQW7uZc3sQ\n"
               b"AAAEC4mQ1sT7vK2pLx9RZfN3cWb8HjYtUo0qEi5aDgKs6rOeHtPLeQXhxG7xtf2lmrY3BV\n"
               b"-----END OPENSSH PRIVATE KEY-----\n")
PASSWD = b"root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000::/home/app:/bin/sh\n"


def status(*pkgs):
    return b"".join(b"Package: %s\nStatus: install ok installed\nArchitecture: amd64\n"
                    b"Version: %s\n\n" % (n.encode(), v.encode()) for n, v in pkgs)


OSR_DEBIAN = b'ID=debian\nVERSION_ID="12"\nPRETTY_NAME="Debian GNU/Linux 12"\n'
OSR_ALPINE = b'ID=alpine\nVERSION_ID=3.19.1\nPRETTY_NAME="Alpine Linux v3.19"\n'

BASE = [("etc", "dir"), ("etc/passwd", "file", PASSWD), ("root", "dir"), ("tmp", "dir", 0o1777),
        ("var", "dir"), ("var/lib", "dir"), ("var/lib/dpkg", "dir"),
        ("var/lib/dpkg/status", "file", status(("base-files", "12.4")))]
EVIL_FILES = [("evil/etc/passwd", "file", b"root::0:0:root:/root:/bin/sh\n"),
              ("evil/var/lib/dpkg/status", "file", status(("openssl", "1.1.1n-0+deb11u3"),
                                                          ("hidden-tool", "6.6.6"))),
              ("evil/root/.aws", "dir"),
              ("evil/root/.aws/credentials", "file", AWS_CRED)]

# Cases docker applies, and drydock must see the same files (scan_docker_view.sh compares
# `drydock scan --list-files` with `docker export`).
VIEW = {
    # one layer makes evil -> / and writes through it
    "evil-root": [BASE, [("evil", "sym", "/")] + EVIL_FILES],
    # the symlink in one layer, the writes in the next
    "evil-root-cross": [BASE + [("evil", "sym", "/")], EVIL_FILES],
    # relative symlinks that climb above the root stop at it
    "relative-climb": [BASE, [("a", "dir"), ("a/b", "dir"), ("a/b/up", "sym", "../../../../../../etc"),
                              ("a/b/up/passwd", "file", b"root::0:0::/root:/bin/sh\n")]],
    # a chain of symlinks, one of them relative with '..'
    "symlink-chain": [BASE + [("usr", "dir"), ("usr/lib", "dir")],
                      [("x", "sym", "y/../usr"), ("y", "dir"), ("x/lib/os-release", "file", OSR_ALPINE),
                       ("etc/os-release", "sym", "../x/lib/os-release")]],
    # a symlink to a file whose parent a later layer replaces with a symlink elsewhere
    "file-link-parent-replaced": [
        BASE + [("usr", "dir"), ("usr/lib", "dir"), ("usr/lib/os-release", "file", OSR_DEBIAN),
                ("etc/os-release", "sym", "../usr/lib/os-release"), ("opt", "dir"),
                ("opt/lib", "dir"), ("opt/lib/os-release", "file", OSR_ALPINE)],
        [("usr/.wh.lib", "file", b""), ("usr/lib", "sym", "../opt/lib")]],
    # whiteouts below a symlinked directory remove the target's file
    "whiteout-below-symlink": [BASE + [("s", "sym", "etc")], [("s/.wh.passwd", "file", b"")]],
    # an opaque whiteout on a symlink does nothing; below a symlinked parent it works
    "opaque-on-symlink": [BASE + [("s", "sym", "var/lib")], [("s/.wh..wh..opq", "file", b"")]],
    "opaque-below-symlink": [BASE + [("etc/app", "dir"), ("etc/app/old.conf", "file", b"password = hunter2hunter2\n"),
                                     ("s", "sym", "etc")],
                             [("s/app/.wh..wh..opq", "file", b""), ("s/app/new.conf", "file", b"ok\n")]],
    # an opaque whiteout after entries of its own layer: those written under the same
    # name stay, an implied directory does not (docker's unpackedPaths)
    "opaque-order": [BASE + [("o", "dir"), ("o/old", "file", b"old\n"), ("o/k", "dir"), ("o/k/old2", "file", b"x\n")],
                     [("o/k", "dir"), ("o/a/new", "file", b"n\n"), ("o/.wh..wh..opq", "file", b""),
                      ("o/b", "file", b"b\n")]],
    # entries and whiteouts of one layer apply in tar order
    "whiteout-order": [BASE + [("w", "file", b"w\n")],
                       [("q", "file", b"q\n"), (".wh.q", "file", b""), (".wh.w", "file", b""), ("w", "file", b"new\n")]],
    # a whiteout in a directory that does not exist creates it (MkdirAll, mode 0600)
    "whiteout-makes-dirs": [BASE, [("nd/sub/.wh.z", "file", b"")]],
    # a hard link through a symlinked parent links the target
    "hardlink-via-symlink": [BASE + [("s", "sym", "etc")], [("zz-link", "hard", "s/passwd")]],
    # a directory entry replaces a symlink of that name
    "dir-replaces-symlink": [BASE + [("s", "sym", "etc")], [("s", "dir"), ("s/new", "file", b"n\n")]],
}

# Cases docker refuses to apply ("docker load" fails); drydock refuses them too.
REFUSED = {
    "symlink-loop": ([BASE + [("l1", "sym", "l2"), ("l2", "sym", "l1")], [("l1/x", "file", b"x\n")]],
                     "l1/x", "too many levels of symbolic links"),
    "symlink-dangling": ([BASE + [("d", "sym", "/nonexistent/deeper")], [("d/x", "file", b"x\n")]],
                         "d/x", "'nonexistent' does not exist"),
    "file-as-parent": ([BASE + [("f", "file", b"f\n")], [("f/x", "file", b"x\n")]],
                       "f/x", "'f' is not a directory"),
}


def write_view(out, name):
    layers = [tar_bytes(l) for l in (VIEW.get(name) or REFUSED[name][0])]
    docker_archive(f"{out}/{name}.tar", layers, tag=f"hostile-view:{name}")


def write_decoys(out):
    """100,000 decoy secrets in one file, a real OpenSSH key in another, same layer."""
    decoys = "".join("aws_access_key_id = %s\n" % aws_key() for _ in range(100000)).encode()
    layer = tar_bytes(BASE + [("app", "dir"), ("app/decoys.txt", "file", decoys),
                              ("app/zz", "dir"), ("app/zz/id_ed25519", "file", OPENSSH_KEY)])
    docker_archive(f"{out}/decoys.tar", [layer])


def write_big_passwd(out):
    """An /etc/passwd past the bound of what the configuration checks read."""
    big = PASSWD + b"".join(b"user%07d:x:%d:%d::/home/u:/bin/sh\n" % (i, 2000 + i, 2000 + i)
                            for i in range(40000))
    docker_archive(f"{out}/big-passwd.tar", [tar_bytes([("etc", "dir"), ("etc/passwd", "file", big)])])


GIB = 1 << 30


def write_bombs(out):
    # The case: 7 GiB of zeros in a ~230 KB zstd blob, listed 4,096 times.
    blob = zeros_layer("zeros", 7 * GIB)
    oci_layout(f"{out}/oci-repeated-blob", [blob] * 4096)
    # The same member listed 4,096 times in a docker-archive manifest.
    small = zeros_layer("zeros", 256 << 20)
    docker_archive(f"{out}/archive-repeated-blob.tar", [small] * 4096,
                   names=["blob/layer.tar"] * 4096, diff_ids=[sha(small)] * 4096)
    # Distinct blobs (each under --max-layer-size): only --max-image-size stops them.
    distinct = [zeros_layer(f"zeros{i}", 512 << 20) for i in range(64)]
    oci_layout(f"{out}/oci-distinct-blobs", distinct)
    # A zstd'd docker-archive whose first member is 64 GiB of zeros nobody asked for.
    layer = tar_bytes([("a", "file", b"x\n")])
    cfg = json.dumps({"architecture": "amd64", "os": "linux", "config": {},
                      "rootfs": {"type": "layers", "diff_ids": [sha(layer)]}}).encode()
    man = json.dumps([{"Config": "config.json", "Layers": ["l/layer.tar"]}]).encode()
    segs = [tar_header("junk", 64 * GIB), 64 * GIB]
    tail = b""
    for name, data in (("l/layer.tar", layer), ("config.json", cfg), ("manifest.json", man)):
        tail += tar_header(name, len(data)) + data + b"\0" * (-len(data) % 512)
    segs += [tail, 1024]
    with open(f"{out}/junk-member.tar.zst", "wb") as f:
        f.write(zstd(segs))


def write_decoy_files(out):
    """100,100 files with a secret each (a few random keys are filtered as placeholders), then an OpenSSH key: past the 100,000 groups a layer
    keeps one by one, every rule still has its finding (with counts), none is dropped."""
    parts = []
    for i in range(100100):
        data = ("aws_access_key_id = %s\n" % aws_key()).encode()
        parts += [tar_header("app/d/%06d.ini" % i, len(data)), data, b"\0" * (-len(data) % 512)]
    parts += [tar_header("app/zz/id_ed25519", len(OPENSSH_KEY)), OPENSSH_KEY,
              b"\0" * (-len(OPENSSH_KEY) % 512), b"\0" * 1024]
    docker_archive(f"{out}/decoy-files.tar", [tar_bytes(BASE), b"".join(parts)])


def main():
    args = sys.argv[1:]
    if args and args[0] == "--seeds":
        d = args[1]
        os.makedirs(f"{d}/image_tar", exist_ok=True)
        os.makedirs(f"{d}/image_archive", exist_ok=True)
        for name in list(VIEW) + list(REFUSED):
            layers = VIEW.get(name) or REFUSED[name][0]
            with open(f"{d}/image_tar/{name}.tar", "wb") as f:
                f.write(tar_bytes(layers[-1], pad=False))
            docker_archive(f"{d}/image_archive/{name}.tar", [tar_bytes(l, pad=False) for l in layers])
        return
    out = args[0]
    os.makedirs(out, exist_ok=True)
    want = set(args[1:])
    for name in list(VIEW) + list(REFUSED):
        if not want or name in want or "view" in want:
            write_view(out, name)
    if not want or "decoys" in want:
        write_decoys(out)
    if not want or "decoy-files" in want:
        write_decoy_files(out)
    if not want or "big-passwd" in want:
        write_big_passwd(out)
    if not want or "bombs" in want:
        write_bombs(out)


if __name__ == "__main__":
    main()
