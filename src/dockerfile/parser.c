/* The Dockerfile parser. It follows BuildKit's reading of the format (moby/buildkit
 * frontend/dockerfile/parser) so that what drydock reports matches what `docker build`
 * does: directives only at the very top, continuation lines joined without the escape
 * and newline, comment and empty lines inside a continuation dropped, heredoc bodies
 * read after the instruction's logical line, JSON form only when the text is a valid
 * JSON array of strings (else shell form, as Docker does).
 *
 * Every byte of the joined instruction keeps its original line and column, so a finding
 * in the middle of a 20-line RUN points at the right line. */
#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/buf.h"
#include "core/cleanup.h"
#include "core/mem.h"
#include "dockerfile/internal.h"

/* Word processing appends one byte at a time; keep that a store, not a call. */
static inline void bputc(dd_buf *b, char c)
{
    if (b->data && b->cap - b->len >= 2) {
        b->data[b->len++] = c;
        b->data[b->len] = '\0';
    } else {
        dd_buf_putc(b, c);
    }
}

typedef struct var {
    const char *name;
    const char *value; /* NULL: declared without a value */
} var;

typedef struct vars {
    var *v;
    size_t n, cap;
} vars;

/* Rule ids of ignore pragmas; the strings live in the arena. */
typedef struct idlist {
    char **v;
    size_t n, cap;
} idlist;

typedef struct P {
    dd_dockerfile *df;
    dd_arena *a;
    const char *t;
    size_t n, off;
    int line; /* number of the next physical line */
    char esc;
    /* the logical line being built, with a position per byte */
    char *lb;
    dd_df_pos *lp;
    size_t ln, lcap;
    dd_df_instr *ins;
    size_t nins, icap;
    dd_df_stage *st;
    size_t nst, scap;
    vars global, stage;
    /* ignore pragmas waiting for their instruction (line), stage, or for the end (file) */
    idlist pend, pend_stage, global_ign;
    dd_df_pragma *pragmas;
    size_t npragmas, prcap;
    dd_buf tmp;
} P;

static const char *const kind_names[] = {
    [DD_DF_UNKNOWN] = "UNKNOWN",       [DD_DF_ADD] = "ADD",         [DD_DF_ARG] = "ARG",
    [DD_DF_CMD] = "CMD",               [DD_DF_COPY] = "COPY",       [DD_DF_ENTRYPOINT] = "ENTRYPOINT",
    [DD_DF_ENV] = "ENV",               [DD_DF_EXPOSE] = "EXPOSE",   [DD_DF_FROM] = "FROM",
    [DD_DF_HEALTHCHECK] = "HEALTHCHECK", [DD_DF_LABEL] = "LABEL",   [DD_DF_MAINTAINER] = "MAINTAINER",
    [DD_DF_ONBUILD] = "ONBUILD",       [DD_DF_RUN] = "RUN",         [DD_DF_SHELL] = "SHELL",
    [DD_DF_STOPSIGNAL] = "STOPSIGNAL", [DD_DF_USER] = "USER",       [DD_DF_VOLUME] = "VOLUME",
    [DD_DF_WORKDIR] = "WORKDIR",
};

dd_df_kind dd_df_kind_from(const char *kw)
{
    for (size_t i = 1; i < DD_ARRAY_SIZE(kind_names); i++)
        if (strcasecmp(kw, kind_names[i]) == 0)
            return (dd_df_kind)i;
    return DD_DF_UNKNOWN;
}

const char *dd_df_kind_name(dd_df_kind k)
{
    return (unsigned)k < DD_ARRAY_SIZE(kind_names) ? kind_names[k] : "UNKNOWN";
}

__attribute__((format(printf, 3, 4))) static void perr(P *p, dd_df_pos pos, const char *fmt,
                                                       ...)
{
    dd_dockerfile *df = p->df;
    if (df->failed)
        return;
    df->failed = true;
    df->err_pos = pos;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(df->err_msg, sizeof df->err_msg, fmt, ap);
    va_end(ap);
}

/* ---- input validation ---------------------------------------------------------- */

/* Returns the offset of the first NUL or invalid UTF-8 byte, or len when clean. */
static size_t bad_byte(const unsigned char *s, size_t len, bool *is_nul)
{
    size_t i = 0;
    while (i < len) {
        unsigned char c = s[i];
        if (c < 0x80) {
            if (c == 0) {
                *is_nul = true;
                return i;
            }
            i++;
            continue;
        }
        size_t need;
        uint32_t min;
        if (c >= 0xc2 && c <= 0xdf)
            need = 1, min = 0x80;
        else if (c >= 0xe0 && c <= 0xef)
            need = 2, min = 0x800;
        else if (c >= 0xf0 && c <= 0xf4)
            need = 3, min = 0x10000;
        else
            return i;
        uint32_t cp = c & (0x3f >> need);
        for (size_t k = 1; k <= need; k++) {
            if (i + k >= len || (s[i + k] & 0xc0) != 0x80)
                return i;
            cp = (cp << 6) | (s[i + k] & 0x3f);
        }
        if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
            return i;
        i += need + 1;
    }
    return len;
}

/* ---- physical lines ------------------------------------------------------------ */

static bool next_line(P *p, size_t *s, size_t *e, int *lineno)
{
    if (p->off >= p->n)
        return false;
    *s = p->off;
    const char *nl = memchr(p->t + p->off, '\n', p->n - p->off);
    size_t end = nl ? (size_t)(nl - p->t) : p->n;
    p->off = nl ? end + 1 : end;
    *lineno = p->line++;
    if (end > *s && p->t[end - 1] == '\r')
        end--;
    *e = end;
    if (end - *s > DD_DF_MAX_LOGICAL) {
        perr(p, (dd_df_pos){*lineno, 1}, "line %d is longer than %u bytes", *lineno,
             DD_DF_MAX_LOGICAL);
        return false;
    }
    return true;
}

