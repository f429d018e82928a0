/* dpkg's database: var/lib/dpkg/status, and distroless images' var/lib/dpkg/status.d/NAME
 * files (the same deb822 stanzas, one file per package, usually without a Status field).
 * Only what dpkg considers installed is listed: "Status: install ok installed". */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/buf.h"
#include "core/cleanup.h"
#include "core/mem.h"
#include "pkg/internal.h"
#include "pkg/readers.h"

typedef struct stanza {
    char *name, *version, *arch, *source, *status, *maintainer;
    size_t first_line;
    bool any;
} stanza;

static void stanza_clear(stanza *s)
{
    free(s->name);
    free(s->version);
    free(s->arch);
    free(s->source);
    free(s->status);
    free(s->maintainer);
    memset(s, 0, sizeof *s);
}

/* "install ok installed": the third word is dpkg's idea of the package state. */
static bool status_installed(const char *st)
{
    const char *w = strrchr(st, ' ');
    return w && strcmp(w + 1, "installed") == 0;
}

static void stanza_emit(stanza *s, const char *path, int statusd, const char *layer,
                        dd_package_list *out)
{
    if (!s->name || !s->version)
        return;
    if (s->status ? !status_installed(s->status) : !statusd)
        return;
    dd_package *p = dd_pkg_add_owned(out, DD_PKG_DPKG, steal_pointer(&s->name),
                                     steal_pointer(&s->version), path, layer);
    p->arch = steal_pointer(&s->arch);
    p->supplier = steal_pointer(&s->maintainer);
    if (s->source) {
        /* "glibc (2.36-9)": the source version differs from the binary's (binNMUs). */
        char *paren = strchr(s->source, '(');
        if (paren) {
            char *close = strchr(paren, ')');
            if (close && close > paren + 1)
                p->source_version = dd_pkg_field_dup(paren + 1, (size_t)(close - paren - 1));
            *paren = '\0';
            char *t = dd_pkg_field_dup(s->source, strlen(s->source));
            free(s->source);
            s->source = t;
        }
        if (s->source && (strcmp(s->source, p->name) != 0 || p->source_version))
            p->source_name = steal_pointer(&s->source);
    }
}

int dd_pkg_read_dpkg(const char *path, const void *data, size_t len, int statusd,
                     const char *layer, dd_package_list *out, dd_error *e)
{
    dd_lines it;
    dd_lines_init(&it, data, len);
    stanza s = {0};
    const char *line;
    size_t n;
    bool in_field = false;
    size_t count = 0;
    int rc = 0;
    while (dd_lines_next(&it, &line, &n)) {
        bool only_blank = true;
        for (size_t i = 0; i < n; i++)
            if (line[i] != ' ' && line[i] != '\t')
                only_blank = false;
        if (only_blank) {
            if (s.any) {
                stanza_emit(&s, path, statusd, layer, out);
                stanza_clear(&s);
                if (++count > DD_PKG_MAX_ENTRIES) {
                    rc = dd_error_set(e, DD_ERR_INPUT, 0, "%s: more than %u packages", path,
                                      DD_PKG_MAX_ENTRIES);
                    break;
                }
            }
            in_field = false;
            continue;
        }
        if (line[0] == ' ' || line[0] == '\t') {
            /* Continuation of a multi-line field (Description, Conffiles): not kept. */
            if (!in_field) {
                rc = dd_error_set(e, DD_ERR_INPUT, 0,
                                  "%s: line %zu: continuation line outside a field", path,
                                  it.lineno);
                break;
            }
            continue;
        }
        const char *colon = memchr(line, ':', n);
        if (!colon || colon == line) {
            rc = dd_error_set(e, DD_ERR_INPUT, 0, "%s: line %zu: expected \"Field: value\"",
                              path, it.lineno);
            break;
        }
        if (!s.any)
            s.first_line = it.lineno;
        s.any = true;
        in_field = true;
        size_t klen = (size_t)(colon - line);
        const char *v = colon + 1;
        size_t vlen = n - klen - 1;
        char **dst = NULL;
        if (klen == 7 && strncasecmp(line, "Package", 7) == 0)
            dst = &s.name;
        else if (klen == 7 && strncasecmp(line, "Version", 7) == 0)
            dst = &s.version;
        else if (klen == 12 && strncasecmp(line, "Architecture", 12) == 0)
            dst = &s.arch;
        else if (klen == 6 && strncasecmp(line, "Source", 6) == 0)
            dst = &s.source;
        else if (klen == 6 && strncasecmp(line, "Status", 6) == 0)
            dst = &s.status;
        else if (klen == 10 && strncasecmp(line, "Maintainer", 10) == 0)
            dst = &s.maintainer;
        if (dst) {
            free(*dst);
            *dst = dd_pkg_field_dup(v, vlen);
        }
    }
    if (rc == 0 && s.any)
        stanza_emit(&s, path, statusd, layer, out);
    stanza_clear(&s);
    return rc;
}
