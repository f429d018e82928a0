/* A growable byte buffer, always NUL-terminated. The buffer owns `data`;
 * dd_buf_steal() hands it to the caller, dd_buf_free() releases it. */
#pragma once
#include <stdarg.h>
#include <stddef.h>

typedef struct dd_buf {
    char *data;
    size_t len;
    size_t cap;
} dd_buf;

#define DD_BUF_INIT                                                                                \
    {                                                                                              \
        NULL, 0, 0                                                                                 \
    }

void dd_buf_append(dd_buf *b, const void *p, size_t n);
void dd_buf_puts(dd_buf *b, const char *s);
void dd_buf_putc(dd_buf *b, char c);
void dd_buf_printf(dd_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void dd_buf_vprintf(dd_buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
void dd_buf_reset(dd_buf *b);
char *dd_buf_steal(dd_buf *b);
void dd_buf_free(dd_buf *b);
/* Append everything left to read from `fd`, refusing more than `max` bytes in all (b->len
 * included). Returns -1 and sets errno (EFBIG when too large). */
int dd_buf_read_fd(dd_buf *b, int fd, size_t max);
/* Read a whole regular file the user named (core/rootfile.h: dd_file_open), refusing
 * anything larger than `max` bytes. Returns -1 and sets errno (EFBIG when too large,
 * DD_ENOTREG for a FIFO, device or directory: those are never read, so never block). */
int dd_buf_read_file(dd_buf *b, const char *path, size_t max);

static inline void dd_buf_freep(dd_buf *b)
{
    dd_buf_free(b);
}
#define _cleanup_buf_ __attribute__((cleanup(dd_buf_freep)))
