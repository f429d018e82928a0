/* Matching installed packages against the database: one indexed query per distinct
 * (ecosystem, release, source package), every binary of that source evaluated against
 * the rows in memory with the ecosystem's own version ordering. */
#include "vuln/match.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/cleanup.h"
#include "core/mem.h"
#include "pkg/readers.h"
#include "vuln/db.h"
#include "vuln/version.h"

static char *col(sqlite3_stmt *st, int i)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    return t ? dd_xstrdup((const char *)t) : NULL;
}

/* What affects() needs, decided once per row instead of per (row, package). */
enum row_kind { RK_NEVER, RK_ALL, RK_VERSIONS, RK_RANGE };

typedef struct {
    char *advisory, *source, *status, *range_type, *introduced, *fixed, *last_affected, *versions,
        *title, *aliases;
    dd_severity sev;
    bool looked_up; /* title and advisory severity fetched */
    enum row_kind kind;
    dd_ecosystem cmp_eco; /* ordering of the range's bounds */
    bool has_intro;       /* introduced is set and not "0" */
    bool dpkg;            /* bounds pre-split below (Debian ranges) */
    dd_dpkg_ver v_intro, v_fixed, v_last;
    /* Property values shared by the findings of this row (built at its first one). */
    bool json_ready;
    json_t *j_fixed, *j_status, *j_source, *j_aliases;
} row;

/* Fill in the advisory's title, and its severity when the row has none. */
static void lookup_advisory(dd_vuln_db *db, row *r)
{
    if (r->looked_up)
        return;
    r->looked_up = true;
    sqlite3_stmt *st = db->q_advisory;
    sqlite3_reset(st);
    sqlite3_bind_text(st, 1, r->source, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, r->advisory, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW) {
        r->title = col(st, 0);
        if (r->sev == DD_SEV_UNKNOWN)
            r->sev = (dd_severity)sqlite3_column_int(st, 1);
        r->aliases = col(st, 2);
    }
    sqlite3_reset(st);
}

typedef struct {
    size_t idx; /* index in the package list */
    dd_ecosystem eco;
    const char *eco_name;
    const char *release;
    const char *key; /* source package name as stored (normalised) */
    const char *ver; /* version compared (source version for Debian) */
    char *owned_key; /* key when it had to be computed (PyPI normalisation) */
    bool shared;     /* the package has other jobs: findings deduplicated across them */
} job;

char *dd_vuln_alpine_release(const char *v)
{
    if (!v)
        return NULL;
    if (strstr(v, "_alpha") || strstr(v, "edge"))
        return dd_xstrdup("edge");
    const char *dot = strchr(v, '.');
    if (!dot)
        return NULL;
    size_t n = strspn(dot + 1, "0123456789");
    return dd_xasprintf("v%.*s.%.*s", (int)(dot - v), v, (int)n, dot + 1);
}

static int job_cmp(const void *a, const void *b)
{
    const job *x = *(const job *const *)a, *y = *(const job *const *)b;
    if (x->eco != y->eco)
        return (int)x->eco - (int)y->eco;
    int c = strcmp(x->key, y->key);
    if (c)
        return c;
    return (x->idx > y->idx) - (x->idx < y->idx);
}

/* Row strings live in the query's arena; only looked-up titles are owned. */
static void rows_free(row *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(v[i].title);
        free(v[i].aliases);
        json_decref(v[i].j_fixed);
        json_decref(v[i].j_status);
        json_decref(v[i].j_source);
        json_decref(v[i].j_aliases);
    }
}

/* Column i as an offset+1 into the arena (0 = NULL): one allocation per query instead
 * of one per string; pointers are fixed up once the query is done. */
static uintptr_t arena_col(sqlite3_stmt *st, int i, dd_buf *arena)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    if (!t)
        return 0;
    uintptr_t off = arena->len + 1;
    dd_buf_append(arena, t, (size_t)sqlite3_column_bytes(st, i) + 1);
    return off;
}

