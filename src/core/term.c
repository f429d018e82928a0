#include "core/term.h"

#include <string.h>

#include "core/buf.h"

/* Length of the valid UTF-8 sequence at s (1-4, within `left` bytes), or 0 when it is
 * not one. Overlong forms, surrogates and code points above U+10FFFF are not valid. */
size_t dd_utf8_len(const unsigned char *s, size_t left)
{
    unsigned char c = s[0];
    size_t n;
    unsigned min;
    unsigned cp;
    if (c >= 0xc2 && c <= 0xdf)
        n = 2, min = 0x80, cp = c & 0x1f;
    else if (c >= 0xe0 && c <= 0xef)
        n = 3, min = 0x800, cp = c & 0x0f;
    else if (c >= 0xf0 && c <= 0xf4)
        n = 4, min = 0x10000, cp = c & 0x07;
    else
        return 0;
    if (n > left)
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
        return 0;
    /* C1 controls (CSI is U+009B) act on terminals that honour them. */
    if (cp >= 0x80 && cp <= 0x9f)
        return 0;
    return n;
}

/* Calls emit(ud, bytes, n) for the escaped form of the `len` bytes at s. */
static void escape(const char *s, size_t len, bool lines,
                   void (*emit)(void *, const char *, size_t), void *ud)
{
    const unsigned char *p = (const unsigned char *)s, *run = p, *end = p + len;
    while (p < end) {
        unsigned char c = *p;
        if ((c >= 0x20 && c < 0x7f) || c == '\t' || (c == '\n' && lines)) {
            p++;
            continue;
        }
        size_t n = c >= 0x80 ? dd_utf8_len(p, (size_t)(end - p)) : 0;
        if (n) {
            p += n;
            continue;
        }
        if (p > run)
            emit(ud, (const char *)run, (size_t)(p - run));
        char hex[5];
        static const char digits[] = "0123456789abcdef";
        hex[0] = '\\', hex[1] = 'x', hex[2] = digits[c >> 4], hex[3] = digits[c & 15];
        emit(ud, hex, 4);
        run = ++p;
    }
    if (p > run)
        emit(ud, (const char *)run, (size_t)(p - run));
}

static void emit_file(void *ud, const char *s, size_t n)
{
    fwrite(s, 1, n, (FILE *)ud);
}

static void emit_buf(void *ud, const char *s, size_t n)
{
    dd_buf_append((dd_buf *)ud, s, n);
}

void dd_term_write(FILE *out, const char *s, bool lines)
{
    if (s)
        escape(s, strlen(s), lines, emit_file, out);
}

char *dd_term_escape(const char *s)
{
    dd_buf b = DD_BUF_INIT;
    dd_buf_puts(&b, "");
    if (s)
        escape(s, strlen(s), false, emit_buf, &b);
    return dd_buf_steal(&b);
}

void dd_term_append(dd_buf *out, const char *s, size_t n)
{
    escape(s, n, false, emit_buf, out);
}
