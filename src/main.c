/* drydock: one program for the whole practice of Docker security.
 * main owns the command table, prints errors and chooses the exit code; nothing else
 * in the program prints an error or exits. */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "core/term.h"

const dd_command dd_commands[] = {
#ifndef DD_INSIDE_ONLY /* the static drydock-inside binary (CMake DD_STATIC_INSIDE) */
    {"bench", cmd_bench, "daemon (sections 1 and 3 run without one)",
     "audit the host, daemon and containers against the CIS Docker Benchmark 1.6.0", cmd_bench_help,
     cmd_bench_opts, cmd_bench_shortopts, false},
    {"harden", cmd_harden, "nothing (reads daemon.json)",
     "print a hardened daemon.json and audit rules (writes them with --write)", cmd_harden_help,
     cmd_harden_opts, cmd_harden_shortopts, false},
    {"lint", cmd_lint, "nothing", "lint Dockerfiles, compose files and Kubernetes manifests",
     cmd_lint_help, cmd_lint_opts, cmd_lint_shortopts, true},
    {"scan", cmd_scan,
     "daemon for IMAGE names and containers; nothing for archives and directories",
     "scan an image, a container or a source tree: config, secrets, packages, CVEs, SBOM",
     cmd_scan_help, cmd_scan_opts, cmd_scan_shortopts, false},
    {"watch", cmd_watch, "root (eBPF: CAP_BPF, CAP_PERFMON), kernel BTF; daemon for names",
     "watch containers at run time with eBPF and alert on threats (Falco rules)", cmd_watch_help,
     cmd_watch_opts, cmd_watch_shortopts, false},
    {"db", cmd_db, "nothing (network for 'update')",
     "manage the offline vulnerability database (import, update, status)", cmd_db_help, cmd_db_opts,
     cmd_db_shortopts, false},
    {"sign", cmd_sign, "a registry (network)",
     "sign an image in its registry (Sigstore/cosign format), or make a key pair", cmd_sign_help,
     cmd_sign_opts, cmd_sign_shortopts, false},
    {"verify", cmd_verify, "a registry; the daemon for --running",
     "verify an image's signatures, or every running container against the trust policy",
     cmd_verify_help, cmd_verify_opts, cmd_verify_shortopts, false},
    {"profile", cmd_profile, "daemon and root (eBPF) to record; nothing for --merge, compare",
     "record what a container does; write least-privilege seccomp, capabilities, AppArmor",
     cmd_profile_help, cmd_profile_opts, cmd_profile_shortopts, false},
    {"health", cmd_health, "nothing",
     "check that the drydock running in this container is alive (the image's HEALTHCHECK)",
     cmd_health_help, NULL, NULL, false},
#endif
    {"inside", cmd_inside, "nothing (run it inside a container)",
     "show the isolation this container really has (namespaces, capabilities, seccomp...)",
     cmd_inside_help, cmd_inside_opts, cmd_inside_shortopts, false},
    {"rules", cmd_rules, "nothing", "list every rule with its id, severity and remediation",
     cmd_rules_help, cmd_rules_opts, cmd_rules_shortopts, false},
    {"version", cmd_version, "nothing", "print the version", cmd_version_help, NULL, NULL, false},
    {"man", cmd_man, "nothing", "print the man page (roff), generated from the rule tables",
     cmd_man_help, NULL, NULL, false},
    {NULL, NULL, NULL, NULL, NULL, NULL, NULL, false},
};

static void usage(FILE *out)
{
    fputs("Usage: drydock [--version] [--help] COMMAND [OPTIONS] [ARGS]\n\n"
          "Container security in one program: CIS benchmark, Dockerfile lint, image scan,\n"
          "vulnerability database.\n\nCommands:\n",
          out);
    for (const dd_command *c = dd_commands; c->name; c++)
        fprintf(out, "  %-9s %s\n", c->name, c->summary);
    fputs("\nRun 'drydock COMMAND --help' for a command's options.\n\n"
          "Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it,\n"
          "2 usage error, 3 drydock could not do its job (daemon unreachable, bad input).\n",
          out);
}

static int print_error(const dd_error *e)
{
    /* Messages quote file names, daemon answers and input lines: escaped (core/term.h). */
    fputs("drydock: error: ", stderr);
    dd_term_write(stderr, e->msg[0] ? e->msg : "unknown error", false);
    fputc('\n', stderr);
    if (e->hint[0]) {
        fputs("hint: ", stderr);
        dd_term_write(stderr, e->hint, false);
        fputc('\n', stderr);
    }
    return e->kind == DD_ERR_USAGE ? DD_EXIT_USAGE : DD_EXIT_RUN;
}

