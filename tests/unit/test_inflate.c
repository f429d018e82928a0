/* The ISA-L inflate shim in front of libarchive (image/inflate.h): gzip members, padding,
 * pass-through, and corrupt or truncated streams refused with gzip's own reasons. */
#include <archive.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "image/inflate.h"
#include "tap.h"

/* The "source": a buffer handed out in small pieces, as a socket would. */
typedef struct {
    const unsigned char *p;
    size_t n, pos, piece;
} src;

static la_ssize_t src_read(struct archive *a, void *ud, const void **out)
{
    (void)a;
    src *s = ud;
    size_t k = s->n - s->pos < s->piece ? s->n - s->pos : s->piece;
    *out = s->p + s->pos;
    s->pos += k;
    return (la_ssize_t)k;
}

static size_t gz(const unsigned char *in, size_t n, unsigned char *out, size_t cap)
{
    z_stream z = {0};
    deflateInit2(&z, 6, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY);
    z.next_in = (unsigned char *)in;
    z.avail_in = (uInt)n;
    z.next_out = out;
    z.avail_out = (uInt)cap;
    deflate(&z, Z_FINISH);
    size_t got = z.total_out;
    deflateEnd(&z);
    return got;
}

/* Everything the shim gives for `in`, into `out`; returns the length or -1 on an error,
 * whose text is left in `why`. */
static long drain(const unsigned char *in, size_t n, size_t piece, unsigned char *out, size_t cap,
                  char *why)
{
    struct archive *a = archive_read_new();
    src s = {in, n, 0, piece};
    dd_inflate z;
    dd_inflate_init(&z, src_read, NULL, &s);
    size_t len = 0;
    long rc = 0;
    for (;;) {
        const void *p;
        la_ssize_t k = dd_inflate_read(a, &z, &p);
        if (k < 0) {
            snprintf(why, 160, "%s", archive_error_string(a) ? archive_error_string(a) : "?");
            rc = -1;
            break;
        }
        if (k == 0)
            break;
        if (len + (size_t)k > cap) {
            rc = -1;
            break;
        }
        memcpy(out + len, p, (size_t)k);
        len += (size_t)k;
    }
    dd_inflate_free(&z);
    archive_read_free(a);
    return rc < 0 ? rc : (long)len;
}

int main(void)
{
    enum { N = 300000 };
    unsigned char *plain = malloc(N), *packed = malloc(2 * N + 64), *out = malloc(3 * N);
    char why[160] = "";
    for (size_t i = 0; i < N; i++)
        plain[i] = (unsigned char)((i * 7919u) >> (i % 13)); /* compressible, not trivial */

    /* one member, read whole and in 1-byte pieces */
    size_t g = gz(plain, N, packed, 2 * N);
    CHECK_INT(drain(packed, g, 1u << 16, out, 3 * N, why), N);
    CHECK(memcmp(out, plain, N) == 0);
    CHECK_INT(drain(packed, g, 1, out, 3 * N, why), N);
    CHECK(memcmp(out, plain, N) == 0);

    /* two members, then zero padding: both members, in order */
    size_t g2 = gz(plain, 1000, packed + g, N);
    memset(packed + g + g2, 0, 32);
    CHECK_INT(drain(packed, g + g2 + 32, 4096, out, 3 * N, why), N + 1000);
    CHECK(memcmp(out + N, plain, 1000) == 0);

    /* a plain stream passes through untouched */
    CHECK_INT(drain(plain, N, 4096, out, 3 * N, why), N);
    CHECK(memcmp(out, plain, N) == 0);

    /* a flipped byte in the CRC, a truncated stream, garbage after a member */
    g = gz(plain, N, packed, 2 * N);
    packed[g - 6] ^= 0x40;
    CHECK_INT(drain(packed, g, 4096, out, 3 * N, why), -1);
    CHECK_STR(why, "gzip checksum mismatch");
    packed[g - 6] ^= 0x40;
    CHECK_INT(drain(packed, g / 2, 4096, out, 3 * N, why), -1);
    CHECK_STR(why, "gzip stream truncated");
    memcpy(packed + g, "\x1f\x8b\x07junk", 7);
    CHECK_INT(drain(packed, g + 7, 4096, out, 3 * N, why), -1);
    CHECK(strstr(why, "gzip") != NULL);

    free(plain);
    free(packed);
    free(out);
    return dd_test_done();
}
