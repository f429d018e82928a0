/* One body for every version comparator's fuzz target: the input is "A\nB". The
 * comparator must never crash and must be a consistent ordering on what it gets:
 * cmp(a, a) == 0 and sign(cmp(a, b)) == -sign(cmp(b, a)). A target is one line:
 *   DD_FUZZ_VERSION_TARGET(dd_vercmp_apk) */
#pragma once
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vuln/version.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static inline int dd_fuzz_sgn(int x)
{
    return (x > 0) - (x < 0);
}

static inline int dd_fuzz_version(const uint8_t *data, size_t size,
                                  int (*cmp)(const char *, const char *))
{
    if (size > 4096)
        return 0;
    char *buf = malloc(size + 1);
    if (!buf)
        return 0;
    memcpy(buf, data, size);
    buf[size] = '\0';
    char *b = strchr(buf, '\n');
    if (b)
        *b++ = '\0';
    else
        b = buf + size;
    if (cmp(buf, buf) != 0 || cmp(b, b) != 0)
        abort();
    if (dd_fuzz_sgn(cmp(buf, b)) != -dd_fuzz_sgn(cmp(b, buf)))
        abort();
    free(buf);
    return 0;
}

#define DD_FUZZ_VERSION_TARGET(fn)                                                            \
    int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)                              \
    {                                                                                         \
        return dd_fuzz_version(data, size, fn);                                               \
    }
