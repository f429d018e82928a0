/* Package URLs for every ecosystem and os-release parsing. */
#include <stdlib.h>
#include <string.h>

#include "pkg/readers.h"
#include "tap.h"

static char *purl(dd_pkg_type t, const char *name, const char *ver, const char *arch,
                  const char *src, const char *srcver, const dd_os_info *os)
{
    dd_package p = {.type = t,
                    .name = (char *)name,
                    .version = (char *)ver,
                    .arch = (char *)arch,
                    .source_name = (char *)src,
                    .source_version = (char *)srcver};
    return dd_pkg_purl(&p, os);
}

/* A purl read back (scan sbom:) names the same package: written again, it is the same. */
static char *reread(const char *s, const dd_os_info *os)
{
    dd_purl u;
    const char *why = NULL;
    if (dd_purl_parse(s, &u, &why) < 0)
        return NULL;
    dd_package_list l = {0};
    dd_package *p = dd_purl_add_package(&u, &l);
    char *r = p ? dd_pkg_purl(p, os) : NULL;
    dd_purl_free(&u);
    dd_package_list_free(&l);
    return r;
}

#define CHECK_PURL(expected, t, n, v, a, s, sv, os)                                                \
    do {                                                                                           \
        char *got_ = purl(t, n, v, a, s, sv, os);                                                  \
        CHECK_STR(got_, expected);                                                                 \
        char *back_ = reread(expected, os);                                                        \
        CHECK_STR(back_, expected);                                                                \
        free(back_);                                                                               \
        free(got_);                                                                                \
    } while (0)

static void test_purl_parse(void)
{
    dd_purl u;
    const char *why = NULL;
    CHECK_INT(dd_purl_parse("pkg:npm/%40babel/core@7.23.0#lib", &u, &why), 0);
    CHECK_STR(u.type, "npm");
    CHECK_STR(u.ns, "@babel");
    CHECK_STR(u.name, "core");
    CHECK_STR(u.version, "7.23.0");
    dd_purl_free(&u);
    CHECK_INT(dd_purl_parse("pkg:DEB/debian/bash@5.2?Distro=debian-12&arch=amd64", &u, &why), 0);
    CHECK_STR(u.type, "deb");
    CHECK_STR(u.distro, "debian-12");
    CHECK_STR(u.arch, "amd64");
    dd_package_list l = {0};
    CHECK(dd_purl_add_package(&u, &l) != NULL);
    CHECK_INT(l.v[0].type, DD_PKG_DPKG);
    CHECK_STR(l.v[0].name, "bash");
    dd_purl_free(&u);
    CHECK_INT(dd_purl_parse("pkg:github/actions/checkout@v4", &u, &why), 0);
    CHECK(dd_purl_add_package(&u, &l) == NULL); /* no ecosystem: not a package */
    dd_purl_free(&u);
    CHECK_INT(dd_purl_parse("pkg:npm/lodash", &u, &why), 0);
    CHECK(dd_purl_add_package(&u, &l) == NULL); /* no version */
    dd_purl_free(&u);
    CHECK_INT((int)l.n, 1);
    dd_package_list_free(&l);
    CHECK_INT(dd_purl_parse("npm/lodash@1", &u, &why), -1);
    CHECK_STR(why, "does not start with 'pkg:'");
    CHECK_INT(dd_purl_parse("pkg:lodash", &u, &why), -1);
    CHECK_STR(why, "no type/name");
    CHECK_INT(dd_purl_parse("pkg:npm/%zz@1", &u, &why), -1);
    CHECK_INT(dd_purl_parse("pkg:npm/a@1%00", &u, &why), -1); /* a NUL byte */
    CHECK_INT(dd_purl_parse("pkg:npm/a@1%2", &u, &why), -1);
    CHECK_INT(dd_purl_parse("pkg:n<p>m/a@1", &u, &why), -1);
    CHECK_INT(dd_purl_parse("pkg:npm/@1", &u, &why), -1);
}

