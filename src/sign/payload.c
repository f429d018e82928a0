/* The simple-signing payload, built and parsed with containers/image's strictness:
 * exactly the fields the format defines in "critical" (an unknown critical field means
 * a format we do not understand, so it is refused), anything in "optional". */
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "core/cleanup.h"
#include "core/mem.h"
#include "sign/sign.h"

char *dd_sig_payload_build(const char *reference, const char *digest, size_t *len)
{
    json_t *j = json_pack("{s:{s:{s:s}, s:{s:s}, s:s}, s:{s:s, s:I}}", "critical", "identity",
                          "docker-reference", reference, "image", "docker-manifest-digest", digest,
                          "type", DD_SIG_PAYLOAD_TYPE, "optional", "creator", "drydock " DD_VERSION,
                          "timestamp", (json_int_t)time(NULL));
    char *s = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(j);
    *len = strlen(s);
    return s;
}

void dd_sig_payload_free(dd_sig_payload *p)
{
    free(p->reference);
    free(p->creator);
    memset(p, 0, sizeof *p);
}

/* `o` must be an object with exactly the keys in `keys`. */
static int exact(const json_t *o, const char *what, const char *const *keys, size_t n, dd_error *e)
{
    if (!json_is_object(o))
        return dd_error_set(e, DD_ERR_INPUT, 0, "signature payload: %s is not an object", what);
    if (json_object_size(o) != n) {
        const char *k;
        json_t *v;
        json_object_foreach((json_t *)o, k, v)
        {
            bool known = false;
            for (size_t i = 0; i < n; i++)
                known |= strcmp(k, keys[i]) == 0;
            if (!known)
                return dd_error_set(e, DD_ERR_INPUT, 0, "signature payload: unknown field %s.%.64s",
                                    what, k);
        }
        return dd_error_set(e, DD_ERR_INPUT, 0, "signature payload: %s lacks a field", what);
    }
    for (size_t i = 0; i < n; i++)
        if (!json_object_get(o, keys[i]))
            return dd_error_set(e, DD_ERR_INPUT, 0, "signature payload: %s has no %s", what,
                                keys[i]);
    return 0;
}

int dd_sig_payload_parse(const char *p, size_t len, dd_sig_payload *out, dd_error *e)
{
    memset(out, 0, sizeof *out);
    if (len > DD_SIG_MAX_PAYLOAD)
        return dd_error_set(e, DD_ERR_INPUT, 0, "signature payload: %zu bytes is too large", len);
    json_error_t je;
    _cleanup_json_ json_t *j = json_loadb(p, len, JSON_REJECT_DUPLICATES, &je);
    if (!j)
        return dd_error_set(e, DD_ERR_INPUT, 0, "signature payload: invalid JSON at %d:%d: %s",
                            je.line, je.column, je.text);
    static const char *const top[] = {"critical", "optional"};
    static const char *const crit[] = {"type", "image", "identity"};
    static const char *const img[] = {"docker-manifest-digest"};
    static const char *const ident[] = {"docker-reference"};
    if (exact(j, "the payload", top, 2, e) < 0)
        return -1;
    json_t *c = json_object_get(j, "critical");
    if (exact(c, "critical", crit, 3, e) < 0 ||
        exact(json_object_get(c, "image"), "critical.image", img, 1, e) < 0 ||
        exact(json_object_get(c, "identity"), "critical.identity", ident, 1, e) < 0)
        return -1;
    const char *type = json_string_value(json_object_get(c, "type"));
    if (!type || strcmp(type, DD_SIG_PAYLOAD_TYPE) != 0)
        return dd_error_set(e, DD_ERR_INPUT, 0, "signature payload: type '%.100s' is not '%s'",
                            type ? type : "(not a string)", DD_SIG_PAYLOAD_TYPE);
    const char *dg =
        json_string_value(json_object_get(json_object_get(c, "image"), "docker-manifest-digest"));
    if (!dg || !dd_digest_checkable(dg))
        return dd_error_set(e, DD_ERR_INPUT, 0,
                            "signature payload: docker-manifest-digest is not a digest");
    const char *ref =
        json_string_value(json_object_get(json_object_get(c, "identity"), "docker-reference"));
    if (!ref || !*ref || strlen(ref) > 1024)
        return dd_error_set(e, DD_ERR_INPUT, 0,
                            "signature payload: docker-reference is not a reference");
    json_t *opt = json_object_get(j, "optional");
    if (!json_is_null(opt) && !json_is_object(opt))
        return dd_error_set(e, DD_ERR_INPUT, 0, "signature payload: optional is not an object");
    json_t *ts = json_object_get(opt, "timestamp");
    double tv = json_is_real(ts) ? json_real_value(ts) : 0;
    if (ts && !json_is_integer(ts) &&
        !(json_is_real(ts) && tv > -9e18 && tv < 9e18 && tv == (double)(long long)tv))
        return dd_error_set(e, DD_ERR_INPUT, 0,
                            "signature payload: optional.timestamp is not an integer");
    json_t *cr = json_object_get(opt, "creator");
    if (cr && !json_is_string(cr))
        return dd_error_set(e, DD_ERR_INPUT, 0,
                            "signature payload: optional.creator is not a "
                            "string");
    snprintf(out->digest, sizeof out->digest, "%s", dg);
    out->reference = dd_xstrdup(ref);
    out->creator = dd_xstrdup(json_string_value(cr));
    out->timestamp = json_is_integer(ts) ? (long long)json_integer_value(ts)
                     : json_is_real(ts)  ? (long long)json_real_value(ts)
                                         : 0;
    return 0;
}
