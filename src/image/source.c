/* Image sources: the Docker daemon (GET /images/{name}/get, streamed), a docker-archive
 * file (docker save, plain or compressed), an OCI image layout, a plain directory.
 *
 * Files on disk whose layers can be reached directly (plain docker-archive, OCI layout)
 * are read by a pool of threads, one layer each. Streams (daemon, compressed archives)
 * are read by one thread (curl, or the outer decompressor) that hands the bytes through a
 * bounded ring to another that walks the tar: the layer tars pass by in whatever order
 * the archive has them, so their results are kept by member name and put in order once
 * manifest.json has been seen. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <archive_entry.h>

#include "core/buf.h"
#include "core/cleanup.h"
#include "core/mem.h"
#include "image/digest.h"
#include "image/inflate.h"
#include "image/walker.h"

/* ---------------------------------------------------------------- helpers ---- */

static const char *image_arch(void)
{
    struct utsname u;
    if (uname(&u) == 0) {
        if (strcmp(u.machine, "x86_64") == 0)
            return "amd64";
        if (strcmp(u.machine, "aarch64") == 0)
            return "arm64";
    }
    return "amd64";
}

static char *digest_from_name(const char *name)
{
    /* "blobs/sha256/<hex>" (OCI, docker 25+) or "<hex>.json" / "<hex>/layer.tar". */
    const char *p = strstr(name, "sha256/");
    if (p) {
        char *d = dd_xasprintf("sha256:%s", p + 7);
        if (dd_image_digest_ok(d))
            return d;
        free(d);
    }
    size_t n = strcspn(name, "./");
    if (n == 64) {
        char *d = dd_xasprintf("sha256:%.64s", name);
        if (dd_image_digest_ok(d))
            return d;
        free(d);
    }
    return NULL;
}

/* Put the layers (in manifest order) and the config into `img`. */
static int set_config(dd_image *img, const char *cfgname, const char *text, size_t len,
                      const char *expect, dd_error *e)
{
    json_error_t je;
    /* The config is named by its digest (the image id): its bytes must hash to it. */
    _cleanup_free_ char *named = expect ? NULL : digest_from_name(cfgname);
    if (!expect)
        expect = named;
    if (expect &&
        dd_digest_check(text, len, expect, e, "image %s: config %s", img->ref, cfgname) < 0)
        return -1;
    if (len > DD_IMAGE_MAX_JSON)
        return dd_error_set(e, DD_ERR_INPUT, 0, "image %s: config %s is too large", img->ref,
                            cfgname);
    json_t *c = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
    if (!c)
        return dd_error_set(e, DD_ERR_INPUT, 0,
                            "image %s: config %s: invalid JSON at line %d column %d: %s", img->ref,
                            cfgname, je.line, je.column, je.text);
    img->config = c;
    if (dd_image_check_config(c, e) < 0)
        return dd_error_prefix(e, "image %s: config %s", img->ref, cfgname);
    if (!img->id)
        img->id = digest_from_name(cfgname);
    return 0;
}

/* Digests of layers: the config's diff_ids when they match in number. */
static void name_layers(dd_image *img)
{
    json_t *ids = json_object_get(json_object_get(img->config, "rootfs"), "diff_ids");
    bool use = json_array_size(ids) == img->nlayers;
    if (!use && img->config)
        dd_notes_add(&img->notes, NULL,
                     "the configuration lists %zu layer digests for %zu layers; layers are "
                     "named by their blobs",
                     json_array_size(ids), img->nlayers);
    for (size_t i = 0; i < img->nlayers; i++) {
        dd_layer *l = &img->layers[i];
        if (l->digest && !use)
            continue;
        free(l->digest);
        if (use)
            l->digest = dd_xstrdup(json_string_value(json_array_get(ids, i)));
        else {
            l->digest = digest_from_name(l->name);
            if (!l->digest)
                l->digest = dd_xstrdup(l->name);
        }
    }
}

int dd_image_set_config(dd_image *img, const char *cfgname, const char *text, size_t len,
                        const char *expect, dd_error *e)
{
    return set_config(img, cfgname, text, len, expect, e);
}

/* What a docker-save layer must hash to once uncompressed: its diff id (docker save
 * writes layers uncompressed, but an archive may hold them compressed); with a count
 * mismatch, a "blobs/sha256/<hex>" member's own name. A "<v1 id>/layer.tar" name is not
 * a digest. NULL (with a note) when nothing names the layer. */
static const char *archive_layer_expect(dd_image *img, size_t i)
{
    json_t *ids = json_object_get(json_object_get(img->config, "rootfs"), "diff_ids");
    dd_layer *l = &img->layers[i];
    if (json_array_size(ids) == img->nlayers)
        return json_string_value(json_array_get(ids, i));
    if (strncmp(l->name, "blobs/", 6) == 0 && dd_digest_checkable(l->digest))
        return l->digest;
    dd_notes_add(&img->notes, NULL, "image %s: layer %s is not verified: nothing names its digest",
                 img->ref, l->name);
    return NULL;
}

/* ------------------------------------------------------------- blobs ---- */

/* The layers of an image are positions over blobs. A blob listed several times (the same
 * digest or archive member) is read once: one walk, one secret scan, one decompression,
 * however often the manifest names it. Every source goes through here, and so will any
 * per-blob verification. */
typedef struct blobs {
    size_t *of;       /* per position of img->layers: its blob */
    char **key;       /* per blob: digest or archive member */
    dd_layer *walked; /* per blob: read into here, named after its first position */
    size_t n;
} blobs;

static void blobs_init(blobs *b, size_t npos)
{
    memset(b, 0, sizeof *b);
    b->of = dd_xcalloc(npos ? npos : 1, sizeof *b->of);
    b->key = dd_xcalloc(npos ? npos : 1, sizeof *b->key);
    b->walked = dd_xcalloc(npos ? npos : 1, sizeof *b->walked);
}

/* Position `pos` (already named) shows the blob `key`. Returns the blob's index. */
static size_t blobs_add(blobs *b, const dd_image *img, size_t pos, const char *key)
{
    for (size_t k = 0; k < b->n; k++)
        if (strcmp(b->key[k], key) == 0)
            return b->of[pos] = k;
    size_t k = b->n++;
    const dd_layer *l = &img->layers[pos];
    b->key[k] = dd_xstrdup(key);
    b->walked[k].name = dd_xstrdup(l->name);
    b->walked[k].digest = dd_xstrdup(l->digest);
    b->walked[k].media_type = dd_xstrdup(l->media_type);
    b->walked[k].compressed = l->compressed;
    return b->of[pos] = k;
}

static void blobs_free(blobs *b, size_t npos)
{
    (void)npos;
    for (size_t k = 0; k < b->n; k++) {
        free(b->key[k]);
        dd_layer_free(&b->walked[k]);
    }
    free(b->key);
    free(b->walked);
    free(b->of);
    memset(b, 0, sizeof *b);
}

/* Give each position its blob: the last position takes what the walk found, the others
 * a copy of the entries only (see dd_layer.contents_at). */
static int place_blobs(dd_image *img, blobs *b, dd_walk_shared *sh, dd_error *e)
{
    for (size_t k = 0; k < b->n; k++) {
        size_t last = SIZE_MAX;
        for (size_t p = img->nlayers; p-- > 0;)
            if (b->of[p] == k) {
                last = p;
                break;
            }
        if (last == SIZE_MAX)
            continue;
        dd_layer *w = &b->walked[k], *to = &img->layers[last];
        for (size_t p = 0; p < last; p++)
            if (b->of[p] == k) {
                if (dd_layer_copy_entries(sh, w, &img->layers[p], e) < 0)
                    return -1;
                img->layers[p].contents_at = last + 1;
            }
        to->ent = w->ent, to->n = w->n, to->cap = w->cap;
        to->sec = w->sec, to->nsec = w->nsec, to->capsec = w->capsec;
        to->folded = w->folded, to->nfolded = w->nfolded, to->capfolded = w->capfolded;
        to->pkgs = w->pkgs, to->npkgs = w->npkgs, to->cappkgs = w->cappkgs;
        to->lic = w->lic, to->nlic = w->nlic, to->caplic = w->caplic;
        to->size = w->size;
        dd_notes_move(&to->notes, &w->notes);
        w->ent = NULL, w->n = w->cap = 0;
        w->sec = NULL, w->nsec = w->capsec = 0;
        w->folded = NULL, w->nfolded = w->capfolded = 0;
        w->pkgs = NULL, w->npkgs = w->cappkgs = 0;
        w->lic = NULL, w->nlic = w->caplic = 0;
    }
    return 0;
}

/* ------------------------------------------------------- second reads ---- */

/* Files a symlinked parent moved to a path where the consumers decide differently (a
 * package database, a configuration file, a path-bound secret rule): their layer is read
 * again and only their contents are looked at anew (walker.h). */
typedef struct fixlist {
    size_t pos; /* the layer position */
    size_t *idx;
    bool *keep;
    size_t n, cap, capk;
    dd_walk_fix fix;
} fixlist;

/* The entry of a file whose data the configuration checks need, found through symlinks
 * at a path the walk did not keep data for. */
static const dd_layer_entry *needs_data(const dd_image *img, const char *path, int *layer)
{
    const dd_layer_entry *ent = dd_image_resolve(img, path, layer);
    if (!ent || ent->kind != DD_ENT_FILE || ent->data || ent->size == 0 ||
        ent->size > DD_IMAGE_MAX_SMALL || img->layers[*layer].contents_at)
        return NULL;
    return ent;
}

