/* The secret engine. Design (secrets.h has the contract):
 *  - One vectorscan block-mode database holds the trigger of every rule without a path
 *    constraint. Vectorscan cannot report capture groups or evaluate lookarounds, so a
 *    hit is only a candidate: it opens a window (the hit's line, at most LINE_BACK bytes
 *    back and LINE_FWD forward; MULTI_FWD forward for multi-line rules) where the rule's
 *    PCRE2 regex (JIT) finds the real match and its secret group. `covered[rule]` stops
 *    the many hits of one line (every end of a {20,} repeat is a hit) from re-running it.
 *    Because PCRE2 locates the start, HS_FLAG_SOM_LEFTMOST is never needed, which keeps
 *    the database small and fast.
 *  - Rules with a path constraint run PCRE2 directly, and only on matching files.
 *  - Long inputs are cut into DD_SECRET_BLOCK blocks overlapping by DD_SECRET_OVERLAP; a
 *    block reports only matches starting in its middle part, so every match is reported
 *    once, by a block that saw at least OVERLAP/2 bytes of context on each side.
 *  - Candidates of a block are deduplicated (overlapping secrets: the earlier table row
 *    wins), sorted by offset, and only then located (line, column) with one forward
 *    newline count, so text without secrets costs no line counting at all.
 *  - Exclude blocks (Trivy's exclude-block): the spans their regexes match in a block are
 *    found once per block, and only when a match needs checking (a block without secrets
 *    runs none of them); the top-level spans serve every rule, a rule's own spans only
 *    that rule's single pass over the block. A block is the whole file up to
 *    DD_SECRET_BLOCK bytes (Trivy finds spans per 64 KiB chunk). */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <ctype.h>
#include <errno.h>
#include <fnmatch.h>
#include <hs/hs.h>
#include <limits.h>
#include <math.h>
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/cleanup.h"
#include "core/mem.h"
#include "secrets/secrets.h"

#define LINE_BACK ((size_t)4096)
#define LINE_FWD  ((size_t)4096)
#define MULTI_FWD ((size_t)16384)
/* Bounds on PCRE2 work per window: a hostile line cannot make confirmation explode. */
#define MATCH_LIMIT   1000000u
#define JIT_STACK_MAX ((size_t)1 << 20)
/* Exclude-block regexes are written to span whole sections of a file (Trivy's own example
 * is `start(.|\s)*stop`), which PCRE2 matches with one backtracking frame per byte: about
 * 32 bytes of JIT stack and a few match steps per byte of the span. Their bounds scale with
 * the block so that a section as long as the block is found, as Go's linear engine finds
 * it; the stack is mapped for one search and unmapped after it (pages are touched only as
 * deep as a regex goes). */
#define SPAN_JIT_STACK_MAX(blen) ((size_t)64 * (blen) + ((size_t)1 << 20))
#define SPAN_MATCH_LIMIT(blen)   (MATCH_LIMIT + 16u * (uint32_t)(blen))

/* An allow rule, compiled: a match is dropped when `re` matches the whole match; a file is
 * skipped (for `rule`, or for every rule when it is -1) when `path` matches its path. */
typedef struct allow {
    pcre2_code *re, *path;
    long rule;
} allow;

/* Exclude-block regexes, compiled (n == 0: none). */
typedef struct xblock {
    pcre2_code **re;
    size_t n;
} xblock;

/* A span [start, end) of the current block that an exclude-block regex matched. */
typedef struct span {
    uint32_t start, end;
} span;

/* The spans of one exclude block in the current block, kept as the spans no other span
 * contains, sorted by start (their ends then increase too): a secret lies inside some span
 * exactly when it lies inside the last kept span that starts at or before it. That makes
 * the check a binary search and bounds the spans kept to one per byte of the block. */
typedef struct spans {
    span *v;
    size_t n, cap;
    bool found; /* computed for the current block */
} spans;

struct dd_secret_scanner {
    dd_secret_engine engine;
    size_t n; /* rules: [0, nbuiltin) built-in (table order), then configured ones */
    size_t nbuiltin;
    const dd_secret_rule **rules;
    pcre2_code **re;
    hs_database_t *db; /* rules without a path constraint; hs id = rule index */
    char ***kw;        /* per rule: NULL-terminated keyword list (PCRE2 engine) */
    /* Configured rules (indices >= nbuiltin) follow Trivy: the regex runs over the whole
     * block once a trigger (one of its keywords, else the regex itself as a vectorscan
     * prefilter) was seen in it. */
    int *group;        /* per rule: the capture group of the secret (0: whole match) */
    pcre2_code **path; /* per rule: the path regex of a configured rule, or NULL */
    bool *always;      /* configured rules vectorscan cannot prefilter: run on every block */
    allow *allow;
    size_t nallow;
    xblock xglobal;    /* the top-level exclude-block */
    xblock *xrule;     /* per rule: its own exclude-block (configured rules only) */
    bool path_regexes; /* any path regex (rule or allow): run_init has work to do */
};

typedef struct cand {
    size_t mstart;     /* whole match start, block-relative: decides the reporting block */
    size_t start, end; /* the secret, block-relative */
    unsigned rule;
    bool drop;
} cand;

struct dd_secret_scratch {
    dd_secret_scanner *s;
    hs_scratch_t *hs;
    pcre2_match_data *md;
    pcre2_match_context *mctx;
    pcre2_jit_stack *jit;
    size_t *covered;
    bool *active;  /* path rules that apply to the current file */
    bool *blocked; /* configured rules whose path or allow path rules the current file out */
    bool *seen;    /* configured rules whose trigger occurs in the current block */
    pcre2_match_data *amd; /* allow-rule matching, beside md which confirm is reading */
    spans xglobal;         /* spans of the top-level exclude-block in this block */
    spans xrule;           /* spans of rule xrule_of's exclude-block in this block */
    size_t xrule_of;
    pcre2_match_context *xmctx; /* span searches (their own bounds); NULL until one */
    cand *c;
    size_t nc, capc;
    unsigned char *lower; /* PCRE2 engine: the block lower-cased, DD_SECRET_BLOCK bytes */
    const unsigned char *blk;
    size_t blen;
};

