#include "core/rootfile.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "core/cleanup.h"
#include "core/mem.h"

#define MAX_LINKS  40 /* as the kernel's path walk */
#define MAX_DEPTH  1024
#define BACKUP_MAX (16u << 20)

/* Set once openat2 turned out to be missing, so the walk is used without asking again. */
static atomic_bool no_openat2;

int dd_rootfile_dir(const char *dir)
{
    return open(dir && *dir ? dir : "/", O_PATH | O_DIRECTORY | O_CLOEXEC);
}

/* The flags every open of this API adds: no fd leaks into children, never a controlling
 * terminal, and never a blocking open (a FIFO without a writer). */
static int open_flags(int oflags, unsigned rf)
{
    int f = oflags | O_CLOEXEC;
    if (!(oflags & O_PATH))
        f |= O_NOCTTY | O_NONBLOCK;
    if (rf & DD_RF_NOFOLLOW)
        f |= O_NOFOLLOW;
    return f;
}

/* What was opened must be what the caller asked for: a directory for O_DIRECTORY, a
 * regular file otherwise (O_PATH: anything). Closes fd when it is not. */
static int check_kind(int fd, int oflags)
{
    if (fd < 0 || (oflags & (O_PATH | O_DIRECTORY)))
        return fd;
    struct stat st;
    int err;
    if (fstat(fd, &st) < 0)
        err = errno;
    else if (!S_ISREG(st.st_mode))
        err = S_ISDIR(st.st_mode) ? EISDIR : DD_ENOTREG;
    else
        return fd;
    close(fd);
    errno = err;
    return -1;
}

/* ---- the component-wise walk --------------------------------------------------------
 *
 * A stack of directory descriptors, root at the bottom: ".." pops (never below the root),
 * a component is opened O_PATH|O_NOFOLLOW relative to the top, a symlink is read through
 * its own descriptor (no second lookup by name that could race) and its target is walked
 * in place of it, from the root when absolute. The string of components walked so far is
 * the resolved path dd_rootfile_resolve returns. */

typedef struct walk {
    int fds[MAX_DEPTH];
    size_t n;
    dd_buf resolved; /* "/a/b", "" for the root */
} walk;

static void walk_pop(walk *w)
{
    close(w->fds[--w->n]);
    char *slash = strrchr(w->resolved.data, '/');
    w->resolved.len = slash ? (size_t)(slash - w->resolved.data) : 0;
    w->resolved.data[w->resolved.len] = '\0';
}

static void walk_free(walk *w)
{
    while (w->n)
        close(w->fds[--w->n]);
    dd_buf_free(&w->resolved);
}

/* Components not found are appended as written ("." and ".." applied to the text), for
 * dd_rootfile_resolve. */
static void append_missing(dd_buf *res, const char *rest)
{
    while (*rest) {
        while (*rest == '/')
            rest++;
        size_t n = strcspn(rest, "/");
        if (n == 0)
            break;
        if (n == 1 && rest[0] == '.') {
        } else if (n == 2 && rest[0] == '.' && rest[1] == '.') {
            char *slash = strrchr(res->data, '/');
            res->len = slash ? (size_t)(slash - res->data) : 0;
            res->data[res->len] = '\0';
        } else {
            dd_buf_putc(res, '/');
            dd_buf_append(res, rest, n);
        }
        rest += n;
    }
}

/* Walk `path` below `root`. Returns the final descriptor opened with `oflags`, or -1.
 * With `res`, a missing component ends the walk successfully (returning -2) and the rest
 * of the path is appended to res as written. */