static void lb_append(P *p, size_t s, size_t e, int lineno, size_t line_start)
{
    size_t n = e - s;
    if (p->ln + n + 1 > p->lcap) {
        size_t cap = p->lcap;
        p->lb = dd_xgrow(p->lb, &cap, p->ln + n + 1, 1);
        p->lp = dd_xgrow(p->lp, &p->lcap, p->ln + n + 1, sizeof *p->lp);
        p->lcap = cap;
    }
    memcpy(p->lb + p->ln, p->t + s, n);
    for (size_t i = 0; i < n; i++)
        p->lp[p->ln + i] = (dd_df_pos){lineno, (int)(s + i - line_start) + 1};
    p->ln += n;
    p->lb[p->ln] = '\0';
}

static bool is_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

/* ---- variables and word processing ---------------------------------------------- */

static void vars_set(vars *vs, const char *name, const char *value)
{
    for (size_t i = vs->n; i-- > 0;)
        if (strcmp(vs->v[i].name, name) == 0) {
            vs->v[i].value = value;
            return;
        }
    vs->v = dd_xgrow(vs->v, &vs->cap, vs->n + 1, sizeof *vs->v);
    vs->v[vs->n++] = (var){name, value};
}

static const var *vars_get(const vars *vs, const char *name, size_t len)
{
    for (size_t i = vs->n; i-- > 0;)
        if (strncmp(vs->v[i].name, name, len) == 0 && vs->v[i].name[len] == '\0')
            return &vs->v[i];
    return NULL;
}

static bool name_char(char c, bool first)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' ||
           (!first && c >= '0' && c <= '9');
}

static void process_into(P *p, dd_buf *out, const char *s, size_t n, const vars *scope,
                         bool *unres, int depth);

/* `s` points at '$'. Appends the expansion; returns the bytes consumed. */
static size_t expand_var(P *p, dd_buf *out, const char *s, size_t n, const vars *scope,
                         bool *unres, int depth)
{
    if (n >= 2 && s[1] == '{') {
        size_t lvl = 0, k = 1;
        for (; k < n; k++) {
            if (s[k] == '{')
                lvl++;
            else if (s[k] == '}' && --lvl == 0)
                break;
        }
        if (k >= n) { /* no closing brace: literal */
            bputc(out, '$');
            return 1;
        }
        const char *in = s + 2;
        size_t inl = k - 2, nl = 0;
        while (nl < inl && name_char(in[nl], nl == 0))
            nl++;
        const var *v = nl ? vars_get(scope, in, nl) : NULL;
        const char *val = v ? v->value : NULL;
        const char *mod = in + nl;
        size_t modl = inl - nl;
        bool colon = modl && mod[0] == ':';
        char op = modl > (size_t)colon ? mod[colon] : '\0';
        const char *word = mod + colon + (op ? 1 : 0);
        size_t wl = modl - colon - (op ? 1 : 0);
        bool set = val && (!colon || *val);
        if (op == '-') {
            if (set)
                dd_buf_puts(out, val);
            else if (depth < 8)
                process_into(p, out, word, wl, scope, unres, depth + 1);
        } else if (op == '+') {
            if (set && depth < 8)
                process_into(p, out, word, wl, scope, unres, depth + 1);
            else if (!v || !v->value)
                *unres = true;
        } else {
            if (val)
                dd_buf_puts(out, val);
            else
                *unres = true;
        }
        return k + 1;
    }
    size_t nl = 0;
    while (1 + nl < n && name_char(s[1 + nl], nl == 0))
        nl++;
    if (nl == 0) {
        bputc(out, '$');
        return 1;
    }
    const var *v = vars_get(scope, s + 1, nl);
    if (v && v->value)
        dd_buf_puts(out, v->value);
    else
        *unres = true;
    return 1 + nl;
}

/* Remove quotes and, when scope is not NULL, expand variables, as Docker's word
 * processing does for ENV, ARG, LABEL, COPY, ... */
static void process_into(P *p, dd_buf *out, const char *s, size_t n, const vars *scope,
                         bool *unres, int depth)
{
    char esc = p->esc;
    size_t i = 0;
    while (i < n) {
        char c = s[i];
        if (c == esc && i + 1 < n) {
            bputc(out, s[i + 1]);
            i += 2;
        } else if (c == '\'') {
            i++;
            while (i < n && s[i] != '\'')
                bputc(out, s[i++]);
            i++;
        } else if (c == '"') {
            i++;
            while (i < n && s[i] != '"') {
                if (s[i] == esc && i + 1 < n &&
                    (s[i + 1] == '"' || s[i + 1] == esc || s[i + 1] == '$')) {
                    bputc(out, s[i + 1]);
                    i += 2;
                } else if (s[i] == '$' && scope) {
                    i += expand_var(p, out, s + i, n - i, scope, unres, depth);
                } else {
                    bputc(out, s[i++]);
                }
            }
            i++;
        } else if (c == '$' && scope) {
            i += expand_var(p, out, s + i, n - i, scope, unres, depth);
        } else {
            bputc(out, c);
            i++;
        }
    }
}

static char *process(P *p, const char *s, size_t n, const vars *scope, bool *unres)
{
    dd_buf_reset(&p->tmp);
    dd_buf_puts(&p->tmp, "");
    process_into(p, &p->tmp, s, n, scope, unres, 0);
    return dd_arena_strndup(p->a, p->tmp.data, p->tmp.len);
}

/* ---- words, flags and JSON ----------------------------------------------------- */

typedef struct wvec {
    dd_df_word *v;
    size_t n, cap;
} wvec;

static size_t skip_ws(P *p, size_t i, size_t end)
{
    while (i < end && is_ws(p->lb[i]))
        i++;
    return i;
}

/* End of the shell-form word starting at i (quote and escape aware). */
static size_t word_end(P *p, size_t i, size_t end)
{
    char q = 0;
    while (i < end) {
        char c = p->lb[i];
        if (q) {
            if (c == p->esc && q == '"' && i + 1 < end)
                i++;
            else if (c == q)
                q = 0;
        } else if (c == p->esc && i + 1 < end) {
            i++;
        } else if (c == '\'' || c == '"') {
            q = c;
        } else if (is_ws(c)) {
            break;
        }
        i++;
    }
    return i > end ? end : i;
}

/* Offset of an opening quote that is never closed in lb[i..end), or end. `comments`:
 * a '#' starting a word starts a shell comment (RUN text). */
