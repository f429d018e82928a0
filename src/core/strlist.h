/* A list written as one string with a separator ("package-lock.json|npm-shrinkwrap.json",
 * "cargo,crates.io,crates"), as tables spell small sets of names. */
#pragma once
#include <stdbool.h>
#include <string.h>
#include <strings.h>

/* Is [s, s+n) one of the items of `list`? Case-insensitive when `nocase`. */
static inline bool dd_strlist_has(const char *list, char sep, const char *s, size_t n, bool nocase)
{
    const char seps[2] = {sep, '\0'};
    for (const char *p = list; *p;) {
        size_t l = strcspn(p, seps);
        if (l == n && (nocase ? strncasecmp(p, s, n) : memcmp(p, s, n)) == 0)
            return true;
        p += l + (p[l] == sep);
    }
    return false;
}
