/* A running (or stopped) container as an image: its image's layers, read from the daemon
 * as any image, plus one layer on top holding what the container changed since it
 * started (GET /containers/{id}/changes): files added or modified, with their content, and
 * files deleted as whiteouts. So a package installed at run time shows up in the final
 * view (and is attributed to that layer), a secret dropped at run time is found, and one
 * deleted at run time is still reported from the image layer that has it.
 *
 * The changed files are read through /proc/PID/root when the daemon is on this host and
 * the container's init process is ours to see, else through the daemon's archive
 * endpoint, one request per changed file.
 *
 * Trust: the container's file system is the container's. Every path is resolved inside
 * its root (core/rootfile.h: openat2 RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS, or the
 * component-wise walk where openat2 is missing): a symlink the
 * container planted (/etc/x -> /host/secret, or /proc/self/root/...) never leads a read
 * onto the host. Files are opened O_NONBLOCK and checked to be regular before a byte is
 * read, so a FIFO cannot hang the scan. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <archive_entry.h>

#include "core/buf.h"
#include "core/cleanup.h"
#include "core/mem.h"
#include "core/rootfile.h"
#include "image/walker.h"

/* The init process of container `id` is visible here: /proc/PID/cgroup names the id. */
static int proc_root(long pid, const char *id)
{
    if (pid <= 0)
        return -1;
    char p[64];
    snprintf(p, sizeof p, "/proc/%ld/cgroup", pid);
    dd_buf b = DD_BUF_INIT;
    bool ours = dd_buf_read_file(&b, p, 1u << 20) == 0 && b.data && strstr(b.data, id);
    dd_buf_free(&b);
    if (!ours)
        return -1;
    snprintf(p, sizeof p, "/proc/%ld/root", pid);
    return open(p, O_PATH | O_DIRECTORY | O_CLOEXEC);
}

/* One changed path read through /proc/PID/root. */
static int entry_local(dd_walker *w, dd_layer *l, const char *lname, int root, const char *path,
                       dd_error *e)
{
    int pfd = dd_rootfile_open(root, path, O_PATH, DD_RF_IN_ROOT | DD_RF_NOFOLLOW);
    if (pfd < 0)
        return 0; /* gone since the daemon listed it */
    struct stat st;
    if (fstat(pfd, &st) < 0) {
        close(pfd);
        return 0;
    }
    dd_layer_entry ent = {0};
    ent.path = dd_xstrdup(path);
    ent.mode = st.st_mode & 07777;
    ent.uid = st.st_uid;
    ent.gid = st.st_gid;
    int rc;
    if (S_ISREG(st.st_mode)) {
        ent.kind = DD_ENT_FILE;
        ent.size = (uint64_t)st.st_size;
        /* A regular file still, or nothing is read (core/rootfile.h). */
        int fd = dd_rootfile_open(root, path, O_RDONLY, DD_RF_IN_ROOT | DD_RF_NOFOLLOW);
        if (fd < 0) {
            ent.size = 0;
            rc = dd_walk_entry(w, l, lname, &ent, NULL, NULL, e);
        } else {
            dd_walk_fd r = {.fd = fd, .path = path, .e = e};
            rc = dd_walk_entry(w, l, lname, &ent, dd_walk_read_fd, &r, e);
            close(fd);
        }
    } else {
        if (S_ISDIR(st.st_mode)) {
            ent.kind = DD_ENT_DIR;
        } else if (S_ISLNK(st.st_mode)) {
            char t[4097];
            ssize_t k = readlinkat(pfd, "", t, sizeof t - 1);
            t[k > 0 ? k : 0] = '\0';
            ent.kind = DD_ENT_SYMLINK;
            ent.link = dd_xstrdup(t);
        } else {
            ent.kind = DD_ENT_OTHER;
        }
        rc = dd_walk_entry(w, l, lname, &ent, NULL, NULL, e);
    }
    close(pfd);
    return rc;
}

