/* rpm reader: a real rpmdb.sqlite written by rpm 4.18 (tests/cases/pkg/make-rpmdb.sh),
 * checked against `rpm -qa` when rpm is installed; hand-made header blobs for the bounds. */
#include <arpa/inet.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/buf.h"
#include "pkg/readers.h"
#include "tap.h"

static const char *src_dir(void)
{
    const char *s = getenv("DD_SRC");
    return s ? s : DD_SOURCE_DIR;
}

static const dd_package *find(const dd_package_list *l, const char *name)
{
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->v[i].name, name) == 0)
            return &l->v[i];
    return NULL;
}

static char *fixture(void)
{
    char *f = NULL;
    if (asprintf(&f, "%s/tests/cases/pkg/rpmdb.sqlite", src_dir()) < 0)
        abort();
    return f;
}

static void test_rpmdb(void)
{
    char *f = fixture();
    dd_buf db = DD_BUF_INIT;
    CHECK_INT(dd_buf_read_file(&db, f, DD_PKG_MAX_FILE), 0);
    CHECK_INT(dd_pkg_want("var/lib/rpm/rpmdb.sqlite", 0100644, db.len), DD_PKGF_RPM_SQLITE);
    CHECK_INT(dd_pkg_want("usr/lib/sysimage/rpm/rpmdb.sqlite", 0100644, db.len), DD_PKGF_RPM_SQLITE);
    dd_package_list l = {0};
    dd_error e = {0};
    CHECK_INT(dd_pkg_parse(DD_PKGF_RPM_SQLITE, "var/lib/rpm/rpmdb.sqlite", db.data, db.len,
                           "sha256:cccc", &l, &e), 0);
    CHECK_INT(l.n, 3);
    CHECK_INT(l.n_notes, 0);
    l.os.id = strdup("rhel");
    l.os.version_id = strdup("9.3");
    dd_package_list_set_purls(&l);
    const dd_package *p = find(&l, "ddtest-hello");
    CHECK(p != NULL);
    if (p) {
        CHECK_STR(p->version, "2:1.2.3-4.dd1");
        CHECK_STR(p->arch, "x86_64");
        CHECK_STR(p->license, "MIT");
        CHECK(p->source_name == NULL);
        CHECK(p->source_version == NULL);
        CHECK_STR(p->layer, "sha256:cccc");
        CHECK_STR(p->purl, "pkg:rpm/rhel/ddtest-hello@1.2.3-4.dd1?arch=x86_64&distro=rhel-9.3&epoch=2");
    }
    p = find(&l, "ddtest-hello-libs");
    CHECK(p != NULL);
    if (p) {
        CHECK_STR(p->license, "MIT AND BSD-3-Clause");
        CHECK_STR(p->source_name, "ddtest-hello");
        CHECK(p->source_version == NULL);
        CHECK_STR(p->purl, "pkg:rpm/rhel/ddtest-hello-libs@1.2.3-4.dd1?arch=x86_64&distro=rhel-9.3&epoch=2&upstream=ddtest-hello");
    }
    p = find(&l, "ddtest-data");
    CHECK(p != NULL);
    if (p) {
        CHECK_STR(p->version, "0.9-1");
        CHECK_STR(p->arch, "noarch");
        CHECK_STR(p->purl, "pkg:rpm/rhel/ddtest-data@0.9-1?arch=noarch&distro=rhel-9.3");
    }

    /* rpm itself, when installed, must agree (same name, epoch:version-release, arch). */
    FILE *q = NULL;
    char *cmd = NULL;
    char dir[] = "/tmp/dd-pkg-rpm.XXXXXX";
    if (system("command -v rpm >/dev/null 2>&1") == 0 && mkdtemp(dir)) {
        if (asprintf(&cmd, "cp %s %s/ && rpm --dbpath %s -qa --qf "
                           "'%%{NAME} %%|EPOCH?{%%{EPOCH}:}:{}|%%{VERSION}-%%{RELEASE} %%{ARCH}\\n' "
                           "2>/dev/null | sort; rm -rf %s",
                     f, dir, dir, dir) < 0)
            abort();
        q = popen(cmd, "r");
    }
    if (q) {
        dd_buf want = DD_BUF_INIT;
        char line[512];
        while (fgets(line, sizeof line, q))
            dd_buf_puts(&want, line);
        pclose(q);
        CHECK_STR(want.data ? want.data : "",
                  "ddtest-data 0.9-1 noarch\n"
                  "ddtest-hello 2:1.2.3-4.dd1 x86_64\n"
                  "ddtest-hello-libs 2:1.2.3-4.dd1 x86_64\n");
        dd_buf_free(&want);
    } else {
        printf("# skip: rpm not installed, only the committed fixture was checked\n");
    }
    free(cmd);
    free(f);
    dd_buf_free(&db);
    dd_package_list_free(&l);
}

