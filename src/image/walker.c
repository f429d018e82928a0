/* The layer walker: one pass over a layer tar, keeping metadata and what the consumers
 * (package readers, secret scanner, configuration checks) need from file contents.
 * Nothing is ever written to disk; a file's bytes live in one per-thread buffer only
 * while they are looked at. */
#include "image/walker.h"

#include <archive_entry.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/cleanup.h"
#include "core/mem.h"
#include "pkg/readers.h"

/* Path components a layer entry may have (see dd_image_clean_path). */
#define DD_IMAGE_MAX_DEPTH 4096u

/* Files the configuration checks read whole, when small. */
static const char *const small_files[] = {
    "etc/os-release", "usr/lib/os-release", "etc/passwd", "etc/shadow", "etc/group",
};

static bool is_small_file(const char *path)
{
    for (size_t i = 0; i < DD_ARRAY_SIZE(small_files); i++)
        if (strcmp(path, small_files[i]) == 0)
            return true;
    return false;
}

void dd_layer_warn(dd_layer *l, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = NULL;
    if (vasprintf(&s, fmt, ap) < 0)
        s = NULL;
    va_end(ap);
    if (!s)
        return;
    l->warnings = dd_xgrow(l->warnings, &l->capwarn, l->nwarn + 1, sizeof *l->warnings);
    l->warnings[l->nwarn++] = s;
}

void dd_image_warn(dd_image *img, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = NULL;
    if (vasprintf(&s, fmt, ap) < 0)
        s = NULL;
    va_end(ap);
    if (!s)
        return;
    img->warnings = dd_xgrow(img->warnings, &img->capwarn, img->nwarn + 1, sizeof *img->warnings);
    img->warnings[img->nwarn++] = s;
}

char *dd_image_clean_path(const char *name, bool *empty, dd_error *e)
{
    *empty = false;
    if (name[0] == '/')
        return dd_error_set(e, DD_ERR_INPUT, 0, "absolute path '%s' in a layer", name),
               NULL;
    size_t n = strlen(name);
    char *out = dd_xmalloc(n + 1);
    size_t o = 0, depth = 0;
    const char *p = name;
    while (*p) {
        const char *s = strchr(p, '/');
        size_t len = s ? (size_t)(s - p) : strlen(p);
        if (len == 0 || (len == 1 && p[0] == '.')) {
            /* "//" and "/./" mean nothing */
        } else if (len == 2 && p[0] == '.' && p[1] == '.') {
            if (o == 0) {
                free(out);
                return dd_error_set(e, DD_ERR_INPUT, 0,
                                    "path '%s' climbs out of the image root with '..'", name),
                       NULL;
            }
            while (o > 0 && out[o - 1] != '/')
                o--;
            if (o > 0)
                o--; /* the '/' before the dropped component */
            depth--;
        } else {
            /* The view is a tree walked and freed recursively: a pax path of a million
             * components would overflow the stack. No real file system nests this deep. */
            if (++depth > DD_IMAGE_MAX_DEPTH) {
                free(out);
                return dd_error_set(e, DD_ERR_INPUT, 0,
                                    "path '%.64s...' is nested more than %u directories deep",
                                    name, DD_IMAGE_MAX_DEPTH),
                       NULL;
            }
            if (o > 0)
                out[o++] = '/';
            memcpy(out + o, p, len);
            o += len;
        }
        p += len;
        if (*p == '/')
            p++;
    }
    out[o] = '\0';
    if (o == 0)
        *empty = true;
    return out;
}

void dd_walk_shared_init(dd_walk_shared *sh, const char *ref, const dd_image_opts *o)
{
    memset(sh, 0, sizeof *sh);
    sh->ref = ref;
    sh->o = o;
    sh->max_layer = o->max_layer_size ? o->max_layer_size : DD_IMAGE_DEFAULT_MAX_LAYER;
    atomic_init(&sh->stop, 0);
    atomic_init(&sh->entries, 0);
    atomic_init(&sh->done, 0);
    pthread_mutex_init(&sh->progress_lock, NULL);
}