/* The state of one scan (a buffer or a stream) across its blocks. */
typedef struct run {
    dd_secret_scanner *s;
    dd_secret_scratch *sc;
    dd_secret_cb cb;
    void *ud;
    uint64_t pos;        /* absolute offset up to which newlines are counted */
    uint64_t lines;      /* newlines before pos */
    uint64_t line_start; /* absolute offset of the line holding pos */
    int reported;
    bool stopped;
    bool skip; /* an allow rule's path matches the file: nothing is reported */
} run;

/* ---------------------------------------------------------------- helpers */

double dd_secret_entropy(const char *s, size_t len)
{
    if (len == 0)
        return 0;
    size_t count[256] = {0};
    for (size_t i = 0; i < len; i++)
        count[(unsigned char)s[i]]++;
    double h = 0;
    for (int i = 0; i < 256; i++)
        if (count[i]) {
            double p = (double)count[i] / (double)len;
            h -= p * log2(p);
        }
    return h;
}

size_t dd_secret_mask_keep(size_t len)
{
    return len >= 16 ? 4 : len >= 8 ? 2 : 0;
}

void dd_secret_mask(const char *secret, size_t len, char *out, size_t outsz)
{
    size_t keep = dd_secret_mask_keep(len);
    char head[5];
    for (size_t i = 0; i < keep; i++) {
        unsigned char ch = (unsigned char)secret[i];
        head[i] = (ch > 0x20 && ch < 0x7f) ? (char)ch : '?';
    }
    head[keep] = '\0';
    snprintf(out, outsz, "%s**** (%zu chars)", head, len);
}

static bool ci_contains(const char *s, size_t len, const char *needle)
{
    size_t nl = strlen(needle);
    if (nl > len)
        return false;
    for (size_t i = 0; i + nl <= len; i++)
        if (strncasecmp(s + i, needle, nl) == 0)
            return true;
    return false;
}

/* Values that are placeholders, documentation or obviously not a real credential. */
static const char *const stop_words[] = {
    "example",   "changeme", "change_me", "change-me", "sample",  "placeholder", "dummy",
    "redacted",  "your_",    "your-",     "yourpass",  "xxxx",    "****",        "....",
    "todo",      "fixme",    "passw",     "p@ss",      "secret",  "test",        "default",
    "insert",    "replace",  "enter_",    "fake",      "mock",    "null",        "none",
    "undefined", "<",        ">",         "${",        "{{",      "$(",          "%(",
    "0000",      "1234",     "abcd",      "qwerty",    "letmein",
};

static bool is_stop_listed(const char *v, size_t len)
{
    for (size_t i = 0; i < DD_ARRAY_LEN(stop_words); i++)
        if (ci_contains(v, len, stop_words[i]))
            return true;
    return false;
}

/* A keyword=value heuristic sees a lot of code: `password = self.password`,
 * `pwd = os.getcwd`, `password: $DB_PASSWORD`. Such values are references, not secrets. */
static bool looks_like_code(const char *v, size_t len)
{
    if (len == 0)
        return true;
    if (strchr("$%/~.#@&*", v[0]))
        return true;
    if (len >= 3 && memmem(v, len, "://", 3))
        return true;
    /* Perl/C++/Ruby names and method calls: `$pwd = Win32::GetCwd()`, `pw = obj->secret` */
    if (memmem(v, len, "::", 2) || memmem(v, len, "->", 2))
        return true;
    /* kebab-case words are identifiers, not passwords: `passwd: elevated-privileges`
     * (lintian overrides), `password: not-set` */
    bool kebab = memchr(v, '-', len) != NULL;
    for (size_t i = 0; i < len && kebab; i++)
        if (!(isalpha((unsigned char)v[i]) || v[i] == '-'))
            kebab = false;
    if (kebab)
        return true;
    bool letters_only = true, digits_only = true, dotted = true, seg_start = true;
    for (size_t i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)v[i];
        if (!(isalpha(ch) || ch == '_'))
            letters_only = false;
        if (!isdigit(ch))
            digits_only = false;
        /* a.b.c with identifier segments */
        if (ch == '.') {
            if (seg_start)
                dotted = false;
            seg_start = true;
        } else if (isalpha(ch) || ch == '_' || (!seg_start && isdigit(ch))) {
            seg_start = false;
        } else {
            dotted = false;
        }
    }
    bool has_dot = memchr(v, '.', len) != NULL;
    return letters_only || digits_only || (dotted && has_dot && !seg_start);
}

static int b64val(unsigned char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '+')
        return 62;
    if (c == '/')
        return 63;
    return -1;
}

/* Docker's "auth" is base64("user:password"); anything else is not a credential. */
static bool is_b64_userpass(const char *v, size_t len)
{
    unsigned char out[768];
    size_t n = 0;
    unsigned acc = 0;
    int bits = 0;
    for (size_t i = 0; i < len && v[i] != '='; i++) {
        int d = b64val((unsigned char)v[i]);
        if (d < 0)
            return false;
        acc = (acc << 6) | (unsigned)d;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            if (n == sizeof(out))
                return false;
            out[n++] = (unsigned char)((acc >> bits) & 0xff);
        }
    }
    unsigned char *colon = memchr(out, ':', n);
    if (!colon || colon == out || colon == out + n - 1)
        return false;
    for (size_t i = 0; i < n; i++)
        if (out[i] < 0x20 || out[i] >= 0x7f)
            return false;
    return true;
}

static bool long_run(const char *v, size_t len, size_t limit)
{
    size_t same = 1;
    for (size_t i = 1; i < len; i++) {
        same = v[i] == v[i - 1] ? same + 1 : 1;
        if (same >= limit)
            return true;
    }
    return false;
}

static bool accept_secret(const dd_secret_rule *r, const char *v, size_t len)
{
    if (len == 0)
        return false;
    if (r->flags & DD_SECRET_EXACT)
        return true;
    if (r->min_entropy > 0 && dd_secret_entropy(v, len) < r->min_entropy)
        return false;
    /* Documentation values (AKIAIOSFODNN7EXAMPLE) and xxxxxxxx fillers; key bodies
     * legitimately hold long AAAA runs. */
    if (ci_contains(v, len, "example"))
        return false;
    if (!(r->flags & DD_SECRET_MULTILINE) && long_run(v, len, 8))
        return false;
    if ((r->flags & (DD_SECRET_GENERIC | DD_SECRET_STOPLIST)) && is_stop_listed(v, len))
        return false;
    if ((r->flags & DD_SECRET_GENERIC) && looks_like_code(v, len))
        return false;
    if ((r->flags & DD_SECRET_USERPASS_B64) && !is_b64_userpass(v, len))
        return false;
    return true;
}

