/* `drydock inside`: run inside a container, say what isolation it really has. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "core/cleanup.h"
#include "inside/inside.h"

const char cmd_inside_help[] =
    "Usage: drydock inside [OPTIONS]\n\n"
    "Run inside a container (the static drydock-inside binary can be copied into any image,\n"
    "FROM scratch included) to see the isolation it really has: the container runtime and\n"
    "how it was detected; each namespace (pid, net, mnt, uts, ipc, user, cgroup, time) as\n"
    "its own or the host's; uid/gid maps; capability sets by name with the dangerous ones\n"
    "called out; no_new_privs; the seccomp mode and exactly which system calls the filter\n"
    "refuses, told apart from calls that would fail for lack of a capability; the LSM label;\n"
    "a read-only root filesystem; cgroup limits; whether a runtime socket, the host's\n"
    "filesystem, /proc/sys or host devices are reachable; and a verdict for every CIS 5.x\n"
    "setting visible from inside.\n\n"
    "The seccomp filter is probed without running anything: a forked child stacks a\n"
    "user-notification filter over the container's and calls each system call; calls the\n"
    "container's filter allows are answered by drydock instead of the kernel.\n\n"
    "Options:\n"
    "      --no-probe        do not probe the seccomp filter\n" DD_OUTPUT_HELP
    "\nExit status: 0 nothing at or above --fail-on, 1 findings at or above it, 2 usage\n"
    "error, 3 /proc is not readable.\n";

enum { OPT_NO_PROBE = DD_OPT_FIRST_CMD };

const char cmd_inside_shortopts[] = "f:o:qh";
const struct option cmd_inside_opts[] = {
    {"no-probe", no_argument, NULL, OPT_NO_PROBE},
    DD_OUTPUT_LONGOPTS,
    {NULL, 0, NULL, 0},
};

int cmd_inside(int argc, char **argv, dd_error *e)
{
    dd_output_opts o;
    dd_output_opts_init(&o);
    bool probe = true;
    int c;
    while ((c = getopt_long(argc, argv, cmd_inside_shortopts, cmd_inside_opts, NULL)) != -1) {
        if (c == OPT_NO_PROBE) {
            probe = false;
            continue;
        }
        if (c == DD_OPT_HELP) {
            fputs(cmd_inside_help, stdout);
            return DD_EXIT_OK;
        }
        int r = dd_cli_output_opt(c, optarg, &o, e);
        if (r < 0)
            return -1;
        if (r == 0)
            return dd_cli_usage_error(e, "inside");
    }
    if (optind < argc) {
        dd_error_set(e, DD_ERR_USAGE, 0, "drydock inside takes no arguments ('%s')", argv[optind]);
        return dd_error_hint(e, "see 'drydock inside --help'");
    }

    dd_inside_facts f;
    if (dd_inside_gather("", &f, e) < 0)
        return -1;
    dd_error pe = {0};
    if (probe)
        dd_inside_probe(&f, &pe); /* a failed probe is reported in the facts, not fatal */
    dd_report r;
    dd_report_init(&r, "inside", "Isolation seen from inside the container");
    r.sections = dd_inside_sections;
    json_t *facts = dd_inside_facts_json(&f);
    json_object_update(r.meta, facts);
    json_decref(facts);
    dd_inside_evaluate(&f, &r);
    int ret;
    if (o.format == DD_FMT_TEXT) {
        /* Facts first, then the verdicts, in one stream. */
        _cleanup_fclose_ FILE *file = NULL;
        FILE *out = stdout;
        if (o.output && strcmp(o.output, "-") != 0) {
            file = fopen(o.output, "we");
            if (!file) {
                ret = dd_error_sys(e, errno, "cannot write report to %s", o.output);
                goto out;
            }
            out = file;
        }
        bool color = dd_output_color(&o, out);
        dd_inside_write_facts(&f, out, color);
        dd_write_text(&r, out, color, &o);
        ret = dd_report_exit_code(&r, &o);
    } else {
        ret = dd_cli_finish(&r, &o, e);
    }
out:
    dd_report_free(&r);
    dd_inside_facts_free(&f);
    return ret;
}
