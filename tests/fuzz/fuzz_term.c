/* Fuzz core/term: any bytes (a file name in an image, a Dockerfile line, a feed's title)
 * escaped for a terminal. What comes out must hold no control character (C0 but tab, DEL,
 * C1) and only valid UTF-8, whatever went in; with `lines`, newlines only where the input
 * had them. dd_term_append reads counted bytes: an exact-size copy, so a read past them
 * is a report; its output holds no NUL either. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/term.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const unsigned char *s, size_t n, int lines)
{
    for (size_t i = 0; i < n;) {
        unsigned char c = s[i];
        if (c < 0x20 && c != '\t' && !(lines && c == '\n'))
            abort();
        if (c == 0x7f)
            abort();
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t len = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 ? 2 : 0;
        if (!len || i + len > n)
            abort();
        for (size_t k = 1; k < len; k++)
            if ((s[i + k] & 0xc0) != 0x80)
                abort();
        if (c == 0xc2 && s[i + 1] < 0xa0) /* C1 */
            abort();
        i += len;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *in = malloc(size + 1);
    memcpy(in, data, size);
    in[size] = '\0';
    char *out = dd_term_escape(in);
    check((const unsigned char *)out, strlen(out), 0);
    free(out);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    dd_term_write(f, in, true);
    fclose(f);
    check((const unsigned char *)buf, len, 1);
    free(buf);
    free(in);

    char *exact = malloc(size ? size : 1);
    memcpy(exact, data, size);
    dd_buf b = DD_BUF_INIT;
    dd_term_append(&b, exact, size);
    if (b.data && strlen(b.data) != b.len)
        abort();
    check((const unsigned char *)(b.data ? b.data : ""), b.len, 0);
    dd_buf_free(&b);
    free(exact);
    return 0;
}
