/* Signatures stored beside the image, the way cosign and containers/image store them:
 * the manifest tagged "sha256-<hex>.sig" in the image's repository lists one layer per
 * signature (the payload blob, its signature in an annotation). Signing appends to it;
 * verifying reads every layer and checks each against each key. */
#include <string.h>

#include <jansson.h>

#include "core/cleanup.h"
#include "core/mem.h"
#include "sign/sign.h"

const char *dd_sig_status_name(dd_sig_status s)
{
    switch (s) {
    case DD_SIG_OK:
        return "valid";
    case DD_SIG_MISSING:
        return "no signatures";
    case DD_SIG_NO_KEY:
        return "no valid signature for this key";
    case DD_SIG_BAD_DIGEST:
        return "signed digest is not the image's";
    case DD_SIG_BAD_IDENTITY:
        return "signed for another repository";
    }
    return "unknown";
}

void dd_verify_result_free(dd_verify_result *r)
{
    free(r->reference);
    free(r->keys);
    memset(r, 0, sizeof *r);
}

/* "sha256:abc" -> "sha256-abc.sig" */
static char *sig_tag(const char *digest)
{
    const char *c = strchr(digest, ':');
    return dd_xasprintf("%.*s-%s.sig", (int)(c - digest), digest, c + 1);
}

/* Resolve the reference to its manifest digest (what signatures sign). */
static int resolve(dd_registry *reg, const dd_regref *rr, char digest[DD_DIGEST_LEN], dd_error *e)
{
    dd_reg_manifest m;
    if (dd_registry_get_manifest(reg, rr->repo, dd_regref_target(rr), &m, NULL, e) < 0)
        return -1;
    memcpy(digest, m.digest, DD_DIGEST_LEN);
    dd_reg_manifest_free(&m);
    return 0;
}

/* The attachment manifest, or NULL (and *absent) when there is none. */
static json_t *get_sig_manifest(dd_registry *reg, const char *repo, const char *digest,
                                bool *absent, dd_error *e)
{
    *absent = false;
    _cleanup_free_ char *tag = sig_tag(digest);
    dd_reg_manifest m;
    long status = 0;
    dd_error ge = {0};
    if (dd_registry_get_manifest(reg, repo, tag, &m, &status, &ge) < 0) {
        if (status == 404) {
            *absent = true;
            return NULL;
        }
        *e = ge;
        return NULL;
    }
    json_t *idx = NULL;
    dd_reg_image_manifest parsed;
    int kind = dd_reg_parse_manifest(m.body, m.len, m.media_type, &idx, &parsed, e);
    json_t *j = NULL;
    if (kind == 2) {
        dd_reg_image_manifest_free(&parsed);
        json_error_t je;
        j = json_loadb(m.body, m.len, 0, &je);
        if (json_array_size(json_object_get(j, "layers")) > DD_SIG_MAX_LAYERS) {
            dd_error_set(e, DD_ERR_INPUT, 0, "%s:%s: more than %d signatures", repo, tag,
                         DD_SIG_MAX_LAYERS);
            json_decref(j);
            j = NULL;
        }
    } else if (kind == 1) {
        json_decref(idx);
        dd_error_set(e, DD_ERR_INPUT, 0, "%s:%s is an index, not a signature manifest", repo, tag);
    } else {
        dd_error_prefix(e, "signature manifest %s:%s", repo, tag);
    }
    dd_reg_manifest_free(&m);
    return j;
}

