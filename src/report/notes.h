/* Notes: what the user must be told that is neither a finding nor an error ("a file too
 * big to read", "rpm database in NDB format", "the vulnerability database is 9 days
 * old"). One list of unique strings; the package lists and the report both keep one.
 *
 * Ownership: the array owns every string added; dd_notes_free() releases them. */
#pragma once
#include <stdarg.h>
#include <stddef.h>

/* Add `s` (taken over) unless an equal string is there (then `s` is freed). */
void dd_notes_add(char ***v, size_t *n, size_t *cap, char *s);
/* The same, formatted. */
void dd_notes_vadd(char ***v, size_t *n, size_t *cap, const char *fmt, va_list ap)
    __attribute__((format(printf, 4, 0)));
void dd_notes_free(char **v, size_t n);
