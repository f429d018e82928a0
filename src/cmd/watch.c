/* drydock watch: option parsing; the work is dd_watch_run (src/watch/watch.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "core/mem.h"
#include "report/node.h"
#include "watch/rules.h"
#include "watch/watch.h"

const char cmd_watch_help[] =
    "Usage: drydock watch [OPTIONS]\n\n"
    "Watch every container on this host (and the host itself) with eBPF and alert the\n"
    "moment one does what a healthy container never does: a shell with a terminal, a\n"
    "read of /etc/shadow, a write below /usr/bin, a ptrace, a package manager at run\n"
    "time, an escape attempt. Rules are written in Falco's language; drydock's own\n"
    "ruleset is built in ('drydock rules -c watch') and real Falco rule files load with\n"
    "--rules (rules using what drydock cannot see are listed with the reason and\n"
    "skipped). Runs as root (CAP_BPF and CAP_PERFMON); needs a kernel with BTF.\n\n"
    "Rules:\n"
    "  -r, --rules FILE|DIR  load Falco rule files (a directory: its *.yaml); repeatable;\n"
    "                        'default' is drydock's ruleset (the default without -r)\n"
    "      --rule NAME       evaluate only the rules with this name, id or tag\n"
    "      --validate        load and compile the rules, list what is skipped and why, exit\n"
    "      --list-fields     print every field a condition or output can use\n"
    "Scope:\n"
    "  -c, --container NAME  only this container (name or id); repeatable\n"
    "  -d, --duration TIME   stop after TIME (30s, 10m, 1h); default: until SIGINT/SIGTERM\n"
    "Output:\n"
    "  -f, --format FMT      text or json (Falco's json_output lines: time, rule, priority,\n"
    "                        source, hostname, output, output_fields, tags; and labels:\n"
    "                        DRYDOCK_NODE_LABELS). Default: text; json in drydock's image\n"
    "                        (DRYDOCK_IN_CONTAINER=1) when stdout is not a terminal\n"
    "  -o, --output FILE     write alerts to FILE instead of standard output\n"
    "      --webhook URL     also POST each alert (JSON) to URL, with retries and a bounded\n"
    "                        queue (Falcosidekick and similar receivers)\n"
    "      --metrics ADDR    serve Prometheus metrics on ADDR (PORT or HOST:PORT;\n"
    "                        127.0.0.1 unless a host is given)\n"
    "      --fail-on SEV     exit 1 if an alert at or above SEV was raised (critical, high,\n"
    "                        medium, low, info, or a Falco priority: warning, notice...)\n"
    "      --color WHEN      auto (default), always, never; NO_COLOR is honoured\n"
    "      --no-color        same as --color never\n"
    "  -q, --quiet           no start-up report and no summary on standard error\n"
    "      --ring-size SIZE  per-CPU ring buffer (power of two; 8M default; 4K minimum)\n"
    "  -h, --help            this help\n" DD_ENGINE_HELP
    "\nStops cleanly on SIGINT or SIGTERM (or after --duration) with a summary: events,\n"
    "alerts per rule, records the kernel lost when a ring was full (never hidden).\n"
    "Exit codes: 0 done (no alert at or above --fail-on), 1 alerts at or above --fail-on,\n"
    "2 usage error, 3 could not run (not root, no BTF, locked-down kernel, bad "
    "rules).\n\n" DD_CONFIG_HELP("watch");

enum {
    OPT_RULE = DD_OPT_FIRST_CMD,
    OPT_VALIDATE,
    OPT_LIST_FIELDS,
    OPT_METRICS,
    OPT_RING,
};

/* 30s, 10m, 1h, 2d, or plain seconds */
static int parse_duration(const char *s, double *out)
{
    char *end;
    double v = strtod(s, &end);
    if (end == s || v < 0)
        return -1;
    if (!strcmp(end, "") || !strcmp(end, "s"))
        *out = v;
    else if (!strcmp(end, "ms"))
        *out = v / 1000;
    else if (!strcmp(end, "m"))
        *out = v * 60;
    else if (!strcmp(end, "h"))
        *out = v * 3600;
    else if (!strcmp(end, "d"))
        *out = v * 86400;
    else
        return -1;
    return *out > 0 ? 0 : -1;
}

static int parse_size(const char *s, size_t *out)
{
    char *end;
    unsigned long long v = strtoull(s, &end, 10);
    if (end == s)
        return -1;
    if (*end == 'K' || *end == 'k')
        v <<= 10, end++;
    else if (*end == 'M' || *end == 'm')
        v <<= 20, end++;
    else if (*end == 'G' || *end == 'g')
        v <<= 30, end++;
    if (*end || v < 4096 || (v & (v - 1)) || v > (1ull << 30))
        return -1;
    *out = (size_t)v;
    return 0;
}

/* Only the output options a stream of alerts has: no --severity, --ignorefile or
 * --exit-code (those act on a finished report), so none is accepted and ignored. */