void dd_walk_shared_destroy(dd_walk_shared *sh)
{
    if (sh->scanner && sh->own_scanner)
        dd_secret_scanner_free(sh->scanner);
    sh->scanner = NULL;
    pthread_mutex_destroy(&sh->progress_lock);
}

void dd_walk_progress(dd_walk_shared *sh, uint64_t n)
{
    if (!sh->o->progress || n == 0)
        return;
    uint64_t before = atomic_fetch_add(&sh->done, n);
    uint64_t after = before + n;
    /* Report every 8 MiB crossed; whoever crosses it reports, others do not wait. */
    if ((before >> 23) == (after >> 23))
        return;
    if (pthread_mutex_trylock(&sh->progress_lock) != 0)
        return;
    sh->o->progress(after, sh->total, sh->o->progress_ud);
    pthread_mutex_unlock(&sh->progress_lock);
}

int dd_walker_init(dd_walker *w, dd_walk_shared *sh, dd_error *e)
{
    memset(w, 0, sizeof *w);
    w->sh = sh;
    if (sh->scanner) {
        w->scratch = dd_secret_scratch_new(sh->scanner);
        if (!w->scratch)
            return dd_error_set(e, DD_ERR_RUN, 0, "cannot allocate secret-scanner scratch space");
    }
    return 0;
}

void dd_walker_destroy(dd_walker *w)
{
    if (w->scratch)
        dd_secret_scratch_free(w->scratch);
    free(w->buf);
    memset(w, 0, sizeof *w);
}

struct archive *dd_walk_archive_new(void)
{
    struct archive *a = archive_read_new();
    if (!a)
        abort();
    archive_read_support_filter_all(a);
    archive_read_support_format_tar(a);
    archive_read_support_format_gnutar(a);
    return a;
}

typedef struct sec_ctx {
    dd_layer *l;
    size_t entry;
} sec_ctx;

static int on_secret(const dd_secret_match *m, void *ud)
{
    sec_ctx *c = ud;
    dd_layer *l = c->l;
    /* A file stuffed with thousands of keys is reported, but not without bound. */
    if (l->nsec >= 100000)
        return -1;
    l->sec = dd_xgrow(l->sec, &l->capsec, l->nsec + 1, sizeof *l->sec);
    dd_layer_secret *s = &l->sec[l->nsec++];
    s->entry = c->entry;
    s->rule = m->rule;
    s->line = m->line;
    s->column = m->column;
    s->masked = dd_xstrdup(m->masked ? m->masked : "****");
    return 0;
}

static void ensure_buf(dd_walker *w, size_t need)
{
    if (w->cap >= need)
        return;
    size_t cap = w->cap ? w->cap : 65536;
    while (cap < need)
        cap *= 2;
    /* realloc: the head already read must survive the growth. */
    w->buf = dd_xrealloc(w->buf, cap);
    w->cap = cap;
}

/* Read up to `want` bytes; returns the number read or -1 (error already set). */
static long read_upto(dd_walker *w, size_t have, size_t want, dd_walk_read_fn rd, void *ud)
{
    ensure_buf(w, want + 1);
    size_t got = have;
    while (got < want) {
        long r = rd(ud, w->buf + got, want - got);
        if (r < 0)
            return -1;
        if (r == 0)
            break;
        got += (size_t)r;
    }
    return (long)got;
}

/* A read function that remembers a failure, so a stream broken while a package reader
 * pulled from it is the walker's error, not the reader's. */
typedef struct counted_read {
    dd_walk_read_fn rd;
    void *ud;
    bool failed;
} counted_read;

static long counted_read_fn(void *ud, void *buf, size_t n)
{
    counted_read *c = ud;
    long r = c->rd(c->ud, buf, n);
    if (r < 0)
        c->failed = true;
    return r;
}

