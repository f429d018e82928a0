/* The ecosystems added for OSV feeds beyond the first seven: RubyGems (cases from
 * rubygems' test_gem_version.rb test_spaceship), Composer (cases from Composer's
 * VersionParser and Comparator tests), Go's canonical form (OSV writes "0.17.0", binaries
 * "v0.17.0" and toolchains "go1.24.3"), and the one ecosystem table. */
#include <stdlib.h>
#include <string.h>

#include "vercmp_cases.h"
#include "vuln/update.h"
#include "vuln/version.h"

static const vercase gem[] = {
    {"1.0", "1.0.0", 0},           {"1.0", "1.0.a", 1},
    {"1.8.2", "0.0.0", 1},         {"1.8.2", "1.8.2.a", 1},
    {"1.8.2.b", "1.8.2.a", 1},     {"1.8.2.a", "1.8.2", -1},
    {"1.8.2.a10", "1.8.2.a9", 1},  {"", "0", 0},
    {"0.beta.1", "0.0.beta.1", 0}, {"0.0.beta", "0.0.beta.1", -1},
    {"0.0.beta", "0.beta.1", -1},  {"5.a", "5.0.0.rc2", -1},
    {"5.x", "5.0.0.rc2", 1},       {"1.0.0-rc1", "1.0.0.pre.rc1", 0},
    {"1.0.0-rc1", "1.0.0", -1},    {"2.2.8.1", "2.2.8", 1},
    {"3.0.9", "3.0.10", -1},       {"1.16.2", "1.16.2.1", -1},
    {"7.1.3.1", "7.1.3", 1},       {"1.a", "1.A", 1}, /* bytes: 'a' > 'A' */
};

static const vercase composer[] = {
    {"1.0", "1.0.0", 0},
    {"v1.0.0", "1.0.0", 0},
    {"1.0.0", "1.0.1", -1},
    {"1.0.0-beta", "1.0.0", -1},
    {"1.0.0-alpha", "1.0.0-beta", -1},
    {"1.0.0-RC1", "1.0.0", -1},
    {"1.0.0-beta2", "1.0.0-beta1", 1},
    {"1.0.0-patch1", "1.0.0", 1},
    {"1.0.0-dev", "1.0.0-alpha", -1},
    {"2.0.0-b1", "2.0.0-beta1", 0},
    {"1.0.0-rc.1", "1.0.0-RC1", 0},
    {"1.0.0+build.7", "1.0.0", 0},
    {"1.2.3.4", "1.2.3.5", -1},
    {"6.5.7", "6.5.8", -1},
    {"7.4.5", "7.10.0", -1},
    {"1.0.0-pl2", "1.0.0-p2", 0},
    {"dev-master", "0.0.1", -1},
};

static const vercase go[] = {
    {"0.17.0", "v0.17.0", 0},
    {"0.0.0-20210226172049-e18ecbb05110", "v0.0.0-20210226172049-e18ecbb05110", 0},
    {"v0.0.0-20210226172049-e18ecbb05110", "0.7.0", -1}, /* a pseudo-version is a prerelease */
    {"go1.24.3", "1.24.3", 0},
    {"go1.21", "v1.21.0", 0},
    {"go1.21rc2", "1.21.0-rc.2", 0},
    {"go1.9beta1", "1.9.0-beta.1", 0},
    {"go1.22.1", "1.22.0-0", 1},
    {"go1.21.8", "1.21.9", -1},
    {"(devel)", "0.0.1", -1}, /* not a version: sorts first, never "newer" */
};

