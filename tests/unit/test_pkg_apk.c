/* apk reader: lib/apk/db/installed in the real format (Alpine 3.19 packages). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "pkg/readers.h"
#include "pkg_fixture.h"
#include "tap.h"

static void test_installed(void)
{
    dd_buf db = DD_BUF_INIT, osr = DD_BUF_INIT;
    pkg_fixture_read("apk-installed", &db);
    pkg_fixture_read("alpine-os-release", &osr);
    dd_package_list l = {0};
    dd_error e = {0};
    CHECK_INT(dd_pkg_want("lib/apk/db/installed", 0100644, db.len), DD_PKGF_APK);
    CHECK_INT(dd_pkg_parse(DD_PKGF_APK, "lib/apk/db/installed", db.data, db.len, "sha256:bbbb", &l, &e), 0);
    CHECK_INT(dd_pkg_parse(DD_PKGF_OS_RELEASE, "etc/os-release", osr.data, osr.len, NULL, &l, &e), 0);
    dd_package_list_set_purls(&l);
    CHECK_INT(l.n, 5);
    const char *order[] = {"musl", "busybox", "libcrypto3", "ca-certificates-bundle", "zlib"};
    for (size_t i = 0; i < 5 && i < l.n; i++)
        CHECK_STR(l.v[i].name, order[i]);
    const dd_package *p = pkg_find(&l, "libcrypto3");
    CHECK(p != NULL);
    if (p) {
        CHECK_STR(p->version, "3.1.4-r5");
        CHECK_STR(p->arch, "x86_64");
        CHECK_STR(p->source_name, "openssl");
        CHECK(p->source_version == NULL);
        CHECK_STR(p->license, "Apache-2.0");
        CHECK_STR(p->layer, "sha256:bbbb");
        CHECK_STR(p->purl, "pkg:apk/alpine/libcrypto3@3.1.4-r5?arch=x86_64&distro=alpine-3.19.1&upstream=openssl");
    }
    p = pkg_find(&l, "musl");
    CHECK(p != NULL);
    if (p) {
        CHECK_STR(p->version, "1.2.4_git20230717-r4");
        CHECK(p->source_name == NULL); /* origin musl = name */
        CHECK_STR(p->purl, "pkg:apk/alpine/musl@1.2.4_git20230717-r4?arch=x86_64&distro=alpine-3.19.1");
    }
    p = pkg_find(&l, "ca-certificates-bundle");
    CHECK(p != NULL);
    if (p) {
        CHECK_STR(p->license, "MPL-2.0 AND MIT");
        CHECK_STR(p->source_name, "ca-certificates");
    }
    CHECK_STR(l.os.id, "alpine");
    CHECK_STR(l.os.version_id, "3.19.1");
    CHECK_STR(l.os.pretty, "Alpine Linux v3.19");
    CHECK(l.os.codename == NULL);
    dd_package_list_free(&l);
    dd_buf_free(&db);
    dd_buf_free(&osr);
}

static void test_malformed(void)
{
    dd_package_list l = {0};
    dd_error e = {0};
    const char bad[] = "P:a\nV:1-r0\n\nP:b\nV:2-r0\nnot a field\n";
    CHECK_INT(dd_pkg_parse(DD_PKGF_APK, "lib/apk/db/installed", bad, strlen(bad), NULL, &l, &e), -1);
    CHECK_INT(e.kind, DD_ERR_INPUT);
    CHECK_STR(e.msg, "lib/apk/db/installed: line 6: expected \"K:value\"");
    CHECK_INT(l.n, 0);
    /* No name or no version: skipped; several blank lines; missing final blank line. */
    const char odd[] = "V:1\n\n\n\nP:noversion\n\nP:ok\nV:1.0-r1\nA:aarch64";
    CHECK_INT(dd_pkg_parse(DD_PKGF_APK, "x", odd, strlen(odd), NULL, &l, &e), 0);
    CHECK_INT(l.n, 1);
    CHECK_STR(l.v[0].name, "ok");
    CHECK_STR(l.v[0].arch, "aarch64");
    CHECK_INT(dd_pkg_parse(DD_PKGF_APK, "x", "", 0, NULL, &l, &e), 0);
    CHECK_INT(l.n, 1);
    dd_package_list_free(&l);
}

int main(void)
{
    test_installed();
    test_malformed();
    return dd_test_done();
}
