/* dpkg ordering, cases from deb-version(7), dpkg's own test suite and real archives. */
#include "vercmp_cases.h"
#include "vuln/version.h"

static const vercase cases[] = {
    {"1.0", "1.0", 0},
    {"1.0", "1.0-0", 0},           /* a missing revision equals "0" */
    {"0:1.0", "1.0", 0},           /* missing epoch is 0 */
    {"1:1.0", "2.0", 1},           /* epoch wins */
    {"1.0~rc1", "1.0", -1},        /* tilde sorts before the end */
    {"1.0~~", "1.0~", -1},
    {"1.0~~a", "1.0~~", 1},
    {"1.0~", "1.0", -1},
    {"1.0a", "1.0", 1},
    {"1.0+b1", "1.0", 1},
    {"1.0.1", "1.0a", 1},          /* '.' (non-letter) sorts after letters */
    {"1.0-1", "1.0-2", -1},
    {"1.0-1ubuntu1", "1.0-1", 1},
    {"2.30-1", "2.4-1", 1},        /* numeric, not lexical */
    {"1.002", "1.2", 0},           /* leading zeros ignored */
    {"1.0-10", "1.0-9", 1},
    {"7.4.052", "7.4.52", 0},
    {"1:2.30", "1:2.4", 1},
    {"10:1", "9:2", 1},
    {"1.2.3-4+deb12u1", "1.2.3-4", 1},
    {"1.2.3-4+deb12u1", "1.2.3-5", -1},
    {"1.2.3-4+deb12u2", "1.2.3-4+deb12u10", -1},
    {"2.36-9+deb12u4", "2.36-9+deb12u7", -1},
    {"3.0.11-1~deb12u2", "3.0.11-1", -1},
    {"3.0.11-1~deb12u2", "3.0.11-1~deb12u1", 1},
    {"1:9.18.19-1~deb12u1", "1:9.18.28-1~deb12u2", -1},
    {"22.01+dfsg-8+deb12u1", "22.01+really25.01+dfsg-0+deb12u1", -1},
    {"1.0-a-b", "1.0-a", 1},       /* last '-' splits: upstream "1.0-a" > "1.0" */
    {"a", "b", -1},
    {"", "0", 0},
    {"1.0", "1.0.0", -1},
    {"99999999999999999999999", "99999999999999999999998", 1}, /* no overflow */
    {"1.0+", "1.0.", -1},          /* '+' < '.' by ASCII after letters */
    {"1.0~a", "1.0~b", -1},
    {"2:1", "1:99999", 1},
};

int main(void)
{
    RUN_VERCASES(dd_vercmp_dpkg, cases);
    static const char *const order[] = {"1.0~~", "1.0~~a", "1.0~", "1.0", "1.0-1", "1.0a",
                                        "1.0+", "1.0.", "1.1", "1:0.1"};
    RUN_VERORDER(dd_vercmp_dpkg, order);
    return dd_test_done();
}
