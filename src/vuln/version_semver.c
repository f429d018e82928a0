/* SemVer 2.0.0 precedence (npm) and Go module versions (golang.org/x/mod/semver). */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "vuln/version.h"

typedef struct {
    const char *num[3];
    size_t nlen[3];
    const char *pre; /* NULL: no prerelease */
    size_t prelen;
    bool valid; /* strictly valid in the Go sense (checked only when asked) */
} semver;

static bool is_ident_char(char c)
{
    return isalnum((unsigned char)c) || c == '-';
}

/* Parse leniently; `strict_go` also validates Go's rules into ->valid. */
static void parse(const char *s, semver *v, bool strict_go)
{
    memset(v, 0, sizeof *v);
    v->valid = true;
    while (*s == ' ' || *s == '\t')
        s++;
    if (strict_go) {
        if (*s != 'v')
            v->valid = false;
        else
            s++;
    } else {
        while (*s == 'v' || *s == 'V' || *s == '=')
            s++;
    }
    int parts = 0;
    for (int i = 0; i < 3; i++) {
        const char *d = s;
        while (isdigit((unsigned char)*s))
            s++;
        v->num[i] = d;
        v->nlen[i] = (size_t)(s - d);
        if (s == d)
            v->valid = false;
        else if (*d == '0' && s - d > 1)
            v->valid = false; /* leading zero */
        parts++;
        if (i < 2 && *s == '.')
            s++;
        else
            break;
    }
    /* Go accepts the shorthands v1 and v1.2 only without prerelease or build. */
    if (parts < 3 && (*s == '-' || *s == '+'))
        v->valid = false;
    if (*s == '-') {
        s++;
        v->pre = s;
        while (*s && *s != '+')
            s++;
        v->prelen = (size_t)(s - v->pre);
        if (strict_go) {
            /* Identifiers: non-empty, [0-9A-Za-z-], numeric ones without leading zeros. */
            const char *p = v->pre, *e = s;
            if (p == e)
                v->valid = false;
            while (p < e) {
                const char *q = p;
                bool num = true;
                while (q < e && *q != '.') {
                    if (!is_ident_char(*q))
                        v->valid = false;
                    if (!isdigit((unsigned char)*q))
                        num = false;
                    q++;
                }
                if (q == p || (num && *p == '0' && q - p > 1))
                    v->valid = false;
                p = q < e ? q + 1 : q;
                if (q < e && p == e)
                    v->valid = false;
            }
        }
    }
    if (*s == '+') {
        s++;
        if (strict_go) {
            if (!*s)
                v->valid = false;
            for (; *s; s++)
                if (!is_ident_char(*s) && *s != '.')
                    v->valid = false;
        } else {
            s += strlen(s);
        }
    }
    if (*s && strict_go)
        v->valid = false;
}

static bool all_digits(const char *p, size_t n)
{
    if (!n)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!isdigit((unsigned char)p[i]))
            return false;
    return true;
}

static int cmp_pre(const semver *a, const semver *b)
{
    if (!a->pre && !b->pre)
        return 0;
    if (!a->pre)
        return 1; /* a release is newer than its prereleases */
    if (!b->pre)
        return -1;
    const char *p = a->pre, *pe = a->pre + a->prelen;
    const char *q = b->pre, *qe = b->pre + b->prelen;
    while (p < pe && q < qe) {
        const char *pn = memchr(p, '.', (size_t)(pe - p));
        const char *qn = memchr(q, '.', (size_t)(qe - q));
        if (!pn)
            pn = pe;
        if (!qn)
            qn = qe;
        size_t pl = (size_t)(pn - p), ql = (size_t)(qn - q);
        bool pd = all_digits(p, pl), qd = all_digits(q, ql);
        int c;
        if (pd && qd) {
            c = dd_vercmp_digits(p, pl, q, ql);
        } else if (pd || qd) {
            c = pd ? -1 : 1; /* numeric identifiers sort before alphanumeric ones */
        } else {
            c = memcmp(p, q, pl < ql ? pl : ql);
            if (c == 0 && pl != ql)
                c = pl < ql ? -1 : 1;
        }
        if (c)
            return c < 0 ? -1 : 1;
        p = pn < pe ? pn + 1 : pe;
        q = qn < qe ? qn + 1 : qe;
    }
    if (p < pe)
        return 1; /* more identifiers: newer */
    if (q < qe)
        return -1;
    return 0;
}

