/* What the rule functions share with the lint driver; not a public API. */
#pragma once
#include "dockerfile/lint.h"

typedef struct lint_ctx lint_ctx;
typedef struct dd_lint_rule dd_lint_rule;
typedef void (*dd_lint_check)(lint_ctx *c);

/* A row of the lint table: dd_rule first, as report/rule.h requires. */
struct dd_lint_rule {
    dd_rule rule;
    dd_lint_check check; /* NULL for the parse-error row */
};

struct lint_ctx {
    const dd_dockerfile *df;
    const char *path;
    const dd_lint_config *cfg;
    dd_report *r;
    const dd_lint_rule *rule; /* the rule being run */
    int final;                /* index of the final stage, -1 when there is none */
    bool *ships;              /* per stage: does it end up in the final image */
};

/* Report a finding of c->rule at `pos` of instruction `in` (pragmas on `in` and the
 * config decide whether it is kept and at which severity). `in` may be NULL. */
void dd_lint_emit(lint_ctx *c, const dd_df_instr *in, dd_df_pos pos, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

extern const dd_rule_table dd_lint_table;
