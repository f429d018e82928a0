/* `drydock lint`: Dockerfile rules over files, directories and standard input. */
#include <stdio.h>
#include <string.h>

#include "cmd/cmd.h"
#include "dockerfile/lint.h"

const char cmd_lint_help[] =
    "Usage: drydock lint [OPTIONS] [FILE|DIR|-]...\n\n"
    "Lint Dockerfiles for security and build mistakes. A DIR is searched recursively for\n"
    "Dockerfile*, *.Dockerfile and *.dockerfile (.git and node_modules are skipped); '-'\n"
    "reads standard input. Without arguments, ./Dockerfile is linted.\n\n"
    "Compose files (compose.yaml, docker-compose*.yml, any YAML with top-level services:)\n"
    "and Kubernetes manifests (YAML with apiVersion: and kind:; Pod, Deployment,\n"
    "StatefulSet, DaemonSet, ReplicaSet, Job, CronJob) are linted too, named or found in a\n"
    "DIR: the DDM rules, tied to CIS 5.x and Pod Security Standards controls, take the same\n"
    "pragmas and configuration.\n\n"
    "Rules are listed by 'drydock rules --command lint'. hadolint codes (DL3008...) are\n"
    "accepted wherever a rule id is.\n\n"
    "Lint options:\n"
    "  -c, --config FILE         read FILE instead of the nearest .drydock.yaml found\n"
    "                            upward from each Dockerfile\n"
    "      --no-config           use no configuration file\n"
    "      --ignore ID           do not report rule ID (repeatable)\n"
    "      --trusted-registry R  allow FROM images only from registry R (repeatable;\n"
    "                            *.example.com matches subdomains)\n"
    "      --require-label L     the final image must carry label L (repeatable)\n\n"
    "In a Dockerfile, '# drydock ignore=ID[,ID]' (or '# hadolint ignore=DLxxxx') on the\n"
    "line before an instruction silences those rules for that instruction.\n\n"
    ".drydock.yaml:\n"
    "  ignore: [DDL007, DL3059]\n"
    "  severity: {DDL045: high, DDL110: off}\n"
    "  trusted-registries: [docker.io, registry.example.com]\n"
    "  required-labels: [org.opencontainers.image.source]\n\n" DD_OUTPUT_HELP
    "\nExit codes: 0 ok (or findings below --fail-on), 1 findings at or above --fail-on,\n"
    "2 usage error, 3 no file could be read and parsed, or a bad configuration file.\n";

enum {
    OPT_CONFIG = 'c',
    OPT_NO_CONFIG = DD_OPT_FIRST_CMD,
    OPT_IGNORE,
    OPT_TRUSTED,
    OPT_LABEL,
};

int cmd_lint(int argc, char **argv, dd_error *e)
{
    static const struct option opts[] = {
        {"config", required_argument, NULL, OPT_CONFIG},
        {"no-config", no_argument, NULL, OPT_NO_CONFIG},
        {"ignore", required_argument, NULL, OPT_IGNORE},
        {"trusted-registry", required_argument, NULL, OPT_TRUSTED},
        {"require-label", required_argument, NULL, OPT_LABEL},
        DD_OUTPUT_LONGOPTS,
        {NULL, 0, NULL, 0},
    };
    dd_output_opts out;
    dd_output_opts_init(&out);
    dd_lint_opts lo = {0};
    int c, rc = -1;
    optind = 1;
    while ((c = getopt_long(argc, argv, "c:f:o:qh", opts, NULL)) != -1) {
        int h = dd_cli_output_opt(c, optarg, &out, e);
        if (h < 0)
            goto done;
        if (h > 0)
            continue;
        switch (c) {
        case OPT_CONFIG:
            lo.config = optarg;
            break;
        case OPT_NO_CONFIG:
            lo.no_config = true;
            break;
        case OPT_IGNORE:
            for (char *s = optarg, *save = NULL, *t; (t = strtok_r(s, ",", &save)); s = NULL)
                dd_lint_strv_add(&lo.cli.ignore, &lo.cli.nignore, t);
            break;
        case OPT_TRUSTED:
            dd_lint_strv_add(&lo.cli.trusted, &lo.cli.ntrusted, optarg);
            break;
        case OPT_LABEL:
            dd_lint_strv_add(&lo.cli.labels, &lo.cli.nlabels, optarg);
            break;
        case DD_OPT_HELP:
            fputs(cmd_lint_help, stdout);
            rc = 0;
            goto done;
        default:
            dd_cli_usage_error(e, "lint");
            goto done;
        }
    }
    if (dd_cli_output_check(&out, "lint", false, e) < 0)
        goto done;
    if (lo.config && lo.no_config) {
        dd_error_set(e, DD_ERR_USAGE, 0, "--config and --no-config exclude each other");
        goto done;
    }
    char *def[] = {"Dockerfile"};
    char *const *paths = optind < argc ? argv + optind : def;
    size_t npaths = optind < argc ? (size_t)(argc - optind) : 1;

    dd_report r;
    dd_report_init(&r, "lint", "Dockerfile lint");
    r.text_style = DD_TEXT_LIST;
    size_t files = 0, parsed = 0;
    if (dd_lint_paths(paths, npaths, &lo, &r, &files, &parsed, e) < 0) {
        dd_report_free(&r);
        goto done;
    }
    json_object_set_new(r.meta, "files", json_integer((json_int_t)files));
    json_object_set_new(r.meta, "parsed", json_integer((json_int_t)parsed));
    dd_report_sort(&r);
    rc = dd_cli_finish(&r, &out, e);
    dd_report_free(&r);
    /* Parse errors are findings; only when nothing at all could be linted did drydock
     * fail to do its job. */
    if (rc >= 0 && parsed == 0)
        rc = DD_EXIT_RUN;
done:
    dd_lint_config_free(&lo.cli);
    return rc;
}
