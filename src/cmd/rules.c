/* `drydock rules`, `drydock man` and `drydock version`: everything here is generated
 * from the rule tables and the command table, so documentation cannot drift. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cmd/cmd.h"
#include "core/loaded.h"
#include "core/buf.h"
#include "core/cleanup.h"

const char cmd_rules_help[] =
    "Usage: drydock rules [OPTIONS] [ID...]\n\n"
    "List every rule drydock checks, with its id, severity, references and remediation.\n\n"
    "Options:\n"
    "  -c, --command CMD     only the rules of one command (bench, lint, scan, watch, inside)\n"
    "  -f, --format FMT      text (default) or json\n"
    "  -o, --output FILE     write to FILE\n"
    "  -h, --help            this help\n\n" DD_CONFIG_HELP("rules");

const char cmd_version_help[] =
    "Usage: drydock version [--libraries]\n\nPrint drydock's version.\n"
    "  --libraries   load every library any command needs and print the path of each\n"
    "                shared object loaded (exit 3 naming one that cannot be loaded):\n"
    "                what an image or a chroot must hold\n";
const char cmd_man_help[] = "Usage: drydock man\n\nPrint drydock's man page (roff) on standard "
                            "output: drydock man | man -l -\n";

static bool has_command(const char *command)
{
    for (const dd_rule_table *const *t = dd_rule_tables(); *t; t++)
        if (strcmp((*t)->command, command) == 0)
            return true;
    return false;
}

static bool wanted(const dd_rule *r, int nids, char **ids)
{
    if (nids == 0)
        return true;
    for (int i = 0; i < nids; i++)
        if (strcmp(ids[i], r->id) == 0 || (r->cis && strcmp(ids[i], r->cis) == 0) ||
            (r->alias && strcmp(ids[i], r->alias) == 0))
            return true;
    return false;
}

const char cmd_rules_shortopts[] = "c:f:o:h";
const struct option cmd_rules_opts[] = {
    DD_CONFIG_LONGOPT,
    {"command", required_argument, NULL, 'c'},
    {"format", required_argument, NULL, 'f'},
    {"output", required_argument, NULL, 'o'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

int cmd_rules(int argc, char **argv, dd_error *e)
{
    const char *only = NULL, *output = NULL;
    dd_format fmt = DD_FMT_TEXT;
    int c;
    while ((c = getopt_long(argc, argv, cmd_rules_shortopts, cmd_rules_opts, NULL)) != -1) {
        switch (c) {
        case 'c':
            only = optarg;
            break;
        case 'f':
            if (dd_format_parse(optarg, &fmt) < 0 || (fmt != DD_FMT_TEXT && fmt != DD_FMT_JSON))
                return dd_error_set(e, DD_ERR_USAGE, 0,
                                    "drydock rules prints text or json, not '%s'", optarg);
            break;
        case 'o':
            output = optarg;
            break;
        case 'h':
            fputs(cmd_rules_help, stdout);
            return 0;
        case DD_OPT_CONFIG:
            break;
        default:
            return dd_cli_usage_error(e, "rules");
        }
    }
    if (only && !has_command(only)) {
        /* the commands that have rules, from the tables themselves */
        _cleanup_buf_ dd_buf names = DD_BUF_INIT;
        for (const dd_rule_table *const *t = dd_rule_tables(); *t; t++) {
            const dd_rule_table *const *u = dd_rule_tables();
            while (u < t && strcmp((*u)->command, (*t)->command) != 0)
                u++;
            if (u == t)
                dd_buf_printf(&names, "%s%s", names.len ? ", " : "", (*t)->command);
        }
        return dd_error_set(e, DD_ERR_USAGE, 0, "--command takes one of %s, not '%s'", names.data,
                            only);
    }
    int nids = argc - optind;
    char **ids = argv + optind;
    _cleanup_json_ json_t *arr = json_array();
    /* Ids are checked before the output is opened: a refused run truncates nothing. */
    size_t matching = 0;
    for (const dd_rule_table *const *t = dd_rule_tables(); *t; t++)
        for (size_t i = 0; i < (*t)->n; i++)
            matching += (!only || strcmp(only, (*t)->command) == 0) &&
                        wanted(dd_rule_table_at(*t, i), nids, ids);
    if (nids && !matching)
        return dd_error_set(e, DD_ERR_USAGE, 0, "no rule has the id '%s'", ids[0]);
    dd_outfile of;
    FILE *out = dd_cli_output_open(&of, output, e);
    if (!out)
        return -1;
    for (const dd_rule_table *const *t = dd_rule_tables(); *t; t++) {
        if (only && strcmp(only, (*t)->command) != 0)
            continue;
        bool header = false;
        for (size_t i = 0; i < (*t)->n; i++) {
            const dd_rule *r = dd_rule_table_at(*t, i);
            if (!wanted(r, nids, ids))
                continue;
            if (fmt == DD_FMT_JSON) {
                json_t *j = dd_rule_to_json(r);
                json_object_set_new(j, "command", json_string((*t)->command));
                json_array_append_new(arr, j);
                continue;
            }
            if (!header) {
                fprintf(out, "== %s (drydock %s) ==\n\n", (*t)->title, (*t)->command);
                header = true;
            }
            fprintf(out, "%s  [%s]%s%s\n  %s\n", r->id, dd_severity_name(r->severity),
                    (r->flags & DD_RULE_MANUAL) ? " manual" : "",
                    (r->flags & DD_RULE_SCORED) ? " scored" : "", r->title);
            if (r->rationale)
                fprintf(out, "  Why: %s\n", r->rationale);
            if (r->remediation)
                fprintf(out, "  Fix: %s\n", r->remediation);
            if (r->cis || r->cwe || r->url || r->alias) {
                fputs("  Refs:", out);
                if (r->cis)
                    fprintf(out, " CIS Docker Benchmark 1.6.0 %s;", r->cis);
                if (r->cwe)
                    fprintf(out, " %s;", r->cwe);
                if (r->alias)
                    fprintf(out, " also known as %s;", r->alias);
                if (r->url)
                    fprintf(out, " %s", r->url);
                fputc('\n', out);
            }
            fputc('\n', out);
        }
    }
    if (fmt == DD_FMT_JSON) {
        json_t *doc = json_pack("{s:i, s:O}", "schemaVersion", 1, "rules", arr);
        json_dumpf(doc, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        fputc('\n', out);
        json_decref(doc);
    }
    return dd_cli_output_close(&of, e);
}