/* A header blob with the given (tag, type, data) strings. */
static size_t make_header(unsigned char *out, const uint32_t *tags, const uint32_t *types,
                          const char *const *vals, size_t n)
{
    uint32_t il = htonl((uint32_t)n), dl = 0;
    unsigned char *idx = out + 8, *store = out + 8 + 16 * n;
    for (size_t i = 0; i < n; i++) {
        uint32_t ent[4] = {htonl(tags[i]), htonl(types[i]), htonl(dl), htonl(1)};
        memcpy(idx + 16 * i, ent, 16);
        size_t l = types[i] == 4 ? 4 : strlen(vals[i]) + 1;
        memcpy(store + dl, vals[i], l);
        dl += (uint32_t)l;
    }
    uint32_t dln = htonl(dl);
    memcpy(out, &il, 4);
    memcpy(out + 4, &dln, 4);
    return 8 + 16 * n + dl;
}

static void test_headers(void)
{
    unsigned char buf[512];
    const uint32_t tags[] = {1000, 1001, 1002, 1022, 1044, 1003};
    const uint32_t types[] = {6, 6, 6, 6, 6, 4};
    const char *vals[] = {"bash", "5.1.8", "6.el9", "x86_64", "bash-5.1.8-6.el9.src.rpm", "\0\0\0\1"};
    size_t n = make_header(buf, tags, types, vals, 6);
    dd_package_list l = {0};
    dd_error e = {0};
    CHECK_INT(dd_pkg_read_rpm_header("h", buf, n, NULL, &l, &e), 0);
    CHECK_INT(l.n, 1);
    if (l.n) {
        CHECK_STR(l.v[0].name, "bash");
        CHECK_STR(l.v[0].version, "1:5.1.8-6.el9");
        CHECK(l.v[0].source_name == NULL);
        CHECK(l.v[0].source_version == NULL);
    }
    /* Every truncation is an error, never a read past the end. */
    int errors = 0;
    for (size_t cut = 0; cut < n; cut++) {
        unsigned char *exact = malloc(cut ? cut : 1);
        memcpy(exact, buf, cut);
        if (dd_pkg_read_rpm_header("h", exact, cut, NULL, &l, &e) < 0)
            errors++;
        free(exact);
    }
    CHECK_INT(errors, (long long)n);
    CHECK_INT(l.n, 1);
    CHECK_STR(e.msg, "h: rpm header needs 157 bytes, blob has 156");
    /* An offset beyond the data store: the tag is absent, so no NAME. */
    unsigned char bad[512];
    memcpy(bad, buf, n);
    uint32_t off = htonl(100000);
    memcpy(bad + 8 + 8, &off, 4);
    CHECK_INT(dd_pkg_read_rpm_header("h", bad, n, NULL, &l, &e), -1);
    CHECK_STR(e.msg, "h: rpm header without NAME or VERSION");
    /* The last string not NUL-terminated inside the store. */
    const uint32_t t2[] = {1001, 1000};
    const uint32_t ty2[] = {6, 6};
    const char *v2[] = {"1.0", "name"};
    n = make_header(bad, t2, ty2, v2, 2);
    CHECK_INT(dd_pkg_read_rpm_header("h", bad, n - 1, NULL, &l, &e), -1); /* store cut */
    bad[7] = (unsigned char)(bad[7] - 1);                              /* dl one less */
    CHECK_INT(dd_pkg_read_rpm_header("h", bad, n - 1, NULL, &l, &e), -1);
    CHECK_STR(e.msg, "h: rpm header without NAME or VERSION");
    /* Absurd counts. */
    memset(bad, 0xff, 16);
    CHECK_INT(dd_pkg_read_rpm_header("h", bad, 16, NULL, &l, &e), -1);
    CHECK_STR(e.msg, "h: rpm header claims 4294967295 index entries and 4294967295 data bytes");
    /* gpg-pubkey entries are keys, not packages. */
    const char *v3[] = {"gpg-pubkey", "fd431d51", "4ae0493b", "(none)", "", "\0\0\0\0"};
    n = make_header(buf, tags, types, v3, 5);
    CHECK_INT(dd_pkg_read_rpm_header("h", buf, n, NULL, &l, &e), 0);
    CHECK_INT(l.n, 1);
    dd_package_list_free(&l);
}

