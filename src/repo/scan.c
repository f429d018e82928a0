/* The walk of a source tree: directory descriptors all the way down (openat with
 * O_NOFOLLOW, so a symlink never leads the walk or a read out of the tree), entries in name
 * order so reports do not depend on the file system, each file read at most once and only
 * as far as its consumers need. */
#include "repo/repo.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/cleanup.h"
#include "core/mem.h"
#include "lockfile/lockfile.h"
#include "pkg/readers.h"
#include "repo/gitignore.h"
#include "repo/repo_int.h"

#define MAX_DEPTH 128

typedef struct walk {
    const dd_repo_opts *o;
    const char *target;
    dd_package_list *pkgs;
    dd_report *r;
    dd_repo_stats *st;
    dd_gitignore ig;
    dd_secret_scratch *scr;
    dd_buf buf;
    dd_error *e;
} walk;

/* Read a regular file below `dfd` without following a symlink and without blocking on a
 * FIFO: at most `max` bytes into `b` (reset first). -1 with errno (EFBIG past max). */
int dd_repo_read_at(int dfd, const char *name, size_t max, dd_buf *b)
{
    dd_buf_reset(b);
    int fd = openat(dfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return -1;
    struct stat st;
    if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        errno = EINVAL;
        return -1;
    }
    if ((uint64_t)st.st_size > max) {
        close(fd);
        errno = EFBIG;
        return -1;
    }
    size_t want = (size_t)st.st_size;
    b->data = dd_xgrow(b->data, &b->cap, want + 1, 1);
    while (b->len < want) {
        ssize_t n = read(fd, b->data + b->len, want - b->len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            int err = errno;
            close(fd);
            errno = err;
            return -1;
        }
        if (n == 0)
            break; /* shrank while we read */
        b->len += (size_t)n;
    }
    b->data[b->len] = '\0';
    close(fd);
    return 0;
}

typedef struct sib {
    int dfd;
} sib;

static int read_sibling(void *ud, const char *name, dd_buf *out)
{
    sib *s = ud;
    return dd_repo_read_at(s->dfd, name, DD_LOCK_MAX_FILE, out);
}

typedef struct sec_ud {
    walk *w;
    const char *path;
} sec_ud;

static int on_secret(const dd_secret_match *m, void *ud)
{
    sec_ud *s = ud;
    dd_finding *f = dd_report_add(s->w->r, m->rule, DD_STATUS_FAIL, s->w->target, "%s: %s",
                                  m->rule->title, m->masked ? m->masked : "****");
    f->path = dd_xstrdup(s->path);
    f->line = m->line;
    f->column = m->column;
    return 0;
}

void dd_repo_input_error(dd_report *r, const char *target, const char *path, const char *msg)
{
    /* "path:12: what": keep the line the reader named. */
    int line = 0;
    size_t pl = strlen(path);
    if (strncmp(msg, path, pl) == 0 && msg[pl] == ':')
        line = atoi(msg + pl + 1);
    dd_finding *f = dd_report_add(r, dd_repo_rule_parse, DD_STATUS_ERROR, target, "%s", msg);
    f->path = dd_xstrdup(path);
    f->line = line;
}

