/* OSV JSON (https://ossf.github.io/osv-schema/): one record, an array of records, or
 * (via import.c) a directory or zip of them. Every ecosystem of the table in version.h is
 * kept: Debian:N, Ubuntu:YY.MM[:LTS], Alpine:vX.Y, Red Hat:enterprise_linux:N[::stream],
 * Rocky Linux:N, AlmaLinux:N, PyPI, npm, Go, Maven, crates.io, RubyGems, Packagist.
 * What is not matched (other ecosystems, Ubuntu Pro and Red Hat EUS/AUS streams, other
 * package repositories) is counted by ecosystem and reason in the import statistics,
 * never dropped silently; GIT ranges (commits, not versions) are skipped.
 *
 * Go: bounds are stored in the canonical "v" form installed versions have ("0.17.0" ->
 * "v0.17.0"), and standard-library packages ("net/http": a first path element without a
 * dot; the Go database's "stdlib") are stored as "stdlib", the package a binary's
 * toolchain version is matched as. Aliases are the record's aliases and its upstream ids
 * (Ubuntu and Red Hat records name the CVE there).
 *
 * Each ECOSYSTEM/SEMVER range becomes intervals
 * [introduced, fixed) or [introduced, last_affected] after sorting its events with the
 * ecosystem's ordering (the spec does not require sorted events); "limit" caps an
 * interval left open. Explicit `versions` lists are kept as they are. Severity: the
 * database_specific severity (GHSA), else the CVSS v3 base score computed from the
 * vector, else an ecosystem_specific severity. */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/buf.h"
#include "core/cleanup.h"
#include "core/mem.h"
#include "vuln/import.h"
#include "vuln/version.h"

#define OSV_MAX_EVENTS         4096
#define GO_CANON               (DD_FEED_MAX_VERSION + 16) /* room for a canonical Go version */
#define OSV_MAX_VERSIONS_BYTES (1u << 20)

/* CVSS v3.x base score from a vector "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H";
 * -1 when the vector is not a complete v3 vector. */
static double roundup1(double x)
{
    long i = lround(x * 100000);
    if (i % 10000 == 0)
        return (double)i / 100000.0;
    return (floor((double)i / 10000) + 1) / 10.0;
}

double dd_cvss3_score(const char *v)
{
    if (strncmp(v, "CVSS:3.", 7) != 0)
        return -1;
    double av = -1, ac = -1, pr = -1, ui = -1, c = -1, in = -1, a = -1;
    int scope = -1; /* 0 unchanged, 1 changed */
    char prv = 0;
    for (const char *p = strchr(v, '/'); p && p[1]; p = strchr(p + 1, '/')) {
        const char *m = p + 1;
        const char *colon = strchr(m, ':');
        if (!colon)
            return -1;
        size_t n = (size_t)(colon - m);
        char val = colon[1];
#define IS(k) (n == strlen(k) && strncmp(m, k, n) == 0)
        if (IS("AV"))
            av = val == 'N' ? 0.85 : val == 'A' ? 0.62 : val == 'L' ? 0.55 : val == 'P' ? 0.2 : -1;
        else if (IS("AC"))
            ac = val == 'L' ? 0.77 : val == 'H' ? 0.44 : -1;
        else if (IS("PR"))
            prv = val;
        else if (IS("UI"))
            ui = val == 'N' ? 0.85 : val == 'R' ? 0.62 : -1;
        else if (IS("S"))
            scope = val == 'U' ? 0 : val == 'C' ? 1 : -1;
        else if (IS("C"))
            c = val == 'H' ? 0.56 : val == 'L' ? 0.22 : val == 'N' ? 0 : -1;
        else if (IS("I"))
            in = val == 'H' ? 0.56 : val == 'L' ? 0.22 : val == 'N' ? 0 : -1;
        else if (IS("A"))
            a = val == 'H' ? 0.56 : val == 'L' ? 0.22 : val == 'N' ? 0 : -1;
#undef IS
    }
    if (scope < 0)
        return -1;
    pr = prv == 'N'   ? 0.85
         : prv == 'L' ? (scope ? 0.68 : 0.62)
         : prv == 'H' ? (scope ? 0.5 : 0.27)
                      : -1;
    if (av < 0 || ac < 0 || pr < 0 || ui < 0 || c < 0 || in < 0 || a < 0)
        return -1;
    double iss = 1 - (1 - c) * (1 - in) * (1 - a);
    double impact = scope ? 7.52 * (iss - 0.029) - 3.25 * pow(iss - 0.02, 15) : 6.42 * iss;
    double expl = 8.22 * av * ac * pr * ui;
    if (impact <= 0)
        return 0;
    double s = scope ? 1.08 * (impact + expl) : impact + expl;
    return roundup1(s > 10 ? 10 : s);
}

