#include "bench/mode.h"

#include <stdio.h>

int dd_mode_parse(const char *s, unsigned *out)
{
    if (!s || !*s)
        return -1;
    /* Skip redundant leading zeros so "00644" is 644, but keep one digit for "0". */
    while (s[0] == '0' && s[1] != '\0')
        s++;
    unsigned v = 0;
    size_t n = 0;
    for (; *s; s++, n++) {
        if (*s < '0' || *s > '7' || n >= 4)
            return -1;
        v = v * 8 + (unsigned)(*s - '0');
    }
    if (v > DD_MODE_MASK)
        return -1;
    *out = v;
    return 0;
}

char *dd_mode_format(unsigned mode, char *buf, size_t size)
{
    snprintf(buf, size, "%03o", mode & DD_MODE_MASK);
    return buf;
}