static int do_walk(int root, const char *path, int oflags, unsigned rf, dd_buf *res)
{
    int fd0 = fcntl(root, F_DUPFD_CLOEXEC, 3);
    if (fd0 < 0)
        return -1;
    walk w = {.n = 0};
    dd_buf_puts(&w.resolved, "");
    w.fds[w.n++] = fd0;
    _cleanup_free_ char *rest = dd_xstrdup(path);
    const char *p = rest;
    int links = 0, ret = -1, err = 0;
    if ((rf & DD_RF_BENEATH) && *p == '/')
        err = EXDEV, p = ""; /* as openat2 RESOLVE_BENEATH */
    for (;;) {
        while (*p == '/')
            p++;
        if (err)
            break;
        if (!*p) {
            /* The path names a directory already on the stack. */
            ret = openat(w.fds[w.n - 1], ".", open_flags(oflags, 0) & ~O_NOFOLLOW);
            err = errno;
            break;
        }
        size_t n = strcspn(p, "/");
        char comp[NAME_MAX + 1];
        if (n > NAME_MAX) {
            err = ENAMETOOLONG;
            break;
        }
        memcpy(comp, p, n);
        comp[n] = '\0';
        p += n;
        const char *after = p;
        while (*after == '/')
            after++;
        bool last = *after == '\0';
        bool dot = strcmp(comp, ".") == 0, dotdot = strcmp(comp, "..") == 0;
        if (dotdot && w.n > 1) {
            walk_pop(&w);
        } else if (dotdot && (rf & DD_RF_BENEATH)) {
            err = EXDEV;
            break;
        }
        if (dot || dotdot)
            continue; /* at the end, the loop opens the directory now on top */
        int top = w.fds[w.n - 1];
        int fd = openat(top, comp, O_PATH | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0) {
            err = errno;
            if (res && err == ENOENT) {
                dd_buf_puts(res, w.resolved.data);
                dd_buf_putc(res, '/');
                dd_buf_puts(res, comp);
                append_missing(res, p);
                ret = -2;
                err = 0;
            }
            break;
        }
        struct stat st;
        if (fstat(fd, &st) < 0) {
            err = errno;
            close(fd);
            break;
        }
        if (S_ISLNK(st.st_mode) && !(last && (rf & DD_RF_NOFOLLOW))) {
            char target[PATH_MAX];
            ssize_t tn = ++links > MAX_LINKS ? -1 : readlinkat(fd, "", target, sizeof target - 1);
            close(fd);
            if (links > MAX_LINKS || tn < 0) {
                err = links > MAX_LINKS ? ELOOP : errno;
                break;
            }
            target[tn] = '\0';
            if (target[0] == '/') {
                if (rf & DD_RF_BENEATH) {
                    err = EXDEV;
                    break;
                }
                while (w.n > 1)
                    walk_pop(&w);
            }
            char *nrest = dd_xasprintf("%s/%s", target, p);
            free(rest);
            rest = nrest;
            p = rest;
            continue;
        }
        dd_buf_putc(&w.resolved, '/');
        dd_buf_puts(&w.resolved, comp);
        if (!last) {
            if (!S_ISDIR(st.st_mode)) {
                close(fd);
                err = ENOTDIR;
                break;
            }
            if (w.n == MAX_DEPTH) {
                close(fd);
                err = ENAMETOOLONG;
                break;
            }
            w.fds[w.n++] = fd;
            continue;
        }
        if (oflags & O_PATH) {
            if ((oflags & O_DIRECTORY) && !S_ISDIR(st.st_mode)) {
                close(fd);
                err = ENOTDIR;
                break;
            }
            ret = fd;
            break;
        }
        close(fd);
        /* Opened again by name for reading; O_NOFOLLOW makes a link swapped in meanwhile
         * an error, not an escape. */
        ret = openat(top, comp, open_flags(oflags, 0) | O_NOFOLLOW);
        err = errno;
        break;
    }
    if (res && ret >= 0) {
        dd_buf_puts(res, w.resolved.data);
    }
    walk_free(&w);
    if (ret == -1)
        errno = err ? err : EIO;
    return ret;
}

int dd_rootfile_open_walk(int root, const char *path, int oflags, unsigned rf)
{
    int fd = do_walk(root, path, oflags, rf, NULL);
    return check_kind(fd, oflags);
}

