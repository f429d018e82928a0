/* Commands are thin: they parse arguments, call into the library, hand the report to a
 * reporter and return an exit code. On failure they return -1 with `e` filled; main
 * prints it and picks the exit code from its kind.
 *
 * Exit codes (ARCHITECTURE.md): 0 nothing at or above --fail-on; 1 findings at or above
 * it; 2 usage error; 3 could not run. */
#pragma once
#include <getopt.h>
#include <stdbool.h>

#include "core/cliconf.h"
#include "core/outfile.h"
#include "core/error.h"
#include "engine/engine.h"
#include "registry/registry.h"
#include "report/report.h"

#define DD_EXIT_OK       0
#define DD_EXIT_FINDINGS 1
#define DD_EXIT_USAGE    2
#define DD_EXIT_RUN      3

typedef int (*dd_cmd_fn)(int argc, char **argv, dd_error *e);

typedef struct dd_command {
    const char *name;
    dd_cmd_fn fn;
    const char *needs;         /* what it needs to run: "daemon", "root", "nothing" */
    const char *summary;       /* one line for `drydock --help` */
    const char *help;          /* the full `drydock CMD --help` text, also used by the man page */
    const struct option *opts; /* its long options (DRYDOCK_<OPTION>, .drydock.yaml), or NULL */
    const char *shortopts;
    bool own_config; /* reads .drydock.yaml itself (lint: per Dockerfile); environment only */
} dd_command;

/* The command table, NULL-terminated (main.c). */
extern const dd_command dd_commands[];

/* Long-option codes shared by every command. */
enum {
    DD_OPT_FORMAT = 'f',
    DD_OPT_OUTPUT = 'o',
    DD_OPT_QUIET = 'q',
    DD_OPT_HOST = 'H',
    DD_OPT_HELP = 'h',
    DD_OPT_FAIL_ON = 0x100,
    DD_OPT_NO_COLOR,
    DD_OPT_COLOR,
    DD_OPT_SHOW_PASSED,
    DD_OPT_TLSVERIFY,
    DD_OPT_INSECURE_REGISTRY,
    DD_OPT_REG_USERNAME,
    DD_OPT_REG_PASSWORD_STDIN,
    DD_OPT_WEBHOOK,
    DD_OPT_EXIT_CODE,
    DD_OPT_SEVERITY,
    DD_OPT_SARIF_ROOT,
    DD_OPT_IGNOREFILE,
    DD_OPT_TIMEOUT,
    DD_OPT_CONFIG,
    DD_OPT_FIRST_CMD = 0x200, /* commands number their own options from here */
};

#define DD_OUTPUT_LONGOPTS                                                                         \
    {"format", required_argument, NULL, DD_OPT_FORMAT},                                            \
        {"output", required_argument, NULL, DD_OPT_OUTPUT},                                        \
        {"fail-on", required_argument, NULL, DD_OPT_FAIL_ON},                                      \
        {"no-color", no_argument, NULL, DD_OPT_NO_COLOR},                                          \
        {"color", required_argument, NULL, DD_OPT_COLOR},                                          \
        {"quiet", no_argument, NULL, DD_OPT_QUIET},                                                \
        {"show-passed", no_argument, NULL, DD_OPT_SHOW_PASSED},                                    \
        {"webhook", required_argument, NULL, DD_OPT_WEBHOOK},                                      \
        {"exit-code", required_argument, NULL, DD_OPT_EXIT_CODE},                                  \
        {"severity", required_argument, NULL, DD_OPT_SEVERITY},                                    \
        {"sarif-root", required_argument, NULL, DD_OPT_SARIF_ROOT},                                \
        {"ignorefile", required_argument, NULL, DD_OPT_IGNOREFILE},                                \
        {"ignore-file", required_argument, NULL, DD_OPT_IGNOREFILE},                               \
        {"timeout", required_argument, NULL, DD_OPT_TIMEOUT},                                      \
    {                                                                                              \
        "help", no_argument, NULL, DD_OPT_HELP                                                     \
    }

/* --config FILE: which .drydock.yaml the command's section is read from (main.c reads
 * it, core/cliconf.h); the command itself only accepts it. */
#define DD_CONFIG_LONGOPT                                                                          \
    {                                                                                              \
        "config", required_argument, NULL, DD_OPT_CONFIG                                           \
    }

#define DD_ENGINE_LONGOPTS                                                                         \
    {"host", required_argument, NULL, DD_OPT_HOST},                                                \
    {                                                                                              \
        "tlsverify", no_argument, NULL, DD_OPT_TLSVERIFY                                           \
    }

