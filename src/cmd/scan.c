/* PLACEHOLDER: replaced by the real command. */
#include "cmd/cmd.h"
const char cmd_scan_help[] = "Usage: drydock scan\n";
int cmd_scan(int argc, char **argv, dd_error *e)
{
    return dd_error_set(e, DD_ERR_RUN, 0, "drydock scan is not built yet");
}