const char cmd_watch_shortopts[] = "r:c:d:f:o:qH:h";
const struct option cmd_watch_opts[] = {
    DD_CONFIG_LONGOPT,
    {"rules", required_argument, NULL, 'r'},
    {"rule", required_argument, NULL, OPT_RULE},
    {"validate", no_argument, NULL, OPT_VALIDATE},
    {"list-fields", no_argument, NULL, OPT_LIST_FIELDS},
    {"container", required_argument, NULL, 'c'},
    {"duration", required_argument, NULL, 'd'},
    {"webhook", required_argument, NULL, DD_OPT_WEBHOOK},
    {"metrics", required_argument, NULL, OPT_METRICS},
    {"ring-size", required_argument, NULL, OPT_RING},
    {"format", required_argument, NULL, DD_OPT_FORMAT},
    {"output", required_argument, NULL, DD_OPT_OUTPUT},
    {"fail-on", required_argument, NULL, DD_OPT_FAIL_ON},
    {"no-color", no_argument, NULL, DD_OPT_NO_COLOR},
    {"color", required_argument, NULL, DD_OPT_COLOR},
    {"quiet", no_argument, NULL, DD_OPT_QUIET},
    {"help", no_argument, NULL, DD_OPT_HELP},
    DD_ENGINE_LONGOPTS,
    {NULL, 0, NULL, 0},
};

static void push(char ***v, size_t *n, const char *s)
{
    *v = dd_xrealloc(*v, (*n + 1) * sizeof **v);
    (*v)[(*n)++] = (char *)s;
}

int cmd_watch(int argc, char **argv, dd_error *e)
{
    dd_watch_opts o = {0};
    o.color = -1;
    o.engine.tls_verify = -1;
    dd_output_opts out;
    dd_output_opts_init(&out);
    bool validate = false, list_fields = false, format_set = false;
    dd_severity fail_on = DD_SEV_UNKNOWN;
    bool fail_on_set = false;
    int rc = -1;
    int c;
    while ((c = getopt_long(argc, argv, cmd_watch_shortopts, cmd_watch_opts, NULL)) != -1) {
        switch (c) {
        case 'r':
            push(&o.rules, &o.nrules, optarg);
            break;
        case OPT_RULE:
            push(&o.select, &o.nselect, optarg);
            break;
        case OPT_VALIDATE:
            validate = true;
            break;
        case OPT_LIST_FIELDS:
            list_fields = true;
            break;
        case 'c':
            push(&o.containers, &o.ncontainers, optarg);
            break;
        case 'd':
            if (parse_duration(optarg, &o.duration_s) < 0) {
                dd_error_set(e, DD_ERR_USAGE, 0,
                             "--duration takes a time like 30s, 10m or 1h, not '%s'", optarg);
                goto done;
            }
            break;
        case 'f':
            format_set = true;
            if (!strcmp(optarg, "text"))
                o.format = DD_WATCH_TEXT;
            else if (!strcmp(optarg, "json"))
                o.format = DD_WATCH_JSON;
            else {
                dd_error_set(e, DD_ERR_USAGE, 0, "drydock watch writes text or json, not '%s'",
                             optarg);
                goto done;
            }
            break;
        case DD_OPT_FAIL_ON: {
            dd_prio p;
            if (dd_prio_parse(optarg, &p) == 0) {
                fail_on = dd_prio_severity(p);
            } else if (dd_severity_parse(optarg, &fail_on) < 0) {
                dd_error_set(e, DD_ERR_USAGE, 0,
                             "unknown severity '%s' for --fail-on (critical, high, medium, low, "
                             "info, none, or a Falco priority)",
                             optarg);
                goto done;
            }
            fail_on_set = true;
            break;
        }
        case OPT_METRICS:
            o.metrics = optarg;
            break;
        case OPT_RING:
            if (parse_size(optarg, &o.ring_bytes) < 0) {
                dd_error_set(e, DD_ERR_USAGE, 0,
                             "--ring-size takes a power of two from 4K to 1G, not '%s'", optarg);
                goto done;
            }
            break;
        case DD_OPT_HELP:
            fputs(cmd_watch_help, stdout);
            rc = 0;
            goto done;
        default: {
            int r = dd_cli_output_opt(c, optarg, &out, e);
            if (r < 0)
                goto done;
            if (r == 0 && !dd_cli_engine_opt(c, optarg, &o.engine)) {
                dd_cli_usage_error(e, "watch");
                goto done;
            }
        }
        }
    }
    if (optind < argc) {
        dd_error_set(e, DD_ERR_USAGE, 0, "drydock watch takes no arguments ('%s')", argv[optind]);
        dd_error_hint(e, "rule files go with --rules, containers with --container");
        goto done;
    }
    o.output = out.output;
    o.color = out.color;
    o.quiet = out.quiet;
    o.webhook = out.webhook;
    /* In a container, alerts are log lines for a shipper: Falco's JSON (report/node.h). */
    if (!format_set && !o.output && dd_default_format(stdout) == DD_FMT_JSONL)
        o.format = DD_WATCH_JSON;
    if (list_fields) {
        dd_watch_list_fields(stdout);
        rc = 0;
        goto done;
    }
    if (validate) {
        dd_ruleset *rs;
        if (dd_watch_load_rules(&o, &rs, stdout, e) < 0)
            goto done;
        dd_ruleset_free(rs);
        rc = 0;
        goto done;
    }
    dd_watch_result res;
    if (dd_watch_run(&o, &res, e) < 0)
        goto done;
    rc = fail_on_set && fail_on != DD_SEV_UNKNOWN && res.alerts && res.worst >= fail_on
             ? DD_EXIT_FINDINGS
             : DD_EXIT_OK;
done:
    free(o.rules);
    free(o.select);
    free(o.containers);
    return rc;
}