typedef struct membuf {
    dd_buf b;
    uint64_t max;
    const char *what;
} membuf;

static int to_mem(const void *data, size_t len, void *ud, dd_error *e)
{
    membuf *m = ud;
    if (m->b.len + len > m->max)
        return dd_error_set(e, DD_ERR_INPUT, 0, "%s: more than %llu bytes (--max-layer-size)",
                            m->what, (unsigned long long)m->max);
    dd_buf_append(&m->b, data, len);
    return 0;
}

/* One changed regular file through the daemon's archive endpoint (a tar of one entry). */
static int entry_daemon(dd_walker *w, dd_layer *l, const char *lname, dd_engine *eng,
                        const char *id, const char *path, dd_error *e)
{
    _cleanup_free_ char *abs = dd_xasprintf("/%s", path);
    _cleanup_free_ char *q = dd_engine_escape(abs);
    _cleanup_free_ char *url = dd_xasprintf("/containers/%s/archive?path=%s", id, q);
    membuf m = {DD_BUF_INIT, w->sh->max_layer, path};
    dd_error se = {0};
    if (dd_engine_stream(eng, url, to_mem, &m, &se) < 0) {
        dd_buf_free(&m.b);
        if (se.kind == DD_ERR_INPUT) {
            *e = se;
            return -1;
        }
        return 0; /* gone since the daemon listed it */
    }
    struct archive *a = dd_walk_archive_new();
    int rc = 0;
    struct archive_entry *ae;
    if (archive_read_open_memory(a, m.b.data ? m.b.data : "", m.b.len) == ARCHIVE_OK &&
        archive_read_next_header(a, &ae) == ARCHIVE_OK) {
        dd_layer_entry ent = {0};
        ent.path = dd_xstrdup(path);
        ent.mode = (uint32_t)archive_entry_perm(ae) |
                   ((uint32_t)archive_entry_mode(ae) & (S_ISUID | S_ISGID | S_ISVTX));
        ent.uid = (uint32_t)archive_entry_uid(ae);
        ent.gid = (uint32_t)archive_entry_gid(ae);
        switch (archive_entry_filetype(ae)) {
        case AE_IFREG:
            ent.kind = DD_ENT_FILE;
            ent.size = archive_entry_size(ae) > 0 ? (uint64_t)archive_entry_size(ae) : 0;
            break;
        case AE_IFDIR:
            ent.kind = DD_ENT_DIR;
            break;
        case AE_IFLNK:
            ent.kind = DD_ENT_SYMLINK;
            ent.link = dd_xstrdup(archive_entry_symlink(ae) ? archive_entry_symlink(ae) : "");
            break;
        default:
            ent.kind = DD_ENT_OTHER;
        }
        dd_walk_ar r = {.a = a, .e = e};
        rc = dd_walk_entry(w, l, lname, &ent, ent.kind == DD_ENT_FILE ? dd_walk_read_archive : NULL,
                           &r, e);
    }
    archive_read_free(a);
    dd_buf_free(&m.b);
    return rc;
}

static int cmp_change(const void *a, const void *b)
{
    const char *x = json_string_value(json_object_get(*(json_t *const *)a, "Path"));
    const char *y = json_string_value(json_object_get(*(json_t *const *)b, "Path"));
    return strcmp(x ? x : "", y ? y : "");
}

