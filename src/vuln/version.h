/* Version comparison exactly as each ecosystem defines it.
 *
 * Every comparator takes two NUL-terminated strings and returns <0, 0 or >0 like
 * strcmp. None allocates or keeps a pointer; none fails: a string the ecosystem would
 * reject is still ordered deterministically (documented per function), because feeds
 * and images contain such strings and a crash or an abort is never acceptable.
 * Numbers are compared as digit strings, so arbitrarily long numeric parts never
 * overflow. */
#pragma once
#include <stdbool.h>
#include <stddef.h>

#include "pkg/pkg.h"

typedef enum {
    DD_ECO_UNKNOWN = 0,
    DD_ECO_DEBIAN,    /* dpkg */
    DD_ECO_ALPINE,    /* apk */
    DD_ECO_RPM,       /* Red Hat Enterprise Linux, CentOS (OSV "Red Hat") */
    DD_ECO_NPM,       /* SemVer 2.0.0 as npm applies it */
    DD_ECO_PYPI,      /* PEP 440 */
    DD_ECO_GO,        /* Go modules (semver; a missing "v" added, go1.x tags read) */
    DD_ECO_MAVEN,     /* Maven ComparableVersion */
    DD_ECO_SEMVER,    /* plain SemVer (OSV "SEMVER" ranges): an ordering, not an ecosystem */
    DD_ECO_UBUNTU,    /* dpkg */
    DD_ECO_ROCKY,     /* rpm */
    DD_ECO_ALMA,      /* rpm */
    DD_ECO_CARGO,     /* crates.io: SemVer 2.0.0 */
    DD_ECO_RUBYGEMS,  /* Gem::Version */
    DD_ECO_PACKAGIST, /* Composer */
    DD_ECO_NUGET,     /* NuGet.Versioning */
    DD_ECO_COUNT_
} dd_ecosystem;

/* One row per ecosystem: the only place that says how an ecosystem is named, ordered,
 * written as a package URL, which packages it holds, how its database keys their names
 * and where its data comes from (the matcher, the importers, `db update`, `db vercmp`,
 * the purls and the package tables all read it). Adding an ecosystem is a row here, an
 * enum value above, a DD_PKG_ type for its packages (pkg/pkg.h) and a reader (see
 * HACKING.md). */
enum {
    DD_ECOF_DISTRO = 1u << 0,      /* scoped by a distribution release ("Debian:12") */
    DD_ECOF_ORDER = 1u << 1,       /* an ordering only, never a feed's ecosystem (SEMVER) */
    DD_ECOF_OSV_ARCHIVE = 1u << 2, /* `db update` fetches OSV's archive of it by default */
};
/* How the vulnerability data keys an ecosystem's package names. */
typedef enum {
    DD_ECO_NAMES_AS_IS = 0,
    DD_ECO_NAMES_LOWER,  /* case-insensitive names, stored lower case (Packagist, NuGet) */
    DD_ECO_NAMES_PEP503, /* PyPI: lower case, runs of -_. as one - */
} dd_eco_names;
typedef struct dd_eco_info {
    dd_ecosystem id;
    const char *osv; /* the OSV ecosystem name, also the database's: "crates.io" */
    const char *cli; /* names `db vercmp --ecosystem` takes, ',' separated */
    int (*cmp)(const char *a, const char *b);
    bool (*valid)(const char *v); /* NULL: every non-empty string is a version */
    const char *purl_type;        /* "deb", "cargo", "gem", "composer" ... */
    dd_pkg_type pkg;              /* the type of its packages (not read for DD_ECOF_ORDER rows) */
    dd_eco_names names;
    unsigned flags; /* DD_ECOF_* */
} dd_eco_info;

/* The row of an ecosystem (the DD_ECO_UNKNOWN row, comparing with strcmp, for others). */
const dd_eco_info *dd_eco(dd_ecosystem eco);
/* By OSV name, the part before any ':' ("Debian:12", "Red Hat:enterprise_linux:9");
 * case-insensitive; NULL when unknown. */
const dd_eco_info *dd_eco_by_osv(const char *s);
/* By one of the `cli` names (case-insensitive); NULL when unknown. */
const dd_eco_info *dd_eco_by_cli(const char *s);
/* The ecosystem of a package type: for a language its one ecosystem (DD_PKG_CARGO:
 * crates.io), for an OS package type the first distribution using it (DD_PKG_DPKG:
 * Debian); NULL for none. */
const dd_eco_info *dd_eco_by_pkg(dd_pkg_type t);
/* A package name as the ecosystem's vulnerability data keys it (e->names); caller frees. */
char *dd_eco_package_key(const dd_eco_info *e, const char *name);
/* PEP 503 name normalisation (caller frees). */
char *dd_vuln_pypi_normalize(const char *name);
/* Is `v` a version of the ecosystem ("(devel)" is no Go version)? */
bool dd_eco_version_valid(dd_ecosystem eco, const char *v);

