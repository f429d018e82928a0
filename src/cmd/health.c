/* `drydock health`: the image's HEALTHCHECK (core/heartbeat.h). */
#include <stdio.h>
#include <string.h>

#include "cmd/cmd.h"
#include "core/heartbeat.h"

const char cmd_health_help[] =
    "Usage: drydock health [FILE]\n\n"
    "Exit 0 when the drydock running in this container is alive: `drydock watch` touches\n"
    "a heartbeat file every second (FILE; default DRYDOCK_HEALTH_FILE, else, in drydock's\n"
    "image, /tmp/drydock-watch.health), and the check fails (exit 3) once it is\n"
    "more than 30 seconds old. Without the file there is nothing long-running to check\n"
    "(a one-shot bench or scan) and the answer is healthy. This is the HEALTHCHECK of\n"
    "drydock's image and the livenessProbe of its Kubernetes DaemonSet.\n";

int cmd_health(int argc, char **argv, dd_error *e)
{
    if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        fputs(cmd_health_help, stdout);
        return DD_EXIT_OK;
    }
    if (argc > 2 || (argc == 2 && argv[1][0] == '-'))
        return dd_cli_usage_error(e, "health");
    const char *path = argc == 2 ? argv[1] : dd_heartbeat_path();
    if (path && dd_heartbeat_check(path, DD_HEARTBEAT_MAX_AGE, e) < 0)
        return -1;
    return DD_EXIT_OK;
}
