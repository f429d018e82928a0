/* Composer (Packagist) versions: Composer normalises a version (VersionParser::normalize)
 * and compares the normal forms with PHP's version_compare().
 *
 * Normalising: a leading "v" and "+build" metadata go; the numeric part is padded to four
 * components ("1.2" -> "1.2.0.0"); a stability suffix is spelled out (a -> alpha,
 * b -> beta, rc -> RC, p/pl -> patch). version_compare() then splits on '.', '-', '_',
 * '+' and on every digit/non-digit boundary, compares numbers as numbers and words by
 * their special-form rank: dev < alpha = a < beta = b < RC = rc < (a number) < pl = p
 * (an unknown word ranks below dev, matched by prefix as PHP does). When one version has
 * parts left, a number there makes it newer and a word is ranked against a number.
 * "dev-BRANCH" versions name branches, not versions: dd_version_composer_valid() says no. */
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "vuln/version.h"

#define COMPOSER_MAX 256

/* The normal form of `v` in buf; false when it does not fit (compared raw then). */
static bool normalize(const char *v, char *buf, size_t n)
{
    while (*v == ' ')
        v++;
    if (*v == 'v' || *v == 'V')
        v++;
    size_t len = strcspn(v, "+ ");
    if (len >= n)
        return false;
    /* The numeric part: up to four dot-separated numbers. */
    size_t i = 0, parts = 0, o = 0;
    while (parts < 4 && isdigit((unsigned char)v[i])) {
        size_t s = i;
        while (i < len && isdigit((unsigned char)v[i]))
            i++;
        if (o + (i - s) + 2 >= n)
            return false;
        if (parts)
            buf[o++] = '.';
        memcpy(buf + o, v + s, i - s);
        o += i - s;
        parts++;
        if (i < len && v[i] == '.' && isdigit((unsigned char)v[i + 1]))
            i++;
        else
            break;
    }
    if (!parts)
        return false;
    for (; parts < 4; parts++) {
        if (o + 3 >= n)
            return false;
        memcpy(buf + o, ".0", 2);
        o += 2;
    }
    /* The stability suffix, spelled out. */
    const char *rest = v + i;
    size_t rlen = len - i;
    while (rlen && (*rest == '-' || *rest == '.' || *rest == '_')) {
        rest++;
        rlen--;
    }
    if (rlen) {
        static const struct {
            const char *in, *out;
        } words[] = {{"alpha", "alpha"}, {"beta", "beta"}, {"patch", "patch"}, {"stable", ""},
                     {"rc", "RC"},       {"pl", "patch"},  {"a", "alpha"},     {"b", "beta"},
                     {"p", "patch"},     {"dev", "dev"}};
        const char *out = NULL;
        size_t wl = 0;
        for (size_t k = 0; k < sizeof words / sizeof words[0]; k++) {
            wl = strlen(words[k].in);
            if (rlen >= wl && strncasecmp(rest, words[k].in, wl) == 0 &&
                (rlen == wl || !isalpha((unsigned char)rest[wl]))) {
                out = words[k].out;
                break;
            }
        }
        int w = out ? snprintf(buf + o, n - o, "%s%s%.*s", *out ? "-" : "", out, (int)(rlen - wl),
                               rest + wl)
                    : snprintf(buf + o, n - o, "-%.*s", (int)rlen, rest);
        if (w < 0 || (size_t)w >= n - o)
            return false;
        o += (size_t)w;
    }
    buf[o] = '\0';
    return true;
}

static int special_rank(const char *p, size_t n)
{
    static const struct {
        const char *name;
        int order;
    } forms[] = {{"dev", 0}, {"alpha", 1}, {"a", 1}, {"beta", 2}, {"b", 2},
                 {"RC", 3},  {"rc", 3},    {"#", 4}, {"pl", 5},   {"p", 5}};
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
        size_t l = strlen(forms[i].name);
        if (n >= l && strncmp(p, forms[i].name, l) == 0)
            return forms[i].order;
    }
    return -1;
}

/* The next part of a version as version_compare() splits it; false at the end. */
static bool next_part(const char **s, const char **p, size_t *n, bool *digits)
{
    const char *q = *s;
    while (*q && !isalnum((unsigned char)*q))
        q++;
    if (!*q) {
        *s = q;
        return false;
    }
    *p = q;
    *digits = isdigit((unsigned char)*q);
    while (*q && isalnum((unsigned char)*q) && (bool)isdigit((unsigned char)*q) == *digits)
        q++;
    *n = (size_t)(q - *p);
    *s = q;
    return true;
}

static int php_version_compare(const char *a, const char *b)
{
    const char *pa, *pb;
    size_t na, nb;
    bool da, db;
    for (;;) {
        bool ha = next_part(&a, &pa, &na, &da), hb = next_part(&b, &pb, &nb, &db);
        int c;
        if (!ha && !hb)
            return 0;
        if (ha && hb) {
            if (da && db)
                c = dd_vercmp_digits(pa, na, pb, nb);
            else if (!da && !db)
                c = special_rank(pa, na) - special_rank(pb, nb);
            else
                c = da ? 4 - special_rank(pb, nb) : special_rank(pa, na) - 4;
        } else if (ha) {
            c = da ? 1 : special_rank(pa, na) - 4;
        } else {
            c = db ? -1 : 4 - special_rank(pb, nb);
        }
        if (c)
            return c < 0 ? -1 : 1;
        if (!ha || !hb)
            return 0;
    }
}

int dd_vercmp_composer(const char *a, const char *b)
{
    char x[COMPOSER_MAX], y[COMPOSER_MAX];
    bool nx = normalize(a, x, sizeof x), ny = normalize(b, y, sizeof y);
    /* A version Composer cannot normalise (a branch) sorts first, as an unknown. */
    if (!nx || !ny)
        return nx == ny ? (strcmp(a, b) > 0) - (strcmp(a, b) < 0) : nx ? 1 : -1;
    return php_version_compare(x, y);
}

bool dd_version_composer_valid(const char *v)
{
    char x[COMPOSER_MAX];
    return strncasecmp(v, "dev-", 4) != 0 && normalize(v, x, sizeof x);
}
