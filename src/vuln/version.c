#include "vuln/version.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "core/buf.h"
#include "core/mem.h"
#include "core/strlist.h"

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
    {
        .id = DD_ECO_UNKNOWN,
        .osv = "unknown",
        .cli = "",
        .cmp = strcmp_order,
        .purl_type = "generic",
        .flags = DD_ECOF_ORDER,
    },
    {
        .id = DD_ECO_DEBIAN,
        .osv = "Debian",
        .cli = "debian,dpkg,deb",
        .cmp = dd_vercmp_dpkg,
        .valid = dd_version_dpkg_valid,
        .purl_type = "deb",
        .pkg = DD_PKG_DPKG,
        .flags = DD_ECOF_DISTRO,
    },
    {
        .id = DD_ECO_ALPINE,
        .osv = "Alpine",
        .cli = "alpine,apk",
        .cmp = dd_vercmp_apk,
        .purl_type = "apk",
        .pkg = DD_PKG_APK,
        .flags = DD_ECOF_DISTRO,
    },
    {
        .id = DD_ECO_RPM,
        .osv = "Red Hat",
        .cli = "rpm,redhat,rhel",
        .cmp = dd_vercmp_rpm,
        .valid = dd_version_rpm_valid,
        .purl_type = "rpm",
        .pkg = DD_PKG_RPM,
        .flags = DD_ECOF_DISTRO | DD_ECOF_OSV_ARCHIVE,
    },
    {
        .id = DD_ECO_NPM,
        .osv = "npm",
        .cli = "npm",
        .cmp = dd_vercmp_semver,
        .purl_type = "npm",
        .pkg = DD_PKG_NPM,
        .flags = DD_ECOF_OSV_ARCHIVE,
    },
    {
        .id = DD_ECO_PYPI,
        .osv = "PyPI",
        .cli = "pypi,pep440",
        .cmp = dd_vercmp_pep440,
        .valid = dd_version_pep440_valid,
        .purl_type = "pypi",
        .pkg = DD_PKG_PYPI,
        .names = DD_ECO_NAMES_PEP503,
        .flags = DD_ECOF_OSV_ARCHIVE,
    },
    {
        .id = DD_ECO_GO,
        .osv = "Go",
        .cli = "go,golang",
        .cmp = dd_vercmp_go_any,
        .valid = dd_version_go_any_valid,
        .purl_type = "golang",
        .pkg = DD_PKG_GO,
        .flags = DD_ECOF_OSV_ARCHIVE,
    },
    {
        .id = DD_ECO_MAVEN,
        .osv = "Maven",
        .cli = "maven",
        .cmp = dd_vercmp_maven,
        .purl_type = "maven",
        .pkg = DD_PKG_MAVEN,
        .flags = DD_ECOF_OSV_ARCHIVE,
    },
    {
        .id = DD_ECO_SEMVER,
        .osv = "SEMVER",
        .cli = "semver",
        .cmp = dd_vercmp_semver,
        .flags = DD_ECOF_ORDER,
    },
    {
        .id = DD_ECO_UBUNTU,
        .osv = "Ubuntu",
        .cli = "ubuntu",
        .cmp = dd_vercmp_dpkg,
        .valid = dd_version_dpkg_valid,
        .purl_type = "deb",
        .pkg = DD_PKG_DPKG,
        .flags = DD_ECOF_DISTRO | DD_ECOF_OSV_ARCHIVE,
    },
    {
        .id = DD_ECO_ROCKY,
        .osv = "Rocky Linux",
        .cli = "rocky",
        .cmp = dd_vercmp_rpm,
        .valid = dd_version_rpm_valid,
        .purl_type = "rpm",
        .pkg = DD_PKG_RPM,
        .flags = DD_ECOF_DISTRO | DD_ECOF_OSV_ARCHIVE,
    },
    {
        .id = DD_ECO_ALMA,
        .osv = "AlmaLinux",
        .cli = "almalinux,alma",
        .cmp = dd_vercmp_rpm,
        .valid = dd_version_rpm_valid,
        .purl_type = "rpm",
        .pkg = DD_PKG_RPM,
        .flags = DD_ECOF_DISTRO | DD_ECOF_OSV_ARCHIVE,
    },
    {
        .id = DD_ECO_CARGO,
        .osv = "crates.io",
        .cli = "cargo,crates.io,crates",
        .cmp = dd_vercmp_semver,
        .purl_type = "cargo",
        .pkg = DD_PKG_CARGO,
        .flags = DD_ECOF_OSV_ARCHIVE,
    },
    {
        .id = DD_ECO_RUBYGEMS,
        .osv = "RubyGems",
        .cli = "rubygems,gem",
        .cmp = dd_vercmp_gem,
        .valid = dd_version_gem_valid,
        .purl_type = "gem",
        .pkg = DD_PKG_GEM,
        .flags = DD_ECOF_OSV_ARCHIVE,
    },
    {
        .id = DD_ECO_PACKAGIST,
        .osv = "Packagist",
        .cli = "packagist,composer",
        .cmp = dd_vercmp_composer,
        .valid = dd_version_composer_valid,
        .purl_type = "composer",
        .pkg = DD_PKG_COMPOSER,
        .names = DD_ECO_NAMES_LOWER,
        .flags = DD_ECOF_OSV_ARCHIVE,
    },
    {
        .id = DD_ECO_NUGET,
        .osv = "NuGet",
        .cli = "nuget",
        .cmp = dd_vercmp_nuget,
        .purl_type = "nuget",
        .pkg = DD_PKG_NUGET,
        .names = DD_ECO_NAMES_LOWER,
        .flags = DD_ECOF_OSV_ARCHIVE,
    },
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
    for (size_t i = 1; i < DD_ECO_COUNT_; i++)
        if (dd_strlist_has(ecosystems[i].cli, ',', s, strlen(s), true))
            return &ecosystems[i];
    return NULL;
}

const dd_eco_info *dd_eco_by_pkg(dd_pkg_type t)
{
    for (size_t i = 1; i < DD_ECO_COUNT_; i++)
        if (!(ecosystems[i].flags & DD_ECOF_ORDER) && ecosystems[i].pkg == t)
            return &ecosystems[i];
    return NULL;
}

char *dd_vuln_pypi_normalize(const char *s)
{
    dd_buf b = DD_BUF_INIT;
    dd_buf_puts(&b, "");
    for (; *s; s++) {
        if (*s == '-' || *s == '_' || *s == '.') {
            if (b.len == 0 || b.data[b.len - 1] != '-')
                dd_buf_putc(&b, '-');
        } else {
            dd_buf_putc(&b, (char)tolower((unsigned char)*s));
        }
    }
    return dd_buf_steal(&b);
}

char *dd_eco_package_key(const dd_eco_info *e, const char *name)
{
    switch (e->names) {
    case DD_ECO_NAMES_PEP503:
        return dd_vuln_pypi_normalize(name);
    case DD_ECO_NAMES_LOWER: {
        char *r = dd_xstrdup(name);
        for (char *p = r; *p; p++)
            *p = (char)tolower((unsigned char)*p);
        return r;
    }
    case DD_ECO_NAMES_AS_IS:
        break;
    }
    return dd_xstrdup(name);
}

bool dd_eco_version_valid(dd_ecosystem eco, const char *v)
{
    const dd_eco_info *e = dd_eco(eco);
    return v && *v && (!e->valid || e->valid(v));
}
