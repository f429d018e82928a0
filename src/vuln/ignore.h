/* The .drydockignore file: accepted vulnerabilities, one per line:
 *
 *   CVE-2023-4911 pkg:libc6 exp:2025-12-31  # reason, kept for the record
 *   GHSA-xxxx-yyyy-zzzz                     # every package
 *
 * An id (CVE-, GHSA-, DSA-, any advisory id), then optional `pkg:NAME` (the binary or
 * source package; without it every package), optional `exp:YYYY-MM-DD` (the entry
 * stops hiding findings after that day, and the finding says so), and an optional
 * `# reason`. Blank lines and lines starting with '#' are comments.
 *
 * Ownership: dd_ignore_list owns its entries; dd_ignore_free() releases them. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "core/error.h"

typedef struct dd_ignore_entry {
    char *id;
    char *pkg;     /* NULL: any package */
    char *expires; /* "YYYY-MM-DD" or NULL */
    char *reason;  /* NULL when none */
    int line;
    bool expired;
} dd_ignore_entry;

typedef struct dd_ignore_list {
    dd_ignore_entry *v;
    size_t n, cap;
} dd_ignore_list;

/* Parse `text` (named `path` in errors); `today` is "YYYY-MM-DD" (UTC), tested
 * against exp: dates. */
int dd_ignore_parse(dd_ignore_list *l, const char *text, const char *path, const char *today,
                    dd_error *e);
int dd_ignore_load(dd_ignore_list *l, const char *path, dd_error *e);
/* The first entry matching (id, one of the package names), or NULL. */
const dd_ignore_entry *dd_ignore_find(const dd_ignore_list *l, const char *id, const char *pkg,
                                      const char *src_pkg);
void dd_ignore_free(dd_ignore_list *l);
