/* npm packages: node_modules/[@scope/]NAME/package.json. The file is JSON; jansson
 * parses it with a size bound (the file) and its own nesting bound. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/cleanup.h"
#include "core/mem.h"
#include "pkg/internal.h"
#include "pkg/readers.h"

static char *license_of(json_t *root)
{
    json_t *l = json_object_get(root, "license");
    if (json_is_string(l))
        return dd_pkg_field_dup(json_string_value(l), json_string_length(l));
    if (json_is_object(l)) { /* old style {"type": "MIT", "url": ...} */
        json_t *t = json_object_get(l, "type");
        if (json_is_string(t))
            return dd_pkg_field_dup(json_string_value(t), json_string_length(t));
    }
    json_t *ls = json_object_get(root, "licenses"); /* older still: [{"type": ...}] */
    if (json_is_array(ls) && json_array_size(ls) > 0) {
        dd_buf b = DD_BUF_INIT;
        size_t i;
        json_t *it;
        json_array_foreach(ls, i, it) {
            json_t *t = json_is_object(it) ? json_object_get(it, "type") : it;
            if (!json_is_string(t) || json_string_length(t) > DD_PKG_MAX_FIELD)
                continue;
            if (b.len)
                dd_buf_puts(&b, " OR ");
            dd_buf_puts(&b, json_string_value(t));
            if (b.len > DD_PKG_MAX_FIELD)
                break;
        }
        char *r = b.len ? dd_pkg_field_dup(b.data, b.len) : NULL;
        dd_buf_free(&b);
        return r;
    }
    return NULL;
}

int dd_pkg_read_npm(const char *path, const void *data, size_t len, const char *layer,
                    dd_package_list *out, dd_error *e)
{
    json_error_t je;
    _cleanup_json_ json_t *root = json_loadb(data, len, JSON_REJECT_DUPLICATES, &je);
    if (!root)
        return dd_error_set(e, DD_ERR_INPUT, 0, "%s: line %d column %d: %s", path, je.line,
                            je.column, je.text);
    if (!json_is_object(root))
        return dd_error_set(e, DD_ERR_INPUT, 0, "%s: package.json is not a JSON object", path);
    json_t *jn = json_object_get(root, "name"), *jv = json_object_get(root, "version");
    /* A package.json without both is a workspace or fixture, not an installed package. */
    if (!json_is_string(jn) || !json_is_string(jv))
        return 0;
    char *name = dd_pkg_field_dup(json_string_value(jn), json_string_length(jn));
    char *version = dd_pkg_field_dup(json_string_value(jv), json_string_length(jv));
    if (!name || !version) {
        free(name);
        free(version);
        return 0;
    }
    dd_package *p = dd_pkg_add_owned(out, DD_PKG_NPM, name, version, path, layer);
    p->license = license_of(root);
    return 0;
}
