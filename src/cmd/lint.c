/* `drydock lint`: Dockerfile rules over files, directories and standard input. */
#include <stdio.h>
#include <string.h>

#include "cmd/cmd.h"
#include "core/cleanup.h"
#include "dockerfile/lint.h"

const char cmd_lint_help[] =
    "Usage: drydock lint [OPTIONS] [FILE|DIR|-]...\n\n"
    "Lint Dockerfiles for security and build mistakes. A DIR is searched recursively\n"
    "for Dockerfile*, *.Dockerfile and *.dockerfile (.git and node_modules are\n"
    "skipped); '-' reads standard input. Without arguments, ./Dockerfile is linted.\n\n"
    "Compose files (compose.yaml, docker-compose*.yml, any YAML with top-level\n"
    "services:) and Kubernetes manifests (YAML with apiVersion: and kind:; Pod,\n"
    "Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob) are linted too,\n"
    "named or found in a DIR: the DDM rules, tied to CIS 5.x and Pod Security\n"
    "Standards controls, take the same pragmas and configuration.\n\n"
    "Rules are listed by 'drydock rules --command lint'. hadolint codes (DL3008...)\n"
    "and ShellCheck codes (SC2164...) are accepted wherever a rule id is.\n\n"
    "Lint options:\n"
    "  -c, --config FILE         read FILE instead of the nearest .drydock.yaml or\n"
    "                            .hadolint.yaml found upward from each Dockerfile\n"
    "      --no-config           use no configuration file (nor HADOLINT_* variables)\n"
    "      --ignore ID           do not report rule ID (repeatable)\n"
    "      --error|--warning|--info|--style ID\n"
    "                            give rule ID that hadolint severity (high, medium,\n"
    "                            low, info); also turns on a rule off by default\n"
    "      --trusted-registry R  allow images (FROM, COPY --from, RUN --mount from)\n"
    "                            only from registry R (repeatable; *.example.com,\n"
    "                            '*')\n"
    "      --require-label L[:FORMAT]\n"
    "                            the final image must carry label L (repeatable), in\n"
    "                            FORMAT (text, url, rfc3339, spdx, hash, semver,\n"
    "                            email)\n"
    "      --strict-labels       no labels other than the required ones\n"
    "      --disable-ignore-pragma  do not honour ignore pragmas in Dockerfiles\n"
    "  -t, --failure-threshold T exit 1 only for findings at or above hadolint\n"
    "                            severity T (error, warning, info, style, none);\n"
    "                            --fail-on takes drydock's severities\n"
    "      --no-fail             exit 0 whatever is found (same as --fail-on none)\n"
    "      --skip-dirs GLOB      in a directory walked, leave out directories matching\n"
    "                            GLOB (repeatable, or comma-separated; 'vendor',\n"
    "                            'test/**'; a GLOB without '/' matches the base name)\n"
    "      --skip-files GLOB     the same for files ('*.test.Dockerfile')\n\n"
    "Pragmas, on the line before an instruction or anywhere for the stage or file:\n"
    "  # hadolint ignore=DL3008,SC2164     # drydock ignore=DDL007\n"
    "  # hadolint stage ignore=DL3059      # hadolint global ignore=DL3003\n\n"
    ".drydock.yaml (or hadolint's .hadolint.yaml, same keys):\n"
    "  ignore: [DDL007, DL3059]              # hadolint: ignored\n"
    "  severity: {DDL045: high, DDL110: off} # hadolint: override: {error: [DL3008]}\n"
    "  trusted-registries: [docker.io]       # hadolint: trustedRegistries\n"
    "  label-schema: {org.opencontainers.image.source: url}\n"
    "  strict-labels: false\n  disable-ignore-pragma: false\n"
    "  failure-threshold: error              # or fail-on: high\n"
    "  no-fail: false\n"
    "  lint:                                  # or a lint section: the long options\n"
    "    fail-on: medium\n"
    "Other commands' sections (scan:, bench:...) are theirs. hadolint's HADOLINT_*\n"
    "variables and drydock's DRYDOCK_<OPTION> (DRYDOCK_FAIL_ON=high) apply over the\n"
    "file, under the options.\n\n" DD_OUTPUT_HELP
    "\nExit codes: 0 ok, 1 a finding at or above the failure threshold (by default\n"
    "high, hadolint's error class), 2 usage error, 3 no file could be read and\n"
    "parsed, or a bad configuration file.\n";

enum {
    OPT_CONFIG = 'c',
    OPT_THRESHOLD = 't',
    OPT_NO_CONFIG = DD_OPT_FIRST_CMD,
    OPT_IGNORE,
    OPT_TRUSTED,
    OPT_LABEL,
    OPT_STRICT,
    OPT_NO_PRAGMA,
    OPT_NO_FAIL,
    OPT_SEV_ERROR,
    OPT_SEV_WARNING,
    OPT_SEV_INFO,
    OPT_SEV_STYLE,
    OPT_SKIP_DIRS,
    OPT_SKIP_FILES,
};

/* --failure-threshold in hadolint's words; the config file's when the command line is
 * silent; else hadolint's error class. */
static void threshold(dd_output_opts *out, const dd_lint_config *run, bool no_fail)
{
    if (no_fail || run->no_fail) {
        out->fail_on = DD_SEV_UNKNOWN;
        out->fail_on_set = true;
    } else if (!out->fail_on_set) {
        out->fail_on = run->fail_on_set ? run->fail_on : DD_SEV_HIGH;
        out->fail_on_set = true;
    }
}

