/* dpkg readers: var/lib/dpkg/status (a real excerpt of this machine's), distroless
 * status.d, this machine's whole database against dpkg-query, malformed input. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/buf.h"
#include "pkg/readers.h"
#include "pkg_fixture.h"
#include "tap.h"

static int parse_fixture(const char *rel, int kind, const char *path, dd_package_list *l,
                         dd_error *e)
{
    dd_buf b = DD_BUF_INIT;
    pkg_fixture_read(rel, &b);
    int rc = dd_pkg_parse(kind, path, b.data, b.len, "sha256:aaaa", l, e);
    dd_buf_free(&b);
    return rc;
}

static void test_status_excerpt(void)
{
    dd_package_list l = {0};
    dd_error e = {0};
    CHECK_INT(parse_fixture("dpkg-status", DD_PKGF_DPKG_STATUS, "var/lib/dpkg/status", &l, &e), 0);
    /* 8 stanzas; bc is "deinstall ok config-files" and is not installed. */
    CHECK_INT(l.n, 7);
    CHECK(pkg_find(&l, "bc") == NULL);
    const dd_package *p = pkg_find(&l, "bash");
    CHECK(p != NULL);
    if (p) {
        CHECK_STR(p->version, "5.2.15-2+b8");
        CHECK_STR(p->arch, "amd64");
        CHECK_STR(p->source_name, "bash"); /* binNMU: same name, other version */
        CHECK_STR(p->source_version, "5.2.15-2");
        CHECK_STR(p->layer, "sha256:aaaa");
        CHECK_STR(p->path, "var/lib/dpkg/status");
    }
    p = pkg_find(&l, "bsdutils");
    CHECK(p != NULL);
    if (p) {
        CHECK_STR(p->version, "1:2.38.1-5+deb12u3");
        CHECK_STR(p->source_name, "util-linux");
        CHECK_STR(p->source_version, "2.38.1-5+deb12u3");
    }
    p = pkg_find(&l, "libc6");
    CHECK(p != NULL);
    if (p) {
        CHECK_STR(p->version, "2.36-9+deb12u14");
        CHECK_STR(p->source_name, "glibc");
        CHECK(p->source_version == NULL);
    }
    p = pkg_find(&l, "tzdata");
    CHECK(p != NULL);
    if (p) {
        CHECK_STR(p->arch, "all");
        CHECK(p->source_name == NULL);
    }
    p = pkg_find(&l, "base-files");
    CHECK(p != NULL);
    if (p)
        CHECK_STR(p->version, "12.4+deb12u11");
    dd_package_list_free(&l);
}

/* The whole database of this machine must give exactly what dpkg-query says is installed. */
static void test_against_dpkg_query(void)
{
    FILE *q = popen("dpkg-query -W -f '${db:Status-Status} ${Package} ${Version} ${Architecture}\\n' "
                    "2>/dev/null | awk '$1 == \"installed\" {print $2, $3, $4}' | sort",
                    "r");
    dd_buf want = DD_BUF_INIT;
    char line[1024];
    while (q && fgets(line, sizeof line, q))
        dd_buf_puts(&want, line);
    if (q)
        pclose(q);
    if (want.len == 0) {
        printf("# skip: dpkg-query not available\n");
        dd_buf_free(&want);
        return;
    }
    dd_buf db = DD_BUF_INIT;
    CHECK_INT(dd_buf_read_file(&db, "/var/lib/dpkg/status", DD_PKG_MAX_FILE), 0);
    dd_package_list l = {0};
    dd_error e = {0};
    CHECK_INT(dd_pkg_parse(DD_PKGF_DPKG_STATUS, "var/lib/dpkg/status", db.data, db.len, NULL, &l, &e), 0);
    char tmpl[] = "/tmp/dd-pkg-dpkg.XXXXXX";
    int fd = mkstemp(tmpl);
    FILE *f = fdopen(fd, "w");
    for (size_t i = 0; i < l.n; i++)
        fprintf(f, "%s %s %s\n", l.v[i].name, l.v[i].version, l.v[i].arch ? l.v[i].arch : "");
    fclose(f);
    char *cmd = NULL;
    if (asprintf(&cmd, "sort %s", tmpl) < 0)
        abort();
    q = popen(cmd, "r");
    dd_buf got = DD_BUF_INIT;
    while (q && fgets(line, sizeof line, q))
        dd_buf_puts(&got, line);
    pclose(q);
    CHECK(l.n > 100);
    CHECK_STR(got.data, want.data);
    unlink(tmpl);
    free(cmd);
    dd_buf_free(&got);
    dd_buf_free(&want);
    dd_buf_free(&db);
    dd_package_list_free(&l);
}

static void test_distroless(void)
{
    char *dir = pkg_fixture("distroless");
    dd_package_list l = {0};
    dd_error e = {0};
    CHECK_INT(dd_pkg_scan_rootfs(dir, &l, &e), 0);
    free(dir);
    /* base-files, libc6, tzdata; libc6.md5sums is not a package. */
    CHECK_INT(l.n, 3);
    CHECK_INT(l.notes.n, 0);
    CHECK_STR(l.os.id, "debian");
    CHECK_STR(l.os.version_id, "12");
    CHECK_STR(l.os.codename, "bookworm"); /* distroless has no VERSION_CODENAME */
    CHECK_STR(l.os.pretty, "Distroless");
    const dd_package *p = pkg_find(&l, "libc6");
    CHECK(p != NULL);
    if (p) {
        CHECK_STR(p->path, "var/lib/dpkg/status.d/libc6");
        CHECK(p->layer == NULL);
        CHECK_STR(p->purl, "pkg:deb/debian/libc6@2.36-9%2Bdeb12u14?arch=amd64&distro=debian-12&upstream=glibc");
    }
    p = pkg_find(&l, "tzdata");
    CHECK(p != NULL);
    if (p)
        CHECK_STR(p->purl, "pkg:deb/debian/tzdata@2025b-0%2Bdeb12u2?arch=all&distro=debian-12");
    dd_package_list_free(&l);
}

