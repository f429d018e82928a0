/* NuGet.Versioning ordering: four numeric parts, case-insensitive release labels. */
#include "vercmp_cases.h"
#include "vuln/version.h"

static const vercase cases[] = {
    {"1.0.0", "1.0.0", 0},
    {"1.0", "1.0.0.0", 0},    /* missing parts are 0 */
    {"1.0.0.1", "1.0.0", 1},  /* the fourth part counts */
    {"01.002.3", "1.2.3", 0}, /* leading zeros */
    {"12.0.3", "13.0.1", -1},
    {"1.0.0-beta", "1.0.0", -1},       /* a release after its prereleases */
    {"1.0.0-RC", "1.0.0-rc", 0},       /* labels compare case-insensitively */
    {"1.0.0-rc.2", "1.0.0-rc.10", -1}, /* numeric label parts numerically */
    {"1.0.0-alpha", "1.0.0-alpha.1", -1},
    {"1.0.0-1", "1.0.0-alpha", -1}, /* numbers before text */
    {"1.0.0+build.5", "1.0.0", 0},  /* metadata ignored */
    {"1.0.0-beta+x", "1.0.0-beta", 0},
    {"v2.1.0", "2.1.0", 0},
    {"99999999999999999999.0", "1.0", 1},
};

int main(void)
{
    RUN_VERCASES(dd_vercmp_nuget, cases);
    static const char *const order[] = {
        "0.9",   "1.0.0-alpha", "1.0.0-alpha.2", "1.0.0-alpha.10", "1.0.0-beta",
        "1.0.0", "1.0.0.1",     "1.0.1",         "1.10.0"};
    RUN_VERORDER(dd_vercmp_nuget, order);
    return dd_test_done();
}
