/* The layer walker: one pass over a layer tar, keeping metadata and what the consumers
 * (package readers, secret scanner, configuration checks) need from file contents.
 * Nothing is ever written to disk; a file's bytes live in one per-thread buffer only
 * while they are looked at. */
#include "image/walker.h"
#include "repo/gitignore.h"

#include <archive_entry.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/cleanup.h"
#include "core/mem.h"
#include "core/path.h"
#include "pkg/readers.h"

/* Files the configuration checks read whole, when small. */
const char *const dd_walk_small_files[] = {
    "etc/os-release", "usr/lib/os-release", "etc/passwd", "etc/shadow", "etc/group", NULL,
};

static bool is_small_file(const char *path)
{
    for (size_t i = 0; dd_walk_small_files[i]; i++)
        if (strcmp(path, dd_walk_small_files[i]) == 0)
            return true;
    return false;
}

char *dd_image_clean_path(const char *name, bool *empty, dd_error *e)
{
    *empty = false;
    if (name[0] == '/')
        return dd_error_set(e, DD_ERR_INPUT, 0, "absolute path '%s' in a layer", name), NULL;
    char *out = dd_xmalloc(strlen(name) + 1);
    /* The view is a tree walked and freed recursively: a pax path of a million components
     * would overflow the stack. No real file system nests this deep. */
    int rc = dd_path_normalise(name, out, false, DD_IMAGE_MAX_DEPTH);
    if (rc < 0) {
        free(out);
        if (rc == -1)
            return dd_error_set(e, DD_ERR_INPUT, 0,
                                "path '%s' climbs out of the image root with '..'", name),
                   NULL;
        return dd_error_set(e, DD_ERR_INPUT, 0,
                            "path '%.64s...' is nested more than %u directories deep", name,
                            DD_IMAGE_MAX_DEPTH),
               NULL;
    }
    *empty = out[0] == '\0';
    return out;
}