static void fix_add(fixlist **fx, size_t *n, size_t *cap, size_t pos, size_t idx, bool keep)
{
    fixlist *f = NULL;
    for (size_t i = 0; i < *n && !f; i++)
        if ((*fx)[i].pos == pos)
            f = &(*fx)[i];
    if (!f) {
        *fx = dd_xgrow(*fx, cap, *n + 1, sizeof **fx);
        f = &(*fx)[(*n)++];
        memset(f, 0, sizeof *f);
        f->pos = pos;
    }
    for (size_t i = 0; i < f->n; i++)
        if (f->idx[i] == idx) {
            f->keep[i] |= keep;
            return;
        }
    f->idx = dd_xgrow(f->idx, &f->cap, f->n + 1, sizeof *f->idx);
    f->keep = dd_xgrow(f->keep, &f->capk, f->n + 1, sizeof *f->keep);
    f->idx[f->n] = idx;
    f->keep[f->n++] = keep;
}

static size_t collect_fixes(const dd_image *img, const dd_walk_shared *sh, fixlist **out)
{
    fixlist *fx = NULL;
    size_t n = 0, cap = 0;
    for (size_t p = 0; p < img->nlayers; p++) {
        const dd_layer *l = &img->layers[p];
        if (l->contents_at)
            continue;
        for (size_t i = 0; i < l->n; i++) {
            const dd_layer_entry *ent = &l->ent[i];
            if (ent->written_as && ent->kind == DD_ENT_FILE && ent->size > 0 &&
                dd_walk_path_matters(sh, ent->written_as, ent->path))
                fix_add(&fx, &n, &cap, p, i, false);
        }
    }
    /* /etc/os-release, /etc/passwd... that are symlinks to files read as anything else. */
    for (size_t k = 0; dd_walk_small_files[k]; k++) {
        int layer = -1;
        const dd_layer_entry *ent = needs_data(img, dd_walk_small_files[k], &layer);
        if (ent)
            fix_add(&fx, &n, &cap, (size_t)layer, (size_t)(ent - img->layers[layer].ent), true);
    }
    for (size_t i = 0; i < n; i++) {
        /* idx ascending, keep[] along with it */
        fixlist *f = &fx[i];
        for (size_t a = 1; a < f->n; a++)
            for (size_t b = a; b > 0 && f->idx[b - 1] > f->idx[b]; b--) {
                size_t t = f->idx[b];
                f->idx[b] = f->idx[b - 1];
                f->idx[b - 1] = t;
                bool kt = f->keep[b];
                f->keep[b] = f->keep[b - 1];
                f->keep[b - 1] = kt;
            }
        f->fix = (dd_walk_fix){.idx = f->idx, .keep = f->keep, .n = f->n};
    }
    *out = fx;
    return n;
}

static void fixes_free(fixlist *fx, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(fx[i].idx);
        free(fx[i].keep);
    }
    free(fx);
}

typedef int (*reread_fn)(dd_image *img, dd_walk_shared *sh, fixlist *fx, size_t n, void *ud,
                         dd_error *e);

/* Every source ends here: the view, then the second reads it calls for. */
static int finish_image(dd_image *img, dd_walk_shared *sh, reread_fn rr, void *ud, dd_error *e)
{
    if (dd_image_assemble(img, e) < 0)
        return -1;
    fixlist *fx = NULL;
    size_t n = collect_fixes(img, sh, &fx);
    int rc = 0;
    if (n && rr)
        rc = rr(img, sh, fx, n, ud, e);
    for (size_t i = 0; rc == 0 && i < n; i++)
        if (fx[i].fix.pos != fx[i].fix.n)
            rc = dd_error_set(e, DD_ERR_INPUT, 0,
                              "image %s: layer %s ended before the second read found entry "
                              "%zu of it",
                              img->ref, img->layers[fx[i].pos].digest, fx[i].idx[fx[i].fix.pos]);
    fixes_free(fx, n);
    return rc;
}

/* ------------------------------------------------------ the layer thread pool ---- */

/* Whether a docker-save layer whose stored bytes begin with `head` may be compressed: a
 * read filter's magic number (libarchive's: every one archive_read_support_filter_all
 * enables). When not, the stored bytes are the uncompressed tar and the diff id is the
 * digest of both: it is computed once, not twice (both the indexed and the streamed
 * archive read them so). Fewer than 6 bytes: cannot tell, so maybe. */
static bool layer_may_be_compressed(const void *head, size_t n)
{
    static const struct {
        unsigned char b[8];
        size_t n;
    } magic[] = {
        {{0x1f, 0x8b}, 2},                        /* gzip */
        {{0x1f, 0x9d}, 2},                        /* compress */
        {{0x28, 0xb5, 0x2f, 0xfd}, 4},            /* zstd */
        {{'B', 'Z', 'h'}, 3},                     /* bzip2 */
        {{0xfd, '7', 'z', 'X', 'Z', 0x00}, 6},    /* xz */
        {{0x5d, 0x00, 0x00}, 3},                  /* lzma */
        {{0x04, 0x22, 0x4d, 0x18}, 4},            /* lz4 */
        {{0x02, 0x21, 0x4c, 0x18}, 4},            /* lz4 legacy */
        {{'L', 'Z', 'I', 'P'}, 4},                /* lzip */
        {{0x89, 'L', 'Z', 'O'}, 4},               /* lzop */
        {{'L', 'R', 'Z', 'I'}, 4},                /* lrzip */
        {{'G', 'R', 'Z', 'i', 'p', 'I', 'I'}, 7}, /* grzip */
        {{0xed, 0xab, 0xee, 0xdb}, 4},            /* rpm */
        {{'b', 'e', 'g', 'i', 'n', ' '}, 6},      /* uuencode */
    };
    if (n < 8)
        return true;
    for (size_t i = 0; i < DD_ARRAY_LEN(magic); i++)
        if (memcmp(head, magic[i].b, magic[i].n) == 0)
            return true;
    return false;
}

/* A diff id is the digest of the uncompressed tar, and a docker-save layer may be stored
 * compressed: such a layer is read in two stages, `raw` undoing any compression (its
 * single raw entry), the tar walked from its output, every byte of which is hashed. */
typedef struct unz {
    struct archive *raw;
    char *buf;
    dd_digest dg;
} unz;

#define UNZ_CHUNK (256u << 10)

static la_ssize_t unz_read(struct archive *a, void *ud, const void **out)
{
    unz *u = ud;
    la_ssize_t n = archive_read_data(u->raw, u->buf, UNZ_CHUNK);
    if (n < 0) {
        const char *m = archive_error_string(u->raw);
        archive_set_error(a, EIO, "corrupt or truncated compressed layer: %s",
                          m ? m : "read error");
        return -1;
    }
    dd_digest_update(&u->dg, u->buf, (size_t)n);
    *out = u->buf;
    return n;
}

static struct archive *raw_reader(void)
{
    struct archive *a = archive_read_new();
    if (!a)
        abort();
    archive_read_support_filter_all(a);
    archive_read_support_format_raw(a);
    return a;
}

/* Walk the tar that `raw` (opened, not yet at its entry) decompresses; the digest of
 * every uncompressed byte, the tail after the tar's end blocks included, goes to
 * `digest`. */
static int walk_uncompressed(dd_walker *w, struct archive *raw, dd_layer *l, const char *lname,
                             char digest[DD_DIGEST_LEN], dd_error *e)
{
    unz u = {raw, dd_xmalloc(UNZ_CHUNK), {0}};
    dd_digest_init(&u.dg);
    struct archive_entry *ae;
    int rc;
    int hr = archive_read_next_header(raw, &ae);
    if (hr == ARCHIVE_EOF) {
        rc = 0; /* an empty layer */
    } else if (hr < ARCHIVE_WARN) {
        const char *m = archive_error_string(raw);
        rc = dd_error_set(e, DD_ERR_INPUT, 0, "image %s: layer %s: %s", w->sh->ref, lname,
                          m ? m : "unreadable");
    } else {
        struct archive *t = dd_walk_archive_new();
        if (archive_read_open2(t, &u, NULL, unz_read, NULL, NULL) != ARCHIVE_OK) {
            const char *m = archive_error_string(t);
            rc = dd_error_set(e, DD_ERR_INPUT, 0, "image %s: layer %s: %s", w->sh->ref, lname,
                              m ? m : "not a tar archive");
        } else {
            rc = dd_walk_archive(w, t, l, lname, e);
        }
        archive_read_free(t);
        la_ssize_t n;
        while ((n = archive_read_data(raw, u.buf, UNZ_CHUNK)) > 0)
            dd_digest_update(&u.dg, u.buf, (size_t)n);
    }
    dd_digest_final(&u.dg, digest);
    free(u.buf);
    return rc;
}

/* One blob for the pool: a range of a file, checked against `expect` (the stored bytes'
 * digest, or with `diff_id` the uncompressed tar's), or a stream (registry blob) that
 * checks itself. */
typedef struct pool_job {
    int fd;
    uint64_t off, size;
    dd_layer *l; /* read into here */
    const char *expect;
    bool diff_id;
    dd_layer_stream *stream;
} pool_job;

/* Where one layer's bytes come from while it is walked. */
typedef struct layer_src {
    const pool_job *job;
    uint64_t pos;
    dd_walk_shared *sh;
    char *buf;
    bool hashing; /* the stored bytes, against job->expect */
    dd_digest dg;
    bool failed; /* the source itself failed: `err` says why */
    dd_error err;
} layer_src;

#define RANGE_BUF (64u << 10)

static long src_next(layer_src *r, const void **out)
{
    const pool_job *j = r->job;
    if (j->stream) {
        long n = j->stream->read(j->stream->ud, out, &r->err);
        if (n < 0)
            r->failed = true;
        else
            dd_walk_progress(r->sh, (uint64_t)n);
        return n;
    }
    uint64_t left = j->size - r->pos;
    size_t n = left < RANGE_BUF ? (size_t)left : RANGE_BUF;
    if (n == 0)
        return 0;
    ssize_t got = pread(j->fd, r->buf, n, (off_t)(j->off + r->pos));
    if (got <= 0) {
        r->failed = true;
        return dd_error_sys(&r->err, got < 0 ? errno : EIO, "image %s: read error", r->sh->ref);
    }
    if (r->hashing)
        dd_digest_update(&r->dg, r->buf, (size_t)got);
    r->pos += (uint64_t)got;
    dd_walk_progress(r->sh, (uint64_t)got);
    *out = r->buf;
    return (long)got;
}