bool dd_secret_is_binary(const void *data, size_t len)
{
    const unsigned char *p = data;
    size_t n = len < DD_SECRET_BINARY_PROBE ? len : DD_SECRET_BINARY_PROBE;
    if (n == 0)
        return false;
    if (memchr(p, '\0', n))
        return true;
    size_t bad = 0;
    for (size_t i = 0; i < n;) {
        unsigned char c = p[i];
        if (c < 0x80) {
            if (c < 0x20 && !strchr("\t\n\r\f\v\b\x1b", c))
                bad++;
            i++;
            continue;
        }
        size_t need = (c & 0xe0) == 0xc0 ? 1 : (c & 0xf0) == 0xe0 ? 2 : (c & 0xf8) == 0xf0 ? 3 : 0;
        if (need == 0) {
            bad++;
            i++;
            continue;
        }
        size_t j = 1;
        while (j <= need && i + j < n && (p[i + j] & 0xc0) == 0x80)
            j++;
        if (j <= need && i + j < n) /* broken sequence (a cut one at the probe end is fine) */
            bad++;
        i += j;
    }
    return bad * 10 > n;
}

static bool path_matches(const char *pats, const char *path)
{
    if (!path || !*path)
        return false;
    while (path[0] == '/' || (path[0] == '.' && path[1] == '/'))
        path += path[0] == '/' ? 1 : 2;
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const char *p = pats;
    while (*p) {
        const char *bar = strchr(p, '|');
        size_t n = bar ? (size_t)(bar - p) : strlen(p);
        char pat[128];
        if (n < sizeof(pat)) {
            memcpy(pat, p, n);
            pat[n] = '\0';
            if (strchr(pat, '/')) {
                /* a suffix of whole path components */
                for (const char *q = path; q; q = strchr(q, '/'), q = q ? q + 1 : NULL)
                    if (fnmatch(pat, q, 0) == 0)
                        return true;
            } else if (fnmatch(pat, base, 0) == 0) {
                return true;
            }
        }
        p += n;
        if (*p == '|')
            p++;
    }
    return false;
}

/* Paths as Trivy's path regexes see them: relative, without a leading "/" or "./". */
static const char *rel_path(const char *path)
{
    while (path && (path[0] == '/' || (path[0] == '.' && path[1] == '/')))
        path += path[0] == '/' ? 1 : 2;
    return path;
}

static bool re_search(pcre2_code *re, const void *s, size_t len, pcre2_match_data *md,
                      pcre2_match_context *mctx)
{
    return pcre2_match(re, s, len, 0, 0, md, mctx) >= 0;
}

static bool path_re_matches(pcre2_code *re, const char *path, pcre2_match_data *md)
{
    path = rel_path(path);
    return path && *path && re_search(re, path, strlen(path), md, NULL);
}

bool dd_secret_same_path_rules(const dd_secret_scanner *s, const char *a, const char *b)
{
    for (size_t i = 0; i < s->n; i++) {
        const dd_secret_rule *r = s->rules[i];
        if (r->path && path_matches(r->path, a) != path_matches(r->path, b))
            return false;
    }
    if (!s->path_regexes)
        return true;
    pcre2_match_data *md = pcre2_match_data_create(1, NULL);
    if (!md)
        abort(); /* out of memory, as dd_xmalloc */
    bool same = true;
    for (size_t i = 0; i < s->n && same; i++)
        if (s->path[i] && path_re_matches(s->path[i], a, md) != path_re_matches(s->path[i], b, md))
            same = false;
    for (size_t i = 0; i < s->nallow && same; i++)
        if (s->allow[i].path &&
            path_re_matches(s->allow[i].path, a, md) != path_re_matches(s->allow[i].path, b, md))
            same = false;
    pcre2_match_data_free(md);
    return same;
}

/* ---------------------------------------------------------------- compile */

static void free_keywords(char **kw)
{
    if (!kw)
        return;
    for (char **k = kw; *k; k++)
        free(*k);
    free(kw);
}

static void xblock_free(xblock *x)
{
    for (size_t i = 0; i < x->n; i++)
        pcre2_code_free(x->re[i]);
    free(x->re);
}

void dd_secret_scanner_free(dd_secret_scanner *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n; i++) {
        if (s->re)
            pcre2_code_free(s->re[i]);
        if (s->kw)
            free_keywords(s->kw[i]);
        if (s->path)
            pcre2_code_free(s->path[i]);
    }
    for (size_t i = 0; i < s->nallow; i++) {
        pcre2_code_free(s->allow[i].re);
        pcre2_code_free(s->allow[i].path);
    }
    free(s->allow);
    xblock_free(&s->xglobal);
    for (size_t i = 0; s->xrule && i < s->n; i++)
        xblock_free(&s->xrule[i]);
    free(s->xrule);
    free(s->re);
    free(s->kw);
    free(s->path);
    free(s->group);
    free(s->always);
    free(s->rules);
    if (s->db)
        hs_free_database(s->db);
    free(s);
}

static char **split_keywords(const char *k)
{
    size_t n = 1;
    for (const char *p = k; *p; p++)
        n += *p == ',';
    char **out = dd_xcalloc(n + 1, sizeof(char *));
    size_t i = 0;
    while (*k) {
        const char *c = strchr(k, ',');
        size_t len = c ? (size_t)(c - k) : strlen(k);
        if (len) {
            char *w = dd_xstrndup(k, len);
            for (char *c2 = w; *c2; c2++)
                *c2 = (char)tolower((unsigned char)*c2);
            out[i++] = w;
        }
        k += len;
        if (*k == ',')
            k++;
    }
    return out;
}

/* A keyword as a caseless vectorscan literal: every byte that is not a letter or digit
 * escaped, so nothing in it is syntax. */
static char *keyword_expr(const char *kw)
{
    char *out = dd_xmalloc(strlen(kw) * 4 + 1), *o = out;
    for (const unsigned char *p = (const unsigned char *)kw; *p; p++)
        o += isalnum(*p) ? sprintf(o, "%c", *p) : sprintf(o, "\\x%02x", *p);
    *o = '\0';
    return out;
}