static void test_purls(void)
{
    dd_os_info deb = {.id = "debian", .version_id = "12", .codename = "bookworm"};
    dd_os_info ubu = {.id = "ubuntu", .version_id = "22.04"};
    dd_os_info sid = {.id = "debian", .codename = "trixie"};
    dd_os_info alp = {.id = "alpine", .version_id = "3.19.1"};
    dd_os_info rhel = {.id = "rhel", .version_id = "9.3"};
    CHECK_PURL("pkg:deb/debian/libc6@2.36-9%2Bdeb12u4?arch=amd64&distro=debian-12&upstream=glibc",
               DD_PKG_DPKG, "libc6", "2.36-9+deb12u4", "amd64", "glibc", NULL, &deb);
    CHECK_PURL("pkg:deb/debian/"
               "login@1%3A4.13%2Bdfsg1-1%2Bb1?arch=amd64&distro=debian-12&upstream=shadow%404.13%"
               "2Bdfsg1-1",
               DD_PKG_DPKG, "login", "1:4.13+dfsg1-1+b1", "amd64", "shadow", "4.13+dfsg1-1", &deb);
    CHECK_PURL("pkg:deb/ubuntu/bash@5.1-6ubuntu1?arch=amd64&distro=ubuntu-22.04", DD_PKG_DPKG,
               "bash", "5.1-6ubuntu1", "amd64", NULL, NULL, &ubu);
    CHECK_PURL("pkg:deb/debian/bash@5.2?distro=debian-trixie", DD_PKG_DPKG, "bash", "5.2", NULL,
               NULL, NULL, &sid);
    CHECK_PURL("pkg:deb/debian/bash@5.2", DD_PKG_DPKG, "bash", "5.2", NULL, NULL, NULL, NULL);
    CHECK_PURL("pkg:apk/alpine/libssl3@3.1.4-r5?arch=x86_64&distro=alpine-3.19.1&upstream=openssl",
               DD_PKG_APK, "libssl3", "3.1.4-r5", "x86_64", "openssl", NULL, &alp);
    CHECK_PURL("pkg:rpm/rhel/"
               "openssl-libs@3.0.7-24.el9?arch=x86_64&distro=rhel-9.3&epoch=1&upstream=openssl",
               DD_PKG_RPM, "openssl-libs", "1:3.0.7-24.el9", "x86_64", "openssl", NULL, &rhel);
    CHECK_PURL("pkg:rpm/rhel/bash@5.1.8-6.el9?arch=x86_64&distro=rhel-9.3", DD_PKG_RPM, "bash",
               "5.1.8-6.el9", "x86_64", NULL, NULL, &rhel);
    CHECK_PURL("pkg:pypi/typing-extensions@4.9.0", DD_PKG_PYPI, "Typing_Extensions", "4.9.0", NULL,
               NULL, NULL, &deb);
    CHECK_PURL("pkg:npm/%40babel/core@7.23.0", DD_PKG_NPM, "@babel/core", "7.23.0", NULL, NULL,
               NULL, NULL);
    CHECK_PURL("pkg:npm/lodash@4.17.21", DD_PKG_NPM, "lodash", "4.17.21", NULL, NULL, NULL, NULL);
    CHECK_PURL("pkg:golang/github.com/gorilla/mux@v1.8.0%2Bincompatible", DD_PKG_GO,
               "github.com/gorilla/mux", "v1.8.0+incompatible", NULL, NULL, NULL, NULL);
    CHECK_PURL("pkg:golang/stdlib@1.21.3", DD_PKG_GO, "stdlib", "go1.21.3", NULL, NULL, NULL, NULL);
    CHECK_PURL("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1", DD_PKG_MAVEN,
               "org.apache.logging.log4j:log4j-core", "2.14.1", NULL, NULL, NULL, NULL);
    CHECK_PURL("pkg:maven/guava@31.1-jre", DD_PKG_MAVEN, "guava", "31.1-jre", NULL, NULL, NULL,
               NULL);
    /* Hostile bytes are encoded, never passed through. */
    CHECK_PURL("pkg:npm/a%3Fb%26c/d%20e@1%23%2F%0A", DD_PKG_NPM, "a?b&c/d e", "1#/\n", NULL, NULL,
               NULL, NULL);
    CHECK(purl(DD_PKG_DPKG, NULL, "1", NULL, NULL, NULL, NULL) == NULL);
}

