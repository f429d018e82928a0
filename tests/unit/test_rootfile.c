/* core/rootfile: paths resolved inside a directory (the kernel's openat2 and the
 * component-wise walk used without it, over the same hostile tree), FIFOs and devices
 * refused without blocking, size bounds, and the atomic replacement harden --write uses. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/cleanup.h"
#include "core/mem.h"
#include "core/rootfile.h"
#include "tap.h"

static char T[] = "/tmp/dd-rootfile.XXXXXX";

static void put(const char *rel, const char *text)
{
    _cleanup_free_ char *p = dd_xasprintf("%s/%s", T, rel);
    FILE *f = fopen(p, "w");
    fputs(text, f);
    fclose(f);
}

static void link_(const char *target, const char *rel)
{
    _cleanup_free_ char *p = dd_xasprintf("%s/%s", T, rel);
    if (symlink(target, p) < 0)
        perror(p);
}

static void dir_(const char *rel)
{
    _cleanup_free_ char *p = dd_xasprintf("%s/%s", T, rel);
    mkdir(p, 0755);
}

typedef int (*open_fn)(int, const char *, int, unsigned);

/* Read through `op`; returns the content, or "E<errno>". Caller frees. */
static char *rd(open_fn op, int root, const char *path, unsigned rf, size_t max)
{
    int fd = op(root, path, O_RDONLY, rf);
    if (fd < 0)
        return dd_xasprintf("E%d", errno);
    dd_buf b = DD_BUF_INIT;
    int rc = dd_buf_read_fd(&b, fd, max);
    int err = errno;
    close(fd);
    if (rc < 0) {
        dd_buf_free(&b);
        return dd_xasprintf("E%d", err);
    }
    return dd_buf_steal(&b);
}

static void same_answers(open_fn op, int root, const char *how)
{
    fprintf(stderr, "# %s\n", how);
    char *s;
#define R(path, rf, want)                                                                          \
    s = rd(op, root, path, rf, 1024);                                                              \
    CHECK_STR(s, want);                                                                            \
    free(s);
    R("/etc/docker/daemon.json", DD_RF_IN_ROOT, "{}\n");
    R("etc/docker/daemon.json", DD_RF_IN_ROOT, "{}\n");
    /* An absolute link resolves inside the root, not on this machine. */
    R("/var/run/docker.sock", DD_RF_IN_ROOT, "sock\n");
    R("/etc/hostlink", DD_RF_IN_ROOT, "E2"); /* -> /etc/hostname: not in the tree */
    /* ".." never climbs above the root, in a path or in a link. */
    R("/../../etc/docker/daemon.json", DD_RF_IN_ROOT, "{}\n");
    R("/escape/docker/daemon.json", DD_RF_IN_ROOT, "{}\n");
    R("/etc/./docker/../docker/daemon.json", DD_RF_IN_ROOT, "{}\n");
    /* Beneath: leaving the tree is an error, staying in it is fine. */
    R("escape/docker/daemon.json", DD_RF_BENEATH, "E18");
    R("var/run/docker.sock", DD_RF_BENEATH, "E18");
    R("/etc/docker/daemon.json", DD_RF_BENEATH, "E18");
    R("etc/rel-in-tree", DD_RF_BENEATH, "{}\n");
    R("../x", DD_RF_BENEATH, "E18");
    /* The last component may be required not to be a link. */
    R("etc/rel-in-tree", DD_RF_NOFOLLOW | DD_RF_BENEATH, "E40");
    /* Only regular files, and never blocking on a FIFO without a writer. */
    R("/fifo", DD_RF_IN_ROOT, "E22");
    R("/etc", DD_RF_IN_ROOT, "E21");
    R("/loop", DD_RF_IN_ROOT, "E40");
    R("/etc/docker/daemon.json/x", DD_RF_IN_ROOT, "E20");
    R("/big", DD_RF_IN_ROOT, "E27");
#undef R
    /* Directories and O_PATH for stat. */
    int d = op(root, "/var/run", O_RDONLY | O_DIRECTORY, 0);
    CHECK(d >= 0);
    if (d >= 0)
        close(d);
    d = op(root, "/var/run/docker.sock", O_PATH, 0);
    struct stat st;
    CHECK(d >= 0 && fstat(d, &st) == 0 && S_ISREG(st.st_mode));
    if (d >= 0)
        close(d);
    d = op(root, "/var/run", O_PATH, DD_RF_NOFOLLOW);
    CHECK(d >= 0 && fstat(d, &st) == 0 && S_ISLNK(st.st_mode));
    if (d >= 0)
        close(d);
}