static dd_severity score_severity(double s)
{
    if (s >= 9.0)
        return DD_SEV_CRITICAL;
    if (s >= 7.0)
        return DD_SEV_HIGH;
    if (s >= 4.0)
        return DD_SEV_MEDIUM;
    if (s > 0)
        return DD_SEV_LOW;
    return DD_SEV_UNKNOWN;
}

/* GHSA (LOW..CRITICAL), Red Hat (Low, Moderate, Important, Critical) and Ubuntu priorities
 * (negligible, low, medium, high, critical; "untriaged" says nothing). */
static dd_severity sev_from_string(json_t *j)
{
    dd_severity s;
    if (!json_is_string(j) || json_string_length(j) >= 32)
        return DD_SEV_UNKNOWN;
    const char *v = json_string_value(j);
    if (strcasecmp(v, "important") == 0)
        return DD_SEV_HIGH;
    if (strcasecmp(v, "negligible") == 0)
        return DD_SEV_LOW;
    if (dd_severity_parse(v, &s) == 0)
        return s;
    return DD_SEV_UNKNOWN;
}

static dd_severity record_severity(json_t *rec)
{
    dd_severity s =
        sev_from_string(json_object_get(json_object_get(rec, "database_specific"), "severity"));
    if (s != DD_SEV_UNKNOWN)
        return s;
    size_t i;
    json_t *x;
    json_array_foreach(json_object_get(rec, "severity"), i, x)
    {
        json_t *type = json_object_get(x, "type"), *score = json_object_get(x, "score");
        if (json_is_string(type) && json_is_string(score) && json_string_length(score) < 256 &&
            strncmp(json_string_value(type), "CVSS_V3", 7) == 0) {
            double sc = dd_cvss3_score(json_string_value(score));
            if (sc >= 0)
                return score_severity(sc);
        }
    }
    /* Ubuntu's own priority, when no CVSS vector says more. */
    json_array_foreach(json_object_get(rec, "severity"), i, x)
    {
        json_t *type = json_object_get(x, "type");
        if (json_is_string(type) && strcmp(json_string_value(type), "Ubuntu") == 0 &&
            (s = sev_from_string(json_object_get(x, "score"))) != DD_SEV_UNKNOWN)
            return s;
    }
    json_array_foreach(json_object_get(rec, "affected"), i, x)
    {
        json_t *es = json_object_get(x, "ecosystem_specific");
        s = sev_from_string(json_object_get(es, "severity"));
        if (s == DD_SEV_UNKNOWN)
            s = sev_from_string(json_object_get(es, "ubuntu_priority"));
        if (s == DD_SEV_UNKNOWN)
            s = sev_from_string(
                json_object_get(json_object_get(x, "database_specific"), "severity"));
        if (s != DD_SEV_UNKNOWN)
            return s;
    }
    return DD_SEV_UNKNOWN;
}

typedef struct {
    int kind; /* 0 introduced, 1 fixed, 2 last_affected, 3 limit */
    const char *v;
    size_t order;
} event;

static dd_ecosystem sort_eco;
static int event_cmp(const void *a, const void *b)
{
    const event *x = a, *y = b;
    bool x0 = x->kind == 0 && strcmp(x->v, "0") == 0, y0 = y->kind == 0 && strcmp(y->v, "0") == 0;
    int c = x0 != y0 ? (x0 ? -1 : 1) : x0 ? 0 : dd_vercmp(sort_eco, x->v, y->v);
    if (c)
        return c;
    return (x->order > y->order) - (x->order < y->order);
}

