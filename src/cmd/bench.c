/* `drydock bench`: the CIS Docker Benchmark 1.6.0 over facts gathered once. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench/bench.h"
#include "cmd/cmd.h"
#include "sign/policy.h"
#include "core/mem.h"

const char cmd_bench_help[] =
    "Usage: drydock bench [OPTIONS]\n\n"
    "Audit this host, its Docker daemon, images and containers against the CIS Docker\n"
    "Benchmark 1.6.0 (all 117 checks docker-bench-security runs). Facts are gathered once:\n"
    "one /info, one container list, every inspect and process list in parallel, stat(2)\n"
    "of each file. Sections 1 and 3 run without a daemon; the checks that need one are\n"
    "then reported as errors and the exit code is 3.\n\n"
    "Selection:\n"
    "      --check LIST      run only these checks or sections (\"5\", \"5.4\", \"CIS-5.4\");\n"
    "                        comma-separated, or repeat the option\n"
    "      --skip LIST       leave these checks or sections out (same forms)\n"
    "      --container NAME  limit the container checks to NAME (name or id; repeatable)\n"
    "      --include-stopped also check stopped containers (default: running ones)\n"
    "      --root DIR        the host's root filesystem is mounted at DIR (e.g. /host when\n"
    "                        drydock runs in a container)\n"
    "      --top-api         take every container's process list (5.7, sshd) from the\n"
    "                        daemon (GET /containers/ID/top); by default a local daemon's\n"
    "                        containers are read from DIR/proc in one pass, which is\n"
    "                        much faster, and the daemon is asked only for the rest\n"
    "      --policy FILE     the trust policy (its 'trust' section) for DD-TRUST-REGISTRY\n"
    "                        and DD-TRUST-SIGNED; default: .drydock.yaml found upward\n"
    "  -i, --include PATTERN only containers and images whose name matches PATTERN (an\n"
    "                        extended regex; comma-separated alternatives; repeatable),\n"
    "                        as docker-bench-security's -i\n"
    "  -x, --exclude PATTERN leave out containers and images whose name matches PATTERN\n"
    "                        (docker-bench-security's -x)\n"
    "  -u, --trusted-users LIST\n"
    "                        members of the docker group you trust (1.1.2): any other\n"
    "                        member is a failed check (docker-bench-security's -u)\n\n"
    "Text: one line per check, the failing objects listed under it; -q only the\n"
    "checks that failed, --show-passed every object of every check.\n\n" DD_REGISTRY_HELP
    "\n" DD_ENGINE_HELP "\n" DD_OUTPUT_HELP "\n" DD_CONFIG_HELP(
        "bench") "\nExamples:\n"
                 "  drydock bench\n"
                 "  drydock bench --check 5 --container web --format sarif -o bench.sarif\n"
                 "  drydock bench --skip 1.1,7 --fail-on high\n";

enum {
    OPT_CHECK = DD_OPT_FIRST_CMD,
    OPT_SKIP,
    OPT_CONTAINER,
    OPT_INCLUDE_STOPPED,
    OPT_ROOT,
    OPT_TOP_API,
    OPT_POLICY,
};

const char cmd_bench_shortopts[] = "f:o:qH:hi:x:u:";
const struct option cmd_bench_opts[] = {
    DD_OUTPUT_LONGOPTS,
    DD_ENGINE_LONGOPTS,
    DD_CONFIG_LONGOPT,
    {"check", required_argument, NULL, OPT_CHECK},
    {"skip", required_argument, NULL, OPT_SKIP},
    {"container", required_argument, NULL, OPT_CONTAINER},
    {"include-stopped", no_argument, NULL, OPT_INCLUDE_STOPPED},
    {"root", required_argument, NULL, OPT_ROOT},
    {"top-api", no_argument, NULL, OPT_TOP_API},
    {"policy", required_argument, NULL, OPT_POLICY},
    {"include", required_argument, NULL, 'i'},
    {"exclude", required_argument, NULL, 'x'},
    {"trusted-users", required_argument, NULL, 'u'},
    DD_REGISTRY_LONGOPTS,
    {NULL, 0, NULL, 0},
};

typedef struct strv {
    char **v;
    size_t n, cap;
} strv;

static void strv_free(strv *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->v[i]);
    free(s->v);
}

static void strv_push(strv *s, const char *p, size_t len)
{
    s->v = dd_xgrow(s->v, &s->cap, s->n + 1, sizeof *s->v);
    s->v[s->n++] = dd_xstrndup(p, len);
}

/* "5,2.1, 4" -> three entries; empty items are ignored. */
static void strv_split(strv *s, const char *arg)
{
    while (*arg) {
        size_t n = strcspn(arg, ",");
        const char *p = arg;
        size_t len = n;
        while (len && (*p == ' ' || *p == '\t'))
            p++, len--;
        while (len && (p[len - 1] == ' ' || p[len - 1] == '\t'))
            len--;
        if (len)
            strv_push(s, p, len);
        arg += n;
        if (*arg == ',')
            arg++;
    }
}