static size_t open_quote(P *p, size_t i, size_t end, char esc, bool comments)
{
    char q = 0;
    size_t at = end;
    for (; i < end; i++) {
        char c = p->lb[i];
        if (q) {
            if (c == esc && q == '"' && i + 1 < end)
                i++;
            else if (c == q)
                q = 0;
        } else if (c == esc && i + 1 < end) {
            i++;
        } else if (c == '\'' || c == '"') {
            q = c;
            at = i;
        } else if (comments && c == '#' && (i == 0 || is_ws(p->lb[i - 1]))) {
            return end;
        }
    }
    return q ? at : end;
}

static void split_words(P *p, size_t i, size_t end, const vars *scope, wvec *out)
{
    if (scope) {
        size_t q = open_quote(p, i, end, p->esc, false);
        if (q < end) {
            perr(p, p->lp[q], "unterminated %s quote", p->lb[q] == '"' ? "double" : "single");
            return;
        }
    }
    for (i = skip_ws(p, i, end); i < end; i = skip_ws(p, i, end)) {
        size_t e = word_end(p, i, end);
        out->v = dd_xgrow(out->v, &out->cap, out->n + 1, sizeof *out->v);
        dd_df_word *w = &out->v[out->n++];
        memset(w, 0, sizeof *w);
        w->raw = dd_arena_strndup(p->a, p->lb + i, e - i);
        w->value = process(p, p->lb + i, e - i, scope, &w->unresolved);
        w->pos = p->lp[i];
        i = e;
    }
}

static void utf8_put(dd_buf *b, uint32_t cp)
{
    if (cp < 0x80) {
        bputc(b, (char)cp);
    } else if (cp < 0x800) {
        bputc(b, (char)(0xc0 | (cp >> 6)));
        bputc(b, (char)(0x80 | (cp & 0x3f)));
    } else {
        bputc(b, (char)(0xe0 | (cp >> 12)));
        bputc(b, (char)(0x80 | ((cp >> 6) & 0x3f)));
        bputc(b, (char)(0x80 | (cp & 0x3f)));
    }
}

/* A JSON array of strings from lb[i..end). False (and nothing kept) when it is not one:
 * Docker then treats the text as shell form. */
static bool parse_json_array(P *p, size_t i, size_t end, wvec *out)
{
    const char *s = p->lb;
    if (i >= end || s[i] != '[')
        return false;
    size_t start_n = out->n;
    i = skip_ws(p, i + 1, end);
    if (i < end && s[i] == ']')
        return skip_ws(p, i + 1, end) == end;
    for (;;) {
        i = skip_ws(p, i, end);
        if (i >= end || s[i] != '"')
            goto fail;
        size_t ws = i++;
        dd_buf_reset(&p->tmp);
        dd_buf_puts(&p->tmp, "");
        while (i < end && s[i] != '"') {
            if ((unsigned char)s[i] < 0x20)
                goto fail;
            if (s[i] != '\\') {
                dd_buf_putc(&p->tmp, s[i++]);
                continue;
            }
            if (++i >= end)
                goto fail;
            char c = s[i++];
            switch (c) {
            case '"': case '\\': case '/': dd_buf_putc(&p->tmp, c); break;
            case 'b': dd_buf_putc(&p->tmp, '\b'); break;
            case 'f': dd_buf_putc(&p->tmp, '\f'); break;
            case 'n': dd_buf_putc(&p->tmp, '\n'); break;
            case 'r': dd_buf_putc(&p->tmp, '\r'); break;
            case 't': dd_buf_putc(&p->tmp, '\t'); break;
            case 'u': {
                if (i + 4 > end)
                    goto fail;
                uint32_t cp = 0;
                for (int k = 0; k < 4; k++) {
                    char h = s[i + k];
                    cp <<= 4;
                    if (h >= '0' && h <= '9') cp |= (uint32_t)(h - '0');
                    else if (h >= 'a' && h <= 'f') cp |= (uint32_t)(h - 'a' + 10);
                    else if (h >= 'A' && h <= 'F') cp |= (uint32_t)(h - 'A' + 10);
                    else goto fail;
                }
                i += 4;
                if (cp == 0 || (cp >= 0xd800 && cp <= 0xdfff))
                    cp = 0xfffd; /* no NULs in the AST; lone surrogates are replaced */
                utf8_put(&p->tmp, cp);
                break;
            }
            default:
                goto fail;
            }
        }
        if (i >= end)
            goto fail;
        i++;
        out->v = dd_xgrow(out->v, &out->cap, out->n + 1, sizeof *out->v);
        dd_df_word *w = &out->v[out->n++];
        memset(w, 0, sizeof *w);
        w->raw = dd_arena_strndup(p->a, s + ws, i - ws);
        w->value = dd_arena_strndup(p->a, p->tmp.data, p->tmp.len);
        w->pos = p->lp[ws];
        i = skip_ws(p, i, end);
        if (i < end && s[i] == ',') {
            i++;
            continue;
        }
        if (i < end && s[i] == ']')
            return skip_ws(p, i + 1, end) == end;
        goto fail;
    }
fail:
    out->n = start_n;
    return false;
}

static bool takes_flags(dd_df_kind k)
{
    return k == DD_DF_FROM || k == DD_DF_RUN || k == DD_DF_COPY || k == DD_DF_ADD ||
           k == DD_DF_HEALTHCHECK;
}

static bool takes_json(dd_df_kind k)
{
    return k == DD_DF_RUN || k == DD_DF_CMD || k == DD_DF_ENTRYPOINT || k == DD_DF_SHELL ||
           k == DD_DF_COPY || k == DD_DF_ADD || k == DD_DF_VOLUME;
}

static bool expands(dd_df_kind k)
{
    switch (k) {
    case DD_DF_ADD: case DD_DF_COPY: case DD_DF_ENV: case DD_DF_EXPOSE: case DD_DF_FROM:
    case DD_DF_LABEL: case DD_DF_STOPSIGNAL: case DD_DF_USER: case DD_DF_VOLUME:
    case DD_DF_WORKDIR: case DD_DF_ARG:
        return true;
    default:
        return false;
    }
}

