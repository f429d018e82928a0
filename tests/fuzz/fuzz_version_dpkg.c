/* The dpkg version comparator on arbitrary bytes: "A\nB". Never crashes, and is a
 * consistent ordering on what it gets: cmp(a, a) == 0 and sign(cmp(a, b)) ==
 * -sign(cmp(b, a)). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vuln/version.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int sgn(int x)
{
    return (x > 0) - (x < 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 4096)
        return 0;
    char *buf = malloc(size + 1);
    if (!buf)
        return 0;
    memcpy(buf, data, size);
    buf[size] = '\0';
    char *b = strchr(buf, '\n');
    if (b)
        *b++ = '\0';
    else
        b = buf + size;
    if (dd_vercmp_dpkg(buf, buf) != 0 || dd_vercmp_dpkg(b, b) != 0)
        abort();
    if (sgn(dd_vercmp_dpkg(buf, b)) != -sgn(dd_vercmp_dpkg(b, buf)))
        abort();
    free(buf);
    return 0;
}
