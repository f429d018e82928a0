/* Every long option of every command can also come from the environment and from the
 * configuration file, as Trivy users expect:
 *
 *   DRYDOCK_FAIL_ON=high drydock scan IMAGE       # DRYDOCK_ + the option, '-' as '_'
 *
 *   # .drydock.yaml (found upward from the current directory, or DRYDOCK_CONFIG, or
 *   # --config FILE), one section per command, keyed by the long option names:
 *   scan:
 *     severity: HIGH,CRITICAL
 *     skip-dirs: [testdata, vendor]               # a list repeats the option
 *     ignore-unfixed: true                        # a flag: true or false
 *
 * The command line wins over the environment, which wins over the file, option by option
 * (a list given on the command line replaces the file's, it is not added to it). What the
 * three give is turned into one argument vector, [command, file's options, environment's
 * options, command line], so each command parses everything with the same getopt loop
 * and reports a bad value the same way wherever it came from.
 *
 * Ownership: dd_cliconf owns the vector and its strings; dd_cliconf_free() releases them. */
#pragma once
#include <getopt.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/error.h"

typedef struct dd_cliconf {
    int argc;
    char **argv;      /* NULL-terminated; borrowed strings from the real argv, owned others */
    char **owned;     /* strings made here */
    size_t nowned;
    char *config;     /* the configuration file read, or NULL */
} dd_cliconf;

/* Build the vector for command `cmd` with options `opts` (getopt_long's table) and
 * `shortopts`. With `read_file` false only the environment is used (lint reads its own
 * configuration per Dockerfile). Errors name the file and line, or the variable. */
int dd_cliconf_args(dd_cliconf *out, const char *cmd, const struct option *opts,
                    const char *shortopts, bool read_file, int argc, char **argv, dd_error *e);
void dd_cliconf_free(dd_cliconf *c);

/* The environment variable of long option `name`: "DRYDOCK_FAIL_ON". Caller frees. */
char *dd_cliconf_env_name(const char *name);
/* Whether an option is never taken from the environment or the file (help, config). */
bool dd_cliconf_skipped(const char *name);
/* .drydock.yaml (or .drydock.yml) found upward from the current directory; NULL when
 * none. Caller frees. */
char *dd_cliconf_find(void);