static void prepare_row(row *r, dd_ecosystem eco)
{
    if (strcmp(r->status, DD_VST_NOT_AFFECTED) == 0)
        r->kind = RK_NEVER;
    else if (strcmp(r->range_type, DD_VRANGE_ALL) == 0)
        r->kind = RK_ALL;
    else if (strcmp(r->range_type, DD_VRANGE_VERSIONS) == 0)
        r->kind = r->versions ? RK_VERSIONS : RK_NEVER;
    else
        r->kind = RK_RANGE;
    if (r->kind != RK_RANGE)
        return;
    /* A SEMVER range is SemVer's order, except for Go, whose versions are SemVer written
     * with a "v" (and toolchains as go1.x): the Go ordering reads every form. */
    r->cmp_eco = strcmp(r->range_type, DD_VRANGE_SEMVER) == 0 && eco != DD_ECO_GO ? DD_ECO_SEMVER
                                                                                   : eco;
    r->has_intro = r->introduced && strcmp(r->introduced, "0") != 0;
    r->dpkg = dd_eco(r->cmp_eco)->cmp == dd_vercmp_dpkg;
    if (!r->dpkg)
        return;
    if (r->has_intro)
        dd_dpkg_split(r->introduced, &r->v_intro);
    if (r->fixed)
        dd_dpkg_split(r->fixed, &r->v_fixed);
    if (r->last_affected)
        dd_dpkg_split(r->last_affected, &r->v_last);
}

static int query(dd_vuln_db *db, const job *j, row **out, size_t *n, size_t *cap, dd_buf *arena,
                 dd_error *e)
{
    sqlite3_stmt *st = db->q_affected;
    sqlite3_reset(st);
    sqlite3_bind_text(st, 1, j->eco_name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, j->release, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, j->key, -1, SQLITE_STATIC);
    dd_buf_reset(arena);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        *out = dd_xgrow(*out, cap, *n + 1, sizeof **out);
        row *r = &(*out)[(*n)++];
        memset(r, 0, sizeof *r);
        r->advisory = (char *)arena_col(st, 0, arena);
        r->source = (char *)arena_col(st, 1, arena);
        r->status = (char *)arena_col(st, 2, arena);
        r->sev = (dd_severity)sqlite3_column_int(st, 3);
        r->range_type = (char *)arena_col(st, 4, arena);
        r->introduced = (char *)arena_col(st, 5, arena);
        r->fixed = (char *)arena_col(st, 6, arena);
        r->last_affected = (char *)arena_col(st, 7, arena);
        r->versions = (char *)arena_col(st, 8, arena);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return dd_error_set(e, DD_ERR_RUN, 0, "%s: query failed: %s", db->path,
                            sqlite3_errmsg(db->db));
#define FIX(f) r->f = r->f ? arena->data + ((uintptr_t)r->f - 1) : NULL
    for (size_t i = 0; i < *n; i++) {
        row *r = &(*out)[i];
        FIX(advisory);
        FIX(source);
        FIX(status);
        FIX(range_type);
        FIX(introduced);
        FIX(fixed);
        FIX(last_affected);
        FIX(versions);
        if (!r->advisory || !r->status || !r->range_type || !r->source)
            return dd_error_set(e, DD_ERR_RUN, 0, "%s: corrupt row for %s", db->path, j->key);
        prepare_row(r, j->eco);
    }
#undef FIX
    return 0;
}

static bool in_versions(const char *list, const char *v, dd_ecosystem eco)
{
    const char *p = list;
    size_t vl = strlen(v);
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        if (n == vl && memcmp(p, v, n) == 0)
            return true;
        if (eco == DD_ECO_PYPI && n < 256) {
            char tmp[256];
            memcpy(tmp, p, n);
            tmp[n] = '\0';
            if (dd_vercmp_pep440(tmp, v) == 0)
                return true;
        }
        p += n + (nl ? 1 : 0);
    }
    return false;
}

/* Is version v (pre-split in dv for Debian) affected by row r? */
static bool affects(const row *r, const char *v, const dd_dpkg_ver *dv, dd_ecosystem eco)
{
    switch (r->kind) {
    case RK_NEVER:
        return false;
    case RK_ALL:
        return true;
    case RK_VERSIONS:
        return in_versions(r->versions, v, eco);
    case RK_RANGE:
        break;
    }
    if (r->dpkg) {
        if (r->has_intro && dd_vercmp_dpkg_split(dv, &r->v_intro) < 0)
            return false;
        if (r->fixed && dd_vercmp_dpkg_split(dv, &r->v_fixed) >= 0)
            return false;
        if (r->last_affected && dd_vercmp_dpkg_split(dv, &r->v_last) > 0)
            return false;
        return true;
    }
    dd_ecosystem ce = r->cmp_eco;
    if (r->has_intro && dd_vercmp(ce, v, r->introduced) < 0)
        return false;
    if (r->fixed && dd_vercmp(ce, v, r->fixed) >= 0)
        return false;
    if (r->last_affected && dd_vercmp(ce, v, r->last_affected) > 0)
        return false;
    return true;
}

