/* YAML into the located tree: libyaml's document API (it keeps a start mark per node),
 * one document at a time. Aliases share nodes there; here they are expanded, counted
 * against DD_TREE_MAX_NODES and DD_TREE_MAX_DEPTH (an alias bomb, or an alias to its own
 * ancestor, stops with an error instead of eating memory). Merge keys ("<<: *defaults", as
 * compose files use them) are applied as YAML 1.1 defines them: explicit keys win, then
 * the merged mappings in order. */
#include <string.h>
#include <yaml.h>

#include "core/cleanup.h"
#include "core/mem.h"
#include "dockerfile/arena.h"
#include "lockfile/tree_int.h"

typedef struct yc {
    dd_tb b;
    yaml_document_t *doc;
    size_t left; /* nodes this document may still expand to */
} yc;

static int conv(yc *y, yaml_node_t *yn, dd_tnode *n, int depth);

static bool has_key(const dd_tb *b, size_t base, const char *key)
{
    for (size_t i = base; i < b->len; i++)
        if (strcmp(b->stack[i].key, key) == 0)
            return true;
    return false;
}

static const char *key_text(yc *y, yaml_node_t *k)
{
    if (k && k->type == YAML_SCALAR_NODE)
        return dd_arena_strndup(y->b.t->arena, (const char *)k->data.scalar.value,
                                k->data.scalar.length);
    return "";
}

/* Add the pairs of mapping `m` whose keys are not there yet (a merge). */
static int merge_from(yc *y, yaml_node_t *m, size_t base, int depth)
{
    if (!m || m->type != YAML_MAPPING_NODE)
        return dd_error_set(y->b.e, DD_ERR_INPUT, 0,
                            "%s:%zu:%zu: a merge key (<<) needs a mapping or a list of mappings",
                            y->b.path, m ? m->start_mark.line + 1 : 0,
                            m ? m->start_mark.column + 1 : 0);
    for (yaml_node_pair_t *p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top; p++) {
        yaml_node_t *k = yaml_document_get_node(y->doc, p->key);
        yaml_node_t *v = yaml_document_get_node(y->doc, p->value);
        const char *key = key_text(y, k);
        if (has_key(&y->b, base, key))
            continue;
        dd_tnode tmp;
        memset(&tmp, 0, sizeof tmp);
        if (conv(y, v, &tmp, depth + 1) < 0)
            return -1;
        tmp.key = key;
        tmp.kline = k ? (uint32_t)k->start_mark.line + 1 : 0;
        tmp.kcol = k ? (uint32_t)k->start_mark.column + 1 : 0;
        *dd_tb_push(&y->b) = tmp;
    }
    return 0;
}