typedef struct {
    dd_vdb_txn *t;
    const char *name;
    const char *id;
    const char *eco_name;
    const char *release;
    const char *package;
} osv_ctx;

static int add_range(const osv_ctx *c, const char *rtype, const char *intro, const char *fixed,
                     const char *last, dd_error *e)
{
    dd_vdb_affected a = {
        .ecosystem = c->eco_name,
        .release = c->release,
        .package = c->package,
        .advisory = c->id,
        .status = DD_VST_AFFECTED,
        .range_type = rtype,
        .introduced = intro,
        .fixed = fixed,
        .last_affected = last,
    };
    return dd_vdb_add_affected(c->t, &a, e);
}

static int osv_ranges(const osv_ctx *c, dd_ecosystem eco, json_t *ranges, dd_error *e)
{
    size_t i;
    json_t *rg;
    json_array_foreach(ranges, i, rg)
    {
        json_t *type = json_object_get(rg, "type");
        if (!json_is_string(type))
            return dd_error_set(e, DD_ERR_INPUT, 0, "%s: %s: ranges[%zu] has no type", c->name,
                                c->id, i);
        const char *ty = json_string_value(type);
        bool semver = strcmp(ty, "SEMVER") == 0;
        if (!semver && strcmp(ty, "ECOSYSTEM") != 0)
            continue; /* GIT: commits, not versions */
        json_t *evs = json_object_get(rg, "events");
        if (!json_is_array(evs))
            return dd_error_set(e, DD_ERR_INPUT, 0, "%s: %s: ranges[%zu] has no events array",
                                c->name, c->id, i);
        size_t n = json_array_size(evs);
        if (n > OSV_MAX_EVENTS)
            return dd_error_set(e, DD_ERR_INPUT, 0, "%s: %s: %zu events in one range (limit %d)",
                                c->name, c->id, n, OSV_MAX_EVENTS);
        _cleanup_free_ event *ev = dd_xcalloc(n ? n : 1, sizeof *ev);
        size_t k, m = 0;
        json_t *x;
        json_array_foreach(evs, k, x)
        {
            static const char *const kinds[] = {"introduced", "fixed", "last_affected", "limit"};
            int kind = -1;
            json_t *val = NULL;
            for (int q = 0; q < 4 && kind < 0; q++)
                if ((val = json_object_get(x, kinds[q])))
                    kind = q;
            if (kind < 0 || !json_is_string(val))
                return dd_error_set(e, DD_ERR_INPUT, 0,
                                    "%s: %s: ranges[%zu].events[%zu]: expected one of "
                                    "introduced/fixed/last_affected/limit with a string",
                                    c->name, c->id, i, k);
            if (json_string_length(val) > DD_FEED_MAX_VERSION)
                return dd_error_set(
                    e, DD_ERR_INPUT, 0,
                    "%s: %s: ranges[%zu].events[%zu]: version of %zu bytes (limit %d)", c->name,
                    c->id, i, k, json_string_length(val), DD_FEED_MAX_VERSION);
            /* A distribution's versions have a syntax: a feed breaking it is refused,
             * not half-read. */
            const char *ver = json_string_value(val);
            if ((dd_eco(eco)->flags & DD_ECOF_DISTRO) && !(kind == 0 && strcmp(ver, "0") == 0) &&
                !dd_eco_version_valid(eco, ver))
                return dd_error_set(e, DD_ERR_INPUT, 0,
                                    "%s: %s: ranges[%zu].events[%zu]: \"%.64s\" is not a %s version",
                                    c->name, c->id, i, k, ver, dd_ecosystem_name(eco));
            ev[m++] = (event){kind, ver, k};
        }
        /* Go: the canonical form ("v0.17.0"), which installed versions have. */
        _cleanup_free_ char *canon = NULL;
        /* (the Go database writes SEMVER ranges, GitHub ECOSYSTEM ones: the same versions) */
        if (eco == DD_ECO_GO) {
            canon = dd_xmalloc(m ? m * GO_CANON : 1);
            for (k = 0; k < m; k++)
                if (strcmp(ev[k].v, "0") != 0) {
                    const char *cv = dd_go_canonical(ev[k].v, canon + k * GO_CANON, GO_CANON);
                    ev[k].v = cv;
                }
        }
        sort_eco = semver && eco != DD_ECO_GO ? DD_ECO_SEMVER : eco;
        qsort(ev, m, sizeof *ev, event_cmp);
        const char *rtype = semver ? DD_VRANGE_SEMVER : DD_VRANGE_ECOSYSTEM;
        const char *intro = NULL, *limit = NULL;
        bool open = false;
        for (k = 0; k < m; k++) {
            switch (ev[k].kind) {
            case 0:
                if (!open) {
                    intro = ev[k].v;
                    open = true;
                }
                break;
            case 1:
            case 2:
                if (open) {
                    if (add_range(c, rtype, intro, ev[k].kind == 1 ? ev[k].v : NULL,
                                  ev[k].kind == 2 ? ev[k].v : NULL, e) < 0)
                        return -1;
                    open = false;
                }
                break;
            default:
                limit = ev[k].v;
                break;
            }
        }
        if (open && add_range(c, rtype, intro, limit, NULL, e) < 0)
            return -1;
    }
    return 0;
}

