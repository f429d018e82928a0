/* The trust evaluation of running images (see trust.h). Results are cached per image id:
 * fifty containers of one image cost one registry round trip. */
#include "sign/trust.h"

#include <string.h>

#include "core/buf.h"
#include "core/cleanup.h"
#include "core/mem.h"
#include "engine/engine.h"

void dd_trust_ctx_init(dd_trust_ctx *c, const dd_trust_policy *p, const dd_registry_opts *ro,
                       const dd_sig_key *const *extra, size_t nextra)
{
    memset(c, 0, sizeof *c);
    c->policy = p;
    if (ro)
        c->ro = *ro;
    size_t n = c->ro.ninsecure + p->ninsecure;
    c->insecure = dd_xcalloc(n ? n : 1, sizeof *c->insecure);
    for (size_t i = 0; i < c->ro.ninsecure; i++)
        c->insecure[i] = c->ro.insecure[i];
    for (size_t i = 0; i < p->ninsecure; i++)
        c->insecure[c->ro.ninsecure + i] = p->insecure[i];
    c->ro.insecure = c->insecure;
    c->ro.ninsecure = n;
    c->extra = extra;
    c->nextra = nextra;
    c->cache = json_object();
    c->keys = json_object();
}

void dd_trust_ctx_free(dd_trust_ctx *c)
{
    const char *k;
    json_t *v;
    json_object_foreach(c->keys, k, v)
        dd_sig_key_free((dd_sig_key *)(uintptr_t)json_integer_value(v));
    json_decref(c->keys);
    json_decref(c->cache);
    free(c->insecure);
    memset(c, 0, sizeof *c);
}

static const dd_sig_key *policy_key(dd_trust_ctx *c, const char *path, dd_error *e)
{
    json_t *v = json_object_get(c->keys, path);
    if (v)
        return (const dd_sig_key *)(uintptr_t)json_integer_value(v);
    dd_sig_key *k = NULL;
    if (dd_sig_key_load_public(&k, path, e) < 0)
        return NULL;
    json_object_set_new(c->keys, path, json_integer((json_int_t)(uintptr_t)k));
    return k;
}

