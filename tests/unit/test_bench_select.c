/* --check / --skip selection of `drydock bench` (dd_bench_selected) and the shape of the
 * section 4-7 table. */
#include <string.h>

#include "bench/bench.h"
#include "tap.h"

static const dd_rule r54 = {.id = "CIS-5.4", .cis = "5.4", .group = "5"};
static const dd_rule r510 = {.id = "CIS-5.10", .cis = "5.10", .group = "5"};
static const dd_rule r51 = {.id = "CIS-5.1", .cis = "5.1", .group = "5"};
static const dd_rule r113 = {.id = "CIS-1.1.3", .cis = "1.1.3", .group = "1.1"};
static const dd_rule r21 = {.id = "CIS-2.1", .cis = "2.1", .group = "2"};
static const dd_rule ropt = {.id = "CIS-9.9", .cis = "9.9", .group = "9",
                             .flags = DD_RULE_OPTIONAL};

static bool sel(const dd_rule *r, const char *check, const char *skip)
{
    const char *c[] = {check}, *s[] = {skip};
    dd_bench_opts o = {.checks = c, .nchecks = check ? 1 : 0, .skips = s,
                       .nskips = skip ? 1 : 0};
    return dd_bench_selected(r, &o);
}

int main(void)
{
    /* Nothing asked: everything but optional rules. */
    CHECK(sel(&r54, NULL, NULL));
    CHECK(!sel(&ropt, NULL, NULL));
    CHECK(dd_bench_selected(&r54, NULL));

    /* Sections match by whole components. */
    CHECK(sel(&r54, "5", NULL));
    CHECK(sel(&r510, "5", NULL));
    CHECK(!sel(&r21, "5", NULL));
    CHECK(sel(&r51, "5.1", NULL));
    CHECK(!sel(&r510, "5.1", NULL)); /* 5.1 is not a prefix of 5.10 */
    CHECK(sel(&r510, "5.10", NULL));
    CHECK(!sel(&r54, "5.41", NULL));
    CHECK(sel(&r113, "1", NULL));
    CHECK(sel(&r113, "1.1", NULL));
    CHECK(!sel(&r113, "1.11", NULL));
    CHECK(!sel(&r54, "", NULL));

    /* Ids with and without the CIS- prefix, any case. */
    CHECK(sel(&r54, "CIS-5.4", NULL));
    CHECK(sel(&r54, "cis-5.4", NULL));
    CHECK(sel(&r54, "CIS-5", NULL));
    CHECK(!sel(&r51, "CIS-5.10", NULL));

    /* --skip wins over --check. */
    CHECK(!sel(&r54, "5", "5.4"));
    CHECK(sel(&r510, "5", "5.4"));
    CHECK(!sel(&r54, NULL, "5"));
    CHECK(sel(&r21, NULL, "5"));
    CHECK(!sel(&r510, NULL, "CIS-5.10"));
    CHECK(sel(&r51, NULL, "5.10"));

    /* Optional rules run when asked for. */
    CHECK(sel(&ropt, "9", NULL));
    CHECK(sel(&ropt, "9.9", NULL));

    /* Several selectors. */
    const char *two[] = {"2", "5.10"};
    dd_bench_opts o = {.checks = two, .nchecks = 2};
    CHECK(dd_bench_selected(&r21, &o));
    CHECK(dd_bench_selected(&r510, &o));
    CHECK(!dd_bench_selected(&r51, &o));

    /* The runtime table: sections 4 to 7 as docker-bench-security runs them, 12 + 32 +
     * 2 + 9 checks, each with a CIS id that its rule id ends with. */
    const dd_rule_table *t = &dd_bench_runtime_table;
    CHECK_INT(t->n, 55);
    CHECK_INT(t->stride, sizeof(dd_bench_check));
    CHECK_STR(t->command, "bench");
    int per_section[8] = {0};
    for (size_t i = 0; i < t->n; i++) {
        const dd_bench_check *c = (const dd_bench_check *)dd_rule_table_at(t, i);
        CHECK(c->rule.cis != NULL);
        CHECK(strncmp(c->rule.id, "CIS-", 4) == 0 && strcmp(c->rule.id + 4, c->rule.cis) == 0);
        CHECK(c->rule.title && c->rule.remediation && c->rule.rationale);
        int sec = c->rule.cis[0] - '0';
        if (sec >= 4 && sec <= 7)
            per_section[sec]++;
        CHECK(c->rule.group && c->rule.group[0] == c->rule.cis[0]);
        /* A manual check without a function must tell a human what to look at. */
        if (!c->fn)
            CHECK((c->rule.flags & DD_RULE_MANUAL) && c->audit);
        /* Scored checks are automated ones. */
        if (c->rule.flags & DD_RULE_SCORED)
            CHECK(!(c->rule.flags & DD_RULE_MANUAL) && c->fn);
        for (size_t j = 0; j < i; j++)
            CHECK(strcmp(dd_rule_table_at(t, j)->id, c->rule.id) != 0);
    }
    CHECK_INT(per_section[4], 12);
    CHECK_INT(per_section[5], 32);
    CHECK_INT(per_section[6], 2);
    CHECK_INT(per_section[7], 9);
    return dd_test_done();
}
