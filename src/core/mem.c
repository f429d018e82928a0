#include "core/mem.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void oom(void)
{
    fputs("drydock: out of memory\n", stderr);
    abort();
}

void *dd_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        oom();
    return p;
}

void *dd_xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p)
        oom();
    return p;
}

void *dd_xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p)
        oom();
    return p;
}

void *dd_xgrow(void *p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return p;
    size_t c = *cap ? *cap : 8;
    while (c < need) {
        if (c > ((size_t)-1) / 4 / size)
            oom();
        c *= 2;
    }
    p = dd_xrealloc(p, c * size);
    *cap = c;
    return p;
}

char *dd_xstrdup(const char *s)
{
    if (!s)
        return NULL;
    char *r = strdup(s);
    if (!r)
        oom();
    return r;
}

char *dd_xstrndup(const char *s, size_t n)
{
    char *r = strndup(s, n);
    if (!r)
        oom();
    return r;
}

char *dd_xasprintf(const char *fmt, ...)
{
    va_list ap;
    char *r = NULL;
    va_start(ap, fmt);
    int n = vasprintf(&r, fmt, ap);
    va_end(ap);
    if (n < 0)
        oom();
    return r;
}
