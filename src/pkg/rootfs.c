/* Packages of a plain directory tree: the same readers as for image layers, fed from
 * the file system. Symlinks are never followed (a tree from an image may point them
 * anywhere on the host), and each file is opened relative to its directory. */
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
#include "pkg/internal.h"
#include "pkg/readers.h"

#define ROOTFS_MAX_DEPTH 128

static int read_fd(int fd, size_t max, dd_buf *b)
{
    dd_buf_reset(b);
    char chunk[65536];
    for (;;) {
        ssize_t r = read(fd, chunk, sizeof chunk);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        if (r == 0)
            return 0;
        if (b->len + (size_t)r > max) {
            errno = EFBIG;
            return -1;
        }
        dd_buf_append(b, chunk, (size_t)r);
    }
}

static void walk(int dfd, dd_buf *rel, int depth, dd_package_list *out, dd_buf *content)
{
    if (depth > ROOTFS_MAX_DEPTH) {
        dd_package_list_note(out, "%s: directories nested deeper than %d not read", rel->data,
                             ROOTFS_MAX_DEPTH);
        return;
    }
    int dup = fcntl(dfd, F_DUPFD_CLOEXEC, 0);
    if (dup < 0)
        return;
    _cleanup_closedir_ DIR *d = fdopendir(dup);
    if (!d) {
        close(dup);
        return;
    }
    size_t base_len = rel->len;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
            continue;
        rel->len = base_len;
        rel->data[base_len] = '\0';
        if (base_len)
            dd_buf_putc(rel, '/');
        dd_buf_puts(rel, de->d_name);
        struct stat st;
        if (fstatat(dfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0)
            continue;
        if (S_ISDIR(st.st_mode)) {
            _cleanup_close_ int sub = openat(dfd, de->d_name,
                                             O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
            if (sub >= 0)
                walk(sub, rel, depth + 1, out, content);
            continue;
        }
        int kind = dd_pkg_want(rel->data, st.st_mode, (uint64_t)st.st_size);
        if (!kind)
            continue;
        _cleanup_close_ int fd = openat(dfd, de->d_name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0 || read_fd(fd, DD_PKG_MAX_FILE, content) < 0) {
            dd_package_list_note(out, "%s: cannot read: %s", rel->data, strerror(errno));
            continue;
        }
        dd_error e = {0};
        if (dd_pkg_parse(kind, rel->data, content->data, content->len, NULL, out, &e) < 0)
            dd_package_list_note(out, "%s", e.msg);
    }
    rel->len = base_len;
    if (rel->data)
        rel->data[base_len] = '\0';
}

int dd_pkg_scan_rootfs(const char *dir, dd_package_list *out, dd_error *e)
{
    _cleanup_close_ int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd < 0)
        return dd_error_sys(e, errno, "%s", dir);
    _cleanup_buf_ dd_buf rel = DD_BUF_INIT;
    _cleanup_buf_ dd_buf content = DD_BUF_INIT;
    dd_buf_puts(&rel, "");
    walk(dfd, &rel, 0, out, &content);
    dd_package_list_set_purls(out);
    return 0;
}