static la_ssize_t layer_read(struct archive *a, void *ud, const void **out)
{
    layer_src *r = ud;
    long n = src_next(r, out);
    if (n < 0) {
        archive_set_error(a, EIO, "%s", r->err.msg);
        return -1;
    }
    return (la_ssize_t)n;
}

/* Only for ranges nobody hashes: a skipped byte is a byte not verified. */
static la_int64_t range_skip(struct archive *a, void *ud, la_int64_t req)
{
    (void)a;
    layer_src *r = ud;
    uint64_t left = r->job->size - r->pos;
    uint64_t n = (uint64_t)req < left ? (uint64_t)req : left;
    r->pos += n;
    dd_walk_progress(r->sh, n);
    return (la_int64_t)n;
}

/* The walker stops at tar's end-of-archive blocks; whatever follows is read too, so the
 * digest covers every byte of the blob. */
static int src_finish(layer_src *r, const char *lname, dd_error *e)
{
    const void *p;
    long n;
    while ((n = src_next(r, &p)) > 0)
        ;
    if (n < 0) {
        *e = r->err;
        return -1;
    }
    if (!r->hashing)
        return 0;
    char got[DD_DIGEST_LEN];
    r->hashing = false;
    dd_digest_final(&r->dg, got);
    return dd_digest_expect(got, r->job->expect, e, "image %s: layer %s", r->sh->ref, lname);
}

/* The digest of a job's stored bytes, read again (a rare compression the sniff missed). */
static int hash_range(layer_src *rs, char out[DD_DIGEST_LEN], dd_error *e)
{
    const pool_job *j = rs->job;
    dd_digest d;
    dd_digest_init(&d);
    for (uint64_t pos = 0; pos < j->size;) {
        size_t n = j->size - pos < RANGE_BUF ? (size_t)(j->size - pos) : RANGE_BUF;
        ssize_t got = pread(j->fd, rs->buf, n, (off_t)(j->off + pos));
        if (got <= 0) {
            dd_digest_free(&d);
            return dd_error_sys(e, got < 0 ? errno : EIO, "image %s: read error", rs->sh->ref);
        }
        dd_digest_update(&d, rs->buf, (size_t)got);
        pos += (uint64_t)got;
    }
    dd_digest_final(&d, out);
    return 0;
}

/* Walk one job into `l` (also the second read, with w->fix set: then nothing is
 * verified again for files; a stream verifies itself each time). */
static int walk_job(dd_walker *w, layer_src *rs, dd_layer *l, bool verify, dd_error *e)
{
    const char *lname = l->digest ? l->digest : l->name;
    const pool_job *j = rs->job;
    if (j->stream && j->stream->rewind)
        j->stream->rewind(j->stream->ud);
    if (verify && j->diff_id && j->expect) {
        /* The stored bytes are hashed too: an archive that names a compressed member by
         * the digest of its stored bytes binds them just as firmly (what some producers
         * write, though the format says uncompressed). Either digest may match. */
        struct archive *raw = raw_reader();
        char got[DD_DIGEST_LEN] = "", stored[DD_DIGEST_LEN] = "";
        int rc;
        /* docker save writes plain tars: stored and uncompressed bytes are then the same,
         * and hashing them twice doubled the cost of reading a layer. */
        unsigned char magic[8];
        ssize_t hn = j->stream ? 0 : pread(j->fd, magic, sizeof magic, (off_t)j->off);
        bool stored_differs = !j->stream && layer_may_be_compressed(magic, hn > 0 ? (size_t)hn : 0);
        if (stored_differs) {
            dd_digest_init(&rs->dg);
            rs->hashing = true;
        }
        int filter = ARCHIVE_FILTER_NONE;
        if (archive_read_open2(raw, rs, NULL, layer_read, NULL, NULL) != ARCHIVE_OK) {
            const char *m = archive_error_string(raw);
            rc = dd_error_set(e, DD_ERR_INPUT, 0, "image %s: layer %s: %s", rs->sh->ref, lname,
                              m ? m : "unreadable");
        } else {
            rc = walk_uncompressed(w, raw, l, lname, got, e);
            filter = archive_filter_code(raw, 0);
        }
        archive_read_free(raw);
        if (rs->hashing) {
            dd_digest_final(&rs->dg, stored);
            rs->hashing = false;
        } else if (!j->stream && rc == 0 && filter == ARCHIVE_FILTER_NONE) {
            memcpy(stored, got, sizeof stored); /* the very bytes `got` hashed */
        } else if (!j->stream && rc == 0 && hash_range(rs, stored, e) < 0) {
            return -1; /* a filter the sniff does not know: hash what is stored */
        }
        if (rs->failed) {
            *e = rs->err;
            return -1;
        }
        /* When the tar did not even decompress or parse, that is the error: the digest
         * of a partial stream says nothing more. */
        if (rc == 0 && got[0] && strncmp(j->expect, "sha256:", 7) == 0 &&
            strcmp(stored, j->expect) != 0 &&
            dd_digest_expect(got, j->expect, e, "image %s: layer %s", rs->sh->ref, lname) < 0)
            return -1;
        return rc;
    }
    if (verify && !j->stream && j->expect) {
        if (dd_digest_init_for(&rs->dg, j->expect) < 0)
            return dd_error_set(e, DD_ERR_INPUT, 0, "image %s: layer %s: '%s' is not a digest",
                                rs->sh->ref, lname, j->expect);
        rs->hashing = true;
    }
    struct archive *a = dd_walk_archive_new();
    int rc;
    dd_inflate z;
    dd_inflate_init(&z, layer_read, rs->hashing || j->stream ? NULL : range_skip, rs);
    if (archive_read_open2(a, &z, NULL, dd_inflate_read, dd_inflate_skip, NULL) != ARCHIVE_OK) {
        const char *m = archive_error_string(a);
        rc = dd_error_set(e, DD_ERR_INPUT, 0, "image %s: layer %s: %s", rs->sh->ref, lname,
                          m ? m : "not a tar archive (gzip, zstd or plain)");
    } else {
        rc = dd_walk_archive(w, a, l, lname, e);
    }
    archive_read_free(a);
    dd_inflate_free(&z);
    if (rs->failed) {
        *e = rs->err; /* the source's own error (transfer, digest) explains the walk's */
        rc = -1;
    } else if (rc == 0 && (verify || j->stream)) {
        rc = src_finish(rs, lname, e);
    } else if (rc < 0 && (rs->hashing || j->stream)) {
        /* A layer that does not parse may simply have been changed: when its bytes do
         * not match its digest, that is the error to report. */
        dd_error de = {0};
        if (src_finish(rs, lname, &de) < 0 && strstr(de.msg, "digest mismatch"))
            *e = de;
    }
    if (rs->hashing)
        dd_digest_free(&rs->dg);
    rs->hashing = false;
    return rc;
}

typedef struct pool {
    dd_walk_shared *sh;
    pool_job *jobs;
    size_t njobs;
    atomic_size_t next;
    pthread_mutex_t lock;
    bool failed;
    dd_error err;
} pool;

static void pool_fail(pool *p, const dd_error *e)
{
    pthread_mutex_lock(&p->lock);
    if (!p->failed) {
        p->failed = true;
        p->err = *e;
    }
    pthread_mutex_unlock(&p->lock);
    atomic_store(&p->sh->stop, 1);
}

static void *pool_thread(void *ud)
{
    pool *p = ud;
    dd_walker w;
    dd_error e = {0};
    if (dd_walker_init(&w, p->sh, &e) < 0) {
        pool_fail(p, &e);
        return NULL;
    }
    char *buf = dd_xmalloc(RANGE_BUF);
    for (;;) {
        size_t i = atomic_fetch_add(&p->next, 1);
        if (i >= p->njobs || atomic_load(&p->sh->stop))
            break;
        layer_src rs = {.job = &p->jobs[i], .sh = p->sh, .buf = buf};
        if (walk_job(&w, &rs, p->jobs[i].l, true, &e) < 0) {
            pool_fail(p, &e);
            break;
        }
    }
    free(buf);
    dd_walker_destroy(&w);
    return NULL;
}

static int run_pool(dd_walk_shared *sh, pool_job *jobs, size_t njobs, dd_error *e)
{
    pool p = {.sh = sh, .jobs = jobs, .njobs = njobs};
    atomic_init(&p.next, 0);
    pthread_mutex_init(&p.lock, NULL);
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    size_t nt = sh->o->threads > 0 ? (size_t)sh->o->threads : (size_t)(ncpu > 0 ? ncpu : 1);
    if (nt > njobs)
        nt = njobs ? njobs : 1;
    if (nt > 64)
        nt = 64;
    pthread_t th[64];
    size_t started = 0;
    for (size_t i = 1; i < nt; i++) {
        if (pthread_create(&th[started], NULL, pool_thread, &p) != 0)
            break;
        started++;
    }
    pool_thread(&p); /* this thread works too */
    for (size_t i = 0; i < started; i++)
        pthread_join(th[i], NULL);
    pthread_mutex_destroy(&p.lock);
    if (p.failed) {
        *e = p.err;
        return -1;
    }
    return 0;
}

/* Read all blobs, one job each (jobs[k] for blob k), then place them and finish. */
static int reread_pool(dd_image *img, dd_walk_shared *sh, fixlist *fx, size_t n, void *ud,
                       dd_error *e);

typedef struct pool_src {
    blobs *b;
    pool_job *jobs; /* per blob */
} pool_src;

static int read_blobs(dd_image *img, dd_walk_shared *sh, blobs *b, pool_job *jobs, dd_error *e)
{
    for (size_t k = 0; k < b->n; k++) {
        jobs[k].l = &b->walked[k];
        sh->total += jobs[k].size;
    }
    if (run_pool(sh, jobs, b->n, e) < 0 || place_blobs(img, b, sh, e) < 0)
        return -1;
    pool_src ps = {b, jobs};
    return finish_image(img, sh, reread_pool, &ps, e);
}

