/* The located tree: its JSON parser and the accessors every reader uses.
 *
 * The JSON parser is a recursive descent over the bytes (bounded depth), counting lines as
 * it skips whitespace, the only place a valid document has newlines. Children are
 * collected on one scratch stack shared by all levels and copied into the arena once
 * their container closes, so a container costs one arena allocation. */
#include "lockfile/tree.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/mem.h"
#include "dockerfile/arena.h"
#include "lockfile/tree_int.h"

void dd_tree_free(dd_tree *t)
{
    if (t->arena)
        dd_arena_free(t->arena);
    memset(t, 0, sizeof *t);
}

void dd_tb_init(dd_tb *b, dd_tree *t, const char *path, dd_error *e)
{
    memset(t, 0, sizeof *t);
    memset(b, 0, sizeof *b);
    t->arena = dd_arena_new();
    b->t = t;
    b->path = path;
    b->e = e;
}

void dd_tb_done(dd_tb *b)
{
    free(b->stack);
    b->stack = NULL;
}

dd_tnode *dd_tb_push(dd_tb *b)
{
    b->stack = dd_xgrow(b->stack, &b->cap, b->len + 1, sizeof *b->stack);
    dd_tnode *n = &b->stack[b->len++];
    memset(n, 0, sizeof *n);
    return n;
}

int dd_tb_count(dd_tb *b, uint32_t line)
{
    if (++b->t->nodes > DD_TREE_MAX_NODES)
        return dd_error_set(b->e, DD_ERR_INPUT, 0, "%s:%u: more than %u values: refusing to go on",
                            b->path, line, DD_TREE_MAX_NODES);
    return 0;
}

void dd_tb_close(dd_tb *b, dd_tnode *parent_copy, size_t base)
{
    size_t k = b->len - base;
    parent_copy->n = k;
    parent_copy->kids =
        k ? dd_arena_memdup(b->t->arena, b->stack + base, k * sizeof *b->stack) : NULL;
    b->len = base;
}

/* ---- JSON ------------------------------------------------------------------------------- */

typedef struct jp {
    dd_tb b;
    const char *p, *end, *line_start;
    uint32_t line;
    dd_buf sbuf; /* decoded string being built */
} jp;

static uint32_t col_of(const jp *j, const char *at)
{
    return (uint32_t)(at - j->line_start) + 1;
}

static int jerr(jp *j, const char *at, const char *what)
{
    if (at > j->end)
        at = j->end;
    return dd_error_set(j->b.e, DD_ERR_INPUT, 0, "%s:%u:%u: invalid JSON: %s", j->b.path, j->line,
                        col_of(j, at), what);
}

static void ws(jp *j)
{
    while (j->p < j->end) {
        char c = *j->p;
        if (c == '\n') {
            j->line++;
            j->line_start = ++j->p;
        } else if (c == ' ' || c == '\t' || c == '\r') {
            j->p++;
        } else {
            break;
        }
    }
}

static int hex4(const char *s, unsigned *out)
{
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        char c = s[i];
        v <<= 4;
        if (c >= '0' && c <= '9')
            v |= (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f')
            v |= (unsigned)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F')
            v |= (unsigned)(c - 'A' + 10);
        else
            return -1;
    }
    *out = v;
    return 0;
}

