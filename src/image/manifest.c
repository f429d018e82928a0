/* The JSON documents of an image: docker-save manifest.json, the image configuration,
 * OCI index and manifest. All come from untrusted input: sizes are bounded, every field
 * is type-checked, and digests must look like digests before they become file names. */
#include <string.h>

#include "core/cleanup.h"
#include "core/mem.h"
#include "image/image.h"
#include "image/walker.h"

#define MAX_LAYERS 4096

bool dd_image_digest_ok(const char *d)
{
    if (!d)
        return false;
    size_t hex;
    if (strncmp(d, "sha256:", 7) == 0)
        hex = 64;
    else if (strncmp(d, "sha512:", 7) == 0)
        hex = 128;
    else
        return false;
    const char *p = d + 7;
    for (size_t i = 0; i < hex; i++)
        if (!((p[i] >= '0' && p[i] <= '9') || (p[i] >= 'a' && p[i] <= 'f')))
            return false;
    return p[hex] == '\0';
}

static json_t *load_json(const char *what, const char *text, size_t len, dd_error *e)
{
    if (len > DD_IMAGE_MAX_JSON)
        return dd_error_set(e, DD_ERR_INPUT, 0, "%s: %zu bytes of JSON is too large", what,
                            len),
               NULL;
    json_error_t je;
    json_t *j = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
    if (!j)
        dd_error_set(e, DD_ERR_INPUT, 0, "%s: invalid JSON at line %d column %d: %s", what,
                     je.line, je.column, je.text);
    return j;
}

int dd_image_parse_manifest(const char *text, size_t len, char **config, char ***layers,
                            size_t *nlayers, json_t **tags, dd_error *e)
{
    return dd_image_parse_manifest_at(text, len, 0, NULL, config, layers, nlayers, tags, e);
}

int dd_image_parse_manifest_at(const char *text, size_t len, size_t index, size_t *count,
                               char **config, char ***layers, size_t *nlayers, json_t **tags,
                               dd_error *e)
{
    if (count)
        *count = 0;
    *config = NULL;
    *layers = NULL;
    *nlayers = 0;
    if (tags)
        *tags = NULL;
    _cleanup_json_ json_t *j = load_json("manifest.json", text, len, e);
    if (!j)
        return -1;
    if (!json_is_array(j) || json_array_size(j) == 0)
        return dd_error_set(e, DD_ERR_INPUT, 0, "manifest.json: expected a non-empty array");
    if (count)
        *count = json_array_size(j);
    if (index >= json_array_size(j))
        return dd_error_set(e, DD_ERR_INPUT, 0, "manifest.json: no image %zu (it lists %zu)",
                            index, json_array_size(j));
    json_t *m = json_array_get(j, index);
    if (!json_is_object(m))
        return dd_error_set(e, DD_ERR_INPUT, 0, "manifest.json: entry %zu is not an object",
                            index);
    const char *cfg = json_string_value(json_object_get(m, "Config"));
    json_t *ls = json_object_get(m, "Layers");
    if (!cfg || !cfg[0])
        return dd_error_set(e, DD_ERR_INPUT, 0, "manifest.json: entry %zu has no Config", index);
    if (!json_is_array(ls))
        return dd_error_set(e, DD_ERR_INPUT, 0, "manifest.json: entry %zu has no Layers array",
                            index);
    size_t n = json_array_size(ls);
    if (n > MAX_LAYERS)
        return dd_error_set(e, DD_ERR_INPUT, 0, "manifest.json: %zu layers (at most %d)", n,
                            MAX_LAYERS);
    json_t *rt = json_object_get(m, "RepoTags");
    if (rt && !json_is_array(rt) && !json_is_null(rt))
        return dd_error_set(e, DD_ERR_INPUT, 0, "manifest.json: RepoTags is not an array");
    char **v = dd_xcalloc(n ? n : 1, sizeof *v);
    for (size_t i = 0; i < n; i++) {
        const char *s = json_string_value(json_array_get(ls, i));
        if (!s || !s[0]) {
            for (size_t k = 0; k < i; k++)
                free(v[k]);
            free(v);
            return dd_error_set(e, DD_ERR_INPUT, 0, "manifest.json: layer %zu is not a string",
                                i);
        }
        v[i] = dd_xstrdup(s);
    }
    if (tags) {
        json_t *t = json_array();
        size_t i;
        json_t *x;
        json_array_foreach(rt, i, x)
            if (json_is_string(x))
                json_array_append(t, x);
        *tags = t;
    }
    *config = dd_xstrdup(cfg);
    *layers = v;
    *nlayers = n;
    return 0;
}

