/* Importers and matcher end to end in one process: the fixtures of tests/cases/vuln are
 * imported into a fresh database and a package list of every ecosystem is matched. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/mem.h"
#include "tap.h"
#include "vuln/db.h"
#include "report/ignore.h"
#include "vuln/import.h"
#include "vuln/match.h"
#include "vuln/version.h"

static const dd_finding *find(const dd_report *r, const char *id, const char *pkg)
{
    for (size_t i = 0; i < r->n; i++) {
        const dd_finding *f = &r->items[i];
        const char *p = json_string_value(json_object_get(f->props, "package"));
        if (strcmp(dd_finding_id(f), id) == 0 && p && strcmp(p, pkg) == 0)
            return f;
    }
    return NULL;
}

static const char *prop(const dd_finding *f, const char *k)
{
    return f ? json_string_value(json_object_get(f->props, k)) : NULL;
}

static void add(dd_package_list *l, dd_pkg_type t, const char *n, const char *v, const char *src,
                const char *srcver)
{
    dd_package *p = dd_package_list_add(l, t, n, v);
    p->source_name = dd_xstrdup(src);
    p->source_version = dd_xstrdup(srcver);
}

/* The Go vulnerability database's own records: the standard library as "stdlib" (a
 * binary's toolchain version, go1.x, compared as Go release 1.x), the go command as
 * "toolchain"; SEMVER ranges without "v". A main module "(devel)" is unknown. */
static void test_go_toolchain(const char *dir)
{
    char *path = dd_xasprintf("%s/go.db", dir), *rec = dd_xasprintf("%s/GO-2099-0100.json", dir);
    FILE *fp = fopen(rec, "w");
    fputs("{\"id\": \"GO-2099-0100\", \"aliases\": [\"CVE-2099-0100\"], \"affected\": ["
          "{\"package\": {\"ecosystem\": \"Go\", \"name\": \"stdlib\"}, \"ranges\": [{\"type\": "
          "\"SEMVER\", \"events\": [{\"introduced\": \"0\"}, {\"fixed\": \"1.21.9\"}, "
          "{\"introduced\": \"1.22.0-0\"}, {\"fixed\": \"1.22.2\"}]}]},"
          "{\"package\": {\"ecosystem\": \"Go\", \"name\": \"toolchain\"}, \"ranges\": [{\"type\": "
          "\"SEMVER\", \"events\": [{\"introduced\": \"0\"}, {\"fixed\": \"1.21.9\"}]}]},"
          "{\"package\": {\"ecosystem\": \"Go\", \"name\": \"example.com/app\"}, \"ranges\": [{\"type\": "
          "\"SEMVER\", \"events\": [{\"introduced\": \"0\"}]}]}]}",
          fp);
    fclose(fp);
    dd_error e = {0};
    dd_vdb_txn t;
    dd_import_stats st = {0};
    CHECK(dd_vdb_txn_begin(&t, path, &e) == 0 && dd_import_path(&t, rec, &st, &e) == 0 &&
          dd_vdb_txn_commit(&t, &e) == 0);
    free(st.source);
    dd_vuln_db *db = NULL;
    CHECK(dd_vuln_db_open(&db, path, true, &e) == 0);
    dd_package_list l = {0};
    add(&l, DD_PKG_GO, "stdlib", "go1.21.8", NULL, NULL);  /* below 1.21.9 */
    add(&l, DD_PKG_GO, "stdlib", "go1.21.9", NULL, NULL);  /* fixed */
    add(&l, DD_PKG_GO, "stdlib", "go1.22rc1", NULL, NULL); /* 1.22.0-rc.1 >= 1.22.0-0 */
    add(&l, DD_PKG_GO, "toolchain", "go1.20", NULL, NULL);
    add(&l, DD_PKG_GO, "example.com/app", "(devel)", NULL, NULL);
    for (size_t i = 0; i < l.n; i++)
        l.v[i].path = dd_xasprintf("bin/%zu", i);
    dd_report r;
    dd_report_init(&r, "scan", "t");
    CHECK(db && dd_vuln_match(db, &l, NULL, "img", &r, &e) == 0);
    CHECK_INT(r.n, 3);
    size_t std_hits = 0;
    for (size_t i = 0; i < r.n; i++) {
        CHECK_STR(dd_finding_id(&r.items[i]), "GO-2099-0100");
        CHECK(strstr(r.items[i].message, "(also CVE-2099-0100)") != NULL);
        const char *v = prop(&r.items[i], "installed");
        std_hits += v && (strcmp(v, "go1.21.8") == 0 || strcmp(v, "go1.22rc1") == 0);
    }
    CHECK_INT(std_hits, 2);
    CHECK_STR(prop(find(&r, "GO-2099-0100", "toolchain"), "installed"), "go1.20");
    CHECK_INT(r.notes.n, 1);
    if (r.notes.n)
        CHECK_STR(r.notes.v[0].text, "bin/4: example.com/app (devel) has no version drydock can compare: not checked");
    dd_report_free(&r);
    dd_package_list_free(&l);
    dd_vuln_db_close(db);
    unlink(path);
    unlink(rec);
    free(path);
    free(rec);
}