static void test_malformed(void)
{
    dd_package_list l = {0};
    dd_error e = {0};
    const char ok[] = "Package: a\nStatus: install ok installed\nVersion: 1\n\n";
    CHECK_INT(dd_pkg_parse(DD_PKGF_DPKG_STATUS, "var/lib/dpkg/status", ok, strlen(ok), NULL, &l, &e), 0);
    CHECK_INT(l.n, 1);
    /* A bad line in the middle: error names the file and line; nothing of this file is kept. */
    const char bad[] = "Package: b\nStatus: install ok installed\nVersion: 2\n\n"
                       "Package: c\nthis is not a field\n";
    CHECK_INT(dd_pkg_parse(DD_PKGF_DPKG_STATUS, "var/lib/dpkg/status", bad, strlen(bad), NULL, &l, &e), -1);
    CHECK_INT(e.kind, DD_ERR_INPUT);
    CHECK_STR(e.msg, "var/lib/dpkg/status: line 6: expected \"Field: value\"");
    CHECK_INT(l.n, 1);
    const char cont[] = " continuation first\n";
    CHECK_INT(dd_pkg_parse(DD_PKGF_DPKG_STATUS, "s", cont, strlen(cont), NULL, &l, &e), -1);
    CHECK_STR(e.msg, "s: line 1: continuation line outside a field");
    /* Not installed states, a stanza without Version, CRLF line ends, no final newline. */
    const char mix[] = "Package: half\r\nStatus: install ok half-installed\r\nVersion: 1\r\n\r\n"
                       "Package: nover\nStatus: install ok installed\n\n"
                       "Package: nostatus\nVersion: 3\n\n"
                       "Package: crlf\r\nStatus: install ok installed\r\nVersion: 1:2-3\r\n"
                       "Description: x\r\n more\r\n";
    CHECK_INT(dd_pkg_parse(DD_PKGF_DPKG_STATUS, "s", mix, strlen(mix), NULL, &l, &e), 0);
    CHECK_INT(l.n, 2);
    CHECK_STR(l.v[1].name, "crlf");
    CHECK_STR(l.v[1].version, "1:2-3");
    /* In status.d a stanza without Status is installed (that is how distroless writes it). */
    CHECK_INT(dd_pkg_parse(DD_PKGF_DPKG_STATUSD, "var/lib/dpkg/status.d/nostatus", mix, strlen(mix),
                           NULL, &l, &e), 0);
    CHECK_INT(l.n, 4);
    CHECK_STR(l.v[2].name, "nostatus");
    /* NUL bytes and an over-long field do not become package names. */
    const char nul[] = "Package: a\0b\nStatus: install ok installed\nVersion: 1\n";
    CHECK_INT(dd_pkg_parse(DD_PKGF_DPKG_STATUS, "s", nul, sizeof nul - 1, NULL, &l, &e), 0);
    CHECK_INT(l.n, 4);
    dd_package_list_free(&l);
}

static void test_want(void)
{
    CHECK_INT(dd_pkg_want("var/lib/dpkg/status", 0100644, 1000), DD_PKGF_DPKG_STATUS);
    CHECK_INT(dd_pkg_want("/var/lib/dpkg/status", 0100644, 1000), DD_PKGF_DPKG_STATUS);
    CHECK_INT(dd_pkg_want("./var/lib/dpkg/status", 0644, 1000), DD_PKGF_DPKG_STATUS);
    CHECK_INT(dd_pkg_want("var/lib/dpkg/status", 0120777, 10), 0); /* a symlink */
    /* any size: a file too big to hold is named in a note (dd_pkg_parse_stream) */
    CHECK_INT(dd_pkg_want("var/lib/dpkg/status", 0100644, (uint64_t)DD_PKG_MAX_FILE + 1),
              DD_PKGF_DPKG_STATUS);
    CHECK_INT(dd_pkg_want("var/lib/dpkg/status-old", 0100644, 10), 0);
    CHECK_INT(dd_pkg_want("var/lib/dpkg/status.d/libc6", 0100644, 10), DD_PKGF_DPKG_STATUSD);
    CHECK_INT(dd_pkg_want("var/lib/dpkg/status.d/libc6.md5sums", 0100644, 10), 0);
    CHECK_INT(dd_pkg_want("var/lib/dpkg/status.d/sub/x", 0100644, 10), 0);
    CHECK_INT(dd_pkg_want("var/lib/dpkg/status.d/", 0100644, 10), 0);
    CHECK_INT(dd_pkg_want("etc/os-release", 0100644, 10), DD_PKGF_OS_RELEASE);
    CHECK_INT(dd_pkg_want("usr/lib/os-release", 0100644, 10), DD_PKGF_OS_RELEASE);
    CHECK_INT(dd_pkg_want("etc/passwd", 0100644, 10), 0);
}

int main(void)
{
    test_status_excerpt();
    test_against_dpkg_query();
    test_distroless();
    test_malformed();
    test_want();
    return dd_test_done();
}
