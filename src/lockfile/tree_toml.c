/* TOML into the located tree (Cargo.lock, poetry.lock, uv.lock, pyproject.toml, Pipfile).
 *
 * TOML defines tables out of order ("[a]", later "[a.b]", "[[package]]" again and again),
 * so the document is first built as mutable nodes with growable child lists and then
 * copied into the arena in one pass. What the lockfiles need is read exactly; what they
 * never hold (offset date-times) is kept as text. Bounds: nesting, node count (shared
 * with the other front ends), and one string's length is the file's. */
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/mem.h"
#include "dockerfile/arena.h"
#include "lockfile/tree_int.h"

typedef struct mnode mnode;
struct mnode {
    uint8_t kind;
    bool implicit; /* created by a dotted key or header path, not defined itself */
    bool aot;      /* an array of tables ([[x]]) */
    uint32_t line, col, kline, kcol;
    char *key;
    char *s;
    size_t len;
    mnode **kids;
    size_t n, cap;
};

typedef struct tp {
    dd_tb b;
    const char *p, *end, *line_start;
    uint32_t line;
    dd_buf sb;
    mnode *root;
} tp;

static void mfree(mnode *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->n; i++)
        mfree(m->kids[i]);
    free(m->kids);
    free(m->key);
    free(m->s);
    free(m);
}

static uint32_t tcol(const tp *t, const char *at)
{
    return (uint32_t)(at - t->line_start) + 1;
}

static int terr(tp *t, const char *what)
{
    const char *at = t->p < t->end ? t->p : t->end;
    return dd_error_set(t->b.e, DD_ERR_INPUT, 0, "%s:%u:%u: invalid TOML: %s", t->b.path, t->line,
                        tcol(t, at), what);
}

static mnode *mnew(tp *t, uint8_t kind, const char *at)
{
    mnode *m = dd_xcalloc(1, sizeof *m);
    m->kind = kind;
    m->line = t->line;
    m->col = tcol(t, at);
    return m;
}

static void madd(mnode *parent, mnode *kid)
{
    parent->kids = dd_xgrow(parent->kids, &parent->cap, parent->n + 1, sizeof *parent->kids);
    parent->kids[parent->n++] = kid;
}

static mnode *mget(mnode *tab, const char *key)
{
    for (size_t i = 0; i < tab->n; i++)
        if (tab->kids[i]->key && strcmp(tab->kids[i]->key, key) == 0)
            return tab->kids[i];
    return NULL;
}

static void newline(tp *t)
{
    t->line++;
    t->line_start = ++t->p;
}

/* Blanks (not newlines) and a comment up to the end of the line. */
static void blanks(tp *t)
{
    while (t->p < t->end && (*t->p == ' ' || *t->p == '\t'))
        t->p++;
    if (t->p < t->end && *t->p == '#')
        while (t->p < t->end && *t->p != '\n')
            t->p++;
}

/* Blanks, comments and newlines (inside arrays). */
static void blanks_nl(tp *t)
{
    for (;;) {
        blanks(t);
        if (t->p < t->end && *t->p == '\r')
            t->p++;
        else if (t->p < t->end && *t->p == '\n')
            newline(t);
        else
            break;
    }
}

static bool bare_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
}

