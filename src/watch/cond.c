/* Conditions: parsed and compiled in one pass into a tree of and/or/not and comparisons
 * whose fields are resolved and whose values are converted once (numbers, addresses and
 * networks, regexes, lowercase copies, hash sets for long lists); macros compile once and
 * are shared; lists expand where they are used. Also exceptions and output formats.
 *
 * Grammar (Falco's):
 *   expr    := and ('or' and)*
 *   and     := not ('and' not)*
 *   not     := 'not' not | '(' expr ')' | check | MACRO
 *   check   := lhs ('exists' | binop value | listop '(' values ')')
 *   lhs     := FIELD | TRANSFORMER '(' lhs ')'
 *   value   := QUOTED | BARE | 'val' '(' FIELD ')' | LIST-NAME (inside lists) */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <ctype.h>
#include <errno.h>
#include <fnmatch.h>
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <arpa/inet.h>

#include "core/mem.h"
#include "watch/rules_int.h"

enum {
    OP_EQ = 1,
    OP_NE,
    OP_LT,
    OP_LE,
    OP_GT,
    OP_GE,
    OP_CONTAINS,
    OP_ICONTAINS,
    OP_BCONTAINS,
    OP_STARTSWITH,
    OP_BSTARTSWITH,
    OP_ENDSWITH,
    OP_GLOB,
    OP_IGLOB,
    OP_REGEX,
    OP_IN,
    OP_INTERSECTS,
    OP_PMATCH,
    OP_EXISTS,
};
static const struct {
    const char *name;
    int op;
} word_ops[] = {
    {"contains", OP_CONTAINS},
    {"icontains", OP_ICONTAINS},
    {"bcontains", OP_BCONTAINS},
    {"startswith", OP_STARTSWITH},
    {"bstartswith", OP_BSTARTSWITH},
    {"endswith", OP_ENDSWITH},
    {"glob", OP_GLOB},
    {"iglob", OP_IGLOB},
    {"regex", OP_REGEX},
    {"in", OP_IN},
    {"intersects", OP_INTERSECTS},
    {"pmatch", OP_PMATCH},
    {"exists", OP_EXISTS},
};

enum { X_NONE = 0, X_TOLOWER, X_TOUPPER, X_B64, X_BASENAME, X_LEN };
static const char *const xform_names[] = {NULL, "tolower", "toupper", "b64", "basename", "len"};

enum { N_AND = 1, N_OR, N_NOT, N_CMP, N_FALSE };

typedef struct cval {
    char *s;
    size_t n;
    size_t pos; /* where the value was written (for errors) */
    int64_t i;
    bool num; /* i is valid */
    uint8_t ip[16];
    uint8_t iplen;  /* 0: not an address */
    uint8_t prefix; /* CIDR bits; == iplen*8 for a plain address */
    pcre2_code *re;
} cval;

typedef struct dd_cnode {
    int kind;
    struct dd_cnode **kids;
    size_t nkids;
    /* N_CMP */
    dd_fieldref lhs;
    int xform;
    int op;
    cval *vals;
    size_t nvals;
    dd_fieldref rhs; /* val(field) */
    bool has_rhs;
    bool evtdir;   /* evt.dir: see eval_cmp */
    uint64_t *set; /* open-addressing hash of string values (long `in` lists) */
    size_t setcap;
} dd_cnode;

static dd_cnode *node_new(dd_ruleset *rs, int kind)
{
    dd_cnode *n = dd_xcalloc(1, sizeof *n);
    n->kind = kind;
    rs->nodes = dd_xgrow(rs->nodes, &rs->capnodes, rs->nnodes + 1, sizeof *rs->nodes);
    rs->nodes[rs->nnodes++] = n;
    return n;
}

void dd_cnode_free(dd_cnode *n)
{
    free(n->kids);
    dd_fieldref_clear(&n->lhs);
    dd_fieldref_clear(&n->rhs);
    for (size_t i = 0; i < n->nvals; i++) {
        free(n->vals[i].s);
        if (n->vals[i].re)
            pcre2_code_free(n->vals[i].re);
    }
    free(n->vals);
    free(n->set);
    free(n);
}

static dd_cnode *node2(dd_ruleset *rs, int kind, dd_cnode *a, dd_cnode *b)
{
    /* flatten a and (b and c) into one n-ary node */
    dd_cnode *n = node_new(rs, kind);
    dd_cnode *parts[2] = {a, b};
    for (int k = 0; k < 2; k++) {
        dd_cnode *p = parts[k];
        if (!p)
            continue;
        size_t add = p->kind == kind ? p->nkids : 1;
        n->kids = dd_xrealloc(n->kids, (n->nkids + add) * sizeof *n->kids);
        if (p->kind == kind) {
            memcpy(n->kids + n->nkids, p->kids, p->nkids * sizeof *p->kids);
            n->nkids += p->nkids;
        } else {
            n->kids[n->nkids++] = p;
        }
    }
    return n;
}

dd_cnode *dd_cnode_and_not(dd_ruleset *rs, dd_cnode *a, dd_cnode *b)
{
    dd_cnode *nb = node_new(rs, N_NOT);
    nb->kids = dd_xcalloc(1, sizeof *nb->kids);
    nb->kids[0] = b;
    nb->nkids = 1;
    return node2(rs, N_AND, a, nb);
}

/* ---- parser --------------------------------------------------------------------------- */

typedef struct parser {
    dd_ruleset *rs;
    const rtext *t;
    const char *s;
    size_t len, pos;
    char **skip; /* first unsupported field, with its position */
    dd_error *e;
    bool failed;
} parser;