#define DD_REGISTRY_LONGOPTS                                                                       \
    {"insecure-registry", required_argument, NULL, DD_OPT_INSECURE_REGISTRY},                      \
        {"username", required_argument, NULL, DD_OPT_REG_USERNAME},                                \
    {                                                                                              \
        "password-stdin", no_argument, NULL, DD_OPT_REG_PASSWORD_STDIN                             \
    }

/* The help text for the shared options, pasted into each command's help. */
#define DD_OUTPUT_HELP                                                                             \
    "Output:\n"                                                                                    \
    "  -f, --format FMT      text, json, sarif, junit, checkstyle, codeclimate,\n"                 \
    "                        gitlab (Code Quality), gnu, sonarqube, jsonl (a line per\n"           \
    "                        finding with the node's name and labels), prometheus\n"               \
    "                        (node-exporter textfile). Default: text; jsonl in drydock's\n"        \
    "                        image (DRYDOCK_IN_CONTAINER=1) when stdout is not a terminal\n"       \
    "  -o, --output FILE     write the report to FILE instead of standard output\n"                \
    "                        (replaced atomically: never seen half written)\n"                     \
    "      --webhook URL     also POST the JSON report to URL (retried; exit 3 when the\n"         \
    "                        receiver never takes it)\n"                                           \
    "      --fail-on SEV     exit 1 when a finding is at or above SEV\n"                           \
    "                        (critical, high, medium, low, info, none)\n"                          \
    "      --color WHEN      auto (default), always, never; NO_COLOR is honoured\n"                \
    "      --no-color        same as --color never\n"                                              \
    "  -q, --quiet           print only problems\n"                                                \
    "      --show-passed     list passing results too (list-style text)\n"                         \
    "      --exit-code N     the exit code when --fail-on is met (default 1)\n"                    \
    "      --severity LIST   report only these severities: HIGH,CRITICAL (exactly those),\n"       \
    "                        or one severity (it and above); every kind of finding\n"              \
    "      --ignorefile FILE accepted findings (repeatable; default: .drydockignore,\n"            \
    "                        .trivyignore and .dockleignore of the current directory):\n"          \
    "                        ID [OBJECT] [pkg:NAME] [exp:YYYY-MM-DD] [# reason] per line\n"        \
    "      --sarif-root DIR  SARIF artifact URIs relative to DIR (the repository root;\n"          \
    "                        default: the current directory)\n"                                    \
    "      --timeout DUR     give up after DUR (90s, 5m, 1h): exit 3, no report written\n"         \
    "  -h, --help            this help\n"

/* How the environment and .drydock.yaml set options, for each command's help. */
#define DD_CONFIG_HELP(cmd)                                                                        \
    "Configuration: every long option can also be set as DRYDOCK_<OPTION>\n"                       \
    "(DRYDOCK_FAIL_ON=high) or in the '" cmd ":' section of .drydock.yaml (found upward\n"         \
    "from the current directory, DRYDOCK_CONFIG or --config FILE; 'fail-on: high', a\n"            \
    "list repeats the option, a flag is true or false). The command line wins over the\n"          \
    "environment, the environment over the file.\n"

#define DD_ENGINE_HELP                                                                             \
    "Docker daemon:\n"                                                                             \
    "  -H, --host URL        daemon socket (unix:///var/run/docker.sock, tcp://host:2376);\n"      \
    "                        default: DOCKER_HOST, then the local socket\n"                        \
    "      --tlsverify       use TLS and verify the daemon (DOCKER_CERT_PATH holds\n"              \
    "                        ca.pem, cert.pem, key.pem; DOCKER_TLS_VERIFY=1 does the same)\n"

#define DD_REGISTRY_HELP                                                                           \
    "Registry:\n"                                                                                  \
    "      --insecure-registry HOST[:PORT]\n"                                                      \
    "                        reach HOST over plain HTTP (or TLS without verification);\n"          \
    "                        repeatable. Otherwise TLS is verified, with the registry's CA\n"      \
    "                        from /etc/docker/certs.d/HOST/ca.crt when there is one\n"             \
    "      --username USER   registry user (password from --password-stdin or\n"                   \
    "                        DRYDOCK_REGISTRY_PASSWORD); default: the docker client's\n"           \
    "                        credentials (DOCKER_CONFIG or ~/.docker/config.json: auths,\n"        \
    "                        credsStore, credHelpers)\n"                                           \
    "      --password-stdin  read the registry password from standard input\n"

/* Registry options as parsed: strings borrowed from argv (the password is kept in
 * `password`), so nothing needs freeing. */
typedef struct dd_cli_registry {
    const char *insecure[64];
    char password[1024];
    dd_registry_opts opts;
} dd_cli_registry;
void dd_cli_registry_init(dd_cli_registry *r);
/* Handle a shared registry option: 1 handled, 0 not one, -1 bad value. */
int dd_cli_registry_opt(int opt, const char *arg, dd_cli_registry *r, dd_error *e);

