#!/usr/bin/env bash
# drydock's view of an image's filesystem is docker's: for every hostile case of
# hostile_gen.py (symlinked parents, relative and looping symlinks, whiteouts below a
# symlink, opaque directories, tar order), `drydock scan --list-files` of the archive and
# of the image loaded into the private dockerd equals what `docker export` of a container
# of that image holds; what docker refuses to load, drydock refuses with a message naming
# image, layer and path. Then what the view means: packages written through a symlink to /
# are listed, the secret is reported where docker puts it.
. "$DD_SRC/tests/e2e/lib.sh"
need_daemon
H=$DD_TMP/h
python3 "$DD_SRC/tests/e2e/hostile_gen.py" "$H" view || fail "hostile_gen.py"

# docker export of a container of IMAGE, listed as --list-files lists (minus what docker
# itself adds to every container: /dev, /proc, /sys, /etc/hosts...).
export_list() {
    local c
    c=$(docker create "$1") || return 1
    docker export "$c" >"$DD_TMP/export.tar"
    docker rm "$c" >/dev/null
    python3 - "$DD_TMP/export.tar" <<'PY'
import sys, tarfile
skip = {"dev", "proc", "sys", ".dockerenv", "etc/hosts", "etc/hostname", "etc/resolv.conf", "etc/mtab"}
out = []
with tarfile.open(sys.argv[1]) as t:
    for m in t.getmembers():
        n = m.name.rstrip("/")
        if n in skip or n.split("/")[0] in ("dev", "proc", "sys"):
            continue
        mode = m.mode & 0o7777
        if m.isdir(): out.append(f"d {mode:04o} 0 /{n}")
        elif m.issym(): out.append(f"l 0777 0 /{n} -> {m.linkname}")
        elif m.islnk(): out.append(f"h {mode:04o} 0 /{n} link to /{m.linkname}")
        elif m.isfile(): out.append(f"- {mode:04o} {m.size} /{n}")
        else: out.append(f"o {mode:04o} 0 /{n}")
print("\n".join(sorted(out)))
PY
}

for f in "$H"/*.tar; do
    name=$(basename "$f" .tar)
    case $name in symlink-loop | symlink-dangling | file-as-parent) continue ;; esac
    docker load -q -i "$f" >/dev/null || { fail "$name: docker load"; continue; }
    want=$(export_list "hostile-view:$name")
    # docker adds /etc for its own files when the image has none: all cases have /etc.
    refs=("docker-archive:$f")
    # docker save re-reads each layer's files at the names its tar gave them: a file
    # written through a symlink, or removed again by its own layer, fails its checksum, and
    # the daemon cannot export the image at all (it runs it all the same). drydock then
    # says what the daemon said; the archive is the same image.
    if docker save "hostile-view:$name" >/dev/null 2>"$DD_TMP/save.err"; then
        refs+=("hostile-view:$name")
    else
        run_dd_rss 256 scan --list-files "hostile-view:$name"
        assert_rc 3 "$name: an image the daemon cannot export"
        assert_contains "$DD_ERR" "$(sed 's/^Error response from daemon: //' "$DD_TMP/save.err")" "$name: the daemon's own message"
    fi
    for ref in "${refs[@]}"; do
        run_dd_rss 256 scan --list-files "$ref"
        assert_rc 0 "$name: --list-files of $ref"
        got=$(sort <<<"$DD_OUT")
        if [ "$got" == "$want" ]; then ok; else
            fail "$name ($ref): the view differs from docker export: $(diff <(echo "$want") <(echo "$got") | head -20)"
        fi
    done
done

# The os-release docker's /etc/os-release leads to is the one drydock reads.
for name in symlink-chain file-link-parent-replaced; do
    run_dd scan --format json --scanners packages "docker-archive:$H/$name.tar"
    assert_rc 0 "$name: scan"
    assert_contains "$DD_OUT" '"id": "alpine"' "$name: /etc/os-release followed as docker does"
done

# The issue's image: evil -> / and files written through it (one layer, and two).
for name in evil-root evil-root-cross; do
    for ref in "docker-archive:$H/$name.tar"; do
        run_dd_rss 256 scan --list-packages "$ref"
        assert_rc 0 "$name: packages"
        assert_contains "$DD_OUT" "openssl" "$name ($ref): packages of /var/lib/dpkg/status written as evil/var/lib/dpkg/status"
        assert_contains "$DD_OUT" "hidden-tool" "$name ($ref): every package of that file"
        run_dd_rss 256 scan --scanners secrets --fail-on critical --format json "$ref"
        assert_rc 1 "$name: the secret fails the scan"
        assert_contains "$DD_OUT" '"path": "/root/.aws/credentials"' "$name ($ref): secret where docker puts it"
        assert_contains "$DD_OUT" '"written_as": "/evil/root/.aws/credentials"' "$name ($ref): and the name it was written as"
        assert_not_contains "$DD_OUT" '"path": "/evil/' "$name ($ref): nothing reported below the symlink"
    done
done

# What docker refuses to apply, drydock refuses, naming image, layer and path.
refused() { # NAME PATH REASON
    if docker load -q -i "$H/$1.tar" >/dev/null 2>&1; then fail "$1: docker loaded it"; else ok; fi
    run_dd_rss 256 scan "docker-archive:$H/$1.tar"
    assert_rc 3 "$1"
    assert_contains "$DD_ERR" "image docker-archive:$H/$1.tar: layer sha256:" "$1: image and layer named"
    assert_contains "$DD_ERR" ": $2: docker cannot apply this layer: $3" "$1: path and reason"
}
refused symlink-loop l1/x "too many levels of symbolic links"
refused symlink-dangling d/x "'nonexistent' does not exist"
refused file-as-parent f/x "'f' is not a directory"

docker images -q 'hostile-view' | xargs -r docker rmi -f >/dev/null 2>&1
done_tests
