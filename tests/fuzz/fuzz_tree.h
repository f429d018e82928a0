/* One body for the located tree's fuzz targets: DD_FUZZ_TREE_TARGET(json) parses the input
 * with dd_tree_parse_json and visits every node, so positions and strings are read back. */
#pragma once
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "lockfile/tree.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static inline size_t dd_fuzz_tree_visit(const dd_tnode *n, int depth)
{
    size_t sum = n->line + n->col + (n->key ? strlen(n->key) : 0) + (n->s ? n->len : 0);
    for (size_t i = 0; i < n->n && depth < DD_TREE_MAX_DEPTH + 8; i++)
        sum += dd_fuzz_tree_visit(&n->kids[i], depth + 1);
    return sum;
}

#define DD_FUZZ_TREE_TARGET(fmt)                                                                   \
    int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)                                   \
    {                                                                                              \
        dd_tree t;                                                                                 \
        dd_error e = {0};                                                                          \
        if (dd_tree_parse_##fmt(&t, "fuzz", data, size, &e) == 0) {                                \
            volatile size_t s = dd_fuzz_tree_visit(t.root, 0);                                     \
            (void)s;                                                                               \
            dd_tree_free(&t);                                                                      \
        }                                                                                          \
        return 0;                                                                                  \
    }
