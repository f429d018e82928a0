/* Internal to src/image: the per-thread layer walker shared by every source.
 * Not for use outside src/image (and its tests). */
#pragma once
#include <archive.h>
#include <pthread.h>
#include <stdatomic.h>

#include "image/image.h"
#include "secrets/secrets.h"

/* Shared by every thread reading one image. */
typedef struct dd_walk_shared {
    const char *ref;            /* image name for error messages */
    const dd_image_opts *o;
    uint64_t max_layer;
    dd_secret_scanner *scanner; /* NULL when secrets are not scanned */
    bool own_scanner;
    atomic_int stop;            /* set by the first failing thread */
    atomic_ullong entries;      /* entries kept so far, bounded by DD_IMAGE_MAX_ENTRIES */
    atomic_ullong done;         /* bytes of input consumed, for progress */
    uint64_t total;             /* expected input bytes, 0 if unknown */
    pthread_mutex_t progress_lock;
} dd_walk_shared;

/* One per thread. */
typedef struct dd_walker {
    dd_walk_shared *sh;
    dd_secret_scratch *scratch;
    char *buf;
    size_t cap;
} dd_walker;

void dd_walk_shared_init(dd_walk_shared *sh, const char *ref, const dd_image_opts *o);
void dd_walk_shared_destroy(dd_walk_shared *sh);
int dd_walker_init(dd_walker *w, dd_walk_shared *sh, dd_error *e);
void dd_walker_destroy(dd_walker *w);
/* Count consumed input bytes and call the progress callback now and then. */
void dd_walk_progress(dd_walk_shared *sh, uint64_t n);

/* Walk an archive already opened for reading (formats/filters set up by
 * dd_walk_archive_new) into `l`. `lname` names the layer in errors. */
int dd_walk_archive(dd_walker *w, struct archive *a, dd_layer *l, const char *lname,
                    dd_error *e);
/* A reader that accepts tar with any of none/gzip/zstd/... compression. */
struct archive *dd_walk_archive_new(void);

/* The metadata of one entry and a way to read its bytes (rootfs uses read(2)). */
typedef long (*dd_walk_read_fn)(void *ud, void *buf, size_t n);
int dd_walk_entry(dd_walker *w, dd_layer *l, const char *lname, dd_layer_entry *ent,
                  dd_walk_read_fn rd, void *rd_ud, dd_error *e);

void dd_layer_warn(dd_layer *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void dd_image_warn(dd_image *img, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

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
/* A container (source_container.c): its image's layers plus one more holding what changed
 * since it started; with `changes_only`, that layer alone. */
int dd_source_container(dd_image *img, const char *name, bool changes_only, dd_walk_shared *sh,
                        dd_error *e);

/* "sha256:<64 hex>" or "sha512:<128 hex>": safe to turn into a blob path. */
bool dd_image_digest_ok(const char *d);