void dd_walk_shared_init(dd_walk_shared *sh, const char *ref, const dd_image_opts *o)
{
    memset(sh, 0, sizeof *sh);
    sh->ref = ref;
    sh->o = o;
    sh->max_layer = o->max_layer_size ? o->max_layer_size : DD_IMAGE_DEFAULT_MAX_LAYER;
    sh->max_image = o->max_image_size ? o->max_image_size : DD_IMAGE_DEFAULT_MAX_IMAGE;
    atomic_init(&sh->image_bytes, 0);
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

int dd_walk_count_bytes(dd_walk_shared *sh, uint64_t n, dd_error *e, const char *fmt, ...)
{
    uint64_t total = atomic_fetch_add(&sh->image_bytes, n) + n;
    if (total <= sh->max_image)
        return 0;
    char what[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    return dd_error_set(e, DD_ERR_INPUT, 0,
                        "image %s: %s: more than %llu bytes decompressed for the image "
                        "(--max-image-size); a decompression bomb?",
                        sh->ref, what, (unsigned long long)sh->max_image);
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

/* ---- what the consumers want of a file ---- */

static int pkg_kind(const dd_walk_shared *sh, const char *path, uint32_t mode, uint64_t size)
{
    if (!(sh->o->flags & DD_IMG_SCAN_PACKAGES))
        return 0;
    /* Asked with a size the readers take, so that a file too large is still recognised
     * (and reported as not read, below). */
    int kind = dd_pkg_want(path, mode | S_IFREG, size <= DD_PKG_MAX_FILE ? size : DD_PKG_MAX_FILE);
    /* os-release is read from the final view instead (it is often a symlink). */
    return kind == DD_PKGF_OS_RELEASE ? 0 : kind;
}

/* A dpkg package's copyright file: its licence is kept (dd_image_packages). */
static bool is_copyright(const dd_walk_shared *sh, const char *path)
{
    return (sh->o->flags & DD_IMG_SCAN_PACKAGES) && dd_pkg_is_dpkg_copyright(path);
}

bool dd_walk_path_matters(const dd_walk_shared *sh, const char *a, const char *b)
{
    /* Executables (Go binaries) are recognised by mode and contents, not by path. */
    return pkg_kind(sh, a, 0644, 1) != pkg_kind(sh, b, 0644, 1) ||
           is_copyright(sh, a) != is_copyright(sh, b) || is_small_file(a) != is_small_file(b) ||
           (sh->scanner && !dd_secret_same_path_rules(sh->scanner, a, b));
}

/* ---- secrets, one group per rule and file ---- */

typedef struct sec_ctx {
    dd_layer *l;
    const char *lname;
    size_t entry;
    size_t first; /* this file's first group in l->sec */
} sec_ctx;

static void group_init(dd_layer_secret *g, const dd_secret_match *m, size_t entry)
{
    memset(g, 0, sizeof *g);
    g->entry = entry;
    g->rule = m->rule;
    g->line = m->line;
    g->column = m->column;
    g->masked = dd_xstrdup(m->masked ? m->masked : "****");
    g->count = 1;
}

static int on_secret(const dd_secret_match *m, void *ud)
{
    sec_ctx *c = ud;
    dd_layer *l = c->l;
    for (size_t i = c->first; i < l->nsec; i++)
        if (l->sec[i].rule == m->rule) {
            l->sec[i].count++;
            return 0;
        }
    if (l->nsec < DD_IMAGE_MAX_SECRET_GROUPS) {
        l->sec = dd_xgrow(l->sec, &l->capsec, l->nsec + 1, sizeof *l->sec);
        group_init(&l->sec[l->nsec++], m, c->entry);
        return 0;
    }
    /* Past the bound every rule still has its finding, for the layer as a whole. */
    for (size_t i = 0; i < l->nfolded; i++) {
        dd_layer_secret *g = &l->folded[i];
        if (g->rule != m->rule)
            continue;
        g->count++;
        if (g->last_entry != c->entry) {
            g->files++;
            g->last_entry = c->entry;
        }
        return 0;
    }
    if (l->nfolded == 0)
        dd_notes_add(&l->notes, "secret findings per layer",
                     "layer %s: more than %u files with secrets: the rest are reported as one "
                     "finding per rule for the layer, with counts",
                     c->lname, DD_IMAGE_MAX_SECRET_GROUPS);
    l->folded = dd_xgrow(l->folded, &l->capfolded, l->nfolded + 1, sizeof *l->folded);
    dd_layer_secret *g = &l->folded[l->nfolded++];
    group_init(g, m, c->entry);
    g->files = 1;
    g->last_entry = c->entry;
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

/* A file too large to hold: through the secret scanner a block at a time. */
static int stream_secrets(dd_walker *w, const char *path, size_t have, dd_walk_read_fn rd, void *ud,
                          sec_ctx *c, dd_error *se)
{
    dd_walk_shared *sh = w->sh;
    dd_secret_stream *st = dd_secret_stream_open(
        sh->scanner, w->scratch, path, (sh->o->flags & DD_IMG_SCAN_BINARIES) != 0, on_secret, c);
    int rc = dd_secret_stream_feed(st, w->buf, have, se) < 0 ? -1 : 0;
    const size_t chunk = 1u << 20;
    ensure_buf(w, chunk);
    while (rc == 0) {
        long r = rd(ud, w->buf, chunk);
        if (r < 0) {
            dd_secret_stream_close(st, se);
            return -2; /* a read error: the caller's */
        }
        if (r == 0)
            break;
        if (dd_secret_stream_feed(st, w->buf, (size_t)r, se) < 0)
            rc = -1;
    }
    if (dd_secret_stream_close(st, se) < 0)
        rc = -1;
    return rc;
}

/* Forget what a first read found in entry `idx` (a second read replaces it). */
static void drop_contents(dd_layer *l, size_t idx)
{
    size_t k = 0;
    for (size_t i = 0; i < l->nsec; i++) {
        if (l->sec[i].entry == idx)
            free(l->sec[i].masked);
        else
            l->sec[k++] = l->sec[i];
    }
    l->nsec = k;
    k = 0;
    for (size_t i = 0; i < l->npkgs; i++) {
        if (l->pkgs[i].entry == idx)
            dd_package_list_free(&l->pkgs[i].list);
        else
            l->pkgs[k++] = l->pkgs[i];
    }
    l->npkgs = k;
    k = 0;
    for (size_t i = 0; i < l->nlic; i++) {
        if (l->lic[i].entry == idx)
            free(l->lic[i].license);
        else
            l->lic[k++] = l->lic[i];
    }
    l->nlic = k;
    free(l->ent[idx].data);
    l->ent[idx].data = NULL;
    l->ent[idx].data_len = 0;
}

/* The packages of entry idx are parsed into pkgs_begin()'s list; pkgs_end() keeps them
 * (or the parse error, as a note) when there is anything to keep. */
static dd_layer_pkgs *pkgs_begin(dd_layer *l, size_t idx)
{
    l->pkgs = dd_xgrow(l->pkgs, &l->cappkgs, l->npkgs + 1, sizeof *l->pkgs);
    dd_layer_pkgs *g = &l->pkgs[l->npkgs];
    memset(g, 0, sizeof *g);
    g->entry = idx;
    return g;
}

static void pkgs_end(dd_layer *l, const char *lname, const char *path, int rc, const dd_error *pe)
{
    dd_layer_pkgs *g = &l->pkgs[l->npkgs];
    if (rc < 0) {
        dd_notes_add(&l->notes, NULL, "layer %s: /%s: %s", lname, path,
                     pe->msg[0] ? pe->msg : "cannot parse");
        dd_package_list_free(&g->list);
    } else if (g->list.n > 0 || g->list.notes.n > 0) {
        l->npkgs++;
    } else {
        dd_package_list_free(&g->list);
    }
}

/* A file over the bound `max` of what reads it (`purpose`): a note of the limit `limit`. */
static void not_read(dd_layer *l, const char *limit, const char *lname, const char *path,
                     uint64_t size, unsigned max, const char *purpose)
{
    dd_notes_add(&l->notes, limit, "layer %s: /%s: %llu bytes, more than the %u KiB %s: not read",
                 lname, path, (unsigned long long)size, max >> 10, purpose);
}

/* Keep the licence of copyright file `idx`, in entry order (a second read comes late). */
static void license_add(dd_layer *l, size_t idx, char *license)
{
    l->lic = dd_xgrow(l->lic, &l->caplic, l->nlic + 1, sizeof *l->lic);
    size_t at = l->nlic;
    while (at > 0 && l->lic[at - 1].entry > idx)
        at--;
    memmove(&l->lic[at + 1], &l->lic[at], (l->nlic - at) * sizeof *l->lic);
    l->lic[at] = (dd_layer_license){idx, license};
    l->nlic++;
}

/* Whatever a package reader pulls from a stream also goes to the secret scanner (when
 * one is wanted), so a file is read once by both. */
typedef struct tee_read {
    dd_walk_read_fn rd;
    void *ud;
    dd_secret_stream *st; /* NULL: no secrets wanted */
    dd_error *se;
    bool failed, sec_failed;
} tee_read;

static long tee_read_fn(void *ud, void *buf, size_t n)
{
    tee_read *t = ud;
    long r = t->rd(t->ud, buf, n);
    if (r < 0)
        t->failed = true;
    else if (r > 0 && t->st && !t->sec_failed &&
             dd_secret_stream_feed(t->st, buf, (size_t)r, t->se) < 0)
        t->sec_failed = true;
    return r;
}

/* A package file too big to hold (a 90 MB Go binary, a fat jar): its reader takes what it
 * needs by ranges as the file streams by (dd_pkg_parse_stream); `have` bytes of the head
 * are in w->buf. */
static int consume_big(dd_walker *w, dd_layer *l, const char *lname, size_t idx, const char *path,
                       int kind, bool sec, size_t have, dd_walk_read_fn rd, void *rd_ud,
                       dd_error *e)
{
    dd_walk_shared *sh = w->sh;
    sec_ctx c = {l, lname, idx, l->nsec};
    dd_error se = {0};
    tee_read t = {rd, rd_ud, NULL, &se, false, false};
    if (sec) {
        t.st = dd_secret_stream_open(sh->scanner, w->scratch, path,
                                     (sh->o->flags & DD_IMG_SCAN_BINARIES) != 0, on_secret, &c);
        t.sec_failed = dd_secret_stream_feed(t.st, w->buf, have, &se) < 0;
    }
    dd_layer_pkgs *g = pkgs_begin(l, idx);
    dd_error pe = {0};
    int pr = dd_pkg_parse_stream(kind, path, l->ent[idx].size, w->buf, have,
                                 rd ? tee_read_fn : NULL, &t, lname, &g->list, &pe);
    if (t.st) {
        /* The secret scanner sees the rest too. */
        const size_t chunk = 1u << 20;
        ensure_buf(w, chunk);
        long r;
        while (rd && !t.failed && (r = tee_read_fn(&t, w->buf, chunk)) > 0)
            ;
        if (dd_secret_stream_close(t.st, &se) < 0)
            t.sec_failed = true;
        if (t.sec_failed && se.msg[0])
            dd_notes_add(&l->notes, NULL, "layer %s: /%s: secret scan: %s", lname, path, se.msg);
    }
    if (t.failed) {
        dd_package_list_free(&g->list);
        return dd_error_prefix(e, "image %s: layer %s: %s", sh->ref, lname, path);
    }
    pkgs_end(l, lname, path, pr, &pe);
    return 0;
}

/* --skip-files, or --skip-dirs on any directory above the file. */
static bool skipped(const dd_image_opts *o, const char *path)
{
    for (size_t i = 0; i < o->nskip_files; i++)
        if (dd_skip_match(o->skip_files[i], path))
            return true;
    if (!o->nskip_dirs)
        return false;
    char dir[4096];
    for (const char *s = strchr(path, '/'); s; s = strchr(s + 1, '/')) {
        size_t n = (size_t)(s - path);
        if (n >= sizeof dir)
            break;
        memcpy(dir, path, n);
        dir[n] = '\0';
        for (size_t i = 0; i < o->nskip_dirs; i++)
            if (dd_skip_match(o->skip_dirs[i], dir))
                return true;
    }
    return false;
}

/* Read what the consumers want of regular file `idx`, deciding by `path`. */
static int consume(dd_walker *w, dd_layer *l, const char *lname, size_t idx, const char *path,
                   bool keep, dd_walk_read_fn rd, void *rd_ud, dd_error *e)
{
    dd_walk_shared *sh = w->sh;
    const dd_layer_entry *ent = &l->ent[idx];
    uint64_t size = ent->size;
    unsigned flags = sh->o->flags;
    if ((sh->o->nskip_dirs || sh->o->nskip_files) && skipped(sh->o, path))
        return 0;
    int kind = pkg_kind(sh, path, ent->mode, size);
    bool small = keep || is_small_file(path);
    bool sec = sh->scanner != NULL;
    bool copyright = is_copyright(sh, path);
    if (copyright && size > DD_PKG_COPYRIGHT_MAX) {
        not_read(l, "copyright file size", lname, path, size, DD_PKG_COPYRIGHT_MAX,
                 "read for a licence");
        copyright = false;
    }
    if (!kind && !small && !sec && !copyright)
        return 0;

    /* Look at the head first: most files are binaries nobody needs past it. */
    size_t head = size < 8192 ? (size_t)size : 8192;
    long got = read_upto(w, 0, head, rd, rd_ud);
    if (got < 0)
        goto read_error;
    if (sec && !(flags & DD_IMG_SCAN_BINARIES) && dd_secret_is_binary(w->buf, (size_t)got))
        sec = false;
    if (kind == DD_PKGF_EXEC && !dd_pkg_exec_may_hold_packages(w->buf, (size_t)got))
        kind = 0;
    if (kind && size > DD_PKG_MAX_FILE)
        return consume_big(w, l, lname, idx, path, kind, sec, (size_t)got, rd, rd_ud, e);
    if (small && size > DD_IMAGE_MAX_SMALL) {
        not_read(l, "configuration file size", lname, path, size, DD_IMAGE_MAX_SMALL,
                 "the configuration checks read");
        small = false;
    }
    if (!kind && !small && !sec && !copyright)
        return 0;
    sec_ctx c = {l, lname, idx, l->nsec};
    dd_error se = {0};
    if (!kind && !small && !copyright && size > DD_SECRET_MAX_FILE) {
        int sr = stream_secrets(w, path, (size_t)got, rd, rd_ud, &c, &se);
        if (sr == -2)
            goto read_error;
        if (sr < 0 && se.msg[0])
            dd_notes_add(&l->notes, NULL, "layer %s: /%s: secret scan: %s", lname, path, se.msg);
        return 0;
    }
    if ((uint64_t)got < size) {
        got = read_upto(w, (size_t)got, (size_t)size, rd, rd_ud);
        if (got < 0)
            goto read_error;
    }
    size_t len = (size_t)got;
    w->buf[len] = '\0';
    if (sec) {
        int sr =
            (flags & DD_IMG_SCAN_BINARIES)
                ? dd_secret_scan_binary(sh->scanner, w->scratch, path, w->buf, len, on_secret, &c,
                                        &se)
                : dd_secret_scan(sh->scanner, w->scratch, path, w->buf, len, on_secret, &c, &se);
        if (sr < 0 && se.msg[0])
            dd_notes_add(&l->notes, NULL, "layer %s: /%s: secret scan: %s", lname, path, se.msg);
    }
    if (kind) {
        dd_layer_pkgs *g = pkgs_begin(l, idx);
        dd_error pe = {0};
        pkgs_end(l, lname, path, dd_pkg_parse(kind, path, w->buf, len, lname, &g->list, &pe), &pe);
    }
    if (copyright) {
        char *lic = dd_pkg_dpkg_copyright_license(w->buf, len);
        if (lic)
            license_add(l, idx, lic);
    }
    if (small) {
        dd_layer_entry *me = &l->ent[idx];
        me->data = dd_xmalloc(len + 1);
        memcpy(me->data, w->buf, len + 1);
        me->data_len = len;
    }
    /* One big file should not pin a big buffer for the rest of the image. */
    if (w->cap > (16u << 20)) {
        free(w->buf);
        w->buf = NULL;
        w->cap = 0;
    }
    return 0;
read_error:
    return dd_error_prefix(e, "image %s: layer %s: %s", sh->ref, lname, path);
}

/* The second read: count entries, read again the contents of those asked for. */
static int fix_entry(dd_walker *w, dd_layer *l, const char *lname, dd_layer_entry *ent,
                     dd_walk_read_fn rd, void *rd_ud, dd_error *e)
{
    dd_walk_fix *f = w->fix;
    size_t idx = f->counter++;
    int rc = 0;
    if (f->pos < f->n && f->idx[f->pos] == idx) {
        f->pos++;
        const dd_layer_entry *have = idx < l->n ? &l->ent[idx] : NULL;
        const char *was = have ? (have->written_as ? have->written_as : have->path) : NULL;
        if (!have || strcmp(was, ent->path) != 0 || have->size != ent->size) {
            rc = dd_error_set(e, DD_ERR_INPUT, 0,
                              "image %s: layer %s: %s: the layer is not the same when read a "
                              "second time",
                              w->sh->ref, lname, ent->path);
        } else {
            drop_contents(l, idx);
            rc =
                consume(w, l, lname, idx, have->path, f->keep && f->keep[f->pos - 1], rd, rd_ud, e);
        }
    }
    free(ent->path);
    free(ent->link);
    return rc;
}

int dd_walk_entry(dd_walker *w, dd_layer *l, const char *lname, dd_layer_entry *ent,
                  dd_walk_read_fn rd, void *rd_ud, dd_error *e)
{
    dd_walk_shared *sh = w->sh;
    if (w->fix)
        return fix_entry(w, l, lname, ent, rd, rd_ud, e);
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
    l->ent[idx].gone_layer = -1;
    if (ent->kind != DD_ENT_FILE || ent->size == 0)
        return 0;
    return consume(w, l, lname, idx, l->ent[idx].path, false, rd, rd_ud, e);
}

int dd_layer_copy_entries(dd_walk_shared *sh, const dd_layer *from, dd_layer *to, dd_error *e)
{
    if (atomic_fetch_add(&sh->entries, from->n) + from->n > DD_IMAGE_MAX_ENTRIES)
        return dd_error_set(e, DD_ERR_INPUT, 0,
                            "image %s: layer %s listed again: more than %u files in all: "
                            "refusing to go on",
                            sh->ref, to->digest ? to->digest : to->name, DD_IMAGE_MAX_ENTRIES);
    to->ent = dd_xcalloc(from->n ? from->n : 1, sizeof *to->ent);
    to->n = to->cap = from->n;
    for (size_t i = 0; i < from->n; i++) {
        const dd_layer_entry *f = &from->ent[i];
        dd_layer_entry *t = &to->ent[i];
        *t = *f;
        t->path = dd_xstrdup(f->path);
        t->link = dd_xstrdup(f->link);
        t->written_as = NULL;
        t->data = NULL;
        t->data_len = 0;
        t->gone_layer = -1;
        t->gone_how = DD_GONE_NO;
    }
    to->size = from->size;
    return 0;
}

long dd_walk_read_archive(void *ud, void *buf, size_t n)
{
    dd_walk_ar *r = ud;
    la_ssize_t got = archive_read_data(r->a, buf, n);
    if (got < 0)
        return dd_error_set(r->e, DD_ERR_INPUT, 0, "%s", archive_error_string(r->a));
    return (long)got;
}

long dd_walk_read_fd(void *ud, void *buf, size_t n)
{
    dd_walk_fd *r = ud;
    ssize_t got = read(r->fd, buf, n);
    if (got < 0)
        return dd_error_sys(r->e, errno, "cannot read %s", r->path);
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
    uint64_t counted = 0; /* of this layer's bytes, into sh->image_bytes */
    for (;;) {
        if (atomic_load(&sh->stop))
            return dd_error_set(e, DD_ERR_RUN, 0, "stopped");
        if (w->fix && w->fix->pos == w->fix->n)
            return 0; /* a second read stops at the last entry it needed */
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
        if ((uint64_t)pos + (uint64_t)sz > counted) {
            if (dd_walk_count_bytes(sh, (uint64_t)pos + (uint64_t)sz - counted, e, "layer %s: %s",
                                    lname, name) < 0)
                return -1;
            counted = (uint64_t)pos + (uint64_t)sz;
        }
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
                return dd_error_prefix(e, "image %s: layer %s: hard link %s", sh->ref, lname, path);
            if (hempty) {
                free(t);
                return dd_error_set(e, DD_ERR_INPUT, 0,
                                    "image %s: layer %s: hard link %s points at the root", sh->ref,
                                    lname, path);
            }
            ent.link = t;
        }
        ent.path = steal_pointer(&path);
        dd_walk_ar rr = {.a = a, .e = e};
        if (dd_walk_entry(w, l, lname, &ent, dd_walk_read_archive, &rr, e) < 0) {
            if (strncmp(e->msg, "image ", 6) != 0)
                dd_error_prefix(e, "image %s: layer %s: %s", sh->ref, lname, ent.path);
            return -1;
        }
    }
    int64_t pos = archive_filter_bytes(a, 0);
    if (pos > 0 && (uint64_t)pos > counted &&
        dd_walk_count_bytes(sh, (uint64_t)pos - counted, e, "layer %s", lname) < 0)
        return -1;
    if (!w->fix)
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
        free(l->ent[i].written_as);
        free(l->ent[i].link);
        free(l->ent[i].data);
    }
    free(l->ent);
    for (size_t i = 0; i < l->nsec; i++)
        free(l->sec[i].masked);
    free(l->sec);
    for (size_t i = 0; i < l->nfolded; i++)
        free(l->folded[i].masked);
    free(l->folded);
    for (size_t i = 0; i < l->npkgs; i++)
        dd_package_list_free(&l->pkgs[i].list);
    free(l->pkgs);
    for (size_t i = 0; i < l->nlic; i++)
        free(l->lic[i].license);
    free(l->lic);
    dd_notes_free(&l->notes);
    free(l->name);
    free(l->digest);
    free(l->media_type);
    memset(l, 0, sizeof *l);
}
