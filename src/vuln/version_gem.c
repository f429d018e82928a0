/* RubyGems versions (Gem::Version#<=>):
 *   - "-" is read as ".pre." ("1.0-rc1" == "1.0.pre.rc1");
 *   - segments are runs of digits (numbers) or of letters (strings); anything else
 *     separates them;
 *   - canonical segments: trailing zeros dropped from the numeric prefix and, separately,
 *     from the part after the first string ("1.0.0" == "1", "1.0.a.0" == "1.a");
 *   - compared pairwise, a missing segment being 0; a string is lower than a number
 *     ("1.0.a" < "1.0"), strings compare as bytes, numbers as numbers. */
#include <ctype.h>
#include <stdbool.h>
#include <string.h>

#include "vuln/version.h"

#define GEM_MAX_SEGS 128

typedef struct {
    const char *p;
    size_t n;
    bool num;
} seg;

static bool is_zero(const seg *s)
{
    if (!s->num)
        return false;
    for (size_t i = 0; i < s->n; i++)
        if (s->p[i] != '0')
            return false;
    return true;
}

/* Split into canonical segments; returns the count. Past GEM_MAX_SEGS the rest is
 * ignored (no gem has such a version; the ordering stays deterministic). */
static size_t segments(const char *v, seg *out)
{
    size_t k = 0;
    while (*v == ' ' || *v == '\t')
        v++;
    for (const char *p = v; *p && k < GEM_MAX_SEGS;) {
        if (isdigit((unsigned char)*p)) {
            const char *s = p;
            while (isdigit((unsigned char)*p))
                p++;
            out[k++] = (seg){s, (size_t)(p - s), true};
        } else if (isalpha((unsigned char)*p)) {
            const char *s = p;
            while (isalpha((unsigned char)*p))
                p++;
            out[k++] = (seg){s, (size_t)(p - s), false};
        } else {
            if (*p == '-')
                out[k++] = (seg){"pre", 3, false};
            p++;
        }
    }
    /* Trailing zeros go, in the numeric prefix and in the rest. */
    size_t first_str = k;
    for (size_t i = 0; i < k; i++)
        if (!out[i].num) {
            first_str = i;
            break;
        }
    size_t m = first_str;
    while (m > 0 && is_zero(&out[m - 1]))
        m--;
    size_t rest = k;
    while (rest > first_str && is_zero(&out[rest - 1]))
        rest--;
    if (m != first_str)
        memmove(out + m, out + first_str, (rest - first_str) * sizeof *out);
    return m + (rest - first_str);
}

int dd_vercmp_gem(const char *a, const char *b)
{
    if (strcmp(a, b) == 0)
        return 0;
    seg x[GEM_MAX_SEGS], y[GEM_MAX_SEGS];
    size_t nx = segments(a, x), ny = segments(b, y);
    static const seg zero = {"0", 1, true};
    size_t n = nx > ny ? nx : ny;
    for (size_t i = 0; i < n; i++) {
        const seg *l = i < nx ? &x[i] : &zero, *r = i < ny ? &y[i] : &zero;
        int c;
        if (l->num && r->num) {
            c = dd_vercmp_digits(l->p, l->n, r->p, r->n);
        } else if (l->num != r->num) {
            c = l->num ? 1 : -1;
        } else {
            c = memcmp(l->p, r->p, l->n < r->n ? l->n : r->n);
            if (c == 0 && l->n != r->n)
                c = l->n < r->n ? -1 : 1;
        }
        if (c)
            return c < 0 ? -1 : 1;
    }
    return 0;
}

/* Gem::Version::ANCHORED_VERSION_PATTERN:
 *   \s*([0-9]+(\.[0-9a-zA-Z]+)*(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?)?\s* */
bool dd_version_gem_valid(const char *v)
{
    const char *p = v;
    while (isspace((unsigned char)*p))
        p++;
    if (!isdigit((unsigned char)*p))
        return false;
    while (isdigit((unsigned char)*p))
        p++;
    while (*p == '.' && isalnum((unsigned char)p[1])) {
        p++;
        while (isalnum((unsigned char)*p))
            p++;
    }
    if (*p == '-') {
        do {
            p++;
            if (!isalnum((unsigned char)*p) && *p != '-')
                return false;
            while (isalnum((unsigned char)*p) || *p == '-')
                p++;
        } while (*p == '.');
    }
    while (isspace((unsigned char)*p))
        p++;
    return *p == '\0';
}