/* Property values of one package's findings, made once per package and shared
 * (jansson values are reference counted; reporters only read them). */
typedef struct {
    bool ready;
    json_t *purl, *package, *installed, *ecosystem, *source_package, *layer;
} job_json;

static void job_json_clear(job_json *jj)
{
    json_decref(jj->purl);
    json_decref(jj->package);
    json_decref(jj->installed);
    json_decref(jj->ecosystem);
    json_decref(jj->source_package);
    json_decref(jj->layer);
    memset(jj, 0, sizeof *jj);
}

static void job_json_fill(job_json *jj, const dd_package *p, const char *key, const char *eco_name,
                          const dd_os_info *os)
{
    _cleanup_free_ char *purl = p->purl ? dd_xstrdup(p->purl) : dd_pkg_purl(p, os);
    jj->purl = json_string(purl);
    jj->package = json_string(p->name);
    jj->installed = json_string(p->version);
    jj->ecosystem = json_string(eco_name);
    if (strcmp(key, p->name) != 0)
        jj->source_package = json_string(key);
    if (p->layer)
        jj->layer = json_string(p->layer);
    jj->ready = true;
}

static const char *reported_status(const row *r)
{
    if (strcmp(r->status, DD_VST_AFFECTED) == 0)
        return r->fixed ? DD_VST_FIXED : DD_VST_UNFIXED;
    return r->status;
}

static char *first_line(const char *s, size_t max)
{
    if (!s || !*s)
        return NULL;
    size_t n = strcspn(s, "\r\n");
    if (n > max)
        n = max;
    return dd_xstrndup(s, n);
}

/* The package names the database has for one (ecosystem, release), as a hash set.
 * Loaded in name order up to a limit: when cut short, names after `bound` are
 * unknown and still queried, so a huge feed never costs more than the queries saved. */
enum { PKGSET_MIN_JOBS = 16 };

typedef struct {
    bool loaded;
    dd_buf names;    /* NUL-terminated names back to back */
    uint32_t *slots; /* offset+1 into names, 0 = empty */
    size_t mask;
    char *bound; /* last name loaded when the walk stopped at the limit */
} pkgset;

