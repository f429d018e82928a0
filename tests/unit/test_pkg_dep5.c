/* dpkg licences: DEP-5 short names to SPDX ids (the copyright-format spec's table),
 * License: lines to expressions, whole copyright files (real ones from Debian 12), and the
 * path shape the image walker keeps licences for. */
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "pkg/readers.h"
#include "pkg_fixture.h"
#include "tap.h"

static void id_is(const char *dep5, const char *want)
{
    char out[128];
    int rc = dd_pkg_dep5_spdx_id(dep5, out, sizeof out);
    if (!want) {
        CHECK_INT(rc, -1);
        return;
    }
    CHECK_INT(rc, 0);
    CHECK_STR(out, want);
}

static void test_names(void)
{
    id_is("GPL-2", "GPL-2.0-only");
    id_is("GPL-2+", "GPL-2.0-or-later");
    id_is("GPL-2.0+", "GPL-2.0-or-later");
    id_is("GPL-3", "GPL-3.0-only");
    id_is("GPL-1+", "GPL-1.0-or-later");
    id_is("LGPL-2.1+", "LGPL-2.1-or-later");
    id_is("LGPL-2.1", "LGPL-2.1-only");
    id_is("LGPL-3+", "LGPL-3.0-or-later");
    id_is("AGPL-3+", "AGPL-3.0-or-later");
    id_is("GFDL-1.3+", "GFDL-1.3-or-later");
    id_is("GFDL-NIV-1.3", "GFDL-1.3-no-invariants-only");
    id_is("BSD-2-clause", "BSD-2-Clause");
    id_is("BSD-3-clause", "BSD-3-Clause");
    id_is("BSD-4-clause", "BSD-4-Clause");
    id_is("Expat", "MIT");
    id_is("zlib", "Zlib");
    id_is("ISC", "ISC");
    id_is("Apache-2", "Apache-2.0");
    id_is("Apache-2.0", "Apache-2.0");
    id_is("MPL-1.1", "MPL-1.1");
    id_is("Artistic-2.0", "Artistic-2.0");
    id_is("CC0-1.0", "CC0-1.0");
    id_is("CC-BY-SA-4.0", "CC-BY-SA-4.0");
    id_is("LPPL-1.3c", "LPPL-1.3c");
    id_is("Zope-2.1", "ZPL-2.1");
    /* no exact SPDX equivalent: Debian's name is kept */
    id_is("public-domain", NULL);
    id_is("Artistic", NULL); /* Debian's Artistic is not pinned to one SPDX version */
    id_is("GPL", NULL);
    id_is("GPL-9", NULL);
    id_is("BSD-4-clause-UC", NULL);
    id_is("GPL-", NULL);
    id_is("", NULL);
}

static void expr_is(const char *dep5, const char *want)
{
    char *got = dd_pkg_dep5_expression(dep5);
    CHECK_STR(got, want);
    free(got);
}

static void test_expressions(void)
{
    expr_is("GPL-2+", "GPL-2.0-or-later");
    expr_is("GPL-1+ or Artistic", "GPL-1.0-or-later OR Artistic");
    expr_is("LGPL-2.1+ and GPL-3+", "LGPL-2.1-or-later AND GPL-3.0-or-later");
    expr_is("BSD-3-clause and/or GPL-3+", "BSD-3-Clause OR GPL-3.0-or-later");
    /* the spec's own example: the comma makes what precedes it a group */
    expr_is("GPL-2+ or Artistic-2.0, and BSD-3-clause",
            "(GPL-2.0-or-later OR Artistic-2.0) AND BSD-3-Clause");
    expr_is("REGCOMP, and GPL-1+ or Artistic", "REGCOMP AND (GPL-1.0-or-later OR Artistic)");
    expr_is("GPL-3+ with Bison exception", "GPL-3.0-or-later WITH Bison-exception-2.2");
    expr_is("GPL-3+ with Autoconf exception", "GPL-3.0-or-later WITH Autoconf-exception-3.0");
    expr_is("GPL-2 with Linux-syscall-note exception", "GPL-2.0-only WITH Linux-syscall-note");
    /* no SPDX exception: one name, which the SPDX writer makes a LicenseRef */
    expr_is("GPL-2+ with OpenSSL exception", "GPL-2.0-or-later-with-OpenSSL-exception");
    /* names Debian wrote with spaces or slashes: one token each */
    expr_is("MIT/X11", "MIT-X11");
    expr_is("MIT-like license", "MIT-like-license");
    expr_is("public-domain", "public-domain");
}

