/* Internal to src/image: the per-thread layer walker shared by every source.
 * Not for use outside src/image (and its tests).
 *
 * How file contents reach their readers (package readers, secret scanner, the small
 * configuration files): dd_walk_entry() reads a regular file's bytes through the source's
 * dd_walk_read_fn, sequentially, once. It looks at the first 8 KiB, then reads what the
 * consumers need: package databases and small files whole (bounded by DD_PKG_MAX_FILE and
 * DD_IMAGE_MAX_SMALL; larger ones are a note, never silently skipped), and streams any
 * other text file through the secret scanner a block at a time, whatever its size.
 * Decisions are made on the path docker gives the file: when the view (view.c) finds that
 * a symlinked parent moved a file to a path where a consumer would decide differently,
 * the source reads that layer once more in "fix" mode (dd_walk_fix) and only those files'
 * contents are read again, under their real path. */
#pragma once
#include <archive.h>
#include <pthread.h>
#include <stdatomic.h>

#include "core/path.h"
#include "image/image.h"
#include "secrets/secrets.h"

/* Shared by every thread reading one image. */
typedef struct dd_walk_shared {
    const char *ref; /* image name for error messages */
    const dd_image_opts *o;
    uint64_t max_layer;
    uint64_t max_image;
    atomic_ullong image_bytes;  /* decompressed for this image so far, up to max_image */
    dd_secret_scanner *scanner; /* NULL when secrets are not scanned */
    bool own_scanner;
    atomic_int stop;       /* set by the first failing thread */
    atomic_ullong entries; /* entries kept so far, bounded by DD_IMAGE_MAX_ENTRIES */
    atomic_ullong done;    /* bytes of input consumed, for progress */
    uint64_t total;        /* expected input bytes, 0 if unknown */
    pthread_mutex_t progress_lock;
} dd_walk_shared;

/* A second read of one layer: entries are only counted, in the same order as the first
 * read, and those listed in `idx` (ascending) get their contents read again under the
 * path the view gave them. */
typedef struct dd_walk_fix {
    const size_t *idx;
    const bool *keep; /* per idx: keep its data whatever its path (the file a symlinked
                         /etc/os-release, /etc/passwd... leads to), or NULL */
    size_t n;
    size_t pos;     /* next of idx[] to do */
    size_t counter; /* entries seen in this pass */
} dd_walk_fix;

/* One per thread. */
typedef struct dd_walker {
    dd_walk_shared *sh;
    dd_secret_scratch *scratch;
    char *buf;
    size_t cap;
    dd_walk_fix *fix; /* NULL on the first read, which records the entries */
} dd_walker;

void dd_walk_shared_init(dd_walk_shared *sh, const char *ref, const dd_image_opts *o);
void dd_walk_shared_destroy(dd_walk_shared *sh);
int dd_walker_init(dd_walker *w, dd_walk_shared *sh, dd_error *e);
void dd_walker_destroy(dd_walker *w);
/* Count consumed input bytes and call the progress callback now and then. */
void dd_walk_progress(dd_walk_shared *sh, uint64_t n);
/* Count `n` more bytes decompressed for the image; past --max-image-size this fails with
 * an error naming the image and what fmt says (layer and path, archive member). */
