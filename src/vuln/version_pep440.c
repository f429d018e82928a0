/* PEP 440 version ordering (PyPI):
 *   [N!]N(.N)*[{a|b|rc}N][.postN][.devN][+local]
 * with the spec's normalisations. Ordering key, in order: epoch; release with trailing
 * zeros ignored; pre-release (a "dev only" release sorts before its pre-releases, a
 * final release after them); post-release (none first); dev-release (none last); local
 * version (none first; numeric segments newer than alphanumeric ones). */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "vuln/version.h"

#define MAX_RELEASE 64
#define MAX_LOCAL 32

typedef struct {
    const char *p;
    size_t n;
} span;

typedef struct {
    bool valid;
    span epoch;
    span rel[MAX_RELEASE];
    int nrel;
    int pre_kind; /* -1 none, 0 a, 1 b, 2 rc */
    span pre_num;
    bool has_post;
    span post_num;
    bool has_dev;
    span dev_num;
    span local[MAX_LOCAL];
    int nlocal;
    bool has_local;
} pep440;

static bool is_sep(char c)
{
    return c == '.' || c == '-' || c == '_';
}

static bool word(const char **s, const char *w)
{
    size_t n = strlen(w);
    if (strncasecmp(*s, w, n) == 0) {
        *s += n;
        return true;
    }
    return false;
}

static span digits(const char **s)
{
    span r = {*s, 0};
    while (isdigit((unsigned char)**s))
        (*s)++;
    r.n = (size_t)(*s - r.p);
    return r;
}

static void parse(const char *s, pep440 *v)
{
    memset(v, 0, sizeof *v);
    v->pre_kind = -1;
    while (isspace((unsigned char)*s))
        s++;
    if (*s == 'v' || *s == 'V')
        s++;
    const char *p = s;
    span d = digits(&p);
    if (d.n && *p == '!') {
        v->epoch = d;
        s = p + 1;
    }
    for (;;) {
        span r = digits(&s);
        if (!r.n)
            return; /* invalid: release must be N(.N)* */
        if (v->nrel < MAX_RELEASE)
            v->rel[v->nrel++] = r;
        else
            return;
        if (*s == '.' && isdigit((unsigned char)s[1]))
            s++;
        else
            break;
    }
    /* pre-release */
    p = s;
    if (is_sep(*p))
        p++;
    static const struct {
        const char *w;
        int kind;
    } pre_words[] = {{"preview", 2}, {"alpha", 0}, {"beta", 1}, {"pre", 2},
                     {"rc", 2},      {"a", 0},     {"b", 1},    {"c", 2}};
    for (size_t i = 0; i < sizeof pre_words / sizeof pre_words[0]; i++) {
        if (word(&p, pre_words[i].w)) {
            v->pre_kind = pre_words[i].kind;
            const char *q = p;
            if (is_sep(*q))
                q++;
            span n = digits(&q);
            if (n.n) {
                v->pre_num = n;
                p = q;
            }
            s = p;
            break;
        }
    }
    /* post-release: ".post1", "-r1", "rev1", or the implicit "-1" */
    p = s;
    if (*p == '-' && isdigit((unsigned char)p[1])) {
        p++;
        v->has_post = true;
        v->post_num = digits(&p);
        s = p;
    } else {
        if (is_sep(*p))
            p++;
        if (word(&p, "post") || word(&p, "rev") || word(&p, "r")) {
            v->has_post = true;
            const char *q = p;
            if (is_sep(*q))
                q++;
            span n = digits(&q);
            if (n.n) {
                v->post_num = n;
                p = q;
            }
            s = p;
        }
    }
    /* dev-release */
    p = s;
    if (is_sep(*p))
        p++;
    if (word(&p, "dev")) {
        v->has_dev = true;
        const char *q = p;
        if (is_sep(*q))
            q++;
        span n = digits(&q);
        if (n.n) {
            v->dev_num = n;
            p = q;
        }
        s = p;
    }
    if (*s == '+') {
        s++;
        v->has_local = true;
        for (;;) {
            span seg = {s, 0};
            while (isalnum((unsigned char)*s))
                s++;
            seg.n = (size_t)(s - seg.p);
            if (!seg.n || v->nlocal >= MAX_LOCAL)
                return;
            v->local[v->nlocal++] = seg;
            if (is_sep(*s) && isalnum((unsigned char)s[1]))
                s++;
            else
                break;
        }
    }
    while (isspace((unsigned char)*s))
        s++;
    v->valid = *s == '\0';
}

static int num(span a, span b)
{
    return dd_vercmp_digits(a.p, a.n, b.p, b.n);
}

static bool all_digits(span a)
{
    for (size_t i = 0; i < a.n; i++)
        if (!isdigit((unsigned char)a.p[i]))
            return false;
    return a.n > 0;
}

/* Pre-release rank: -1 for a dev-only release, 0..2 for a/b/rc, 3 for none. */
static int pre_rank(const pep440 *v)
{
    if (v->pre_kind < 0)
        return (!v->has_post && v->has_dev) ? -1 : 3;
    return v->pre_kind;
}

static int cmp_valid(const pep440 *a, const pep440 *b)
{
    int c = num(a->epoch, b->epoch);
    if (c)
        return c;
    int n = a->nrel > b->nrel ? a->nrel : b->nrel;
    for (int i = 0; i < n; i++) {
        span x = i < a->nrel ? a->rel[i] : (span){"", 0};
        span y = i < b->nrel ? b->rel[i] : (span){"", 0};
        if ((c = num(x, y)))
            return c;
    }
    int ra = pre_rank(a), rb = pre_rank(b);
    if (ra != rb)
        return ra < rb ? -1 : 1;
    if (ra >= 0 && ra <= 2 && (c = num(a->pre_num, b->pre_num)))
        return c;
    if (a->has_post != b->has_post)
        return a->has_post ? 1 : -1;
    if (a->has_post && (c = num(a->post_num, b->post_num)))
        return c;
    if (a->has_dev != b->has_dev)
        return a->has_dev ? -1 : 1;
    if (a->has_dev && (c = num(a->dev_num, b->dev_num)))
        return c;
    if (a->has_local != b->has_local)
        return a->has_local ? 1 : -1;
    for (int i = 0; i < a->nlocal && i < b->nlocal; i++) {
        span x = a->local[i], y = b->local[i];
        bool xd = all_digits(x), yd = all_digits(y);
        if (xd && yd)
            c = num(x, y);
        else if (xd || yd)
            c = xd ? 1 : -1;
        else {
            size_t m = x.n < y.n ? x.n : y.n;
            c = strncasecmp(x.p, y.p, m);
            if (!c && x.n != y.n)
                c = x.n < y.n ? -1 : 1;
        }
        if (c)
            return c < 0 ? -1 : 1;
    }
    if (a->nlocal != b->nlocal)
        return a->nlocal < b->nlocal ? -1 : 1;
    return 0;
}

bool dd_version_pep440_valid(const char *s)
{
    pep440 v;
    parse(s, &v);
    return v.valid;
}

int dd_vercmp_pep440(const char *a, const char *b)
{
    pep440 x, y;
    parse(a, &x);
    parse(b, &y);
    if (!x.valid || !y.valid) {
        if (x.valid != y.valid)
            return x.valid ? 1 : -1;
        int c = strcmp(a, b);
        return (c > 0) - (c < 0);
    }
    return cmp_valid(&x, &y);
}
