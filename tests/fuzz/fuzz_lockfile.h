/* One body for the lockfile readers' fuzz targets. A target is one line:
 *   DD_FUZZ_LOCK_TARGET("app/package-lock.json")
 * (the path says which reader, as it does for a scan)
 * The input is the lockfile, and also what any sibling manifest it asks for
 * (package.json, pyproject.toml, go.mod ...) reads, so those paths are fuzzed too. */
#pragma once
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "lockfile/lockfile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct dd_fuzz_input {
    const uint8_t *data;
    size_t size;
} dd_fuzz_input;

static inline int dd_fuzz_sibling(void *ud, const char *name, dd_buf *out)
{
    (void)name;
    const dd_fuzz_input *in = ud;
    dd_buf_reset(out);
    dd_buf_append(out, in->data, in->size);
    return 0;
}

#define DD_FUZZ_LOCK_TARGET(path)                                                                  \
    int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)                                   \
    {                                                                                              \
        dd_package_list l = {0};                                                                   \
        dd_error e = {0};                                                                          \
        dd_fuzz_input in = {data, size};                                                           \
        int kind = dd_lock_want(path);                                                             \
        if (!kind)                                                                                 \
            abort(); /* the target names no lockfile: it would fuzz nothing */                     \
        dd_lock_parse(kind, path, data, size, dd_fuzz_sibling, &in, &l, &e);                       \
        dd_package_list_set_purls(&l);                                                             \
        dd_package_list_free(&l);                                                                  \
        return 0;                                                                                  \
    }