int dd_rootfile_open(int root, const char *path, int oflags, unsigned rf)
{
    if (!atomic_load_explicit(&no_openat2, memory_order_relaxed)) {
        struct open_how how = {
            .flags = (unsigned long long)open_flags(oflags, rf),
            .resolve =
                ((rf & DD_RF_BENEATH) ? RESOLVE_BENEATH : RESOLVE_IN_ROOT) | RESOLVE_NO_MAGICLINKS,
        };
        int fd = (int)syscall(SYS_openat2, root, path, &how, sizeof how);
        if (fd >= 0 || (errno != ENOSYS && errno != EPERM))
            return check_kind(fd, oflags);
        /* ENOSYS: an old kernel, or a seccomp profile (Docker's default answers ENOSYS for
         * system calls it does not know). EPERM may be either a filter or a real answer;
         * the walk tells which. */
        if (errno == ENOSYS)
            atomic_store_explicit(&no_openat2, true, memory_order_relaxed);
    }
    return dd_rootfile_open_walk(root, path, oflags, rf);
}

int dd_rootfile_stat(int root, const char *path, unsigned rf, struct stat *st)
{
    _cleanup_close_ int fd = dd_rootfile_open(root, path, O_PATH, rf);
    if (fd < 0)
        return -1;
    return fstat(fd, st);
}

int dd_rootfile_read(int root, const char *path, unsigned rf, size_t max, dd_buf *out)
{
    _cleanup_close_ int fd = dd_rootfile_open(root, path, O_RDONLY, rf);
    if (fd < 0)
        return -1;
    return dd_buf_read_fd(out, fd, max);
}

ssize_t dd_rootfile_readlink(int root, const char *path, char *buf, size_t size)
{
    _cleanup_close_ int fd = dd_rootfile_open(root, path, O_PATH, DD_RF_NOFOLLOW);
    if (fd < 0)
        return -1;
    return readlinkat(fd, "", buf, size);
}

char *dd_rootfile_resolve(int root, const char *path)
{
    dd_buf res = DD_BUF_INIT;
    dd_buf_puts(&res, "");
    int fd = do_walk(root, path, O_PATH, DD_RF_IN_ROOT, &res);
    if (fd == -1) {
        int err = errno;
        /* Not a directory on the way, a permission: the path as written, like realpath
         * -m; only a link loop is an error. */
        if (err == ELOOP) {
            dd_buf_free(&res);
            errno = err;
            return NULL;
        }
        dd_buf_reset(&res);
        append_missing(&res, path);
    } else if (fd >= 0) {
        close(fd);
    }
    if (res.len == 0)
        dd_buf_puts(&res, "/");
    return dd_buf_steal(&res);
}

int dd_file_open(const char *path)
{
    int fd = open(path, open_flags(O_RDONLY, 0));
    return check_kind(fd, O_RDONLY);
}

const char *dd_file_strerror(int err)
{
    switch (err) {
    case DD_ENOTREG:
        return "not a regular file";
    case EXDEV:
        return "the path leads out of the directory";
    case EFBIG:
        return "file too large";
    default:
        return strerror(err);
    }
}

/* ---- atomic replacement ------------------------------------------------------------ */

