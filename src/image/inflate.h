/* Gzip'd layers inflated with ISA-L in front of libarchive.
 *
 * Almost every layer in a registry or an OCI layout is gzip, and inflating it is most of
 * what a scan costs: zlib, which libarchive uses, inflates at about a third of the speed of
 * ISA-L's igzip on the same data (and far slower on stored blocks). So a layer stream is
 * handed to libarchive through this shim: it looks at the first bytes, inflates a gzip
 * stream itself (every member, checking each member's CRC-32 and length as gzip does) and
 * gives libarchive the plain tar; anything else (zstd, plain tar) passes through untouched
 * for libarchive's own filters. What the walker counts and bounds (the bytes of the tar) is
 * the same either way.
 *
 * Ownership: a dd_inflate is the caller's (on its stack or in its struct); dd_inflate_free()
 * releases its buffers. One per stream, used by one thread. */
#pragma once
#include <archive.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct dd_inflate {
    archive_read_callback *next; /* the compressed stream */
    archive_skip_callback *next_skip;
    void *next_ud;
    int mode;    /* 0 not probed yet, 1 pass through, 2 gzip, 3 gzip ended */
    void *state; /* struct inflate_state, allocated in gzip mode */
    const uint8_t *in;
    size_t in_left;
    bool in_eof;
    uint8_t head[3]; /* the first bytes, gathered to decide; read before `rest` */
    const uint8_t *rest;
    size_t rest_left;
    uint8_t *out;
    char err[160];
} dd_inflate;

/* Set `z` up to read from `next`/`next_skip` (skip may be NULL) with `ud`. */
void dd_inflate_init(dd_inflate *z, archive_read_callback *next, archive_skip_callback *next_skip,
                     void *ud);
/* libarchive callbacks: open `a` with `z` as their user data. */
la_ssize_t dd_inflate_read(struct archive *a, void *z, const void **out);
la_int64_t dd_inflate_skip(struct archive *a, void *z, la_int64_t request);
void dd_inflate_free(dd_inflate *z);
