/* Label rules: key syntax (hadolint's DL3048) and the label schema a configuration asks
 * for (label-schema / --require-label: DL3049-DL3058): required, no others (strict), not
 * empty, and each value in its declared format. The formats are checked against their
 * standards' grammars (RFC 3986 URI, RFC 3339 date-time, SPDX license expression with the
 * SPDX list Debian ships, git object name, SemVer 2.0.0, RFC 5322 address). */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "dockerfile/lint_int.h"
#include "dockerfile/spdx.h"

static bool label_key_ok(const char *k)
{
    static const char *const reserved[] = {"com.docker.", "io.docker.", "org.dockerproject.", NULL};
    for (const char *const *r = reserved; *r; r++)
        if (strncmp(k, *r, strlen(*r)) == 0)
            return false;
    size_t n = strlen(k);
    if (!n || !islower((unsigned char)k[0]) ||
        !(islower((unsigned char)k[n - 1]) || isdigit((unsigned char)k[n - 1])))
        return false;
    for (const char *p = k; *p; p++) {
        if (!(islower((unsigned char)*p) || isdigit((unsigned char)*p) || strchr("._/-", *p)))
            return false;
        if ((p[0] == '.' && p[1] == '.') || (p[0] == '-' && p[1] == '-'))
            return false;
    }
    return true;
}

void r_label_key(lint_ctx *c)
{
    FOR_INS(c, in) {
        if (in->kind != DD_DF_LABEL)
            continue;
        for (size_t j = 0; j < in->nkvs; j++)
            if (!label_key_ok(in->kvs[j].key))
                dd_lint_emit(c, in, in->kvs[j].pos,
                             "label key '%s' is not lower-case "
                             "reverse-DNS notation (or uses a reserved prefix)",
                             in->kvs[j].key);
    }
}

void r_label_required(lint_ctx *c)
{
    if (!c->cfg->nlabels || c->final < 0)
        return;
    const dd_df_instr *from = stage_from(c, c->final);
    for (size_t l = 0; l < c->cfg->nlabels; l++) {
        bool found = false;
        for (int st = c->final; st >= 0 && !found; st = c->df->stages[st].from_stage)
            FOR_STAGE(c, st, in)
                if (in->kind == DD_DF_LABEL)
                    for (size_t j = 0; j < in->nkvs; j++)
                        found |= streq(in->kvs[j].key, c->cfg->labels[l].name);
        if (!found)
            dd_lint_emit(c, from, from->pos, "the final image has no label %s (required by %s)",
                         c->cfg->labels[l].name, c->cfg->path ? c->cfg->path : "the configuration");
    }
}

static const dd_lint_label *schema_label(const lint_ctx *c, const char *key)
{
    for (size_t i = 0; i < c->cfg->nlabels; i++)
        if (streq(c->cfg->labels[i].name, key))
            return &c->cfg->labels[i];
    return NULL;
}

void r_label_superfluous(lint_ctx *c)
{
    if (!c->cfg->strict_labels)
        return;
    FOR_INS(c, in) {
        if (in->kind != DD_DF_LABEL)
            continue;
        for (size_t j = 0; j < in->nkvs; j++)
            if (!schema_label(c, in->kvs[j].key))
                dd_lint_emit(c, in, in->kvs[j].pos,
                             "label %s is not in the label schema "
                             "(strict labels)",
                             in->kvs[j].key);
    }
}

void r_label_empty(lint_ctx *c)
{
    FOR_INS(c, in) {
        if (in->kind != DD_DF_LABEL)
            continue;
        for (size_t j = 0; j < in->nkvs; j++)
            if (schema_label(c, in->kvs[j].key) && in->kvs[j].value && !*in->kvs[j].value)
                dd_lint_emit(c, in, in->kvs[j].pos, "label %s is empty", in->kvs[j].key);
    }
}

/* ---- value formats -------------------------------------------------------------------- */

/* RFC 3986 absolute URI: scheme ":" hier-part, only characters a URI may hold. */
static bool valid_url(const char *v)
{
    if (!isalpha((unsigned char)v[0]))
        return false;
    const char *p = v + 1;
    while (isalnum((unsigned char)*p) || *p == '+' || *p == '-' || *p == '.')
        p++;
    if (*p != ':' || !p[1])
        return false;
    for (p++; *p; p++) {
        if (*p == '%') {
            if (!isxdigit((unsigned char)p[1]) || !isxdigit((unsigned char)p[2]))
                return false;
            p += 2;
        } else if (!isalnum((unsigned char)*p) && !strchr("-._~:/?#[]@!$&'()*+,;=", *p)) {
            return false;
        }
    }
    return true;
}

