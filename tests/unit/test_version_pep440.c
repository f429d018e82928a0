/* PEP 440: the ordering example from the spec and packaging's test suite. */
#include "vercmp_cases.h"
#include "vuln/version.h"

static const vercase cases[] = {
    {"1.0", "1.0.0", 0},         /* trailing zeros */
    {"1.0", "v1.0", 0},
    {"1.0a1", "1.0.alpha.1", 0}, /* normalisation */
    {"1.0a1", "1.0-a-1", 0},
    {"1.0b2", "1.0beta2", 0},
    {"1.0rc1", "1.0c1", 0},
    {"1.0rc1", "1.0pre1", 0},
    {"1.0rc1", "1.0preview1", 0},
    {"1.0.post1", "1.0-1", 0},   /* implicit post */
    {"1.0.post1", "1.0.rev1", 0},
    {"1.0.post1", "1.0-r1", 0},
    {"1.0a", "1.0a0", 0},        /* implicit 0 */
    {"1.0.dev0", "1.0.dev", 0},
    {"1.0.DEV1", "1.0.dev1", 0}, /* case */
    {"1!1.0", "2.0", 1},         /* epoch */
    {"1.0+local", "1.0", 1},
    {"1.0+abc.5", "1.0+abc.10", -1},
    {"1.0+5", "1.0+abc", 1},     /* numeric local segment > string */
    {"1.0+abc", "1.0+abc.1", -1},
    {"1.10", "1.9", 1},
    {"2.0.0", "10.0", -1},
    {"not a version", "0.0.1", -1}, /* invalid sorts first */
    {"1.0.0.0.0.1", "1.0", 1},
    {"0.9.0", "0.10.0a1", -1},
    {"2.31.0", "2.32.0", -1},
};

int main(void)
{
    RUN_VERCASES(dd_vercmp_pep440, cases);
    /* PEP 440's "Summary of permitted suffixes and relative ordering". */
    static const char *const order[] = {
        "1.dev0",         "1.0.dev456",        "1.0a1",        "1.0a2.dev456", "1.0a12.dev456",
        "1.0a12",         "1.0b1.dev456",      "1.0b2",        "1.0b2.post345.dev456",
        "1.0b2.post345",  "1.0rc1.dev456",     "1.0rc1",       "1.0",          "1.0+abc.5",
        "1.0+abc.7",      "1.0+5",             "1.0.post456.dev34", "1.0.post456", "1.0.15",
        "1.1.dev1",
    };
    RUN_VERORDER(dd_vercmp_pep440, order);
    CHECK(dd_version_pep440_valid("1.0.post1.dev2+local.7"));
    CHECK(!dd_version_pep440_valid("1.0-foo"));
    return dd_test_done();
}