static int compile_hs(dd_secret_scanner *s, dd_error *e)
{
    size_t cap = s->n;
    for (size_t i = s->nbuiltin; i < s->n; i++)
        for (char **k = s->kw[i]; *k; k++)
            cap++;
    _cleanup_free_ const char **expr = dd_xcalloc(cap + 1, sizeof(char *));
    _cleanup_free_ unsigned *flags = dd_xcalloc(cap + 1, sizeof(unsigned));
    _cleanup_free_ unsigned *ids = dd_xcalloc(cap + 1, sizeof(unsigned));
    _cleanup_free_ char **owned = dd_xcalloc(cap + 1, sizeof(char *));
    size_t m = 0, nowned = 0;
    int rc = -1;
    for (size_t i = 0; i < s->n; i++) {
        const dd_secret_rule *r = s->rules[i];
        if (r->path)
            continue;
        if (i >= s->nbuiltin && s->kw[i][0]) {
            /* A configured rule with keywords: any keyword, anywhere in the block. */
            for (char **k = s->kw[i]; *k; k++) {
                expr[m] = owned[nowned++] = keyword_expr(*k);
                flags[m] = HS_FLAG_CASELESS;
                ids[m++] = (unsigned)i;
            }
            continue;
        }
        expr[m] = r->trigger ? r->trigger : r->regex;
        flags[m] = HS_FLAG_MULTILINE;
        ids[m] = (unsigned)i;
        /* Constructs vectorscan lacks (lookarounds) compile in prefilter mode: a superset
         * of the matches, which PCRE2 narrows down anyway. */
        hs_expr_info_t *info = NULL;
        hs_compile_error_t *ce = NULL;
        if (hs_expression_info(expr[m], flags[m], &info, &ce) != HS_SUCCESS) {
            hs_free_compile_error(ce);
            flags[m] |= HS_FLAG_PREFILTER;
        } else {
            free(info);
        }
        m++;
    }
    for (size_t attempt = 0; attempt <= 2 * cap + 1; attempt++) {
        if (m == 0) { /* every rule disabled or path-bound: nothing for vectorscan */
            rc = 0;
            break;
        }
        hs_compile_error_t *ce = NULL;
        if (hs_compile_multi(expr, flags, ids, (unsigned)m, HS_MODE_BLOCK, NULL, &s->db, &ce) ==
            HS_SUCCESS) {
            rc = 0;
            break;
        }
        int bad = ce ? ce->expression : -1;
        if (bad >= 0 && (size_t)bad < m && !(flags[bad] & HS_FLAG_PREFILTER)) {
            hs_free_compile_error(ce);
            flags[bad] |= HS_FLAG_PREFILTER;
            continue;
        }
        if (bad >= 0 && (size_t)bad < m && ids[bad] >= s->nbuiltin) {
            /* A configured regex vectorscan cannot take even as a prefilter (one that
             * matches the empty string, say): PCRE2 runs it on every block. */
            hs_free_compile_error(ce);
            s->always[ids[bad]] = true;
            memmove(expr + bad, expr + bad + 1, (m - (size_t)bad - 1) * sizeof *expr);
            memmove(flags + bad, flags + bad + 1, (m - (size_t)bad - 1) * sizeof *flags);
            memmove(ids + bad, ids + bad + 1, (m - (size_t)bad - 1) * sizeof *ids);
            m--;
            continue;
        }
        dd_error_set(e, DD_ERR_RUN, 0, "secret rules: vectorscan cannot compile %s: %s",
                     bad >= 0 ? s->rules[ids[bad]]->rule.id : "the database",
                     ce ? ce->message : "unknown error");
        hs_free_compile_error(ce);
        rc = -2;
        break;
    }
    for (size_t i = 0; i < nowned; i++)
        free(owned[i]);
    if (rc == -1)
        dd_error_set(e, DD_ERR_RUN, 0, "secret rules: vectorscan compilation did not settle");
    return rc < 0 ? -1 : 0;
}

/* Built-in ids are accepted as Trivy writes them, without drydock's "secret-" prefix. */
static bool id_listed(char **v, size_t n, const char *id, bool builtin)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(v[i], id) == 0 ||
            (builtin && strncmp(id, "secret-", 7) == 0 && strcmp(v[i], id + 7) == 0))
            return true;
    return false;
}

static pcre2_code *compile_re(const char *re, uint32_t opts, const char *id, dd_error *e)
{
    int err;
    PCRE2_SIZE eoff;
    pcre2_code *c = pcre2_compile((PCRE2_SPTR)re, PCRE2_ZERO_TERMINATED, opts, &err, &eoff, NULL);
    if (!c) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(err, msg, sizeof(msg));
        dd_error_set(e, DD_ERR_RUN, 0, "secret rule %s: regex error at offset %zu: %s", id,
                     (size_t)eoff, (char *)msg);
        return NULL;
    }
    /* Without JIT (some architectures) the interpreter gives the same results. */
    (void)pcre2_jit_compile(c, PCRE2_JIT_COMPLETE);
    return c;
}

/* The rules to run: the built-in ones the configuration leaves enabled, then its own. */
static void select_rules(dd_secret_scanner *s, const dd_secret_config *cfg, long *cfg_index)
{
    size_t cap = dd_secret_table.n + (cfg ? cfg->nrules : 0);
    s->rules = dd_xcalloc(cap + 1, sizeof *s->rules);
    for (size_t i = 0; i < dd_secret_table.n; i++) {
        const dd_secret_rule *r = dd_secret_rule_at(i);
        if (cfg && cfg->enable && !id_listed(cfg->enable, cfg->nenable, r->rule.id, true))
            continue;
        if (cfg && id_listed(cfg->disable, cfg->ndisable, r->rule.id, true))
            continue;
        s->rules[s->n++] = r;
    }
    s->nbuiltin = s->n;
    for (size_t i = 0; cfg && i < cfg->nrules; i++) {
        cfg_index[i] = -1;
        if (id_listed(cfg->disable, cfg->ndisable, cfg->rules[i].r.rule.id, false))
            continue;
        cfg_index[i] = (long)s->n;
        s->rules[s->n++] = &cfg->rules[i].r;
    }
}