static char *copyright_of(const char *rel)
{
    dd_buf b = DD_BUF_INIT;
    pkg_fixture_read(rel, &b);
    char *l = dd_pkg_dpkg_copyright_license(b.data, b.len);
    dd_buf_free(&b);
    return l;
}

static void test_files(void)
{
    const char dep5[] =
        "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n"
        "Upstream-Name: x\n\nFiles: *\nCopyright: 2020 A\nLicense: GPL-2+\n"
        " This program is free software\n\nFiles: lib/*\nLicense:  Expat \n\n"
        "Files: a/*\nLicense: GPL-2+ and Expat\n\n"
        "Files: b/*\nLicense: GPL-1+ or Artistic\n\n"
        "License: GPL-2+\n On Debian systems...\n";
    char *l = dd_pkg_dpkg_copyright_license(dep5, strlen(dep5));
    /* each licence once, an alternative in parentheses */
    CHECK_STR(l, "GPL-2.0-or-later AND MIT AND (GPL-1.0-or-later OR Artistic)");
    free(l);
    const char old[] =
        "This is the Debian prepackaged version of the GNU C Library.\nLicense: LGPL\n";
    CHECK(dd_pkg_dpkg_copyright_license(old, strlen(old)) == NULL);
    CHECK(dd_pkg_dpkg_copyright_license("Format: x\n", 10) == NULL);
    CHECK(dd_pkg_dpkg_copyright_license("", 0) == NULL);
    /* Debian 12's own files (tests/cases/pkg/rootfs/usr/share/doc) */
    l = copyright_of("rootfs/usr/share/doc/bash/copyright");
    CHECK_STR(l, "GPL-3.0-or-later AND GPL-3.0-or-later WITH Bison-exception-2.2 AND "
                 "GPL-2.0-or-later AND GFDL-1.3-no-invariants-only AND Latex2e AND "
                 "BSD-4-clause-UC AND MIT-like AND permissive");
    free(l);
    l = copyright_of("rootfs/usr/share/doc/zlib-shared/copyright");
    CHECK_STR(l, "Zlib");
    free(l);
    CHECK(copyright_of("rootfs/usr/share/doc/libc6/copyright") == NULL); /* free-form */
}

static void test_paths(void)
{
    CHECK(dd_pkg_is_dpkg_copyright("usr/share/doc/zlib1g/copyright"));
    CHECK(!dd_pkg_is_dpkg_copyright("usr/share/doc/zlib1g/copyright.gz"));
    CHECK(!dd_pkg_is_dpkg_copyright("usr/share/doc/copyright"));
    CHECK(!dd_pkg_is_dpkg_copyright("usr/share/doc//copyright"));
    CHECK(!dd_pkg_is_dpkg_copyright("usr/share/doc/a/b/copyright"));
    CHECK(!dd_pkg_is_dpkg_copyright("usr/share/doc/../copyright"));
    CHECK(!dd_pkg_is_dpkg_copyright("usr/local/share/doc/x/copyright"));
    char p[64];
    CHECK(dd_pkg_dpkg_copyright_path("libc6", p, sizeof p));
    CHECK_STR(p, "usr/share/doc/libc6/copyright");
    CHECK(!dd_pkg_dpkg_copyright_path("..", p, sizeof p));
    CHECK(!dd_pkg_dpkg_copyright_path("a/b", p, sizeof p));
    CHECK(!dd_pkg_dpkg_copyright_path("", p, sizeof p));
    CHECK(!dd_pkg_dpkg_copyright_path("a-very-long-package-name-indeed-longer-than", p, sizeof p));
}

int main(void)
{
    test_names();
    test_expressions();
    test_files();
    test_paths();
    return dd_test_done();
}