/* A string of any of the four kinds at t->p; the text is left in t->sb. */
static int tstring(tp *t)
{
    char q = *t->p;
    bool multi = t->end - t->p >= 3 && t->p[1] == q && t->p[2] == q;
    dd_buf_reset(&t->sb);
    dd_buf_puts(&t->sb, "");
    t->p += multi ? 3 : 1;
    if (multi) { /* a newline right after the opening quotes is dropped */
        if (t->p < t->end && *t->p == '\r')
            t->p++;
        if (t->p < t->end && *t->p == '\n')
            newline(t);
    }
    while (t->p < t->end) {
        char c = *t->p;
        if (c == q) {
            if (!multi) {
                t->p++;
                return 0;
            }
            if (t->end - t->p >= 3 && t->p[1] == q && t->p[2] == q) {
                /* up to two more quotes may belong to the content: """a"""" */
                t->p += 3;
                for (int k = 0; k < 2 && t->p < t->end && *t->p == q; k++) {
                    dd_buf_putc(&t->sb, q);
                    t->p++;
                }
                return 0;
            }
            dd_buf_putc(&t->sb, c);
            t->p++;
            continue;
        }
        if (c == '\n') {
            if (!multi)
                return terr(t, "newline in a single-line string");
            dd_buf_putc(&t->sb, '\n');
            newline(t);
            continue;
        }
        if (c == '\\' && q == '"') {
            if (t->end - t->p < 2)
                break;
            char x = t->p[1];
            t->p += 2;
            switch (x) {
            case 'b':
                dd_buf_putc(&t->sb, '\b');
                break;
            case 't':
                dd_buf_putc(&t->sb, '\t');
                break;
            case 'n':
                dd_buf_putc(&t->sb, '\n');
                break;
            case 'f':
                dd_buf_putc(&t->sb, '\f');
                break;
            case 'r':
                dd_buf_putc(&t->sb, '\r');
                break;
            case 'e':
                dd_buf_putc(&t->sb, '\x1b');
                break;
            case '"':
                dd_buf_putc(&t->sb, '"');
                break;
            case '\\':
                dd_buf_putc(&t->sb, '\\');
                break;
            case 'u':
            case 'U': {
                int nd = x == 'u' ? 4 : 8;
                if (t->end - t->p < nd)
                    return terr(t, "bad unicode escape");
                unsigned long cp = 0;
                for (int i = 0; i < nd; i++) {
                    char h = t->p[i];
                    int v = h >= '0' && h <= '9'   ? h - '0'
                            : h >= 'a' && h <= 'f' ? h - 'a' + 10
                            : h >= 'A' && h <= 'F' ? h - 'A' + 10
                                                   : -1;
                    if (v < 0)
                        return terr(t, "bad unicode escape");
                    cp = cp * 16 + (unsigned long)v;
                }
                t->p += nd;
                dd_tb_put_utf8(&t->sb, cp);
                break;
            }
            default:
                if (multi && (x == '\n' || x == ' ' || x == '\t' || x == '\r')) {
                    /* line-ending backslash: trim the newline and following blanks */
                    t->p--;
                    while (t->p < t->end &&
                           (*t->p == ' ' || *t->p == '\t' || *t->p == '\r' || *t->p == '\n')) {
                        if (*t->p == '\n')
                            newline(t);
                        else
                            t->p++;
                    }
                    break;
                }
                t->p--;
                return terr(t, "bad escape in a string");
            }
            continue;
        }
        dd_buf_putc(&t->sb, c);
        t->p++;
    }
    return terr(t, "unterminated string (truncated?)");
}

/* One key part (bare or quoted) into a new string. */
static char *key_part(tp *t)
{
    if (t->p < t->end && (*t->p == '"' || *t->p == '\'')) {
        if (t->end - t->p >= 3 && t->p[1] == *t->p && t->p[2] == *t->p) {
            terr(t, "multi-line string as a key");
            return NULL;
        }
        if (tstring(t) < 0)
            return NULL;
        return dd_xstrndup(t->sb.data, t->sb.len);
    }
    const char *s = t->p;
    while (t->p < t->end && bare_char(*t->p))
        t->p++;
    if (t->p == s) {
        terr(t, "expected a key");
        return NULL;
    }
    return dd_xstrndup(s, (size_t)(t->p - s));
}

/* A dotted key: its parts (caller frees each and the array). */
static int dotted(tp *t, char ***parts, size_t *np)
{
    size_t cap = 0;
    *parts = NULL;
    *np = 0;
    for (;;) {
        blanks(t);
        char *k = key_part(t);
        if (!k)
            return -1;
        if (*np >= 64) {
            free(k);
            return terr(t, "key with too many parts");
        }
        *parts = dd_xgrow(*parts, &cap, *np + 1, sizeof **parts);
        (*parts)[(*np)++] = k;
        blanks(t);
        if (t->p < t->end && *t->p == '.') {
            t->p++;
            continue;
        }
        return 0;
    }
}

static void free_parts(char **parts, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(parts[i]);
    free(parts);
}

static int value(tp *t, mnode **out, int depth);

/* The table reached from `tab` by parts[0..n), creating implicit tables. */
static mnode *descend(tp *t, mnode *tab, char **parts, size_t n, const char *at)
{
    for (size_t i = 0; i < n; i++) {
        mnode *k = mget(tab, parts[i]);
        if (!k) {
            k = mnew(t, DD_T_OBJ, at);
            k->implicit = true;
            k->key = dd_xstrdup(parts[i]);
            k->kline = t->line;
            k->kcol = tcol(t, at);
            madd(tab, k);
            if (dd_tb_count(&t->b, t->line) < 0)
                return NULL;
        }
        if (k->kind == DD_T_ARR && k->aot && k->n)
            k = k->kids[k->n - 1];
        if (k->kind != DD_T_OBJ) {
            terr(t, "a key is both a value and a table");
            return NULL;
        }
        tab = k;
    }
    return tab;
}

