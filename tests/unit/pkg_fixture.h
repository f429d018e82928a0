/* What the package-reader tests share: the fixtures in tests/cases/pkg/ (found through
 * DD_SRC, which ctest sets, or the source directory the test was built from) and looking
 * a package up by name. */
#pragma once
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "pkg/readers.h"
#include "tap.h"

/* The path of tests/cases/pkg/REL; caller frees. */
static inline char *pkg_fixture(const char *rel)
{
    const char *src = getenv("DD_SRC");
    char *f = NULL;
    if (asprintf(&f, "%s/tests/cases/pkg/%s", src ? src : DD_SOURCE_DIR, rel) < 0)
        abort();
    return f;
}

/* Its content, appended to b; not reading it is a failed check. */
static inline void pkg_fixture_read(const char *rel, dd_buf *b)
{
    char *f = pkg_fixture(rel);
    CHECK_INT(dd_buf_read_file(b, f, DD_PKG_MAX_FILE), 0);
    free(f);
}

/* The first package of that name, NULL when none. */
static inline const dd_package *pkg_find(const dd_package_list *l, const char *name)
{
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->v[i].name, name) == 0)
            return &l->v[i];
    return NULL;
}
