/* apk ordering: cases from apk-tools' test/version.data and Alpine packages. */
#include "vercmp_cases.h"
#include "vuln/version.h"

static const vercase cases[] = {
    {"1.0", "1.0", 0},
    {"1.0-r0", "1.0-r1", -1},
    {"1.0-r1", "1.0-r10", -1},
    {"1.0", "1.0-r0", -1},
    {"1.0_alpha", "1.0_beta", -1},
    {"1.0_beta", "1.0_pre", -1},
    {"1.0_pre", "1.0_rc", -1},
    {"1.0_rc", "1.0", -1},
    {"1.0", "1.0_cvs", -1},
    {"1.0_cvs", "1.0_svn", -1},
    {"1.0_svn", "1.0_git", -1},
    {"1.0_git", "1.0_hg", -1},
    {"1.0_hg", "1.0_p", -1},
    {"1.0_p1", "1.0_p2", -1},
    {"1.0_rc1", "1.0_rc2", -1},
    {"1.0_rc10", "1.0_rc9", 1},
    {"1.0a", "1.0", 1},
    {"1.0a", "1.0b", -1},
    {"1.0a", "1.0.1", -1},
    {"1.01", "1.1", -1},           /* leading zeros after '.' sort low */
    {"1.001", "1.01", -1},
    {"1.0", "1", 1},
    {"1.2.3", "1.2.10", -1},
    {"2.4.41-r0", "2.4.39-r0", 1},
    {"1.1.1d-r3", "1.1.1g-r0", -1},
    {"1.1.1g-r0", "1.1.1-r0", 1},
    {"7.66.0-r0", "7.66.0-r4", -1},
    {"1.31.1-r9", "1.31.1-r10", -1},
    {"2.9.10-r4", "2.9.10-r5", -1},
    {"1.0_alpha1", "1.0_alpha", 1},
    {"1.0_p1-r1", "1.0_p1-r0", 1},
    {"1.0.2u-r0", "1.0.2t-r1", 1},
    {"0.9.8zb-r0", "0.9.8za-r1", 0}, /* two letters: invalid from there on, so equal */
    {"1.0~abc1", "1.0", 1},
    {"1.0~abc1-r1", "1.0~abc1-r0", 1},
    {"1.0_rc1_p1", "1.0_rc1", 1},
    {"1.0-r1", "1.0-foo", 1}, /* an invalid tail ranks below the end */
    {"3.0_rc3-r0", "3.0-r0", -1},
    {"999999999999999999999", "999999999999999999998", 1},
};

int main(void)
{
    RUN_VERCASES(dd_vercmp_apk, cases);
    static const char *const order[] = {"1.0_alpha", "1.0_alpha1", "1.0_beta", "1.0_pre2",
                                        "1.0_rc1",   "1.0",        "1.0-r1",   "1.0_cvs",
                                        "1.0_p1",    "1.0a",       "1.0.1",    "1.01.0",
                                        "1.1", "1.1.1"};
    RUN_VERORDER(dd_vercmp_apk, order);
    return dd_test_done();
}