static int cmp_parsed(const semver *a, const semver *b)
{
    for (int i = 0; i < 3; i++) {
        int c = dd_vercmp_digits(a->num[i], a->nlen[i], b->num[i], b->nlen[i]);
        if (c)
            return c;
    }
    return cmp_pre(a, b);
}

int dd_vercmp_semver(const char *a, const char *b)
{
    semver x, y;
    parse(a, &x, false);
    parse(b, &y, false);
    return cmp_parsed(&x, &y);
}

int dd_vercmp_go(const char *a, const char *b)
{
    semver x, y;
    parse(a, &x, true);
    parse(b, &y, true);
    if (!x.valid || !y.valid)
        return (int)x.valid - (int)y.valid;
    return cmp_parsed(&x, &y);
}

bool dd_version_go_valid(const char *v)
{
    semver x;
    parse(v, &x, true);
    return x.valid;
}

/* Go toolchain tags as golang.org/x/vuln's GoTagToSemver reads them:
 * go(\d+)(.\d+)?(.\d+)?((beta|rc)\d+)? -> "v1.21.0-rc.2" (missing parts are 0). The Go
 * vulnerability database writes toolchain releases as that semver without the "v". */
static bool go_tag(const char *s, char *buf, size_t n)
{
    if (strncmp(s, "go", 2) != 0)
        return false;
    const char *p = s + 2;
    const char *num[3] = {"0", "0", "0"};
    int len[3] = {1, 1, 1};
    for (int i = 0; i < 3; i++) {
        if (i > 0) {
            if (*p != '.')
                break;
            p++;
        }
        const char *d = p;
        while (isdigit((unsigned char)*p))
            p++;
        if (p == d || p - d > 64)
            return false;
        num[i] = d;
        len[i] = (int)(p - d);
    }
    const char *pre = NULL;
    int prelen = 0, prenum = 0;
    if (strncmp(p, "rc", 2) == 0 || strncmp(p, "beta", 4) == 0) {
        pre = p;
        prelen = p[0] == 'r' ? 2 : 4;
        while (isdigit((unsigned char)p[prelen + prenum]) && prenum < 64)
            prenum++;
        if (!prenum)
            return false;
        p += prelen + prenum;
    }
    if (*p && *p != ' ')
        return false;
    int w =
        pre ? snprintf(buf, n, "v%.*s.%.*s.%.*s-%.*s.%.*s", len[0], num[0], len[1], num[1], len[2],
                       num[2], prelen, pre, prenum, pre + prelen)
            : snprintf(buf, n, "v%.*s.%.*s.%.*s", len[0], num[0], len[1], num[1], len[2], num[2]);
    return w > 0 && (size_t)w < n;
}

const char *dd_go_canonical(const char *s, char *buf, size_t n)
{
    if (!s || s[0] == 'v')
        return s;
    if (go_tag(s, buf, n))
        return buf;
    if (!isdigit((unsigned char)s[0]))
        return s; /* "(devel)", "" and the like stay invalid */
    int w = snprintf(buf, n, "v%s", s);
    return w > 0 && (size_t)w < n ? buf : s;
}

int dd_vercmp_go_any(const char *a, const char *b)
{
    char ba[320], bb[320];
    return dd_vercmp_go(dd_go_canonical(a, ba, sizeof ba), dd_go_canonical(b, bb, sizeof bb));
}

bool dd_version_go_any_valid(const char *v)
{
    char b[320];
    return dd_version_go_valid(dd_go_canonical(v, b, sizeof b));
}