static int reread_pool(dd_image *img, dd_walk_shared *sh, fixlist *fx, size_t n, void *ud,
                       dd_error *e)
{
    pool_src *ps = ud;
    dd_walker w;
    if (dd_walker_init(&w, sh, e) < 0)
        return -1;
    char *buf = dd_xmalloc(RANGE_BUF);
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        dd_layer *l = &img->layers[fx[i].pos];
        layer_src rs = {.job = &ps->jobs[ps->b->of[fx[i].pos]], .sh = sh, .buf = buf};
        w.fix = &fx[i].fix;
        rc = walk_job(&w, &rs, l, false, e);
        w.fix = NULL;
    }
    free(buf);
    dd_walker_destroy(&w);
    return rc;
}

int dd_image_read_streams(dd_image *img, dd_walk_shared *sh, dd_layer_stream *streams, dd_error *e)
{
    name_layers(img);
    blobs b;
    blobs_init(&b, img->nlayers);
    pool_job *jobs = dd_xcalloc(img->nlayers ? img->nlayers : 1, sizeof *jobs);
    for (size_t i = 0; i < img->nlayers; i++) {
        size_t before = b.n;
        size_t k = blobs_add(&b, img, i, img->layers[i].name);
        if (b.n > before)
            jobs[k] = (pool_job){.fd = -1, .size = streams[i].size, .stream = &streams[i]};
    }
    int rc = read_blobs(img, sh, &b, jobs, e);
    blobs_free(&b, img->nlayers);
    free(jobs);
    return rc;
}

/* --------------------------------------------------- docker-archive, indexed ---- */

static long fd_pread(void *ud, void *buf, size_t n, uint64_t off)
{
    return (long)pread(*(int *)ud, buf, n, (off_t)off);
}

static const dd_tar_member *find_member(const dd_tar_member *m, size_t n, const char *name)
{
    bool empty;
    dd_error e = {0};
    _cleanup_free_ char *want = dd_image_clean_path(name, &empty, &e);
    if (!want)
        return NULL;
    /* The last one wins, as when the tar is extracted. */
    for (size_t i = n; i-- > 0;) {
        _cleanup_free_ char *have = dd_image_clean_path(m[i].name, &empty, &e);
        if (have && strcmp(have, want) == 0)
            return &m[i];
    }
    return NULL;
}

static char *read_member(int fd, const dd_tar_member *m, const char *ref, dd_error *e)
{
    if (m->size > DD_IMAGE_MAX_JSON)
        return dd_error_set(e, DD_ERR_INPUT, 0, "image %s: %s: %llu bytes is too large for JSON",
                            ref, m->name, (unsigned long long)m->size),
               NULL;
    char *buf = dd_xmalloc(m->size + 1);
    size_t got = 0;
    while (got < m->size) {
        ssize_t r = pread(fd, buf + got, m->size - got, (off_t)(m->off + got));
        if (r <= 0) {
            free(buf);
            return dd_error_set(e, DD_ERR_INPUT, r < 0 ? errno : 0, "image %s: cannot read %s", ref,
                                m->name),
                   NULL;
        }
        got += (size_t)r;
    }
    buf[m->size] = '\0';
    return buf;
}

static int docker_archive_indexed(dd_image *img, int fd, uint64_t fsize, dd_walk_shared *sh,
                                  dd_error *e)
{
    dd_tar_member *m = NULL;
    size_t nm = 0;
    if (dd_tar_index(fd_pread, &fd, fsize, &m, &nm, e) < 0)
        return dd_error_prefix(e, "image %s", img->ref);
    int rc = -1;
    char *cfgname = NULL, **lnames = NULL, *text = NULL;
    size_t nl = 0;
    pool_job *jobs = NULL;
    blobs b = {0};
    const dd_tar_member *mm = find_member(m, nm, "manifest.json");
    if (!mm) {
        dd_error_set(e, DD_ERR_INPUT, 0, "image %s: no manifest.json: not a docker save archive",
                     img->ref);
        goto out;
    }
    text = read_member(fd, mm, img->ref, e);
    if (!text)
        goto out;
    if (dd_image_parse_manifest_at(text, mm->size, sh->o->index, &img->archive_images, &cfgname,
                                   &lnames, &nl, &img->tags, e) < 0) {
        dd_error_prefix(e, "image %s", img->ref);
        goto out;
    }
    free(text);
    text = NULL;
    const dd_tar_member *cm = find_member(m, nm, cfgname);
    if (!cm) {
        dd_error_set(e, DD_ERR_INPUT, 0,
                     "image %s: manifest.json names config %s, which is not "
                     "in the archive",
                     img->ref, cfgname);
        goto out;
    }
    text = read_member(fd, cm, img->ref, e);
    if (!text || set_config(img, cfgname, text, cm->size, NULL, e) < 0)
        goto out;
    img->layers = dd_xcalloc(nl ? nl : 1, sizeof *img->layers);
    const dd_tar_member **lm = dd_xcalloc(nl ? nl : 1, sizeof *lm);
    for (size_t i = 0; i < nl; i++) {
        lm[i] = find_member(m, nm, lnames[i]);
        if (!lm[i]) {
            free(lm);
            dd_error_set(e, DD_ERR_INPUT, 0,
                         "image %s: manifest.json names layer %s, which is not in the archive",
                         img->ref, lnames[i]);
            goto out;
        }
        img->layers[i].name = dd_xstrdup(lnames[i]);
        img->nlayers = i + 1; /* freed with the image if a later one is missing */
        img->layers[i].compressed = lm[i]->size;
    }
    img->nlayers = nl;
    name_layers(img);
    blobs_init(&b, nl);
    jobs = dd_xcalloc(nl ? nl : 1, sizeof *jobs);
    for (size_t i = 0; i < nl; i++) {
        _cleanup_free_ char *key = dd_xasprintf("%llu", (unsigned long long)lm[i]->off);
        size_t k = blobs_add(&b, img, i, key);
        jobs[k] = (pool_job){.fd = fd,
                             .off = lm[i]->off,
                             .size = lm[i]->size,
                             .expect = archive_layer_expect(img, i),
                             .diff_id = true};
    }
    free(lm);
    rc = read_blobs(img, sh, &b, jobs, e);
out:
    blobs_free(&b, nl);
    free(jobs);
    free(text);
    free(cfgname);
    for (size_t i = 0; i < nl; i++)
        free(lnames[i]);
    free(lnames);
    dd_tar_index_free(m, nm);
    return rc;
}

/* ------------------------------------------------------------- streams ---- */

#define RING_CAP (8u << 20)

typedef struct ring {
    pthread_mutex_t m;
    pthread_cond_t data, space;
    char *buf;
    size_t head, len;
    bool eof, producer_failed, consumer_done;
    char *chunk; /* the consumer's copy handed to libarchive */
} ring;

static int ring_push(ring *r, const void *data, size_t len)
{
    const char *p = data;
    pthread_mutex_lock(&r->m);
    while (len > 0) {
        while (r->len == RING_CAP && !r->consumer_done)
            pthread_cond_wait(&r->space, &r->m);
        if (r->consumer_done) {
            pthread_mutex_unlock(&r->m);
            return -1;
        }
        size_t tail = (r->head + r->len) % RING_CAP;
        size_t room = RING_CAP - r->len;
        size_t n = len < room ? len : room;
        if (n > RING_CAP - tail)
            n = RING_CAP - tail;
        memcpy(r->buf + tail, p, n);
        r->len += n;
        p += n;
        len -= n;
        pthread_cond_signal(&r->data);
    }
    pthread_mutex_unlock(&r->m);
    return 0;
}

static void ring_close(ring *r, bool failed)
{
    pthread_mutex_lock(&r->m);
    r->eof = true;
    r->producer_failed = failed;
    pthread_cond_signal(&r->data);
    pthread_mutex_unlock(&r->m);
}

#define CHUNK (256u << 10)

static la_ssize_t ring_read(struct archive *a, void *ud, const void **out)
{
    ring *r = ud;
    pthread_mutex_lock(&r->m);
    while (r->len == 0 && !r->eof)
        pthread_cond_wait(&r->data, &r->m);
    if (r->len == 0) {
        bool failed = r->producer_failed;
        pthread_mutex_unlock(&r->m);
        if (failed) {
            archive_set_error(a, EIO, "the image stream failed");
            return -1;
        }
        return 0;
    }
    size_t n = r->len < CHUNK ? r->len : CHUNK;
    if (n > RING_CAP - r->head)
        n = RING_CAP - r->head;
    memcpy(r->chunk, r->buf + r->head, n);
    r->head = (r->head + n) % RING_CAP;
    r->len -= n;
    pthread_cond_signal(&r->space);
    pthread_mutex_unlock(&r->m);
    *out = r->chunk;
    return (la_ssize_t)n;
}

/* A member of the outer tar read as a layer: the peeked head first, then the rest. */
typedef struct nested {
    struct archive *outer;
    const char *head;
    size_t head_len, head_pos;
    char *buf;
    dd_digest *stored; /* the member's bytes as stored, or NULL (second reads) */
} nested;

static la_ssize_t nested_read(struct archive *a, void *ud, const void **out)
{
    nested *n = ud;
    if (n->head_pos < n->head_len) {
        *out = n->head + n->head_pos;
        la_ssize_t k = (la_ssize_t)(n->head_len - n->head_pos);
        n->head_pos = n->head_len;
        if (n->stored)
            dd_digest_update(n->stored, *out, (size_t)k);
        return k;
    }
    la_ssize_t got = archive_read_data(n->outer, n->buf, CHUNK);
    if (got < 0) {
        const char *m = archive_error_string(n->outer);
        archive_set_error(a, EIO, "%s", m ? m : "read error");
        return -1;
    }
    if (n->stored)
        dd_digest_update(n->stored, n->buf, (size_t)got);
    *out = n->buf;
    return got;
}

