/* PLACEHOLDER: replaced by the real command. */
#include "cmd/cmd.h"
const char cmd_lint_help[] = "Usage: drydock lint\n";
int cmd_lint(int argc, char **argv, dd_error *e)
{
    return dd_error_set(e, DD_ERR_RUN, 0, "drydock lint is not built yet");
}