int main(void)
{
    if (!mkdtemp(T))
        return 1;
    dir_("etc");
    dir_("etc/docker");
    dir_("run");
    dir_("var");
    put("etc/docker/daemon.json", "{}\n");
    put("run/docker.sock", "sock\n");
    link_("/run", "var/run");
    link_("/etc/hostname", "etc/hostlink");
    link_("../../../../../../etc", "escape");
    link_("docker/daemon.json", "etc/rel-in-tree");
    link_("loop", "loop");
    {
        _cleanup_free_ char *p = dd_xasprintf("%s/fifo", T);
        mkfifo(p, 0644);
        _cleanup_free_ char *big = dd_xasprintf("%s/big", T);
        FILE *f = fopen(big, "w");
        for (int i = 0; i < 2000; i++)
            fputc('x', f);
        fclose(f);
    }
    int root = dd_rootfile_dir(T);
    CHECK(root >= 0);
    same_answers(dd_rootfile_open, root, "openat2 (or the walk where it is missing)");
    same_answers(dd_rootfile_open_walk, root, "the component-wise walk");

    /* Resolved paths, for audit rules and messages. */
    char *s;
    CHECK_STR(s = dd_rootfile_resolve(root, "/var/run/docker.sock"), "/run/docker.sock");
    free(s);
    CHECK_STR(s = dd_rootfile_resolve(root, "/var/run/missing/../x"), "/run/x");
    free(s);
    CHECK_STR(s = dd_rootfile_resolve(root, "/escape/docker"), "/etc/docker");
    free(s);
    CHECK_STR(s = dd_rootfile_resolve(root, "/"), "/");
    free(s);
    CHECK(dd_rootfile_resolve(root, "/loop/x") == NULL && errno == ELOOP);
    char lb[64];
    ssize_t ln = dd_rootfile_readlink(root, "/var/run", lb, sizeof lb - 1);
    CHECK_INT(ln, 4);
    struct stat st;
    CHECK_INT(dd_rootfile_stat(root, "/var/run/docker.sock", 0, &st), 0);
    CHECK(dd_rootfile_stat(root, "/nope", 0, &st) < 0 && errno == ENOENT);

    /* A user-named file: FIFOs refused without blocking. */
    dd_buf b = DD_BUF_INIT;
    _cleanup_free_ char *fifo = dd_xasprintf("%s/fifo", T);
    CHECK(dd_buf_read_file(&b, fifo, 100) < 0 && errno == DD_ENOTREG);
    CHECK_STR(dd_file_strerror(DD_ENOTREG), "not a regular file");
    dd_buf_free(&b);

    /* Atomic replacement: mode and owner kept, a backup, nothing left behind. */
    _cleanup_free_ char *dj = dd_xasprintf("%s/etc/docker/daemon.json", T);
    chmod(dj, 0640);
    if (geteuid() == 0)
        CHECK_INT(chown(dj, 0, 5), 0);
    dd_error e = {0};
    CHECK_INT(
        dd_rootfile_replace(root, "/escape/docker/daemon.json", "{\"a\":1}\n", 8, 0644, true, &e),
        0);
    s = rd(dd_rootfile_open, root, "/etc/docker/daemon.json", 0, 100);
    CHECK_STR(s, "{\"a\":1}\n");
    free(s);
    s = rd(dd_rootfile_open, root, "/etc/docker/daemon.json.bak", 0, 100);
    CHECK_STR(s, "{}\n");
    free(s);
    CHECK(stat(dj, &st) == 0 && (st.st_mode & 07777) == 0640);
    if (geteuid() == 0)
        CHECK(st.st_uid == 0 && st.st_gid == 5);
    _cleanup_free_ char *bak = dd_xasprintf("%s.bak", dj);
    CHECK(stat(bak, &st) == 0 && (st.st_mode & 07777) == 0640);
    /* A new file gets the mode asked for. */
    CHECK_INT(dd_rootfile_replace(root, "/var/run/new", "n", 1, 0600, true, &e), 0);
    _cleanup_free_ char *nw = dd_xasprintf("%s/run/new", T);
    CHECK(stat(nw, &st) == 0 && (st.st_mode & 07777) == 0600);
    /* Never outside the root: a link to an absolute directory of this machine is the
     * same directory inside the tree, which does not exist. */
    char out[] = "/tmp/dd-rootfile-out.XXXXXX";
    CHECK(mkdtemp(out) != NULL);
    link_(out, "outlink");
    CHECK_INT(dd_rootfile_replace(root, "/outlink/daemon.json", "x", 1, 0644, true, &e), -1);
    CHECK(strstr(e.msg, "No such file") != NULL);
    _cleanup_free_ char *outf = dd_xasprintf("%s/daemon.json", out);
    CHECK(access(outf, F_OK) < 0);
    rmdir(out);
    /* No temporary file left in the directory. */
    _cleanup_free_ char *cmd = dd_xasprintf("ls -a %s/etc/docker | grep -c drydock-", T);
    FILE *p = popen(cmd, "r");
    char cnt[16] = "";
    CHECK(fgets(cnt, sizeof cnt, p) != NULL);
    pclose(p);
    CHECK_STR(cnt, "0\n");

    close(root);
    _cleanup_free_ char *rm = dd_xasprintf("rm -rf %s", T);
    CHECK_INT(system(rm), 0);
    return dd_test_done();
}
