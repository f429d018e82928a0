/* Alpine secdb JSON (https://secdb.alpinelinux.org/vX.Y/REPO.json):
 *   {distroversion: "v3.19", reponame: "main", packages: [{pkg: {name, secfixes:
 *    {VERSION: [ID, ...]}}}]}
 * Each id is fixed in VERSION. Entries are free text in places ("CVE-1 XSA-2",
 * "CVE-1 (+ regression fix)", "CVE 2018-1", null): every word that looks like an id is one;
 * version "0" means the package was never affected. No severity in this feed. */
#include <ctype.h>
#include <stdbool.h>
#include <string.h>

#include "core/cleanup.h"
#include "core/mem.h"
#include "vuln/import.h"

/* An advisory id: a letter first, then a '-' followed by a digit somewhere
 * ("CVE-2019-1", "XSA-182", "TALOS-2019-0844", "GHSA-..."). Words of free text in the
 * feed ("(BGP)", "partially") are not ids. */
static bool looks_like_id(const char *w)
{
    if (!isalpha((unsigned char)w[0]))
        return false;
    for (const char *p = w; *p; p++) {
        if (!isalnum((unsigned char)*p) && *p != '-' && *p != '_' && *p != '.' && *p != ':')
            return false;
    }
    const char *dash = strchr(w, '-');
    return dash && isdigit((unsigned char)dash[1]);
}

static int bad(dd_error *e, const char *name, const char *what, const char *pkg)
{
    if (pkg)
        return dd_error_set(e, DD_ERR_INPUT, 0, "%s: package %.64s: %s", name, pkg, what);
    return dd_error_set(e, DD_ERR_INPUT, 0, "%s: %s (not an Alpine secdb feed?)", name, what);
}

int dd_import_alpine_json(dd_vdb_txn *t, const char *name, const char *data, size_t len,
                          dd_import_stats *st, dd_error *e)
{
    json_error_t je;
    _cleanup_json_ json_t *root = json_loadb(data, len, 0, &je);
    if (!root)
        return dd_error_set(e, DD_ERR_INPUT, 0, "%s: line %d column %d: %s", name, je.line,
                            je.column, je.text);
    json_t *dv = json_object_get(root, "distroversion");
    json_t *repo = json_object_get(root, "reponame");
    json_t *pkgs = json_object_get(root, "packages");
    if (!json_is_string(dv) || json_string_length(dv) > 32)
        return bad(e, name, "no \"distroversion\" string", NULL);
    if (repo && (!json_is_string(repo) || json_string_length(repo) > 64))
        return bad(e, name, "\"reponame\" is not a short string", NULL);
    /* An empty repository is published as "packages": null. */
    if (!json_is_array(pkgs) && !(json_is_null(pkgs) && json_object_get(root, "packages")))
        return bad(e, name, "no \"packages\" array", NULL);
    const char *release = json_string_value(dv);
    _cleanup_free_ char *source =
        dd_xasprintf("alpine-secdb:%s/%s", release, repo ? json_string_value(repo) : "main");
    if (dd_vdb_source_begin(t, source, e) < 0)
        return -1;
    size_t i;
    json_t *p;
    json_array_foreach(pkgs, i, p)
    {
        json_t *pkg = json_object_get(p, "pkg");
        json_t *jn = json_object_get(pkg, "name");
        if (!json_is_string(jn))
            return dd_error_set(e, DD_ERR_INPUT, 0, "%s: packages[%zu]: no pkg.name string", name, i);
        const char *pname = json_string_value(jn);
        if (json_string_length(jn) > DD_FEED_MAX_NAME)
            return dd_error_set(e, DD_ERR_INPUT, 0, "%s: packages[%zu]: name of %zu bytes (limit %d)",
                                name, i, json_string_length(jn), DD_FEED_MAX_NAME);
        json_t *fixes = json_object_get(pkg, "secfixes");
        if (!fixes || json_is_null(fixes))
            continue;
        if (!json_is_object(fixes))
            return bad(e, name, "\"secfixes\" is not an object", pname);
        const char *ver;
        json_t *ids;
        json_object_foreach(fixes, ver, ids)
        {
            if (strlen(ver) > DD_FEED_MAX_VERSION)
                return dd_error_set(e, DD_ERR_INPUT, 0, "%s: package %.64s: version of %zu bytes (limit %d)",
                                    name, pname, strlen(ver), DD_FEED_MAX_VERSION);
            if (json_is_null(ids))
                continue; /* "7.4.0-r0": null occurs in the real feed */
            if (!json_is_array(ids))
                return dd_error_set(e, DD_ERR_INPUT, 0, "%s: package %.64s, version %.64s: expected an array of ids",
                                    name, pname, ver);
            bool not_affected = strcmp(ver, "0") == 0;
            size_t k;
            json_t *jid;
            json_array_foreach(ids, k, jid)
            {
                if (!json_is_string(jid))
                    return dd_error_set(e, DD_ERR_INPUT, 0, "%s: package %.64s, version %.64s: id is not a string",
                                        name, pname, ver);
                if (json_string_length(jid) > 4096)
                    return dd_error_set(e, DD_ERR_INPUT, 0, "%s: package %.64s, version %.64s: id entry of %zu bytes",
                                        name, pname, ver, json_string_length(jid));
                _cleanup_free_ char *copy = dd_xstrdup(json_string_value(jid));
                char *save = NULL;
                char *prev = NULL;
                for (char *w = strtok_r(copy, " \t,", &save); w; prev = w, w = strtok_r(NULL, " \t,", &save)) {
                    _cleanup_free_ char *joined = NULL;
                    const char *id = w;
                    /* "CVE 2018-16859" occurs: rejoin it. */
                    if (prev && strcmp(prev, "CVE") == 0 && isdigit((unsigned char)w[0]))
                        id = joined = dd_xasprintf("CVE-%s", w);
                    if (!looks_like_id(id))
                        continue; /* "(+ regression fix)", "XSA" notes and the like */
                    if (strlen(id) > DD_FEED_MAX_ID)
                        return dd_error_set(e, DD_ERR_INPUT, 0, "%s: package %.64s: id of %zu bytes (limit %d)",
                                            name, pname, strlen(id), DD_FEED_MAX_ID);
                    dd_vdb_affected a = {
                        .ecosystem = "Alpine",
                        .release = release,
                        .package = pname,
                        .advisory = id,
                        .status = not_affected ? DD_VST_NOT_AFFECTED : DD_VST_FIXED,
                        .range_type = not_affected ? DD_VRANGE_ALL : DD_VRANGE_ECOSYSTEM,
                        .fixed = not_affected ? NULL : ver,
                    };
                    if (dd_vdb_add_advisory(t, id, NULL, DD_SEV_UNKNOWN, NULL, e) < 0 ||
                        dd_vdb_add_affected(t, &a, e) < 0)
                        return -1;
                }
            }
        }
    }
    st->kind = DD_FEED_ALPINE;
    free(st->source);
    st->source = steal_pointer(&source);
    st->advisories += t->n_adv;
    st->affected += t->n_aff;
    st->bytes += len;
    return 0;
}