const char cmd_lint_shortopts[] = "c:f:o:t:qh";
const struct option cmd_lint_opts[] = {
    {"config", required_argument, NULL, OPT_CONFIG},
    {"no-config", no_argument, NULL, OPT_NO_CONFIG},
    {"ignore", required_argument, NULL, OPT_IGNORE},
    {"trusted-registry", required_argument, NULL, OPT_TRUSTED},
    {"require-label", required_argument, NULL, OPT_LABEL},
    {"strict-labels", no_argument, NULL, OPT_STRICT},
    {"disable-ignore-pragma", no_argument, NULL, OPT_NO_PRAGMA},
    {"failure-threshold", required_argument, NULL, OPT_THRESHOLD},
    {"no-fail", no_argument, NULL, OPT_NO_FAIL},
    {"error", required_argument, NULL, OPT_SEV_ERROR},
    {"warning", required_argument, NULL, OPT_SEV_WARNING},
    {"info", required_argument, NULL, OPT_SEV_INFO},
    {"style", required_argument, NULL, OPT_SEV_STYLE},
    {"skip-dirs", required_argument, NULL, OPT_SKIP_DIRS},
    {"skip-files", required_argument, NULL, OPT_SKIP_FILES},
    DD_OUTPUT_LONGOPTS,
    {NULL, 0, NULL, 0},
};

int cmd_lint(int argc, char **argv, dd_error *e)
{
    static const char *const sev_names[] = {"error", "warning", "info", "style"};
    dd_output_opts out;
    dd_output_opts_init(&out);
    dd_lint_opts lo = {0};
    dd_lint_config_init(&lo.cli);
    dd_lint_config_init(&lo.env);
    _cleanup_free_ char **skip_dirs = NULL, **skip_files = NULL;
    size_t cap_dirs = 0, cap_files = 0;
    bool no_fail = false;
    int c, rc = -1;
    optind = 1;
    while ((c = getopt_long(argc, argv, cmd_lint_shortopts, cmd_lint_opts, NULL)) != -1) {
        int h = dd_cli_output_opt(c, optarg, &out, e);
        if (h < 0)
            goto done;
        if (h > 0)
            continue;
        dd_severity sev;
        bool off;
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
            if (dd_lint_add_label(&lo.cli, optarg, e) < 0)
                goto done;
            break;
        case OPT_STRICT:
            lo.cli.strict_labels = true;
            break;
        case OPT_NO_PRAGMA:
            lo.cli.no_pragmas = true;
            break;
        case OPT_NO_FAIL:
            no_fail = true;
            break;
        case OPT_THRESHOLD:
            if (dd_lint_hadolint_severity(optarg, &sev, &off) < 0) {
                dd_error_set(e, DD_ERR_USAGE, 0,
                             "unknown threshold '%s' for --failure-threshold "
                             "(error, warning, info, style, none)",
                             optarg);
                goto done;
            }
            out.fail_on = off ? DD_SEV_UNKNOWN : sev;
            out.fail_on_set = true;
            break;
        case OPT_SEV_ERROR:
        case OPT_SEV_WARNING:
        case OPT_SEV_INFO:
        case OPT_SEV_STYLE:
            dd_lint_hadolint_severity(sev_names[c - OPT_SEV_ERROR], &sev, &off);
            dd_lint_add_override(&lo.cli, optarg, sev, false);
            break;
        case OPT_SKIP_DIRS:
            dd_cli_add_globs(&skip_dirs, &lo.nskip_dirs, &cap_dirs, optarg);
            break;
        case OPT_SKIP_FILES:
            dd_cli_add_globs(&skip_files, &lo.nskip_files, &cap_files, optarg);
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
    if (!lo.no_config && dd_lint_config_from_env(&lo.env, e) < 0)
        goto done;
    if (lo.config && lo.no_config) {
        dd_error_set(e, DD_ERR_USAGE, 0, "--config and --no-config exclude each other");
        goto done;
    }
    lo.skip_dirs = skip_dirs;
    lo.skip_files = skip_files;
    char *def[] = {"Dockerfile"};
    char *const *paths = optind < argc ? argv + optind : def;
    size_t npaths = optind < argc ? (size_t)(argc - optind) : 1;

    dd_report r;
    dd_report_init(&r, "lint", "Dockerfile lint");
    r.text_style = DD_TEXT_LIST;
    dd_lint_summary sum;
    if (dd_lint_paths(paths, npaths, &lo, &r, &sum, e) < 0) {
        dd_report_free(&r);
        dd_lint_config_free(&sum.run);
        goto done;
    }
    for (size_t i = 0; i < sum.run.nwarnings; i++)
        fprintf(stderr, "drydock: warning: %s\n", sum.run.warnings[i]);
    /* hadolint's `format` and `no-color` settings, where the command line is silent */
    if (!out.format_set && sum.run.format &&
        !(out.format_set = dd_format_parse(sum.run.format, &out.format) == 0))
        fprintf(stderr,
                "drydock: warning: %s: format %s is not one drydock writes; using "
                "text\n",
                sum.run.path ? sum.run.path : "configuration", sum.run.format);
    if (out.color < 0 && sum.run.no_color > 0)
        out.color = 0;
    threshold(&out, &sum.run, no_fail);
    json_object_set_new(r.meta, "files", json_integer((json_int_t)sum.files));
    json_object_set_new(r.meta, "parsed", json_integer((json_int_t)sum.parsed));
    dd_report_sort(&r);
    rc = dd_cli_finish(&r, &out, e);
    dd_report_free(&r);
    size_t parsed = sum.parsed;
    dd_lint_config_free(&sum.run);
    /* Parse errors are findings; only when nothing at all could be linted did drydock
     * fail to do its job. */
    if (rc >= 0 && parsed == 0)
        rc = DD_EXIT_RUN;
done:
    dd_lint_config_free(&lo.cli);
    dd_lint_config_free(&lo.env);
    return rc;
}
