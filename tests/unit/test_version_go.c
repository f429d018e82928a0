/* Go module versions: cases from golang.org/x/mod/semver's tests. */
#include "vercmp_cases.h"
#include "vuln/version.h"

static const vercase cases[] = {
    {"v1.0.0", "v1.0.0", 0},
    {"v1", "v1.0.0", 0},                   /* shorthand */
    {"v1.2", "v1.2.0", 0},
    {"v2.0.0+incompatible", "v2.0.0", 0},  /* build metadata ignored */
    {"v1.0.0-20191109021931-daa7c04131f5", "v1.0.0", -1}, /* pseudo-version: prerelease */
    {"v0.0.0-20191109021931-daa7c04131f5", "v0.0.0-20200101000000-aaaaaaaaaaaa", -1},
    {"v1.2.4-0.20191109021931-daa7c04131f5", "v1.2.3", 1},  /* after v1.2.3 */
    {"v1.2.4-0.20191109021931-daa7c04131f5", "v1.2.4", -1},
    {"v1.2.4-pre.0.20191109021931-daa7c04131f5", "v1.2.4-pre", 1},
    {"v0.9.0", "v0.10.0", -1},
    {"1.0.0", "v0.0.1", -1},               /* invalid (no v) sorts first */
    {"1.0.0", "bad", 0},                   /* invalid == invalid */
    {"v1.0.0-", "v0.0.1", -1},             /* empty prerelease: invalid */
    {"v01.0.0", "v0.0.1", -1},             /* leading zero: invalid */
    {"v1.0-pre", "v0.0.1", -1},            /* shorthand with prerelease: invalid */
    {"v1.0.0-alpha", "v1.0.0-alpha.1", -1},
    {"v1.0.0-rc.1", "v1.0.0", -1},
    {"v1.0.0-01", "v0.1.0", -1},           /* numeric identifier with leading zero: invalid */
};

int main(void)
{
    RUN_VERCASES(dd_vercmp_go, cases);
    return dd_test_done();
}
