/* PLACEHOLDER: replaced by the real command. */
#include "cmd/cmd.h"
const char cmd_db_help[] = "Usage: drydock db\n";
int cmd_db(int argc, char **argv, dd_error *e)
{
    return dd_error_set(e, DD_ERR_RUN, 0, "drydock db is not built yet");
}
