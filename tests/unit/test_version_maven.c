/* Maven ComparableVersion: the ordered lists from maven-artifact's ComparableVersionTest. */
#include "vercmp_cases.h"
#include "vuln/version.h"

static const vercase cases[] = {
    {"1", "1", 0},
    {"1", "1.0", 0},
    {"1", "1.0.0", 0},
    {"1.0", "1.0.0", 0},
    {"1", "1-0", 0},
    {"1", "1.0-0", 0},
    {"1.0", "1.0-0", 0},
    {"1a", "1-a", 0},
    {"1a", "1.0-a", 0},
    {"1a", "1.0.0-a", 0},
    {"1.0a", "1-a", 0},
    {"1.0.0a", "1-a", 0},
    {"1x", "1-x", 0},
    {"1x", "1.0-x", 0},
    {"1.0x", "1-x", 0},
    {"1ga", "1", 0},
    {"1release", "1", 0},
    {"1final", "1", 0},
    {"1cr", "1rc", 0},
    {"1a1", "1-alpha-1", 0},
    {"1b2", "1-beta-2", 0},
    {"1m3", "1-milestone-3", 0},
    {"1X", "1x", 0},
    {"1A", "1a", 0},
    {"1RELEASE", "1release", 0},
    {"1SNAPSHOT", "1snapshot", 0},
    {"2.0.0.RELEASE", "2.0.0", 0},
    {"1.0.0.X1", "1.0.0-X2", -1},
    {"2.12.6", "2.12.7.1", -1},
    {"2.9.10.8", "2.13.0", -1},
    {"5.3.18", "5.3.20", -1},
};

int main(void)
{
    RUN_VERCASES(dd_vercmp_maven, cases);
    static const char *const qualifier[] = {
        "1-alpha2snapshot", "1-alpha2", "1-alpha-123", "1-beta-2", "1-beta123", "1-m2",
        "1-m11", "1-rc", "1-cr2", "1-rc123", "1-SNAPSHOT", "1", "1-sp", "1-sp2", "1-sp123",
        "1-abc", "1-def", "1-pom-1", "1-1-snapshot", "1-1", "1-2", "1-123"};
    static const char *const number[] = {
        "2.0", "2.0.a", "2-1", "2.0.2", "2.0.123", "2.1.0", "2.1-a", "2.1b", "2.1-c", "2.1-1",
        "2.1.0.1", "2.2", "2.123", "11.a2", "11.a11", "11.b2", "11.b11", "11.m2", "11.m11",
        "11", "11.a", "11b", "11c", "11m"};
    RUN_VERORDER(dd_vercmp_maven, qualifier);
    RUN_VERORDER(dd_vercmp_maven, number);
    return dd_test_done();
}