int dd_write_all(int fd, const void *data, size_t len)
{
    const char *p = data;
    while (len) {
        ssize_t n = write(fd, p, len);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

/* Write `data` as `name` in the directory `dirfd`: a fresh temporary name created
 * O_EXCL|O_NOFOLLOW (never someone's planted link), then renameat over `name`. `like`
 * gives mode and owner when not NULL. */
static int replace_in(int dirfd, const char *name, const char *shown, const char *data, size_t len,
                      mode_t mode, const struct stat *like, dd_error *e)
{
    char tmp[NAME_MAX + 1];
    int fd = -1;
    for (int tries = 0; fd < 0 && tries < 100; tries++) {
        unsigned char rnd[4];
        if (getrandom(rnd, sizeof rnd, 0) != (ssize_t)sizeof rnd)
            return dd_error_sys(e, errno, "cannot create a temporary file next to %s", shown);
        if ((size_t)snprintf(tmp, sizeof tmp, "%.200s.drydock-%02x%02x%02x%02x", name, rnd[0],
                             rnd[1], rnd[2], rnd[3]) >= sizeof tmp)
            return dd_error_set(e, DD_ERR_RUN, 0, "%s: name too long", shown);
        fd = openat(dirfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
        if (fd < 0 && errno != EEXIST)
            return dd_error_sys(e, errno, "cannot create a temporary file next to %s", shown);
    }
    if (fd < 0)
        return dd_error_set(e, DD_ERR_RUN, EEXIST, "cannot create a temporary file next to %s",
                            shown);
    mode_t m = like ? (like->st_mode & 07777) : mode;
    int err = 0;
    const char *what = "write";
    if (dd_write_all(fd, data, len) < 0)
        err = errno;
    else if (like && (like->st_uid != geteuid() || like->st_gid != getegid()) &&
             fchown(fd, like->st_uid, like->st_gid) < 0)
        err = errno, what = "keep the owner of";
    else if (fchmod(fd, m) < 0)
        err = errno, what = "keep the mode of";
    else if (fsync(fd) < 0)
        err = errno;
    if (close(fd) < 0 && !err)
        err = errno;
    if (!err && renameat(dirfd, tmp, dirfd, name) < 0)
        err = errno, what = "replace";
    if (err) {
        unlinkat(dirfd, tmp, 0);
        return dd_error_sys(e, err, "cannot %s %s", what, shown);
    }
    return 0;
}

int dd_rootfile_replace(int root, const char *path, const char *data, size_t len, mode_t mode,
                        bool backup, dd_error *e)
{
    /* Links are resolved inside the root first, so the file replaced is the one the
     * path names there (a daemon.json that is a link into another directory of the host
     * stays a link, and the target is what changes). */
    _cleanup_free_ char *real = dd_rootfile_resolve(root, path);
    if (!real)
        return dd_error_sys(e, errno, "%s", path);
    char *slash = strrchr(real, '/');
    const char *name = slash ? slash + 1 : real;
    if (!*name || strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
        return dd_error_set(e, DD_ERR_USAGE, 0, "%s: not a file name", path);
    _cleanup_free_ char *dir = dd_xstrndup(real, (size_t)(name - real));
    _cleanup_close_ int dirfd =
        dd_rootfile_open(root, *dir ? dir : "/", O_RDONLY | O_DIRECTORY, DD_RF_IN_ROOT);
    if (dirfd < 0)
        return dd_error_sys(e, errno, "cannot write %s: directory %s", path, *dir ? dir : "/");
    struct stat old;
    bool exists = fstatat(dirfd, name, &old, AT_SYMLINK_NOFOLLOW) == 0;
    if (!exists && errno != ENOENT)
        return dd_error_sys(e, errno, "cannot write %s", path);
    if (exists && !S_ISREG(old.st_mode))
        return dd_error_set(e, DD_ERR_RUN, 0, "cannot write %s: not a regular file", path);
    if (exists && backup) {
        _cleanup_close_ int ofd =
            check_kind(openat(dirfd, name, open_flags(O_RDONLY, DD_RF_NOFOLLOW)), O_RDONLY);
        _cleanup_buf_ dd_buf b = DD_BUF_INIT;
        if (ofd < 0 || dd_buf_read_fd(&b, ofd, BACKUP_MAX) < 0)
            return dd_error_sys(e, errno, "cannot read %s to back it up", path);
        _cleanup_free_ char *bak = dd_xasprintf("%s.bak", name);
        _cleanup_free_ char *bshown = dd_xasprintf("%s.bak", path);
        if (replace_in(dirfd, bak, bshown, b.data, b.len, mode, &old, e) < 0)
            return -1;
    }
    if (replace_in(dirfd, name, path, data, len, mode, exists ? &old : NULL, e) < 0)
        return -1;
    /* The rename is durable only once the directory is. */
    if (fsync(dirfd) < 0)
        return dd_error_sys(e, errno, "cannot write %s: fsync of its directory", path);
    return 0;
}
