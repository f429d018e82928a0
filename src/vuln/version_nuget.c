/* NuGet versions as NuGet.Versioning orders them: up to four numeric parts
 * (Major.Minor.Patch.Revision, missing ones are 0, leading zeros ignored), then a release
 * label after '-' whose dot-separated parts compare numerically when both are numbers and
 * case-insensitively otherwise (a release sorts after all its prereleases); metadata after
 * '+' is ignored. Anything else still orders deterministically: a part that is not a
 * number compares as text after every number. */
#include <ctype.h>
#include <strings.h>
#include <string.h>

#include "vuln/version.h"

/* The next run of `s` up to one of `stops`; returns its length. */
static size_t span_until(const char *s, const char *stops)
{
    return strcspn(s, stops);
}

static bool all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isdigit((unsigned char)s[i]))
            return false;
    return n > 0;
}

static int cmp_text_ci(const char *a, size_t an, const char *b, size_t bn)
{
    size_t n = an < bn ? an : bn;
    int c = strncasecmp(a, b, n);
    if (c)
        return c < 0 ? -1 : 1;
    return (an > bn) - (an < bn);
}

/* One part: numbers numerically, text after numbers, text case-insensitively. */
static int cmp_part(const char *a, size_t an, const char *b, size_t bn)
{
    bool da = all_digits(a, an), db = all_digits(b, bn);
    if (da && db)
        return dd_vercmp_digits(a, an, b, bn);
    if (da != db)
        return da ? -1 : 1;
    return cmp_text_ci(a, an, b, bn);
}

int dd_vercmp_nuget(const char *a, const char *b)
{
    while (*a == 'v' || *a == 'V' || *a == ' ')
        a++;
    while (*b == 'v' || *b == 'V' || *b == ' ')
        b++;
    /* The numeric parts: four at most, missing ones are 0. */
    for (int i = 0; i < 4; i++) {
        size_t an = span_until(a, ".-+"), bn = span_until(b, ".-+");
        int c = cmp_part(an ? a : "0", an ? an : 1, bn ? b : "0", bn ? bn : 1);
        if (c)
            return c;
        a += an;
        b += bn;
        if (*a == '.')
            a++;
        if (*b == '.')
            b++;
        if ((*a == '\0' || *a == '-' || *a == '+') && (*b == '\0' || *b == '-' || *b == '+'))
            break;
    }
    bool pa = *a == '-', pb = *b == '-';
    if (!pa || !pb)
        return pa == pb ? 0 : pa ? -1 : 1; /* a release after its prereleases */
    a++;
    b++;
    for (;;) {
        size_t an = span_until(a, ".+"), bn = span_until(b, ".+");
        bool ea = an == 0 && (*a == '\0' || *a == '+'), eb = bn == 0 && (*b == '\0' || *b == '+');
        if (ea || eb)
            return ea == eb ? 0 : ea ? -1 : 1; /* fewer labels first */
        int c = cmp_part(a, an, b, bn);
        if (c)
            return c;
        a += an;
        b += bn;
        if (*a == '.')
            a++;
        if (*b == '.')
            b++;
    }
}
