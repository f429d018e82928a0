/* Errors are values: a failing function fills a dd_error and returns -1 (or NULL).
 * Callers add context with dd_error_prefix() and pass it up; only main prints it.
 * A dd_error owns no heap memory, so it never needs freeing. */
#pragma once
#include <stdarg.h>
#include <stddef.h>

/* What kind of failure this is decides the exit code in main. */
typedef enum {
    DD_ERR_NONE = 0,
    DD_ERR_RUN,   /* could not do the job: daemon unreachable, unreadable input (exit 3) */
    DD_ERR_USAGE, /* bad command line (exit 2) */
    DD_ERR_INPUT, /* malformed untrusted input; also exit 3, named as input */
} dd_error_kind;

typedef struct dd_error {
    dd_error_kind kind;
    int errnum; /* errno when the cause was a system call, else 0 */
    char msg[2048];
    char hint[512]; /* what the user can do about it, may be empty */
} dd_error;

/* Set the error; always returns -1 so callers can `return dd_error_set(...)`. */
int dd_error_set(dd_error *e, dd_error_kind kind, int errnum, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Set from errno with a message; appends strerror(errnum). Returns -1. */
int dd_error_sys(dd_error *e, int errnum, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Prepend context: "context: previous message". Returns -1. */
int dd_error_prefix(dd_error *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int dd_error_hint(dd_error *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void dd_error_clear(dd_error *e);