int main(void)
{
    RUN_VERCASES(dd_vercmp_gem, gem);
    RUN_VERCASES(dd_vercmp_composer, composer);
    RUN_VERCASES(dd_vercmp_go_any, go);

    char b[64];
    CHECK_STR(dd_go_canonical("go1.24.3", b, sizeof b), "v1.24.3");
    CHECK_STR(dd_go_canonical("go1.21rc2", b, sizeof b), "v1.21.0-rc.2");
    CHECK_STR(dd_go_canonical("1.2.3", b, sizeof b), "v1.2.3");
    CHECK_STR(dd_go_canonical("v1.2.3", b, sizeof b), "v1.2.3");
    CHECK_STR(dd_go_canonical("(devel)", b, sizeof b), "(devel)");
    CHECK(!dd_eco_version_valid(DD_ECO_GO, "(devel)"));
    CHECK(!dd_eco_version_valid(DD_ECO_GO, ""));
    CHECK(dd_eco_version_valid(DD_ECO_GO, "go1.19.8"));
    CHECK(dd_eco_version_valid(DD_ECO_GO, "0.17.0"));
    CHECK(!dd_eco_version_valid(DD_ECO_PACKAGIST, "dev-main"));
    CHECK(dd_eco_version_valid(DD_ECO_RUBYGEMS, "1.16.2-x86_64-linux") == false);
    CHECK(dd_eco_version_valid(DD_ECO_RUBYGEMS, "1.16.2.rc1"));

    /* The table: OSV names (with their ":release" suffixes), CLI names, purl types. */
    CHECK_INT(dd_ecosystem_parse("crates.io"), DD_ECO_CARGO);
    CHECK_INT(dd_ecosystem_parse("Ubuntu:22.04:LTS"), DD_ECO_UBUNTU);
    CHECK_INT(dd_ecosystem_parse("Red Hat:enterprise_linux:9::appstream"), DD_ECO_RPM);
    CHECK_INT(dd_ecosystem_parse("Rocky Linux:9"), DD_ECO_ROCKY);
    CHECK_INT(dd_ecosystem_parse("SEMVER"), DD_ECO_UNKNOWN); /* an ordering, not a feed */
    CHECK_INT(dd_ecosystem_parse("Hex"), DD_ECO_UNKNOWN);
    CHECK_STR(dd_ecosystem_name(DD_ECO_PACKAGIST), "Packagist");
    CHECK(dd_eco_by_cli("composer") && dd_eco_by_cli("composer")->id == DD_ECO_PACKAGIST);
    CHECK(dd_eco_by_cli("GEM") && dd_eco_by_cli("GEM")->id == DD_ECO_RUBYGEMS);
    CHECK(dd_eco_by_cli("nope") == NULL);
    CHECK_STR(dd_eco(DD_ECO_CARGO)->purl_type, "cargo");
    for (int i = 0; i < DD_ECO_COUNT_; i++)
        CHECK_INT(dd_eco((dd_ecosystem)i)->id, i);
    CHECK_INT(dd_vercmp(DD_ECO_RUBYGEMS, "1.0.a", "1.0"), -1);

    /* Package types and names through the same rows: the purl type, the key the
     * vulnerability data uses, the ecosystem of a type. */
    CHECK_STR(dd_pkg_type_name(DD_PKG_DPKG), "deb");
    CHECK_STR(dd_pkg_type_name(DD_PKG_GO), "golang");
    CHECK_STR(dd_pkg_type_name(DD_PKG_NUGET), "nuget");
    CHECK_STR(dd_pkg_type_name(DD_PKG_TYPE_COUNT_), "generic");
    CHECK(dd_eco_by_pkg(DD_PKG_DPKG) && dd_eco_by_pkg(DD_PKG_DPKG)->id == DD_ECO_DEBIAN);
    CHECK(dd_eco_by_pkg(DD_PKG_COMPOSER) && dd_eco_by_pkg(DD_PKG_COMPOSER)->id == DD_ECO_PACKAGIST);
    for (int t = 0; t < DD_PKG_TYPE_COUNT_; t++)
        CHECK(dd_eco_by_pkg((dd_pkg_type)t) != NULL); /* every type has its row */
    char *k = dd_eco_package_key(dd_eco(DD_ECO_PYPI), "Foo_Bar.baz");
    CHECK_STR(k, "foo-bar-baz");
    free(k);
    k = dd_eco_package_key(dd_eco(DD_ECO_NUGET), "Newtonsoft.Json");
    CHECK_STR(k, "newtonsoft.json");
    free(k);
    k = dd_eco_package_key(dd_eco(DD_ECO_MAVEN), "Org.X:Y");
    CHECK_STR(k, "Org.X:Y");
    free(k);

    /* db update's defaults: the distributions' feeds, then OSV's archive of each row that
     * asks for it, spaces escaped. */
    const char *const *feeds = dd_vuln_default_feeds();
    bool debian = false, redhat = false, crates = false, nuget = false, semver = false;
    for (const char *const *f = feeds; *f; f++) {
        debian |= strcmp(*f, "https://security-tracker.debian.org/tracker/data/json") == 0;
        redhat |= strcmp(*f, "https://osv-vulnerabilities.storage.googleapis.com/Red%20Hat/"
                             "all.zip") == 0;
        crates |= strcmp(*f, "https://osv-vulnerabilities.storage.googleapis.com/crates.io/"
                             "all.zip") == 0;
        nuget |=
            strcmp(*f, "https://osv-vulnerabilities.storage.googleapis.com/NuGet/all.zip") == 0;
        semver |= strstr(*f, "SEMVER") != NULL;
    }
    CHECK(debian && redhat && crates && nuget && !semver);
    CHECK(dd_vuln_default_feeds() == feeds); /* built once */
    return dd_test_done();
}