static bool digits(const char *p, int n)
{
    for (int i = 0; i < n; i++)
        if (!isdigit((unsigned char)p[i]))
            return false;
    return true;
}

static int num(const char *p, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++)
        v = v * 10 + (p[i] - '0');
    return v;
}

/* RFC 3339 date-time: 2024-01-31T12:00:00(.123)?(Z|+01:00). */
static bool valid_rfc3339(const char *v)
{
    static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (strlen(v) < 20 || !digits(v, 4) || v[4] != '-' || !digits(v + 5, 2) || v[7] != '-' ||
        !digits(v + 8, 2) || (v[10] != 'T' && v[10] != 't' && v[10] != ' ') || !digits(v + 11, 2) ||
        v[13] != ':' || !digits(v + 14, 2) || v[16] != ':' || !digits(v + 17, 2))
        return false;
    int mo = num(v + 5, 2), d = num(v + 8, 2);
    if (mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] || num(v + 11, 2) > 23 ||
        num(v + 14, 2) > 59 || num(v + 17, 2) > 60)
        return false;
    const char *p = v + 19;
    if (*p == '.') {
        if (!isdigit((unsigned char)p[1]))
            return false;
        for (p++; isdigit((unsigned char)*p); p++)
            ;
    }
    if ((*p == 'Z' || *p == 'z') && !p[1])
        return true;
    return (*p == '+' || *p == '-') && digits(p + 1, 2) && p[3] == ':' && digits(p + 4, 2) &&
           !p[6] && num(p + 1, 2) <= 23 && num(p + 4, 2) <= 59;
}

/* SPDX license expression: id[+] | LicenseRef-x | (expr) joined by AND/OR, id WITH exc. */
typedef struct spdx_in {
    const char *p;
} spdx_in;

static size_t spdx_token(spdx_in *s, char *tok, size_t max)
{
    while (*s->p == ' ')
        s->p++;
    if (*s->p == '(' || *s->p == ')') {
        tok[0] = *s->p++;
        tok[1] = '\0';
        return 1;
    }
    size_t n = 0;
    while (*s->p && *s->p != ' ' && *s->p != '(' && *s->p != ')') {
        if (n + 1 < max)
            tok[n++] = *s->p;
        s->p++;
    }
    tok[n] = '\0';
    return n;
}

static bool spdx_ref(const char *t)
{
    const char *r = strncmp(t, "DocumentRef-", 12) == 0 ? strstr(t, ":LicenseRef-") : NULL;
    r = r ? r + 1 : t;
    if (strncmp(r, "LicenseRef-", 11) != 0 || !r[11])
        return false;
    for (const char *p = r + 11; *p; p++)
        if (!isalnum((unsigned char)*p) && *p != '-' && *p != '.')
            return false;
    return true;
}

static bool spdx_expr(spdx_in *s, int depth);

static bool spdx_simple(spdx_in *s, int depth)
{
    char tok[128];
    if (!spdx_token(s, tok, sizeof tok))
        return false;
    if (streq(tok, "(")) {
        if (depth > 16 || !spdx_expr(s, depth + 1))
            return false;
        return spdx_token(s, tok, sizeof tok) && streq(tok, ")");
    }
    size_t n = strlen(tok);
    if (n > 1 && tok[n - 1] == '+')
        tok[n - 1] = '\0';
    if (!dd_spdx_license(tok) && !spdx_ref(tok))
        return false;
    spdx_in save = *s;
    char op[128];
    if (spdx_token(s, op, sizeof op) && streq(op, "WITH"))
        return spdx_token(s, op, sizeof op) && dd_spdx_exception(op);
    *s = save;
    return true;
}

static bool spdx_expr(spdx_in *s, int depth)
{
    for (;;) {
        if (!spdx_simple(s, depth))
            return false;
        spdx_in save = *s;
        char op[128];
        if (!spdx_token(s, op, sizeof op) || (!streq(op, "AND") && !streq(op, "OR"))) {
            *s = save;
            return true;
        }
    }
}

static bool valid_spdx(const char *v)
{
    spdx_in s = {v};
    char rest[8];
    return spdx_expr(&s, 0) && !spdx_token(&s, rest, sizeof rest);
}

/* A git object name: 40 hex digits, or the 7 of a short hash. */
static bool valid_hash(const char *v)
{
    size_t n = strlen(v);
    if (n != 40 && n != 7)
        return false;
    for (const char *p = v; *p; p++)
        if (!isdigit((unsigned char)*p) && !(*p >= 'a' && *p <= 'f'))
            return false;
    return true;
}