/* The release an affected entry's ecosystem string scopes it to ("Debian:12" ->
 * "bookworm", "Ubuntu:22.04:LTS" -> "22.04", "Red Hat:enterprise_linux:9::appstream" ->
 * "9"), written to rel; "" for language ecosystems. NULL with *why set when the entry is
 * not matched. */
static const char *osv_release(const dd_eco_info *ei, const char *es, char *rel, size_t n,
                               const char **why)
{
    const char *sfx = strchr(es, ':');
    sfx = sfx ? sfx + 1 : NULL;
    size_t len;
    switch (ei->id) {
    case DD_ECO_DEBIAN: {
        const char *code = sfx ? dd_debian_codename(sfx) : NULL;
        if (!code)
            *why = "no Debian release drydock knows";
        return code;
    }
    case DD_ECO_UBUNTU:
        /* "22.04:LTS", "24.10"; "Pro:18.04:LTS" (ESM) and other streams are not images' */
        len = sfx ? strspn(sfx, "0123456789.") : 0;
        if (!len || (sfx[len] && sfx[len] != ':')) {
            *why = sfx && strncmp(sfx, "Pro:", 4) == 0 ? "Ubuntu Pro (ESM) streams are not matched"
                                                       : "no Ubuntu release";
            return NULL;
        }
        break;
    case DD_ECO_ALPINE:
        len = sfx ? strcspn(sfx, ":") : 0;
        if (!len || sfx[0] != 'v') {
            *why = "no Alpine release";
            return NULL;
        }
        break;
    case DD_ECO_RPM:
        /* "enterprise_linux:9::appstream": the product, then its version. */
        if (!sfx || strncmp(sfx, "enterprise_linux:", 17) != 0) {
            *why = "Red Hat products other than enterprise_linux (EUS, AUS, E4S, add-ons) are "
                   "not matched";
            return NULL;
        }
        sfx += 17;
        len = strspn(sfx, "0123456789");
        if (!len) {
            *why = "no Red Hat release";
            return NULL;
        }
        break;
    case DD_ECO_ROCKY:
    case DD_ECO_ALMA:
        len = sfx ? strspn(sfx, "0123456789") : 0; /* "9", "9.3": the major release */
        if (!len) {
            *why = "no release";
            return NULL;
        }
        break;
    case DD_ECO_PACKAGIST:
        if (sfx) {
            *why = "package repositories other than packagist.org are not matched";
            return NULL;
        }
        return "";
    case DD_ECO_MAVEN:
        return ""; /* "Maven:https://maven.google.com": the same coordinates */
    default:
        if (sfx) {
            *why = "unknown variant of the ecosystem";
            return NULL;
        }
        return "";
    }
    if (len >= n) {
        *why = "release name too long";
        return NULL;
    }
    memcpy(rel, sfx, len);
    rel[len] = '\0';
    return rel;
}

