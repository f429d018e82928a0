#include "core/buf.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/mem.h"
#include "core/rootfile.h"

static void reserve(dd_buf *b, size_t extra)
{
    b->data = dd_xgrow(b->data, &b->cap, b->len + extra + 1, 1);
}

void dd_buf_append(dd_buf *b, const void *p, size_t n)
{
    reserve(b, n);
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void dd_buf_puts(dd_buf *b, const char *s)
{
    dd_buf_append(b, s, strlen(s));
}

void dd_buf_putc(dd_buf *b, char c)
{
    dd_buf_append(b, &c, 1);
}

void dd_buf_vprintf(dd_buf *b, const char *fmt, va_list ap)
{
    va_list aq;
    va_copy(aq, ap);
    int n = vsnprintf(NULL, 0, fmt, aq);
    va_end(aq);
    if (n < 0)
        return;
    reserve(b, (size_t)n);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
}

void dd_buf_printf(dd_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    dd_buf_vprintf(b, fmt, ap);
    va_end(ap);
}

void dd_buf_reset(dd_buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

char *dd_buf_steal(dd_buf *b)
{
    if (!b->data)
        reserve(b, 0), b->data[0] = '\0';
    char *r = b->data;
    b->data = NULL;
    b->len = b->cap = 0;
    return r;
}

void dd_buf_free(dd_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

int dd_buf_read_fd(dd_buf *b, int fd, size_t max)
{
    /* Read straight into the buffer's spare room: lint reads thousands of files this way. */
    for (;;) {
        if (b->cap - b->len < 65536 + 1)
            reserve(b, 65536);
        ssize_t n = read(fd, b->data + b->len, b->cap - b->len - 1);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            b->data[b->len] = '\0';
            return -1;
        }
        if (n == 0)
            break;
        b->len += (size_t)n;
        if (b->len > max) {
            b->data[b->len] = '\0';
            errno = EFBIG;
            return -1;
        }
    }
    b->data[b->len] = '\0';
    return 0;
}

int dd_buf_read_file(dd_buf *b, const char *path, size_t max)
{
    int fd = dd_file_open(path);
    if (fd < 0)
        return -1;
    int rc = dd_buf_read_fd(b, fd, max);
    int saved = errno;
    close(fd);
    errno = saved;
    return rc;
}
