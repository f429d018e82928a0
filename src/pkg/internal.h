/* Helpers shared by the package readers (not part of the public interface).
 * Strings returned are owned by the caller. */
#pragma once
#include <stdbool.h>
#include <stddef.h>

#include "pkg/pkg.h"

/* Bounds every reader applies: a field we keep longer than this is hostile or broken. */
#define DD_PKG_MAX_FIELD 4096
#define DD_PKG_MAX_ENTRIES 200000 /* packages in one database */

/* Iterate over the lines of a buffer that need not be NUL-terminated. A trailing '\r'
 * is dropped. `lineno` counts from 1 for the line last returned. */
typedef struct dd_lines {
    const char *p, *end;
    size_t lineno;
} dd_lines;

void dd_lines_init(dd_lines *it, const void *data, size_t len);
bool dd_lines_next(dd_lines *it, const char **s, size_t *n);

/* Copy [s, s+n) with surrounding blanks removed; NULL when empty, longer than
 * DD_PKG_MAX_FIELD or holding a NUL byte. */
char *dd_pkg_field_dup(const char *s, size_t n);
/* Case-insensitive test that [s, s+n) is "key:"; on success *val, *vlen is the rest. */
bool dd_pkg_header(const char *s, size_t n, const char *key, const char **val, size_t *vlen);

/* Add a package with its path and layer; takes ownership of name and version. */
dd_package *dd_pkg_add_owned(dd_package_list *l, dd_pkg_type type, char *name, char *version,
                             const char *path, const char *layer);
/* Free the packages added after the list had `n0` of them. */
void dd_pkg_truncate(dd_package_list *l, size_t n0);
bool dd_str_ends(const char *s, const char *suffix);