int dd_walk_entry(dd_walker *w, dd_layer *l, const char *lname, dd_layer_entry *ent,
                  dd_walk_read_fn rd, void *rd_ud, dd_error *e)
{
    dd_walk_shared *sh = w->sh;
    if (atomic_fetch_add(&sh->entries, 1) >= DD_IMAGE_MAX_ENTRIES) {
        free(ent->path);
        free(ent->link);
        return dd_error_set(e, DD_ERR_INPUT, 0,
                            "image %s: layer %s: more than %u files: refusing to go on", sh->ref,
                            lname, DD_IMAGE_MAX_ENTRIES);
    }
    l->ent = dd_xgrow(l->ent, &l->cap, l->n + 1, sizeof *l->ent);
    size_t idx = l->n++;
    l->ent[idx] = *ent;
    ent = &l->ent[idx];
    ent->gone_layer = -1;
    if (ent->kind != DD_ENT_FILE || ent->size == 0)
        return 0;

    unsigned flags = sh->o->flags;
    int kind = 0;
    if (flags & DD_IMG_SCAN_PACKAGES)
        kind = dd_pkg_want(ent->path, ent->mode | S_IFREG, ent->size);
    /* os-release is read from the final view instead (it is often a symlink). */
    if (kind == DD_PKGF_OS_RELEASE)
        kind = 0;
    bool small = is_small_file(ent->path) && ent->size <= DD_IMAGE_MAX_SMALL;
    bool sec = sh->scanner != NULL;
    if (!kind && !small && !sec)
        return 0;

    /* Look at the head first: most files are binaries nobody needs past it. */
    size_t head = ent->size < 8192 ? (size_t)ent->size : 8192;
    long got = read_upto(w, 0, head, rd, rd_ud);
    if (got < 0)
        goto read_error;
    if (sec && !(flags & DD_IMG_SCAN_BINARIES) && dd_secret_is_binary(w->buf, (size_t)got))
        sec = false;
    if (kind == DD_PKGF_EXEC && !dd_pkg_exec_may_hold_packages(w->buf, (size_t)got))
        kind = 0;
    if (!kind && !small && !sec)
        return 0;
    /* A package file too big to hold is read by ranges as it streams by (below). */
    bool big = kind && ent->size > DD_PKG_MAX_FILE;
    uint64_t want = 0;
    if ((kind && !big) || small)
        want = ent->size;
    if (sec && want < ent->size)
        want = ent->size < DD_SECRET_MAX_FILE ? ent->size : DD_SECRET_MAX_FILE;
    if ((uint64_t)got < want) {
        got = read_upto(w, (size_t)got, (size_t)want, rd, rd_ud);
        if (got < 0)
            goto read_error;
    }
    size_t len = (size_t)got;
    w->buf[len] = '\0';
    if (sec) {
        sec_ctx c = {l, idx};
        dd_error se = {0};
        size_t slen = len < DD_SECRET_MAX_FILE ? len : DD_SECRET_MAX_FILE;
        int sr = (flags & DD_IMG_SCAN_BINARIES)
                     ? dd_secret_scan_binary(sh->scanner, w->scratch, ent->path, w->buf, slen,
                                             on_secret, &c, &se)
                     : dd_secret_scan(sh->scanner, w->scratch, ent->path, w->buf, slen,
                                      on_secret, &c, &se);
        if (sr < 0 && se.msg[0])
            dd_layer_warn(l, "%s: secret scan: %s", ent->path, se.msg);
    }
    if (kind) {
        l->pkgs = dd_xgrow(l->pkgs, &l->cappkgs, l->npkgs + 1, sizeof *l->pkgs);
        dd_layer_pkgs *g = &l->pkgs[l->npkgs];
        memset(g, 0, sizeof *g);
        g->entry = idx;
        dd_error pe = {0};
        counted_read cr = {rd, rd_ud, false};
        int pr = big ? dd_pkg_parse_stream(kind, ent->path, ent->size, w->buf, len,
                                           rd ? counted_read_fn : NULL, &cr, lname, &g->list, &pe)
                     : dd_pkg_parse(kind, ent->path, w->buf, len, lname, &g->list, &pe);
        if (cr.failed) {
            dd_package_list_free(&g->list);
            goto read_error;
        }
        if (pr < 0) {
            dd_layer_warn(l, "layer %s: %s: %s", lname, ent->path,
                          pe.msg[0] ? pe.msg : "cannot parse");
            dd_package_list_free(&g->list);
        } else if (g->list.n > 0 || g->list.n_notes > 0) {
            l->npkgs++;
        } else {
            dd_package_list_free(&g->list);
        }
    }
    if (small) {
        ent->data = dd_xmalloc(len + 1);
        memcpy(ent->data, w->buf, len + 1);
        ent->data_len = len;
    }
    /* One big file should not pin a big buffer for the rest of the image. */
    if (w->cap > (16u << 20)) {
        free(w->buf);
        w->buf = NULL;
        w->cap = 0;
    }
    return 0;
read_error:
    return dd_error_prefix(e, "image %s: layer %s: %s", sh->ref, lname, ent->path);
}

