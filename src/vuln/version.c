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

/* OSV's Go ranges write versions without the "v" Go modules require ("1.2.3",
 * "0.0.0-20210226172049-e18ecbb05110"); installed modules have it. Both sides are given one
 * before golang.org/x/mod/semver's ordering applies. */
static int vercmp_go_either(const char *a, const char *b)
{
    char ba[256], bb[256];
    if (a[0] != 'v' && strlen(a) < sizeof ba - 1) {
        ba[0] = 'v';
        strcpy(ba + 1, a);
        a = ba;
    }
    if (b[0] != 'v' && strlen(b) < sizeof bb - 1) {
        bb[0] = 'v';
        strcpy(bb + 1, b);
        b = bb;
    }
    return dd_vercmp_go(a, b);
}

int dd_vercmp(dd_ecosystem eco, const char *a, const char *b)
{
    switch (eco) {
    case DD_ECO_DEBIAN:
        return dd_vercmp_dpkg(a, b);
    case DD_ECO_ALPINE:
        return dd_vercmp_apk(a, b);
    case DD_ECO_RPM:
        return dd_vercmp_rpm(a, b);
    case DD_ECO_NPM:
    case DD_ECO_SEMVER:
        return dd_vercmp_semver(a, b);
    case DD_ECO_PYPI:
        return dd_vercmp_pep440(a, b);
    case DD_ECO_GO:
        return vercmp_go_either(a, b);
    case DD_ECO_MAVEN:
        return dd_vercmp_maven(a, b);
    case DD_ECO_NUGET:
        return dd_vercmp_nuget(a, b);
    case DD_ECO_UNKNOWN:
    default:
        return strcmp(a, b);
    }
}

static const char *const eco_names[] = {
    [DD_ECO_UNKNOWN] = "unknown", [DD_ECO_DEBIAN] = "Debian", [DD_ECO_ALPINE] = "Alpine",
    [DD_ECO_RPM] = "Red Hat",     [DD_ECO_NPM] = "npm",       [DD_ECO_PYPI] = "PyPI",
    [DD_ECO_GO] = "Go",           [DD_ECO_MAVEN] = "Maven",   [DD_ECO_NUGET] = "NuGet",
    [DD_ECO_SEMVER] = "SEMVER",
};

const char *dd_ecosystem_name(dd_ecosystem eco)
{
    return (unsigned)eco < sizeof eco_names / sizeof eco_names[0] ? eco_names[eco] : "unknown";
}

dd_ecosystem dd_ecosystem_parse(const char *s)
{
    size_t n = strcspn(s, ":");
    for (size_t i = 1; i < sizeof eco_names / sizeof eco_names[0]; i++)
        if (strlen(eco_names[i]) == n && strncasecmp(s, eco_names[i], n) == 0)
            return (dd_ecosystem)i;
    if (n == 6 && strncasecmp(s, "Ubuntu", 6) == 0)
        return DD_ECO_DEBIAN;
    if ((n == 5 && strncasecmp(s, "Rocky", 5) == 0) || (n == 4 && strncasecmp(s, "Alma", 4) == 0) ||
        (n == 9 && strncasecmp(s, "AlmaLinux", 9) == 0) || (n == 4 && strncasecmp(s, "RHEL", 4) == 0))
        return DD_ECO_RPM;
    return DD_ECO_UNKNOWN;
}