int cmd_version(int argc, char **argv, dd_error *e)
{
    if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        fputs(cmd_version_help, stdout);
        return 0;
    }
    if (argc == 2 && strcmp(argv[1], "--libraries") == 0)
        return dd_loaded_objects(stdout, e);
    if (argc > 1)
        return dd_cli_usage_error(e, "version");
    printf("drydock %s\n", DD_VERSION);
    return 0;
}

/* roff needs backslashes doubled and a leading dot or quote escaped. */
static void roff(FILE *out, const char *s)
{
    bool bol = true;
    for (; s && *s; s++) {
        if (bol && (*s == '.' || *s == '\''))
            fputs("\\&", out);
        if (*s == '\\')
            fputs("\\e", out);
        else if (*s == '-')
            fputs("\\-", out);
        else
            fputc(*s, out);
        bol = *s == '\n';
    }
}

int cmd_man(int argc, char **argv, dd_error *e)
{
    if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        fputs(cmd_man_help, stdout);
        return 0;
    }
    FILE *out = stdout;
    fprintf(out, ".TH DRYDOCK 1 \"\" \"drydock %s\" \"User Commands\"\n", DD_VERSION);
    fputs(".SH NAME\ndrydock \\- container security in one program\n"
          ".SH SYNOPSIS\n.B drydock\n.I COMMAND\n[\\fIOPTIONS\\fR] [\\fIARGS\\fR]\n"
          ".SH DESCRIPTION\n"
          "drydock audits a Docker host against the CIS Docker Benchmark, lints Dockerfiles, "
          "scans images for misconfiguration, secrets, packages and vulnerabilities, and keeps "
          "an offline vulnerability database. Every command reports the same findings in text, "
          "JSON, SARIF 2.1.0 or JUnit XML.\n"
          ".SH COMMANDS\n",
          out);
    for (const dd_command *c = dd_commands; c->name; c++) {
        fprintf(out, ".SS drydock %s\n", c->name);
        roff(out, c->summary);
        fputs("\n.PP\nNeeds: ", out);
        roff(out, c->needs);
        fputs("\n.PP\n.nf\n", out);
        roff(out, c->help);
        fputs(".fi\n", out);
    }
    fputs(".SH EXIT STATUS\n.TP\n0\nnothing at or above \\-\\-fail\\-on\n.TP\n1\nfindings at or "
          "above \\-\\-fail\\-on\n.TP\n2\nusage error\n.TP\n3\ndrydock could not do its job "
          "(daemon unreachable, unreadable or malformed input)\n",
          out);
    fputs(".SH ENVIRONMENT\n.TP\nDOCKER_HOST, DOCKER_TLS_VERIFY, DOCKER_CERT_PATH\nwhere the "
          "daemon is and how to reach it, as for the docker CLI\n.TP\nNO_COLOR\nno colour in "
          "text output\n.TP\nXDG_CACHE_HOME\nwhere the vulnerability database lives\n",
          out);
    fputs(".SH RULES\n", out);
    for (const dd_rule_table *const *t = dd_rule_tables(); *t; t++) {
        if (!(*t)->n)
            continue;
        fprintf(out, ".SS %s (drydock %s)\n", (*t)->title, (*t)->command);
        for (size_t i = 0; i < (*t)->n; i++) {
            const dd_rule *r = dd_rule_table_at(*t, i);
            fputs(".TP\n.B ", out);
            roff(out, r->id);
            fprintf(out, " (%s%s)\n", dd_severity_name(r->severity),
                    (r->flags & DD_RULE_MANUAL) ? ", manual" : "");
            roff(out, r->title);
            if (r->remediation) {
                fputs("\n.br\nRemediation: ", out);
                roff(out, r->remediation);
            }
            fputc('\n', out);
        }
    }
    fputs(".SH SEE ALSO\n.BR docker (1),\n.BR dockerd (8)\n", out);
    return 0;
}
