/* Images straight from a registry: the manifest (through an index to the platform's
 * manifest), the config blob, then every layer blob streamed from the socket into the
 * layer walker by the same pool that reads files, several layers at once. Nothing is
 * written to disk; every manifest and blob is checked against the digest that names it
 * (the registry client hashes while the bytes stream). */
#include <string.h>

#include "core/cleanup.h"
#include "core/mem.h"
#include "image/digest.h"
#include "image/walker.h"
#include "registry/registry.h"

/* An index may point to another index; real ones nest once at most. */
#define MAX_INDEX_DEPTH 4

typedef struct reg_layer {
    dd_registry *reg;
    const char *repo;
    const dd_reg_desc *desc;
    dd_reg_blob *blob;
    bool done;
} reg_layer;

/* A second read starts the blob again. */
static void reg_layer_rewind(void *ud)
{
    reg_layer *l = ud;
    dd_reg_blob_close(l->blob);
    l->blob = NULL;
    l->done = false;
}

/* The pool's stream callback: the blob is opened on first use, in the pool thread. */
static long reg_layer_read(void *ud, const void **out, dd_error *e)
{
    reg_layer *l = ud;
    if (l->done)
        return 0;
    if (!l->blob) {
        l->blob = dd_registry_blob_open(l->reg, l->repo, l->desc->digest, l->desc->size, e);
        if (!l->blob)
            return -1;
    }
    long n = dd_reg_blob_read(l->blob, out, e);
    if (n <= 0) {
        /* Verified (or failed): its connection and buffer go now, not with the image. */
        dd_reg_blob_close(l->blob);
        l->blob = NULL;
        l->done = n == 0;
    }
    return n;
}

static bool layer_media_ok(const char *mt)
{
    /* Docker's and OCI's layer types (plain, gzip, zstd, foreign/nondistributable). */
    return !mt || strstr(mt, ".layer.") || strstr(mt, "image.rootfs.") ||
           strstr(mt, "rootfs.diff.tar");
}

int dd_image_open_registry(dd_image *img, const char *ref, dd_walk_shared *sh, dd_error *e)
{
    dd_regref rr;
    if (dd_regref_parse(ref, &rr, e) < 0)
        return -1;
    int rc = -1;
    dd_registry *reg = NULL;
    dd_reg_manifest man = {0};
    dd_reg_image_manifest im = {0};
    json_t *index = NULL;
    char *cfg = NULL;
    size_t cfglen = 0;
    reg_layer *rl = NULL;
    dd_layer_stream *streams = NULL;
    _cleanup_free_ char *name = dd_regref_string(&rr);
    _cleanup_free_ char *target = dd_xstrdup(dd_regref_target(&rr));
    if (dd_registry_open(&reg, rr.host, sh->o->registry, e) < 0)
        goto out;
    for (int depth = 0;; depth++) {
        if (dd_registry_get_manifest(reg, rr.repo, target, &man, NULL, e) < 0)
            goto out;
        if (!img->manifest_digest) /* the top one: what the reference resolves to */
            img->manifest_digest = dd_xstrdup(man.digest);
        int kind = dd_reg_parse_manifest(man.body, man.len, man.media_type, &index, &im, e);
        if (kind < 0) {
            dd_error_prefix(e, "image %s", name);
            goto out;
        }
        if (kind == 2)
            break;
        if (depth >= MAX_INDEX_DEPTH) {
            dd_error_set(e, DD_ERR_INPUT, 0, "image %s: indexes nested too deep", name);
            goto out;
        }
        const char *pick = dd_reg_pick_platform(index, sh->o->platform, e);
        if (!pick) {
            dd_error_prefix(e, "image %s", name);
            goto out;
        }
        free(target);
        target = dd_xstrdup(pick);
        json_decref(index);
        index = NULL;
        dd_reg_manifest_free(&man);
    }
    /* Signatures and other artifacts are manifests too, but not images. */
    const char *cmt = im.config.media_type;
    if (cmt && !strstr(cmt, "container.image.v1+json") && !strstr(cmt, "image.config.v1+json")) {
        dd_error_set(e, DD_ERR_INPUT, 0, "image %s: config media type %s: not a container image",
                     name, cmt);
        goto out;
    }
    if (im.config.size > DD_IMAGE_MAX_JSON) {
        dd_error_set(e, DD_ERR_INPUT, 0, "image %s: config of %llu bytes is too large", name,
                     (unsigned long long)im.config.size);
        goto out;
    }
    if (dd_registry_get_blob(reg, rr.repo, im.config.digest, DD_IMAGE_MAX_JSON, &cfg, &cfglen, e) <
            0 ||
        dd_image_set_config(img, im.config.digest, cfg, cfglen, im.config.digest, e) < 0) {
        dd_error_prefix(e, "image %s", name);
        goto out;
    }
    img->id = dd_xstrdup(im.config.digest);
    img->tags = json_array();
    json_array_append_new(img->tags, json_string(name));
    size_t nl = im.nlayers;
    img->layers = dd_xcalloc(nl ? nl : 1, sizeof *img->layers);
    rl = dd_xcalloc(nl ? nl : 1, sizeof *rl);
    streams = dd_xcalloc(nl ? nl : 1, sizeof *streams);
    for (size_t i = 0; i < nl; i++) {
        const dd_reg_desc *d = &im.layers[i];
        if (!layer_media_ok(d->media_type)) {
            dd_error_set(e, DD_ERR_INPUT, 0, "image %s: layer %s has media type %s, not a tar",
                         name, d->digest, d->media_type);
            goto out;
        }
        if (d->size > 2 * sh->max_layer) {
            dd_error_set(e, DD_ERR_INPUT, 0,
                         "image %s: layer %s: %llu bytes, more than --max-layer-size allows", name,
                         d->digest, (unsigned long long)d->size);
            goto out;
        }
        img->layers[i].name = dd_xstrdup(d->digest);
        img->layers[i].media_type = dd_xstrdup(d->media_type);
        img->layers[i].compressed = d->size;
        img->nlayers = i + 1;
        rl[i] = (reg_layer){reg, rr.repo, d, NULL, false};
        streams[i] = (dd_layer_stream){reg_layer_read, reg_layer_rewind, &rl[i], d->size};
    }
    img->nlayers = nl;
    rc = dd_image_read_streams(img, sh, streams, e);
out:
    for (size_t i = 0; rl && i < im.nlayers; i++)
        dd_reg_blob_close(rl[i].blob);
    free(rl);
    free(streams);
    free(cfg);
    if (index)
        json_decref(index);
    dd_reg_image_manifest_free(&im);
    dd_reg_manifest_free(&man);
    dd_registry_free(reg);
    dd_regref_free(&rr);
    return rc;
}