/* ---- heredocs ------------------------------------------------------------------- */

typedef struct hvec {
    dd_df_heredoc *v;
    size_t n, cap;
} hvec;

/* Find `<<EOF`, `<<-EOF`, `<<"EOF"` markers outside quotes on the logical line. */
static void find_heredocs(P *p, size_t i, hvec *out)
{
    const char *s = p->lb;
    size_t end = p->ln;
    char q = 0;
    for (; i + 2 < end + 1 && i < end; i++) {
        char c = s[i];
        if (q) {
            if (c == q)
                q = 0;
            continue;
        }
        if (c == '\'' || c == '"') {
            q = c;
            continue;
        }
        if (c != '<' || i + 1 >= end || s[i + 1] != '<' || (i > 0 && s[i - 1] == '<'))
            continue;
        size_t j = i + 2;
        if (j < end && s[j] == '<')
            continue; /* here-string */
        bool strip = false, quoted = false;
        if (j < end && s[j] == '-') {
            strip = true;
            j++;
        }
        char dq = 0;
        if (j < end && (s[j] == '"' || s[j] == '\'')) {
            dq = s[j++];
            quoted = true;
        }
        size_t ns = j;
        while (j < end && (name_char(s[j], j == ns) || s[j] == '-' || s[j] == '.'))
            j++;
        if (j == ns || (dq && (j >= end || s[j] != dq)))
            continue;
        if (out->n >= 16)
            break;
        out->v = dd_xgrow(out->v, &out->cap, out->n + 1, sizeof *out->v);
        dd_df_heredoc *h = &out->v[out->n++];
        memset(h, 0, sizeof *h);
        h->delim = dd_arena_strndup(p->a, s + ns, j - ns);
        h->strip_tabs = strip;
        h->quoted = quoted;
        h->pos = p->lp[i];
        i = dq ? j : j - 1;
    }
}

static bool read_heredoc_bodies(P *p, hvec *hs, int *end_line, size_t *total)
{
    for (size_t k = 0; k < hs->n; k++) {
        dd_df_heredoc *h = &hs->v[k];
        size_t dl = strlen(h->delim);
        dd_buf_reset(&p->tmp);
        dd_buf_puts(&p->tmp, "");
        h->body_line = p->line;
        bool closed = false;
        size_t s, e;
        int ln;
        while (next_line(p, &s, &e, &ln)) {
            *end_line = ln;
            if (h->strip_tabs)
                while (s < e && p->t[s] == '\t')
                    s++;
            if (e - s == dl && memcmp(p->t + s, h->delim, dl) == 0) {
                closed = true;
                break;
            }
            *total += e - s + 1;
            if (*total > DD_DF_MAX_LOGICAL) {
                perr(p, h->pos, "heredoc <<%s is larger than %u bytes", h->delim,
                     DD_DF_MAX_LOGICAL);
                return false;
            }
            dd_buf_append(&p->tmp, p->t + s, e - s);
            dd_buf_putc(&p->tmp, '\n');
        }
        if (p->df->failed)
            return false;
        if (!closed) {
            perr(p, h->pos, "unterminated heredoc: no line '%s' ends the <<%s started here",
                 h->delim, h->delim);
            return false;
        }
        h->body = dd_arena_strndup(p->a, p->tmp.data, p->tmp.len);
    }
    return true;
}

/* ---- instructions --------------------------------------------------------------- */

/* Commands of an exec-form argv: itself, plus a `sh -c` script's commands. */
static void exec_form_cmds(P *p, dd_df_instr *in, size_t first)
{
    if (in->nwords <= first)
        return;
    dd_sh_cmd c = {0};
    c.argc = (int)(in->nwords - first);
    c.argv = dd_arena_alloc(p->a, (size_t)(c.argc + 1) * sizeof *c.argv);
    c.apos = dd_arena_alloc(p->a, (size_t)c.argc * sizeof *c.apos);
    c.aflags = dd_arena_alloc(p->a, (size_t)c.argc); /* no shell: nothing expands */
    for (int k = 0; k < c.argc; k++) {
        c.argv[k] = in->words[first + (size_t)k].value;
        c.apos[k] = in->words[first + (size_t)k].pos;
    }
    c.name = dd_sh_name(&c);
    c.next = DD_SH_SEQ;
    size_t nsub = 0;
    dd_sh_cmd *sub = NULL;
    if (dd_sh_is_shell(dd_sh_name(&c)))
        for (int k = 1; k + 1 < c.argc; k++) {
            const char *a = c.argv[k];
            if (a[0] == '-' && a[1] && a[1] != '-' && strchr(a, 'c')) {
                sub = dd_sh_split_ex(p->a, c.argv[k + 1], strlen(c.argv[k + 1]), c.apos[k + 1],
                                     NULL, true, &nsub);
                for (size_t j = 0; j < nsub; j++)
                    sub[j].depth++;
                break;
            }
            if (a[0] != '-')
                break;
        }
    in->ncmds = 1 + nsub;
    in->cmds = dd_arena_alloc(p->a, in->ncmds * sizeof *in->cmds);
    in->cmds[0] = c;
    if (nsub)
        memcpy(in->cmds + 1, sub, nsub * sizeof *sub);
}

static void shell_form_cmds(P *p, dd_df_instr *in, size_t i, size_t end)
{
    /* /bin/sh would stop the build at this RUN with "Unterminated quoted string". A CMD or
     * ENTRYPOINT builds anyway (it fails when the container starts): that is a finding,
     * not a file docker refuses. */
    size_t q = open_quote(p, i, end, '\\', true);
    if (q < end && in->kind == DD_DF_RUN) {
        perr(p, p->lp[q], "unterminated %s quote in %s", p->lb[q] == '"' ? "double" : "single",
             in->keyword);
        return;
    }
    size_t n = 0;
    dd_sh_cmd *c = dd_sh_split_ex(p->a, p->lb + i, end - i, p->lp[i], p->lp + i, false, &n);
    /* `RUN <<EOF` (or `RUN bash <<EOF`): the first heredoc is the script itself. */
    bool script = false;
    if (in->nheredocs) {
        if (n == 0)
            script = true;
        else if (n == 1 && dd_sh_is_shell(dd_sh_name(&c[0]))) {
            script = true;
            for (int k = 1; k < c[0].argc; k++)
                if (c[0].argv[k][0] != '-')
                    script = false;
        }
    }
    if (!script) {
        in->cmds = c;
        in->ncmds = n;
        return;
    }
    const dd_df_heredoc *h = &in->heredocs[0];
    size_t m = 0;
    dd_sh_cmd *b = dd_sh_split_ex(p->a, h->body, strlen(h->body), (dd_df_pos){h->body_line, 1},
                                  NULL, true, &m);
    in->ncmds = n + m;
    in->cmds = dd_arena_alloc(p->a, (in->ncmds ? in->ncmds : 1) * sizeof *in->cmds);
    if (n)
        memcpy(in->cmds, c, n * sizeof *c);
    if (m)
        memcpy(in->cmds + n, b, m * sizeof *b);
}

