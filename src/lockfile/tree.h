/* A document tree that remembers where every key and value was written: the one model the
 * lockfile readers (JSON, YAML, TOML) and the compose/Kubernetes linter read, so that every
 * package and every finding points at its exact line and column.
 *
 * jansson keeps no positions and libyaml's document API keeps them in its own node table;
 * both are turned into this, with the same bounds for every format: at most
 * DD_TREE_MAX_DEPTH levels and DD_TREE_MAX_NODES nodes (a YAML alias bomb stops there).
 *
 * Ownership: a dd_tree owns every node and string (one arena); dd_tree_free() releases it.
 * Node pointers stay valid until then. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

#define DD_TREE_MAX_DEPTH 256
#define DD_TREE_MAX_NODES 4000000u

typedef enum {
    DD_T_NULL = 0,
    DD_T_BOOL, /* JSON true/false, TOML booleans; `s` is "true" or "false" */
    DD_T_NUM,  /* text as written */
    DD_T_STR,  /* YAML scalars are all strings (see `plain`) */
    DD_T_ARR,
    DD_T_OBJ,
} dd_tkind;

typedef struct dd_tnode dd_tnode;
struct dd_tnode {
    uint8_t kind;         /* dd_tkind */
    bool plain;           /* YAML: an unquoted scalar, so "yes", "true", "1" may mean more */
    uint32_t line, col;   /* 1-based position of the value */
    uint32_t kline, kcol; /* a member of an object: position of its key */
    const char *key;      /* a member of an object: its key (NUL-terminated) */
    const char *s;        /* scalars: the text, NUL-terminated (may hold NULs: see len) */
    size_t len;
    size_t n;       /* ARR, OBJ: number of children */
    dd_tnode *kids; /* ARR: elements; OBJ: members in file order (duplicates kept) */
};

typedef struct dd_tree {
    dd_tnode *root;
    struct dd_arena *arena;
    size_t nodes;
} dd_tree;

/* Parse JSON (RFC 8259; duplicate keys are kept, the first one is found). Errors name
 * `path`, the line and the column. */
int dd_tree_parse_json(dd_tree *t, const char *path, const void *data, size_t len, dd_error *e);
/* Parse a YAML stream: the root is an ARR holding one node per document (positions of
 * each document's start). Aliases are expanded (bounded) and merge keys (<<) applied. */
int dd_tree_parse_yaml(dd_tree *t, const char *path, const void *data, size_t len, dd_error *e);
/* Parse TOML 1.0: tables, arrays of tables, dotted keys, inline tables, arrays, every
 * string form; dates and times are kept as text (DD_T_STR). */
int dd_tree_parse_toml(dd_tree *t, const char *path, const void *data, size_t len, dd_error *e);
void dd_tree_free(dd_tree *t);

/* Member `key` of an object (the first one), NULL when absent or `n` is no object. */
const dd_tnode *dd_t_get(const dd_tnode *n, const char *key);
/* Text of a scalar (STR, NUM, BOOL), NULL for anything else or NULL. */
const char *dd_t_str(const dd_tnode *n);
/* dd_t_str(dd_t_get(n, key)). */
const char *dd_t_gets(const dd_tnode *n, const char *key);
/* A true boolean: JSON/TOML true, or a plain YAML 1.1 scalar true/yes/on (any case). */
bool dd_t_true(const dd_tnode *n);
/* A false boolean, likewise (false/no/off). */
bool dd_t_false(const dd_tnode *n);
/* NULL, or a plain YAML scalar "", "~", "null". */
bool dd_t_null(const dd_tnode *n);