static int scan_file(walk *w, int dfd, const char *name, const char *path, const struct stat *st,
                     bool ignored)
{
    const dd_repo_opts *o = w->o;
    int lk = o->packages ? dd_lock_want(path) : 0;
    int pk = o->packages ? dd_pkg_want(path, st->st_mode, (uint64_t)st->st_size) : 0;
    bool sec = o->secrets && !ignored;
    if (ignored && o->secrets)
        w->st->ignored++;
    if (!lk && !pk && !sec)
        return 0;
    size_t max = lk ? DD_LOCK_MAX_FILE : pk ? DD_PKG_MAX_FILE : 0;
    if (sec && max < DD_SECRET_MAX_FILE && !lk && !pk) {
        max = DD_SECRET_MAX_FILE;
        if ((uint64_t)st->st_size > max)
            max = 0; /* read only the part the scanner looks at, below */
    }
    int rc;
    if (max == 0) {
        /* A file bigger than the secret scanner holds: its first DD_SECRET_MAX_FILE bytes,
         * as the image scan does. */
        int fd = openat(dfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
        if (fd < 0)
            return 0;
        dd_buf_reset(&w->buf);
        w->buf.data = dd_xgrow(w->buf.data, &w->buf.cap, DD_SECRET_MAX_FILE + 1, 1);
        ssize_t n = read(fd, w->buf.data, DD_SECRET_MAX_FILE);
        close(fd);
        if (n < 0)
            return 0;
        w->buf.len = (size_t)n;
        w->buf.data[n] = '\0';
        rc = 0;
    } else {
        rc = dd_repo_read_at(dfd, name, max, &w->buf);
    }
    if (rc < 0) {
        char eb[128];
        _cleanup_free_ char *msg =
            dd_xasprintf("%s: cannot read: %s", path, strerror_r(errno, eb, sizeof eb));
        if (lk || pk)
            dd_repo_input_error(w->r, w->target, path, msg);
        return 0;
    }
    if (lk) {
        w->st->lockfiles++;
        sib s = {dfd};
        dd_error pe = {0};
        if (dd_lock_parse(lk, path, w->buf.data, w->buf.len, read_sibling, &s, w->pkgs, &pe) < 0)
            dd_repo_input_error(w->r, w->target, path, pe.msg);
    } else if (pk) {
        if (pk == DD_PKGF_EXEC && !dd_pkg_exec_may_hold_packages(w->buf.data, w->buf.len))
            pk = 0;
        dd_error pe = {0};
        if (pk && dd_pkg_parse(pk, path, w->buf.data, w->buf.len, NULL, w->pkgs, &pe) < 0)
            dd_repo_input_error(w->r, w->target, path, pe.msg);
    }
    if (sec && (o->scan_binaries || !dd_secret_is_binary(w->buf.data, w->buf.len))) {
        sec_ud su = {w, path};
        dd_error se = {0};
        size_t sl = w->buf.len < DD_SECRET_MAX_FILE ? w->buf.len : DD_SECRET_MAX_FILE;
        int sr = o->scan_binaries ? dd_secret_scan_binary(o->scanner, w->scr, path, w->buf.data, sl,
                                                          on_secret, &su, &se)
                                  : dd_secret_scan(o->scanner, w->scr, path, w->buf.data, sl,
                                                   on_secret, &su, &se);
        if (sr < 0)
            dd_repo_input_error(w->r, w->target, path, se.msg);
    }
    /* One big file should not pin a big buffer for the rest of the walk. */
    if (w->buf.cap > (32u << 20))
        dd_buf_free(&w->buf);
    return 0;
}

bool dd_repo_skipped(const dd_repo_opts *o, const char *path, bool dir)
{
    char *const *v = dir ? o->skip_dirs : o->skip_files;
    size_t n = dir ? o->nskip_dirs : o->nskip_files;
    for (size_t i = 0; i < n; i++)
        if (dd_skip_match(v[i], path))
            return true;
    return false;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int walk_dir(walk *w, int dfd, const char *rel, size_t depth, bool ignored)
{
    if (depth > MAX_DEPTH)
        return 0;
    if (w->o->secrets && !ignored && dd_repo_read_at(dfd, ".gitignore", 1u << 20, &w->buf) == 0)
        dd_gitignore_add(&w->ig, rel, depth, w->buf.data, w->buf.len);
    int fd2 = dup(dfd);
    if (fd2 < 0)
        return dd_error_sys(w->e, errno, "%s", rel[0] ? rel : ".");
    DIR *d = fdopendir(fd2);
    if (!d) {
        close(fd2);
        return dd_error_sys(w->e, errno, "cannot list %s", rel[0] ? rel : ".");
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
            continue;
        names = dd_xgrow(names, &cap, n + 1, sizeof *names);
        names[n++] = dd_xstrdup(de->d_name);
    }
    closedir(d);
    if (n > 1)
        qsort(names, n, sizeof *names, cmp_str);
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        const char *name = names[i];
        _cleanup_free_ char *path = rel[0] ? dd_xasprintf("%s/%s", rel, name) : dd_xstrdup(name);
        struct stat st;
        if (rc < 0 || fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
            continue;
        if (S_ISDIR(st.st_mode)) {
            if (strcmp(name, ".git") == 0)
                continue; /* read through libgit2 when the history is asked for */
            if (dd_repo_skipped(w->o, path, true)) {
                w->st->skipped++;
                continue;
            }
            bool ig = ignored || (w->o->secrets && dd_gitignore_match(&w->ig, path, true));
            int sub = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
            if (sub < 0)
                continue;
            rc = walk_dir(w, sub, path, depth + 1, ig);
            close(sub);
            dd_gitignore_pop(&w->ig, depth + 1);
        } else if (S_ISREG(st.st_mode)) {
            w->st->files++;
            if (dd_repo_skipped(w->o, path, false)) {
                w->st->skipped++;
                continue;
            }
            bool ig = ignored || (w->o->secrets && dd_gitignore_match(&w->ig, path, false));
            rc = scan_file(w, dfd, name, path, &st, ig);
        }
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    return rc;
}

int dd_repo_scan(const char *dir, const char *target, const dd_repo_opts *o, dd_package_list *pkgs,
                 dd_report *r, dd_repo_stats *stats, dd_error *e)
{
    memset(stats, 0, sizeof *stats);
    _cleanup_close_ int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return dd_error_sys(e, errno, "cannot open directory %s", dir);
    walk w = {.o = o, .target = target, .pkgs = pkgs, .r = r, .st = stats, .e = e};
    if (o->secrets) {
        w.scr = dd_secret_scratch_new(o->scanner);
        if (!w.scr)
            return dd_error_set(e, DD_ERR_RUN, 0, "cannot allocate secret-scanner scratch space");
        /* .git/info/exclude holds the repository's own ignore patterns. */
        if (dd_repo_read_at(fd, ".git/info/exclude", 1u << 20, &w.buf) == 0)
            dd_gitignore_add(&w.ig, "", 0, w.buf.data, w.buf.len);
    }
    int rc = walk_dir(&w, fd, "", 0, false);
    dd_gitignore_free(&w.ig);
    dd_buf_free(&w.buf);
    if (w.scr)
        dd_secret_scratch_free(w.scr);
    if (rc < 0)
        return dd_error_prefix(e, "%s", target);
    dd_package_list_set_purls(pkgs);
    dd_repo_unpinned(pkgs, target, r);
    if (o->git_history)
        return dd_repo_git_history(dir, target, o, r, stats, e);
    return 0;
}