/* The package name as stored: as the ecosystem row keys names (PEP 503 for PyPI, lower
 * case for Packagist and NuGet), and for Go the standard library ("net/http",
 * "crypto/tls": no dot in the first path element) as "stdlib", the Go command ("cmd/go")
 * as "toolchain", as the Go database names them. */
static char *osv_package(dd_ecosystem eco, const char *name)
{
    if (eco == DD_ECO_GO) {
        size_t first = strcspn(name, "/");
        if (strcmp(name, "toolchain") == 0 || (first == 3 && strncmp(name, "cmd", 3) == 0))
            return dd_xstrdup("toolchain");
        if (!memchr(name, '.', first))
            return dd_xstrdup("stdlib");
    }
    return dd_eco_package_key(dd_eco(eco), name);
}

/* aliases + upstream, unique, as a JSON array text; NULL when there are none. */
static char *osv_aliases(json_t *rec)
{
    _cleanup_json_ json_t *all = json_array();
    static const char *const keys[] = {"aliases", "upstream"};
    for (size_t k = 0; k < 2; k++) {
        json_t *a = json_object_get(rec, keys[k]), *x;
        size_t i;
        if (!json_is_array(a) || json_array_size(a) > 1000)
            continue;
        json_array_foreach(a, i, x)
        {
            if (!json_is_string(x) || json_string_length(x) == 0 ||
                json_string_length(x) > DD_FEED_MAX_ID)
                continue;
            bool dup = false;
            size_t j;
            json_t *y;
            json_array_foreach(all, j, y) dup |= json_equal(x, y);
            if (!dup && !json_equal(x, json_object_get(rec, "id")))
                json_array_append(all, x);
        }
    }
    return json_array_size(all) ? json_dumps(all, JSON_COMPACT) : NULL;
}

