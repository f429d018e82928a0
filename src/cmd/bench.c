/* PLACEHOLDER: replaced by the real command. */
#include "cmd/cmd.h"
const char cmd_bench_help[] = "Usage: drydock bench\n";
int cmd_bench(int argc, char **argv, dd_error *e)
{
    return dd_error_set(e, DD_ERR_RUN, 0, "drydock bench is not built yet");
}
