/* Registry manifests: Docker v2 schema 2 and its manifest list, OCI image manifest and
 * index. The shape checks shared with the OCI layout reader are dd_image_parse_oci's;
 * here come what only a registry answer needs: sizes (they bound what we read), media
 * types, schema 1 refused, and the platform choice in an index. */
#include <string.h>
#include <sys/utsname.h>

#include "core/cleanup.h"
#include "core/mem.h"
#include "image/image.h"
#include "registry/registry.h"

static void desc_free(dd_reg_desc *d)
{
    free(d->media_type);
    free(d->digest);
    memset(d, 0, sizeof *d);
}

void dd_reg_image_manifest_free(dd_reg_image_manifest *m)
{
    desc_free(&m->config);
    for (size_t i = 0; i < m->nlayers; i++)
        desc_free(&m->layers[i]);
    free(m->layers);
    free(m->artifact_type);
    memset(m, 0, sizeof *m);
}

static int desc_read(const json_t *j, const char *what, size_t i, dd_reg_desc *d, dd_error *e)
{
    json_t *sz = json_object_get(j, "size");
    if (!json_is_integer(sz) || json_integer_value(sz) < 0)
        return dd_error_set(e, DD_ERR_INPUT, 0, "%s[%zu]: size is not a non-negative integer", what,
                            i);
    d->size = (uint64_t)json_integer_value(sz);
    d->digest = dd_xstrdup(json_string_value(json_object_get(j, "digest")));
    d->media_type = dd_xstrdup(json_string_value(json_object_get(j, "mediaType")));
    return 0;
}

int dd_reg_parse_manifest(const char *body, size_t len, const char *media_type, json_t **index,
                          dd_reg_image_manifest *m, dd_error *e)
{
    *index = NULL;
    memset(m, 0, sizeof *m);
    if (len > DD_REG_MAX_MANIFEST)
        return dd_error_set(e, DD_ERR_INPUT, 0, "manifest: %zu bytes is too large", len);
    if (media_type &&
        strncmp(media_type, "application/vnd.docker.distribution.manifest.v1", 47) == 0)
        return dd_error_set(e, DD_ERR_INPUT, 0,
                            "manifest: Docker schema 1 (%s) is deprecated and not supported",
                            media_type);
    json_t *j = NULL;
    int kind = dd_image_parse_oci(body, len, &j, e);
    if (kind < 0)
        return dd_error_prefix(e, "manifest");
    _cleanup_json_ json_t *own = j;
    json_t *sv = json_object_get(j, "schemaVersion");
    if (sv && (!json_is_integer(sv) || json_integer_value(sv) != 2))
        return dd_error_set(e, DD_ERR_INPUT, 0, "manifest: schemaVersion %lld is not supported",
                            json_is_integer(sv) ? (long long)json_integer_value(sv) : -1LL);
    const char *mt = json_string_value(json_object_get(j, "mediaType"));
    if (kind == 1) {
        if (mt && strcmp(mt, DD_MT_OCI_INDEX) != 0 && strcmp(mt, DD_MT_DOCKER_LIST) != 0)
            return dd_error_set(e, DD_ERR_INPUT, 0, "index: unexpected mediaType %.100s", mt);
        *index = steal_pointer(&own);
        return 1;
    }
    if (mt && strcmp(mt, DD_MT_OCI_MANIFEST) != 0 && strcmp(mt, DD_MT_DOCKER_MANIFEST) != 0)
        return dd_error_set(e, DD_ERR_INPUT, 0, "manifest: unexpected mediaType %.100s", mt);
    if (desc_read(json_object_get(j, "config"), "config", 0, &m->config, e) < 0)
        return -1;
    json_t *ls = json_object_get(j, "layers");
    m->nlayers = json_array_size(ls);
    m->layers = dd_xcalloc(m->nlayers ? m->nlayers : 1, sizeof *m->layers);
    for (size_t i = 0; i < m->nlayers; i++)
        if (desc_read(json_array_get(ls, i), "layers", i, &m->layers[i], e) < 0) {
            dd_reg_image_manifest_free(m);
            return -1;
        }
    const char *at = json_string_value(json_object_get(j, "artifactType"));
    m->artifact_type = dd_xstrdup(at);
    return 2;
}

const char *dd_reg_host_platform(void)
{
    struct utsname u;
    if (uname(&u) == 0 && strcmp(u.machine, "aarch64") == 0)
        return "linux/arm64";
    return "linux/amd64";
}

const char *dd_reg_pick_platform(const json_t *index, const char *platform, dd_error *e)
{
    if (!platform)
        platform = dd_reg_host_platform();
    char os[64] = "", arch[64] = "", variant[64] = "";
    sscanf(platform, "%63[^/]/%63[^/]/%63s", os, arch, variant);
    json_t *ms = json_object_get(index, "manifests");
    size_t i;
    json_t *d;
    const char *fallback = NULL;
    json_array_foreach(ms, i, d)
    {
        json_t *pl = json_object_get(d, "platform");
        const char *pos = json_string_value(json_object_get(pl, "os"));
        const char *par = json_string_value(json_object_get(pl, "architecture"));
        const char *pvar = json_string_value(json_object_get(pl, "variant"));
        if (!pos || !par)
            continue;
        if (strcmp(pos, os) != 0 || strcmp(par, arch) != 0)
            continue;
        if (variant[0] && (!pvar || strcmp(pvar, variant) != 0))
            continue;
        if (!variant[0] && pvar && fallback)
            continue; /* prefer an entry without variant, else the first */
        if (!variant[0] && pvar) {
            fallback = json_string_value(json_object_get(d, "digest"));
            continue;
        }
        return json_string_value(json_object_get(d, "digest"));
    }
    if (fallback)
        return fallback;
    char have[512] = "";
    size_t used = 0;
    json_array_foreach(ms, i, d)
    {
        json_t *pl = json_object_get(d, "platform");
        const char *pos = json_string_value(json_object_get(pl, "os"));
        const char *par = json_string_value(json_object_get(pl, "architecture"));
        if (pos && par && used < sizeof have - 80)
            used += (size_t)snprintf(have + used, sizeof have - used, "%s%.32s/%.32s",
                                     used ? ", " : "", pos, par);
    }
    dd_error_set(e, DD_ERR_RUN, 0, "no manifest for platform %s in the index (it has: %s)",
                 platform, used ? have : "no platforms");
    dd_error_hint(e, "pick one with --platform OS/ARCH");
    return NULL;
}
