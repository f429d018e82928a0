/* dpkg version ordering (deb-version(7)): epoch numerically, then upstream and revision
 * with the same algorithm: alternating non-digit runs (letters < other characters, '~'
 * before anything including the end) and digit runs compared numerically. */
#include <ctype.h>
#include <string.h>

#include "vuln/version.h"

static int order(unsigned char c)
{
    if (isdigit(c))
        return 0;
    if (isalpha(c))
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
        while ((a < ae && !isdigit((unsigned char)*a)) || (b < be && !isdigit((unsigned char)*b))) {
            int ac = a < ae ? order((unsigned char)*a) : 0;
            int bc = b < be ? order((unsigned char)*b) : 0;
            if (ac != bc)
                return ac < bc ? -1 : 1;
            a++;
            b++;
        }
        const char *da = a, *db = b;
        while (a < ae && isdigit((unsigned char)*a))
            a++;
        while (b < be && isdigit((unsigned char)*b))
            b++;
        int c = dd_vercmp_digits(da, (size_t)(a - da), db, (size_t)(b - db));
        if (c)
            return c;
    }
    return 0;
}

typedef struct {
    const char *epoch, *epoch_end;
    const char *up, *up_end;
    const char *rev, *rev_end;
} dpkg_ver;

static void split(const char *s, dpkg_ver *v)
{
    while (isspace((unsigned char)*s))
        s++;
    const char *end = s + strlen(s);
    while (end > s && isspace((unsigned char)end[-1]))
        end--;
    const char *colon = memchr(s, ':', (size_t)(end - s));
    if (colon) {
        v->epoch = s;
        v->epoch_end = colon;
        s = colon + 1;
    } else {
        v->epoch = v->epoch_end = s;
    }
    const char *dash = NULL;
    for (const char *p = s; p < end; p++)
        if (*p == '-')
            dash = p;
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

int dd_vercmp_dpkg(const char *a, const char *b)
{
    dpkg_ver va, vb;
    split(a, &va);
    split(b, &vb);
    /* A malformed epoch (non-digits) is compared as the digits it starts with. */
    const char *ea = va.epoch, *eb = vb.epoch;
    while (ea < va.epoch_end && isdigit((unsigned char)*ea))
        ea++;
    while (eb < vb.epoch_end && isdigit((unsigned char)*eb))
        eb++;
    int c = dd_vercmp_digits(va.epoch, (size_t)(ea - va.epoch), vb.epoch, (size_t)(eb - vb.epoch));
    if (c)
        return c;
    c = verrevcmp(va.up, va.up_end, vb.up, vb.up_end);
    if (c)
        return c;
    return verrevcmp(va.rev, va.rev_end, vb.rev, vb.rev_end);
}
