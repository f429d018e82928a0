/* See inflate.h. */
#include "image/inflate.h"

#include <errno.h>
#include <isa-l/igzip_lib.h>
#include <stdlib.h>
#include <string.h>

#include "core/mem.h"

#define OUT_BUF (256u << 10)

void dd_inflate_init(dd_inflate *z, archive_read_callback *next, archive_skip_callback *next_skip,
                     void *ud)
{
    memset(z, 0, sizeof *z);
    z->next = next;
    z->next_skip = next_skip;
    z->next_ud = ud;
}

void dd_inflate_free(dd_inflate *z)
{
    free(z->state);
    free(z->out);
    z->state = NULL;
    z->out = NULL;
}

/* More compressed input; false at the end of the stream or on the source's error. */
static bool fill(struct archive *a, dd_inflate *z, la_ssize_t *fail)
{
    if (z->in_left == 0 && z->rest_left) {
        z->in = z->rest;
        z->in_left = z->rest_left;
        z->rest_left = 0;
    }
    while (z->in_left == 0 && !z->in_eof) {
        const void *p = NULL;
        la_ssize_t n = z->next(a, z->next_ud, &p);
        if (n < 0) {
            *fail = n;
            return false;
        }
        if (n == 0)
            z->in_eof = true;
        z->in = p;
        z->in_left = (size_t)n;
    }
    return z->in_left > 0;
}

static const char *isal_err(int rc)
{
    switch (rc) {
    case ISAL_INVALID_BLOCK:
    case ISAL_INVALID_SYMBOL:
    case ISAL_INVALID_LOOKBACK:
        return "invalid deflate data";
    case ISAL_INVALID_WRAPPER:
        return "invalid gzip header";
    case ISAL_UNSUPPORTED_METHOD:
        return "unsupported gzip compression method";
    case ISAL_INCORRECT_CHECKSUM:
        return "gzip checksum mismatch";
    default:
        return "inflate failed";
    }
}

la_ssize_t dd_inflate_read(struct archive *a, void *ud, const void **out)
{
    dd_inflate *z = ud;
    la_ssize_t fail = 0;
    if (z->mode == 0) {
        /* The first three bytes decide, however the source cuts its pieces; a stream too
         * short to tell passes through and libarchive says what it is. */
        size_t have = 0;
        while (have < sizeof z->head && fill(a, z, &fail)) {
            size_t k = sizeof z->head - have < z->in_left ? sizeof z->head - have : z->in_left;
            memcpy(z->head + have, z->in, k);
            have += k;
            z->in += k;
            z->in_left -= k;
        }
        if (fail)
            return fail;
        z->rest = z->in;
        z->rest_left = z->in_left;
        z->in = z->head;
        z->in_left = have;
        if (have == 3 && z->head[0] == 0x1f && z->head[1] == 0x8b && z->head[2] == 8) {
            struct inflate_state *st = dd_xmalloc(sizeof *st);
            isal_inflate_init(st);
            st->crc_flag = ISAL_GZIP;
            z->state = st;
            z->out = dd_xmalloc(OUT_BUF);
            z->mode = 2;
        } else {
            z->mode = 1;
        }
    }
    if (z->mode == 1) {
        if (!fill(a, z, &fail))
            return fail;
        *out = z->in;
        la_ssize_t n = (la_ssize_t)z->in_left;
        z->in_left = 0;
        return n;
    }
    struct inflate_state *st = z->state;
    while (z->mode == 2) {
        if (st->block_state == ISAL_BLOCK_FINISH) {
            /* A member ended: another may follow (gzip allows concatenation); zero padding
             * after the last one is tolerated as gzip(1) does. */
            if (!fill(a, z, &fail)) {
                if (fail)
                    return fail;
                z->mode = 3;
                break;
            }
            if (z->in[0] == 0) {
                while (z->in_left && z->in[0] == 0)
                    z->in++, z->in_left--;
                continue;
            }
            isal_inflate_reset(st);
            st->crc_flag = ISAL_GZIP;
        }
        if (z->in_left == 0 && !fill(a, z, &fail)) {
            if (fail)
                return fail;
            archive_set_error(a, EINVAL, "gzip stream truncated");
            return ARCHIVE_FATAL;
        }
        st->next_in = (uint8_t *)z->in;
        st->avail_in = (uint32_t)(z->in_left > UINT32_MAX ? UINT32_MAX : z->in_left);
        st->next_out = z->out;
        st->avail_out = OUT_BUF;
        int rc = isal_inflate(st);
        size_t used = (size_t)(st->next_in - z->in);
        z->in += used;
        z->in_left -= used;
        if (rc < 0) {
            archive_set_error(a, EINVAL, "%s", isal_err(rc));
            return ARCHIVE_FATAL;
        }
        size_t made = OUT_BUF - st->avail_out;
        if (made > 0) {
            *out = z->out;
            return (la_ssize_t)made;
        }
    }
    return 0;
}

la_int64_t dd_inflate_skip(struct archive *a, void *ud, la_int64_t request)
{
    dd_inflate *z = ud;
    /* Only a plain stream whose bytes nobody has buffered can be skipped at the source;
     * otherwise libarchive reads and discards. */
    if (z->mode != 1 || z->in_left || z->rest_left || !z->next_skip)
        return 0;
    return z->next_skip(a, z->next_ud, request);
}