static bool has_unquoted_eq(const char *raw, size_t *at, char esc)
{
    char q = 0;
    for (size_t i = 0; raw[i]; i++) {
        char c = raw[i];
        if (q) {
            if (c == q)
                q = 0;
        } else if (c == esc && raw[i + 1]) {
            i++;
        } else if (c == '\'' || c == '"') {
            q = c;
        } else if (c == '=') {
            *at = i;
            return true;
        }
    }
    return false;
}

typedef struct kvvec {
    dd_df_kv *v;
    size_t n, cap;
} kvvec;

static dd_df_kv *kv_push(kvvec *kv)
{
    kv->v = dd_xgrow(kv->v, &kv->cap, kv->n + 1, sizeof *kv->v);
    memset(&kv->v[kv->n], 0, sizeof kv->v[0]);
    return &kv->v[kv->n++];
}

/* ENV and LABEL: `k=v k2="v 2"` or the legacy `k v w`. */
static bool parse_pairs(P *p, dd_df_instr *in, const wvec *w, size_t args, size_t end,
                        const vars *scope, kvvec *kv)
{
    size_t at;
    if (w->n && !has_unquoted_eq(w->v[0].raw, &at, p->esc)) {
        if (w->n < 2) {
            perr(p, in->pos, "%s %s has no value (use %s %s=value)", in->keyword, w->v[0].raw,
                 in->keyword, w->v[0].raw);
            return false;
        }
        dd_df_kv *k = kv_push(kv);
        bool u = false;
        k->key = w->v[0].value;
        k->pos = w->v[0].pos;
        /* the value is the rest of the line, inner spaces kept */
        size_t vs = skip_ws(p, args + strlen(w->v[0].raw), end);
        size_t ve = end;
        while (ve > vs && is_ws(p->lb[ve - 1]))
            ve--;
        k->raw_value = dd_arena_strndup(p->a, p->lb + vs, ve - vs);
        k->value = process(p, p->lb + vs, ve - vs, scope, &u);
        return true;
    }
    for (size_t i = 0; i < w->n; i++) {
        const char *raw = w->v[i].raw;
        if (!has_unquoted_eq(raw, &at, p->esc)) {
            perr(p, w->v[i].pos, "%s: '%s' is not of the form name=value", in->keyword, raw);
            return false;
        }
        if (at == 0) {
            perr(p, w->v[i].pos, "%s: a name before '=' is missing in '%s'", in->keyword, raw);
            return false;
        }
        dd_df_kv *k = kv_push(kv);
        bool u = false;
        k->key = process(p, raw, at, NULL, &u);
        k->raw_value = dd_arena_strdup(p->a, raw + at + 1);
        k->value = process(p, raw + at + 1, strlen(raw + at + 1), scope, &u);
        k->pos = w->v[i].pos;
    }
    return true;
}