typedef struct kept {
    char *name;
    char *data;
    size_t len;
} kept;

typedef struct stream_state {
    dd_walk_shared *sh;
    dd_image *img;
    ring *ring;
    kept *json;
    size_t njson, capjson;
    size_t json_bytes;             /* sum of json[].len, bounded by STREAM_MAX_JSON_TOTAL */
    dd_layer *layers;              /* in stream order, named by member */
    char (*sums)[DD_DIGEST_LEN];   /* sha256 of each layer's uncompressed tar, as layers[] */
    char (*stored)[DD_DIGEST_LEN]; /* and of its bytes as stored (see walk_job) */
    size_t capsums, capstored;
    size_t nl, capl;
    fixlist *fx; /* a second read: only these layers, in fix mode */
    size_t nfx, nfx_done;
    int rc;
    dd_error err;
} stream_state;

/* All JSON members of one streamed archive together (manifest, configs, index). */
#define STREAM_MAX_JSON_TOTAL (4u * DD_IMAGE_MAX_JSON)

static bool ends_with(const char *s, const char *suf)
{
    size_t a = strlen(s), b = strlen(suf);
    return a >= b && strcmp(s + a - b, suf) == 0;
}

static bool layer_like(const char *name)
{
    return ends_with(name, ".tar") || ends_with(name, ".tar.gz") || ends_with(name, ".tgz") ||
           ends_with(name, ".tar.zst") || strncmp(name, "blobs/", 6) == 0;
}

/* A second read of the layer member `name`, if a fixlist wants it. */
static int stream_refix(stream_state *st, dd_walker *w, struct archive *a, const char *name,
                        const char *head, size_t hl, char *nbuf, dd_error *e)
{
    fixlist *f = NULL;
    for (size_t i = 0; i < st->nfx && !f; i++)
        if (st->fx[i].fix.pos < st->fx[i].fix.n &&
            strcmp(st->img->layers[st->fx[i].pos].name, name) == 0)
            f = &st->fx[i];
    if (!f)
        return 0;
    dd_layer *l = &st->img->layers[f->pos];
    nested nst = {a, head, hl, 0, nbuf, NULL};
    struct archive *in = dd_walk_archive_new();
    int rc;
    if (archive_read_open2(in, &nst, NULL, nested_read, NULL, NULL) != ARCHIVE_OK) {
        rc = dd_error_set(e, DD_ERR_INPUT, 0, "image %s: layer %s: cannot read it again",
                          st->img->ref, name);
    } else {
        w->fix = &f->fix;
        rc = dd_walk_archive(w, in, l, l->digest ? l->digest : name, e);
        w->fix = NULL;
    }
    archive_read_free(in);
    st->nfx_done++;
    return rc;
}

static int stream_walk(stream_state *st, dd_error *e)
{
    dd_walker w;
    if (dd_walker_init(&w, st->sh, e) < 0)
        return -1;
    struct archive *a = archive_read_new();
    archive_read_support_format_tar(a);
    archive_read_support_format_gnutar(a);
    archive_read_support_filter_all(a);
    char *head = dd_xmalloc(512);
    char *nbuf = dd_xmalloc(CHUNK);
    int rc = -1;
    if (archive_read_open2(a, st->ring, NULL, ring_read, NULL, NULL) != ARCHIVE_OK) {
        const char *m = archive_error_string(a);
        dd_error_set(e, DD_ERR_INPUT, 0, "image %s: %s", st->img->ref,
                     m ? m : "not a docker save archive");
        goto out;
    }
    struct archive_entry *ae;
    for (;;) {
        int r = archive_read_next_header(a, &ae);
        if (r == ARCHIVE_EOF)
            break;
        if (r < ARCHIVE_WARN) {
            const char *m = archive_error_string(a);
            dd_error_set(e, DD_ERR_INPUT, 0, "image %s: corrupt or truncated archive: %s",
                         st->img->ref, m ? m : "read error");
            goto out;
        }
        if (archive_entry_filetype(ae) != AE_IFREG || archive_entry_hardlink(ae))
            continue;
        bool empty;
        _cleanup_free_ char *name = dd_image_clean_path(archive_entry_pathname(ae), &empty, e);
        if (!name) {
            dd_error_prefix(e, "image %s", st->img->ref);
            goto out;
        }
        int64_t size = archive_entry_size(ae);
        size_t hl = 0;
        while (hl < 512) {
            la_ssize_t g = archive_read_data(a, head + hl, 512 - hl);
            if (g < 0) {
                dd_error_set(e, DD_ERR_INPUT, 0, "image %s: %s: %s", st->img->ref, name,
                             archive_error_string(a));
                goto out;
            }
            if (g == 0)
                break;
            hl += (size_t)g;
        }
        size_t ws = 0;
        while (ws < hl &&
               (head[ws] == ' ' || head[ws] == '\n' || head[ws] == '\t' || head[ws] == '\r'))
            ws++;
        bool is_json = ends_with(name, ".json") || strcmp(name, "repositories") == 0 ||
                       (hl > ws && head[ws] == '{');
        if (st->fx && !is_json && layer_like(name)) {
            if (stream_refix(st, &w, a, name, head, hl, nbuf, e) < 0)
                goto out;
            if (st->nfx_done == st->nfx)
                break; /* nothing more to read again */
            continue;
        }
        if (st->fx)
            continue;
        if (is_json) {
            if (size < 0 || (uint64_t)size > DD_IMAGE_MAX_JSON) {
                dd_error_set(e, DD_ERR_INPUT, 0, "image %s: %s: too large for JSON", st->img->ref,
                             name);
                goto out;
            }
            dd_buf b = DD_BUF_INIT;
            dd_buf_append(&b, head, hl);
            char tmp[65536];
            la_ssize_t g;
            while ((g = archive_read_data(a, tmp, sizeof tmp)) > 0) {
                dd_buf_append(&b, tmp, (size_t)g);
                if (b.len > DD_IMAGE_MAX_JSON)
                    break;
            }
            if (g < 0) {
                dd_buf_free(&b);
                dd_error_set(e, DD_ERR_INPUT, 0, "image %s: %s: %s", st->img->ref, name,
                             archive_error_string(a));
                goto out;
            }
            /* Each member is bounded, their number is not: a small gzip'd archive can
             * hold thousands of 16 MiB "*.json" members, all kept until the end. */
            if (b.len > STREAM_MAX_JSON_TOTAL - st->json_bytes) {
                dd_buf_free(&b);
                dd_error_set(e, DD_ERR_INPUT, 0,
                             "image %s: %s: more than %u MiB of JSON members in the archive",
                             st->img->ref, name, STREAM_MAX_JSON_TOTAL >> 20);
                goto out;
            }
            st->json_bytes += b.len;
            st->json = dd_xgrow(st->json, &st->capjson, st->njson + 1, sizeof *st->json);
            st->json[st->njson].len = b.len;
            st->json[st->njson].data = dd_buf_steal(&b);
            st->json[st->njson].name = steal_pointer(&name);
            st->njson++;
            continue;
        }
        if (!layer_like(name))
            continue;
        if (size > 0 && (uint64_t)size > st->sh->max_layer * 2) {
            dd_error_set(e, DD_ERR_INPUT, 0,
                         "image %s: layer %s: %lld bytes, more than --max-layer-size allows",
                         st->img->ref, name, (long long)size);
            goto out;
        }
        st->layers = dd_xgrow(st->layers, &st->capl, st->nl + 1, sizeof *st->layers);
        dd_layer *l = &st->layers[st->nl++];
        memset(l, 0, sizeof *l);
        l->name = steal_pointer(&name);
        l->compressed = size > 0 ? (uint64_t)size : 0;
        /* Hashed uncompressed, compared with the diff id once manifest.json and the
         * config (which come after the layers in a docker save stream) are known. */
        dd_digest stored;
        bool stored_differs = layer_may_be_compressed(head, hl);
        if (stored_differs)
            dd_digest_init(&stored);
        nested nst = {a, head, hl, 0, nbuf, stored_differs ? &stored : NULL};
        struct archive *raw = raw_reader();
        int wr;
        int filter = ARCHIVE_FILTER_NONE;
        st->sums = dd_xgrow(st->sums, &st->capsums, st->nl, sizeof *st->sums);
        st->stored = dd_xgrow(st->stored, &st->capstored, st->nl, sizeof *st->stored);
        st->sums[st->nl - 1][0] = '\0';
        if (archive_read_open2(raw, &nst, NULL, nested_read, NULL, NULL) != ARCHIVE_OK) {
            const char *m = archive_error_string(raw);
            wr = dd_error_set(e, DD_ERR_INPUT, 0, "image %s: layer %s: %s", st->img->ref, l->name,
                              m ? m : "not a tar archive");
        } else {
            wr = walk_uncompressed(&w, raw, l, l->name, st->sums[st->nl - 1], e);
            filter = archive_filter_code(raw, 0);
        }
        archive_read_free(raw);
        if (stored_differs)
            dd_digest_final(&stored, st->stored[st->nl - 1]);
        else if (filter == ARCHIVE_FILTER_NONE) /* the very bytes the diff id hashed */
            memcpy(st->stored[st->nl - 1], st->sums[st->nl - 1], DD_DIGEST_LEN);
        else /* a filter the sniff does not know, in a stream: only the diff id can match */
            st->stored[st->nl - 1][0] = '\0';
        if (wr < 0)
            goto out;
    }
    rc = 0;
out:
    archive_read_free(a);
    free(head);
    free(nbuf);
    dd_walker_destroy(&w);
    return rc;
}

static void *stream_thread(void *ud)
{
    stream_state *st = ud;
    st->rc = stream_walk(st, &st->err);
    pthread_mutex_lock(&st->ring->m);
    st->ring->consumer_done = true;
    pthread_cond_broadcast(&st->ring->space);
    pthread_mutex_unlock(&st->ring->m);
    if (st->rc < 0)
        atomic_store(&st->sh->stop, 1);
    return NULL;
}

