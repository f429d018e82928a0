#include "pkg/pkg.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/mem.h"
#include "pkg/internal.h"
#include "vuln/version.h"

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

void dd_package_list_free(dd_package_list *l)
{
    dd_pkg_truncate(l, 0);
    free(l->v);
    dd_notes_free(&l->notes);
    dd_os_info_free(&l->os);
    memset(l, 0, sizeof *l);
}

void dd_os_info_free(dd_os_info *os)
{
    free(os->id);
    free(os->version_id);
    free(os->codename);
    free(os->pretty);
    free(os->source);
    memset(os, 0, sizeof *os);
}

const char *dd_pkg_type_name(dd_pkg_type t)
{
    const dd_eco_info *e = dd_eco_by_pkg(t);
    return e ? e->purl_type : "generic";
}
