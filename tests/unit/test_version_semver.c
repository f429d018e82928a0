/* SemVer 2.0.0 precedence (npm): the spec's own examples plus npm's loose forms. */
#include "vercmp_cases.h"
#include "vuln/version.h"

static const vercase cases[] = {
    {"1.0.0", "1.0.0", 0},
    {"1.0.0", "2.0.0", -1},
    {"2.0.0", "2.1.0", -1},
    {"2.1.0", "2.1.1", -1},
    {"1.0.0-alpha", "1.0.0", -1},
    {"1.0.0+build.1", "1.0.0", 0},        /* build metadata ignored */
    {"1.0.0-alpha+001", "1.0.0-alpha", 0},
    {"v1.2.3", "1.2.3", 0},               /* npm loose */
    {"=1.2.3", "1.2.3", 0},
    {"1.2", "1.2.0", 0},
    {"1.10.0", "1.9.0", 1},
    {"1.0.0-alpha.1", "1.0.0-alpha.beta", -1},  /* numeric < alphanumeric */
    {"1.0.0-rc.1", "1.0.0-rc.11", -1},
    {"1.0.0-rc.2", "1.0.0-rc.11", -1},          /* numeric compare */
    {"1.0.0-rc.1", "1.0.0-rc.1.1", -1},
    {"1.0.0-Beta", "1.0.0-alpha", -1},          /* ASCII order */
    {"4.17.20", "4.17.21", -1},
    {"10000000000000000000000.0.0", "9999999999999999999999.0.0", 1},
};

int main(void)
{
    RUN_VERCASES(dd_vercmp_semver, cases);
    /* The ordering example from semver.org section 11. */
    static const char *const order[] = {"1.0.0-alpha",  "1.0.0-alpha.1", "1.0.0-alpha.beta",
                                        "1.0.0-beta",   "1.0.0-beta.2",  "1.0.0-beta.11",
                                        "1.0.0-rc.1",   "1.0.0"};
    RUN_VERORDER(dd_vercmp_semver, order);
    return dd_test_done();
}
