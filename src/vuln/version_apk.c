/* apk version ordering (apk-tools 2.14 / 3, what Alpine uses today):
 *   digit{.digit}...{letter}{_suffix{N}}...{~hash}{-rN}
 * Tokens are compared in order while both versions have the same kind of token:
 *   numbers after '.' compare as strings when either has a leading zero (Gentoo rule:
 *   1.01 < 1.1), numerically otherwise; a letter by its byte; suffixes rank
 *   alpha < beta < pre < rc < (none) < cvs < svn < git < hg < p; -rN numerically.
 * When the kinds differ, a pre-release suffix makes its version older; otherwise the
 * version whose next token kind comes earlier in the list above is newer (so 1.0 > 1,
 * 1.0-r1 > 1.0), and the end of a version ranks before an invalid tail. */
#include <ctype.h>
#include <string.h>

#include "vuln/version.h"

enum {
    T_INITIAL_DIGIT,
    T_DIGIT,
    T_LETTER,
    T_SUFFIX,
    T_SUFFIX_NO,
    T_COMMIT_HASH,
    T_REVISION_NO,
    T_END,
    T_INVALID,
};

enum { S_INVALID = 0, S_ALPHA, S_BETA, S_PRE, S_RC, S_NONE, S_CVS, S_SVN, S_GIT, S_HG, S_P };

typedef struct {
    int token;
    int suffix;
    const char *v; /* the token's text */
    size_t n;
} tok;

typedef struct {
    const char *p;
    size_t len;
} blob;

static int suffix_value(const char *p, size_t n)
{
    static const struct {
        const char *s;
        int v;
    } tab[] = {{"alpha", S_ALPHA}, {"beta", S_BETA}, {"pre", S_PRE}, {"rc", S_RC}, {"cvs", S_CVS},
               {"svn", S_SVN},     {"git", S_GIT},   {"hg", S_HG},   {"p", S_P}};
    for (size_t i = 0; i < sizeof tab / sizeof tab[0]; i++)
        if (strlen(tab[i].s) == n && memcmp(tab[i].s, p, n) == 0)
            return tab[i].v;
    return S_INVALID;
}

static void parse_digits(tok *t, blob *b)
{
    size_t i = 0;
    while (i < b->len && isdigit((unsigned char)b->p[i]))
        i++;
    t->v = b->p;
    t->n = i;
    b->p += i;
    b->len -= i;
    if (i == 0)
        t->token = T_INVALID;
}

static void token_first(tok *t, blob *b)
{
    t->token = T_INITIAL_DIGIT;
    t->suffix = S_INVALID;
    parse_digits(t, b);
}

static void token_next(tok *t, blob *b)
{
    if (b->len == 0) {
        t->token = T_END;
        return;
    }
    char c = b->p[0];
    if (c >= 'a' && c <= 'z') {
        if (t->token > T_DIGIT)
            goto invalid;
        t->v = b->p;
        t->n = 1;
        t->token = T_LETTER;
        b->p++;
        b->len--;
        return;
    }
    if (c == '.' || isdigit((unsigned char)c)) {
        if (c == '.') {
            if (t->token > T_DIGIT)
                goto invalid;
            b->p++;
            b->len--;
        }
        if (t->token == T_INITIAL_DIGIT || t->token == T_DIGIT)
            t->token = T_DIGIT;
        else if (t->token == T_SUFFIX)
            t->token = T_SUFFIX_NO;
        else
            goto invalid;
        parse_digits(t, b);
        return;
    }
    if (c == '_') {
        if (t->token > T_SUFFIX_NO)
            goto invalid;
        b->p++;
        b->len--;
        size_t i = 0;
        while (i < b->len && b->p[i] >= 'a' && b->p[i] <= 'z')
            i++;
        t->v = b->p;
        t->n = i;
        b->p += i;
        b->len -= i;
        t->suffix = suffix_value(t->v, t->n);
        if (t->suffix == S_INVALID)
            goto invalid;
        t->token = T_SUFFIX;
        return;
    }
    if (c == '~') {
        if (t->token >= T_COMMIT_HASH)
            goto invalid;
        b->p++;
        b->len--;
        size_t i = 0;
        while (i < b->len && isxdigit((unsigned char)b->p[i]))
            i++;
        if (i == 0)
            goto invalid;
        t->v = b->p;
        t->n = i;
        b->p += i;
        b->len -= i;
        t->token = T_COMMIT_HASH;
        return;
    }
    if (c == '-') {
        if (t->token >= T_REVISION_NO || b->len < 2 || b->p[1] != 'r')
            goto invalid;
        b->p += 2;
        b->len -= 2;
        t->token = T_REVISION_NO;
        parse_digits(t, b);
        return;
    }
invalid:
    t->token = T_INVALID;
}

static int blob_sort(const tok *a, const tok *b)
{
    size_t m = a->n < b->n ? a->n : b->n;
    int c = memcmp(a->v, b->v, m);
    if (c)
        return c < 0 ? -1 : 1;
    return (a->n > b->n) - (a->n < b->n);
}

static int token_cmp(const tok *a, const tok *b)
{
    switch (a->token) {
    case T_DIGIT:
        if (a->v[0] == '0' || b->v[0] == '0')
            return blob_sort(a, b);
        /* fallthrough */
    case T_INITIAL_DIGIT:
    case T_SUFFIX_NO:
    case T_REVISION_NO:
        return dd_vercmp_digits(a->v, a->n, b->v, b->n);
    case T_LETTER:
        return ((unsigned char)a->v[0] > (unsigned char)b->v[0]) -
               ((unsigned char)a->v[0] < (unsigned char)b->v[0]);
    case T_SUFFIX:
        return (a->suffix > b->suffix) - (a->suffix < b->suffix);
    default:
        return blob_sort(a, b);
    }
}

int dd_vercmp_apk(const char *sa, const char *sb)
{
    blob a = {sa, strlen(sa)}, b = {sb, strlen(sb)};
    tok ta, tb;
    for (token_first(&ta, &a), token_first(&tb, &b); ta.token == tb.token && ta.token < T_END;
         token_next(&ta, &a), token_next(&tb, &b)) {
        int r = token_cmp(&ta, &tb);
        if (r)
            return r;
    }
    if (ta.token == tb.token)
        return 0;
    if (ta.token == T_SUFFIX && ta.suffix < S_NONE)
        return -1;
    if (tb.token == T_SUFFIX && tb.suffix < S_NONE)
        return 1;
    return ta.token > tb.token ? -1 : 1;
}
