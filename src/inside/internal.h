/* Shared between the files of src/inside (not part of its interface). */
#pragma once
#include <stddef.h>

#include "core/buf.h"
#include "inside/inside.h"

/* Read root+path whole into b (bounded); -1 with errno when it cannot be read. */
int dd_inside_read(const char *root, const char *path, dd_buf *b);
/* Parse /proc/self/mountinfo text; the caller frees with dd_inside_mounts_free. */
int dd_inside_parse_mountinfo(const char *text, dd_inside_mount **out, size_t *nout);
void dd_inside_mounts_free(dd_inside_mount *m, size_t n);
/* qsort comparator for an array of char*. */
int dd_inside_strcmp_p(const void *a, const void *b);