/* Exclude-block regexes keep Go's meaning, as the configured rules' regexes do. */
static int compile_xblock(xblock *x, char **re, size_t n, const char *id, dd_error *e)
{
    x->re = dd_xcalloc(n + 1, sizeof *x->re);
    for (; x->n < n; x->n++)
        if (!(x->re[x->n] = compile_re(re[x->n], 0, id, e)))
            return -1;
    return 0;
}

static int compile_config(dd_secret_scanner *s, const dd_secret_config *cfg, const long *cfg_index,
                          dd_error *e)
{
    for (size_t i = 0; i < cfg->nrules; i++) {
        long ri = cfg_index[i];
        const dd_secret_custom *c = &cfg->rules[i];
        if (ri < 0)
            continue;
        free_keywords(s->kw[ri]);
        size_t nk = 0;
        while (c->keywords[nk])
            nk++;
        s->kw[ri] = dd_xcalloc(nk + 1, sizeof(char *));
        for (size_t k = 0; k < nk; k++)
            s->kw[ri][k] = dd_xstrdup(c->keywords[k]);
        s->group[ri] =
            c->group ? pcre2_substring_number_from_name(s->re[ri], (PCRE2_SPTR)c->group) : 0;
        if (s->group[ri] < 0)
            return dd_error_set(e, DD_ERR_USAGE, 0, "secret rule %s: no group named %s",
                                c->r.rule.id, c->group);
        if ((c->path && !(s->path[ri] = compile_re(c->path, 0, c->r.rule.id, e))) ||
            compile_xblock(&s->xrule[ri], c->exclude, c->nexclude, c->r.rule.id, e) < 0)
            return -1;
        s->path_regexes |= c->path != NULL;
    }
    if (compile_xblock(&s->xglobal, cfg->exclude, cfg->nexclude, "exclude-block", e) < 0)
        return -1;
    s->allow = dd_xcalloc(cfg->nallow + 1, sizeof *s->allow);
    for (size_t i = 0; i < cfg->nallow; i++) {
        const dd_secret_allow *a = &cfg->allow[i];
        /* As Trivy: disable-allow-rules names top-level allow rules, never a rule's own. */
        if (a->rule < 0 && a->id &&
            id_listed(cfg->disable_allow, cfg->ndisable_allow, a->id, false))
            continue;
        long rule = a->rule < 0 ? -1 : cfg_index[a->rule];
        if (a->rule >= 0 && rule < 0)
            continue; /* the rule it belongs to is disabled */
        allow *al = &s->allow[s->nallow++];
        al->rule = rule;
        const char *id = a->id ? a->id : "(allow rule)";
        if ((a->regex && !(al->re = compile_re(a->regex, 0, id, e))) ||
            (a->path && !(al->path = compile_re(a->path, 0, id, e))))
            return -1;
        s->path_regexes |= a->path != NULL;
    }
    return 0;
}

int dd_secret_scanner_new_config(dd_secret_scanner **out, dd_secret_engine engine,
                                 const dd_secret_config *cfg, dd_error *e)
{
    dd_secret_scanner *s = dd_xcalloc(1, sizeof(*s));
    s->engine = engine;
    _cleanup_free_ long *cfg_index = dd_xcalloc(cfg ? cfg->nrules + 1 : 1, sizeof(long));
    select_rules(s, cfg, cfg_index);
    s->re = dd_xcalloc(s->n + 1, sizeof(pcre2_code *));
    s->kw = dd_xcalloc(s->n + 1, sizeof(char **));
    s->path = dd_xcalloc(s->n + 1, sizeof(pcre2_code *));
    s->group = dd_xcalloc(s->n + 1, sizeof(int));
    s->always = dd_xcalloc(s->n + 1, sizeof(bool));
    s->xrule = dd_xcalloc(s->n + 1, sizeof *s->xrule);
    for (size_t i = 0; i < s->n; i++) {
        const dd_secret_rule *r = s->rules[i];
        /* Configured regexes keep Go's meaning: ^ and $ at the ends of the text. */
        s->re[i] = compile_re(r->regex, i < s->nbuiltin ? PCRE2_MULTILINE : 0, r->rule.id, e);
        if (!s->re[i]) {
            dd_secret_scanner_free(s);
            return -1;
        }
        s->kw[i] = split_keywords(r->keywords ? r->keywords : "");
        s->group[i] = 1; /* built-in: group 1 when the regex has one */
    }
    if ((cfg && compile_config(s, cfg, cfg_index, e) < 0) ||
        (engine == DD_SECRET_ENGINE_VECTORSCAN && compile_hs(s, e) < 0)) {
        dd_secret_scanner_free(s);
        return -1;
    }
    *out = s;
    return 0;
}

int dd_secret_scanner_new_engine(dd_secret_scanner **out, dd_secret_engine engine, dd_error *e)
{
    return dd_secret_scanner_new_config(out, engine, NULL, e);
}

int dd_secret_scanner_new(dd_secret_scanner **out, dd_error *e)
{
    return dd_secret_scanner_new_config(out, DD_SECRET_ENGINE_VECTORSCAN, NULL, e);
}

void dd_secret_scratch_free(dd_secret_scratch *sc)
{
    if (!sc)
        return;
    if (sc->hs)
        hs_free_scratch(sc->hs);
    pcre2_match_data_free(sc->md);
    pcre2_match_context_free(sc->mctx);
    pcre2_jit_stack_free(sc->jit);
    pcre2_match_data_free(sc->amd);
    pcre2_match_context_free(sc->xmctx);
    free(sc->xglobal.v);
    free(sc->xrule.v);
    free(sc->covered);
    free(sc->active);
    free(sc->blocked);
    free(sc->seen);
    free(sc->c);
    free(sc->lower);
    free(sc);
}

dd_secret_scratch *dd_secret_scratch_new(dd_secret_scanner *s)
{
    dd_secret_scratch *sc = dd_xcalloc(1, sizeof(*sc));
    sc->s = s;
    if (s->db && hs_alloc_scratch(s->db, &sc->hs) != HS_SUCCESS) {
        free(sc);
        return NULL;
    }
    sc->md = pcre2_match_data_create(16, NULL);
    sc->amd = pcre2_match_data_create(1, NULL);
    sc->mctx = pcre2_match_context_create(NULL);
    sc->jit = pcre2_jit_stack_create(32 * 1024, JIT_STACK_MAX, NULL);
    if (!sc->md || !sc->amd || !sc->mctx || !sc->jit)
        abort(); /* out of memory, as dd_xmalloc */
    pcre2_set_match_limit(sc->mctx, MATCH_LIMIT);
    pcre2_jit_stack_assign(sc->mctx, NULL, sc->jit);
    sc->covered = dd_xcalloc(s->n + 1, sizeof(size_t));
    sc->active = dd_xcalloc(s->n + 1, sizeof(bool));
    sc->blocked = dd_xcalloc(s->n + 1, sizeof(bool));
    sc->seen = dd_xcalloc(s->n + 1, sizeof(bool));
    if (s->engine == DD_SECRET_ENGINE_PCRE2)
        sc->lower = dd_xmalloc(DD_SECRET_BLOCK);
    return sc;
}