/* key = value inside `tab`. */
static int keyval(tp *t, mnode *tab, int depth)
{
    const char *at = t->p;
    uint32_t kl = t->line, kc = tcol(t, at);
    char **parts;
    size_t np;
    if (dotted(t, &parts, &np) < 0) {
        free_parts(parts, np);
        return -1;
    }
    int rc = -1;
    mnode *dst = descend(t, tab, parts, np - 1, at);
    if (!dst)
        goto out;
    if (t->p >= t->end || *t->p != '=') {
        terr(t, "expected '=' after a key");
        goto out;
    }
    t->p++;
    blanks(t);
    mnode *v = NULL;
    if (value(t, &v, depth + 1) < 0) {
        mfree(v);
        goto out;
    }
    if (mget(dst, parts[np - 1])) {
        mfree(v);
        t->p = at;
        t->line = kl;
        terr(t, "key defined twice");
        goto out;
    }
    v->key = dd_xstrdup(parts[np - 1]);
    v->kline = kl;
    v->kcol = kc;
    madd(dst, v);
    rc = 0;
out:
    free_parts(parts, np);
    return rc;
}

static int value(tp *t, mnode **out, int depth)
{
    *out = NULL;
    if (depth >= DD_TREE_MAX_DEPTH)
        return terr(t, "nested too deep");
    if (t->p >= t->end)
        return terr(t, "expected a value");
    if (dd_tb_count(&t->b, t->line) < 0)
        return -1;
    char c = *t->p;
    mnode *m = mnew(t, DD_T_STR, t->p);
    *out = m;
    if (c == '"' || c == '\'') {
        if (tstring(t) < 0)
            return -1;
        /* the text may hold NUL bytes (\u0000): copied whole, with its length */
        m->s = dd_xmalloc(t->sb.len + 1);
        memcpy(m->s, t->sb.data, t->sb.len + 1);
        m->len = t->sb.len;
        return 0;
    }
    if (c == '[') {
        m->kind = DD_T_ARR;
        t->p++;
        for (;;) {
            blanks_nl(t);
            if (t->p < t->end && *t->p == ']') {
                t->p++;
                return 0;
            }
            mnode *v;
            if (value(t, &v, depth + 1) < 0) {
                mfree(v);
                return -1;
            }
            madd(m, v);
            blanks_nl(t);
            if (t->p < t->end && *t->p == ',') {
                t->p++;
                continue;
            }
            if (t->p < t->end && *t->p == ']') {
                t->p++;
                return 0;
            }
            return terr(t, "expected ',' or ']' in an array");
        }
    }
    if (c == '{') {
        m->kind = DD_T_OBJ;
        t->p++;
        blanks(t);
        if (t->p < t->end && *t->p == '}') {
            t->p++;
            return 0;
        }
        for (;;) {
            blanks(t);
            if (keyval(t, m, depth + 1) < 0)
                return -1;
            blanks(t);
            if (t->p < t->end && *t->p == ',') {
                t->p++;
                continue;
            }
            if (t->p < t->end && *t->p == '}') {
                t->p++;
                return 0;
            }
            return terr(t, "expected ',' or '}' in an inline table");
        }
    }
    /* Booleans, numbers, dates: a run of the characters they are written with. */
    const char *s = t->p;
    while (t->p < t->end) {
        char d = *t->p;
        if (bare_char(d) || d == '.' || d == '+' || d == ':' || d == 'Z' || d == 'z')
            t->p++;
        else if (d == ' ' && t->p > s && t->p - s == 10 && t->end - t->p > 1 && t->p[1] >= '0' &&
                 t->p[1] <= '9')
            t->p++; /* "1979-05-27 07:32:00" */
        else
            break;
    }
    size_t n = (size_t)(t->p - s);
    if (n == 0)
        return terr(t, "expected a value");
    m->s = dd_xstrndup(s, n);
    m->len = n;
    if (strcmp(m->s, "true") == 0 || strcmp(m->s, "false") == 0)
        m->kind = DD_T_BOOL;
    else if ((s[0] >= '0' && s[0] <= '9') || s[0] == '+' || s[0] == '-' ||
             strcmp(m->s, "inf") == 0 || strcmp(m->s, "nan") == 0)
        m->kind = (n >= 8 && s[4] == '-') || (n >= 5 && s[2] == ':') ? DD_T_STR : DD_T_NUM;
    else
        return terr(t, "unknown value");
    return 0;
}