/* Whether standard output is a pipe or socket whose reader has gone: the kernel flags the
 * writing end (POLLERR, POLLHUP), whatever errno a buffered write left behind. */
static bool reader_gone(int err)
{
    if (err == EPIPE)
        return true;
    struct stat st;
    struct pollfd p = {.fd = STDOUT_FILENO, .events = POLLOUT};
    return fstat(STDOUT_FILENO, &st) == 0 && (S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode)) &&
           poll(&p, 1, 0) == 1 && (p.revents & (POLLERR | POLLHUP));
}

/* Output is all or nothing: whatever the command printed must have reached standard
 * output, or the run failed (exit 3, a full disk named). A reader that went away
 * (drydock bench | head) is not a failure worth a message: drydock then ends the way git
 * and grep do, by SIGPIPE, quietly. `rc` and `e` are the command's result. */
static int finish(int rc, const dd_error *e)
{
    errno = 0;
    bool bad = fflush(stdout) != 0 || ferror(stdout);
    int err = errno;
    if (bad || (rc < 0 && e->errnum == EPIPE)) {
        if (reader_gone(rc < 0 && e->errnum == EPIPE ? EPIPE : err)) {
            signal(SIGPIPE, SIG_DFL);
            raise(SIGPIPE);
        }
    }
    if (rc < 0)
        return print_error(e);
    if (bad) {
        dd_error we = {0};
        dd_error_sys(&we, err ? err : EIO, "cannot write to standard output");
        return print_error(&we);
    }
    return rc;
}

int main(int argc, char **argv)
{
    /* Writes to a closed pipe fail with EPIPE instead of killing drydock mid-report (and
     * libcurl's sockets never raise it); finish() decides what a closed stdout means. */
    signal(SIGPIPE, SIG_IGN);
    /* Help, the man page and most reports fit in one buffer, so a write error (a full
     * disk) is seen by the final flush with its errno, not lost in an earlier implicit
     * flush (glibc keeps no errno for those). Untouched pages of it cost nothing. */
    static char outbuf[1 << 20];
    if (!isatty(STDOUT_FILENO))
        setvbuf(stdout, outbuf, _IOFBF, sizeof outbuf);
#ifdef DD_INSIDE_ONLY
    /* `drydock-inside [OPTIONS]` is `drydock inside [OPTIONS]`. */
    if (argc < 2 || (argv[1][0] == '-' && strcmp(argv[1], "--help") != 0 &&
                     strcmp(argv[1], "-h") != 0 && strcmp(argv[1], "--version") != 0)) {
        dd_error e = {0};
        optind = 1;
        return finish(cmd_inside(argc, argv, &e), &e);
    }
#endif
    if (argc < 2) {
        usage(stderr);
        return DD_EXIT_USAGE;
    }
    const char *name = argv[1];
    if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0 || strcmp(name, "help") == 0) {
        if (strcmp(name, "help") == 0 && argc > 2) {
            /* `drydock help bench` == `drydock bench --help` */
            char *args[] = {argv[2], "--help", NULL};
            for (const dd_command *c = dd_commands; c->name; c++)
                if (strcmp(c->name, argv[2]) == 0) {
                    dd_error e = {0};
                    return finish(c->fn(2, args, &e), &e);
                }
        }
        usage(stdout);
        return finish(DD_EXIT_OK, &(dd_error){0});
    }
    if (strcmp(name, "--version") == 0 || strcmp(name, "-V") == 0)
        name = "version";
    for (const dd_command *c = dd_commands; c->name; c++) {
        if (strcmp(c->name, name) != 0)
            continue;
        dd_error e = {0};
        optind = 1;
        if (!c->opts)
            return finish(c->fn(argc - 1, argv + 1, &e), &e);
        /* Options from DRYDOCK_<OPTION> and .drydock.yaml, under the command line's. */
        dd_cliconf cc;
        if (dd_cliconf_args(&cc, c->name, c->opts, c->shortopts, !c->own_config, argc - 1, argv + 1,
                            &e) < 0)
            return finish(-1, &e);
        int rc = c->fn(cc.argc, cc.argv, &e);
        rc = finish(rc, &e);
        dd_cliconf_free(&cc);
        return rc;
    }
    fprintf(stderr, "drydock: error: unknown command '%s'\n", name);
    fprintf(stderr, "hint: run 'drydock --help' for the list of commands\n");
    return DD_EXIT_USAGE;
}
