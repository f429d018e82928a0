/* rpm version ordering: rpmvercmp() on version and release, after the epoch.
 * Segments are maximal runs of digits or of letters; separators are skipped; '~' sorts
 * before everything (pre-release), '^' after the end but before anything else
 * (post-release snapshot); a numeric segment is newer than an alphabetic one. */
#include <ctype.h>
#include <string.h>

#include "vuln/version.h"

static bool is_alnum(char c)
{
    return isalnum((unsigned char)c) && (unsigned char)c < 0x80;
}

static int rpmvercmp_n(const char *one, const char *one_end, const char *two, const char *two_end)
{
    if (one_end - one == two_end - two && memcmp(one, two, (size_t)(one_end - one)) == 0)
        return 0;
    while (one < one_end || two < two_end) {
        while (one < one_end && !is_alnum(*one) && *one != '~' && *one != '^')
            one++;
        while (two < two_end && !is_alnum(*two) && *two != '~' && *two != '^')
            two++;
        bool o_end = one >= one_end, t_end = two >= two_end;
        if ((!o_end && *one == '~') || (!t_end && *two == '~')) {
            if (o_end || *one != '~')
                return 1;
            if (t_end || *two != '~')
                return -1;
            one++;
            two++;
            continue;
        }
        if ((!o_end && *one == '^') || (!t_end && *two == '^')) {
            if (o_end)
                return -1;
            if (t_end)
                return 1;
            if (*one != '^')
                return 1;
            if (*two != '^')
                return -1;
            one++;
            two++;
            continue;
        }
        if (o_end || t_end)
            break;
        const char *s1 = one, *s2 = two;
        bool isnum = isdigit((unsigned char)*s1);
        if (isnum) {
            while (s1 < one_end && isdigit((unsigned char)*s1))
                s1++;
            while (s2 < two_end && isdigit((unsigned char)*s2))
                s2++;
        } else {
            while (s1 < one_end && isalpha((unsigned char)*s1) && (unsigned char)*s1 < 0x80)
                s1++;
            while (s2 < two_end && isalpha((unsigned char)*s2) && (unsigned char)*s2 < 0x80)
                s2++;
        }
        /* Segments of different kinds: numbers are newer. */
        if (s2 == two)
            return isnum ? 1 : -1;
        int rc;
        if (isnum) {
            rc = dd_vercmp_digits(one, (size_t)(s1 - one), two, (size_t)(s2 - two));
        } else {
            size_t l1 = (size_t)(s1 - one), l2 = (size_t)(s2 - two);
            rc = memcmp(one, two, l1 < l2 ? l1 : l2);
            if (rc == 0 && l1 != l2)
                rc = l1 < l2 ? -1 : 1;
        }
        if (rc)
            return rc < 0 ? -1 : 1;
        one = s1;
        two = s2;
    }
    bool o_end = one >= one_end, t_end = two >= two_end;
    if (o_end && t_end)
        return 0;
    return o_end ? -1 : 1;
}

int dd_rpmvercmp(const char *a, const char *b)
{
    return rpmvercmp_n(a, a + strlen(a), b, b + strlen(b));
}

typedef struct {
    const char *e, *ee, *v, *ve, *r, *re;
} evr;

static void split(const char *s, evr *x)
{
    const char *end = s + strlen(s);
    const char *p = s;
    while (p < end && isdigit((unsigned char)*p))
        p++;
    if (p < end && *p == ':') {
        x->e = s;
        x->ee = p;
        s = p + 1;
    } else {
        x->e = x->ee = s;
    }
    const char *dash = NULL;
    for (p = s; p < end; p++)
        if (*p == '-')
            dash = p;
    x->v = s;
    if (dash) {
        x->ve = dash;
        x->r = dash + 1;
        x->re = end;
    } else {
        x->ve = end;
        x->r = x->re = NULL;
    }
}

int dd_vercmp_rpm(const char *a, const char *b)
{
    evr x, y;
    split(a, &x);
    split(b, &y);
    int c = dd_vercmp_digits(x.e, (size_t)(x.ee - x.e), y.e, (size_t)(y.ee - y.e));
    if (c)
        return c;
    c = rpmvercmp_n(x.v, x.ve, y.v, y.ve);
    if (c || !x.r || !y.r)
        return c;
    return rpmvercmp_n(x.r, x.re, y.r, y.re);
}

/* [epoch:]version[-release]: a numeric epoch, then a non-empty version and release of
 * the characters rpm allows in them (no '-' inside either, no blanks). */
bool dd_version_rpm_valid(const char *v)
{
    const char *colon = strchr(v, ':');
    if (colon) {
        if (colon == v)
            return false;
        for (const char *p = v; p < colon; p++)
            if (!isdigit((unsigned char)*p))
                return false;
        v = colon + 1;
    }
    const char *dash = strchr(v, '-');
    if (!*v || v == dash || (dash && (!dash[1] || strchr(dash + 1, '-'))))
        return false;
    for (const char *p = v; *p; p++)
        if (!isalnum((unsigned char)*p) && !strchr("._+~^-", *p))
            return false;
    return true;
}