/* "[a.b]" or "[[a.b]]": the table later key/values go into. */
static mnode *header(tp *t)
{
    const char *at = t->p;
    uint32_t hl = t->line, hc = tcol(t, at);
    bool aot = t->end - t->p >= 2 && t->p[1] == '[';
    t->p += aot ? 2 : 1;
    char **parts;
    size_t np;
    if (dotted(t, &parts, &np) < 0) {
        free_parts(parts, np);
        return NULL;
    }
    mnode *res = NULL;
    if (t->end - t->p < (aot ? 2 : 1) || t->p[0] != ']' || (aot && t->p[1] != ']')) {
        terr(t, aot ? "expected ']]'" : "expected ']'");
        goto out;
    }
    t->p += aot ? 2 : 1;
    mnode *parent = descend(t, t->root, parts, np - 1, at);
    if (!parent)
        goto out;
    mnode *k = mget(parent, parts[np - 1]);
    if (aot) {
        if (!k) {
            k = mnew(t, DD_T_ARR, at);
            k->aot = true;
            k->key = dd_xstrdup(parts[np - 1]);
            k->kline = hl;
            k->kcol = hc;
            madd(parent, k);
        } else if (!(k->kind == DD_T_ARR && k->aot)) {
            terr(t, "[[table]] names something that is not an array of tables");
            goto out;
        }
        if (dd_tb_count(&t->b, hl) < 0)
            goto out;
        mnode *tab = mnew(t, DD_T_OBJ, at);
        tab->line = hl;
        tab->col = hc;
        madd(k, tab);
        res = tab;
    } else {
        if (!k) {
            if (dd_tb_count(&t->b, hl) < 0)
                goto out;
            k = mnew(t, DD_T_OBJ, at);
            k->key = dd_xstrdup(parts[np - 1]);
            madd(parent, k);
        } else if (k->kind != DD_T_OBJ) {
            terr(t, "a table over a value");
            goto out;
        }
        k->implicit = false;
        k->line = hl;
        k->col = hc;
        k->kline = hl;
        k->kcol = hc;
        res = k;
    }
out:
    free_parts(parts, np);
    return res;
}

static dd_tnode finish(tp *t, const mnode *m)
{
    dd_tnode n;
    memset(&n, 0, sizeof n);
    n.kind = m->kind;
    n.line = m->line;
    n.col = m->col;
    n.kline = m->kline;
    n.kcol = m->kcol;
    if (m->key)
        n.key = dd_arena_strdup(t->b.t->arena, m->key);
    if (m->s) {
        n.s = dd_arena_strndup(t->b.t->arena, m->s, m->len);
        n.len = m->len;
    }
    if (m->n) {
        dd_tnode *kids = dd_arena_alloc(t->b.t->arena, m->n * sizeof *kids);
        for (size_t i = 0; i < m->n; i++)
            kids[i] = finish(t, m->kids[i]);
        n.kids = kids;
        n.n = m->n;
    }
    return n;
}

int dd_tree_parse_toml(dd_tree *t, const char *path, const void *data, size_t len, dd_error *e)
{
    tp p;
    memset(&p, 0, sizeof p);
    dd_tb_init(&p.b, t, path, e);
    p.p = p.line_start = data ? data : "";
    p.end = p.p + len;
    p.line = 1;
    if (len >= 3 && memcmp(p.p, "\xEF\xBB\xBF", 3) == 0)
        p.p += 3, p.line_start = p.p;
    p.root = mnew(&p, DD_T_OBJ, p.p);
    mnode *cur = p.root;
    int rc = 0;
    while (rc == 0) {
        blanks_nl(&p);
        if (p.p >= p.end)
            break;
        if (*p.p == '[') {
            cur = header(&p);
            if (!cur)
                rc = -1;
        } else {
            rc = keyval(&p, cur, 1);
        }
        if (rc == 0) {
            blanks(&p);
            if (p.p < p.end && *p.p == '\r')
                p.p++;
            if (p.p < p.end && *p.p != '\n')
                rc = terr(&p, "expected the end of the line");
        }
    }
    if (rc == 0) {
        dd_tnode *root = dd_arena_alloc(t->arena, sizeof *root);
        *root = finish(&p, p.root);
        t->root = root;
    }
    mfree(p.root);
    dd_buf_free(&p.sb);
    dd_tb_done(&p.b);
    if (rc < 0) {
        dd_tree_free(t);
        return -1;
    }
    return 0;
}