/* ---------------------------------------------------------------- matching */

/* Whether an allow rule of every rule or of rule `ri` matches the whole match [ms, me):
 * Trivy tests the whole match, not the secret group, so `^`/`$` anchor at its ends. */
static bool allowed(dd_secret_scratch *sc, unsigned ri, size_t ms, size_t me)
{
    const dd_secret_scanner *s = sc->s;
    for (size_t i = 0; i < s->nallow; i++) {
        const allow *a = &s->allow[i];
        if (a->re && (a->rule < 0 || a->rule == (long)ri) &&
            re_search(a->re, sc->blk + ms, me - ms, sc->amd, sc->mctx))
            return true;
    }
    return false;
}

static int span_cmp(const void *a, const void *b)
{
    const span *x = a, *y = b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    return x->end > y->end ? -1 : x->end < y->end; /* the longest first */
}

/* Keep only the spans no other span contains, sorted (see `spans`). */
static void spans_prune(spans *sp)
{
    if (sp->n < 2)
        return;
    qsort(sp->v, sp->n, sizeof *sp->v, span_cmp);
    size_t k = 0;
    for (size_t i = 0; i < sp->n; i++)
        if (k == 0 || sp->v[i].end > sp->v[k - 1].end)
            sp->v[k++] = sp->v[i];
    sp->n = k;
}

/* Every span each regex of `x` matches in the current block, as Go's FindAllIndex finds
 * them: successive non-overlapping matches, an empty one moving on by a byte. Empty spans
 * hold no secret and are not kept. A regex that hits its match limit stops where it is:
 * fewer spans, so a secret is reported rather than hidden. */
static void spans_find(dd_secret_scratch *sc, const xblock *x, spans *sp)
{
    sp->n = 0;
    sp->found = true;
    if (!sc->xmctx && !(sc->xmctx = pcre2_match_context_create(NULL)))
        abort(); /* out of memory, as dd_xmalloc */
    pcre2_jit_stack *jit = pcre2_jit_stack_create(32 * 1024, SPAN_JIT_STACK_MAX(sc->blen), NULL);
    if (!jit)
        abort();
    pcre2_jit_stack_assign(sc->xmctx, NULL, jit);
    pcre2_set_match_limit(sc->xmctx, SPAN_MATCH_LIMIT(sc->blen));
    for (size_t i = 0; i < x->n; i++) {
        for (size_t off = 0; off <= sc->blen;) {
            if (pcre2_match(x->re[i], sc->blk, sc->blen, off, 0, sc->amd, sc->xmctx) < 0)
                break;
            PCRE2_SIZE *ov = pcre2_get_ovector_pointer(sc->amd);
            if (ov[1] > ov[0]) {
                sp->v = dd_xgrow(sp->v, &sp->cap, sp->n + 1, sizeof *sp->v);
                sp->v[sp->n++] = (span){(uint32_t)ov[0], (uint32_t)ov[1]};
            }
            off = ov[1] > off ? ov[1] : off + 1;
        }
        /* One regex adds at most one span per byte: pruning whenever more are held keeps
         * the memory at two spans per byte of the block, whatever the regexes. */
        if (sp->n > sc->blen)
            spans_prune(sp);
    }
    pcre2_jit_stack_assign(sc->xmctx, NULL, NULL);
    pcre2_jit_stack_free(jit);
    spans_prune(sp);
}

/* Whether [ss, se) lies inside one of the spans. */
static bool spans_contain(const spans *sp, size_t ss, size_t se)
{
    size_t lo = 0, hi = sp->n; /* the first span starting after ss */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (sp->v[mid].start <= ss)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo > 0 && sp->v[lo - 1].end >= se;
}

/* Whether the secret [ss, se) of rule `ri` lies inside a span of the top-level
 * exclude-block or of the rule's own (Trivy's Blocks.Match). */
static bool excluded(dd_secret_scratch *sc, unsigned ri, size_t ss, size_t se)
{
    const dd_secret_scanner *s = sc->s;
    if (s->xglobal.n) {
        if (!sc->xglobal.found)
            spans_find(sc, &s->xglobal, &sc->xglobal);
        if (spans_contain(&sc->xglobal, ss, se))
            return true;
    }
    if (!s->xrule[ri].n)
        return false;
    if (!sc->xrule.found || sc->xrule_of != ri) {
        spans_find(sc, &s->xrule[ri], &sc->xrule);
        sc->xrule_of = ri;
    }
    return spans_contain(&sc->xrule, ss, se);
}

/* Run rule `ri` over [ws, we) of the current block and keep its accepted matches.
 * Returns the end of the last match (0 when none). */
static size_t confirm(dd_secret_scratch *sc, unsigned ri, size_t ws, size_t we)
{
    const dd_secret_rule *r = sc->s->rules[ri];
    pcre2_code *re = sc->s->re[ri];
    int g = sc->s->group[ri];
    size_t off = ws, last = 0;
    while (off < we) {
        int rc = pcre2_match(re, sc->blk, we, off, 0, sc->md, sc->mctx);
        if (rc < 0) /* no match, or a limit hit on hostile input: nothing more here */
            break;
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(sc->md);
        size_t ms = ov[0], me = ov[1], ss = ms, se = me;
        if (g > 0 && rc > g && ov[2 * g] != PCRE2_UNSET) {
            ss = ov[2 * g];
            se = ov[2 * g + 1];
        } else if (g > 0 && ri >= sc->s->nbuiltin) { /* its secret group did not take part */
            ss = se = ms;
        }
        if (accept_secret(r, (const char *)sc->blk + ss, se - ss) &&
            !(sc->s->nallow && allowed(sc, ri, ms, me)) && !excluded(sc, ri, ss, se)) {
            sc->c = dd_xgrow(sc->c, &sc->capc, sc->nc + 1, sizeof(cand));
            sc->c[sc->nc++] = (cand){.mstart = ms, .start = ss, .end = se, .rule = ri};
            last = me;
        }
        off = me > off ? me : off + 1;
    }
    return last;
}