/* Handle a shared output option. Returns 1 if `opt` was one, 0 if not, -1 on a bad value. */
int dd_cli_output_opt(int opt, const char *arg, dd_output_opts *o, dd_error *e);
/* Handle a shared engine option. Returns 1 if handled, 0 if not. */
int dd_cli_engine_opt(int opt, const char *arg, dd_engine_config *c);
/* The error for an unknown option or a missing argument (getopt already printed why). */
int dd_cli_usage_error(dd_error *e, const char *cmd);
/* Refuse a --format the command cannot write, before anything runs or --output is
 * opened (a refused run must not truncate the file). `sbom`: cyclonedx and spdx-json are
 * accepted (only `scan` makes an SBOM). */
int dd_cli_output_check(const dd_output_opts *o, const char *cmd, bool sbom, dd_error *e);
/* Open --output (or take standard output) for a command that prints by itself, and close
 * it: every write error, a full disk included, is an error naming the file. */
FILE *dd_cli_output_open(dd_outfile *of, const char *output, dd_error *e);
int dd_cli_output_close(dd_outfile *of, dd_error *e);
/* --timeout DUR: arm the run's deadline (exit 3, no report, when it passes). */
int dd_cli_timeout(const char *arg, dd_error *e);
/* The accepted findings (--ignorefile, else the current directory's .drydockignore,
 * .trivyignore, .dockleignore) applied to the report (report/ignore.h). */
int dd_cli_apply_ignores(dd_report *r, const dd_output_opts *o, dd_error *e);
/* --skip-dirs / --skip-files: ARG's comma-separated globs appended to *v (pointers into
 * ARG, which strtok_r cuts; the caller frees *v only). */
void dd_cli_add_globs(char ***v, size_t *n, size_t *cap, char *arg);
/* A line on stderr, "drydock: KIND: MSG", with MSG escaped (core/term.h): notes and
 * warnings quote image files, feeds and daemon answers. */
void dd_cli_say(const char *kind, const char *msg);
/* The report's notes on stderr too, unless the report itself is text on stdout (which
 * shows them). */
void dd_cli_notes(const dd_report *r, const dd_output_opts *o);
/* --db-max-age DAYS: a whole number of days, 0 meaning "no limit" (stored as -1). */
int dd_cli_parse_days(const char *arg, int *out, dd_error *e);
/* Apply the accepted findings and --severity, write the report and compute the exit
 * code; -1 with `e` if an ignore file is bad or writing failed. */
int dd_cli_finish(dd_report *r, const dd_output_opts *o, dd_error *e);
void dd_output_opts_init(dd_output_opts *o);

extern const char cmd_bench_help[], cmd_harden_help[], cmd_lint_help[], cmd_scan_help[],
    cmd_db_help[], cmd_rules_help[], cmd_version_help[], cmd_man_help[], cmd_sign_help[],
    cmd_verify_help[], cmd_watch_help[], cmd_health_help[], cmd_inside_help[], cmd_profile_help[];

extern const struct option cmd_bench_opts[], cmd_harden_opts[], cmd_lint_opts[], cmd_scan_opts[],
    cmd_db_opts[], cmd_sign_opts[], cmd_verify_opts[], cmd_rules_opts[], cmd_watch_opts[],
    cmd_profile_opts[], cmd_inside_opts[];
extern const char cmd_bench_shortopts[], cmd_harden_shortopts[], cmd_lint_shortopts[],
    cmd_scan_shortopts[], cmd_db_shortopts[], cmd_sign_shortopts[], cmd_verify_shortopts[],
    cmd_rules_shortopts[], cmd_watch_shortopts[], cmd_profile_shortopts[], cmd_inside_shortopts[];

int cmd_bench(int argc, char **argv, dd_error *e);
int cmd_harden(int argc, char **argv, dd_error *e);
int cmd_lint(int argc, char **argv, dd_error *e);
int cmd_scan(int argc, char **argv, dd_error *e);
int cmd_db(int argc, char **argv, dd_error *e);
int cmd_watch(int argc, char **argv, dd_error *e);
int cmd_rules(int argc, char **argv, dd_error *e);
int cmd_sign(int argc, char **argv, dd_error *e);
int cmd_verify(int argc, char **argv, dd_error *e);
int cmd_man(int argc, char **argv, dd_error *e);
int cmd_inside(int argc, char **argv, dd_error *e);
int cmd_profile(int argc, char **argv, dd_error *e);
int cmd_version(int argc, char **argv, dd_error *e);
int cmd_health(int argc, char **argv, dd_error *e);
