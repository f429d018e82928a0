#include "vuln/version.h"

#include <string.h>
#include <strings.h>

int dd_vercmp_digits(const char *a, size_t alen, const char *b, size_t blen)
{
    while (alen && *a == '0') {
        a++;
        alen--;
    }
    while (blen && *b == '0') {
        b++;
        blen--;
    }
    /* Without leading zeros the longer run is the bigger number. */
    if (alen != blen)
        return alen < blen ? -1 : 1;
    if (alen == 0)
        return 0; /* both empty: a and b may be NULL, which memcmp must never see */
    int c = memcmp(a, b, alen);
    return c < 0 ? -1 : c > 0;
}

static int strcmp_order(const char *a, const char *b)
{
    int c = strcmp(a, b);
    return (c > 0) - (c < 0);
}

static const dd_eco_info ecosystems[] = {
    {DD_ECO_UNKNOWN, "unknown", "", strcmp_order, NULL, "generic", DD_ECOF_ORDER},
    {DD_ECO_DEBIAN, "Debian", "debian,dpkg,deb", dd_vercmp_dpkg, dd_version_dpkg_valid, "deb",
     DD_ECOF_DISTRO},
    {DD_ECO_ALPINE, "Alpine", "alpine,apk", dd_vercmp_apk, NULL, "apk", DD_ECOF_DISTRO},
    {DD_ECO_RPM, "Red Hat", "rpm,redhat,rhel", dd_vercmp_rpm, dd_version_rpm_valid, "rpm",
     DD_ECOF_DISTRO},
    {DD_ECO_NPM, "npm", "npm", dd_vercmp_semver, NULL, "npm", 0},
    {DD_ECO_PYPI, "PyPI", "pypi,pep440", dd_vercmp_pep440, dd_version_pep440_valid, "pypi", 0},
    {DD_ECO_GO, "Go", "go,golang", dd_vercmp_go_any, dd_version_go_any_valid, "golang", 0},
    {DD_ECO_MAVEN, "Maven", "maven", dd_vercmp_maven, NULL, "maven", 0},
    {DD_ECO_SEMVER, "SEMVER", "semver", dd_vercmp_semver, NULL, NULL, DD_ECOF_ORDER},
    {DD_ECO_UBUNTU, "Ubuntu", "ubuntu", dd_vercmp_dpkg, dd_version_dpkg_valid, "deb",
     DD_ECOF_DISTRO},
    {DD_ECO_ROCKY, "Rocky Linux", "rocky", dd_vercmp_rpm, dd_version_rpm_valid, "rpm",
     DD_ECOF_DISTRO},
    {DD_ECO_ALMA, "AlmaLinux", "almalinux,alma", dd_vercmp_rpm, dd_version_rpm_valid, "rpm",
     DD_ECOF_DISTRO},
    {DD_ECO_CARGO, "crates.io", "cargo,crates.io,crates", dd_vercmp_semver, NULL, "cargo", 0},
    {DD_ECO_RUBYGEMS, "RubyGems", "rubygems,gem", dd_vercmp_gem, dd_version_gem_valid, "gem", 0},
    {DD_ECO_PACKAGIST, "Packagist", "packagist,composer", dd_vercmp_composer,
     dd_version_composer_valid, "composer", 0},
    {DD_ECO_NUGET, "NuGet", "nuget", dd_vercmp_nuget, NULL, "nuget", 0},
};
_Static_assert(sizeof ecosystems / sizeof ecosystems[0] == DD_ECO_COUNT_, "one row per ecosystem");

const dd_eco_info *dd_eco(dd_ecosystem eco)
{
    return (unsigned)eco < DD_ECO_COUNT_ ? &ecosystems[eco] : &ecosystems[0];
}

int dd_vercmp(dd_ecosystem eco, const char *a, const char *b)
{
    return dd_eco(eco)->cmp(a, b);
}

const char *dd_ecosystem_name(dd_ecosystem eco)
{
    return dd_eco(eco)->osv;
}

const dd_eco_info *dd_eco_by_osv(const char *s)
{
    size_t n = strcspn(s, ":");
    for (size_t i = 1; i < DD_ECO_COUNT_; i++)
        if (!(ecosystems[i].flags & DD_ECOF_ORDER) && strlen(ecosystems[i].osv) == n &&
            strncasecmp(s, ecosystems[i].osv, n) == 0)
            return &ecosystems[i];
    return NULL;
}

dd_ecosystem dd_ecosystem_parse(const char *s)
{
    const dd_eco_info *e = dd_eco_by_osv(s);
    return e ? e->id : DD_ECO_UNKNOWN;
}

const dd_eco_info *dd_eco_by_cli(const char *s)
{
    size_t n = strlen(s);
    for (size_t i = 1; i < DD_ECO_COUNT_; i++)
        for (const char *p = ecosystems[i].cli; *p;) {
            size_t l = strcspn(p, ",");
            if (l == n && strncasecmp(p, s, n) == 0)
                return &ecosystems[i];
            p += l + (p[l] == ',');
        }
    return NULL;
}

bool dd_eco_version_valid(dd_ecosystem eco, const char *v)
{
    const dd_eco_info *e = dd_eco(eco);
    return v && *v && (!e->valid || e->valid(v));
}