/* dpkg: [epoch:]upstream[-revision], '~' sorts before everything, even the end. */
int dd_vercmp_dpkg(const char *a, const char *b);
/* The same ordering on versions split once (the matcher compares one installed version
 * with many fixed versions). The pointers point into the string given to
 * dd_dpkg_split(), which must outlive the split form. */
typedef struct dd_dpkg_ver {
    const char *epoch, *epoch_end; /* the leading digits of the epoch ("" when none) */
    const char *up, *up_end;
    const char *rev, *rev_end;
} dd_dpkg_ver;
void dd_dpkg_split(const char *s, dd_dpkg_ver *v);
int dd_vercmp_dpkg_split(const dd_dpkg_ver *a, const dd_dpkg_ver *b);
/* apk-tools: digits{.digits}[letter]{_suffix[N]}[-rN]; _alpha<_beta<_pre<_rc<(none)
 * <_cvs<_svn<_git<_hg<_p. An invalid tail stops the comparison where it starts. */
int dd_vercmp_apk(const char *a, const char *b);
/* rpm: [epoch:]version[-release], rpmvercmp segments, '~' before, '^' after the end.
 * A release missing on either side is not compared (as rpm does for dependencies). */
int dd_vercmp_rpm(const char *a, const char *b);
/* The syntax each defines (deb-version(7); rpm's [epoch:]version[-release]). */
bool dd_version_dpkg_valid(const char *v);
bool dd_version_rpm_valid(const char *v);
/* Just the rpmvercmp() of two segments (no epoch/release split). */
int dd_rpmvercmp(const char *a, const char *b);
/* SemVer 2.0.0 precedence; a leading 'v' or '=' is accepted (npm "loose"), missing
 * minor/patch count as 0; build metadata is ignored. */
int dd_vercmp_semver(const char *a, const char *b);
/* PEP 440 ordering with the normalisations of the spec (alpha->a, c/pre/preview->rc,
 * rev/r->post, implicit post "1.0-1", separators, case, leading v, local versions).
 * Strings that are not PEP 440 sort before every valid version, among themselves
 * by strcmp (pip's LegacyVersion did the same). */
int dd_vercmp_pep440(const char *a, const char *b);
bool dd_version_pep440_valid(const char *v);
/* Go modules (golang.org/x/mod/semver): "v" is required, "v1" == "v1.0.0", "+incompatible"
 * and other build metadata are ignored, pseudo-versions are prereleases. Invalid
 * versions sort before valid ones and equal each other. */
int dd_vercmp_go(const char *a, const char *b);
/* Maven ComparableVersion (items split on '.', '-' and digit/letter transitions,
 * qualifiers alpha<beta<milestone<rc=cr<snapshot<""=ga=final=release<sp<others). */
int dd_vercmp_maven(const char *a, const char *b);
/* Go with the forms the feeds and binaries write: "1.2.3" (OSV, no "v") and toolchain
 * tags "go1.21rc2" are made canonical ("v1.2.3", "v1.21.0-rc.2") before dd_vercmp_go. */
int dd_vercmp_go_any(const char *a, const char *b);
bool dd_version_go_valid(const char *v);     /* strict golang.org/x/mod/semver */
bool dd_version_go_any_valid(const char *v); /* after dd_go_canonical */
/* The canonical Go form of `s` written to buf (n bytes); returns buf, or `s` itself when
 * it needs no change or cannot be made canonical ("(devel)"). */
const char *dd_go_canonical(const char *s, char *buf, size_t n);
/* RubyGems Gem::Version ordering; validity as Gem::Version.correct?. */
int dd_vercmp_gem(const char *a, const char *b);
bool dd_version_gem_valid(const char *v);
/* Composer: normalised as VersionParser does, compared as PHP's version_compare. */
int dd_vercmp_composer(const char *a, const char *b);
bool dd_version_composer_valid(const char *v);

/* NuGet: up to four numeric parts (missing ones 0), a release label compared per
 * dot-separated part (numbers numerically, text case-insensitively), metadata ignored. */
int dd_vercmp_nuget(const char *a, const char *b);

int dd_vercmp(dd_ecosystem eco, const char *a, const char *b);

/* dd_eco(eco)->osv: "Debian", "Red Hat", "crates.io" ... */
const char *dd_ecosystem_name(dd_ecosystem eco);
/* dd_eco_by_osv(s)->id, or DD_ECO_UNKNOWN. */
dd_ecosystem dd_ecosystem_parse(const char *s);

/* Internal helper shared by the comparators: compare two runs of decimal digits
 * numerically (leading zeros ignored). */
int dd_vercmp_digits(const char *a, size_t alen, const char *b, size_t blen);