typedef struct ar_read {
    struct archive *a;
    dd_error *e;
} ar_read;

static long ar_read_fn(void *ud, void *buf, size_t n)
{
    ar_read *r = ud;
    la_ssize_t got = archive_read_data(r->a, buf, n);
    if (got < 0) {
        dd_error_set(r->e, DD_ERR_INPUT, 0, "%s", archive_error_string(r->a));
        return -1;
    }
    return (long)got;
}

static uint8_t entry_kind(struct archive_entry *ae)
{
    if (archive_entry_hardlink(ae))
        return DD_ENT_HARDLINK;
    switch (archive_entry_filetype(ae)) {
    case AE_IFREG:
        return DD_ENT_FILE;
    case AE_IFDIR:
        return DD_ENT_DIR;
    case AE_IFLNK:
        return DD_ENT_SYMLINK;
    default:
        return DD_ENT_OTHER;
    }
}

int dd_walk_archive(dd_walker *w, struct archive *a, dd_layer *l, const char *lname, dd_error *e)
{
    dd_walk_shared *sh = w->sh;
    struct archive_entry *ae;
    for (;;) {
        if (atomic_load(&sh->stop))
            return dd_error_set(e, DD_ERR_RUN, 0, "stopped");
        int r = archive_read_next_header(a, &ae);
        if (r == ARCHIVE_EOF)
            break;
        if (r < ARCHIVE_WARN) {
            const char *msg = archive_error_string(a);
            if (l->n == 0 && r == ARCHIVE_FATAL && msg &&
                strstr(msg, "Unrecognized archive format"))
                return dd_error_set(e, DD_ERR_INPUT, 0,
                                    "image %s: layer %s: not a tar archive (gzip, zstd or plain)",
                                    sh->ref, lname);
            return dd_error_set(e, DD_ERR_INPUT, 0,
                                "image %s: layer %s: corrupt or truncated after %zu entries: %s",
                                sh->ref, lname, l->n, msg ? msg : "read error");
        }
        int64_t pos = archive_filter_bytes(a, 0);
        const char *name = archive_entry_pathname(ae);
        if (!name)
            return dd_error_set(e, DD_ERR_INPUT, 0, "image %s: layer %s: entry without a name",
                                sh->ref, lname);
        int64_t sz = archive_entry_size(ae);
        if (sz < 0)
            sz = 0;
        /* Bound what we will decompress: the header says how much is coming. */
        if ((uint64_t)pos + (uint64_t)sz > sh->max_layer)
            return dd_error_set(e, DD_ERR_INPUT, 0,
                                "image %s: layer %s: %s: layer larger than %llu bytes "
                                "uncompressed (--max-layer-size); a decompression bomb?",
                                sh->ref, lname, name, (unsigned long long)sh->max_layer);
        bool empty = false;
        _cleanup_free_ char *path = dd_image_clean_path(name, &empty, e);
        if (!path)
            return dd_error_prefix(e, "image %s: layer %s", sh->ref, lname);
        if (empty)
            continue;
        dd_layer_entry ent = {0};
        ent.kind = entry_kind(ae);
        ent.mode = (uint32_t)archive_entry_perm(ae) |
                   ((uint32_t)archive_entry_mode(ae) & (S_ISUID | S_ISGID | S_ISVTX));
        ent.uid = (uint32_t)archive_entry_uid(ae);
        ent.gid = (uint32_t)archive_entry_gid(ae);
        ent.size = ent.kind == DD_ENT_FILE ? (uint64_t)sz : 0;
        const char *base = strrchr(path, '/');
        base = base ? base + 1 : path;
        if (strncmp(base, ".wh.", 4) == 0) {
            size_t dirlen = (size_t)(base - path);
            if (strcmp(base, ".wh..wh..opq") == 0) {
                ent.kind = DD_ENT_OPAQUE;
                ent.path = dd_xstrndup(path, dirlen ? dirlen - 1 : 0);
            } else if (strncmp(base, ".wh..wh.", 8) == 0) {
                continue; /* aufs bookkeeping (.wh..wh.plnk), not a whiteout */
            } else if (base[4] == '\0') {
                return dd_error_set(e, DD_ERR_INPUT, 0,
                                    "image %s: layer %s: whiteout '%s' names nothing", sh->ref,
                                    lname, name);
            } else {
                ent.kind = DD_ENT_WHITEOUT;
                ent.path = dd_xasprintf("%.*s%s", (int)dirlen, path, base + 4);
            }
            ent.size = 0;
            if (dd_walk_entry(w, l, lname, &ent, NULL, NULL, e) < 0)
                return -1;
            continue;
        }
        if (ent.kind == DD_ENT_SYMLINK) {
            const char *t = archive_entry_symlink(ae);
            ent.link = dd_xstrdup(t ? t : "");
        } else if (ent.kind == DD_ENT_HARDLINK) {
            bool hempty = false;
            char *t = dd_image_clean_path(archive_entry_hardlink(ae), &hempty, e);
            if (!t)
                return dd_error_prefix(e, "image %s: layer %s: hard link %s", sh->ref, lname,
                                       path);
            if (hempty) {
                free(t);
                return dd_error_set(e, DD_ERR_INPUT, 0,
                                    "image %s: layer %s: hard link %s points at the root",
                                    sh->ref, lname, path);
            }
            ent.link = t;
        }
        ent.path = steal_pointer(&path);
        ar_read rr = {a, e};
        if (dd_walk_entry(w, l, lname, &ent, ar_read_fn, &rr, e) < 0) {
            if (strncmp(e->msg, "image ", 6) != 0)
                dd_error_prefix(e, "image %s: layer %s: %s", sh->ref, lname, ent.path);
            return -1;
        }
    }
    int64_t pos = archive_filter_bytes(a, 0);
    l->size = pos > 0 ? (uint64_t)pos : 0;
    return 0;
}