/* After the stream: order the layers as manifest.json says. */
static int stream_finish(stream_state *st, blobs *b, dd_error *e)
{
    dd_image *img = st->img;
    const kept *man = NULL;
    for (size_t i = 0; i < st->njson; i++)
        if (strcmp(st->json[i].name, "manifest.json") == 0)
            man = &st->json[i];
    if (!man)
        return dd_error_set(e, DD_ERR_INPUT, 0,
                            "image %s: no manifest.json: not a docker save archive", img->ref);
    char *cfgname = NULL, **lnames = NULL;
    size_t nl = 0;
    json_t *tags = NULL;
    if (dd_image_parse_manifest_at(man->data, man->len, st->sh->o->index, &img->archive_images,
                                   &cfgname, &lnames, &nl, &tags, e) < 0)
        return dd_error_prefix(e, "image %s", img->ref);
    int rc = -1;
    dd_layer **found = NULL;
    if (!img->tags)
        img->tags = tags;
    else
        json_decref(tags);
    bool empty;
    dd_error ce = {0};
    char *cfgclean = dd_image_clean_path(cfgname, &empty, &ce);
    const kept *cfg = NULL;
    for (size_t i = 0; cfgclean && i < st->njson; i++)
        if (strcmp(st->json[i].name, cfgclean) == 0)
            cfg = &st->json[i];
    free(cfgclean);
    if (!cfg) {
        dd_error_set(e, DD_ERR_INPUT, 0,
                     "image %s: manifest.json names config %s, which is not in the archive",
                     img->ref, cfgname);
        goto out;
    }
    if (set_config(img, cfgname, cfg->data, cfg->len, NULL, e) < 0)
        goto out;
    img->layers = dd_xcalloc(nl ? nl : 1, sizeof *img->layers);
    found = dd_xcalloc(nl ? nl : 1, sizeof *found);
    for (size_t i = 0; i < nl; i++) {
        char *want = dd_image_clean_path(lnames[i], &empty, &ce);
        /* The last member of a name wins, as when the tar is extracted. */
        for (size_t k = st->nl; want && k-- > 0;)
            if (st->layers[k].name && strcmp(st->layers[k].name, want) == 0) {
                found[i] = &st->layers[k];
                break;
            }
        if (!found[i]) {
            free(want);
            dd_error_set(e, DD_ERR_INPUT, 0,
                         "image %s: manifest.json names layer %s, which is not in the archive",
                         img->ref, lnames[i]);
            goto out;
        }
        img->layers[i].name = want;
        img->layers[i].compressed = found[i]->compressed;
        img->nlayers = i + 1;
    }
    img->nlayers = nl;
    name_layers(img);
    for (size_t i = 0; i < nl; i++) {
        const char *want = archive_layer_expect(img, i);
        const char *got = st->sums[found[i] - st->layers];
        if (want && strcmp(st->stored[found[i] - st->layers], want) == 0)
            continue;
        if (want && strncmp(want, "sha256:", 7) != 0)
            dd_notes_add(&img->notes, NULL,
                         "image %s: layer %s is not verified: %s is not a "
                         "sha256 digest",
                         img->ref, img->layers[i].name, want);
        else if (want && dd_digest_expect(got, want, e, "image %s: layer %s", img->ref,
                                          img->layers[i].name) < 0)
            goto out;
    }
    blobs_init(b, nl);
    for (size_t i = 0; i < nl; i++) {
        size_t before = b->n;
        size_t k = blobs_add(b, img, i, img->layers[i].name);
        if (b->n == before)
            continue;
        dd_layer *w = &b->walked[k], *f = found[i];
        /* The walk's results, under the names blobs_add gave. */
        char *wname = w->name, *wdigest = w->digest, *wmt = w->media_type;
        free(f->name);
        free(f->digest);
        free(f->media_type);
        *w = *f;
        memset(f, 0, sizeof *f);
        w->name = wname, w->digest = wdigest, w->media_type = wmt;
    }
    rc = place_blobs(img, b, st->sh, e);
out:
    free(found);
    free(cfgname);
    for (size_t i = 0; i < nl; i++)
        free(lnames[i]);
    free(lnames);
    return rc;
}

static void stream_state_free(stream_state *st)
{
    for (size_t i = 0; i < st->njson; i++) {
        free(st->json[i].name);
        free(st->json[i].data);
    }
    free(st->json);
    for (size_t i = 0; i < st->nl; i++)
        dd_layer_free(&st->layers[i]);
    free(st->layers);
    free(st->sums);
    free(st->stored);
}

typedef int (*producer_fn)(ring *r, void *ud, dd_error *e);

/* Run `produce` in this thread, the tar walk in another; then assemble. */
/* One pass over the stream: `produce` in this thread, the tar walk in another. With
 * `fx`, a second read of the layers listed there. `st` is the caller's to free. */
static int stream_pass(dd_image *img, dd_walk_shared *sh, producer_fn produce, void *pud,
                       fixlist *fx, size_t nfx, stream_state *st, dd_error *e)
{
    ring r = {0};
    pthread_mutex_init(&r.m, NULL);
    pthread_cond_init(&r.data, NULL);
    pthread_cond_init(&r.space, NULL);
    r.buf = dd_xmalloc(RING_CAP);
    r.chunk = dd_xmalloc(CHUNK);
    *st = (stream_state){.sh = sh, .img = img, .ring = &r, .fx = fx, .nfx = nfx};
    pthread_t th;
    int rc = -1;
    if (pthread_create(&th, NULL, stream_thread, st) != 0) {
        dd_error_sys(e, errno, "cannot start a thread");
        goto out;
    }
    dd_error pe = {0};
    int prc = produce(&r, pud, &pe);
    ring_close(&r, prc < 0);
    pthread_join(th, NULL);
    /* A producer that failed on its own (a bound, a read error) explains the walker's
     * truncated input; a producer stopped by the walker ("stream failed") does not. */
    if (prc < 0 && !strstr(pe.msg, "stream failed") && !(st->fx && st->nfx_done == st->nfx)) {
        *e = pe;
        goto out;
    }
    if (st->rc < 0) {
        *e = st->err;
        goto out;
    }
    /* A second read stops the producer once it has what it needed. */
    if (prc < 0 && !(st->fx && st->nfx_done == st->nfx)) {
        *e = pe;
        goto out;
    }
    rc = 0;
out:
    st->ring = NULL;
    free(r.buf);
    free(r.chunk);
    pthread_mutex_destroy(&r.m);
    pthread_cond_destroy(&r.data);
    pthread_cond_destroy(&r.space);
    return rc;
}

typedef struct stream_src {
    producer_fn produce;
    void *pud;
} stream_src;

static int reread_stream(dd_image *img, dd_walk_shared *sh, fixlist *fx, size_t n, void *ud,
                         dd_error *e)
{
    stream_src *ss = ud;
    stream_state st;
    int rc = stream_pass(img, sh, ss->produce, ss->pud, fx, n, &st, e);
    stream_state_free(&st);
    return rc;
}

/* Read the stream, order its layers as manifest.json says, then finish the image. */
static int run_stream(dd_image *img, dd_walk_shared *sh, producer_fn produce, void *pud,
                      dd_error *e)
{
    stream_state st;
    blobs b = {0};
    int rc = stream_pass(img, sh, produce, pud, NULL, 0, &st, e);
    if (rc == 0)
        rc = stream_finish(&st, &b, e);
    stream_state_free(&st);
    blobs_free(&b, 0);
    stream_src ss = {produce, pud};
    return rc < 0 ? -1 : finish_image(img, sh, reread_stream, &ss, e);
}

/* Compressed docker-archive: this thread decompresses, the other walks. */
typedef struct file_prod {
    const char *path;
    dd_walk_shared *sh;
    const char *ref;
} file_prod;

static int produce_file(ring *r, void *ud, dd_error *e)
{
    file_prod *fp = ud;
    struct archive *a = archive_read_new();
    archive_read_support_filter_all(a);
    archive_read_support_format_raw(a);
    int rc = -1;
    struct archive_entry *ae;
    if (archive_read_open_filename(a, fp->path, 1u << 20) != ARCHIVE_OK ||
        archive_read_next_header(a, &ae) != ARCHIVE_OK) {
        dd_error_set(e, DD_ERR_INPUT, 0, "image %s: %s", fp->ref,
                     archive_error_string(a) ? archive_error_string(a) : "unreadable");
        goto out;
    }
    char *buf = dd_xmalloc(1u << 20);
    int64_t last = 0;
    uint64_t out_bytes = 0;
    for (;;) {
        la_ssize_t g = archive_read_data(a, buf, 1u << 20);
        if (g < 0) {
            dd_error_set(e, DD_ERR_INPUT, 0,
                         "image %s: corrupt or truncated compressed archive: "
                         "%s",
                         fp->ref, archive_error_string(a));
            free(buf);
            goto out;
        }
        if (g == 0)
            break;
        int64_t pos = archive_filter_bytes(a, -1);
        dd_walk_progress(fp->sh, (uint64_t)(pos > last ? pos - last : 0));
        last = pos;
        out_bytes += (uint64_t)g;
        if (out_bytes > fp->sh->max_image) {
            dd_error_set(e, DD_ERR_INPUT, 0,
                         "image %s: the archive decompresses to more than %llu bytes "
                         "(--max-image-size); a decompression bomb?",
                         fp->ref, (unsigned long long)fp->sh->max_image);
            free(buf);
            goto out;
        }
        if (ring_push(r, buf, (size_t)g) < 0)
            break; /* the walker stopped: its error tells why */
    }
    free(buf);
    rc = 0;
out:
    archive_read_free(a);
    return rc;
}

/* The daemon: curl's write callback feeds the ring. */
typedef struct daemon_prod {
    dd_engine *eng;
    const char *path;
    dd_walk_shared *sh;
    const char *ref;
} daemon_prod;

