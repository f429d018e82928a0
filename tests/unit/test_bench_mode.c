/* Octal permission logic: the comparison docker-bench-security gets wrong. */
#include "bench/mode.h"
#include "tap.h"

static void test_at_most(void)
{
    /* The headline case: 606 is numerically below 644 but world-writable. */
    CHECK(!dd_mode_at_most(0606, 0644));
    CHECK_INT(dd_mode_excess(0606, 0644), 0002);
    CHECK(dd_mode_at_most(0600, 0644));
    CHECK(dd_mode_at_most(0640, 0644));
    CHECK(dd_mode_at_most(0644, 0644));
    CHECK(dd_mode_at_most(0444, 0644));
    CHECK(dd_mode_at_most(0000, 0644));
    CHECK(!dd_mode_at_most(0664, 0644));
    CHECK(!dd_mode_at_most(0645, 0644));
    CHECK(!dd_mode_at_most(0700, 0644)); /* owner execute is not in 644 */
    CHECK_INT(dd_mode_excess(0700, 0644), 0100);
    /* setuid/setgid/sticky bits count. */
    CHECK(!dd_mode_at_most(04755, 0755));
    CHECK_INT(dd_mode_excess(04755, 0755), 04000);
    CHECK(!dd_mode_at_most(02755, 0755));
    CHECK(!dd_mode_at_most(01755, 0755));
    CHECK(dd_mode_at_most(0755, 0755));
    CHECK(dd_mode_at_most(0711, 0755));
    CHECK(!dd_mode_at_most(0757, 0755));
    /* Key file: 400 exactly or stricter. */
    CHECK(dd_mode_at_most(0400, 0400));
    CHECK(!dd_mode_at_most(0440, 0400));
    CHECK(!dd_mode_at_most(0600, 0400));
    /* Sockets at 660: 606 and 607 are below 660 numerically, yet give others access. */
    CHECK(!dd_mode_at_most(0606, 0660));
    CHECK(dd_mode_at_most(0660, 0660));
    CHECK(dd_mode_at_most(0640, 0660));
    /* 444: 411 is numerically below but grants execute. */
    CHECK(!dd_mode_at_most(0411, 0444));
    /* File type bits from st_mode are ignored. */
    CHECK(dd_mode_at_most(0100644, 0644));
    CHECK(!dd_mode_at_most(0140666, 0660));
}

static void test_parse_format(void)
{
    unsigned m = 99;
    CHECK_INT(dd_mode_parse("644", &m), 0);
    CHECK_INT(m, 0644);
    CHECK_INT(dd_mode_parse("0644", &m), 0);
    CHECK_INT(m, 0644);
    CHECK_INT(dd_mode_parse("00644", &m), 0);
    CHECK_INT(m, 0644);
    CHECK_INT(dd_mode_parse("4755", &m), 0);
    CHECK_INT(m, 04755);
    CHECK_INT(dd_mode_parse("0", &m), 0);
    CHECK_INT(m, 0);
    CHECK_INT(dd_mode_parse("7777", &m), 0);
    CHECK_INT(m, 07777);
    CHECK_INT(dd_mode_parse("", &m), -1);
    CHECK_INT(dd_mode_parse("648", &m), -1);
    CHECK_INT(dd_mode_parse("17777", &m), -1);
    CHECK_INT(dd_mode_parse("rw-", &m), -1);
    CHECK_INT(dd_mode_parse("-644", &m), -1);
    CHECK_INT(dd_mode_parse(NULL, &m), -1);

    char b[8];
    CHECK_STR(dd_mode_format(0644, b, sizeof b), "644");
    CHECK_STR(dd_mode_format(04755, b, sizeof b), "4755");
    CHECK_STR(dd_mode_format(0, b, sizeof b), "000");
    CHECK_STR(dd_mode_format(0100600, b, sizeof b), "600");
    CHECK_STR(dd_mode_format(040, b, sizeof b), "040");
}

int main(void)
{
    test_at_most();
    test_parse_format();
    return dd_test_done();
}
