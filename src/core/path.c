#include "core/path.h"

#include <string.h>

int dd_path_normalise(const char *name, char *out, bool clamp, size_t max_depth)
{
    size_t o = 0, depth = 0;
    const char *p = name;
    while (*p) {
        const char *s = strchr(p, '/');
        size_t len = s ? (size_t)(s - p) : strlen(p);
        if (len == 0 || (len == 1 && p[0] == '.')) {
            /* "//" and "/./" mean nothing */
        } else if (len == 2 && p[0] == '.' && p[1] == '.') {
            if (o == 0 && !clamp)
                return -1;
            while (o > 0 && out[o - 1] != '/')
                o--;
            if (o > 0)
                o--; /* the '/' before the dropped component */
            if (depth)
                depth--;
        } else {
            if (max_depth && ++depth > max_depth)
                return -2;
            if (o > 0)
                out[o++] = '/';
            memcpy(out + o, p, len);
            o += len;
        }
        p += len;
        if (*p == '/')
            p++;
    }
    out[o] = '\0';
    return 0;
}
