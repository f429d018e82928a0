/* libFuzzer target: the located tree's TOML parser on arbitrary bytes; every node is
 * visited so positions and strings are read back. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "lockfile/tree.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static size_t visit(const dd_tnode *n, int depth)
{
    size_t sum = n->line + n->col + (n->key ? strlen(n->key) : 0) + (n->s ? n->len : 0);
    for (size_t i = 0; i < n->n && depth < DD_TREE_MAX_DEPTH + 8; i++)
        sum += visit(&n->kids[i], depth + 1);
    return sum;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    dd_tree t;
    dd_error e = {0};
    if (dd_tree_parse_toml(&t, "fuzz", data, size, &e) == 0) {
        volatile size_t s = visit(t.root, 0);
        (void)s;
        dd_tree_free(&t);
    }
    return 0;
}
