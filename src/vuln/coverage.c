/* What the database cannot answer for a package list: ecosystems and OS releases found
 * with packages but without a single advisory in the database (never imported, or not a
 * feed drydock reads), and ecosystems the matcher has no version ordering for. One indexed
 * probe per ecosystem present. */
#include <string.h>

#include "core/cleanup.h"
#include "core/mem.h"
#include "vuln/db.h"
#include "vuln/match.h"

static const struct {
    dd_pkg_type type;
    const char *osv; /* the feed's ecosystem name */
    bool matched;    /* the matcher compares this ecosystem's versions */
} ecos[] = {
    {DD_PKG_NPM, "npm", true},
    {DD_PKG_PYPI, "PyPI", true},
    {DD_PKG_GO, "Go", true},
    {DD_PKG_MAVEN, "Maven", true},
    {DD_PKG_CARGO, "crates.io", false},
    {DD_PKG_GEM, "RubyGems", false},
    {DD_PKG_COMPOSER, "Packagist", false},
    {DD_PKG_NUGET, "NuGet", true},
};

static int has_rows(dd_vuln_db *db, const char *eco, const char *release, bool *yes, dd_error *e)
{
    sqlite3_stmt *st = NULL;
    const char *sql = release
                          ? "SELECT 1 FROM affected WHERE ecosystem = ?1 AND release = ?2 LIMIT 1"
                          : "SELECT 1 FROM affected WHERE ecosystem = ?1 LIMIT 1";
    if (sqlite3_prepare_v2(db->db, sql, -1, &st, NULL) != SQLITE_OK)
        return dd_error_set(e, DD_ERR_RUN, 0, "%s: %s", db->path, sqlite3_errmsg(db->db));
    sqlite3_bind_text(st, 1, eco, -1, SQLITE_STATIC);
    if (release)
        sqlite3_bind_text(st, 2, release, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return dd_error_set(e, DD_ERR_RUN, 0, "%s: %s", db->path, sqlite3_errmsg(db->db));
    *yes = rc == SQLITE_ROW;
    return 0;
}

int dd_vuln_coverage(dd_vuln_db *db, dd_package_list *pkgs, dd_error *e)
{
    size_t count[DD_PKG_NUGET + 1] = {0};
    for (size_t i = 0; i < pkgs->n; i++)
        if ((unsigned)pkgs->v[i].type <= DD_PKG_NUGET && pkgs->v[i].version)
            count[pkgs->v[i].type]++;
    for (size_t k = 0; k < DD_ARRAY_LEN(ecos); k++) {
        size_t n = count[ecos[k].type];
        if (!n)
            continue;
        if (!ecos[k].matched) {
            dd_package_list_note(pkgs,
                                 "%zu %s packages found, not checked for vulnerabilities: "
                                 "drydock does not match %s versions yet",
                                 n, ecos[k].osv, ecos[k].osv);
            continue;
        }
        bool yes;
        if (has_rows(db, ecos[k].osv, NULL, &yes, e) < 0)
            return -1;
        if (!yes)
            dd_package_list_note(pkgs,
                                 "%zu %s packages found, not checked for vulnerabilities: "
                                 "the database (%s) holds no %s advisories ('drydock db "
                                 "update' or 'db import' the OSV %s data)",
                                 n, ecos[k].osv, db->path, ecos[k].osv, ecos[k].osv);
    }
    /* OS packages: the distribution release decides which data applies. */
    size_t nos = count[DD_PKG_DPKG] + count[DD_PKG_APK] + count[DD_PKG_RPM];
    if (!nos)
        return 0;
    const dd_os_info *os = &pkgs->os;
    const char *eco = NULL;
    const char *release = NULL;
    _cleanup_free_ char *alpine = NULL;
    if (os->id && strcmp(os->id, "debian") == 0) {
        eco = "Debian";
        release = os->codename && *os->codename ? os->codename : dd_debian_codename(os->version_id);
    } else if (os->id && strcmp(os->id, "alpine") == 0) {
        eco = "Alpine";
        release = alpine = dd_vuln_alpine_release(os->version_id);
    }
    const char *name = os->pretty ? os->pretty : os->id ? os->id : "an unidentified OS";
    if (!eco || !release) {
        dd_package_list_note(pkgs,
                             "%zu OS packages of %s not checked for vulnerabilities: "
                             "drydock has no vulnerability data for this distribution%s",
                             nos, name, os->id ? "" : " (no os-release)");
        return 0;
    }
    bool yes;
    if (has_rows(db, eco, release, &yes, e) < 0)
        return -1;
    if (!yes)
        dd_package_list_note(pkgs,
                             "%zu OS packages of %s not checked for vulnerabilities: the "
                             "database (%s) holds no %s %s advisories",
                             nos, name, db->path, eco, release);
    return 0;
}