static int conv(yc *y, yaml_node_t *yn, dd_tnode *n, int depth)
{
    if (!yn) {
        n->kind = DD_T_NULL;
        return 0;
    }
    n->line = (uint32_t)yn->start_mark.line + 1;
    n->col = (uint32_t)yn->start_mark.column + 1;
    if (depth >= DD_TREE_MAX_DEPTH)
        return dd_error_set(y->b.e, DD_ERR_INPUT, 0,
                            "%s:%u:%u: nested too deep (or an alias to its own ancestor)",
                            y->b.path, n->line, n->col);
    if (dd_tb_count(&y->b, n->line) < 0)
        return -1;
    /* Aliases may repeat a node any number of times; a document expands to at most ten
     * times its own size (plus a margin), so an alias bomb stops at once. */
    if (y->left == 0)
        return dd_error_set(y->b.e, DD_ERR_INPUT, 0,
                            "%s:%u:%u: aliases expand to more than ten times the document: "
                            "refusing to go on",
                            y->b.path, n->line, n->col);
    y->left--;
    switch (yn->type) {
    case YAML_SCALAR_NODE:
        n->kind = DD_T_STR;
        n->plain = yn->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
        n->s = dd_arena_strndup(y->b.t->arena, (const char *)yn->data.scalar.value,
                                yn->data.scalar.length);
        n->len = yn->data.scalar.length;
        if (n->plain && (n->len == 0 || strcmp(n->s, "~") == 0 || strcmp(n->s, "null") == 0 ||
                         strcmp(n->s, "Null") == 0 || strcmp(n->s, "NULL") == 0))
            n->kind = DD_T_NULL;
        return 0;
    case YAML_SEQUENCE_NODE: {
        n->kind = DD_T_ARR;
        size_t base = y->b.len;
        for (yaml_node_item_t *it = yn->data.sequence.items.start; it < yn->data.sequence.items.top;
             it++) {
            dd_tnode tmp;
            memset(&tmp, 0, sizeof tmp);
            if (conv(y, yaml_document_get_node(y->doc, *it), &tmp, depth + 1) < 0)
                return -1;
            *dd_tb_push(&y->b) = tmp;
        }
        dd_tb_close(&y->b, n, base);
        return 0;
    }
    case YAML_MAPPING_NODE: {
        n->kind = DD_T_OBJ;
        size_t base = y->b.len;
        bool merges = false;
        for (yaml_node_pair_t *p = yn->data.mapping.pairs.start; p < yn->data.mapping.pairs.top;
             p++) {
            yaml_node_t *k = yaml_document_get_node(y->doc, p->key);
            if (k && k->type == YAML_SCALAR_NODE &&
                k->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
                strcmp((const char *)k->data.scalar.value, "<<") == 0) {
                merges = true;
                continue;
            }
            dd_tnode tmp;
            memset(&tmp, 0, sizeof tmp);
            if (conv(y, yaml_document_get_node(y->doc, p->value), &tmp, depth + 1) < 0)
                return -1;
            tmp.key = key_text(y, k);
            tmp.kline = k ? (uint32_t)k->start_mark.line + 1 : 0;
            tmp.kcol = k ? (uint32_t)k->start_mark.column + 1 : 0;
            *dd_tb_push(&y->b) = tmp;
        }
        for (yaml_node_pair_t *p = yn->data.mapping.pairs.start;
             merges && p < yn->data.mapping.pairs.top; p++) {
            yaml_node_t *k = yaml_document_get_node(y->doc, p->key);
            if (!(k && k->type == YAML_SCALAR_NODE &&
                  k->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
                  strcmp((const char *)k->data.scalar.value, "<<") == 0))
                continue;
            yaml_node_t *v = yaml_document_get_node(y->doc, p->value);
            if (v && v->type == YAML_SEQUENCE_NODE) {
                for (yaml_node_item_t *it = v->data.sequence.items.start;
                     it < v->data.sequence.items.top; it++)
                    if (merge_from(y, yaml_document_get_node(y->doc, *it), base, depth) < 0)
                        return -1;
            } else if (merge_from(y, v, base, depth) < 0) {
                return -1;
            }
        }
        dd_tb_close(&y->b, n, base);
        return 0;
    }
    default:
        n->kind = DD_T_NULL;
        return 0;
    }
}

int dd_tree_parse_yaml(dd_tree *t, const char *path, const void *data, size_t len, dd_error *e)
{
    yc y;
    memset(&y, 0, sizeof y);
    dd_tb_init(&y.b, t, path, e);
    yaml_parser_t parser;
    yaml_parser_initialize(&parser);
    yaml_parser_set_input_string(&parser, data ? data : (const void *)"", len);
    int rc = 0;
    dd_tnode *root = dd_arena_alloc(t->arena, sizeof *root);
    root->kind = DD_T_ARR;
    root->line = root->col = 1;
    /* Documents are collected on a list of their own: the stack holds only the
     * nodes of the document being converted. */
    dd_tnode *docs = NULL;
    size_t ndocs = 0, capdocs = 0;
    for (;;) {
        yaml_document_t doc;
        if (!yaml_parser_load(&parser, &doc)) {
            rc = dd_error_set(e, DD_ERR_INPUT, 0, "%s:%zu:%zu: invalid YAML: %s%s%s", path,
                              parser.problem_mark.line + 1, parser.problem_mark.column + 1,
                              parser.problem ? parser.problem : "syntax error",
                              parser.context ? " " : "", parser.context ? parser.context : "");
            break;
        }
        yaml_node_t *r = yaml_document_get_root_node(&doc);
        if (!r) {
            yaml_document_delete(&doc);
            break;
        }
        y.doc = &doc;
        y.left = 10 * (size_t)(doc.nodes.top - doc.nodes.start) + 10000;
        dd_tnode d;
        memset(&d, 0, sizeof d);
        rc = conv(&y, r, &d, 1);
        yaml_document_delete(&doc);
        if (rc < 0)
            break;
        docs = dd_xgrow(docs, &capdocs, ndocs + 1, sizeof *docs);
        docs[ndocs++] = d;
    }
    yaml_parser_delete(&parser);
    dd_tb_done(&y.b);
    if (rc == 0) {
        root->n = ndocs;
        root->kids = ndocs ? dd_arena_memdup(t->arena, docs, ndocs * sizeof *docs) : NULL;
    }
    free(docs);
    if (rc < 0) {
        dd_tree_free(t);
        return -1;
    }
    t->root = root;
    return 0;
}
