#include "pkg/pkg.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/mem.h"
#include "report/notes.h"

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
    dd_notes_vadd(&l->notes, &l->n_notes, &l->cap_notes, fmt, ap);
    va_end(ap);
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
        free(p->layer);
        free(p->path);
        free(p->purl);
    }
    free(l->v);
    dd_notes_free(l->notes, l->n_notes);
    free(l->os.id);
    free(l->os.version_id);
    free(l->os.codename);
    free(l->os.pretty);
    free(l->os.source);
    memset(l, 0, sizeof *l);
}

const char *dd_pkg_type_name(dd_pkg_type t)
{
    static const char *const names[] = {"deb", "apk", "rpm", "pypi", "npm", "golang", "maven"};
    return (unsigned)t < sizeof names / sizeof names[0] ? names[t] : "generic";
}
