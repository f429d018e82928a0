/* apk's database, lib/apk/db/installed: one "K:value" line per field, a blank line
 * between packages. P name, V version, A arch, o origin (source package), L licence,
 * m maintainer, C the package's checksum ("Q1" + base64 of a SHA-1). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/cleanup.h"
#include "core/mem.h"
#include "pkg/internal.h"
#include "pkg/readers.h"

typedef struct apk_entry {
    char *name, *version, *arch, *origin, *license, *maintainer, *checksum;
    bool any;
} apk_entry;

static void entry_clear(apk_entry *a)
{
    free(a->name);
    free(a->version);
    free(a->arch);
    free(a->origin);
    free(a->license);
    free(a->maintainer);
    free(a->checksum);
    memset(a, 0, sizeof *a);
}

/* "Q1" + base64 of 20 bytes -> 40 hex digits; NULL for anything else. */
static char *q1_hex(const char *q)
{
    static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    if (strncmp(q, "Q1", 2) != 0 || strlen(q) != 30)
        return NULL;
    unsigned char raw[21];
    size_t n = 0;
    unsigned acc = 0;
    int bits = 0;
    for (const char *p = q + 2; *p && *p != '='; p++) {
        const char *c = strchr(b64, *p);
        if (!c || !*p)
            return NULL;
        acc = (acc << 6) | (unsigned)(c - b64);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            if (n < sizeof raw)
                raw[n++] = (unsigned char)(acc >> bits);
            acc &= (1u << bits) - 1;
        }
    }
    if (n != 20)
        return NULL;
    char *hex = dd_xmalloc(41);
    for (size_t i = 0; i < 20; i++)
        snprintf(hex + 2 * i, 3, "%02x", raw[i]);
    return hex;
}

static void entry_emit(apk_entry *a, const char *path, const char *layer, dd_package_list *out)
{
    if (!a->name || !a->version)
        return;
    dd_package *p = dd_pkg_add_owned(out, DD_PKG_APK, steal_pointer(&a->name),
                                     steal_pointer(&a->version), path, layer);
    p->arch = steal_pointer(&a->arch);
    p->license = steal_pointer(&a->license);
    p->supplier = steal_pointer(&a->maintainer);
    p->sha1 = a->checksum ? q1_hex(a->checksum) : NULL;
    /* The origin is built from the same aport at the same version. */
    if (a->origin && strcmp(a->origin, p->name) != 0)
        p->source_name = steal_pointer(&a->origin);
}

int dd_pkg_read_apk(const char *path, const void *data, size_t len, const char *layer,
                    dd_package_list *out, dd_error *e)
{
    dd_lines it;
    dd_lines_init(&it, data, len);
    apk_entry a = {0};
    const char *line;
    size_t n, count = 0;
    int rc = 0;
    while (dd_lines_next(&it, &line, &n)) {
        if (n == 0) {
            if (a.any) {
                entry_emit(&a, path, layer, out);
                entry_clear(&a);
                if (++count > DD_PKG_MAX_ENTRIES) {
                    rc = dd_error_set(e, DD_ERR_INPUT, 0, "%s: more than %u packages", path,
                                      DD_PKG_MAX_ENTRIES);
                    break;
                }
            }
            continue;
        }
        if (n < 2 || line[1] != ':') {
            rc = dd_error_set(e, DD_ERR_INPUT, 0, "%s: line %zu: expected \"K:value\"", path,
                              it.lineno);
            break;
        }
        a.any = true;
        char **dst = NULL;
        switch (line[0]) {
        case 'P': dst = &a.name; break;
        case 'V': dst = &a.version; break;
        case 'A': dst = &a.arch; break;
        case 'o': dst = &a.origin; break;
        case 'L': dst = &a.license; break;
        case 'm': dst = &a.maintainer; break;
        case 'C': dst = &a.checksum; break;
        default: break;
        }
        if (dst) {
            free(*dst);
            *dst = dd_pkg_field_dup(line + 2, n - 2);
        }
    }
    if (rc == 0 && a.any)
        entry_emit(&a, path, layer, out);
    entry_clear(&a);
    return rc;
}
