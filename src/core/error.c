#include "core/error.h"

#include <stdio.h>
#include <string.h>

__attribute__((format(printf, 3, 0))) static void vset(char *dst, size_t cap, const char *fmt,
                                                      va_list ap)
{
    vsnprintf(dst, cap, fmt, ap);
}

int dd_error_set(dd_error *e, dd_error_kind kind, int errnum, const char *fmt, ...)
{
    if (!e)
        return -1;
    va_list ap;
    va_start(ap, fmt);
    vset(e->msg, sizeof e->msg, fmt, ap);
    va_end(ap);
    e->kind = kind;
    e->errnum = errnum;
    e->hint[0] = '\0';
    return -1;
}

int dd_error_sys(dd_error *e, int errnum, const char *fmt, ...)
{
    if (!e)
        return -1;
    char tmp[sizeof e->msg];
    va_list ap;
    va_start(ap, fmt);
    vset(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    snprintf(e->msg, sizeof e->msg, "%s: %s", tmp, strerror(errnum));
    e->kind = DD_ERR_RUN;
    e->errnum = errnum;
    e->hint[0] = '\0';
    return -1;
}

int dd_error_prefix(dd_error *e, const char *fmt, ...)
{
    if (!e)
        return -1;
    char ctx[512];
    char old[sizeof e->msg];
    va_list ap;
    va_start(ap, fmt);
    vset(ctx, sizeof ctx, fmt, ap);
    va_end(ap);
    memcpy(old, e->msg, sizeof old);
    snprintf(e->msg, sizeof e->msg, "%s: %s", ctx, old);
    if (e->kind == DD_ERR_NONE)
        e->kind = DD_ERR_RUN;
    return -1;
}

int dd_error_hint(dd_error *e, const char *fmt, ...)
{
    if (!e)
        return -1;
    va_list ap;
    va_start(ap, fmt);
    vset(e->hint, sizeof e->hint, fmt, ap);
    va_end(ap);
    return -1;
}

void dd_error_clear(dd_error *e)
{
    if (e)
        memset(e, 0, sizeof *e);
}
