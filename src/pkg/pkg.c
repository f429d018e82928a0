#include "pkg/pkg.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/mem.h"

dd_package *dd_package_list_add(dd_package_list *l, dd_pkg_type type, const char *name,
                                const char *version)
{
    l->v = dd_xgrow(l->v, &l->cap, l->n + 1, sizeof *l->v);
    dd_package *p = &l->v[l->n++];
    memset(p, 0, sizeof *p);
    p->type = type;
    p->name = dd_xstrdup(name);
    p->version = dd_xstrdup(version);
    return p;
}

void dd_package_list_note(dd_package_list *l, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = NULL;
    if (vasprintf(&s, fmt, ap) < 0)
        abort();
    va_end(ap);
    for (size_t i = 0; i < l->n_notes; i++) {
        if (strcmp(l->notes[i], s) == 0) {
            free(s);
            return;
        }
    }
    l->notes = dd_xgrow(l->notes, &l->cap_notes, l->n_notes + 1, sizeof *l->notes);
    l->notes[l->n_notes++] = s;
}

void dd_package_list_free(dd_package_list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        dd_package *p = &l->v[i];
        free(p->name);
        free(p->version);
        free(p->arch);
        free(p->source_name);
        free(p->source_version);
        free(p->license);
        free(p->supplier);
        free(p->sha1);
        free(p->layer);
        free(p->path);
        free(p->purl);
        free(p->constraint);
    }
    free(l->v);
    for (size_t i = 0; i < l->n_notes; i++)
        free(l->notes[i]);
    free(l->notes);
    free(l->os.id);
    free(l->os.version_id);
    free(l->os.codename);
    free(l->os.pretty);
    free(l->os.source);
    memset(l, 0, sizeof *l);
}

const char *dd_pkg_type_name(dd_pkg_type t)
{
    static const char *const names[] = {"deb",   "apk",   "rpm", "pypi",     "npm",
                                        "golang", "maven", "cargo", "gem", "composer", "nuget"};
    return (unsigned)t < sizeof names / sizeof names[0] ? names[t] : "generic";
}