static json_t *verdict(dd_status st, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static json_t *verdict(dd_status st, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *m = NULL;
    if (vasprintf(&m, fmt, ap) < 0)
        m = NULL;
    va_end(ap);
    json_t *j = json_pack("[i, s]", (int)st, m ? m : "");
    free(m);
    return j;
}

/* The RepoDigests entry to judge: the one of the repository the container was started
 * from (an image pushed to several repositories has one per repository), else the first
 * from a trusted registry, else the first. */
static const char *pick_digest(const dd_trust_ctx *c, const char *image, const json_t *rds,
                               dd_regref *rr)
{
    dd_regref want = {0};
    dd_error ignore = {0};
    bool have_want = image && dd_regref_parse(image, &want, &ignore) == 0;
    const char *best = NULL;
    int best_score = -1;
    size_t i;
    json_t *x;
    json_array_foreach(rds, i, x)
    {
        const char *s = json_string_value(x);
        dd_regref t;
        if (!s || dd_regref_parse(s, &t, &ignore) < 0 || !t.digest)
            continue;
        int score = 0;
        if (have_want && strcmp(t.host, want.host) == 0 && strcmp(t.repo, want.repo) == 0)
            score = 2;
        else if (dd_trust_registry_match(c->policy->registries, c->policy->nregistries, t.host))
            score = 1;
        if (score > best_score) {
            if (best)
                dd_regref_free(rr);
            *rr = t;
            best = s;
            best_score = score;
        } else {
            dd_regref_free(&t);
        }
    }
    if (have_want)
        dd_regref_free(&want);
    return best;
}

/* DD-TRUST-REGISTRY for one image: no network. */
static json_t *eval_registry(dd_trust_ctx *c, const char *image, const json_t *inspect)
{
    dd_regref rr = {0};
    const char *rd = pick_digest(c, image, json_object_get(inspect, "RepoDigests"), &rr);
    json_t *v;
    if (!rd)
        v = verdict(DD_STATUS_FAIL,
                    "image %s has no registry digest: it was built or loaded "
                    "on this host",
                    image);
    else if (!c->policy->nregistries)
        v = verdict(DD_STATUS_INFO, "%s: the trust policy lists no registries", rd);
    else if (dd_trust_registry_match(c->policy->registries, c->policy->nregistries, rr.host))
        v = verdict(DD_STATUS_PASS, "%s is from trusted registry %s", rd, rr.host);
    else
        v = verdict(DD_STATUS_FAIL, "%s is from %s, not a trusted registry", rd, rr.host);
    dd_regref_free(&rr);
    return v;
}

/* DD-TRUST-SIGNED for one image: the signatures in its registry. */
static json_t *eval_signed(dd_trust_ctx *c, const char *image, const json_t *inspect)
{
    dd_regref rr = {0};
    const char *rd = pick_digest(c, image, json_object_get(inspect, "RepoDigests"), &rr);
    if (!rd)
        return verdict(DD_STATUS_FAIL,
                       "image %s has no registry digest, so no signature can "
                       "name it",
                       image);
    _cleanup_free_ char *repo = dd_regref_repository(&rr);
    dd_regref_free(&rr);
    const dd_trust_repo *rule = dd_trust_repo_for(c->policy, repo);
    size_t nk = (rule ? rule->nkeys : 0) + c->nextra;
    if (nk == 0)
        return verdict(DD_STATUS_INFO, "%s: the trust policy requires no signer for %s", rd, repo);
    _cleanup_free_ const dd_sig_key **keys = dd_xcalloc(nk, sizeof *keys);
    size_t k = 0;
    dd_error e = {0};
    for (size_t i = 0; rule && i < rule->nkeys; i++)
        if (!(keys[k++] = policy_key(c, rule->keys[i], &e)))
            return verdict(DD_STATUS_ERROR, "%s: policy key: %s", rd, e.msg);
    for (size_t i = 0; i < c->nextra; i++)
        keys[k++] = c->extra[i];
    dd_verify_result vr;
    if (dd_verify_image(rd, keys, nk, &c->ro, &vr, &e) < 0)
        return verdict(DD_STATUS_ERROR, "%s: could not check signatures: %s", rd, e.msg);
    dd_buf bad = DD_BUF_INIT;
    for (size_t i = 0; i < vr.nkeys; i++)
        if (vr.keys[i].status != DD_SIG_OK)
            dd_buf_printf(&bad, "%skey %s: %s (%s)", bad.len ? "; " : "",
                          dd_sig_key_path(vr.keys[i].key), dd_sig_status_name(vr.keys[i].status),
                          vr.keys[i].detail);
    json_t *v = bad.len ? verdict(DD_STATUS_FAIL, "%s: %s", rd, bad.data)
                        : verdict(DD_STATUS_PASS, "%s: signed by %zu required key%s", rd, nk,
                                  nk == 1 ? "" : "s");
    dd_buf_free(&bad);
    dd_verify_result_free(&vr);
    return v;
}

static void emit(dd_report *r, const dd_rule *rule, const char *target, const json_t *v,
                 const char *image, const char *id)
{
    dd_finding *f = dd_report_add(r, rule, (dd_status)json_integer_value(json_array_get(v, 0)),
                                  target, "%s", json_string_value(json_array_get(v, 1)));
    f->props = json_pack("{s:s, s:s?}", "image", image, "image_id", id);
}

void dd_trust_check_container(dd_trust_ctx *c, const char *target, const char *image,
                              const json_t *inspect, unsigned rules, dd_report *r)
{
    const char *id = json_string_value(json_object_get(inspect, "Id"));
    json_t *slot = id ? json_object_get(c->cache, id) : NULL;
    if (!slot) {
        slot = json_object();
        json_object_set_new(c->cache, id ? id : "", slot);
    }
    static const struct {
        unsigned bit;
        const char *key;
        json_t *(*eval)(dd_trust_ctx *, const char *, const json_t *);
    } parts[] = {{DD_TRUST_REGISTRY, "registry", eval_registry},
                 {DD_TRUST_SIGNED, "signed", eval_signed}};
    for (size_t i = 0; i < DD_ARRAY_SIZE(parts); i++) {
        if (!(rules & parts[i].bit))
            continue;
        json_t *v = json_object_get(slot, parts[i].key);
        if (!v || !id) {
            v = parts[i].eval(c, image, inspect);
            json_object_set_new(slot, parts[i].key, v);
        }
        emit(r, parts[i].bit == DD_TRUST_REGISTRY ? dd_rule_trust_registry : dd_rule_trust_signed,
             target, v, image, id);
    }
}

int dd_trust_check_running(dd_trust_ctx *c, const struct dd_engine_config *ec, dd_report *r,
                           dd_error *e)
{
    dd_engine *eng = NULL;
    if (dd_engine_open(&eng, ec, e) < 0)
        return -1;
    int rc = -1;
    json_t *list = NULL;
    long status = 0;
    if (dd_engine_connect(eng, e) < 0 ||
        dd_engine_get_json(eng, "/containers/json", &list, &status, e) < 0)
        goto out;
    if (!json_is_array(list)) {
        dd_error_set(e, DD_ERR_INPUT, 0, "the daemon's container list is not an array");
        goto out;
    }
    size_t i;
    json_t *ct;
    json_array_foreach(list, i, ct)
    {
        const char *name = json_string_value(json_array_get(json_object_get(ct, "Names"), 0));
        const char *image = json_string_value(json_object_get(ct, "Image"));
        const char *iid = json_string_value(json_object_get(ct, "ImageID"));
        if (name && name[0] == '/')
            name++;
        if (!name || !image || !iid)
            continue;
        _cleanup_free_ char *esc = dd_engine_escape(iid);
        _cleanup_free_ char *path = dd_xasprintf("/images/%s/json", esc);
        json_t *insp = NULL;
        dd_error ie = {0};
        if (dd_engine_get_json(eng, path, &insp, &status, &ie) < 0) {
            dd_report_add(r, dd_rule_trust_registry, DD_STATUS_ERROR, name,
                          "cannot inspect image %s: %s", image, ie.msg);
            dd_report_add(r, dd_rule_trust_signed, DD_STATUS_ERROR, name,
                          "cannot inspect image %s: %s", image, ie.msg);
            continue;
        }
        dd_trust_check_container(c, name, image, insp, DD_TRUST_REGISTRY | DD_TRUST_SIGNED, r);
        json_decref(insp);
    }
    if (json_array_size(list) == 0) {
        dd_report_add(r, dd_rule_trust_registry, DD_STATUS_INFO, "host", "no running containers");
        dd_report_add(r, dd_rule_trust_signed, DD_STATUS_INFO, "host", "no running containers");
    }
    json_object_set_new(r->meta, "containers", json_integer((json_int_t)json_array_size(list)));
    rc = 0;
out:
    if (list)
        json_decref(list);
    dd_engine_free(eng);
    return rc;
}