/* Parse what follows the keyword in lb[i..ln) into `in`. */
static bool build(P *p, dd_df_instr *in, size_t i, hvec *hs)
{
    size_t end = p->ln;
    while (end > i && is_ws(p->lb[end - 1]))
        end--;
    i = skip_ws(p, i, end);
    dd_df_kind k = in->kind;

    /* flags */
    if (takes_flags(k)) {
        dd_df_flag fl[64];
        size_t nf = 0;
        while (i + 1 < end && p->lb[i] == '-' && p->lb[i + 1] == '-') {
            size_t e = word_end(p, i, end);
            if (nf < DD_ARRAY_SIZE(fl)) {
                const char *w = p->lb + i + 2;
                size_t wl = e - i - 2;
                const char *eq = memchr(w, '=', wl);
                bool u = false;
                fl[nf].name = dd_arena_strndup(p->a, w, eq ? (size_t)(eq - w) : wl);
                fl[nf].value =
                    eq ? process(p, eq + 1, wl - (size_t)(eq - w) - 1, NULL, &u) : NULL;
                fl[nf].pos = p->lp[i];
                nf++;
            }
            i = skip_ws(p, e, end);
        }
        in->flags = nf ? dd_arena_memdup(p->a, fl, nf * sizeof *fl) : NULL;
        in->nflags = nf;
    }
    in->args_raw = dd_arena_strndup(p->a, p->lb + i, end - i);
    if (i >= end && k != DD_DF_CMD && k != DD_DF_ENTRYPOINT) {
        perr(p, in->pos, "%s requires at least one argument", in->keyword);
        return false;
    }
    if (hs && hs->n) {
        in->heredocs = dd_arena_memdup(p->a, hs->v, hs->n * sizeof *hs->v);
        in->nheredocs = hs->n;
    }

    const vars *scope = NULL;
    if (expands(k))
        scope = k == DD_DF_FROM || in->stage < 0 ? &p->global : &p->stage;

    wvec w = {0};
    size_t wstart = i;
    if (k == DD_DF_HEALTHCHECK) {
        size_t e = word_end(p, i, end);
        if ((e - i == 4 && strncasecmp(p->lb + i, "NONE", 4) == 0)) {
            split_words(p, i, end, NULL, &w);
        } else if (e - i == 3 && strncasecmp(p->lb + i, "CMD", 3) == 0) {
            split_words(p, i, e, NULL, &w);
            size_t r = skip_ws(p, e, end);
            if (r >= end) {
                perr(p, in->pos, "HEALTHCHECK CMD requires a command");
                free(w.v);
                return false;
            }
            in->json = parse_json_array(p, r, end, &w);
            in->bad_json = !in->json && p->lb[r] == '[';
            if (!in->json)
                split_words(p, r, end, NULL, &w);
            wstart = r;
        } else {
            perr(p, p->lp[i], "HEALTHCHECK takes CMD or NONE, not '%.*s'", (int)(e - i > 40 ? 40 : e - i),
                 p->lb + i);
            return false;
        }
    } else if (takes_json(k) && p->lb[i] == '[' && parse_json_array(p, i, end, &w)) {
        in->json = true;
    } else {
        in->bad_json = takes_json(k) && p->lb[i] == '[';
        if (k == DD_DF_SHELL) {
            perr(p, in->pos, "SHELL requires the arguments in JSON form: SHELL [\"/bin/sh\", \"-c\"]");
            free(w.v);
            return false;
        }
        split_words(p, i, end, scope, &w);
    }
    in->words = w.n ? dd_arena_memdup(p->a, w.v, w.n * sizeof *w.v) : NULL;
    in->nwords = w.n;

    switch (k) {
    case DD_DF_FROM:
        if (w.n != 1 && !(w.n == 3 && strcasecmp(w.v[1].raw, "AS") == 0)) {
            perr(p, in->pos, "FROM requires either one or three arguments (FROM image [AS name])");
            break;
        }
        break;
    case DD_DF_COPY:
    case DD_DF_ADD:
        if (w.n < 2) {
            perr(p, in->pos, "%s requires at least two arguments, a source and a destination",
                 in->keyword);
        }
        break;
    case DD_DF_ENV:
    case DD_DF_LABEL: {
        kvvec kv = {0};
        if (parse_pairs(p, in, &w, i, end, scope, &kv)) {
            in->kvs = dd_arena_memdup(p->a, kv.v, kv.n * sizeof *kv.v);
            in->nkvs = kv.n;
        }
        free(kv.v);
        break;
    }
    case DD_DF_ARG: {
        kvvec kv = {0};
        for (size_t j = 0; j < w.n; j++) {
            size_t at;
            dd_df_kv *x = kv_push(&kv);
            x->pos = w.v[j].pos;
            bool u = false;
            if (has_unquoted_eq(w.v[j].raw, &at, p->esc)) {
                x->key = dd_arena_strndup(p->a, w.v[j].raw, at);
                x->raw_value = dd_arena_strdup(p->a, w.v[j].raw + at + 1);
                x->value = process(p, x->raw_value, strlen(x->raw_value), scope, &u);
            } else {
                x->key = w.v[j].value;
            }
            if (!*x->key) {
                perr(p, w.v[j].pos, "ARG requires a name");
                break;
            }
        }
        in->kvs = kv.n ? dd_arena_memdup(p->a, kv.v, kv.n * sizeof *kv.v) : NULL;
        in->nkvs = kv.n;
        free(kv.v);
        break;
    }
    case DD_DF_RUN:
    case DD_DF_CMD:
    case DD_DF_ENTRYPOINT:
        if (in->json)
            exec_form_cmds(p, in, 0);
        else if (wstart < end)
            shell_form_cmds(p, in, wstart, end);
        break;
    case DD_DF_HEALTHCHECK:
        if (in->json)
            exec_form_cmds(p, in, 1);
        else if (w.n > 1)
            shell_form_cmds(p, in, wstart, end);
        break;
    default:
        break;
    }
    free(w.v);
    return !p->df->failed;
}

static void update_scope(P *p, const dd_df_instr *in)
{
    if (in->kind == DD_DF_ARG) {
        for (size_t j = 0; j < in->nkvs; j++) {
            const dd_df_kv *x = &in->kvs[j];
            if (in->stage < 0) {
                vars_set(&p->global, x->key, x->value);
            } else if (x->value) {
                vars_set(&p->stage, x->key, x->value);
            } else {
                /* `ARG NAME` in a stage brings in the global default, if any */
                const var *g = vars_get(&p->global, x->key, strlen(x->key));
                vars_set(&p->stage, x->key, g ? g->value : NULL);
            }
        }
    } else if (in->kind == DD_DF_ENV && in->stage >= 0) {
        for (size_t j = 0; j < in->nkvs; j++)
            vars_set(&p->stage, in->kvs[j].key, in->kvs[j].value);
    }
}

static void start_stage(P *p, dd_df_instr *in)
{
    p->st = dd_xgrow(p->st, &p->scap, p->nst + 1, sizeof *p->st);
    dd_df_stage *s = &p->st[p->nst];
    memset(s, 0, sizeof *s);
    s->image = in->nwords ? in->words[0].value : "";
    s->image_raw = in->nwords ? in->words[0].raw : "";
    s->image_unresolved = in->nwords && in->words[0].unresolved;
    s->from_stage = -1;
    if (in->nwords == 3) {
        char *name = dd_arena_strdup(p->a, in->words[2].value);
        for (char *c = name; *c; c++)
            *c = (char)tolower((unsigned char)*c);
        s->name = name;
    }
    for (size_t j = 0; j < p->nst; j++)
        if (p->st[j].name && strcasecmp(p->st[j].name, s->image) == 0)
            s->from_stage = (int)j;
    s->first = p->nins;
    s->last = p->nins;
    p->nst++;
    p->stage.n = 0;
}

static size_t skip_blank(const char *t, size_t s, size_t e)
{
    while (s < e && is_ws(t[s]))
        s++;
    return s;
}

/* `s` at a word: true (and s moved past it) when it is `w`, case-insensitively. */
static bool take_word(const char *t, size_t *s, size_t e, const char *w)
{
    size_t n = strlen(w);
    if (e - *s < n || strncasecmp(t + *s, w, n) != 0 ||
        (*s + n < e && !is_ws(t[*s + n]) && t[*s + n] != '='))
        return false;
    *s = skip_blank(t, *s + n, e);
    return true;
}