static void test_os_release(void)
{
    dd_os_info os = {0};
    dd_error e = {0};
    const char deb[] =
        "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nNAME=\"Debian GNU/Linux\"\n"
        "VERSION_ID=\"12\"\nVERSION=\"12 (bookworm)\"\nVERSION_CODENAME=bookworm\nID=debian\n";
    CHECK_INT(dd_os_release_parse(deb, strlen(deb), &os, &e), 0);
    CHECK_STR(os.id, "debian");
    CHECK_STR(os.version_id, "12");
    CHECK_STR(os.codename, "bookworm");
    CHECK_STR(os.pretty, "Debian GNU/Linux 12 (bookworm)");
    const char old[] = "ID=debian\nVERSION_ID='10'\n# comment\n  \ngarbage line\n";
    CHECK_INT(dd_os_release_parse(old, strlen(old), &os, &e), 0);
    CHECK_STR(os.codename, "buster");
    CHECK(os.pretty == NULL);
    const char esc[] =
        "ID=\"my\\\"os\" \nVERSION_ID=\"1.0\" # trailing\r\nPRETTY_NAME=\"unterminated\n";
    CHECK_INT(dd_os_release_parse(esc, strlen(esc), &os, &e), 0);
    CHECK_STR(os.id, "my\"os");
    CHECK_STR(os.version_id, "1.0");
    CHECK_STR(os.pretty, "unterminated");
    CHECK(os.codename == NULL);
    CHECK_INT(dd_os_release_parse("HELLO=1\n", 8, &os, &e), -1);
    CHECK_STR(e.msg, "os-release: no ID, VERSION_ID or PRETTY_NAME");
    CHECK_STR(os.id, "my\"os"); /* unchanged on error */
    dd_os_info_free(&os);

    /* etc/os-release wins over usr/lib/os-release in either order. */
    dd_package_list l = {0};
    const char a[] = "ID=alpine\nVERSION_ID=3.19.1\n", v[] = "ID=vendor\nVERSION_ID=1\n";
    CHECK_INT(dd_pkg_parse(DD_PKGF_OS_RELEASE, "etc/os-release", a, strlen(a), NULL, &l, &e), 0);
    CHECK_INT(dd_pkg_parse(DD_PKGF_OS_RELEASE, "usr/lib/os-release", v, strlen(v), NULL, &l, &e),
              0);
    CHECK_STR(l.os.id, "alpine");
    dd_package_list_free(&l);
    CHECK_INT(dd_pkg_parse(DD_PKGF_OS_RELEASE, "/usr/lib/os-release", v, strlen(v), NULL, &l, &e),
              0);
    CHECK_STR(l.os.id, "vendor");
    CHECK_INT(dd_pkg_parse(DD_PKGF_OS_RELEASE, "/etc/os-release", a, strlen(a), NULL, &l, &e), 0);
    CHECK_STR(l.os.id, "alpine");
    CHECK_STR(l.os.source, "etc/os-release");
    CHECK_INT(dd_pkg_parse(DD_PKGF_OS_RELEASE, "etc/os-release", "X=1", 3, NULL, &l, &e), -1);
    CHECK_STR(e.msg, "etc/os-release: os-release: no ID, VERSION_ID or PRETTY_NAME");
    dd_package_list_free(&l);
}

int main(void)
{
    test_purls();
    test_purl_parse();
    test_os_release();
    return dd_test_done();
}
