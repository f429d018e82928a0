/* dpkg version ordering (deb-version(7)): epoch numerically, then upstream and revision
 * with the same algorithm: alternating non-digit runs (letters < other characters, '~'
 * before anything including the end) and digit runs compared numerically.
 * Character classes are ASCII (as dpkg's c_isdigit/c_isalpha), never the locale's. */
#include <ctype.h>
#include <string.h>

#include "vuln/version.h"

static inline bool is_digit(unsigned char c)
{
    return (unsigned)(c - '0') < 10u;
}

static inline bool is_alpha(unsigned char c)
{
    return (unsigned)((c | 0x20) - 'a') < 26u;
}

static inline bool is_space(unsigned char c)
{
    return c == ' ' || (c >= '\t' && c <= '\r');
}

static int order(unsigned char c)
{
    if (is_digit(c))
        return 0;
    if (is_alpha(c))
        return c;
    if (c == '~')
        return -1;
    if (c)
        return c + 256;
    return 0;
}

/* Compare [a, ae) with [b, be). */
static int verrevcmp(const char *a, const char *ae, const char *b, const char *be)
{
    while (a < ae || b < be) {
        while ((a < ae && !is_digit((unsigned char)*a)) || (b < be && !is_digit((unsigned char)*b))) {
            int ac = a < ae ? order((unsigned char)*a) : 0;
            int bc = b < be ? order((unsigned char)*b) : 0;
            if (ac != bc)
                return ac < bc ? -1 : 1;
            a++;
            b++;
        }
        const char *da = a, *db = b;
        while (a < ae && is_digit((unsigned char)*a))
            a++;
        while (b < be && is_digit((unsigned char)*b))
            b++;
        int c = dd_vercmp_digits(da, (size_t)(a - da), db, (size_t)(b - db));
        if (c)
            return c;
    }
    return 0;
}

void dd_dpkg_split(const char *s, dd_dpkg_ver *v)
{
    while (is_space((unsigned char)*s))
        s++;
    const char *end = s + strlen(s);
    while (end > s && is_space((unsigned char)end[-1]))
        end--;
    const char *colon = memchr(s, ':', (size_t)(end - s));
    v->epoch = s;
    if (colon) {
        /* A malformed epoch (non-digits) is compared as the digits it starts with. */
        const char *e = s;
        while (e < colon && is_digit((unsigned char)*e))
            e++;
        v->epoch_end = e;
        s = colon + 1;
    } else {
        v->epoch_end = s;
    }
    const char *dash = NULL;
    for (const char *p = end; p > s; p--)
        if (p[-1] == '-') {
            dash = p - 1;
            break;
        }
    v->up = s;
    if (dash) {
        v->up_end = dash;
        v->rev = dash + 1;
        v->rev_end = end;
    } else {
        v->up_end = end;
        v->rev = v->rev_end = end;
    }
}

int dd_vercmp_dpkg_split(const dd_dpkg_ver *a, const dd_dpkg_ver *b)
{
    int c = dd_vercmp_digits(a->epoch, (size_t)(a->epoch_end - a->epoch), b->epoch,
                             (size_t)(b->epoch_end - b->epoch));
    if (c)
        return c;
    c = verrevcmp(a->up, a->up_end, b->up, b->up_end);
    if (c)
        return c;
    return verrevcmp(a->rev, a->rev_end, b->rev, b->rev_end);
}

int dd_vercmp_dpkg(const char *a, const char *b)
{
    dd_dpkg_ver va, vb;
    dd_dpkg_split(a, &va);
    dd_dpkg_split(b, &vb);
    return dd_vercmp_dpkg_split(&va, &vb);
}

/* deb-version(7): [epoch:]upstream[-revision]; the epoch is digits, the upstream version
 * starts with a digit and holds [A-Za-z0-9.+~-:] (':' only with an epoch, '-' only with a
 * revision), the revision holds [A-Za-z0-9.+~]. */
bool dd_version_dpkg_valid(const char *v)
{
    const char *colon = strchr(v, ':');
    const char *up = v;
    if (colon) {
        if (colon == v)
            return false;
        for (const char *p = v; p < colon; p++)
            if (*p < '0' || *p > '9')
                return false;
        up = colon + 1;
    }
    const char *dash = strrchr(up, '-');
    const char *end = dash ? dash : up + strlen(up);
    if (up == end || *up < '0' || *up > '9')
        return false;
    for (const char *p = up; p < end; p++)
        if (!isalnum((unsigned char)*p) && !strchr(".+~-:", *p))
            return false;
    if (dash) {
        if (!dash[1])
            return false;
        for (const char *p = dash + 1; *p; p++)
            if (!isalnum((unsigned char)*p) && !strchr(".+~", *p))
                return false;
    }
    return true;
}
