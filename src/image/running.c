/* Listing the running containers once and grouping them by image. */
#include "image/running.h"

#include <stdlib.h>
#include <string.h>

#include "core/mem.h"
#include "image/walker.h"

int dd_running_list(const dd_engine_config *cfg, dd_running *out, dd_error *e)
{
    memset(out, 0, sizeof *out);
    dd_engine_config def = {.tls_verify = -1};
    dd_engine *eng = NULL;
    if (dd_engine_open(&eng, cfg ? cfg : &def, e) < 0)
        return -1;
    json_t *list = NULL;
    long status = 0;
    int rc = -1;
    if (dd_engine_connect(eng, e) < 0 ||
        dd_engine_get_json(eng, "/containers/json", &list, &status, e) < 0)
        goto out;
    if (!json_is_array(list)) {
        dd_error_set(e, DD_ERR_INPUT, 0, "the daemon's container list is not an array");
        goto out;
    }
    size_t capi = 0, capc = 0;
    size_t i;
    json_t *c;
    json_array_foreach(list, i, c)
    {
        const char *id = json_string_value(json_object_get(c, "Id"));
        const char *img = json_string_value(json_object_get(c, "ImageID"));
        const char *iname = json_string_value(json_object_get(c, "Image"));
        const char *name = json_string_value(json_array_get(json_object_get(c, "Names"), 0));
        if (!id || !img || !dd_image_digest_ok(img))
            continue; /* nothing to scan without them */
        size_t k = 0;
        while (k < out->nimages && strcmp(out->images[k].id, img) != 0)
            k++;
        if (k == out->nimages) {
            out->images = dd_xgrow(out->images, &capi, k + 1, sizeof *out->images);
            out->images[k] = (dd_running_image){dd_xstrdup(img), dd_xstrdup(iname ? iname : img)};
            out->nimages++;
        }
        out->containers =
            dd_xgrow(out->containers, &capc, out->ncontainers + 1, sizeof *out->containers);
        out->containers[out->ncontainers++] = (dd_running_container){
            dd_xstrdup(id), dd_xstrdup(name ? name + (name[0] == '/') : id), k};
    }
    rc = 0;
out:
    if (list)
        json_decref(list);
    dd_engine_free(eng);
    return rc;
}

void dd_running_free(dd_running *r)
{
    for (size_t i = 0; i < r->nimages; i++) {
        free(r->images[i].id);
        free(r->images[i].name);
    }
    free(r->images);
    for (size_t i = 0; i < r->ncontainers; i++) {
        free(r->containers[i].id);
        free(r->containers[i].name);
    }
    free(r->containers);
    memset(r, 0, sizeof *r);
}
