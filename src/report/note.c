#include "report/note.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/mem.h"

static bool same(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

static void add_owned(dd_notes *ns, char *limit, char *text)
{
    for (size_t i = 0; i < ns->n; i++)
        if (same(ns->v[i].limit, limit) && strcmp(ns->v[i].text, text) == 0) {
            free(limit);
            free(text);
            return;
        }
    ns->v = dd_xgrow(ns->v, &ns->cap, ns->n + 1, sizeof *ns->v);
    ns->v[ns->n++] = (dd_note){limit, text};
}

void dd_notes_add(dd_notes *ns, const char *limit, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *text = NULL;
    if (vasprintf(&text, fmt, ap) < 0)
        text = NULL;
    va_end(ap);
    if (!text)
        abort(); /* out of memory, as dd_xmalloc */
    add_owned(ns, limit ? dd_xstrdup(limit) : NULL, text);
}

void dd_notes_move(dd_notes *dst, dd_notes *src)
{
    for (size_t i = 0; i < src->n; i++)
        add_owned(dst, src->v[i].limit, src->v[i].text);
    free(src->v);
    memset(src, 0, sizeof *src);
}

void dd_notes_free(dd_notes *ns)
{
    for (size_t i = 0; i < ns->n; i++) {
        free(ns->v[i].limit);
        free(ns->v[i].text);
    }
    free(ns->v);
    memset(ns, 0, sizeof *ns);
}