int dd_image_check_config(const json_t *c, dd_error *e)
{
    if (!json_is_object(c))
        return dd_error_set(e, DD_ERR_INPUT, 0, "image configuration is not a JSON object");
    json_t *cfg = json_object_get(c, "config");
    if (cfg && !json_is_object(cfg) && !json_is_null(cfg))
        return dd_error_set(e, DD_ERR_INPUT, 0, "image configuration: 'config' is not an object");
    if (json_is_object(cfg)) {
        static const char *const arrays[] = {"Env", "Cmd", "Entrypoint"};
        for (size_t i = 0; i < DD_ARRAY_SIZE(arrays); i++) {
            json_t *a = json_object_get(cfg, arrays[i]);
            if (a && !json_is_array(a) && !json_is_null(a))
                return dd_error_set(e, DD_ERR_INPUT, 0,
                                    "image configuration: config.%s is not an array", arrays[i]);
        }
        static const char *const objects[] = {"Labels", "ExposedPorts", "Healthcheck", "Volumes"};
        for (size_t i = 0; i < DD_ARRAY_SIZE(objects); i++) {
            json_t *o = json_object_get(cfg, objects[i]);
            if (o && !json_is_object(o) && !json_is_null(o))
                return dd_error_set(e, DD_ERR_INPUT, 0,
                                    "image configuration: config.%s is not an object",
                                    objects[i]);
        }
        json_t *u = json_object_get(cfg, "User");
        if (u && !json_is_string(u) && !json_is_null(u))
            return dd_error_set(e, DD_ERR_INPUT, 0, "image configuration: config.User is not a "
                                                    "string");
    }
    json_t *h = json_object_get(c, "history");
    if (h && !json_is_array(h) && !json_is_null(h))
        return dd_error_set(e, DD_ERR_INPUT, 0, "image configuration: 'history' is not an array");
    json_t *rootfs = json_object_get(c, "rootfs");
    json_t *ids = json_object_get(rootfs, "diff_ids");
    if (!ids)
        return 0;
    if (!json_is_array(ids))
        return dd_error_set(e, DD_ERR_INPUT, 0, "image configuration: rootfs.diff_ids is not an "
                                                "array");
    size_t i;
    json_t *x;
    json_array_foreach(ids, i, x)
        if (!dd_image_digest_ok(json_string_value(x)))
            return dd_error_set(e, DD_ERR_INPUT, 0,
                                "image configuration: rootfs.diff_ids[%zu] is not a digest", i);
    return (int)json_array_size(ids);
}

static int check_descriptor(const json_t *d, const char *what, size_t i, dd_error *e)
{
    if (!json_is_object(d))
        return dd_error_set(e, DD_ERR_INPUT, 0, "%s[%zu] is not an object", what, i);
    const char *dg = json_string_value(json_object_get(d, "digest"));
    if (!dd_image_digest_ok(dg))
        return dd_error_set(e, DD_ERR_INPUT, 0, "%s[%zu]: '%s' is not a digest", what, i,
                            dg ? dg : "(missing)");
    json_t *mt = json_object_get(d, "mediaType");
    if (mt && !json_is_string(mt))
        return dd_error_set(e, DD_ERR_INPUT, 0, "%s[%zu]: mediaType is not a string", what, i);
    return 0;
}

int dd_image_parse_oci(const char *text, size_t len, json_t **out, dd_error *e)
{
    *out = NULL;
    _cleanup_json_ json_t *j = load_json("OCI document", text, len, e);
    if (!j)
        return -1;
    if (!json_is_object(j))
        return dd_error_set(e, DD_ERR_INPUT, 0, "OCI document is not a JSON object");
    json_t *ms = json_object_get(j, "manifests");
    json_t *ls = json_object_get(j, "layers");
    int kind;
    if (json_is_array(ms)) {
        if (json_array_size(ms) == 0)
            return dd_error_set(e, DD_ERR_INPUT, 0, "OCI index lists no manifests");
        size_t i;
        json_t *d;
        json_array_foreach(ms, i, d)
            if (check_descriptor(d, "manifests", i, e) < 0)
                return -1;
        kind = 1;
    } else if (json_is_array(ls)) {
        if (check_descriptor(json_object_get(j, "config"), "config", 0, e) < 0)
            return -1;
        if (json_array_size(ls) > MAX_LAYERS)
            return dd_error_set(e, DD_ERR_INPUT, 0, "OCI manifest: too many layers");
        size_t i;
        json_t *d;
        json_array_foreach(ls, i, d)
            if (check_descriptor(d, "layers", i, e) < 0)
                return -1;
        kind = 2;
    } else {
        return dd_error_set(e, DD_ERR_INPUT, 0,
                            "OCI document is neither an index (manifests) nor a manifest (layers)");
    }
    *out = steal_pointer(&j);
    return kind;
}