int dd_sign_image(const char *ref, const dd_sig_key *k, const dd_registry_opts *ro,
                  char digest_out[DD_DIGEST_LEN], dd_error *e)
{
    dd_regref rr;
    if (dd_regref_parse(ref, &rr, e) < 0)
        return -1;
    dd_registry *reg = NULL;
    int rc = -1;
    char digest[DD_DIGEST_LEN];
    char *payload = NULL, *sig = NULL, *cfgtext = NULL, *mantext = NULL;
    json_t *man = NULL;
    /* The identity signed is the reference as named (with its tag), as skopeo signs it,
     * so a policy that matches exact references accepts it. */
    _cleanup_free_ char *identity =
        rr.tag || !rr.digest ? dd_regref_string(&rr) : dd_regref_repository(&rr);
    _cleanup_free_ char *tag = NULL;
    if (dd_registry_open(&reg, rr.host, ro, e) < 0 || resolve(reg, &rr, digest, e) < 0)
        goto out;
    if (digest_out)
        memcpy(digest_out, digest, DD_DIGEST_LEN);
    size_t plen;
    payload = dd_sig_payload_build(identity, digest, &plen);
    if (dd_sig_sign(k, payload, plen, &sig, e) < 0)
        goto out;
    char pdigest[DD_DIGEST_LEN];
    dd_digest_of(payload, plen, pdigest);
    if (dd_registry_put_blob(reg, rr.repo, pdigest, payload, plen, e) < 0)
        goto out;
    bool absent;
    man = get_sig_manifest(reg, rr.repo, digest, &absent, e);
    if (!man && !absent)
        goto out;
    json_t *layers = json_array();
    if (man)
        json_array_extend(layers, json_object_get(man, "layers"));
    json_array_append_new(layers, json_pack("{s:s, s:I, s:s, s:{s:s}}", "mediaType",
                                            DD_SIG_MEDIA_TYPE, "size", (json_int_t)plen, "digest",
                                            pdigest, "annotations", DD_SIG_ANNOTATION, sig));
    /* The config lists the payloads as the layers' diff ids, as cosign writes it. */
    json_t *ids = json_array();
    size_t i;
    json_t *l;
    json_array_foreach(layers, i, l) json_array_append(ids, json_object_get(l, "digest"));
    json_t *cfg = json_pack("{s:s, s:{}, s:s, s:{s:s, s:o}}", "architecture", "", "config", "os",
                            "", "rootfs", "type", "layers", "diff_ids", ids);
    cfgtext = json_dumps(cfg, JSON_COMPACT);
    json_decref(cfg);
    char cdigest[DD_DIGEST_LEN];
    dd_digest_of(cfgtext, strlen(cfgtext), cdigest);
    if (dd_registry_put_blob(reg, rr.repo, cdigest, cfgtext, strlen(cfgtext), e) < 0) {
        json_decref(layers);
        goto out;
    }
    json_t *nm = json_pack("{s:i, s:s, s:{s:s, s:I, s:s}, s:o}", "schemaVersion", 2, "mediaType",
                           DD_MT_OCI_MANIFEST, "config", "mediaType",
                           "application/vnd.oci.image.config.v1+json", "size",
                           (json_int_t)strlen(cfgtext), "digest", cdigest, "layers", layers);
    mantext = json_dumps(nm, JSON_COMPACT);
    json_decref(nm);
    tag = sig_tag(digest);
    if (dd_registry_put_manifest(reg, rr.repo, tag, mantext, strlen(mantext), DD_MT_OCI_MANIFEST,
                                 NULL, e) < 0)
        goto out;
    rc = 0;
out:
    if (man)
        json_decref(man);
    free(payload);
    free(sig);
    free(cfgtext);
    free(mantext);
    dd_registry_free(reg);
    dd_regref_free(&rr);
    return rc;
}

/* Whether a signed reference names the same repository as the image. */
static bool same_repository(const char *signed_ref, const dd_regref *img)
{
    dd_regref s;
    dd_error ignore = {0};
    if (dd_regref_parse(signed_ref, &s, &ignore) < 0)
        return false;
    bool same = strcmp(s.host, img->host) == 0 && strcmp(s.repo, img->repo) == 0;
    dd_regref_free(&s);
    return same;
}

/* How good a status is, to keep the best one per key. */
static int rank(dd_sig_status s)
{
    return s == DD_SIG_OK ? 4 : s == DD_SIG_BAD_DIGEST ? 3 : s == DD_SIG_BAD_IDENTITY ? 2 : 1;
}