static int osv_record(dd_vdb_txn *t, const char *name, json_t *rec, dd_import_stats *st,
                      dd_error *e)
{
    if (!json_is_object(rec))
        return dd_error_set(e, DD_ERR_INPUT, 0, "%s: expected an OSV record (a JSON object)", name);
    json_t *jid = json_object_get(rec, "id");
    if (!json_is_string(jid))
        return dd_error_set(e, DD_ERR_INPUT, 0,
                            "%s: OSV record without an \"id\" string (not an OSV feed?)", name);
    if (json_string_length(jid) > DD_FEED_MAX_ID || json_string_length(jid) == 0)
        return dd_error_set(e, DD_ERR_INPUT, 0, "%s: OSV id of %zu bytes (limit %d)", name,
                            json_string_length(jid), DD_FEED_MAX_ID);
    const char *id = json_string_value(jid);
    if (json_object_get(rec, "withdrawn"))
        return 0;
    json_t *aff = json_object_get(rec, "affected");
    if (aff && !json_is_array(aff))
        return dd_error_set(e, DD_ERR_INPUT, 0, "%s: %s: \"affected\" is not an array", name, id);
    json_t *summary = json_object_get(rec, "summary");
    if (!json_is_string(summary) || json_string_length(summary) == 0)
        summary = json_object_get(rec, "details");
    _cleanup_free_ char *title = NULL;
    if (json_is_string(summary)) {
        const char *s = json_string_value(summary);
        size_t n = strcspn(s, "\n");
        title = dd_xstrndup(s, n > DD_FEED_MAX_TITLE ? DD_FEED_MAX_TITLE : n);
    }
    _cleanup_free_ char *aliases_text = osv_aliases(rec);
    bool added = false;
    size_t i;
    json_t *a;
    json_array_foreach(aff, i, a)
    {
        json_t *pkg = json_object_get(a, "package");
        json_t *jeco = json_object_get(pkg, "ecosystem"), *jname = json_object_get(pkg, "name");
        if (!json_is_string(jeco) || !json_is_string(jname))
            continue; /* affected entries may name only a purl or be GIT-only */
        if (json_string_length(jname) > DD_FEED_MAX_NAME || json_string_length(jeco) > 128)
            return dd_error_set(e, DD_ERR_INPUT, 0,
                                "%s: %s: affected[%zu]: package name or ecosystem too long", name,
                                id, i);
        const char *es = json_string_value(jeco);
        const dd_eco_info *ei = dd_eco_by_osv(es);
        const char *why = "ecosystem not supported";
        char relbuf[64];
        const char *release = ei ? osv_release(ei, es, relbuf, sizeof relbuf, &why) : NULL;
        if (!release) {
            dd_import_skip_add(st, es, strcspn(es, ":"), why);
            continue;
        }
        dd_ecosystem eco = ei->id;
        _cleanup_free_ char *pname = osv_package(eco, json_string_value(jname));
        osv_ctx c = {t, name, id, ei->osv, release, pname};
        if (!added) {
            if (dd_vdb_add_advisory(t, id, title, record_severity(rec), aliases_text, e) < 0)
                return -1;
            added = true;
        }
        json_t *ranges = json_object_get(a, "ranges");
        if (ranges && !json_is_array(ranges))
            return dd_error_set(e, DD_ERR_INPUT, 0,
                                "%s: %s: affected[%zu]: \"ranges\" is not an array", name, id, i);
        if (osv_ranges(&c, eco, ranges, e) < 0)
            return -1;
        json_t *vers = json_object_get(a, "versions");
        if (json_is_array(vers) && json_array_size(vers) > 0) {
            dd_buf b = DD_BUF_INIT;
            size_t k;
            json_t *v;
            json_array_foreach(vers, k, v)
            {
                if (!json_is_string(v) || json_string_length(v) > DD_FEED_MAX_VERSION ||
                    b.len > OSV_MAX_VERSIONS_BYTES) {
                    dd_buf_free(&b);
                    return dd_error_set(e, DD_ERR_INPUT, 0,
                                        "%s: %s: affected[%zu].versions[%zu]: not a version "
                                        "string within limits",
                                        name, id, i, k);
                }
                if (b.len)
                    dd_buf_putc(&b, '\n');
                char gb[GO_CANON];
                dd_buf_puts(&b, eco == DD_ECO_GO
                                    ? dd_go_canonical(json_string_value(v), gb, sizeof gb)
                                    : json_string_value(v));
            }
            dd_vdb_affected r = {
                .ecosystem = c.eco_name,
                .release = release,
                .package = pname,
                .advisory = id,
                .status = DD_VST_AFFECTED,
                .range_type = DD_VRANGE_VERSIONS,
                .versions = b.data,
            };
            int rc = dd_vdb_add_affected(t, &r, e);
            dd_buf_free(&b);
            if (rc < 0)
                return -1;
        }
    }
    return 0;
}

int dd_import_osv_json(dd_vdb_txn *t, const char *name, const char *data, size_t len,
                       dd_import_stats *st, dd_error *e)
{
    if (!t->source && dd_vdb_source_begin(t, "osv", e) < 0)
        return -1;
    json_error_t je;
    _cleanup_json_ json_t *root = json_loadb(data, len, 0, &je);
    if (!root)
        return dd_error_set(e, DD_ERR_INPUT, 0, "%s: line %d column %d: %s", name, je.line,
                            je.column, je.text);
    long long a0 = t->n_adv, f0 = t->n_aff;
    if (json_is_array(root)) {
        size_t i;
        json_t *rec;
        json_array_foreach(root, i, rec)
        {
            if (osv_record(t, name, rec, st, e) < 0)
                return dd_error_prefix(e, "record %zu", i);
        }
    } else if (osv_record(t, name, root, st, e) < 0) {
        return -1;
    }
    st->kind = DD_FEED_OSV;
    st->advisories += t->n_adv - a0;
    st->affected += t->n_aff - f0;
    st->bytes += len;
    return 0;
}