void dd_tb_put_utf8(dd_buf *b, unsigned long cp)
{
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp < 0xE000))
        cp = 0xFFFD; /* no code point, or a lone surrogate */
    char u[4];
    size_t n;
    if (cp < 0x80) {
        u[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        u[0] = (char)(0xC0 | (cp >> 6));
        u[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        u[0] = (char)(0xE0 | (cp >> 12));
        u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        u[0] = (char)(0xF0 | (cp >> 18));
        u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    dd_buf_append(b, u, n);
}

/* A string at j->p == '"'; the decoded text goes to the arena. */
static int jstring(jp *j, const char **out, size_t *outlen)
{
    const char *start = ++j->p;
    /* Fast path: no escapes, the text is copied as it is. */
    const char *q = start;
    while (q < j->end && *q != '"' && *q != '\\' && (unsigned char)*q >= 0x20)
        q++;
    if (q < j->end && *q == '"') {
        *out = dd_arena_strndup(j->b.t->arena, start, (size_t)(q - start));
        *outlen = (size_t)(q - start);
        j->p = q + 1;
        return 0;
    }
    dd_buf_reset(&j->sbuf);
    dd_buf_append(&j->sbuf, start, (size_t)(q - start));
    j->p = q;
    while (j->p < j->end) {
        unsigned char c = (unsigned char)*j->p;
        if (c == '"') {
            j->p++;
            *out = dd_arena_strndup(j->b.t->arena, j->sbuf.data ? j->sbuf.data : "", j->sbuf.len);
            *outlen = j->sbuf.len;
            return 0;
        }
        if (c < 0x20)
            return jerr(j, j->p, "control character in a string");
        if (c != '\\') {
            dd_buf_putc(&j->sbuf, (char)c);
            j->p++;
            continue;
        }
        if (j->end - j->p < 2)
            break;
        char x = j->p[1];
        j->p += 2;
        switch (x) {
        case '"':
            dd_buf_putc(&j->sbuf, '"');
            break;
        case '\\':
            dd_buf_putc(&j->sbuf, '\\');
            break;
        case '/':
            dd_buf_putc(&j->sbuf, '/');
            break;
        case 'b':
            dd_buf_putc(&j->sbuf, '\b');
            break;
        case 'f':
            dd_buf_putc(&j->sbuf, '\f');
            break;
        case 'n':
            dd_buf_putc(&j->sbuf, '\n');
            break;
        case 'r':
            dd_buf_putc(&j->sbuf, '\r');
            break;
        case 't':
            dd_buf_putc(&j->sbuf, '\t');
            break;
        case 'u': {
            unsigned cp;
            if (j->end - j->p < 4 || hex4(j->p, &cp) < 0)
                return jerr(j, j->p, "bad \\u escape");
            j->p += 4;
            if (cp >= 0xD800 && cp < 0xDC00 && j->end - j->p >= 6 && j->p[0] == '\\' &&
                j->p[1] == 'u') {
                unsigned lo;
                if (hex4(j->p + 2, &lo) == 0 && lo >= 0xDC00 && lo < 0xE000) {
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                    j->p += 6;
                }
            }
            dd_tb_put_utf8(&j->sbuf, cp);
            break;
        }
        default:
            return jerr(j, j->p - 1, "bad escape in a string");
        }
    }
    return jerr(j, j->end, "unterminated string (truncated?)");
}

static int jvalue(jp *j, dd_tnode *n, int depth);

static int jcontainer(jp *j, dd_tnode *n, int depth, bool obj)
{
    if (depth >= DD_TREE_MAX_DEPTH)
        return jerr(j, j->p, "nested too deep");
    n->kind = obj ? DD_T_OBJ : DD_T_ARR;
    j->p++;
    size_t base = j->b.len;
    ws(j);
    if (j->p < j->end && *j->p == (obj ? '}' : ']')) {
        j->p++;
        dd_tb_close(&j->b, n, base);
        return 0;
    }
    for (;;) {
        ws(j);
        const char *key = NULL;
        size_t klen = 0;
        uint32_t kl = 0, kc = 0;
        if (obj) {
            if (j->p >= j->end || *j->p != '"')
                return jerr(j, j->p, "expected a member name in double quotes");
            kl = j->line;
            kc = col_of(j, j->p);
            if (jstring(j, &key, &klen) < 0)
                return -1;
            ws(j);
            if (j->p >= j->end || *j->p != ':')
                return jerr(j, j->p, "expected ':' after a member name");
            j->p++;
            ws(j);
        }
        dd_tnode v;
        memset(&v, 0, sizeof v);
        if (jvalue(j, &v, depth + 1) < 0)
            return -1;
        v.key = key;
        v.kline = kl;
        v.kcol = kc;
        *dd_tb_push(&j->b) = v;
        ws(j);
        if (j->p < j->end && *j->p == ',') {
            j->p++;
            continue;
        }
        if (j->p < j->end && *j->p == (obj ? '}' : ']')) {
            j->p++;
            break;
        }
        return jerr(j, j->p, obj ? "expected ',' or '}'" : "expected ',' or ']'");
    }
    dd_tb_close(&j->b, n, base);
    return 0;
}

static int jvalue(jp *j, dd_tnode *n, int depth)
{
    ws(j);
    if (j->p >= j->end)
        return jerr(j, j->p, "unexpected end of data (truncated?)");
    n->line = j->line;
    n->col = col_of(j, j->p);
    if (dd_tb_count(&j->b, j->line) < 0)
        return -1;
    char c = *j->p;
    if (c == '{' || c == '[')
        return jcontainer(j, n, depth, c == '{');
    if (c == '"') {
        n->kind = DD_T_STR;
        return jstring(j, &n->s, &n->len);
    }
    static const struct {
        const char *w;
        uint8_t kind;
    } words[] = {{"true", DD_T_BOOL}, {"false", DD_T_BOOL}, {"null", DD_T_NULL}};
    for (size_t i = 0; i < 3; i++) {
        size_t l = strlen(words[i].w);
        if ((size_t)(j->end - j->p) >= l && memcmp(j->p, words[i].w, l) == 0) {
            n->kind = words[i].kind;
            n->s = words[i].w;
            n->len = l;
            j->p += l;
            return 0;
        }
    }
    const char *s = j->p;
    if (*j->p == '-')
        j->p++;
    size_t digits = 0;
    while (j->p < j->end && ((*j->p >= '0' && *j->p <= '9') || *j->p == '.' || *j->p == 'e' ||
                             *j->p == 'E' || *j->p == '+' || *j->p == '-')) {
        j->p++;
        digits++;
    }
    if (!digits)
        return jerr(j, s, "unexpected character");
    n->kind = DD_T_NUM;
    n->s = dd_arena_strndup(j->b.t->arena, s, (size_t)(j->p - s));
    n->len = (size_t)(j->p - s);
    return 0;
}

int dd_tree_parse_json(dd_tree *t, const char *path, const void *data, size_t len, dd_error *e)
{
    jp j;
    memset(&j, 0, sizeof j);
    dd_tb_init(&j.b, t, path, e);
    j.p = j.line_start = data ? data : "";
    j.end = j.p + len;
    j.line = 1;
    /* A UTF-8 byte order mark is not JSON, but editors write it. */
    if (len >= 3 && memcmp(j.p, "\xEF\xBB\xBF", 3) == 0)
        j.p += 3, j.line_start = j.p;
    dd_tnode *root = dd_arena_alloc(t->arena, sizeof *root);
    int rc = jvalue(&j, root, 0);
    if (rc == 0) {
        ws(&j);
        if (j.p < j.end)
            rc = jerr(&j, j.p, "data after the end of the document");
    }
    dd_tb_done(&j.b);
    dd_buf_free(&j.sbuf);
    if (rc < 0) {
        dd_tree_free(t);
        return -1;
    }
    t->root = root;
    return 0;
}

/* ---- accessors ------------------------------------------------------------------------- */

const dd_tnode *dd_t_get(const dd_tnode *n, const char *key)
{
    if (!n || n->kind != DD_T_OBJ)
        return NULL;
    for (size_t i = 0; i < n->n; i++)
        if (strcmp(n->kids[i].key, key) == 0)
            return &n->kids[i];
    return NULL;
}

const char *dd_t_str(const dd_tnode *n)
{
    if (!n || (n->kind != DD_T_STR && n->kind != DD_T_NUM && n->kind != DD_T_BOOL))
        return NULL;
    return n->s;
}

const char *dd_t_gets(const dd_tnode *n, const char *key)
{
    return dd_t_str(dd_t_get(n, key));
}

static bool word_in(const dd_tnode *n, const char *const *words, size_t nw)
{
    if (!n || n->kind != DD_T_STR || !n->plain)
        return false;
    for (size_t i = 0; i < nw; i++)
        if (strcasecmp(n->s, words[i]) == 0)
            return true;
    return false;
}

bool dd_t_true(const dd_tnode *n)
{
    static const char *const w[] = {"true", "yes", "on", "y"};
    if (n && n->kind == DD_T_BOOL)
        return n->s[0] == 't';
    return word_in(n, w, 4);
}

bool dd_t_false(const dd_tnode *n)
{
    static const char *const w[] = {"false", "no", "off", "n"};
    if (n && n->kind == DD_T_BOOL)
        return n->s[0] == 'f';
    return word_in(n, w, 4);
}

bool dd_t_null(const dd_tnode *n)
{
    static const char *const w[] = {"", "~", "null"};
    return !n || n->kind == DD_T_NULL || word_in(n, w, 3);
}
