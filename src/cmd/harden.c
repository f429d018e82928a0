/* `drydock harden`: print (and with --write, install) a hardened daemon.json merged with
 * the current one, and the audit rules of CIS section 1.1. */
#include <stdio.h>
#include <string.h>

#include "bench/bench.h"
#include "bench/harden.h"
#include "cmd/cmd.h"
#include "core/cleanup.h"
#include "core/term.h"

const char cmd_harden_help[] =
    "Usage: drydock harden [OPTIONS]\n\n"
    "Print a hardened daemon.json merged with the current one (icc off, userns-remap,\n"
    "live-restore, no-new-privileges, log level info, userland proxy off; weakening keys\n"
    "such as insecure-registries removed), each change explained with its CIS check, and an\n"
    "audit rules file covering every Docker path of CIS section 1.1.\n"
    "Nothing is written without --write. A setting given on the dockerd command line is not\n"
    "added to daemon.json (dockerd refuses to start when a setting is in both).\n\n"
    "Options:\n"
    "      --root DIR          the host's / is mounted at DIR\n"
    "      --daemon-json FILE  harden FILE instead of the daemon's configuration file\n"
    "                          (default: --config-file of the running dockerd, else\n"
    "                          /etc/docker/daemon.json)\n"
    "      --audit-rules FILE  where --write puts the audit rules\n"
    "                          (default: /etc/audit/rules.d/docker.rules)\n"
    "      --write             write both files atomically; the old daemon.json is kept as\n"
    "                          daemon.json.bak\n"
    "  -f, --format FMT        text (default) or json\n"
    "  -h, --help              this help\n\n"
    "Exit status: 0 done, 2 usage error, 3 the current daemon.json is malformed or a file\n"
    "could not be written.\n\n" DD_CONFIG_HELP("harden");

enum {
    OPT_ROOT = DD_OPT_FIRST_CMD,
    OPT_DAEMON_JSON,
    OPT_AUDIT_RULES,
    OPT_WRITE,
};

static const char *mark(dd_harden_action a)
{
    switch (a) {
    case DD_HARDEN_ADD:
        return "add   ";
    case DD_HARDEN_CHANGE:
        return "change";
    case DD_HARDEN_REMOVE:
        return "remove";
    case DD_HARDEN_KEEP:
        return "keep  ";
    case DD_HARDEN_ADVICE:
        return "todo  ";
    case DD_HARDEN_FLAG:
        return "flag  ";
    }
    return "?";
}

/* Keys, values and paths come from the host's files: each is escaped (core/term.h)
 * before it reaches the terminal. */
static void print_text(const dd_harden_plan *p, bool wrote)
{
    _cleanup_free_ char *path = dd_term_escape(p->daemon_json_path);
    printf("# Hardened Docker daemon configuration for %s\n", path);
    printf("#\n");
    for (size_t i = 0; i < p->nchanges; i++) {
        const dd_harden_change *c = &p->changes[i];
        _cleanup_free_ char *key = dd_term_escape(c->key);
        _cleanup_free_ char *old = dd_term_escape(c->old_value);
        _cleanup_free_ char *nv = dd_term_escape(c->new_value);
        _cleanup_free_ char *why = dd_term_escape(c->why);
        printf("# %s %s", mark(c->action), key);
        if (c->action == DD_HARDEN_CHANGE)
            printf(": %s -> %s", old, nv);
        else if (c->action == DD_HARDEN_ADD)
            printf(": %s", nv);
        else if (c->action == DD_HARDEN_REMOVE || c->action == DD_HARDEN_KEEP)
            printf(": %s", old);
        printf("  (CIS %s)\n#        %s\n", c->cis, why);
    }
    printf("#\n# %s\n",
           wrote ? (p->changed || !p->daemon_json_exists ? "written (old file kept as .bak)"
                                                          : "already hardened: not rewritten")
                 : "not written: run with --write to install it");
    _cleanup_free_ char *text = json_dumps(p->config, JSON_INDENT(2));
    dd_term_write(stdout, text ? text : "{}", true);
    printf("\n\n");
    _cleanup_free_ char *rules = dd_term_escape(p->audit_rules_path);
    printf("# Audit rules for %s%s\n", rules, wrote ? " (written)" : "");
    dd_term_write(stdout, p->audit_rules, true);
}

const char cmd_harden_shortopts[] = "f:h";
const struct option cmd_harden_opts[] = {
    DD_CONFIG_LONGOPT,
    {"root", required_argument, NULL, OPT_ROOT},
    {"daemon-json", required_argument, NULL, OPT_DAEMON_JSON},
    {"audit-rules", required_argument, NULL, OPT_AUDIT_RULES},
    {"write", no_argument, NULL, OPT_WRITE},
    {"format", required_argument, NULL, DD_OPT_FORMAT},
    {"help", no_argument, NULL, DD_OPT_HELP},
    {NULL, 0, NULL, 0},
};

int cmd_harden(int argc, char **argv, dd_error *e)
{
    const char *root = "", *daemon_json = NULL, *audit_rules = NULL;
    bool write = false;
    dd_format fmt = DD_FMT_TEXT;
    int c;
    while ((c = getopt_long(argc, argv, cmd_harden_shortopts, cmd_harden_opts, NULL)) != -1) {
        switch (c) {
        case OPT_ROOT:
            root = optarg;
            break;
        case OPT_DAEMON_JSON:
            daemon_json = optarg;
            break;
        case OPT_AUDIT_RULES:
            audit_rules = optarg;
            break;
        case OPT_WRITE:
            write = true;
            break;
        case DD_OPT_FORMAT:
            if (dd_format_parse(optarg, &fmt) < 0 || (fmt != DD_FMT_TEXT && fmt != DD_FMT_JSON))
                return dd_error_set(e, DD_ERR_USAGE, 0,
                                    "drydock harden prints text or json, not '%s'", optarg);
            break;
        case DD_OPT_HELP:
            fputs(cmd_harden_help, stdout);
            return DD_EXIT_OK;
        case DD_OPT_CONFIG:
            break;
        default:
            return dd_cli_usage_error(e, "harden");
        }
    }
    if (optind < argc) {
        dd_error_set(e, DD_ERR_USAGE, 0, "drydock harden takes no arguments ('%s')", argv[optind]);
        return dd_error_hint(e, "see 'drydock harden --help'");
    }

    dd_bench_opts bo = {.root = root};
    dd_bench_facts f = {.opts = &bo};
    dd_harden_plan p = {0};
    int ret = -1;
    if (dd_bench_gather_host(&f, e) < 0)
        goto out;
    if (dd_harden_build(&f, daemon_json, audit_rules, &p, e) < 0) {
        dd_error_prefix(e, "cannot harden");
        goto out;
    }
    if (write && dd_harden_write(&p, e) < 0)
        goto out;
    if (fmt == DD_FMT_JSON) {
        _cleanup_json_ json_t *j = dd_harden_plan_json(&p);
        json_object_set_new(j, "written", json_boolean(write));
        _cleanup_free_ char *s = json_dumps(j, JSON_INDENT(2));
        puts(s ? s : "{}");
    } else {
        print_text(&p, write);
    }
    ret = DD_EXIT_OK;
out:
    dd_harden_plan_free(&p);
    dd_host_facts_free(f.host);
    dd_daemon_config_free(f.daemon);
    return ret;
}