static uint32_t hash_str(const char *s)
{
    uint32_t h = 2166136261u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

/* A loose index scan: one index seek per distinct name instead of a row visit per
 * advisory (SELECT DISTINCT would walk every index entry). */
static const char q_packages_sql[] =
    "WITH RECURSIVE p(n) AS ("
    " SELECT (SELECT package FROM affected WHERE ecosystem = ?1 AND release = ?2"
    "         ORDER BY package LIMIT 1)"
    " UNION ALL"
    " SELECT (SELECT package FROM affected WHERE ecosystem = ?1 AND release = ?2"
    "         AND package > p.n ORDER BY package LIMIT 1) FROM p WHERE p.n IS NOT NULL)"
    " SELECT n FROM p WHERE n IS NOT NULL LIMIT ?3";

static int pkgset_load(dd_vuln_db *db, pkgset *s, const char *eco, const char *release,
                       size_t limit, dd_error *e)
{
    if (!db->q_packages && sqlite3_prepare_v3(db->db, q_packages_sql, -1, SQLITE_PREPARE_PERSISTENT,
                                              &db->q_packages, NULL) != SQLITE_OK)
        return dd_error_set(e, DD_ERR_RUN, 0, "%s: cannot prepare the package query: %s", db->path,
                            sqlite3_errmsg(db->db));
    sqlite3_stmt *st = db->q_packages;
    sqlite3_reset(st);
    sqlite3_bind_text(st, 1, eco, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, release, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, (sqlite3_int64)limit);
    size_t n = 0, last = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const unsigned char *t = sqlite3_column_text(st, 0);
        if (!t)
            continue;
        last = s->names.len;
        dd_buf_append(&s->names, t, (size_t)sqlite3_column_bytes(st, 0) + 1);
        n++;
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return dd_error_set(e, DD_ERR_RUN, 0, "%s: query failed: %s", db->path,
                            sqlite3_errmsg(db->db));
    if (n >= limit)
        s->bound = dd_xstrdup(s->names.data + last);
    size_t cap = 16;
    while (cap < 2 * n)
        cap *= 2;
    s->slots = dd_xcalloc(cap, sizeof *s->slots);
    s->mask = cap - 1;
    for (size_t off = 0; off < s->names.len; off += strlen(s->names.data + off) + 1) {
        size_t h = hash_str(s->names.data + off) & s->mask;
        while (s->slots[h])
            h = (h + 1) & s->mask;
        s->slots[h] = (uint32_t)off + 1;
    }
    s->loaded = true;
    return 0;
}

/* False only when the database certainly has no row for the package. */
static bool pkgset_may_have(const pkgset *s, const char *name)
{
    if (!s->loaded)
        return true;
    /* Names compare as sqlite's BINARY collation does (memcmp, then length). */
    if (s->bound && strcmp(name, s->bound) > 0)
        return true;
    for (size_t h = hash_str(name) & s->mask; s->slots[h]; h = (h + 1) & s->mask)
        if (strcmp(s->names.data + s->slots[h] - 1, name) == 0)
            return true;
    return false;
}

static void pkgset_free(pkgset *s)
{
    dd_buf_free(&s->names);
    free(s->slots);
    free(s->bound);
}

/* Which data an OS package is matched against: its distribution's ecosystems, in order
 * (Rocky and Alma rebuild Red Hat: their own advisories first, then Red Hat's), and how
 * the release is named there. */
enum rel_kind { REL_DEBIAN, REL_VERSION_ID, REL_ALPINE, REL_MAJOR };
static const struct distro {
    const char *os_id;
    dd_pkg_type type;
    dd_ecosystem eco[2];
    enum rel_kind rel;
} distros[] = {
    {"debian", DD_PKG_DPKG, {DD_ECO_DEBIAN, DD_ECO_UNKNOWN}, REL_DEBIAN},
    {"ubuntu", DD_PKG_DPKG, {DD_ECO_UBUNTU, DD_ECO_UNKNOWN}, REL_VERSION_ID},
    {"alpine", DD_PKG_APK, {DD_ECO_ALPINE, DD_ECO_UNKNOWN}, REL_ALPINE},
    {"rhel", DD_PKG_RPM, {DD_ECO_RPM, DD_ECO_UNKNOWN}, REL_MAJOR},
    {"centos", DD_PKG_RPM, {DD_ECO_RPM, DD_ECO_UNKNOWN}, REL_MAJOR},
    {"rocky", DD_PKG_RPM, {DD_ECO_ROCKY, DD_ECO_RPM}, REL_MAJOR},
    {"almalinux", DD_PKG_RPM, {DD_ECO_ALMA, DD_ECO_RPM}, REL_MAJOR},
};

/* How one package type of the image is covered: the ecosystems and release asked, or why
 * nothing can be asked. */
typedef struct {
    size_t npkgs;
    dd_ecosystem eco[2];
    const char *release;
    char *owned_release;
    const char *gap; /* why these packages are not checked, NULL when they are */
    char *owned_gap;
} cover;

static void cover_os(cover *c, const dd_os_info *os, dd_pkg_type type)
{
    const struct distro *d = NULL;
    for (size_t i = 0; i < DD_ARRAY_LEN(distros) && os->id; i++)
        if (distros[i].type == type && strcmp(distros[i].os_id, os->id) == 0)
            d = &distros[i];
    if (!d) {
        c->gap = c->owned_gap =
            os->id
                ? dd_xasprintf("drydock has no vulnerability feed for %s packages of %s%s%s",
                               dd_pkg_type_name(type), os->id, os->version_id ? " " : "",
                               os->version_id ? os->version_id : "")
                : dd_xasprintf("no os-release says which distribution these %s packages "
                               "are from",
                               dd_pkg_type_name(type));
        return;
    }
    switch (d->rel) {
    case REL_DEBIAN:
        /* testing/sid carry no VERSION_ID and no feed has a release for them. */
        c->release =
            os->codename && *os->codename ? os->codename : dd_debian_codename(os->version_id);
        break;
    case REL_VERSION_ID:
        c->release = os->version_id;
        break;
    case REL_ALPINE:
        c->release = c->owned_release = dd_vuln_alpine_release(os->version_id);
        break;
    case REL_MAJOR:
        if (os->version_id && isdigit((unsigned char)os->version_id[0]))
            c->release = c->owned_release =
                dd_xstrndup(os->version_id, strspn(os->version_id, "0123456789"));
        break;
    }
    if (!c->release || !*c->release) {
        c->release = NULL;
        c->gap = c->owned_gap =
            dd_xasprintf("%s%s%s: no release in os-release to match against", os->id,
                         os->version_id ? " " : "", os->version_id ? os->version_id : "");
        return;
    }
    memcpy(c->eco, d->eco, sizeof c->eco);
}

/* A language's packages have one ecosystem; an OS package type has the distribution's. */
static dd_ecosystem lang_eco(dd_pkg_type t)
{
    const dd_eco_info *ei = dd_eco_by_pkg(t);
    return ei && !(ei->flags & DD_ECOF_DISTRO) ? ei->id : DD_ECO_UNKNOWN;
}

/* Is any of the cover's ecosystems in the database for its release? When none is, the
 * packages are a gap, and querying them would find nothing anyway. */
static int cover_check(dd_vuln_db *db, cover *c, dd_error *e)
{
    if (c->gap)
        return 0;
    for (int k = 0; k < 2 && c->eco[k]; k++) {
        int has = dd_vuln_db_covers(db, dd_ecosystem_name(c->eco[k]), c->release);
        if (has < 0)
            return dd_error_set(e, DD_ERR_RUN, 0, "%s: query failed: %s", db->path,
                                sqlite3_errmsg(db->db));
        if (has)
            return 0;
    }
    const char *eco = dd_ecosystem_name(c->eco[0]);
    c->gap = c->owned_gap =
        *c->release ? dd_xasprintf("the vulnerability database has no %s %s data", eco, c->release)
                    : dd_xasprintf("the vulnerability database has no %s data", eco);
    return 0;
}

static void cover_free(cover *c)
{
    free(c->owned_release);
    free(c->owned_gap);
}

/* Advisories already reported for a package with several jobs (an rpm by binary and by
 * source name, Rocky by its own and Red Hat's data): one finding per (advisory, package). */
typedef struct {
    size_t idx;
    char *advisory;
} seen;

static bool seen_add(seen **v, size_t *n, size_t *cap, size_t idx, const char *advisory)
{
    for (size_t i = 0; i < *n; i++)
        if ((*v)[i].idx == idx && strcmp((*v)[i].advisory, advisory) == 0)
            return false;
    *v = dd_xgrow(*v, cap, *n + 1, sizeof **v);
    (*v)[(*n)++] = (seen){idx, dd_xstrdup(advisory)};
    return true;
}

/* " (also CVE-2021-44228)" from the aliases JSON text; "" when none. Caller frees. */
static char *aliases_suffix(json_t *aliases)
{
    if (!json_array_size(aliases))
        return dd_xstrdup("");
    dd_buf b = DD_BUF_INIT;
    dd_buf_puts(&b, " (also ");
    size_t i;
    json_t *x;
    json_array_foreach(aliases, i, x)
        dd_buf_printf(&b, "%s%s", i ? ", " : "", json_string_value(x));
    dd_buf_putc(&b, ')');
    return dd_buf_steal(&b);
}

int dd_vuln_match(dd_vuln_db *db, const dd_package_list *pkgs, const dd_vuln_opts *o,
                  const char *target, dd_report *r, dd_error *e)
{
    dd_vuln_opts defaults = {DD_SEV_UNKNOWN, false, 0};
    if (!o)
        o = &defaults;
    const dd_os_info *os = &pkgs->os;

    /* Coverage first, per package type: one OS per image, one ecosystem per language. */
    cover cov[DD_PKG_TYPE_COUNT_] = {0};
    for (size_t i = 0; i < pkgs->n; i++)
        if ((unsigned)pkgs->v[i].type < DD_PKG_TYPE_COUNT_)
            cov[pkgs->v[i].type].npkgs++;
    int rc = 0;
    for (int t = 0; t < DD_PKG_TYPE_COUNT_ && rc == 0; t++) {
        cover *c = &cov[t];
        if (!c->npkgs)
            continue;
        dd_ecosystem le = lang_eco((dd_pkg_type)t);
        if (le) {
            c->eco[0] = le;
            c->release = "";
        } else {
            cover_os(c, os, (dd_pkg_type)t);
        }
        rc = cover_check(db, c, e);
    }

    /* At most two ecosystems, each by source and binary name, per package. */
    job *jobs = dd_xcalloc(4 * pkgs->n + 1, sizeof *jobs);
    size_t nj = 0, unknown = 0;
    for (size_t i = 0; i < pkgs->n && rc == 0; i++) {
        const dd_package *p = &pkgs->v[i];
        const cover *c = (unsigned)p->type < DD_PKG_TYPE_COUNT_ ? &cov[p->type] : NULL;
        if (!p->name || !p->version || !c || c->gap)
            continue;
        /* The distributions key their data by source package; the tracker by source
         * version (binNMUs, +b1, differ only there). */
        const char *key = p->name, *ver = p->version;
        char *owned = NULL;
        if (p->type == DD_PKG_DPKG || p->type == DD_PKG_APK) {
            if (p->source_name && *p->source_name)
                key = p->source_name;
            if (p->type == DD_PKG_DPKG && p->source_version && *p->source_version)
                ver = p->source_version;
        } else if (dd_eco(c->eco[0])->names != DD_ECO_NAMES_AS_IS) {
            key = owned = dd_eco_package_key(dd_eco(c->eco[0]), p->name);
        }
        if (!dd_eco_version_valid(c->eco[0], ver)) {
            /* "(devel)" is no version: unknown, never "vulnerable since 0". */
            unknown++;
            dd_notes_add(&r->notes, NULL, "%s: %s %s has no version drydock can compare: not checked",
                           p->path ? p->path : dd_pkg_type_name(p->type), p->name, ver);
            free(owned);
            continue;
        }
        size_t first = nj;
        for (int k = 0; k < 2 && c->eco[k]; k++) {
            /* Red Hat names binary or source rpms; Rocky and Alma source rpms. */
            const char *keys[2] = {key, NULL};
            if (p->type == DD_PKG_RPM && p->source_name && strcmp(p->source_name, p->name)) {
                keys[0] = p->source_name;
                if (c->eco[k] == DD_ECO_RPM)
                    keys[1] = p->name;
            }
            for (int q = 0; q < 2 && keys[q]; q++) {
                jobs[nj] = (job){.idx = i,
                                 .eco = c->eco[k],
                                 .eco_name = dd_ecosystem_name(c->eco[k]),
                                 .release = c->release,
                                 .key = keys[q],
                                 .ver = ver,
                                 .owned_key = nj == first ? owned : NULL};
                nj++;
            }
        }
        for (size_t q = first; q < nj; q++)
            jobs[q].shared = nj - first > 1;
    }

    /* Most packages of an image have no advisory at all: with many packages of one
     * ecosystem, one walk over the database's package names of that release replaces
     * a query per package. */
    size_t per_eco[DD_ECO_COUNT_] = {0};
    const char *eco_release[DD_ECO_COUNT_] = {0};
    for (size_t i = 0; i < nj; i++) {
        per_eco[jobs[i].eco]++;
        eco_release[jobs[i].eco] = jobs[i].release;
    }
    pkgset sets[DD_ECO_COUNT_] = {0};
    for (size_t k = 0; k < DD_ECO_COUNT_ && rc == 0; k++)
        if (per_eco[k] >= PKGSET_MIN_JOBS)
            rc = pkgset_load(db, &sets[k], dd_ecosystem_name((dd_ecosystem)k), eco_release[k],
                             2 * per_eco[k] + 16, e);
    const job **todo = dd_xcalloc(nj ? nj : 1, sizeof *todo);
    size_t nt = 0;
    for (size_t i = 0; i < nj && rc == 0; i++)
        if (pkgset_may_have(&sets[jobs[i].eco], jobs[i].key))
            todo[nt++] = &jobs[i];
    qsort(todo, nt, sizeof *todo, job_cmp);

    /* One read transaction for all queries instead of a lock and unlock each. */
    bool txn = rc == 0 && sqlite3_get_autocommit(db->db);
    if (txn && sqlite3_exec(db->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK) {
        rc =
            dd_error_set(e, DD_ERR_RUN, 0, "%s: cannot read: %s", db->path, sqlite3_errmsg(db->db));
        txn = false;
    }

    row *rows = NULL;
    size_t nrows = 0, caprows = 0;
    dd_buf arena = DD_BUF_INIT;
    size_t queries = 0;
    seen *done = NULL;
    size_t ndone = 0, capdone = 0;
    /* Binaries of one source usually share its version: their matches are the same. */
    signed char *hits = NULL;
    size_t caphits = 0;
    const char *memo_ver = NULL;
    for (size_t i = 0; i < nt && rc == 0; i++) {
        const job *j = todo[i];
        bool same = i > 0 && todo[i - 1]->eco == j->eco && strcmp(todo[i - 1]->key, j->key) == 0;
        if (!same) {
            rows_free(rows, nrows);
            nrows = 0;
            memo_ver = NULL;
            queries++;
            if (query(db, j, &rows, &nrows, &caprows, &arena, e) < 0) {
                rc = -1;
                break;
            }
            hits = dd_xgrow(hits, &caphits, nrows ? nrows : 1, sizeof *hits);
        }
        if (!memo_ver || strcmp(memo_ver, j->ver) != 0) {
            memo_ver = j->ver;
            dd_dpkg_ver dv;
            if (dd_eco(j->eco)->cmp == dd_vercmp_dpkg)
                dd_dpkg_split(j->ver, &dv);
            for (size_t k = 0; k < nrows; k++)
                hits[k] = affects(&rows[k], j->ver, &dv, j->eco);
        }
        const dd_package *p = &pkgs->v[j->idx];
        job_json jj = {0};
        const char *last_adv = NULL;
        for (size_t k = 0; k < nrows; k++) {
            row *x = &rows[k];
            /* One finding per (advisory, package): rows come sorted by advisory. */
            if (last_adv && strcmp(last_adv, x->advisory) == 0)
                continue;
            if (!hits[k])
                continue;
            last_adv = x->advisory;
            if (j->shared && !seen_add(&done, &ndone, &capdone, j->idx, x->advisory))
                continue;
            lookup_advisory(db, x);
            const char *status = reported_status(x);
            bool fixed = strcmp(status, DD_VST_FIXED) == 0;
            if (o->ignore_unfixed && !fixed)
                continue;
            if (o->min_severity != DD_SEV_UNKNOWN && x->sev < o->min_severity)
                continue;
            if (!x->json_ready) {
                x->json_ready = true;
                x->j_fixed = fixed && x->fixed ? json_string(x->fixed) : json_null();
                x->j_status = json_string(status);
                x->j_source = json_string(x->source);
                x->j_aliases = x->aliases ? json_loads(x->aliases, 0, NULL) : NULL;
                if (x->j_aliases && !json_is_array(x->j_aliases)) {
                    json_decref(x->j_aliases);
                    x->j_aliases = NULL;
                }
            }
            _cleanup_free_ char *also = aliases_suffix(x->j_aliases);
            _cleanup_free_ char *title = first_line(x->title, 200);
            _cleanup_free_ char *deftitle =
                title ? NULL : dd_xasprintf("%s: %s", p->name, x->advisory);
            dd_finding *f;
            if (fixed)
                f = dd_report_add_dynamic(r, x->advisory, title ? title : deftitle, x->sev,
                                          DD_STATUS_FAIL, target,
                                          "%s %s is vulnerable, fixed in %s%s", p->name,
                                          p->version, x->fixed, also);
            else
                f = dd_report_add_dynamic(
                    r, x->advisory, title ? title : deftitle, x->sev, DD_STATUS_FAIL, target,
                    "%s %s is vulnerable, %s%s", p->name, p->version,
                    strcmp(status, DD_VST_UNFIXED) == 0 ? "no fix yet" : status, also);
            f->path = dd_xstrdup(p->path);
            f->line = p->line; /* a lockfile's: SARIF annotates that line */
            if (!jj.ready)
                job_json_fill(&jj, p, j->key, j->eco_name, os);
            /* Any value that is not valid UTF-8 leaves the finding without properties. */
            if (jj.purl && jj.package && jj.installed && jj.ecosystem && x->j_fixed &&
                x->j_status && x->j_source) {
                json_t *pr = f->props = json_object();
                json_object_set_nocheck(pr, "purl", jj.purl);
                json_object_set_nocheck(pr, "package", jj.package);
                json_object_set_nocheck(pr, "installed", jj.installed);
                json_object_set_nocheck(pr, "fixed", x->j_fixed);
                json_object_set_nocheck(pr, "status", x->j_status);
                json_object_set_nocheck(pr, "source", x->j_source);
                json_object_set_nocheck(pr, "ecosystem", jj.ecosystem);
                if (x->j_aliases)
                    json_object_set_nocheck(pr, "aliases", x->j_aliases);
                if (jj.source_package)
                    json_object_set_nocheck(pr, "source_package", jj.source_package);
                if (jj.layer)
                    json_object_set_nocheck(pr, "layer", jj.layer);
                if (p->dep != DD_DEP_UNKNOWN)
                    json_object_set_new_nocheck(
                        pr, "dependency",
                        json_string(p->dep == DD_DEP_DIRECT ? "direct" : "transitive"));
            }
        }
        job_json_clear(&jj);
    }
    if (txn)
        sqlite3_exec(db->db, "COMMIT", NULL, NULL, NULL);

    /* What could not be checked is a finding: --fail-on sees it. */
    json_t *gaps = json_array();
    for (int t = 0; t < DD_PKG_TYPE_COUNT_ && rc == 0; t++) {
        const cover *c = &cov[t];
        if (!c->gap)
            continue;
        const char *eco =
            c->eco[0] ? dd_ecosystem_name(c->eco[0]) : dd_pkg_type_name((dd_pkg_type)t);
        const char *alt =
            c->eco[0] ? dd_eco(c->eco[0])->purl_type : dd_pkg_type_name((dd_pkg_type)t);
        dd_finding *f =
            dd_report_add(r, dd_vuln_rule_not_covered(), DD_STATUS_FAIL, target,
                          "%zu %s package%s not checked for vulnerabilities: %s", c->npkgs,
                          dd_pkg_type_name((dd_pkg_type)t), c->npkgs == 1 ? "" : "s", c->gap);
        /* The ecosystem by its name and its purl type: what an ignore entry's pkg: names. */
        f->props = json_pack("{s:s, s:s, s:s?, s:I, s:s}", "ecosystem", eco, "purl_type", alt,
                             "release", c->release && *c->release ? c->release : NULL,
                             "packages", (json_int_t)c->npkgs, "reason", c->gap);
        json_array_append(gaps, f->props);
    }

    dd_vuln_db_age age;
    dd_vuln_db_get_age(db, o->max_age_days, &age);
    if (age.stale)
        dd_notes_add(&r->notes, NULL,
                       "the vulnerability database was last updated %s, %lld days ago: "
                       "findings may be missing; run 'drydock db update'",
                       age.when, age.days);

    rows_free(rows, nrows);
    free(rows);
    free(hits);
    dd_buf_free(&arena);
    for (size_t k = 0; k < DD_ECO_COUNT_; k++)
        pkgset_free(&sets[k]);
    free(todo);
    for (size_t i = 0; i < nj; i++)
        free(jobs[i].owned_key);
    free(jobs);
    for (size_t i = 0; i < ndone; i++)
        free(done[i].advisory);
    free(done);
    if (rc == 0 && r->meta) {
        json_t *m = json_pack("{s:s, s:I, s:I, s:I}", "db", db->path, "packages",
                              (json_int_t)nj, "queries", (json_int_t)queries, "unknown_versions",
                              (json_int_t)unknown);
        if (m) {
            json_object_set(m, "not_covered", gaps);
            if (age.updated) {
                json_object_set_new(m, "db_updated", json_string(age.when));
                json_object_set_new(m, "db_age_days", json_integer(age.days));
                json_object_set_new(m, "db_stale", json_boolean(age.stale));
            }
            const char *rel = NULL;
            for (int t = DD_PKG_DPKG; t <= DD_PKG_RPM; t++)
                if (cov[t].npkgs && cov[t].release && !rel)
                    rel = cov[t].release;
            if (rel)
                json_object_set_new(m, "release", json_string(rel));
            json_object_set_new(r->meta, "vulnerabilities", m);
        }
    }
    json_decref(gaps);
    for (int t = 0; t < DD_PKG_TYPE_COUNT_; t++)
        cover_free(&cov[t]);
    return rc;
}