static void perr(parser *p, size_t at, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void perr(parser *p, size_t at, const char *fmt, ...)
{
    if (p->failed)
        return;
    p->failed = true;
    char msg[1024], where[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (!p->t->nsegs) {
        /* a value from an exception: the caller names where */
        dd_error_set(p->e, DD_ERR_INPUT, 0, "%s", msg);
        return;
    }
    dd_rpos_format(p->rs, dd_rtext_pos(p->rs, p->t, at), where, sizeof where);
    dd_error_set(p->e, DD_ERR_INPUT, 0, "%s: %s", where, msg);
}

static void note_skip(parser *p, size_t at, const char *what, const char *why)
{
    if (*p->skip)
        return;
    char where[512];
    dd_rpos_format(p->rs, dd_rtext_pos(p->rs, p->t, at), where, sizeof where);
    *p->skip = dd_xasprintf("%s: %s %s", where, what, why);
}

static void skip_ws(parser *p)
{
    while (p->pos < p->len && isspace((unsigned char)p->s[p->pos]))
        p->pos++;
}

static bool at_end(parser *p)
{
    skip_ws(p);
    return p->pos >= p->len;
}

static bool ident_char(char c)
{
    return isalnum((unsigned char)c) || c == '_' || c == '.' || c == '-' || c == ':';
}

/* An identifier (field, macro, keyword), with an optional [argument]. */
static size_t read_ident(parser *p, size_t *start)
{
    skip_ws(p);
    *start = p->pos;
    while (p->pos < p->len && ident_char(p->s[p->pos]))
        p->pos++;
    if (p->pos > *start && p->pos < p->len && p->s[p->pos] == '[') {
        size_t q = p->pos + 1;
        while (q < p->len && p->s[q] != ']')
            q++;
        if (q >= p->len) {
            perr(p, p->pos, "unterminated '[' in a field name");
            return 0;
        }
        p->pos = q + 1;
    }
    return p->pos - *start;
}

static bool word_is(const char *s, size_t n, const char *w)
{
    return strlen(w) == n && memcmp(s, w, n) == 0;
}

static bool peek_word(parser *p, const char *w)
{
    skip_ws(p);
    size_t n = strlen(w);
    return p->pos + n <= p->len && memcmp(p->s + p->pos, w, n) == 0 &&
           (p->pos + n == p->len || !ident_char(p->s[p->pos + n]));
}

/* A value token: quoted (with escapes) or bare. Returns a new string. */
static char *read_value_tok(const char *s, size_t len, size_t *pos, size_t *start, bool *quoted,
                            const char **err)
{
    while (*pos < len && isspace((unsigned char)s[*pos]))
        (*pos)++;
    *start = *pos;
    *quoted = false;
    *err = NULL;
    if (*pos >= len) {
        *err = "a value is missing";
        return NULL;
    }
    char q = s[*pos];
    if (q == '"' || q == '\'') {
        *quoted = true;
        dd_buf b = DD_BUF_INIT;
        (*pos)++;
        while (*pos < len && s[*pos] != q) {
            char c = s[(*pos)++];
            if (c == '\\' && *pos < len) {
                char x = s[(*pos)++];
                switch (x) {
                case 'n':
                    c = '\n';
                    break;
                case 't':
                    c = '\t';
                    break;
                case 'r':
                    c = '\r';
                    break;
                case 'b':
                    c = '\b';
                    break;
                case 'f':
                    c = '\f';
                    break;
                default:
                    c = x; /* \" \' \\ and anything else: the character itself */
                    break;
                }
            }
            dd_buf_putc(&b, c);
        }
        if (*pos >= len) {
            dd_buf_free(&b);
            *err = "unterminated quoted string";
            return NULL;
        }
        (*pos)++;
        if (!b.data)
            dd_buf_puts(&b, "");
        return dd_buf_steal(&b);
    }
    while (*pos < len && !isspace((unsigned char)s[*pos]) && s[*pos] != '(' && s[*pos] != ')' &&
           s[*pos] != ',' && s[*pos] != '"' && s[*pos] != '\'')
        (*pos)++;
    if (*pos == *start) {
        *err = "a value is missing";
        return NULL;
    }
    return dd_xstrndup(s + *start, *pos - *start);
}

/* ---- values ----------------------------------------------------------------------------- */

static bool parse_int(const char *s, int64_t *out)
{
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (!*s || *end || errno)
        return false;
    *out = v;
    return true;
}

static bool parse_ipnet(const char *s, cval *v)
{
    char buf[64];
    snprintf(buf, sizeof buf, "%s", s);
    char *slash = strchr(buf, '/');
    int bits = -1;
    if (slash) {
        *slash = 0;
        char *end;
        long b = strtol(slash + 1, &end, 10);
        if (!slash[1] || *end || b < 0 || b > 128)
            return false;
        bits = (int)b;
    }
    if (inet_pton(AF_INET, buf, v->ip) == 1) {
        v->iplen = 4;
    } else if (inet_pton(AF_INET6, buf, v->ip) == 1) {
        v->iplen = 16;
    } else {
        return false;
    }
    if (bits > v->iplen * 8)
        return false;
    v->prefix = bits < 0 ? v->iplen * 8 : (uint8_t)bits;
    return true;
}

static uint64_t hash_str(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
    return h | 1; /* 0 marks an empty slot */
}

/* Convert a value for the comparison: numbers for numeric fields, addresses for IP
 * fields, bytes for b* operators, a regex for `regex`. */
static bool conv_value(parser *p, dd_cnode *n, cval *v, size_t at)
{
    int type = n->xform == X_LEN ? DD_FT_INT : n->lhs.f->type;
    if (n->op == OP_BCONTAINS || n->op == OP_BSTARTSWITH) {
        /* hex bytes: "2f6574632f" */
        size_t l = strlen(v->s);
        if (l % 2) {
            perr(p, at, "'%s' is not a string of hex bytes", v->s);
            return false;
        }
        for (size_t i = 0; i < l / 2; i++) {
            unsigned b;
            if (sscanf(v->s + 2 * i, "%2x", &b) != 1) {
                perr(p, at, "'%s' is not a string of hex bytes", v->s);
                return false;
            }
            v->s[i] = (char)b;
        }
        v->n = l / 2;
        return true;
    }
    if (n->op == OP_REGEX) {
        int err;
        PCRE2_SIZE eoff;
        v->re = pcre2_compile((PCRE2_SPTR)v->s, v->n, PCRE2_UTF | PCRE2_MATCH_INVALID_UTF, &err,
                              &eoff, NULL);
        if (!v->re) {
            PCRE2_UCHAR msg[256];
            pcre2_get_error_message(err, msg, sizeof msg);
            perr(p, at, "invalid regex '%s': %s at offset %zu", v->s, msg, (size_t)eoff);
            return false;
        }
        return true;
    }
    switch (type) {
    case DD_FT_INT:
        if (!parse_int(v->s, &v->i)) {
            if (n->op == OP_CONTAINS || n->op == OP_STARTSWITH || n->op == OP_ENDSWITH ||
                n->op == OP_ICONTAINS || n->op == OP_GLOB)
                return true; /* compared as text */
            perr(p, at, "'%s' is not a number (field %s)", v->s, n->lhs.text);
            return false;
        }
        v->num = true;
        return true;
    case DD_FT_BOOL:
        if (!strcasecmp(v->s, "true"))
            v->i = 1;
        else if (!strcasecmp(v->s, "false"))
            v->i = 0;
        else {
            perr(p, at, "'%s' is not true or false (field %s)", v->s, n->lhs.text);
            return false;
        }
        v->num = true;
        return true;
    case DD_FT_IP:
        if (!parse_ipnet(v->s, v)) {
            perr(p, at, "'%s' is not an IP address or network (field %s)", v->s, n->lhs.text);
            return false;
        }
        return true;
    case DD_FT_CHAR:
    default:
        if (n->op == OP_ICONTAINS || n->op == OP_IGLOB)
            for (size_t i = 0; i < v->n; i++)
                v->s[i] = (char)tolower((unsigned char)v->s[i]);
        return true;
    }
}

static void add_val(dd_cnode *n, char *s, size_t *cap, size_t pos)
{
    n->vals = dd_xgrow(n->vals, cap, n->nvals + 1, sizeof *n->vals);
    cval *v = &n->vals[n->nvals++];
    memset(v, 0, sizeof *v);
    v->s = s;
    v->n = strlen(s);
    v->pos = pos;
}

/* Expand a list item: a list's name becomes its items (recursively). */
static bool add_item(parser *p, dd_cnode *n, const char *item, size_t *cap, size_t at, int depth)
{
    rlist *l = dd_rs_list(p->rs, item);
    if (l) {
        if (depth > 32 || l->state) {
            perr(p, at, "list '%s' includes itself", item);
            return false;
        }
        l->state = 1;
        for (size_t i = 0; i < l->n && !p->failed; i++) {
            size_t pos = 0, st;
            bool quoted;
            const char *err;
            const char *it = l->items[i];
            char *v = read_value_tok(it, strlen(it), &pos, &st, &quoted, &err);
            if (!v) {
                /* an empty item ('') is an empty string */
                v = dd_xstrdup("");
                quoted = true;
            } else if (pos < strlen(it) && !quoted) {
                /* an unquoted item with spaces is one value, as written */
                free(v);
                v = dd_xstrdup(it);
            }
            if (quoted)
                add_val(n, v, cap, at);
            else {
                add_item(p, n, v, cap, at, depth + 1);
                free(v);
            }
        }
        l->state = 0;
        return !p->failed;
    }
    add_val(n, dd_xstrdup(item), cap, at);
    return true;
}

static void build_set(dd_cnode *n)
{
    if (n->nvals < 8 || n->lhs.f->type != DD_FT_STR || n->xform == X_LEN)
        return;
    n->setcap = 16;
    while (n->setcap < n->nvals * 2)
        n->setcap *= 2;
    n->set = dd_xcalloc(n->setcap, sizeof *n->set);
    for (size_t i = 0; i < n->nvals; i++) {
        uint64_t h = hash_str(n->vals[i].s, n->vals[i].n);
        size_t k = h & (n->setcap - 1);
        while (n->set[k])
            k = (k + 1) & (n->setcap - 1);
        n->set[k] = h;
    }
}

static dd_cnode *parse_expr(parser *p);

static bool resolve_field(parser *p, const char *s, size_t len, size_t at, dd_fieldref *r)
{
    const char *why;
    if (dd_fieldref_parse(s, len, r, &why) < 0) {
        char *name = dd_xstrndup(s, len);
        if (!strcmp(why, "unknown field") || !strncmp(why, "not supported", 13)) {
            char *what = dd_xasprintf("field '%s'", name);
            note_skip(p, at, what, why);
            free(what);
        } else {
            perr(p, at, "field '%s': %s", name, why);
        }
        free(name);
        return false;
    }
    return true;
}

static dd_cnode *parse_check(parser *p, const char *name, size_t nlen, size_t at, int xform)
{
    dd_cnode *n = node_new(p->rs, N_CMP);
    n->xform = xform;
    bool known = resolve_field(p, name, nlen, at, &n->lhs);
    if (p->failed)
        return NULL;
    if (xform) {
        skip_ws(p);
        if (p->pos >= p->len || p->s[p->pos] != ')') {
            perr(p, p->pos, "expected ')' after the field of %s()", xform_names[xform]);
            return NULL;
        }
        p->pos++;
        if (known && xform != X_LEN && n->lhs.f->type != DD_FT_STR) {
            perr(p, at, "%s() applies to string fields, not %s", xform_names[xform], n->lhs.text);
            return NULL;
        }
    }
    /* operator */
    skip_ws(p);
    size_t opat = p->pos;
    const char *s = p->s + p->pos;
    size_t left = p->len - p->pos;
    if (left >= 2 && (!memcmp(s, "==", 2) || !memcmp(s, "!=", 2) || !memcmp(s, "<=", 2) ||
                      !memcmp(s, ">=", 2))) {
        n->op = s[0] == '=' ? OP_EQ : s[0] == '!' ? OP_NE : s[0] == '<' ? OP_LE : OP_GE;
        p->pos += 2;
    } else if (left >= 1 && (s[0] == '=' || s[0] == '<' || s[0] == '>')) {
        n->op = s[0] == '=' ? OP_EQ : s[0] == '<' ? OP_LT : OP_GT;
        p->pos += 1;
    } else {
        size_t st;
        size_t wl = read_ident(p, &st);
        for (size_t i = 0; i < DD_ARRAY_LEN(word_ops) && wl; i++)
            if (word_is(p->s + st, wl, word_ops[i].name))
                n->op = word_ops[i].op;
        if (!n->op) {
            if (wl)
                perr(p, opat, "unknown operator '%.*s' after %.*s", (int)wl, p->s + st, (int)nlen,
                     name);
            else
                perr(p, opat, "expected an operator after %.*s", (int)nlen, name);
            return NULL;
        }
    }
    if (n->op == OP_EXISTS)
        return known ? n : node_new(p->rs, N_FALSE);
    if (known && (n->op == OP_LT || n->op == OP_LE || n->op == OP_GT || n->op == OP_GE) &&
        n->lhs.f->type != DD_FT_INT && n->xform != X_LEN && n->lhs.f->type != DD_FT_STR) {
        perr(p, opat, "%s cannot be compared with < or >", n->lhs.text);
        return NULL;
    }
    size_t cap = 0;
    bool list_op = n->op == OP_IN || n->op == OP_INTERSECTS || n->op == OP_PMATCH;
    skip_ws(p);
    if (list_op) {
        if (p->pos >= p->len || p->s[p->pos] != '(') {
            perr(p, p->pos, "expected '(' and a list of values after '%s'",
                 n->op == OP_IN       ? "in"
                 : n->op == OP_PMATCH ? "pmatch"
                                      : "intersects");
            return NULL;
        }
        p->pos++;
        skip_ws(p);
        if (p->pos < p->len && p->s[p->pos] == ')') {
            p->pos++; /* an empty list: never matches */
        } else {
            for (;;) {
                size_t st;
                bool quoted;
                const char *err;
                char *v = read_value_tok(p->s, p->len, &p->pos, &st, &quoted, &err);
                if (!v) {
                    perr(p, st, "%s in the list of values", err);
                    return NULL;
                }
                if (quoted)
                    add_val(n, v, &cap, st);
                else {
                    add_item(p, n, v, &cap, st, 0);
                    free(v);
                    if (p->failed)
                        return NULL;
                }
                skip_ws(p);
                if (p->pos < p->len && p->s[p->pos] == ',') {
                    p->pos++;
                    continue;
                }
                if (p->pos < p->len && p->s[p->pos] == ')') {
                    p->pos++;
                    break;
                }
                perr(p, p->pos, "expected ',' or ')' in the list of values");
                return NULL;
            }
        }
    } else {
        size_t vat = p->pos;
        if (peek_word(p, "val") && p->pos + 3 < p->len && p->s[p->pos + 3] == '(') {
            p->pos += 4;
            size_t fst;
            size_t fl = read_ident(p, &fst);
            skip_ws(p);
            if (!fl || p->pos >= p->len || p->s[p->pos] != ')') {
                perr(p, vat, "val() takes one field");
                return NULL;
            }
            p->pos++;
            bool ok = resolve_field(p, p->s + fst, fl, fst, &n->rhs);
            if (p->failed)
                return NULL;
            n->has_rhs = ok;
            if (!ok || !known)
                return node_new(p->rs, N_FALSE);
            return n;
        }
        size_t st;
        bool quoted;
        const char *err;
        char *v = read_value_tok(p->s, p->len, &p->pos, &st, &quoted, &err);
        if (!v) {
            perr(p, st, "%s after the operator", err);
            return NULL;
        }
        add_val(n, v, &cap, st);
    }
    if (!known)
        return node_new(p->rs, N_FALSE);
    n->evtdir = !strcmp(n->lhs.f->name, "evt.dir");
    /* evt.type values are checked against the known types by dd_cnode_types */
    for (size_t i = 0; i < n->nvals; i++)
        if (!conv_value(p, n, &n->vals[i], n->vals[i].pos))
            return NULL;
    if (n->op == OP_IN)
        build_set(n);
    return n;
}

static dd_cnode *parse_not(parser *p)
{
    if (at_end(p)) {
        perr(p, p->pos, "unexpected end of the condition");
        return NULL;
    }
    if (peek_word(p, "not")) {
        p->pos += 3;
        dd_cnode *k = parse_not(p);
        if (!k)
            return NULL;
        dd_cnode *n = node_new(p->rs, N_NOT);
        n->kids = dd_xcalloc(1, sizeof *n->kids);
        n->kids[0] = k;
        n->nkids = 1;
        return n;
    }
    skip_ws(p);
    if (p->s[p->pos] == '(') {
        size_t open = p->pos++;
        dd_cnode *n = parse_expr(p);
        if (!n)
            return NULL;
        skip_ws(p);
        if (p->pos >= p->len || p->s[p->pos] != ')') {
            perr(p, open, "'(' is not closed");
            return NULL;
        }
        p->pos++;
        return n;
    }
    size_t st;
    size_t l = read_ident(p, &st);
    if (p->failed)
        return NULL;
    if (!l) {
        perr(p, p->pos, "expected a field, a macro, 'not' or '(' but found '%c'", p->s[p->pos]);
        return NULL;
    }
    if (word_is(p->s + st, l, "and") || word_is(p->s + st, l, "or")) {
        perr(p, st, "'%.*s' needs a condition before it", (int)l, p->s + st);
        return NULL;
    }
    /* transformer(field) */
    if (p->pos < p->len && p->s[p->pos] == '(') {
        int x = 0;
        for (int i = 1; i < (int)DD_ARRAY_LEN(xform_names); i++)
            if (word_is(p->s + st, l, xform_names[i]))
                x = i;
        if (!x) {
            perr(p, st, "unknown function '%.*s'", (int)l, p->s + st);
            return NULL;
        }
        p->pos++;
        size_t fst;
        size_t fl = read_ident(p, &fst);
        if (!fl) {
            perr(p, p->pos, "%s() takes a field", xform_names[x]);
            return NULL;
        }
        return parse_check(p, p->s + fst, fl, fst, x);
    }
    if (memchr(p->s + st, '.', l))
        return parse_check(p, p->s + st, l, st, X_NONE);
    /* a macro */
    char *name = dd_xstrndup(p->s + st, l);
    rmacro *m = dd_rs_macro(p->rs, name);
    if (!m) {
        perr(p, st, "'%s' is not a defined macro (nor a field: fields contain a dot)", name);
        free(name);
        return NULL;
    }
    free(name);
    if (m->state == 1) {
        perr(p, st, "macro '%s' uses itself", m->name);
        return NULL;
    }
    if (m->state == 0) {
        m->state = 1;
        m->node = dd_cond_compile(p->rs, &m->cond, &m->skip, p->e);
        m->state = 2;
        if (!m->node) {
            p->failed = true;
            dd_error_prefix(p->e, "in macro '%s'", m->name);
            return NULL;
        }
    }
    if (m->skip && !*p->skip)
        *p->skip = dd_xasprintf("%s (in macro '%s')", m->skip, m->name);
    return m->node;
}

static dd_cnode *parse_and(parser *p)
{
    dd_cnode *n = parse_not(p);
    while (n && peek_word(p, "and")) {
        p->pos += 3;
        dd_cnode *r = parse_not(p);
        if (!r)
            return NULL;
        n = node2(p->rs, N_AND, n, r);
    }
    return n;
}

static dd_cnode *parse_expr(parser *p)
{
    dd_cnode *n = parse_and(p);
    while (n && peek_word(p, "or")) {
        p->pos += 2;
        dd_cnode *r = parse_and(p);
        if (!r)
            return NULL;
        n = node2(p->rs, N_OR, n, r);
    }
    return n;
}

dd_cnode *dd_cond_compile(dd_ruleset *rs, const rtext *t, char **skip, dd_error *e)
{
    parser p = {rs, t, t->text.data ? t->text.data : "", t->text.len, 0, skip, e, false};
    if (at_end(&p)) {
        perr(&p, 0, "empty condition");
        return NULL;
    }
    dd_cnode *n = parse_expr(&p);
    if (!n || p.failed)
        return NULL;
    if (!at_end(&p)) {
        perr(&p, p.pos, "unexpected '%.*s' (expected and, or, or the end)",
             (int)strcspn(p.s + p.pos, " \t\n"), p.s + p.pos);
        return NULL;
    }
    return n;
}

/* ---- exceptions ------------------------------------------------------------------------ */

static int comp_op(const char *c)
{
    if (!strcmp(c, "=") || !strcmp(c, "=="))
        return OP_EQ;
    if (!strcmp(c, "!="))
        return OP_NE;
    if (!strcmp(c, "<"))
        return OP_LT;
    if (!strcmp(c, "<="))
        return OP_LE;
    if (!strcmp(c, ">"))
        return OP_GT;
    if (!strcmp(c, ">="))
        return OP_GE;
    for (size_t i = 0; i < DD_ARRAY_LEN(word_ops); i++)
        if (!strcmp(c, word_ops[i].name))
            return word_ops[i].op;
    return 0;
}

static int exc_err(dd_ruleset *rs, rpos pos, dd_error *e, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int exc_err(dd_ruleset *rs, rpos pos, dd_error *e, const char *fmt, ...)
{
    char msg[1024], where[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    dd_rpos_format(rs, pos, where, sizeof where);
    return dd_error_set(e, DD_ERR_INPUT, 0, "%s: %s", where, msg);
}

/* field comp value → a comparison node */
static dd_cnode *exc_check(dd_ruleset *rs, const rexc *x, const char *field, const char *comp,
                           const rval *v, char **skip, dd_error *e)
{
    int op = comp_op(comp);
    if (!op || op == OP_EXISTS) {
        exc_err(rs, x->pos, e, "exception '%s': unknown comparison '%s'", x->name, comp);
        return NULL;
    }
    dd_cnode *n = node_new(rs, N_CMP);
    n->op = op;
    const char *why;
    if (dd_fieldref_parse(field, strlen(field), &n->lhs, &why) < 0) {
        if (!*skip) {
            char where[512];
            dd_rpos_format(rs, x->pos, where, sizeof where);
            *skip = dd_xasprintf("%s: field '%s' %s (exception '%s')", where, field, why, x->name);
        }
        return node_new(rs, N_FALSE);
    }
    /* values are inserted as Falco does: lists and list names expand for list operators */
    rtext t = {0};
    dd_buf_puts(&t.text, "");
    parser p = {rs, &t, "", 0, 0, skip, e, false};
    size_t cap = 0;
    bool list_op = op == OP_IN || op == OP_INTERSECTS || op == OP_PMATCH;
    if (v->is_list) {
        for (size_t i = 0; i < v->nlist; i++)
            add_item(&p, n, v->list[i], &cap, 0, 0);
    } else if (list_op) {
        add_item(&p, n, v->s, &cap, 0, 0);
    } else {
        /* a quoted scalar keeps its text without the quotes */
        size_t pos = 0, st;
        bool quoted;
        const char *err;
        char *tok = read_value_tok(v->s, strlen(v->s), &pos, &st, &quoted, &err);
        if (tok && quoted && pos == strlen(v->s))
            add_val(n, tok, &cap, 0);
        else {
            free(tok);
            add_val(n, dd_xstrdup(v->s), &cap, 0);
        }
    }
    for (size_t i = 0; i < n->nvals && !p.failed; i++)
        conv_value(&p, n, &n->vals[i], 0);
    dd_rtext_free(&t);
    if (p.failed) {
        char where[512];
        dd_rpos_format(rs, v->pos, where, sizeof where);
        dd_error_prefix(e, "%s: exception '%s', field %s", where, x->name, field);
        return NULL;
    }
    if (op == OP_IN)
        build_set(n);
    return n;
}

dd_cnode *dd_exc_compile(dd_ruleset *rs, const rrule *r, char **skip, dd_error *e)
{
    dd_cnode *any = NULL;
    for (size_t k = 0; k < r->nexc; k++) {
        const rexc *x = &r->exc[k];
        if (x->fields_list) {
            for (size_t t = 0; t < x->nvalues; t++) {
                dd_cnode *all = NULL;
                for (size_t f = 0; f < x->nfields; f++) {
                    const char *comp = x->ncomps ? x->comps[f] : "=";
                    dd_cnode *c = exc_check(rs, x, x->fields[f], comp,
                                            &x->values[t * x->nfields + f], skip, e);
                    if (!c)
                        return NULL;
                    all = all ? node2(rs, N_AND, all, c) : c;
                }
                if (all)
                    any = any ? node2(rs, N_OR, any, all) : all;
            }
        } else {
            const char *comp = x->ncomps ? x->comps[0] : "in";
            int op = comp_op(comp);
            if (op == OP_IN || op == OP_INTERSECTS || op == OP_PMATCH) {
                /* fields: f, comps: in, values: [a, b] → f in (a, b) */
                if (!x->nvalues)
                    continue;
                rval all = {0};
                all.is_list = true;
                for (size_t t = 0; t < x->nvalues; t++) {
                    const rval *v = &x->values[t];
                    size_t add = v->is_list ? v->nlist : 1;
                    all.list = dd_xrealloc(all.list, (all.nlist + add) * sizeof(char *));
                    for (size_t i = 0; i < add; i++)
                        all.list[all.nlist++] = v->is_list ? v->list[i] : v->s;
                }
                dd_cnode *c = exc_check(rs, x, x->fields[0], comp, &all, skip, e);
                free(all.list);
                if (!c)
                    return NULL;
                any = any ? node2(rs, N_OR, any, c) : c;
            } else {
                for (size_t t = 0; t < x->nvalues; t++) {
                    dd_cnode *c = exc_check(rs, x, x->fields[0], comp, &x->values[t], skip, e);
                    if (!c)
                        return NULL;
                    any = any ? node2(rs, N_OR, any, c) : c;
                }
            }
        }
    }
    return any ? any : node_new(rs, N_FALSE);
}

/* ---- event types ------------------------------------------------------------------------- */

int dd_cnode_types(const dd_ruleset *rs, const dd_cnode *n, uint64_t *types, bool *all,
                   dd_buf *notes, dd_error *e)
{
    memset(types, 0, DD_TYPE_WORDS * sizeof *types);
    *all = false;
    switch (n->kind) {
    case N_CMP:
        if (!strcmp(n->lhs.f->name, "evt.type") && !n->xform && !n->has_rhs &&
            (n->op == OP_EQ || n->op == OP_IN)) {
            for (size_t i = 0; i < n->nvals; i++) {
                int t = dd_evtype_by_name(n->vals[i].s);
                if (t == -1)
                    return dd_error_set(e, DD_ERR_INPUT, 0, "'%s' is not an event type (evt.type)",
                                        n->vals[i].s);
                if (t == -2) {
                    if (!notes->len || !strstr(notes->data, n->vals[i].s))
                        dd_buf_printf(notes, "%s%s", notes->len ? ", " : "", n->vals[i].s);
                    continue;
                }
                types[t / 64] |= 1ull << (t % 64);
            }
            return 0;
        }
        *all = true;
        return 0;
    case N_AND:
    case N_OR: {
        bool first = true;
        for (size_t i = 0; i < n->nkids; i++) {
            uint64_t kt[DD_TYPE_WORDS];
            bool kall;
            if (dd_cnode_types(rs, n->kids[i], kt, &kall, notes, e) < 0)
                return -1;
            if (n->kind == N_AND) {
                if (kall)
                    continue;
                if (first || *all) {
                    memcpy(types, kt, sizeof kt);
                    *all = false;
                } else {
                    for (int w = 0; w < DD_TYPE_WORDS; w++)
                        types[w] &= kt[w];
                }
                first = false;
            } else {
                if (kall)
                    *all = true;
                for (int w = 0; w < DD_TYPE_WORDS; w++)
                    types[w] |= kt[w];
            }
        }
        if (n->kind == N_AND && first)
            *all = true;
        if (*all && n->kind == N_OR)
            memset(types, 0, DD_TYPE_WORDS * sizeof *types);
        return 0;
    }
    default:
        /* not X, false: unrestricted (still checked for unknown type names) */
        for (size_t i = 0; i < n->nkids; i++) {
            uint64_t kt[DD_TYPE_WORDS];
            bool kall;
            dd_buf ignore = DD_BUF_INIT;
            int rc = dd_cnode_types(rs, n->kids[i], kt, &kall, &ignore, e);
            dd_buf_free(&ignore);
            if (rc < 0)
                return -1;
        }
        *all = true;
        return 0;
    }
}

bool dd_cnode_uses_field(const dd_cnode *n, const char *name)
{
    if (n->kind == N_CMP)
        return (n->lhs.f && !strcmp(n->lhs.f->name, name)) ||
               (n->has_rhs && !strcmp(n->rhs.f->name, name));
    for (size_t i = 0; i < n->nkids; i++)
        if (dd_cnode_uses_field(n->kids[i], name))
            return true;
    return false;
}

bool dd_cnode_uses_env(const dd_cnode *n)
{
    if (n->kind == N_CMP)
        return (n->lhs.f && (n->lhs.f->flags & DD_FF_ENV)) ||
               (n->has_rhs && (n->rhs.f->flags & DD_FF_ENV));
    for (size_t i = 0; i < n->nkids; i++)
        if (dd_cnode_uses_env(n->kids[i]))
            return true;
    return false;
}

/* ---- evaluation --------------------------------------------------------------------------- */

static bool ci_contains(const char *h, size_t hn, const char *nd, size_t nn)
{
    /* nd is already lowercase */
    if (nn == 0)
        return true;
    for (size_t i = 0; i + nn <= hn; i++) {
        size_t k = 0;
        while (k < nn && tolower((unsigned char)h[i + k]) == nd[k])
            k++;
        if (k == nn)
            return true;
    }
    return false;
}

static bool net_contains(const cval *v, const dd_val *a)
{
    if (!v->iplen || v->iplen != a->iplen)
        return false;
    int bits = v->prefix;
    for (int i = 0; i < bits / 8; i++)
        if (v->ip[i] != a->ip[i])
            return false;
    if (bits % 8) {
        uint8_t mask = (uint8_t)(0xff << (8 - bits % 8));
        if ((v->ip[bits / 8] & mask) != (a->ip[bits / 8] & mask))
            return false;
    }
    return true;
}

static bool str_eq(const dd_val *a, const cval *v)
{
    return a->n == v->n && memcmp(a->s, v->s, a->n) == 0;
}

static bool cmp_one(const dd_cnode *n, const dd_val *a, const cval *v)
{
    switch (a->t) {
    case DD_V_INT:
    case DD_V_BOOL:
        if (!v->num)
            return false;
        switch (n->op) {
        case OP_EQ:
        case OP_IN:
        case OP_INTERSECTS:
            return a->i == v->i;
        case OP_NE:
            return a->i != v->i;
        case OP_LT:
            return a->i < v->i;
        case OP_LE:
            return a->i <= v->i;
        case OP_GT:
            return a->i > v->i;
        case OP_GE:
            return a->i >= v->i;
        default:
            return false;
        }
    case DD_V_IP:
        switch (n->op) {
        case OP_EQ:
        case OP_IN:
        case OP_INTERSECTS:
            return net_contains(v, a);
        case OP_NE:
            return !net_contains(v, a);
        default:
            return false;
        }
    case DD_V_STR:
        break;
    default:
        return false;
    }
    switch (n->op) {
    case OP_EQ:
    case OP_IN:
    case OP_INTERSECTS:
        return str_eq(a, v);
    case OP_NE:
        return !str_eq(a, v);
    case OP_LT:
    case OP_LE:
    case OP_GT:
    case OP_GE: {
        if (v->num) {
            /* a numeric string field (evt.arg.uid) compared as a number */
            char buf[32];
            int64_t x;
            size_t l = a->n < sizeof buf - 1 ? a->n : sizeof buf - 1;
            memcpy(buf, a->s, l);
            buf[l] = 0;
            char *end;
            x = strtoll(buf, &end, 10);
            if (!l || *end)
                return false;
            return n->op == OP_LT   ? x < v->i
                   : n->op == OP_LE ? x <= v->i
                   : n->op == OP_GT ? x > v->i
                                    : x >= v->i;
        }
        size_t l = a->n < v->n ? a->n : v->n;
        int c = memcmp(a->s, v->s, l);
        if (!c)
            c = a->n < v->n ? -1 : a->n > v->n;
        return n->op == OP_LT ? c < 0 : n->op == OP_LE ? c <= 0 : n->op == OP_GT ? c > 0 : c >= 0;
    }
    case OP_CONTAINS:
    case OP_BCONTAINS:
        return v->n == 0 || memmem(a->s, a->n, v->s, v->n) != NULL;
    case OP_ICONTAINS:
        return ci_contains(a->s, a->n, v->s, v->n);
    case OP_STARTSWITH:
    case OP_BSTARTSWITH:
        return a->n >= v->n && memcmp(a->s, v->s, v->n) == 0;
    case OP_ENDSWITH:
        return a->n >= v->n && memcmp(a->s + a->n - v->n, v->s, v->n) == 0;
    case OP_PMATCH:
        /* the value is the directory itself or below it */
        if (a->n < v->n || memcmp(a->s, v->s, v->n) != 0)
            return false;
        return a->n == v->n || (v->n && v->s[v->n - 1] == '/') || a->s[v->n] == '/';
    case OP_GLOB:
    case OP_IGLOB: {
        char small[512];
        char *s = a->n < sizeof small ? small : dd_xmalloc(a->n + 1);
        memcpy(s, a->s, a->n);
        s[a->n] = 0;
        bool m = fnmatch(v->s, s, n->op == OP_IGLOB ? FNM_CASEFOLD : 0) == 0;
        if (s != small)
            free(s);
        return m;
    }
    case OP_REGEX: {
        pcre2_match_data *md = pcre2_match_data_create_from_pattern(v->re, NULL);
        int rc = pcre2_match(v->re, (PCRE2_SPTR)a->s, a->n, 0, PCRE2_ANCHORED | PCRE2_ENDANCHORED,
                             md, NULL);
        pcre2_match_data_free(md);
        return rc >= 0;
    }
    default:
        return false;
    }
}

static bool in_set(const dd_cnode *n, const dd_val *a)
{
    uint64_t h = hash_str(a->s, a->n);
    size_t k = h & (n->setcap - 1);
    while (n->set[k]) {
        if (n->set[k] == h) {
            /* confirm: hashes can collide */
            for (size_t i = 0; i < n->nvals; i++)
                if (str_eq(a, &n->vals[i]))
                    return true;
            return false;
        }
        k = (k + 1) & (n->setcap - 1);
    }
    return false;
}

static const char b64tab[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* Apply a transformer; the result lives in buf. */
static void transform(int x, dd_val *a, dd_buf *buf)
{
    if (a->t != DD_V_STR)
        return;
    dd_buf_reset(buf);
    switch (x) {
    case X_TOLOWER:
    case X_TOUPPER:
        for (size_t i = 0; i < a->n; i++)
            dd_buf_putc(buf, (char)(x == X_TOLOWER ? tolower((unsigned char)a->s[i])
                                                   : toupper((unsigned char)a->s[i])));
        break;
    case X_BASENAME: {
        const char *s = a->s;
        size_t n = a->n;
        const char *slash = NULL;
        for (size_t i = 0; i < n; i++)
            if (s[i] == '/')
                slash = s + i;
        if (slash)
            dd_buf_append(buf, slash + 1, n - (slash + 1 - s));
        else
            dd_buf_append(buf, s, n);
        break;
    }
    case X_B64: {
        /* decode; invalid input decodes to nothing */
        uint32_t acc = 0;
        int bits = 0;
        for (size_t i = 0; i < a->n; i++) {
            const char *q = strchr(b64tab, a->s[i]);
            if (a->s[i] == '=' || !a->s[i])
                break;
            if (!q) {
                dd_buf_reset(buf);
                break;
            }
            acc = (acc << 6) | (uint32_t)(q - b64tab);
            bits += 6;
            if (bits >= 8) {
                bits -= 8;
                dd_buf_putc(buf, (char)((acc >> bits) & 0xff));
            }
        }
        break;
    }
    case X_LEN:
        a->t = DD_V_INT;
        a->i = (int64_t)a->n;
        return;
    }
    if (!buf->data)
        dd_buf_puts(buf, "");
    a->s = buf->data;
    a->n = buf->len;
}

static bool eval_cmp(const dd_cnode *n, const dd_wevent *ev)
{
    /* drydock's events are entry and exit in one: either direction matches */
    if (n->evtdir) {
        if (n->op == OP_NE)
            return false;
        for (size_t i = 0; i < n->nvals; i++)
            if (!strcmp(n->vals[i].s, "<") || !strcmp(n->vals[i].s, ">"))
                return true;
        return false;
    }
    bool multi = (n->lhs.f->flags & DD_FF_MULTI) && n->lhs.index < 0;
    dd_buf tbuf = DD_BUF_INIT;
    bool result = false;
    for (int idx = 0; idx < (multi ? 64 : 1); idx++) {
        dd_val a;
        if (!dd_field_get(ev, &n->lhs, idx, &a))
            break;
        if (n->op == OP_EXISTS) {
            result = true;
            break;
        }
        if (n->xform)
            transform(n->xform, &a, &tbuf);
        if (n->has_rhs) {
            dd_val b;
            if (!dd_field_get(ev, &n->rhs, 0, &b))
                break;
            cval v = {0};
            if (b.t == DD_V_STR) {
                v.s = (char *)b.s;
                v.n = b.n;
            } else if (b.t == DD_V_IP) {
                memcpy(v.ip, b.ip, 16);
                v.iplen = b.iplen;
                v.prefix = b.iplen * 8;
            } else {
                v.i = b.i;
                v.num = true;
            }
            result = n->op == OP_REGEX ? false : cmp_one(n, &a, &v);
        } else if (n->set && a.t == DD_V_STR) {
            result = in_set(n, &a);
        } else if (n->op == OP_NE) {
            /* != against one value */
            result = n->nvals && cmp_one(n, &a, &n->vals[0]);
        } else {
            for (size_t i = 0; i < n->nvals && !result; i++)
                result = cmp_one(n, &a, &n->vals[i]);
        }
        if (result)
            break;
    }
    dd_buf_free(&tbuf);
    return result;
}

bool dd_cnode_eval(const dd_cnode *n, const dd_wevent *ev)
{
    switch (n->kind) {
    case N_AND:
        for (size_t i = 0; i < n->nkids; i++)
            if (!dd_cnode_eval(n->kids[i], ev))
                return false;
        return true;
    case N_OR:
        for (size_t i = 0; i < n->nkids; i++)
            if (dd_cnode_eval(n->kids[i], ev))
                return true;
        return false;
    case N_NOT:
        return !dd_cnode_eval(n->kids[0], ev);
    case N_CMP:
        return eval_cmp(n, ev);
    default:
        return false;
    }
}

/* ---- outputs ------------------------------------------------------------------------------ */

typedef struct outpart {
    char *lit;       /* literal text, or NULL */
    dd_fieldref ref; /* a field */
} outpart;

typedef struct dd_outfmt {
    outpart *parts;
    size_t n;
} dd_outfmt;

void dd_outfmt_free(dd_outfmt *f)
{
    if (!f)
        return;
    for (size_t i = 0; i < f->n; i++) {
        free(f->parts[i].lit);
        dd_fieldref_clear(&f->parts[i].ref);
    }
    free(f->parts);
    free(f);
}

dd_outfmt *dd_outfmt_compile(const char *fmt, char **skip)
{
    dd_outfmt *f = dd_xcalloc(1, sizeof *f);
    size_t cap = 0;
    dd_buf lit = DD_BUF_INIT;
    const char *s = fmt;
    while (*s) {
        if (*s != '%') {
            dd_buf_putc(&lit, *s++);
            continue;
        }
        if (s[1] == '%') {
            dd_buf_putc(&lit, '%');
            s += 2;
            continue;
        }
        /* %field, %field[arg], %(field) */
        const char *st = s + 1;
        bool paren = *st == '(';
        if (paren)
            st++;
        const char *q = st;
        while (*q && (isalnum((unsigned char)*q) || *q == '_' || *q == '.'))
            q++;
        if (*q == '[') {
            const char *c = strchr(q, ']');
            q = c ? c + 1 : q;
        }
        if (q == st) {
            dd_buf_putc(&lit, *s++);
            continue;
        }
        /* a trailing dot belongs to the sentence, not the field */
        while (q > st && q[-1] == '.')
            q--;
        if (lit.len) {
            f->parts = dd_xgrow(f->parts, &cap, f->n + 1, sizeof *f->parts);
            f->parts[f->n++] = (outpart){dd_buf_steal(&lit), {0}};
        }
        outpart part = {0};
        const char *why;
        if (dd_fieldref_parse(st, q - st, &part.ref, &why) < 0) {
            if (!*skip)
                *skip = dd_xasprintf("field '%.*s' %s", (int)(q - st), st, why);
            dd_buf_free(&lit);
            dd_outfmt_free(f);
            return NULL;
        }
        f->parts = dd_xgrow(f->parts, &cap, f->n + 1, sizeof *f->parts);
        f->parts[f->n++] = part;
        s = q;
        if (paren && *s == ')')
            s++;
    }
    if (lit.len) {
        f->parts = dd_xgrow(f->parts, &cap, f->n + 1, sizeof *f->parts);
        f->parts[f->n++] = (outpart){dd_buf_steal(&lit), {0}};
    }
    dd_buf_free(&lit);
    return f;
}

void dd_outfmt_render(const dd_outfmt *f, const dd_wevent *ev, dd_buf *text, json_t *fields)
{
    for (size_t i = 0; i < f->n; i++) {
        const outpart *p = &f->parts[i];
        if (p->lit) {
            if (text)
                dd_buf_puts(text, p->lit);
            continue;
        }
        json_t *j = NULL;
        dd_field_render(ev, &p->ref, text, fields ? &j : NULL);
        if (fields && j)
            json_object_set_new(fields, p->ref.text, j);
    }
}
