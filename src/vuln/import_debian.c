/* Debian security tracker JSON (https://security-tracker.debian.org/tracker/data/json):
 *   {SOURCE: {ID: {description, scope, releases: {CODENAME: {status, fixed_version,
 *    urgency, nodsa, nodsa_reason, repositories}}}}}
 * status resolved + fixed_version "0": not affected; resolved + version: fixed there;
 * open: unfixed, or will_not_fix (nodsa / nodsa_reason "ignored"), postponed
 * (nodsa_reason "postponed"), end_of_life (urgency "end-of-life"); undetermined.
 * urgency -> severity: unimportant/low -> low, medium -> medium, high -> high,
 * critical/emergency -> critical (changelog urgencies, which feeds derived from
 * debian/changelog carry, e.g. ../shared/data), the rest ("not yet assigned",
 * "end-of-life") unknown; a trailing '*' or '**' is dropped. */
#include <string.h>

#include "core/mem.h"
#include "vuln/import.h"

#define DEBIAN_SOURCE "debian-tracker"
/* One source package of the real feed is at most a few megabytes (linux). */
#define DEBIAN_MAX_MEMBER (64u << 20)

typedef struct {
    dd_vdb_txn *t;
    const char *name;
    dd_import_stats *st;
} dctx;

static dd_severity urgency_severity(const char *u)
{
    if (!u)
        return DD_SEV_UNKNOWN;
    size_t n = strcspn(u, "* ");
    if ((n == 3 && strncmp(u, "low", 3) == 0) || (n == 11 && strncmp(u, "unimportant", 11) == 0))
        return DD_SEV_LOW;
    if (n == 6 && strncmp(u, "medium", 6) == 0)
        return DD_SEV_MEDIUM;
    if (n == 4 && strncmp(u, "high", 4) == 0)
        return DD_SEV_HIGH;
    if ((n == 8 && strncmp(u, "critical", 8) == 0) || (n == 9 && strncmp(u, "emergency", 9) == 0))
        return DD_SEV_CRITICAL;
    return DD_SEV_UNKNOWN;
}

/* A bounded optional string member: NULL when absent, error when not a string or too long. */
static int get_str(json_t *obj, const char *key, size_t max, const char **out, const dctx *c,
                   const char *pkg, const char *id, dd_error *e)
{
    json_t *v = json_object_get(obj, key);
    *out = NULL;
    if (!v || json_is_null(v))
        return 0;
    if (!json_is_string(v))
        return dd_error_set(e, DD_ERR_INPUT, 0, "%s: package %.64s, %.64s: \"%s\" is not a string",
                            c->name, pkg, id, key);
    if (json_string_length(v) > max)
        return dd_error_set(e, DD_ERR_INPUT, 0,
                            "%s: package %.64s, %.64s: \"%s\" is %zu bytes (limit %zu)", c->name,
                            pkg, id, key, json_string_length(v), max);
    *out = json_string_value(v);
    return 0;
}

static int deb_release(const dctx *c, const char *pkg, const char *id, const char *rel,
                       json_t *r, dd_error *e)
{
    if (!json_is_object(r))
        return dd_error_set(e, DD_ERR_INPUT, 0, "%s: package %.64s, %.64s, release %.32s: expected an object",
                            c->name, pkg, id, rel);
    const char *status, *fixed, *urgency, *nodsa, *nodsa_reason;
    if (get_str(r, "status", 64, &status, c, pkg, id, e) < 0 ||
        get_str(r, "fixed_version", DD_FEED_MAX_VERSION, &fixed, c, pkg, id, e) < 0 ||
        get_str(r, "urgency", 64, &urgency, c, pkg, id, e) < 0 ||
        get_str(r, "nodsa", DD_FEED_MAX_TITLE, &nodsa, c, pkg, id, e) < 0 ||
        get_str(r, "nodsa_reason", 64, &nodsa_reason, c, pkg, id, e) < 0)
        return -1;
    if (!status)
        return dd_error_set(e, DD_ERR_INPUT, 0, "%s: package %.64s, %.64s, release %.32s: no \"status\"",
                            c->name, pkg, id, rel);
    dd_vdb_affected a = {
        .ecosystem = "Debian",
        .release = rel,
        .package = pkg,
        .advisory = id,
        .severity = urgency_severity(urgency),
        .range_type = DD_VRANGE_ALL,
    };
    if (strcmp(status, "resolved") == 0) {
        if (fixed && strcmp(fixed, "0") != 0) {
            a.status = DD_VST_FIXED;
            a.range_type = DD_VRANGE_ECOSYSTEM;
            a.fixed = fixed;
        } else {
            a.status = DD_VST_NOT_AFFECTED;
        }
    } else if (strcmp(status, "open") == 0) {
        if (urgency && strcmp(urgency, "end-of-life") == 0)
            a.status = DD_VST_END_OF_LIFE;
        else if (nodsa_reason && strcmp(nodsa_reason, "postponed") == 0)
            a.status = DD_VST_POSTPONED;
        else if ((nodsa_reason && strcmp(nodsa_reason, "ignored") == 0) || nodsa)
            a.status = DD_VST_WILL_NOT_FIX;
        else
            a.status = DD_VST_UNFIXED;
    } else if (strcmp(status, "not-affected") == 0) {
        a.status = DD_VST_NOT_AFFECTED;
    } else {
        a.status = DD_VST_UNDETERMINED; /* "undetermined", and anything newer */
    }
    return dd_vdb_add_affected(c->t, &a, e);
}