static int daemon_sink(const void *data, size_t len, void *ud, dd_error *e)
{
    ring *r = ud;
    (void)e;
    if (ring_push(r, data, len) < 0)
        return dd_error_set(e, DD_ERR_RUN, 0, "stream failed");
    return 0;
}

typedef struct daemon_ring_ud {
    ring *r;
    dd_walk_shared *sh;
    const char *ref;
    uint64_t bytes;
} daemon_ring_ud;

static int daemon_sink2(const void *data, size_t len, void *ud, dd_error *e)
{
    daemon_ring_ud *d = ud;
    dd_walk_progress(d->sh, len);
    d->bytes += len;
    if (d->bytes > d->sh->max_image)
        return dd_error_set(e, DD_ERR_INPUT, 0,
                            "image %s: the daemon sent more than %llu bytes for it "
                            "(--max-image-size)",
                            d->ref, (unsigned long long)d->sh->max_image);
    return daemon_sink(data, len, d->r, e);
}

static int produce_daemon(ring *r, void *ud, dd_error *e)
{
    daemon_prod *dp = ud;
    daemon_ring_ud d = {r, dp->sh, dp->ref, 0};
    return dd_engine_stream(dp->eng, dp->path, daemon_sink2, &d, e);
}

int dd_source_daemon(dd_image *img, const char *name, dd_walk_shared *sh, dd_error *e)
{
    dd_engine_config def = {.tls_verify = -1};
    const dd_engine_config *cfg = sh->o->engine ? sh->o->engine : &def;
    dd_engine *eng = NULL;
    if (dd_engine_open(&eng, cfg, e) < 0)
        return -1;
    int rc = -1;
    json_t *insp = NULL;
    _cleanup_free_ char *esc = dd_engine_escape(name);
    _cleanup_free_ char *ipath = dd_xasprintf("/images/%s/json", esc);
    _cleanup_free_ char *gpath = NULL;
    long status = 0;
    if (dd_engine_connect(eng, e) < 0)
        goto out;
    if (dd_engine_get_json(eng, ipath, &insp, &status, e) < 0) {
        if (status == 404) {
            dd_error_set(e, DD_ERR_RUN, 0, "no such image: %s", name);
            dd_error_hint(e,
                          "drydock never pulls: 'docker pull %s' first, or scan a "
                          "docker-archive:FILE",
                          name);
        }
        goto out;
    }
    const char *id = json_string_value(json_object_get(insp, "Id"));
    if (!id || !dd_image_digest_ok(id)) {
        dd_error_set(e, DD_ERR_INPUT, 0, "image %s: the daemon gave no valid Id", name);
        goto out;
    }
    img->id = dd_xstrdup(id);
    json_t *tags = json_object_get(insp, "RepoTags");
    img->tags = json_is_array(tags) ? json_deep_copy(tags) : json_array();
    json_int_t size = json_integer_value(json_object_get(insp, "Size"));
    sh->total = size > 0 ? (uint64_t)size : 0;
    gpath = dd_xasprintf("/images/%s/get", id);
    daemon_prod dp = {eng, gpath, sh, img->ref};
    rc = run_stream(img, sh, produce_daemon, &dp, e);
out:
    if (insp)
        json_decref(insp);
    dd_engine_free(eng);
    return rc;
}

static int open_docker_archive(dd_image *img, const char *path, dd_walk_shared *sh, dd_error *e)
{
    _cleanup_close_ int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return dd_error_sys(e, errno, "image %s: cannot open %s", img->ref, path);
    struct stat st;
    if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode))
        return dd_error_set(e, DD_ERR_RUN, 0, "image %s: %s is not a regular file", img->ref, path);
    unsigned char magic[6] = {0};
    ssize_t mg = pread(fd, magic, sizeof magic, 0);
    bool compressed = mg >= 2 && ((magic[0] == 0x1f && magic[1] == 0x8b) ||
                                  (mg >= 4 && magic[0] == 0x28 && magic[1] == 0xb5 &&
                                   magic[2] == 0x2f && magic[3] == 0xfd) ||
                                  (mg >= 3 && memcmp(magic, "BZh", 3) == 0) ||
                                  (mg >= 6 && memcmp(magic,
                                                     "\xfd"
                                                     "7zXZ",
                                                     5) == 0));
    if (!compressed)
        return docker_archive_indexed(img, fd, (uint64_t)st.st_size, sh, e);
    sh->total = (uint64_t)st.st_size;
    file_prod fp = {path, sh, img->ref};
    return run_stream(img, sh, produce_file, &fp, e);
}

/* ---------------------------------------------------------------- OCI ---- */

static char *read_small_file(const char *path, size_t max, size_t *len, const char *ref,
                             dd_error *e)
{
    dd_buf b = DD_BUF_INIT;
    if (dd_buf_read_file(&b, path, max) < 0) {
        int err = errno;
        dd_buf_free(&b);
        if (err == EFBIG)
            return dd_error_set(e, DD_ERR_INPUT, 0, "image %s: %s is too large", ref, path), NULL;
        return dd_error_sys(e, err, "image %s: cannot read %s", ref, path), NULL;
    }
    *len = b.len;
    return dd_buf_steal(&b);
}

static char *blob_path(const char *dir, const char *digest)
{
    const char *colon = strchr(digest, ':');
    return dd_xasprintf("%s/blobs/%.*s/%s", dir, (int)(colon - digest), digest, colon + 1);
}

static json_t *load_oci(const char *dir, const char *digest, int want, const char *ref, dd_error *e)
{
    _cleanup_free_ char *p = digest ? blob_path(dir, digest) : dd_xasprintf("%s/index.json", dir);
    size_t len = 0;
    _cleanup_free_ char *text = read_small_file(p, DD_IMAGE_MAX_JSON, &len, ref, e);
    if (!text) {
        if (digest && e->errnum == ENOENT)
            dd_error_set(e, DD_ERR_INPUT, 0, "image %s: blob %s is missing (%s)", ref, digest, p);
        return NULL;
    }
    if (digest && dd_digest_check(text, len, digest, e, "image %s: blob %s", ref, digest) < 0)
        return NULL;
    json_t *j = NULL;
    int kind = dd_image_parse_oci(text, len, &j, e);
    if (kind < 0)
        return dd_error_prefix(e, "image %s: %s", ref, digest ? digest : "index.json"), NULL;
    if (want && kind != want) {
        json_decref(j);
        return dd_error_set(e, DD_ERR_INPUT, 0, "image %s: %s is not an OCI %s", ref,
                            digest ? digest : "index.json", want == 1 ? "index" : "manifest"),
               NULL;
    }
    return j;
}

static int open_oci(dd_image *img, const char *dir, dd_walk_shared *sh, dd_error *e)
{
    _cleanup_json_ json_t *idx = load_oci(dir, NULL, 1, img->ref, e);
    if (!idx)
        return -1;
    img->tags = json_array();
    _cleanup_json_ json_t *man = NULL;
    json_t *cur = json_incref(idx);
    /* Follow nested indexes (multi-platform) a few levels down. */
    for (int depth = 0; depth < 4 && !man; depth++) {
        json_t *ms = json_object_get(cur, "manifests");
        json_t *pick = NULL;
        size_t i;
        json_t *d;
        json_array_foreach(ms, i, d)
        {
            json_t *pl = json_object_get(d, "platform");
            const char *os = json_string_value(json_object_get(pl, "os"));
            const char *ar = json_string_value(json_object_get(pl, "architecture"));
            if (!pl ||
                ((!os || strcmp(os, "linux") == 0) && (!ar || strcmp(ar, image_arch()) == 0))) {
                pick = d;
                break;
            }
        }
        if (!pick)
            pick = json_array_get(ms, 0);
        const char *name = json_string_value(json_object_get(json_object_get(pick, "annotations"),
                                                             "org.opencontainers.image.ref.name"));
        if (name && depth == 0)
            json_array_append_new(img->tags, json_string(name));
        const char *digest = json_string_value(json_object_get(pick, "digest"));
        json_t *next = load_oci(dir, digest, 0, img->ref, e);
        json_decref(cur);
        cur = NULL;
        if (!next)
            return -1;
        /* dd_image_parse_oci validated `next` as an index when it has a manifests array,
         * whatever else it holds: only without one were its config and layers checked. */
        if (!json_is_array(json_object_get(next, "manifests")))
            man = next;
        else
            cur = next;
    }
    if (cur)
        json_decref(cur);
    if (!man)
        return dd_error_set(e, DD_ERR_INPUT, 0, "image %s: OCI indexes nested too deep", img->ref);
    const char *cdigest =
        json_string_value(json_object_get(json_object_get(man, "config"), "digest"));
    _cleanup_free_ char *cpath = blob_path(dir, cdigest);
    size_t clen = 0;
    _cleanup_free_ char *ctext = read_small_file(cpath, DD_IMAGE_MAX_JSON, &clen, img->ref, e);
    if (!ctext) {
        if (e->errnum == ENOENT)
            dd_error_set(e, DD_ERR_INPUT, 0, "image %s: config blob %s is missing", img->ref,
                         cdigest);
        return -1;
    }
    img->id = dd_xstrdup(cdigest);
    if (set_config(img, cdigest, ctext, clen, cdigest, e) < 0)
        return -1;
    json_t *ls = json_object_get(man, "layers");
    size_t nl = json_array_size(ls);
    img->layers = dd_xcalloc(nl ? nl : 1, sizeof *img->layers);
    pool_job *jobs = dd_xcalloc(nl ? nl : 1, sizeof *jobs);
    blobs b;
    blobs_init(&b, nl);
    int rc = -1;
    for (size_t i = 0; i < nl; i++) {
        json_t *d = json_array_get(ls, i);
        const char *dg = json_string_value(json_object_get(d, "digest"));
        const char *mt = json_string_value(json_object_get(d, "mediaType"));
        if (mt && strstr(mt, "nondistributable") == NULL && !strstr(mt, "tar") &&
            !strstr(mt, "layer")) {
            dd_error_set(e, DD_ERR_INPUT, 0, "image %s: layer %s has media type %s, not a tar",
                         img->ref, dg, mt);
            goto out;
        }
        img->layers[i].name = dd_xstrdup(dg);
        img->layers[i].media_type = dd_xstrdup(mt);
        img->nlayers = i + 1;
        jobs[i].fd = -1;
    }
    name_layers(img);
    for (size_t i = 0; i < nl; i++) {
        const char *dg = img->layers[i].name;
        size_t before = b.n;
        size_t k = blobs_add(&b, img, i, dg);
        if (b.n > before) { /* listed before: read once */
            _cleanup_free_ char *bp = blob_path(dir, dg);
            int fd = open(bp, O_RDONLY | O_CLOEXEC);
            struct stat st;
            if (fd < 0) {
                if (errno == ENOENT)
                    dd_error_set(e, DD_ERR_INPUT, 0, "image %s: layer blob %s is missing", img->ref,
                                 dg);
                else
                    dd_error_sys(e, errno, "image %s: cannot open layer %s", img->ref, bp);
                goto out;
            }
            jobs[k].fd = fd;
            if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
                dd_error_set(e, DD_ERR_INPUT, 0, "image %s: layer blob %s is not a file", img->ref,
                             dg);
                goto out;
            }
            jobs[k].size = b.walked[k].compressed = (uint64_t)st.st_size;
            jobs[k].expect = dg; /* borrowed from the manifest, alive until read */
        }
        img->layers[i].compressed = jobs[k].size;
    }
    rc = read_blobs(img, sh, &b, jobs, e);