int dd_walk_count_bytes(dd_walk_shared *sh, uint64_t n, dd_error *e, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Whether the consumers (package readers, small files, path-bound secret rules) treat a
 * file at path `a` differently from one at `b`: then a second read is needed. */

bool dd_walk_path_matters(const dd_walk_shared *sh, const char *a, const char *b);

/* Walk an archive already opened for reading (formats/filters set up by
 * dd_walk_archive_new) into `l`. `lname` names the layer in errors. */
int dd_walk_archive(dd_walker *w, struct archive *a, dd_layer *l, const char *lname, dd_error *e);
/* A reader that accepts tar with any of none/gzip/zstd/... compression. */
struct archive *dd_walk_archive_new(void);

/* The metadata of one entry and a way to read its bytes (rootfs uses read(2)). */
typedef long (*dd_walk_read_fn)(void *ud, void *buf, size_t n);
int dd_walk_entry(dd_walker *w, dd_layer *l, const char *lname, dd_layer_entry *ent,
                  dd_walk_read_fn rd, void *rd_ud, dd_error *e);
/* The two sources every walk reads from: the current entry of an archive (its error
 * is the archive's) and an open file descriptor (its error names `path`). */
typedef struct dd_walk_ar {
    struct archive *a;
    dd_error *e;
} dd_walk_ar;
long dd_walk_read_archive(void *ud, void *buf, size_t n); /* ud: a dd_walk_ar */
typedef struct dd_walk_fd {
    int fd;
    const char *path;
    dd_error *e;
} dd_walk_fd;
long dd_walk_read_fd(void *ud, void *buf, size_t n); /* ud: a dd_walk_fd */

/* The files the configuration checks read whole (their data kept), NULL-terminated. */
extern const char *const dd_walk_small_files[];

/* A layer listed again at position `to`: its entries (metadata only) copied into `to`,
 * which already has its name and digest. Counts against DD_IMAGE_MAX_ENTRIES. */
int dd_layer_copy_entries(dd_walk_shared *sh, const dd_layer *from, dd_layer *to, dd_error *e);

/* ---- the outer tar of a docker-archive, indexed without libarchive so layers can be
 * read in parallel straight from the file ---- */
typedef struct dd_tar_member {
    char *name; /* as written (prefix/name, pax path or GNU long name) */
    uint64_t off, size;
} dd_tar_member;
typedef long (*dd_pread_fn)(void *ud, void *buf, size_t n, uint64_t off);
/* Index the regular files of a tar of `total` bytes. Caller frees with dd_tar_index_free. */
int dd_tar_index(dd_pread_fn rd, void *ud, uint64_t total, dd_tar_member **out, size_t *n,
                 dd_error *e);
void dd_tar_index_free(dd_tar_member *m, size_t n);

/* Sources other than source.c's own. The daemon: an image by name or id. */
int dd_source_daemon(dd_image *img, const char *name, dd_walk_shared *sh, dd_error *e);
/* Forget the final view (and which layer removed what), so that dd_image_assemble can
 * build it again after a layer was added on top. */
void dd_image_view_drop(dd_image *img);
/* A container (source_container.c): its image's layers plus one more holding what changed
 * since it started; with `changes_only`, that layer alone. */
int dd_source_container(dd_image *img, const char *name, bool changes_only, dd_walk_shared *sh,
                        dd_error *e);

/* "sha256:<64 hex>" or "sha512:<128 hex>": safe to turn into a blob path. */
bool dd_image_digest_ok(const char *d);

/* ---- shared by the sources (source.c, source_registry.c) ---- */

/* A layer's bytes from a stream rather than a file range (a registry blob): `read` gives
 * the next chunk (>0, valid until the next call), 0 at the end once the stream has
 * verified itself, -1 with `e` set; `rewind` (may be NULL) starts it again for a second
 * read. */
typedef struct dd_layer_stream {
    long (*read)(void *ud, const void **out, dd_error *e);
    void (*rewind)(void *ud);
    void *ud;
    uint64_t size; /* as the manifest declares it */
} dd_layer_stream;

/* Read img->layers (named, config set) from streams[i] for position i: blobs named
 * twice are read once, several at once, then the view is built (dd_image_assemble) and
 * any second reads done. */
int dd_image_read_streams(dd_image *img, dd_walk_shared *sh, dd_layer_stream *streams,
                          dd_error *e);
/* Parse and check the configuration `text` named `cfgname`; when `expect` is a digest the
 * bytes must hash to it (the image id). */
int dd_image_set_config(dd_image *img, const char *cfgname, const char *text, size_t len,
                        const char *expect, dd_error *e);
/* A registry image ("docker://HOST/REPO:TAG", or a bare name): source_registry.c. */
int dd_image_open_registry(dd_image *img, const char *ref, dd_walk_shared *sh, dd_error *e);