static int deb_package(const char *pkg, json_t *cves, void *ud, dd_error *e)
{
    dctx *c = ud;
    if (strlen(pkg) > DD_FEED_MAX_NAME)
        return dd_error_set(e, DD_ERR_INPUT, 0, "%s: package name of %zu bytes (limit %d)", c->name,
                            strlen(pkg), DD_FEED_MAX_NAME);
    if (!json_is_object(cves))
        return dd_error_set(e, DD_ERR_INPUT, 0,
                            "%s: package %.64s: expected an object of advisories (not a Debian "
                            "tracker feed?)",
                            c->name, pkg);
    const char *id;
    json_t *cve;
    json_object_foreach(cves, id, cve)
    {
        if (strlen(id) > DD_FEED_MAX_ID)
            return dd_error_set(e, DD_ERR_INPUT, 0, "%s: package %.64s: advisory id of %zu bytes (limit %d)",
                                c->name, pkg, strlen(id), DD_FEED_MAX_ID);
        if (!json_is_object(cve))
            return dd_error_set(e, DD_ERR_INPUT, 0, "%s: package %.64s, %.64s: expected an object",
                                c->name, pkg, id);
        json_t *rels = json_object_get(cve, "releases");
        if (!rels)
            continue;
        if (!json_is_object(rels))
            return dd_error_set(e, DD_ERR_INPUT, 0, "%s: package %.64s, %.64s: \"releases\" is not an object",
                                c->name, pkg, id);
        json_t *desc = json_object_get(cve, "description");
        char *title = NULL;
        if (json_is_string(desc)) {
            const char *d = json_string_value(desc);
            size_t n = strcspn(d, "\n");
            title = dd_xstrndup(d, n > DD_FEED_MAX_TITLE ? DD_FEED_MAX_TITLE : n);
        }
        int rc = dd_vdb_add_advisory(c->t, id, title, DD_SEV_UNKNOWN, NULL, e);
        free(title);
        if (rc < 0)
            return -1;
        const char *rel;
        json_t *r;
        json_object_foreach(rels, rel, r)
        {
            if (strlen(rel) > 64)
                return dd_error_set(e, DD_ERR_INPUT, 0, "%s: package %.64s, %.64s: release name too long",
                                    c->name, pkg, id);
            if (deb_release(c, pkg, id, rel, r, e) < 0)
                return -1;
        }
    }
    return 0;
}

int dd_import_debian_json(dd_vdb_txn *t, const char *name, const char *data, size_t len,
                          dd_import_stats *st, dd_error *e)
{
    dctx c = {t, name, st};
    if (dd_vdb_source_begin(t, DEBIAN_SOURCE, e) < 0)
        return -1;
    if (dd_json_each_member(name, data, len, DEBIAN_MAX_MEMBER, deb_package, &c, e) < 0)
        return -1;
    st->kind = DD_FEED_DEBIAN;
    free(st->source);
    st->source = dd_xstrdup(DEBIAN_SOURCE);
    st->advisories += t->n_adv;
    st->affected += t->n_aff;
    st->bytes += len;
    return 0;
}
