/* rpm reader: a real rpmdb.sqlite written by rpm 4.18 (tests/cases/pkg/make-rpmdb.sh),
 * checked against `rpm -qa` when rpm is installed; hand-made header blobs for the bounds. */
#include <arpa/inet.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>
#include <stdbool.h>

#include "core/buf.h"
#include "pkg/readers.h"
#include "pkg_fixture.h"
#include "tap.h"

static void test_rpmdb(void)
{
    char *f = pkg_fixture("rpmdb.sqlite");
    dd_buf db = DD_BUF_INIT;
    CHECK_INT(dd_buf_read_file(&db, f, DD_PKG_MAX_FILE), 0);
    CHECK_INT(dd_pkg_want("var/lib/rpm/rpmdb.sqlite", 0100644, db.len), DD_PKGF_RPM_SQLITE);
    CHECK_INT(dd_pkg_want("usr/lib/sysimage/rpm/rpmdb.sqlite", 0100644, db.len),
              DD_PKGF_RPM_SQLITE);
    dd_package_list l = {0};
    dd_error e = {0};
    CHECK_INT(dd_pkg_parse(DD_PKGF_RPM_SQLITE, "var/lib/rpm/rpmdb.sqlite", db.data, db.len,
                           "sha256:cccc", &l, &e),
              0);
    CHECK_INT(l.n, 3);
    CHECK_INT(l.notes.n, 0);
    l.os.id = strdup("rhel");
    l.os.version_id = strdup("9.3");
    dd_package_list_set_purls(&l);
    const dd_package *p = pkg_find(&l, "ddtest-hello");
    CHECK(p != NULL);
    if (p) {
        CHECK_STR(p->version, "2:1.2.3-4.dd1");
        CHECK_STR(p->arch, "x86_64");
        CHECK_STR(p->license, "MIT");
        CHECK(p->source_name == NULL);
        CHECK(p->source_version == NULL);
        CHECK_STR(p->layer, "sha256:cccc");
        CHECK_STR(p->purl,
                  "pkg:rpm/rhel/ddtest-hello@1.2.3-4.dd1?arch=x86_64&distro=rhel-9.3&epoch=2");
    }
    p = pkg_find(&l, "ddtest-hello-libs");
    CHECK(p != NULL);
    if (p) {
        CHECK_STR(p->license, "MIT AND BSD-3-Clause");
        CHECK_STR(p->source_name, "ddtest-hello");
        CHECK(p->source_version == NULL);
        CHECK_STR(p->purl, "pkg:rpm/rhel/"
                           "ddtest-hello-libs@1.2.3-4.dd1?arch=x86_64&distro=rhel-9.3&epoch=2&"
                           "upstream=ddtest-hello");
    }
    p = pkg_find(&l, "ddtest-data");
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
        if (asprintf(&cmd,
                     "cp %s %s/ && rpm --dbpath %s -qa --qf "
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
        CHECK_STR(want.data ? want.data : "", "ddtest-data 0.9-1 noarch\n"
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
    const char *vals[] = {"bash",    "5.1.8", "6.el9", "x86_64", "bash-5.1.8-6.el9.src.rpm",
                          "\0\0\0\1"};
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
    bad[7] = (unsigned char)(bad[7] - 1);                                 /* dl one less */
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

/* ---- Berkeley DB and NDB databases, built here from the real header blobs ---- */

typedef struct blobs {
    unsigned char *v[8];
    size_t len[8];
    size_t n;
} blobs;

static void load_blobs(blobs *b)
{
    memset(b, 0, sizeof *b);
    char *f = pkg_fixture("rpmdb.sqlite"), *cmd = NULL;
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    if (sqlite3_open_v2(f, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
        sqlite3_prepare_v2(db, "SELECT blob FROM Packages ORDER BY hnum", -1, &st, NULL) ==
            SQLITE_OK)
        while (sqlite3_step(st) == SQLITE_ROW && b->n < 8) {
            b->len[b->n] = (size_t)sqlite3_column_bytes(st, 0);
            b->v[b->n] = malloc(b->len[b->n]);
            memcpy(b->v[b->n], sqlite3_column_blob(st, 0), b->len[b->n]);
            b->n++;
        }
    sqlite3_finalize(st);
    sqlite3_close(db);
    free(f);
    free(cmd);
}

static void put32(unsigned char *p, uint32_t v, bool be)
{
    for (int i = 0; i < 4; i++)
        p[be ? 3 - i : i] = (unsigned char)(v >> (8 * i));
}

static void put16(unsigned char *p, uint16_t v, bool be)
{
    p[be ? 1 : 0] = (unsigned char)v;
    p[be ? 0 : 1] = (unsigned char)(v >> 8);
}

/* A BDB hash file of 1 KiB pages: the metadata page, one hash page with the
 * next-header-number record, `inline_blob` as an inline item and every blob of `b` off
 * page, on overflow chains spanning several pages each. */
static size_t make_bdb(unsigned char *out, size_t cap, const blobs *b,
                       const unsigned char *inline_blob, size_t inline_len, bool be)
{
    const uint32_t ps = 1024;
    memset(out, 0, cap);
    uint32_t next_pg = 2;
    unsigned char *hp = out + ps;
    uint16_t nitems = 0, top = (uint16_t)ps;
    /* items are packed from the end of the page backwards, key then value */
#define ITEM(data, n)                                                                              \
    do {                                                                                           \
        top = (uint16_t)(top - (n));                                                               \
        memcpy(hp + top, (data), (n));                                                             \
        put16(hp + 26 + 2 * nitems++, top, be);                                                    \
    } while (0)
    unsigned char item[2048];
    for (uint32_t k = 0; k < b->n + 2; k++) {
        unsigned char key[5] = {1};
        put32(key + 1, k, be);
        ITEM(key, 5);
        if (k == 0) { /* rpm's next-header-number record */
            item[0] = 1;
            put32(item + 1, (uint32_t)b->n + 2, be);
            ITEM(item, 5);
        } else if (k == 1) {
            item[0] = 1;
            memcpy(item + 1, inline_blob, inline_len);
            ITEM(item, inline_len + 1);
        } else {
            const unsigned char *v = b->v[k - 2];
            size_t len = b->len[k - 2];
            memset(item, 0, 12);
            item[0] = 3;
            put32(item + 4, next_pg, be);
            put32(item + 8, (uint32_t)len, be);
            ITEM(item, 12);
            for (size_t off = 0; off < len; next_pg++) {
                unsigned char *op = out + (size_t)next_pg * ps;
                size_t chunk = len - off < ps - 26 ? len - off : ps - 26;
                op[25] = 7;
                put32(op + 8, next_pg, be);
                put32(op + 16, off + chunk < len ? next_pg + 1 : 0, be);
                put16(op + 22, (uint16_t)chunk, be);
                memcpy(op + 26, v + off, chunk);
                off += chunk;
            }
        }
    }
#undef ITEM
    put32(hp + 8, 1, be);
    put16(hp + 20, nitems, be);
    hp[25] = 13;
    unsigned char *m = out;
    put32(m + 12, 0x061561, be);
    put32(m + 16, 9, be);
    put32(m + 20, ps, be);
    m[25] = 8;
    put32(m + 32, next_pg - 1, be);
    return (size_t)next_pg * ps;
}

static size_t make_ndb(unsigned char *out, size_t cap, const blobs *b)
{
    memset(out, 0, cap);
    memcpy(out, "RpmP", 4);
    put32(out + 8, 1, false);
    put32(out + 12, 1, false); /* one slot page */
    size_t at = 4096;
    for (size_t i = 0; i < 4096 / 16 - 2; i++) {
        unsigned char *sl = out + 32 + i * 16;
        memcpy(sl, "Slot", 4);
        if (i >= b->n)
            continue;
        size_t blocks = (16 + b->len[i] + 15) / 16 + 1;
        put32(sl + 4, (uint32_t)i + 1, false);
        put32(sl + 8, (uint32_t)(at / 16), false);
        put32(sl + 12, (uint32_t)blocks, false);
        memcpy(out + at, "BlbS", 4);
        put32(out + at + 4, (uint32_t)i + 1, false);
        put32(out + at + 12, (uint32_t)b->len[i], false);
        memcpy(out + at + 16, b->v[i], b->len[i]);
        at += blocks * 16;
    }
    return at;
}

static void test_bdb_ndb(void)
{
    blobs b;
    load_blobs(&b);
    CHECK_INT(b.n, 3);
    static unsigned char file[64 << 10];
    unsigned char small[256];
    const uint32_t tags[] = {1000, 1001, 1002, 1022};
    const uint32_t types[] = {6, 6, 6, 6};
    const char *vals[] = {"ddtest-inline", "0.1", "1.el7", "noarch"};
    size_t ns = make_header(small, tags, types, vals, 4);
    for (int be = 0; be < 2; be++) {
        size_t n = make_bdb(file, sizeof file, &b, small, ns, be);
        dd_package_list l = {0};
        dd_error e = {0};
        CHECK_INT(dd_pkg_parse(DD_PKGF_RPM_BDB, "var/lib/rpm/Packages", file, n, NULL, &l, &e), 0);
        CHECK_INT(l.n, 4);
        CHECK_INT(l.notes.n, 0);
        const dd_package *p = pkg_find(&l, "ddtest-hello");
        CHECK(p && strcmp(p->version, "2:1.2.3-4.dd1") == 0);
        p = pkg_find(&l, "ddtest-inline");
        CHECK(p && strcmp(p->version, "0.1-1.el7") == 0);
        CHECK(pkg_find(&l, "ddtest-data") != NULL && pkg_find(&l, "ddtest-hello-libs") != NULL);
        dd_package_list_free(&l);
        /* An overflow chain that loops back: an error naming the page. */
        unsigned char *last = file + (n - 1024);
        put32(last + 16, 2, be);
        put16(last + 22, 10, be);
        CHECK_INT(dd_pkg_parse(DD_PKGF_RPM_BDB, "Packages", file, n, NULL, &l, &e), -1);
        CHECK(strstr(e.msg, "Packages: overflow") != NULL);
        dd_package_list_free(&l);
    }
    /* Truncated: what is there is read, the loss is said. */
    size_t n = make_bdb(file, sizeof file, &b, small, ns, false);
    dd_package_list l = {0};
    dd_error e = {0};
    CHECK_INT(dd_pkg_parse(DD_PKGF_RPM_BDB, "Packages", file, 3 * 1024, NULL, &l, &e), -1);
    CHECK(strstr(e.msg, "overflow chain at page 3 points past the end") != NULL);
    (void)n;

    n = make_ndb(file, sizeof file, &b);
    CHECK_INT(dd_pkg_want("usr/lib/sysimage/rpm/Packages.db", 0100644, n), DD_PKGF_RPM_NDB);
    CHECK_INT(
        dd_pkg_parse(DD_PKGF_RPM_NDB, "usr/lib/sysimage/rpm/Packages.db", file, n, NULL, &l, &e),
        0);
    CHECK_INT(l.n, 3);
    CHECK(pkg_find(&l, "ddtest-hello-libs") != NULL);
    dd_package_list_free(&l);
    /* A slot pointing outside the file is noted; the others are still read. */
    put32(file + 32 + 8, 0x7fffffff, false);
    CHECK_INT(dd_pkg_parse(DD_PKGF_RPM_NDB, "Packages.db", file, n, NULL, &l, &e), 0);
    CHECK_INT(l.n, 2);
    CHECK_INT(l.notes.n, 1);
    dd_package_list_free(&l);
    for (size_t i = 0; i < b.n; i++)
        free(b.v[i]);
}

static void test_other_formats(void)
{
    dd_package_list l = {0};
    dd_error e = {0};
    CHECK_INT(dd_pkg_want("var/lib/rpm/Packages", 0100644, 100), DD_PKGF_RPM_BDB);
    CHECK_INT(dd_pkg_want("usr/lib/sysimage/rpm/Packages.db", 0100644, 100), DD_PKGF_RPM_NDB);
    CHECK_INT(dd_pkg_parse(DD_PKGF_RPM_BDB, "var/lib/rpm/Packages", "x", 1, NULL, &l, &e), -1);
    CHECK_STR(e.msg, "var/lib/rpm/Packages: 1 bytes: not a Berkeley DB file");
    CHECK_INT(
        dd_pkg_parse(DD_PKGF_RPM_NDB, "usr/lib/sysimage/rpm/Packages.db", "x", 1, NULL, &l, &e),
        -1);
    CHECK_STR(e.msg, "usr/lib/sysimage/rpm/Packages.db: not an rpm NDB database");
    const char junk[] = "this is not sqlite at all, not even close, but long enough to be more "
                        "than one hundred bytes long..............................";
    CHECK_INT(dd_pkg_parse(DD_PKGF_RPM_SQLITE, "var/lib/rpm/rpmdb.sqlite", junk, sizeof junk, NULL,
                           &l, &e),
              -1);
    CHECK_STR(e.msg, "var/lib/rpm/rpmdb.sqlite: not an SQLite database");
    /* A valid SQLite file that is not an rpm database. */
    char tmpl[] = "/tmp/dd-pkg-sq.XXXXXX";
    int fd = mkstemp(tmpl);
    close(fd);
    char *cmd = NULL;
    if (asprintf(&cmd, "sqlite3 %s 'CREATE TABLE t(x); INSERT INTO t VALUES(1);' 2>/dev/null",
                 tmpl) < 0)
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
    test_bdb_ndb();
    test_rpmdb();
    test_headers();
    test_other_formats();
    return dd_test_done();
}
