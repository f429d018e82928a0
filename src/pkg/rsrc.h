/* A file read by ranges: either whole in memory, or a stream read forward once (a file
 * in a layer tar, too big to hold) of which the readers keep only the head and the
 * ranges they ask for. Readers of formats with an index (executables, zip) ask for the
 * header, then for the ranges it points at, in file order: a stream never goes back.
 *
 * Ownership: the source owns its window buffer (dd_rsrc_free); `head` stays the
 * caller's. Pointers returned by dd_rsrc_get() are valid until the next call. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

/* Pull the next bytes of the stream: the number read, 0 at its end, -1 on error (the
 * callback has filled the error it was given). */
typedef long (*dd_pkg_read_fn)(void *ud, void *buf, size_t n);

typedef struct dd_rsrc {
    const unsigned char *head; /* the first bytes; the whole file when rd is NULL */
    size_t headlen;
    uint64_t size;     /* the file's size */
    dd_pkg_read_fn rd; /* the bytes after the head, in order; NULL: whole in memory */
    void *ud;
    uint64_t pos;       /* stream: file offset of the next byte rd yields */
    unsigned char *win; /* stream: the last range read, at file offset winoff */
    uint64_t winoff;
    size_t winlen, wincap;
    bool failed; /* a read failed: the stream is unusable */
} dd_rsrc;

void dd_rsrc_mem(dd_rsrc *s, const void *data, size_t len);
void dd_rsrc_stream(dd_rsrc *s, const void *head, size_t headlen, uint64_t size, dd_pkg_read_fn rd,
                    void *ud);
/* Bytes [off, off+n) clipped at the end of the file (*got is how many). NULL when the
 * range starts behind what a stream already passed (see dd_rsrc_behind), past the end, or
 * when reading failed (s->failed). */
const unsigned char *dd_rsrc_get(dd_rsrc *s, uint64_t off, size_t n, size_t *got);
/* Would reading at `off` need a stream to go back? */
bool dd_rsrc_behind(const dd_rsrc *s, uint64_t off);
/* The whole file is in memory (random access). */
static inline bool dd_rsrc_whole(const dd_rsrc *s)
{
    return s->rd == NULL;
}
void dd_rsrc_free(dd_rsrc *s);