int cmd_bench(int argc, char **argv, dd_error *e)
{
    dd_output_opts out;
    dd_output_opts_init(&out);
    dd_engine_config ec = {.tls_verify = -1};
    strv checks = {0}, skips = {0}, containers = {0}, include = {0}, exclude = {0}, trusted = {0};
    const char *root = "";
    bool include_stopped = false, top_api = false;
    const char *policy_path = NULL;
    dd_trust_policy policy = {0};
    dd_cli_registry reg;
    dd_cli_registry_init(&reg);
    int ret = -1, c, h;
    while ((c = getopt_long(argc, argv, cmd_bench_shortopts, cmd_bench_opts, NULL)) != -1) {
        if ((h = dd_cli_output_opt(c, optarg, &out, e)) != 0) {
            if (h < 0)
                goto done;
            continue;
        }
        if (dd_cli_engine_opt(c, optarg, &ec))
            continue;
        if ((h = dd_cli_registry_opt(c, optarg, &reg, e)) != 0) {
            if (h < 0)
                goto done;
            continue;
        }
        switch (c) {
        case DD_OPT_HELP:
            fputs(cmd_bench_help, stdout);
            ret = 0;
            goto done;
        case OPT_CHECK:
            strv_split(&checks, optarg);
            break;
        case OPT_SKIP:
            strv_split(&skips, optarg);
            break;
        case OPT_CONTAINER:
            strv_split(&containers, optarg);
            break;
        case OPT_INCLUDE_STOPPED:
            include_stopped = true;
            break;
        case OPT_ROOT:
            root = optarg;
            break;
        case OPT_TOP_API:
            top_api = true;
            break;
        case OPT_POLICY:
            policy_path = optarg;
            break;
        case 'i':
            strv_split(&include, optarg);
            break;
        case 'x':
            strv_split(&exclude, optarg);
            break;
        case 'u':
            strv_split(&trusted, optarg);
            break;
        default:
            dd_cli_usage_error(e, "bench");
            goto done;
        }
    }
    if (optind < argc) {
        dd_error_set(e, DD_ERR_USAGE, 0, "drydock bench takes no arguments ('%s')", argv[optind]);
        dd_error_hint(e, "see 'drydock bench --help'");
        goto done;
    }
    if (dd_cli_output_check(&out, "bench", false, e) < 0 ||
        dd_bench_validate_selectors((const char *const *)checks.v, checks.n, "--check", e) < 0 ||
        dd_bench_validate_selectors((const char *const *)skips.v, skips.n, "--skip", e) < 0)
        goto done;
    if (dd_trust_policy_load(&policy, policy_path, e) < 0)
        goto done;

    dd_bench_opts bo = {
        .root = root,
        .checks = (const char *const *)checks.v,
        .nchecks = checks.n,
        .skips = (const char *const *)skips.v,
        .nskips = skips.n,
        .containers = (const char *const *)containers.v,
        .ncontainers = containers.n,
        .include_stopped = include_stopped,
        .include = (const char *const *)include.v,
        .ninclude = include.n,
        .exclude = (const char *const *)exclude.v,
        .nexclude = exclude.n,
        .trusted_users = (const char *const *)trusted.v,
        .ntrusted_users = trusted.n,
        .top_api = top_api,
        .policy = &policy,
        .registry = &reg.opts,
    };
    dd_bench_facts f = {.opts = &bo};
    dd_report r;
    dd_report_init(&r, "bench", "CIS Docker Benchmark 1.6.0");
    r.text_style = DD_TEXT_CHECKLIST;
    r.sections = dd_bench_sections;
    r.paths_in_target = true; /* the host's files, not the repository's */
    /* Engine first: the host facts pick the dockerd serving the daemon actually talked
     * to (-H, not only DOCKER_HOST) and fall back to its DockerRootDir (1.1.1). */
    if (dd_bench_gather_engine(&f, &ec, e) < 0 || dd_bench_gather_host(&f, e) < 0)
        goto free_all;
    if (!f.engine && f.engine_error.kind != DD_ERR_NONE && f.daemon_required) {
        /* Not fatal: sections 1 and 3 still run. The report says it once at the top and
         * once per section; say it here too. */
        dd_cli_say("warning", f.engine_error.msg);
        if (f.engine_error.hint[0])
            dd_cli_say("hint", f.engine_error.hint);
    }
    dd_bench_add_meta(&r, &f);
    if (dd_bench_run(&f, &r, e) < 0)
        goto free_all;
    ret = dd_cli_finish(&r, &out, e);
free_all:
    dd_report_free(&r);
    dd_bench_facts_free(&f);
done:
    dd_trust_policy_free(&policy);
    strv_free(&checks);
    strv_free(&skips);
    strv_free(&containers);
    strv_free(&include);
    strv_free(&exclude);
    strv_free(&trusted);
    return ret;
}