int dd_source_container(dd_image *img, const char *name, bool changes_only, dd_walk_shared *sh,
                        dd_error *e)
{
    dd_engine_config def = {.tls_verify = -1};
    const dd_engine_config *cfg = sh->o->engine ? sh->o->engine : &def;
    dd_engine *eng = NULL;
    if (dd_engine_open(&eng, cfg, e) < 0)
        return -1;
    int rc = -1, root = -1;
    json_t *insp = NULL, *changes = NULL;
    json_t **sorted = NULL;
    _cleanup_free_ char *esc = dd_engine_escape(name);
    _cleanup_free_ char *ipath = dd_xasprintf("/containers/%s/json", esc);
    _cleanup_free_ char *cpath = NULL;
    long status = 0;
    if (dd_engine_connect(eng, e) < 0)
        goto out;
    if (dd_engine_get_json(eng, ipath, &insp, &status, e) < 0) {
        if (status == 404) /* ENOENT: --running skips a container removed meanwhile */
            dd_error_set(e, DD_ERR_RUN, ENOENT, "no such container: %s", name);
        goto out;
    }
    const char *id = json_string_value(json_object_get(insp, "Id"));
    const char *image = json_string_value(json_object_get(insp, "Image"));
    json_t *state = json_object_get(insp, "State");
    long pid = (long)json_integer_value(json_object_get(state, "Pid"));
    if (!id || strlen(id) != 64 || strspn(id, "0123456789abcdef") != 64 || !image ||
        !dd_image_digest_ok(image)) {
        dd_error_set(e, DD_ERR_INPUT, 0, "container %s: the daemon gave no valid Id or Image",
                     name);
        goto out;
    }
    if (!changes_only) {
        if (dd_source_daemon(img, image, sh, e) < 0)
            goto out;
    } else {
        img->id = dd_xstrdup(image);
        img->tags = json_array();
    }
    cpath = dd_xasprintf("/containers/%s/changes", id);
    if (dd_engine_get_json(eng, cpath, &changes, &status, e) < 0) {
        if (status == 404)
            dd_error_set(e, DD_ERR_RUN, ENOENT, "no such container: %s", name);
        goto out;
    }
    size_t n = json_is_array(changes) ? json_array_size(changes) : 0;
    sorted = dd_xcalloc(n ? n : 1, sizeof *sorted);
    for (size_t i = 0; i < n; i++)
        sorted[i] = json_array_get(changes, i);
    if (n > 1)
        qsort(sorted, n, sizeof *sorted, cmp_change);

    img->layers = dd_xrealloc(img->layers, (img->nlayers + 1) * sizeof *img->layers);
    dd_layer *l = &img->layers[img->nlayers++];
    memset(l, 0, sizeof *l);
    l->name = dd_xasprintf("container:%.12s", id);
    l->digest = dd_xasprintf("container:%.12s (changes since start)", id);
    root = proc_root(pid, id);
    dd_walker w;
    if (dd_walker_init(&w, sh, e) < 0)
        goto out;
    rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        const char *p = json_string_value(json_object_get(sorted[i], "Path"));
        json_int_t kind = json_integer_value(json_object_get(sorted[i], "Kind"));
        bool empty = false;
        if (!p)
            continue;
        dd_error pe = {0};
        _cleanup_free_ char *clean = dd_image_clean_path(p[0] == '/' ? p + 1 : p, &empty, &pe);
        if (!clean || empty)
            continue;
        if (kind == 2) { /* deleted */
            dd_layer_entry ent = {0};
            ent.kind = DD_ENT_WHITEOUT;
            ent.path = steal_pointer(&clean);
            rc = dd_walk_entry(&w, l, l->digest, &ent, NULL, NULL, e);
        } else if (root >= 0) {
            rc = entry_local(&w, l, l->digest, root, clean, e);
        } else {
            rc = entry_daemon(&w, l, l->digest, eng, id, clean, e);
        }
    }
    dd_walker_destroy(&w);
    for (size_t i = 0; i < l->n; i++)
        l->size += l->ent[i].size;
    /* The image's view was built by its source; it is built again with the container's
     * layer on top. Files of that layer were read at their real paths, so none needs a
     * second read. */
    if (rc == 0) {
        dd_image_view_drop(img);
        rc = dd_image_assemble(img, e);
    }
    if (rc < 0)
        dd_error_prefix(e, "container %s", name);
out:
    if (root >= 0)
        close(root);
    free(sorted);
    if (insp)
        json_decref(insp);
    if (changes)
        json_decref(changes);
    dd_engine_free(eng);
    return rc;
}
