/* Allocation that never returns NULL: out of memory aborts, as in jq and git.
 * Every pointer returned is owned by the caller and released with free(). */
#pragma once
#include <stddef.h>

void *dd_xmalloc(size_t n);
void *dd_xcalloc(size_t n, size_t size);
void *dd_xrealloc(void *p, size_t n);
/* Grow an array to hold at least `need` elements of `size` bytes; *cap is updated. */
void *dd_xgrow(void *p, size_t *cap, size_t need, size_t size);
char *dd_xstrdup(const char *s);         /* NULL in, NULL out */
char *dd_xstrndup(const char *s, size_t n);
char *dd_xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
