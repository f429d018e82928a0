/* Packages of a plain directory tree: the same readers as for image layers, fed from
 * the file system. Symlinks are never followed (a tree from an image may point them
 * anywhere on the host), and each file is opened relative to its directory, never
 * blocking on a FIFO (core/rootfile.h). */
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
#include "core/rootfile.h"
#include "pkg/internal.h"
#include "pkg/readers.h"

#define ROOTFS_MAX_DEPTH 128

static long fd_read(void *ud, void *buf, size_t n)
{
    for (;;) {
        ssize_t r = read(*(int *)ud, buf, n);
        if (r >= 0 || errno != EINTR)
            return (long)r;
    }
}

static void walk(int dfd, dd_buf *rel, int depth, dd_package_list *out, dd_buf *content)
{
    if (depth > ROOTFS_MAX_DEPTH) {
        dd_notes_add(&out->notes, NULL, "%s: directories nested deeper than %d not read", rel->data,
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
            _cleanup_close_ int sub =
                openat(dfd, de->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
            if (sub >= 0)
                walk(sub, rel, depth + 1, out, content);
            continue;
        }
        int kind = dd_pkg_want(rel->data, st.st_mode, (uint64_t)st.st_size);
        if (!kind)
            continue;
        /* Opened only as the regular file it was listed as, never blocking (a FIFO
         * swapped in), never through a link (core/rootfile.h). */
        _cleanup_close_ int fd =
            dd_rootfile_open(dfd, de->d_name, O_RDONLY, DD_RF_BENEATH | DD_RF_NOFOLLOW);
        dd_error e = {0};
        if (fd >= 0 && (uint64_t)st.st_size > DD_PKG_MAX_FILE) {
            /* Too big to hold: read by ranges, as the image walker does. */
            if (dd_pkg_parse_stream(kind, rel->data, (uint64_t)st.st_size, NULL, 0, fd_read, &fd,
                                    NULL, out, &e) < 0)
                dd_notes_add(&out->notes, NULL, "%s", e.msg);
            continue;
        }
        dd_buf_reset(content);
        if (fd < 0 || dd_buf_read_fd(content, fd, DD_PKG_MAX_FILE) < 0) {
            dd_notes_add(&out->notes, NULL, "%s: cannot read: %s", rel->data,
                         dd_file_strerror(errno));
            continue;
        }
        if (dd_pkg_parse(kind, rel->data, content->data, content->len, NULL, out, &e) < 0)
            dd_notes_add(&out->notes, NULL, "%s", e.msg);
    }
    rel->len = base_len;
    if (rel->data)
        rel->data[base_len] = '\0';
}

/* Debian's doc directories are often symlinks to another package's. They are resolved
 * as if the tree were "/" (core/rootfile.h), so a link to /etc/shadow reads
 * root/etc/shadow, not the host's. */
typedef struct copyright_ud {
    int root;
    dd_buf *content;
} copyright_ud;

static char *copyright_license(void *ud, const char *path)
{
    copyright_ud *c = ud;
    dd_buf_reset(c->content);
    if (dd_rootfile_read(c->root, path, DD_RF_IN_ROOT, DD_PKG_COPYRIGHT_MAX, c->content) < 0)
        return NULL;
    return dd_pkg_dpkg_copyright_license(c->content->data, c->content->len);
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
    dd_pkg_dpkg_licenses(out, copyright_license, &(copyright_ud){dfd, &content});
    dd_package_list_set_purls(out);
    return 0;
}