static void test_other_formats(void)
{
    dd_package_list l = {0};
    dd_error e = {0};
    CHECK_INT(dd_pkg_want("var/lib/rpm/Packages", 0100644, 100), DD_PKGF_RPM_BDB);
    CHECK_INT(dd_pkg_want("usr/lib/sysimage/rpm/Packages.db", 0100644, 100), DD_PKGF_RPM_NDB);
    CHECK_INT(dd_pkg_parse(DD_PKGF_RPM_BDB, "var/lib/rpm/Packages", "x", 1, NULL, &l, &e), 0);
    CHECK_INT(dd_pkg_parse(DD_PKGF_RPM_BDB, "var/lib/rpm/Packages", "x", 1, NULL, &l, &e), 0);
    CHECK_INT(dd_pkg_parse(DD_PKGF_RPM_NDB, "usr/lib/sysimage/rpm/Packages.db", "x", 1, NULL, &l, &e), 0);
    CHECK_INT(l.n_notes, 2);
    if (l.n_notes == 2) {
        CHECK_STR(l.notes[0], "var/lib/rpm/Packages: rpm database in BDB format not read");
        CHECK_STR(l.notes[1], "usr/lib/sysimage/rpm/Packages.db: rpm database in NDB format not read");
    }
    const char junk[] = "this is not sqlite at all, not even close, but long enough to be more "
                        "than one hundred bytes long..............................";
    CHECK_INT(dd_pkg_parse(DD_PKGF_RPM_SQLITE, "var/lib/rpm/rpmdb.sqlite", junk, sizeof junk, NULL, &l, &e), -1);
    CHECK_STR(e.msg, "var/lib/rpm/rpmdb.sqlite: not an SQLite database");
    /* A valid SQLite file that is not an rpm database. */
    char tmpl[] = "/tmp/dd-pkg-sq.XXXXXX";
    int fd = mkstemp(tmpl);
    close(fd);
    char *cmd = NULL;
    if (asprintf(&cmd, "sqlite3 %s 'CREATE TABLE t(x); INSERT INTO t VALUES(1);' 2>/dev/null", tmpl) < 0)
        abort();
    if (system(cmd) == 0) {
        dd_buf b = DD_BUF_INIT;
        CHECK_INT(dd_buf_read_file(&b, tmpl, DD_PKG_MAX_FILE), 0);
        CHECK_INT(dd_pkg_parse(DD_PKGF_RPM_SQLITE, "r.sqlite", b.data, b.len, NULL, &l, &e), -1);
        CHECK_STR(e.msg, "r.sqlite: no Packages table: not an rpm database");
        dd_buf_free(&b);
    }
    unlink(tmpl);
    free(cmd);
    CHECK_INT(l.n, 0);
    dd_package_list_free(&l);
}

int main(void)
{
    test_rpmdb();
    test_headers();
    test_other_formats();
    return dd_test_done();
}