int main(void)
{
    const char *src = getenv("DD_SRC") ? getenv("DD_SRC") : DD_SOURCE_DIR;
    char dir[] = "/tmp/dd-vuln-unit.XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char *db_path = dd_xasprintf("%s/v.db", dir);
    char *tracker = dd_xasprintf("%s/tests/cases/vuln/debian/tracker.json", src);
    char *osv = dd_xasprintf("%s/tests/cases/vuln/osv", src);

    dd_error e = {0};
    dd_vdb_txn t;
    CHECK(dd_vdb_txn_begin(&t, db_path, &e) == 0);
    dd_import_stats st = {0};
    CHECK(dd_import_path(&t, tracker, &st, &e) == 0);
    CHECK_INT(st.kind, DD_FEED_DEBIAN);
    CHECK_STR(st.source, "debian-tracker");
    free(st.source);
    memset(&st, 0, sizeof st);
    CHECK(dd_import_path(&t, osv, &st, &e) == 0);
    CHECK_INT(st.kind, DD_FEED_OSV);
    CHECK_STR(st.source, "osv:osv");
    free(st.source);
    CHECK(dd_vdb_txn_commit(&t, &e) == 0);
    if (e.msg[0])
        fprintf(stderr, "error: %s\n", e.msg);

    dd_vuln_db *db = NULL;
    CHECK(dd_vuln_db_open(&db, db_path, true, &e) == 0);
    if (!db)
        return dd_test_done();

    dd_package_list l = {0};
    l.os.id = dd_xstrdup("debian");
    l.os.version_id = dd_xstrdup("12"); /* no codename: 12 -> bookworm */
    add(&l, DD_PKG_DPKG, "libssl3", "3.0.11-1~deb12u2", "openssl", NULL);
    add(&l, DD_PKG_DPKG, "libfoo1", "1.0-1+b1", "foo", "1.0-1");
    add(&l, DD_PKG_PYPI, "requests", "2.30.0", NULL, NULL);
    add(&l, DD_PKG_PYPI, "Requests", "2.31.0", NULL, NULL);
    add(&l, DD_PKG_PYPI, "listed-only", "1.1", NULL, NULL);
    add(&l, DD_PKG_PYPI, "Listed_Only", "1.2", NULL, NULL);
    add(&l, DD_PKG_NPM, "lodash", "4.17.20", NULL, NULL);
    add(&l, DD_PKG_NPM, "lodash", "3.10.1", NULL, NULL);
    add(&l, DD_PKG_GO, "golang.org/x/net", "v0.0.0-20220722155237-a158d28d115b", NULL, NULL);
    add(&l, DD_PKG_GO, "golang.org/x/net", "v0.17.0", NULL, NULL);
    add(&l, DD_PKG_MAVEN, "org.apache.logging.log4j:log4j-core", "2.14.1", NULL, NULL);
    add(&l, DD_PKG_MAVEN, "org.apache.logging.log4j:log4j-core", "2.15.0", NULL, NULL);
    add(&l, DD_PKG_MAVEN, "org.apache.logging.log4j:log4j-core", "2.0-beta8", NULL, NULL);

    dd_report r;
    dd_report_init(&r, "scan", "t");
    CHECK(dd_vuln_match(db, &l, NULL, "img", &r, &e) == 0);

    /* Debian: every status that means "affected", none of the others. */
    const dd_finding *f = find(&r, "CVE-2099-0001", "libssl3");
    CHECK_STR(prop(f, "status"), "fixed");
    CHECK_STR(prop(f, "fixed"), "3.0.13-1~deb12u1");
    CHECK_STR(prop(f, "source_package"), "openssl");
    /* The same purl as the SBOM: the source package is its upstream qualifier. */
    CHECK_STR(prop(f, "purl"), "pkg:deb/debian/libssl3@3.0.11-1~deb12u2?distro=debian-12&upstream=openssl");
    CHECK_STR(f ? f->title : NULL, "openssl: fixed in a point release");
    CHECK_INT(f ? (int)f->severity : -1, DD_SEV_HIGH);
    CHECK(find(&r, "CVE-2099-0002", "libssl3") == NULL); /* fixed_version 0 */
    CHECK_STR(prop(find(&r, "CVE-2099-0003", "libssl3"), "status"), "unfixed");
    CHECK(json_is_null(json_object_get(find(&r, "CVE-2099-0003", "libssl3")->props, "fixed")));
    CHECK_STR(prop(find(&r, "CVE-2099-0004", "libssl3"), "status"), "will_not_fix");
    CHECK_STR(prop(find(&r, "CVE-2099-0005", "libssl3"), "status"), "postponed");
    CHECK_INT(find(&r, "CVE-2099-0005", "libssl3")->severity, DD_SEV_LOW);
    CHECK_STR(prop(find(&r, "CVE-2099-0006", "libssl3"), "status"), "undetermined");
    CHECK_STR(prop(find(&r, "CVE-2099-0007", "libssl3"), "status"), "end_of_life");
    CHECK(find(&r, "CVE-2099-0008", "libssl3") == NULL); /* fixed long ago */
    CHECK_STR(prop(find(&r, "CVE-2099-0009", "libssl3"), "status"), "will_not_fix");
    CHECK(find(&r, "CVE-2099-0010", "libssl3") == NULL); /* trixie only */
    /* binNMU: source version 1.0-1 < 1.0-2 vulnerable; == 1.0-1 fixed. */
    CHECK(find(&r, "CVE-2099-0100", "libfoo1") != NULL);
    CHECK(find(&r, "CVE-2099-0101", "libfoo1") == NULL);
    CHECK_STR(prop(find(&r, "DSA-9999-1", "libfoo1"), "source"), "osv:osv");
    /* PyPI: unsorted events, name normalisation, CVSS 9.8 -> critical. */
    f = find(&r, "PYSEC-2099-1", "requests");
    CHECK_STR(prop(f, "fixed"), "2.31.0");
    CHECK_INT(f ? (int)f->severity : -1, DD_SEV_CRITICAL);
    CHECK(find(&r, "PYSEC-2099-1", "Requests") == NULL);
    CHECK(find(&r, "GHSA-mvn1-test-0001", "listed-only") != NULL);
    CHECK(find(&r, "GHSA-mvn1-test-0001", "Listed_Only") == NULL);
    /* npm SEMVER range with introduced. */
    f = find(&r, "GHSA-npm1-test-0001", "lodash");
    CHECK_STR(prop(f, "installed"), "4.17.20");
    CHECK_INT(f ? (int)f->severity : -1, DD_SEV_MEDIUM);
    CHECK_STR(prop(f, "purl"), "pkg:npm/lodash@4.17.20");
    /* Go pseudo-version below the fix; withdrawn record never reported. */
    CHECK_STR(prop(find(&r, "GO-2099-0001", "golang.org/x/net"), "installed"),
              "v0.0.0-20220722155237-a158d28d115b");
    CHECK(find(&r, "GO-2099-0002", "golang.org/x/net") == NULL);
    /* Maven last_affected is inclusive, introduced 2.0-beta9 > 2.0-beta8. */
    f = find(&r, "GHSA-mvn1-test-0001", "org.apache.logging.log4j:log4j-core");
    CHECK_STR(prop(f, "installed"), "2.14.1");
    CHECK_STR(prop(f, "status"), "unfixed");
    CHECK_STR(prop(f, "purl"), "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1");
    CHECK_INT(f ? (int)f->severity : -1, DD_SEV_CRITICAL);
    size_t n_fail = 0;
    for (size_t i = 0; i < r.n; i++)
        n_fail += r.items[i].status == DD_STATUS_FAIL;
    /* 0001 0003 0004 0005 0006 0007 0009 | 0100 DSA | PYSEC listed | npm | GO | log4j */
    CHECK_INT(n_fail, 14);
    CHECK_INT(r.n, 14);
    dd_report_free(&r);

    /* --ignore-unfixed and --severity. */
    dd_report_init(&r, "scan", "t");
    dd_vuln_opts o = {DD_SEV_HIGH, true, 0};
    CHECK(dd_vuln_match(db, &l, &o, "img", &r, &e) == 0);
    CHECK_INT(r.n, 2); /* CVE-2099-0001 (high, fixed), PYSEC (critical, fixed) */
    CHECK(find(&r, "CVE-2099-0001", "libssl3") != NULL);
    CHECK(find(&r, "PYSEC-2099-1", "requests") != NULL);
    dd_report_free(&r);

    /* The ignore file: live entries hide, expired ones stop hiding and say so. */
    char *ign = dd_xasprintf("%s/ignore", dir);
    FILE *fp = fopen(ign, "w");
    fputs("# accepted risks\nCVE-2099-0001 pkg:openssl exp:2999-01-01 # until the next point release\n"
          "CVE-2099-0003 exp:2000-01-01 # expired long ago\nPYSEC-2099-1 pkg:other\n\n",
          fp);
    fclose(fp);
    dd_report_init(&r, "scan", "t");
    dd_vuln_opts oi = {DD_SEV_UNKNOWN, false, 0};
    CHECK(dd_vuln_match(db, &l, &oi, "img", &r, &e) == 0);
    dd_ignore_list ig = {0};
    CHECK(dd_ignore_load(&ig, ign, &e) == 0);
    CHECK_INT(dd_ignore_apply(&ig, &r), 1);
    dd_ignore_free(&ig);
    CHECK(find(&r, "CVE-2099-0001", "libssl3") == NULL);    /* by source package name */
    f = find(&r, "CVE-2099-0003", "libssl3");
    CHECK(f && strstr(f->message, "expired on 2000-01-01") != NULL);
    CHECK(find(&r, "PYSEC-2099-1", "requests") != NULL); /* other package */
    CHECK_INT(json_integer_value(json_object_get(r.meta, "ignored")), 1);
    CHECK_INT(r.notes.n, 1);
    dd_report_free(&r);

    dd_ignore_list il = {0};
    CHECK(dd_ignore_parse(&il, "CVE-1 object bogus\n", "x", "2024-01-01", &e) < 0);
    CHECK(strstr(e.msg, "x:1:") != NULL);
    CHECK(dd_ignore_parse(&il, "\n\nCVE-1 exp:2024-13-01\n", "x", "2024-01-01", &e) < 0);
    CHECK(strstr(e.msg, "x:3:") != NULL);
    dd_ignore_free(&il);

    /* Distro mapping and helpers. */
    char *rel = dd_vuln_alpine_release("3.19.1");
    CHECK_STR(rel, "v3.19");
    free(rel);
    CHECK_STR(dd_debian_codename("12"), "bookworm");
    CHECK(dd_cvss3_score("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H") == 9.8);
    CHECK(dd_cvss3_score("CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:L/I:L/A:N") == 6.4);
    CHECK(dd_cvss3_score("CVSS:4.0/AV:N") < 0);

    dd_package_list_free(&l);
    dd_vuln_db_close(db);
    test_go_toolchain(dir);
    unlink(ign);
    unlink(db_path);
    rmdir(dir);
    free(ign);
    free(db_path);
    free(tracker);
    free(osv);
    return dd_test_done();
}