static size_t line_begin(const unsigned char *b, size_t at, size_t limit)
{
    size_t lo = at > limit ? at - limit : 0;
    while (at > lo && b[at - 1] != '\n')
        at--;
    return at;
}

static int on_hit(unsigned int id, unsigned long long from, unsigned long long to,
                  unsigned int flags, void *ctx)
{
    (void)from;
    (void)flags;
    dd_secret_scratch *sc = ctx;
    size_t t = (size_t)to;
    if (id >= sc->s->nbuiltin) { /* a configured rule: the whole block, after the scan */
        sc->seen[id] = true;
        return 0;
    }
    if (t <= sc->covered[id] || t == 0)
        return 0;
    const dd_secret_rule *r = sc->s->rules[id];
    size_t ws = line_begin(sc->blk, t - 1, LINE_BACK), we;
    bool multi = r->flags & DD_SECRET_MULTILINE;
    if (multi) {
        we = sc->blen - t > MULTI_FWD ? t + MULTI_FWD : sc->blen;
    } else {
        size_t lim = sc->blen - t > LINE_FWD ? LINE_FWD : sc->blen - t;
        const unsigned char *nl = memchr(sc->blk + t, '\n', lim);
        we = nl ? (size_t)(nl - sc->blk) : t + lim;
    }
    if (ws < sc->covered[id])
        ws = sc->covered[id];
    size_t last = confirm(sc, id, ws, we);
    /* A multi-line window may hold the start of a second key it could not finish:
     * leave the rest to that key's own trigger. */
    sc->covered[id] = multi ? (last > t ? last : t) : we;
    return 0;
}

static bool keywords_present(dd_secret_scanner *s, dd_secret_scratch *sc, size_t ri)
{
    char **kw = s->kw[ri];
    if (!kw[0])
        return true;
    for (; *kw; kw++)
        if (memmem(sc->lower, sc->blen, *kw, strlen(*kw)))
            return true;
    return false;
}

static int cand_cmp(const void *a, const void *b)
{
    const cand *x = a, *y = b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    if (x->rule != y->rule)
        return x->rule < y->rule ? -1 : 1;
    return x->end < y->end ? -1 : x->end > y->end;
}

/* Overlapping secrets are one secret: the earlier table row names it. */
static void dedupe(dd_secret_scratch *sc)
{
    if (sc->nc < 2)
        return; /* also: qsort must not see a NULL array */
    qsort(sc->c, sc->nc, sizeof(cand), cand_cmp);
    for (size_t i = 0; i < sc->nc; i++)
        for (size_t j = i + 1; j < sc->nc && sc->c[j].start < sc->c[i].end; j++) {
            cand *a = &sc->c[i], *b = &sc->c[j];
            if (a->rule <= b->rule)
                b->drop = true;
            else
                a->drop = true;
        }
}

/* Move the line cursor to absolute offset `to`, which lies in the block at `base`. */
static void seek_line(run *r, const unsigned char *blk, uint64_t base, uint64_t to)
{
    if (to >= r->pos) {
        const unsigned char *p = blk + (r->pos - base), *end = blk + (to - base), *nl;
        while (p < end && (nl = memchr(p, '\n', (size_t)(end - p)))) {
            r->lines++;
            r->line_start = base + (uint64_t)(nl - blk) + 1;
            p = nl + 1;
        }
    } else {
        /* Only when a later block's secret starts before an earlier one's (overlapping
         * rules across a block boundary): count back. */
        size_t crossed = 0;
        for (uint64_t i = to; i < r->pos; i++)
            crossed += blk[i - base] == '\n';
        if (crossed) {
            r->lines -= crossed;
            const unsigned char *nl = memrchr(blk, '\n', (size_t)(to - base));
            r->line_start = nl ? base + (uint64_t)(nl - blk) + 1 : base;
        }
    }
    r->pos = to;
}

static int clamp_int(uint64_t v)
{
    return v > INT_MAX ? INT_MAX : (int)v;
}

static int process_block(run *r, const unsigned char *blk, size_t blen, uint64_t base, bool first,
                         bool final, dd_error *e)
{
    dd_secret_scanner *s = r->s;
    dd_secret_scratch *sc = r->sc;
    sc->nc = 0;
    sc->blk = blk;
    sc->blen = blen;
    sc->xglobal.found = sc->xrule.found = false;
    for (size_t i = 0; i < s->n; i++)
        if (sc->active[i])
            confirm(sc, (unsigned)i, 0, blen);
    if (s->engine == DD_SECRET_ENGINE_VECTORSCAN) {
        memset(sc->covered, 0, s->n * sizeof(size_t));
        memset(sc->seen, 0, s->n * sizeof(bool));
        hs_error_t he =
            s->db ? hs_scan(s->db, (const char *)blk, (unsigned)blen, 0, sc->hs, on_hit, sc)
                  : HS_SUCCESS;
        if (he != HS_SUCCESS)
            return dd_error_set(e, DD_ERR_RUN, 0, "secret scan: vectorscan error %d", (int)he);
        for (size_t i = s->nbuiltin; i < s->n; i++)
            if ((sc->seen[i] || s->always[i]) && !sc->blocked[i])
                confirm(sc, (unsigned)i, 0, blen);
    } else {
        for (size_t i = 0; i < blen; i++)
            sc->lower[i] = (unsigned char)tolower(blk[i]);
        for (size_t i = 0; i < s->n; i++)
            if (!s->rules[i]->path && !sc->blocked[i] && keywords_present(s, sc, i))
                confirm(sc, (unsigned)i, 0, blen);
    }
    dedupe(sc);
    size_t from = first ? 0 : DD_SECRET_OVERLAP / 2;
    size_t to = final ? blen : blen - DD_SECRET_OVERLAP / 2;
    for (size_t i = 0; i < sc->nc && !r->stopped; i++) {
        const cand *c = &sc->c[i];
        if (c->drop || c->mstart < from || c->mstart >= to)
            continue;
        uint64_t abs = base + c->start;
        seek_line(r, blk, base, abs);
        char masked[64];
        dd_secret_mask((const char *)blk + c->start, c->end - c->start, masked, sizeof(masked));
        dd_secret_match m = {
            .rule = &s->rules[c->rule]->rule,
            .offset = abs,
            .line = clamp_int(r->lines + 1),
            .column = clamp_int(abs - r->line_start + 1),
            .masked = masked,
            .length = (uint32_t)(c->end - c->start),
        };
        if (r->reported < INT_MAX)
            r->reported++;
        if (r->cb && r->cb(&m, r->ud) < 0)
            r->stopped = true;
    }
    if (!final && r->pos < base + blen - DD_SECRET_OVERLAP)
        seek_line(r, blk, base, base + blen - DD_SECRET_OVERLAP);
    return 0;
}