/* `# drydock|hadolint [global|stage] ignore=ID[,ID]... [# comment]` (hadolint's
 * grammar, src/Hadolint/Pragma.hs, with our ids as well as DLxxxx). A line pragma silences
 * the next instruction, a stage pragma the stage the next instruction belongs to, a global
 * one the whole file. */
static void parse_pragma(P *p, size_t s, size_t e, int lineno, size_t line_start)
{
    const char *t = p->t;
    dd_df_pos pos = {lineno, (int)(s - line_start)};
    s = skip_blank(t, s, e);
    if (!take_word(t, &s, e, "drydock") && !take_word(t, &s, e, "hadolint"))
        return;
    idlist *to = &p->pend;
    const char *scope = "line";
    if (take_word(t, &s, e, "global")) {
        to = &p->global_ign;
        scope = "global";
    } else if (take_word(t, &s, e, "stage")) {
        to = &p->pend_stage;
        scope = "stage";
    }
    if (!take_word(t, &s, e, "ignore") || s >= e || t[s] != '=')
        return;
    s++;
    size_t first = to->n;
    while (s < e && t[s] != '#') {
        while (s < e && (is_ws(t[s]) || t[s] == ','))
            s++;
        size_t b = s;
        while (s < e && !is_ws(t[s]) && t[s] != ',' && t[s] != '#')
            s++;
        if (s > b && to->n < 256) {
            to->v = dd_xgrow(to->v, &to->cap, to->n + 1, sizeof *to->v);
            to->v[to->n++] = dd_arena_strndup(p->a, t + b, s - b);
        }
    }
    if (to->n > first && p->npragmas < 4096) {
        p->pragmas = dd_xgrow(p->pragmas, &p->prcap, p->npragmas + 1, sizeof *p->pragmas);
        p->pragmas[p->npragmas++] = (dd_df_pragma){pos, scope};
    }
}

/* Move the ids of `l` into an arena array. */
static char **take_ids(P *p, idlist *l, size_t *n)
{
    char **v = l->n ? dd_arena_memdup(p->a, l->v, l->n * sizeof *l->v) : NULL;
    *n = l->n;
    l->n = 0;
    return v;
}

/* Stage pragmas seen since the last instruction apply to the stage `in` belongs to. */
static void attach_stage_ignores(P *p, const dd_df_instr *in)
{
    if (!p->pend_stage.n || in->stage < 0 || (size_t)in->stage >= p->nst)
        return;
    dd_df_stage *st = &p->st[in->stage];
    size_t add;
    char **ids = take_ids(p, &p->pend_stage, &add);
    char **all = dd_arena_alloc(p->a, (st->nignore + add) * sizeof *all);
    if (st->nignore)
        memcpy(all, st->ignore, st->nignore * sizeof *all);
    memcpy(all + st->nignore, ids, add * sizeof *all);
    st->ignore = all;
    st->nignore += add;
}

/* A `# key=value` parser directive; false when the line is not one. */
static bool parse_directive(P *p, size_t s, size_t e, int lineno)
{
    const char *t = p->t;
    if (s >= e || t[s] != '#')
        return false;
    s++;
    while (s < e && is_ws(t[s]))
        s++;
    size_t ks = s;
    while (s < e && isalpha((unsigned char)t[s]))
        s++;
    size_t ke = s;
    while (s < e && is_ws(t[s]))
        s++;
    if (ke == ks || s >= e || t[s] != '=')
        return false;
    s++;
    while (s < e && is_ws(t[s]))
        s++;
    while (e > s && is_ws(t[e - 1]))
        e--;
    size_t kl = ke - ks;
    if (kl == 6 && strncasecmp(t + ks, "escape", 6) == 0) {
        if (e - s != 1 || (t[s] != '\\' && t[s] != '`')) {
            perr(p, (dd_df_pos){lineno, 1}, "invalid escape directive '%.*s' (use \\ or `)",
                 (int)(e - s > 20 ? 20 : e - s), t + s);
            return true;
        }
        p->esc = t[s];
        p->df->escape = t[s];
        return true;
    }
    if (kl == 6 && strncasecmp(t + ks, "syntax", 6) == 0) {
        p->df->syntax = dd_arena_strndup(p->a, t + s, e - s);
        return true;
    }
    if (kl == 5 && strncasecmp(t + ks, "check", 5) == 0)
        return true;
    return false;
}

static dd_df_instr *new_instr(P *p)
{
    p->ins = dd_xgrow(p->ins, &p->icap, p->nins + 1, sizeof *p->ins);
    dd_df_instr *in = &p->ins[p->nins];
    memset(in, 0, sizeof *in);
    return in;
}

static char *upper_dup(P *p, const char *s, size_t n)
{
    char *u = dd_arena_strndup(p->a, s, n);
    for (char *c = u; *c; c++)
        *c = (char)toupper((unsigned char)*c);
    return u;
}

static bool valid_keyword(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isalpha((unsigned char)s[i]))
            return false;
    return n > 0;
}

