/* The tree builder shared by the JSON, YAML and TOML front ends (not a public API). */
#pragma once
#include "core/buf.h"
#include "lockfile/tree.h"

typedef struct dd_tb {
    dd_tree *t;
    const char *path;
    dd_error *e;
    dd_tnode *stack; /* children of the containers being built, innermost last */
    size_t len, cap;
} dd_tb;

void dd_tb_init(dd_tb *b, dd_tree *t, const char *path, dd_error *e);
void dd_tb_done(dd_tb *b);
/* A new zeroed node on top of the stack (valid until the next push). */
dd_tnode *dd_tb_push(dd_tb *b);
/* Count one node against DD_TREE_MAX_NODES; -1 with the error set past it. */
int dd_tb_count(dd_tb *b, uint32_t line);
/* Move the stack's nodes above `base` into the arena as the children of `parent`. */
void dd_tb_close(dd_tb *b, dd_tnode *parent, size_t base);
/* Append code point `cp` as UTF-8 (U+FFFD for a surrogate or one past U+10FFFF). */
void dd_tb_put_utf8(dd_buf *b, unsigned long cp);
