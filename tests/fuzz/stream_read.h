/* For the fuzz targets of readers that also read files too big to hold: the same bytes
 * offered as a head plus a stream (dd_pkg_parse_stream), split where the input says. */
#pragma once
#include <stdint.h>
#include <string.h>

typedef struct fuzz_stream {
    const uint8_t *p;
    size_t n;
} fuzz_stream;

static inline long fuzz_stream_read(void *ud, void *buf, size_t n)
{
    fuzz_stream *s = ud;
    size_t k = n < s->n ? n : s->n;
    memcpy(buf, s->p, k);
    s->p += k;
    s->n -= k;
    return (long)k;
}

/* Parse data[0..size) as a stream of `kind` whose head is the first bytes (as many as the
 * first input byte says, times 64). */
static inline void fuzz_parse_stream(int kind, const char *path, const uint8_t *data, size_t size)
{
    size_t head = size ? (size_t)data[0] * 64 : 0;
    if (head > size)
        head = size;
    fuzz_stream s = {data + head, size - head};
    dd_package_list l = {0};
    dd_error e = {0};
    dd_pkg_parse_stream(kind, path, size, data, head, fuzz_stream_read, &s, NULL, &l, &e);
    dd_package_list_free(&l);
}