static void parse_instruction(P *p, size_t ls, size_t s, size_t e, int lineno)
{
    if (p->nins >= DD_DF_MAX_INSTR) {
        perr(p, (dd_df_pos){lineno, 1}, "more than %d instructions", DD_DF_MAX_INSTR);
        return;
    }
    size_t k = s;
    while (k < e && !is_ws(p->t[k]))
        k++;
    dd_df_pos kpos = {lineno, (int)(s - ls) + 1};
    p->ln = 0;
    lb_append(p, k, e, lineno, ls);
    int end_line = lineno;
    /* continuation lines */
    for (;;) {
        size_t t = p->ln;
        while (t > 0 && is_ws(p->lb[t - 1]))
            t--;
        if (t == 0 || p->lb[t - 1] != p->esc)
            break;
        p->ln = t - 1;
        p->lb[p->ln] = '\0';
        size_t s2, e2;
        int l2;
        bool got = false;
        while (next_line(p, &s2, &e2, &l2)) {
            size_t f = s2;
            while (f < e2 && is_ws(p->t[f]))
                f++;
            if (f == e2 || p->t[f] == '#')
                continue; /* empty and comment lines inside a continuation are dropped */
            got = true;
            break;
        }
        if (p->df->failed)
            return;
        if (!got)
            break;
        end_line = l2;
        if (p->ln + (e2 - s2) > DD_DF_MAX_LOGICAL) {
            perr(p, kpos, "instruction is longer than %u bytes", DD_DF_MAX_LOGICAL);
            return;
        }
        lb_append(p, s2, e2, l2, s2);
    }

    dd_df_instr *in = new_instr(p);
    in->keyword = upper_dup(p, p->t + s, k - s);
    in->pos = kpos;
    in->stage = (int)p->nst - 1;
    in->kind = valid_keyword(p->t + s, k - s) ? dd_df_kind_from(in->keyword) : DD_DF_UNKNOWN;
    if (in->kind == DD_DF_UNKNOWN) {
        perr(p, kpos, "unknown instruction '%.*s'", (int)(k - s > 40 ? 40 : k - s), p->t + s);
        return;
    }
    in->ignore = take_ids(p, &p->pend, &in->nignore);

    hvec hs = {0};
    if (in->kind == DD_DF_RUN || in->kind == DD_DF_COPY || in->kind == DD_DF_ADD) {
        find_heredocs(p, 0, &hs);
        size_t total = p->ln;
        if (hs.n && !read_heredoc_bodies(p, &hs, &end_line, &total)) {
            free(hs.v);
            return;
        }
    }
    in->end_line = end_line;
    if (in->kind == DD_DF_FROM)
        /* the stage begins before FROM is built so FROM itself belongs to it */
        in->stage = (int)p->nst;

    if (in->kind == DD_DF_ONBUILD) {
        size_t i = skip_ws(p, 0, p->ln);
        size_t j = i;
        while (j < p->ln && !is_ws(p->lb[j]))
            j++;
        if (i == j) {
            perr(p, kpos, "ONBUILD requires an instruction");
        } else {
            dd_df_instr *sub = dd_arena_alloc(p->a, sizeof *sub);
            sub->keyword = upper_dup(p, p->lb + i, j - i);
            sub->pos = p->lp[i];
            sub->stage = in->stage;
            sub->end_line = end_line;
            sub->kind = valid_keyword(p->lb + i, j - i) ? dd_df_kind_from(sub->keyword)
                                                         : DD_DF_UNKNOWN;
            if (sub->kind == DD_DF_UNKNOWN)
                perr(p, sub->pos, "unknown instruction '%s' after ONBUILD", sub->keyword);
            /* The trigger is linted as the instruction it will become, under the
             * pragmas written for the ONBUILD line. */
            sub->onbuild = true;
            sub->ignore = in->ignore;
            sub->nignore = in->nignore;
            if (sub->kind != DD_DF_UNKNOWN && build(p, sub, j, NULL))
                in->sub = sub;
            in->args_raw = dd_arena_strndup(p->a, p->lb + i, p->ln - i);
        }
    } else {
        build(p, in, 0, &hs);
    }
    free(hs.v);
    if (p->df->failed)
        return;
    if (in->kind == DD_DF_FROM)
        start_stage(p, in);
    attach_stage_ignores(p, in);
    p->nins++;
    if (p->nst)
        p->st[p->nst - 1].last = p->nins - 1;
    update_scope(p, in);
}

dd_dockerfile *dd_df_parse(const char *data, size_t len)
{
    dd_dockerfile *df = dd_xcalloc(1, sizeof *df);
    df->arena = dd_arena_new();
    df->escape = '\\';
    P p = {0};
    p.df = df;
    p.a = df->arena;
    p.t = data;
    p.n = len;
    p.line = 1;
    p.esc = '\\';

    if (len > DD_DF_MAX_FILE) {
        perr(&p, (dd_df_pos){1, 1}, "file is larger than %u bytes", DD_DF_MAX_FILE);
        return df;
    }
    bool nul = false;
    size_t bad = bad_byte((const unsigned char *)data, len, &nul);
    if (bad < len) {
        int line = 1, col = 1;
        for (size_t i = 0; i < bad; i++) {
            if (data[i] == '\n') {
                line++;
                col = 1;
            } else {
                col++;
            }
        }
        perr(&p, (dd_df_pos){line, col}, nul ? "NUL byte in the file (a Dockerfile is text)"
                                              : "invalid UTF-8 byte 0x%02x",
             (unsigned char)data[bad]);
        return df;
    }

    bool directives = true;
    size_t s, e;
    int lineno;
    while (!df->failed && next_line(&p, &s, &e, &lineno)) {
        size_t i = s;
        while (i < e && is_ws(data[i]))
            i++;
        if (directives) {
            if (i < e && parse_directive(&p, i, e, lineno))
                continue;
            directives = false;
        }
        if (i == e)
            continue;
        if (data[i] == '#') {
            parse_pragma(&p, i + 1, e, lineno, s);
            continue;
        }
        parse_instruction(&p, s, i, e, lineno);
    }

    /* BuildKit: "the Dockerfile cannot be empty"; comments alone are no better. */
    if (!df->failed && p.nins == 0)
        perr(&p, (dd_df_pos){1, 1},
             "the file has no instructions (docker build refuses an "
             "empty or comments-only Dockerfile)");
    df->ins = p.nins ? dd_arena_memdup(p.a, p.ins, p.nins * sizeof *p.ins) : NULL;
    df->n = p.nins;
    df->stages = p.nst ? dd_arena_memdup(p.a, p.st, p.nst * sizeof *p.st) : NULL;
    df->nstages = p.nst;
    free(p.lb);
    free(p.lp);
    free(p.ins);
    free(p.st);
    free(p.global.v);
    free(p.stage.v);
    df->ignore = take_ids(&p, &p.global_ign, &df->nignore);
    df->pragmas =
        p.npragmas ? dd_arena_memdup(p.a, p.pragmas, p.npragmas * sizeof *p.pragmas) : NULL;
    df->npragmas = p.npragmas;
    free(p.pend.v);
    free(p.pend_stage.v);
    free(p.global_ign.v);
    free(p.pragmas);
    dd_buf_free(&p.tmp);
    return df;
}

void dd_df_free(dd_dockerfile *df)
{
    if (!df)
        return;
    dd_arena_free(df->arena);
    free(df);
}