/* ---- reading a layer from memory (tests, fuzzing) ---- */

int dd_image_read_layer_mem(const void *data, size_t len, dd_layer *l, const dd_image_opts *o,
                            dd_error *e)
{
    dd_walk_shared sh;
    dd_walk_shared_init(&sh, "(memory)", o);
    int rc = -1;
    if (o->flags & DD_IMG_SCAN_SECRETS) {
        sh.scanner = o->scanner;
        if (!sh.scanner) {
            if (dd_secret_scanner_new(&sh.scanner, e) < 0)
                goto out;
            sh.own_scanner = true;
        }
    }
    dd_walker w;
    if (dd_walker_init(&w, &sh, e) < 0)
        goto out;
    struct archive *a = dd_walk_archive_new();
    if (archive_read_open_memory(a, data, len) != ARCHIVE_OK) {
        dd_error_set(e, DD_ERR_INPUT, 0, "layer: %s",
                     archive_error_string(a) ? archive_error_string(a) : "unreadable");
    } else {
        if (!l->name)
            l->name = dd_xstrdup("layer");
        rc = dd_walk_archive(&w, a, l, l->name, e);
    }
    archive_read_free(a);
    dd_walker_destroy(&w);
out:
    dd_walk_shared_destroy(&sh);
    return rc;
}

void dd_layer_free(dd_layer *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->ent[i].path);
        free(l->ent[i].link);
        free(l->ent[i].data);
    }
    free(l->ent);
    for (size_t i = 0; i < l->nsec; i++)
        free(l->sec[i].masked);
    free(l->sec);
    for (size_t i = 0; i < l->npkgs; i++)
        dd_package_list_free(&l->pkgs[i].list);
    free(l->pkgs);
    for (size_t i = 0; i < l->nwarn; i++)
        free(l->warnings[i]);
    free(l->warnings);
    free(l->name);
    free(l->digest);
    free(l->media_type);
    memset(l, 0, sizeof *l);
}
