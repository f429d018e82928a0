/* PLACEHOLDER: replaced by the real command. */
#include "cmd/cmd.h"
const char cmd_harden_help[] = "Usage: drydock harden\n";
int cmd_harden(int argc, char **argv, dd_error *e)
{
    return dd_error_set(e, DD_ERR_RUN, 0, "drydock harden is not built yet");
}