static void run_init(run *r, dd_secret_scanner *s, dd_secret_scratch *sc, const char *path,
                     dd_secret_cb cb, void *ud)
{
    *r = (run){.s = s, .sc = sc, .cb = cb, .ud = ud};
    for (size_t i = 0; i < s->n; i++) {
        const dd_secret_rule *rule = s->rules[i];
        sc->active[i] = rule->path && path_matches(rule->path, path);
    }
    if (!s->path_regexes)
        return;
    /* A configured rule with a path runs only on files it names (none when the data is not
     * a file); an allow rule's path takes the file away from its rule, or from all. */
    for (size_t i = 0; i < s->n; i++)
        sc->blocked[i] = s->path[i] && !path_re_matches(s->path[i], path, sc->amd);
    for (size_t i = 0; i < s->nallow; i++) {
        const allow *a = &s->allow[i];
        if (!a->path || !path_re_matches(a->path, path, sc->amd))
            continue;
        if (a->rule < 0)
            r->skip = true;
        else
            sc->blocked[a->rule] = true;
    }
}

static int scan_buffer(dd_secret_scanner *s, dd_secret_scratch *sc, const char *path,
                       const void *data, size_t len, bool binary, dd_secret_cb cb, void *ud,
                       dd_error *e)
{
    if (!s || !sc || (!data && len))
        return dd_error_set(e, DD_ERR_RUN, EINVAL, "secret scan: invalid arguments");
    if (len == 0 || (!binary && dd_secret_is_binary(data, len)))
        return 0;
    run r;
    run_init(&r, s, sc, path, cb, ud);
    if (r.skip)
        return 0;
    const unsigned char *p = data;
    for (size_t base = 0;; base += DD_SECRET_BLOCK - DD_SECRET_OVERLAP) {
        size_t blen = len - base > DD_SECRET_BLOCK ? DD_SECRET_BLOCK : len - base;
        bool final = base + blen == len;
        if (process_block(&r, p + base, blen, base, base == 0, final, e) < 0)
            return -1;
        if (final || r.stopped)
            break;
    }
    return r.reported;
}

int dd_secret_scan(dd_secret_scanner *s, dd_secret_scratch *sc, const char *path, const void *data,
                   size_t len, dd_secret_cb cb, void *ud, dd_error *e)
{
    return scan_buffer(s, sc, path, data, len, false, cb, ud, e);
}

int dd_secret_scan_binary(dd_secret_scanner *s, dd_secret_scratch *sc, const char *path,
                          const void *data, size_t len, dd_secret_cb cb, void *ud, dd_error *e)
{
    return scan_buffer(s, sc, path, data, len, true, cb, ud, e);
}

/* ---------------------------------------------------------------- streams */

struct dd_secret_stream {
    run r;
    unsigned char *buf; /* [base, base + fill) of the stream; grows up to DD_SECRET_BLOCK,
                           so a small file streamed costs a small buffer */
    size_t fill, cap;
    uint64_t base;
    bool binary, decided, skip, first;
};

dd_secret_stream *dd_secret_stream_open(dd_secret_scanner *s, dd_secret_scratch *sc,
                                        const char *path, bool binary, dd_secret_cb cb, void *ud)
{
    dd_secret_stream *st = dd_xcalloc(1, sizeof(*st));
    run_init(&st->r, s, sc, path, cb, ud);
    st->binary = binary;
    st->first = true;
    return st;
}

static int stream_block(dd_secret_stream *st, bool final, dd_error *e)
{
    if (!st->decided) {
        st->decided = true;
        st->skip = !st->binary && dd_secret_is_binary(st->buf, st->fill);
    }
    if (st->skip || st->r.skip || st->r.stopped || st->fill == 0)
        return 0;
    int before = st->r.reported;
    if (process_block(&st->r, st->buf, st->fill, st->base, st->first, final, e) < 0)
        return -1;
    st->first = false;
    return st->r.reported - before;
}

int dd_secret_stream_feed(dd_secret_stream *st, const void *data, size_t len, dd_error *e)
{
    const unsigned char *p = data;
    int total = 0;
    while (len && !st->skip && !st->r.stopped) {
        size_t n = DD_SECRET_BLOCK - st->fill;
        if (n > len)
            n = len;
        if (st->fill + n > st->cap) {
            size_t cap = st->cap ? st->cap : 64 * 1024;
            while (cap < st->fill + n)
                cap *= 2;
            st->cap = cap < DD_SECRET_BLOCK ? cap : DD_SECRET_BLOCK;
            st->buf = dd_xrealloc(st->buf, st->cap);
        }
        memcpy(st->buf + st->fill, p, n);
        st->fill += n;
        p += n;
        len -= n;
        if (st->fill == DD_SECRET_BLOCK) {
            int rc = stream_block(st, false, e);
            if (rc < 0)
                return -1;
            total += rc;
            memmove(st->buf, st->buf + DD_SECRET_BLOCK - DD_SECRET_OVERLAP, DD_SECRET_OVERLAP);
            st->base += DD_SECRET_BLOCK - DD_SECRET_OVERLAP;
            st->fill = DD_SECRET_OVERLAP;
        }
    }
    return total;
}

int dd_secret_stream_close(dd_secret_stream *st, dd_error *e)
{
    if (!st)
        return 0;
    int rc = 0;
    /* After a full block the tail is the overlap, whose first half was reported. */
    if (st->first || st->fill > DD_SECRET_OVERLAP / 2)
        rc = stream_block(st, true, e);
    free(st->buf);
    free(st);
    return rc;
}