out:
    for (size_t k = 0; k < b.n; k++)
        if (jobs[k].fd >= 0)
            close(jobs[k].fd);
    blobs_free(&b, nl);
    free(jobs);
    return rc;
}

/* -------------------------------------------------------------- rootfs ---- */

static int walk_dir(dd_walker *w, dd_layer *l, int dfd, const char *rel, int depth, dd_error *e)
{
    if (depth > 256)
        return dd_error_set(e, DD_ERR_INPUT, 0, "%s: directories nested too deep", rel);
    int fd2 = dup(dfd);
    if (fd2 < 0)
        return dd_error_sys(e, errno, "%s", rel);
    _cleanup_closedir_ DIR *d = fdopendir(fd2);
    if (!d) {
        close(fd2);
        return dd_error_sys(e, errno, "cannot list %s", rel[0] ? rel : ".");
    }
    struct dirent *de;
    while ((de = readdir(d))) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
            continue;
        _cleanup_free_ char *path =
            rel[0] ? dd_xasprintf("%s/%s", rel, de->d_name) : dd_xstrdup(de->d_name);
        struct stat st;
        if (fstatat(dfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0)
            continue; /* vanished */
        dd_layer_entry ent = {0};
        ent.mode = st.st_mode & 07777;
        ent.uid = st.st_uid;
        ent.gid = st.st_gid;
        if (S_ISREG(st.st_mode)) {
            ent.kind = DD_ENT_FILE;
            ent.size = (uint64_t)st.st_size;
        } else if (S_ISDIR(st.st_mode))
            ent.kind = DD_ENT_DIR;
        else if (S_ISLNK(st.st_mode)) {
            ent.kind = DD_ENT_SYMLINK;
            char t[4097];
            ssize_t k = readlinkat(dfd, de->d_name, t, sizeof t - 1);
            t[k > 0 ? k : 0] = '\0';
            ent.link = dd_xstrdup(t);
        } else
            ent.kind = DD_ENT_OTHER;
        ent.path = dd_xstrdup(path);
        int rc;
        if (ent.kind == DD_ENT_FILE) {
            int ffd = openat(dfd, de->d_name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
            dd_walk_fd fr = {.fd = ffd, .path = path, .e = e};
            if (ffd < 0) {
                ent.size = 0; /* unreadable: metadata only */
                rc = dd_walk_entry(w, l, "rootfs", &ent, NULL, NULL, e);
            } else {
                rc = dd_walk_entry(w, l, "rootfs", &ent, dd_walk_read_fd, &fr, e);
                close(ffd);
            }
        } else {
            rc = dd_walk_entry(w, l, "rootfs", &ent, NULL, NULL, e);
        }
        if (rc < 0)
            return -1;
        if (S_ISDIR(st.st_mode)) {
            int sub = openat(dfd, de->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
            if (sub < 0)
                continue;
            rc = walk_dir(w, l, sub, path, depth + 1, e);
            close(sub);
            if (rc < 0)
                return -1;
        }
    }
    return 0;
}

static int open_rootfs(dd_image *img, const char *dir, dd_walk_shared *sh, dd_error *e)
{
    _cleanup_close_ int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return dd_error_sys(e, errno, "image %s: cannot open directory %s", img->ref, dir);
    img->layers = dd_xcalloc(1, sizeof *img->layers);
    img->nlayers = 1;
    img->layers[0].name = dd_xstrdup("rootfs");
    img->layers[0].digest = dd_xstrdup("rootfs");
    img->tags = json_array();
    dd_walker w;
    if (dd_walker_init(&w, sh, e) < 0)
        return -1;
    int rc = walk_dir(&w, &img->layers[0], fd, "", 0, e);
    dd_walker_destroy(&w);
    if (rc < 0)
        return dd_error_prefix(e, "image %s", img->ref);
    for (size_t i = 0; i < img->layers[0].n; i++)
        img->layers[0].size += img->layers[0].ent[i].size;
    /* A real directory tree: no path goes through a symlink, nothing to read again. */
    return finish_image(img, sh, NULL, NULL, e);
}

/* A bare name: the daemon first, then the registry (as Trivy does), as o->sources allows.
 * The registry is asked only when the daemon does not have the image or cannot be
 * reached; a broken image in the daemon is an error, not a reason to look elsewhere. */
static int open_bare(dd_image *img, const char *ref, dd_walk_shared *sh, dd_error *e)
{
    unsigned src = sh->o->sources ? sh->o->sources : DD_IMG_SRC_DAEMON | DD_IMG_SRC_REGISTRY;
    dd_error de = {0};
    if ((src & DD_IMG_SRC_REGISTRY_FIRST) && (src & DD_IMG_SRC_DAEMON)) {
        /* --image-src registry,daemon: the order given. The daemon is asked when the
         * registry could not give the image. */
        dd_error re = {0};
        if (dd_image_open_registry(img, ref, sh, &re) == 0)
            return 0;
        if (dd_source_daemon(img, ref, sh, &de) == 0)
            return 0;
        dd_error_set(e, DD_ERR_RUN, 0,
                     "image %s: not from the registry (%s), and not in the daemon (%s)", ref,
                     re.msg, de.msg);
        return -1;
    }
    if (src & DD_IMG_SRC_DAEMON) {
        if (dd_source_daemon(img, ref, sh, &de) == 0)
            return 0;
        bool absent = de.kind == DD_ERR_RUN && !img->id && !img->tags && !img->config;
        if (!(src & DD_IMG_SRC_REGISTRY) || !absent) {
            *e = de;
            return -1;
        }
    }
    dd_error re = {0};
    if (dd_image_open_registry(img, ref, sh, &re) == 0)
        return 0;
    if (!(src & DD_IMG_SRC_DAEMON)) {
        *e = re;
        return -1;
    }
    dd_error_set(e, DD_ERR_RUN, 0,
                 "image %s: not in the daemon (%s), and not from the registry "
                 "(%s)",
                 ref, de.msg, re.msg);
    return dd_error_hint(e,
                         "name the source: docker://%s for a registry, or --image-src "
                         "daemon|registry",
                         ref);
}

/* ------------------------------------------------------------------ open ---- */

int dd_image_open(dd_image **out, const char *ref, const dd_image_opts *o, dd_error *e)
{
    *out = NULL;
    dd_image *img = dd_xcalloc(1, sizeof *img);
    img->ref = dd_xstrdup(ref);
    dd_walk_shared sh;
    dd_walk_shared_init(&sh, ref, o);
    int rc = -1;
    if (o->flags & DD_IMG_SCAN_SECRETS) {
        sh.scanner = o->scanner;
        if (!sh.scanner) {
            if (dd_secret_scanner_new(&sh.scanner, e) < 0)
                goto out;
            sh.own_scanner = true;
        }
    }
    bool archive = strncmp(ref, "docker-archive:", 15) == 0;
    if (o->index && !archive) {
        dd_error_set(e, DD_ERR_USAGE, 0, "image %s: only a docker-archive holds several images",
                     ref);
        goto out;
    }
    if (archive)
        rc = open_docker_archive(img, ref + 15, &sh, e);
    else if (strncmp(ref, "oci:", 4) == 0)
        rc = open_oci(img, ref + 4, &sh, e);
    else if (strncmp(ref, "rootfs:", 7) == 0)
        rc = open_rootfs(img, ref + 7, &sh, e);
    else if (strncmp(ref, "docker://", 9) == 0)
        rc = dd_image_open_registry(img, ref, &sh, e);
    else if (strncmp(ref, "docker:", 7) == 0)
        rc = dd_source_daemon(img, ref + 7, &sh, e);
    else if (strncmp(ref, "container:", 10) == 0)
        rc = dd_source_container(img, ref + 10, false, &sh, e);
    else if (strncmp(ref, "container-changes:", 18) == 0)
        rc = dd_source_container(img, ref + 18, true, &sh, e);
    else
        rc = open_bare(img, ref, &sh, e);
    img->decompressed = atomic_load(&sh.image_bytes);
    if (rc == 0 && o->progress)
        o->progress(sh.total ? sh.total : atomic_load(&sh.done), sh.total, o->progress_ud);
out:
    dd_walk_shared_destroy(&sh);
    if (rc < 0) {
        dd_image_free(img);
        return -1;
    }
    for (size_t i = 0; i < img->nlayers; i++)
        dd_notes_move(&img->notes, &img->layers[i].notes);
    *out = img;
    return 0;
}
