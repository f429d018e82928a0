/* .gitignore patterns and globs. */
#include "repo/gitignore.h"

#include <stdlib.h>
#include <string.h>

#include "core/mem.h"

#define MAX_LINES   10000
#define MAX_PATTERN 4096
/* Steps one match may take: hostile patterns ("*a*a*a*a*b") stop here, unmatched. */
#define GLOB_BUDGET 200000u

static bool class_match(const char **gp, char c)
{
    const char *g = *gp + 1;
    bool neg = *g == '!' || *g == '^';
    if (neg)
        g++;
    bool hit = false;
    bool first = true;
    while (*g && (*g != ']' || first)) {
        first = false;
        char lo = *g, hi = *g;
        if (*g == '\\' && g[1])
            lo = hi = *++g;
        if (g[1] == '-' && g[2] && g[2] != ']') {
            hi = g[2];
            if (hi == '\\' && g[3])
                hi = g[3], g++;
            g += 2;
        }
        if (c >= lo && c <= hi)
            hit = true;
        g++;
    }
    if (*g != ']')
        return false; /* unterminated: matches nothing */
    *gp = g + 1;
    return hit != neg;
}

static int gm(const char *start, const char *g, const char *p, unsigned *budget)
{
    for (;;) {
        if (*budget == 0)
            return -1;
        (*budget)--;
        if (!*g)
            return !*p;
        if (g[0] == '*' && g[1] == '*' && (g == start || g[-1] == '/') && (g[2] == '/' || !g[2])) {
            if (!g[2])
                return 1; /* trailing "**": everything below */
            g += 3;
            for (const char *q = p;;) {
                int r = gm(start, g, q, budget);
                if (r)
                    return r;
                q = strchr(q, '/');
                if (!q)
                    return 0;
                q++;
            }
        }
        if (*g == '*') {
            while (*g == '*')
                g++;
            for (const char *q = p;; q++) {
                int r = gm(start, g, q, budget);
                if (r)
                    return r;
                if (!*q || *q == '/')
                    return 0;
            }
        }
        if (!*p)
            return 0;
        if (*g == '?') {
            if (*p == '/')
                return 0;
            g++;
            p++;
            continue;
        }
        if (*g == '[') {
            if (*p == '/' || !class_match(&g, *p))
                return 0;
            p++;
            continue;
        }
        if (*g == '\\' && g[1])
            g++;
        if (*g != *p)
            return 0;
        g++;
        p++;
    }
}

bool dd_glob_match(const char *glob, const char *path)
{
    unsigned budget = GLOB_BUDGET;
    return gm(glob, glob, path, &budget) == 1;
}

bool dd_skip_match(const char *pattern, const char *path)
{
    while (pattern[0] == '.' && pattern[1] == '/')
        pattern += 2;
    size_t pl = strlen(pattern);
    /* "dir/" means the same as "dir" */
    char buf[MAX_PATTERN];
    if (pl && pl < sizeof buf && pattern[pl - 1] == '/') {
        memcpy(buf, pattern, pl - 1);
        buf[pl - 1] = '\0';
        pattern = buf;
    }
    if (dd_glob_match(pattern, path))
        return true;
    if (strchr(pattern, '/'))
        return false;
    const char *base = strrchr(path, '/');
    return dd_glob_match(pattern, base ? base + 1 : path);
}

void dd_gitignore_add(dd_gitignore *ig, const char *base, size_t depth, const char *data,
                      size_t len)
{
    const char *p = data, *end = data + len;
    for (size_t line = 0; p < end && line < MAX_LINES; line++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        const char *s = p;
        p += n + (nl ? 1 : 0);
        if (n && s[n - 1] == '\r')
            n--;
        /* trailing blanks go, unless escaped */
        while (n && s[n - 1] == ' ' && !(n >= 2 && s[n - 2] == '\\'))
            n--;
        if (!n || s[0] == '#' || n >= MAX_PATTERN)
            continue;
        dd_gitignore_pat pat = {0};
        if (s[0] == '!') {
            pat.negate = true;
            s++;
            n--;
        } else if (s[0] == '\\' && n > 1 && (s[1] == '!' || s[1] == '#')) {
            s++;
            n--;
        }
        if (n && s[n - 1] == '/') {
            pat.dir_only = true;
            n--;
        }
        if (!n)
            continue;
        /* A '/' anywhere but at the end anchors the pattern to its directory. */
        pat.anchored = memchr(s, '/', n) != NULL;
        if (s[0] == '/') {
            s++;
            n--;
        }
        if (!n)
            continue;
        pat.glob = dd_xstrndup(s, n);
        pat.base = dd_xstrdup(base);
        pat.depth = depth;
        ig->v = dd_xgrow(ig->v, &ig->cap, ig->n + 1, sizeof *ig->v);
        ig->v[ig->n++] = pat;
    }
}

void dd_gitignore_pop(dd_gitignore *ig, size_t depth)
{
    while (ig->n && ig->v[ig->n - 1].depth >= depth) {
        ig->n--;
        free(ig->v[ig->n].glob);
        free(ig->v[ig->n].base);
    }
}

bool dd_gitignore_match(const dd_gitignore *ig, const char *path, bool is_dir)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    for (size_t i = ig->n; i-- > 0;) {
        const dd_gitignore_pat *pt = &ig->v[i];
        if (pt->dir_only && !is_dir)
            continue;
        const char *rel = path;
        size_t bl = strlen(pt->base);
        if (bl) {
            if (strncmp(path, pt->base, bl) != 0 || path[bl] != '/')
                continue;
            rel = path + bl + 1;
        }
        if (pt->anchored ? dd_glob_match(pt->glob, rel) : dd_glob_match(pt->glob, base))
            return !pt->negate;
    }
    return false;
}

void dd_gitignore_free(dd_gitignore *ig)
{
    dd_gitignore_pop(ig, 0);
    free(ig->v);
    ig->v = NULL;
    ig->n = ig->cap = 0;
}