/* A SemVer 2.0.0 numeric identifier: digits without a leading zero. */
static const char *semver_num(const char *p)
{
    if (!isdigit((unsigned char)*p) || (p[0] == '0' && isdigit((unsigned char)p[1])))
        return NULL;
    while (isdigit((unsigned char)*p))
        p++;
    return p;
}

/* Dot-separated identifiers of [0-9A-Za-z-]; `numeric_rule`: all-digit ones have no
 * leading zero (pre-release, not build metadata). */
static const char *semver_ids(const char *p, bool numeric_rule)
{
    for (;;) {
        const char *s = p;
        bool all_num = true;
        while (isalnum((unsigned char)*p) || *p == '-') {
            all_num &= isdigit((unsigned char)*p) != 0;
            p++;
        }
        if (p == s || (numeric_rule && all_num && p - s > 1 && *s == '0'))
            return NULL;
        if (*p != '.')
            return p;
        p++;
    }
}

static bool valid_semver(const char *v)
{
    const char *p = semver_num(v);
    for (int i = 0; i < 2 && p; i++)
        p = *p == '.' ? semver_num(p + 1) : NULL;
    if (p && *p == '-')
        p = semver_ids(p + 1, true);
    if (p && *p == '+')
        p = semver_ids(p + 1, false);
    return p && !*p;
}

/* RFC 5322 addr-spec: dot-atom or quoted local part, dot-atom or literal domain. */
static bool atext(char c)
{
    return isalnum((unsigned char)c) || strchr("!#$%&'*+-/=?^_`{|}~", c) ||
           (unsigned char)c >= 0x80;
}

static const char *dot_atom(const char *p)
{
    for (;;) {
        const char *s = p;
        while (*p && atext(*p))
            p++;
        if (p == s)
            return NULL;
        if (*p != '.')
            return p;
        p++;
    }
}

static bool valid_email(const char *v)
{
    const char *p = v;
    if (*p == '"') {
        for (p++; *p && *p != '"'; p++)
            if (*p == '\\' && p[1])
                p++;
        if (*p++ != '"')
            return false;
    } else if (!(p = dot_atom(p))) {
        return false;
    }
    if (*p++ != '@')
        return false;
    if (*p == '[') {
        const char *e = strchr(p, ']');
        return e && e > p + 1 && !e[1];
    }
    p = dot_atom(p);
    return p && !*p;
}

typedef struct label_format {
    dd_label_type type;
    bool (*valid)(const char *);
    const char *what;
} label_format;

static const label_format formats[] = {
    {DD_LABEL_URL, valid_url, "a valid URL"},
    {DD_LABEL_RFC3339, valid_rfc3339, "an RFC 3339 date-time"},
    {DD_LABEL_SPDX, valid_spdx, "an SPDX license expression"},
    {DD_LABEL_HASH, valid_hash, "a git commit hash"},
    {DD_LABEL_SEMVER, valid_semver, "a semantic version"},
    {DD_LABEL_EMAIL, valid_email, "an e-mail address"},
};

static void label_format_rule(lint_ctx *c, dd_label_type t)
{
    const label_format *f = NULL;
    for (size_t i = 0; i < DD_ARRAY_LEN(formats); i++)
        if (formats[i].type == t)
            f = &formats[i];
    FOR_INS(c, in) {
        if (in->kind != DD_DF_LABEL)
            continue;
        for (size_t j = 0; j < in->nkvs; j++) {
            const dd_lint_label *l = schema_label(c, in->kvs[j].key);
            const char *v = in->kvs[j].value;
            /* empty is DDL058's; a $VARIABLE is only known at build time */
            if (!l || l->type != t || !v || !*v ||
                (in->kvs[j].raw_value && strchr(in->kvs[j].raw_value, '$')) || f->valid(v))
                continue;
            dd_lint_emit(c, in, in->kvs[j].pos, "label %s=%s is not %s", l->name, v, f->what);
        }
    }
}

void r_label_url(lint_ctx *c)
{
    label_format_rule(c, DD_LABEL_URL);
}
void r_label_rfc3339(lint_ctx *c)
{
    label_format_rule(c, DD_LABEL_RFC3339);
}
void r_label_spdx(lint_ctx *c)
{
    label_format_rule(c, DD_LABEL_SPDX);
}
void r_label_hash(lint_ctx *c)
{
    label_format_rule(c, DD_LABEL_HASH);
}
void r_label_semver(lint_ctx *c)
{
    label_format_rule(c, DD_LABEL_SEMVER);
}
void r_label_email(lint_ctx *c)
{
    label_format_rule(c, DD_LABEL_EMAIL);
}
