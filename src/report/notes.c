#include "report/notes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/mem.h"

void dd_notes_add(char ***v, size_t *n, size_t *cap, char *s)
{
    for (size_t i = 0; i < *n; i++)
        if (strcmp((*v)[i], s) == 0) {
            free(s);
            return;
        }
    *v = dd_xgrow(*v, cap, *n + 1, sizeof **v);
    (*v)[(*n)++] = s;
}

void dd_notes_vadd(char ***v, size_t *n, size_t *cap, const char *fmt, va_list ap)
{
    char *s = NULL;
    if (vasprintf(&s, fmt, ap) < 0)
        abort();
    dd_notes_add(v, n, cap, s);
}

void dd_notes_free(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}