int dd_verify_image(const char *ref, const dd_sig_key *const *keys, size_t nkeys,
                    const dd_registry_opts *ro, dd_verify_result *res, dd_error *e)
{
    memset(res, 0, sizeof *res);
    dd_regref rr;
    if (dd_regref_parse(ref, &rr, e) < 0)
        return -1;
    res->reference = dd_regref_string(&rr);
    res->keys = dd_xcalloc(nkeys ? nkeys : 1, sizeof *res->keys);
    res->nkeys = nkeys;
    for (size_t k = 0; k < nkeys; k++) {
        res->keys[k].key = keys[k];
        res->keys[k].status = DD_SIG_MISSING;
    }
    dd_registry *reg = NULL;
    json_t *man = NULL;
    int rc = -1;
    if (dd_registry_open(&reg, rr.host, ro, e) < 0 || resolve(reg, &rr, res->digest, e) < 0)
        goto out;
    bool absent;
    man = get_sig_manifest(reg, rr.repo, res->digest, &absent, e);
    if (!man) {
        if (!absent)
            goto out;
        for (size_t k = 0; k < nkeys; k++)
            snprintf(res->keys[k].detail, sizeof res->keys[k].detail,
                     "no signature manifest for %s", res->digest);
        rc = 0;
        goto out;
    }
    for (size_t k = 0; k < nkeys; k++) {
        res->keys[k].status = DD_SIG_NO_KEY;
        snprintf(res->keys[k].detail, sizeof res->keys[k].detail,
                 "none of the signatures verifies with this key");
    }
    size_t i;
    json_t *l;
    json_array_foreach(json_object_get(man, "layers"), i, l)
    {
        const char *mt = json_string_value(json_object_get(l, "mediaType"));
        if (!mt || strcmp(mt, DD_SIG_MEDIA_TYPE) != 0)
            continue; /* attestations and other attachments */
        res->nsignatures++;
        const char *dg = json_string_value(json_object_get(l, "digest"));
        const char *sig = json_string_value(
            json_object_get(json_object_get(l, "annotations"), DD_SIG_ANNOTATION));
        json_int_t size = json_integer_value(json_object_get(l, "size"));
        if (!sig || size < 0 || (size_t)size > DD_SIG_MAX_PAYLOAD)
            continue;
        char *payload = NULL;
        size_t plen = 0;
        dd_error be = {0};
        if (dd_registry_get_blob(reg, rr.repo, dg, DD_SIG_MAX_PAYLOAD, &payload, &plen, &be) < 0) {
            /* A payload that is missing or does not match its digest is no signature; an
             * unreachable registry is an error for the whole check. */
            if (be.kind == DD_ERR_INPUT || strstr(be.msg, "HTTP 404"))
                continue;
            *e = be;
            goto out;
        }
        for (size_t k = 0; k < nkeys; k++) {
            dd_verify_key_result *kr = &res->keys[k];
            if (kr->status == DD_SIG_OK)
                continue;
            dd_error ve = {0};
            if (dd_sig_verify(keys[k], payload, plen, sig, &ve) < 0)
                continue;
            dd_sig_payload p;
            dd_sig_status st;
            char detail[512];
            if (dd_sig_payload_parse(payload, plen, &p, &ve) < 0) {
                st = DD_SIG_NO_KEY;
                snprintf(detail, sizeof detail, "%s", ve.msg);
            } else if (strcmp(p.digest, res->digest) != 0) {
                st = DD_SIG_BAD_DIGEST;
                snprintf(detail, sizeof detail, "a signature by this key is for %s, not %s",
                         p.digest, res->digest);
            } else if (!same_repository(p.reference, &rr)) {
                st = DD_SIG_BAD_IDENTITY;
                snprintf(detail, sizeof detail, "a signature by this key is for %.300s",
                         p.reference);
            } else {
                st = DD_SIG_OK;
                snprintf(detail, sizeof detail, "signed as %.300s", p.reference);
            }
            dd_sig_payload_free(&p);
            if (rank(st) > rank(kr->status)) {
                kr->status = st;
                memcpy(kr->detail, detail, sizeof detail);
            }
        }
        free(payload);
    }
    rc = 0;
out:
    if (man)
        json_decref(man);
    dd_registry_free(reg);
    dd_regref_free(&rr);
    return rc;
}
