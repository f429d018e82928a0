/* Python distributions: *.dist-info/METADATA and *.egg-info/PKG-INFO (or an *.egg-info
 * file), both the email-header format of the core metadata spec. Only the header block
 * (up to the first blank line) is read: the body is the long description. */
#include <stdlib.h>
#include <string.h>

#include "core/cleanup.h"
#include "core/mem.h"
#include "pkg/internal.h"
#include "pkg/readers.h"

#define PY_MAX_HEADER_LINES 10000

int dd_pkg_read_python(const char *path, const void *data, size_t len, const char *layer,
                       dd_package_list *out, dd_error *e)
{
    dd_lines it;
    dd_lines_init(&it, data, len);
    _cleanup_free_ char *name = NULL, *version = NULL, *license = NULL, *expr = NULL;
    const char *line, *v;
    size_t n, vlen;
    while (dd_lines_next(&it, &line, &n)) {
        if (n == 0)
            break;
        if (it.lineno > PY_MAX_HEADER_LINES)
            return dd_error_set(e, DD_ERR_INPUT, 0, "%s: more than %d header lines", path,
                                PY_MAX_HEADER_LINES);
        if (line[0] == ' ' || line[0] == '\t')
            continue; /* folded continuation (License text, Description) */
        char **dst = NULL;
        if (dd_pkg_header(line, n, "Name", &v, &vlen))
            dst = &name;
        else if (dd_pkg_header(line, n, "Version", &v, &vlen))
            dst = &version;
        else if (dd_pkg_header(line, n, "License-Expression", &v, &vlen))
            dst = &expr;
        else if (dd_pkg_header(line, n, "License", &v, &vlen))
            dst = &license;
        if (dst && !*dst)
            *dst = dd_pkg_field_dup(v, vlen);
    }
    if (!name || !version)
        return dd_error_set(e, DD_ERR_INPUT, 0,
                            "%s: Python package metadata without Name and Version", path);
    dd_package *p = dd_pkg_add_owned(out, DD_PKG_PYPI, steal_pointer(&name),
                                     steal_pointer(&version), path, layer);
    /* The SPDX expression is the precise one; "UNKNOWN" is setuptools' placeholder. */
    if (expr)
        p->license = steal_pointer(&expr);
    else if (license && strcmp(license, "UNKNOWN") != 0)
        p->license = steal_pointer(&license);
    return 0;
}
