/* Fuzz the secret scanner: arbitrary bytes as a file, with the first byte choosing the
 * path (so path rules run too), through the buffer API, the binary API and the stream
 * API fed in uneven pieces. The stream and the buffer must report the same matches. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "secrets/secrets.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static dd_secret_scanner *scanner;
static dd_secret_scratch *scratch;

typedef struct acc {
    uint64_t sum;
    int n;
} acc;

static int count(const dd_secret_match *m, void *ud)
{
    acc *a = ud;
    a->n++;
    a->sum += m->offset * 31 + (uint64_t)m->line * 7 + (uint64_t)m->column + m->length;
    if (!m->masked || !strstr(m->masked, "****"))
        abort();
    return 0;
}

static const char *const paths[] = {
    NULL, "etc/app.conf", "root/.git-credentials", "var/lib/postgresql/.pgpass",
    "root/.docker/config.json", "home/app/.npmrc", "root/.kube/config", "root/.netrc",
    "root/.pypirc", "etc/nginx/.htpasswd",
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!scanner) {
        dd_error e = {0};
        if (dd_secret_scanner_new(&scanner, &e) < 0)
            abort();
        scratch = dd_secret_scratch_new(scanner);
        if (!scratch)
            abort();
    }
    const char *path = size ? paths[data[0] % (sizeof(paths) / sizeof(paths[0]))] : NULL;
    dd_error e = {0};
    acc a = {0}, b = {0}, c = {0};
    if (dd_secret_scan(scanner, scratch, path, data, size, count, &a, &e) < 0)
        abort();
    if (dd_secret_scan_binary(scanner, scratch, path, data, size, count, &b, &e) < 0)
        abort();
    dd_secret_stream *st = dd_secret_stream_open(scanner, scratch, path, true, count, &c);
    size_t off = 0, piece = 1;
    while (off < size) {
        size_t n = piece < size - off ? piece : size - off;
        if (dd_secret_stream_feed(st, data + off, n, &e) < 0)
            abort();
        off += n;
        piece = piece * 2 + 1;
    }
    if (dd_secret_stream_close(st, &e) < 0)
        abort();
    if (b.n != c.n || b.sum != c.sum)
        abort();
    (void)dd_secret_is_binary(data, size);
    return 0;
}
