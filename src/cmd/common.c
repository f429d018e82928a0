#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "core/mem.h"
#include "core/outfile.h"
#include "core/term.h"
#include "report/webhook.h"
#include "report/ignore.h"

void dd_output_opts_init(dd_output_opts *o)
{
    memset(o, 0, sizeof *o);
    o->color = -1;
}

int dd_cli_output_opt(int opt, const char *arg, dd_output_opts *o, dd_error *e)
{
    switch (opt) {
    case DD_OPT_FORMAT:
        if (dd_format_parse(arg, &o->format) < 0)
            return dd_error_set(e, DD_ERR_USAGE, 0,
                                "unknown format '%s' (text, json, sarif, junit, checkstyle, "
                                "codeclimate, gitlab, gnu, sonarqube, jsonl, prometheus, "
                                "cyclonedx, spdx-json)",
                                arg);
        o->format_set = true;
        return 1;
    case DD_OPT_WEBHOOK:
#ifdef DD_INSIDE_ONLY
        (void)arg;
        return dd_error_set(e, DD_ERR_USAGE, 0,
                            "--webhook: drydock-inside sends nothing (it has no HTTP client); "
                            "post its JSON report from outside the container");
#else
        o->webhook = arg;
        return dd_webhook_url_check(arg, e) < 0 ? -1 : 1;
#endif
    case DD_OPT_OUTPUT:
        o->output = arg;
        return 1;
    case DD_OPT_FAIL_ON:
        if (dd_severity_parse(arg, &o->fail_on) < 0)
            return dd_error_set(e, DD_ERR_USAGE, 0,
                                "unknown severity '%s' for --fail-on (critical, high, medium, "
                                "low, info, none)",
                                arg);
        o->fail_on_set = true;
        return 1;
    case DD_OPT_NO_COLOR:
        o->color = 0;
        return 1;
    case DD_OPT_COLOR:
        if (strcmp(arg, "always") == 0)
            o->color = 1;
        else if (strcmp(arg, "never") == 0)
            o->color = 0;
        else if (strcmp(arg, "auto") == 0)
            o->color = -1;
        else
            return dd_error_set(e, DD_ERR_USAGE, 0, "--color takes auto, always or never, not '%s'",
                                arg);
        return 1;
    case DD_OPT_QUIET:
        o->quiet = true;
        return 1;
    case DD_OPT_SHOW_PASSED:
        o->show_passed = true;
        return 1;
    case DD_OPT_EXIT_CODE: {
        char *end;
        errno = 0;
        long v = strtol(arg, &end, 10);
        if (errno || end == arg || *end || v < 0 || v > 255)
            return dd_error_set(e, DD_ERR_USAGE, 0, "--exit-code takes 0 to 255, not '%s'", arg);
        o->exit_code = (int)v;
        o->exit_code_set = true;
        /* Trivy's --exit-code alone fails on any finding: so does drydock's. */
        if (!o->fail_on_set) {
            o->fail_on = DD_SEV_INFO;
            o->fail_on_set = true;
            o->fail_on_implied = true;
        }
        return 1;
    }
    case DD_OPT_SEVERITY: {
        unsigned sev;
        if (dd_severity_list_parse(arg, &sev) < 0)
            return dd_error_set(e, DD_ERR_USAGE, 0,
                                "--severity takes severities (critical, high, medium, low, info, "
                                "unknown), one or a comma-separated list, not '%s'",
                                arg);
        /* Repeated (a YAML list in .drydock.yaml: [HIGH, MEDIUM]) is one list: exactly the
         * severities named, as Trivy reads it. Alone, one severity is it and above (the
         * lowest bit of what was parsed). cliconf keeps the command line's only. */
        o->severities_named |= strchr(arg, ',') ? sev : sev & -sev;
        o->severities = ++o->nseverity == 1 ? sev : o->severities_named;
        return 1;
    }
    case DD_OPT_SARIF_ROOT:
        o->sarif_root = arg;
        return 1;
    case DD_OPT_IGNOREFILE:
        if (o->nignorefiles == DD_ARRAY_LEN(o->ignorefiles))
            return dd_error_set(e, DD_ERR_USAGE, 0, "at most %zu --ignorefile options",
                                DD_ARRAY_LEN(o->ignorefiles));
        o->ignorefiles[o->nignorefiles++] = arg;
        return 1;
    case DD_OPT_TIMEOUT:
        return dd_cli_timeout(arg, e) < 0 ? -1 : 1;
    case DD_OPT_CONFIG:
        return 1; /* read before the options were parsed (core/cliconf.h) */
    default:
        return 0;
    }
}

static const char *timeout_arg;

/* --timeout: the whole run has a deadline. Nothing can be trusted half-done, so the
 * process ends here (the report being written is removed, never left truncated) with exit
 * 3 and a message, whatever it was doing: a stuck registry, a huge image. */
static void on_timeout(int sig)
{
    (void)sig;
    dd_outfile_unlink_pending();
    static const char a[] = "drydock: error: timed out after ";
    static const char b[] = " (--timeout)\n";
    ssize_t w = write(STDERR_FILENO, a, sizeof a - 1);
    w = write(STDERR_FILENO, timeout_arg, strlen(timeout_arg));
    w = write(STDERR_FILENO, b, sizeof b - 1);
    (void)w;
    _exit(DD_EXIT_RUN);
}

int dd_cli_timeout(const char *arg, dd_error *e)
{
    char *end;
    errno = 0;
    double v = strtod(arg, &end);
    double mul = 1;
    if (*end == 's')
        end++;
    else if (*end == 'm')
        mul = 60, end++;
    else if (*end == 'h')
        mul = 3600, end++;
    if (errno || end == arg || *end || v < 0 || v * mul > 7 * 24 * 3600.0)
        return dd_error_set(e, DD_ERR_USAGE, 0,
                            "--timeout takes a duration (90s, 5m, 1h; 0: none), not '%s'", arg);
    timeout_arg = arg;
    unsigned secs = (unsigned)(v * mul + 0.999);
    struct sigaction sa = {.sa_handler = on_timeout};
    sigaction(SIGALRM, &sa, NULL);
    alarm(secs); /* 0 cancels */
    return 0;
}

int dd_cli_engine_opt(int opt, const char *arg, dd_engine_config *c)
{
    switch (opt) {
    case DD_OPT_HOST:
        c->host = arg;
        return 1;
    case DD_OPT_TLSVERIFY:
        c->tls_verify = 1;
        return 1;
    default:
        return 0;
    }
}

int dd_cli_usage_error(dd_error *e, const char *cmd)
{
    dd_error_set(e, DD_ERR_USAGE, 0, "invalid arguments for '%s'", cmd);
    return dd_error_hint(e, "see 'drydock %s --help'", cmd);
}

int dd_cli_output_check(const dd_output_opts *o, const char *cmd, bool sbom, dd_error *e)
{
    if (!sbom && (o->format == DD_FMT_CYCLONEDX || o->format == DD_FMT_SPDX))
        return dd_error_set(e, DD_ERR_USAGE, 0,
                            "--format %s is an SBOM format; only `drydock scan` produces one, "
                            "not `drydock %s`",
                            o->format == DD_FMT_SPDX ? "spdx-json" : "cyclonedx", cmd);
    return 0;
}

FILE *dd_cli_output_open(dd_outfile *of, const char *output, dd_error *e)
{
    return dd_outfile_open(of, output, e);
}

int dd_cli_output_close(dd_outfile *of, dd_error *e)
{
    return dd_outfile_commit(of, e);
}

void dd_cli_add_globs(char ***v, size_t *n, size_t *cap, char *arg)
{
    for (char *t = arg, *save = NULL, *g; (g = strtok_r(t, ",", &save)); t = NULL) {
        *v = dd_xgrow(*v, cap, *n + 1, sizeof **v);
        (*v)[(*n)++] = g; /* the globs stay in argv: only pointers are kept */
    }
}

void dd_cli_say(const char *kind, const char *msg)
{
    fprintf(stderr, "drydock: %s: ", kind);
    dd_term_write(stderr, msg, false);
    fputc('\n', stderr);
}

/* Notes from `from` on, on stderr too unless the report is text on standard output
 * (which shows them). */
static void say_notes(const dd_report *r, const dd_output_opts *o, size_t from)
{
    if (o->format == DD_FMT_TEXT && (!o->output || strcmp(o->output, "-") == 0))
        return;
    for (size_t i = from; i < r->notes.n; i++)
        dd_cli_say("note", r->notes.v[i].text); /* notes name image files: escaped */
}

int dd_cli_apply_ignores(dd_report *r, const dd_output_opts *o, dd_error *e)
{
    dd_ignore_list l = {0};
    static const char *const defaults[] = {".drydockignore", ".trivyignore", ".dockleignore"};
    int rc = 0;
    if (o->nignorefiles) {
        for (size_t i = 0; i < o->nignorefiles && rc == 0; i++)
            rc = dd_ignore_load(&l, o->ignorefiles[i], e);
    } else {
        /* As Trivy and Dockle read theirs: the current directory's, when there is one. */
        for (size_t i = 0; i < DD_ARRAY_LEN(defaults) && rc == 0; i++)
            if (access(defaults[i], F_OK) == 0)
                rc = dd_ignore_load(&l, defaults[i], e);
    }
    if (rc == 0 && l.n)
        dd_ignore_apply(&l, r);
    dd_ignore_free(&l);
    return rc;
}

int dd_cli_finish(dd_report *r, const dd_output_opts *o, dd_error *e)
{
    size_t notes0 = r->notes.n;
    if (dd_cli_apply_ignores(r, o, e) < 0)
        return -1;
    say_notes(r, o, notes0); /* an expired acceptance, when the report goes elsewhere */
    size_t dropped = dd_report_filter_severity(r, o->severities);
    if (o->severities && r->meta)
        json_object_set_new(r->meta, "severityFiltered", json_integer((json_int_t)dropped));
    if (dd_report_write(r, o, e) < 0)
        return -1;
#ifndef DD_INSIDE_ONLY /* drydock-inside refuses --webhook: it has no HTTP client */
    if (o->webhook && dd_report_post(r, o->webhook, e) < 0)
        return -1;
#endif
    return dd_report_exit_code(r, o);
}

int dd_cli_parse_days(const char *arg, int *out, dd_error *e)
{
    char *end;
    errno = 0;
    long v = strtol(arg, &end, 10);
    if (errno || end == arg || *end || v < 0 || v > 36500)
        return dd_error_set(e, DD_ERR_USAGE, 0, "--db-max-age takes a number of days, not '%s'",
                            arg);
    *out = v == 0 ? -1 : (int)v;
    return 0;
}

void dd_cli_notes(const dd_report *r, const dd_output_opts *o)
{
    say_notes(r, o, 0);
}

void dd_cli_registry_init(dd_cli_registry *r)
{
    memset(r, 0, sizeof *r);
    r->opts.insecure = r->insecure;
    const char *pw = getenv("DRYDOCK_REGISTRY_PASSWORD");
    if (pw && strlen(pw) < sizeof r->password) {
        strcpy(r->password, pw);
        r->opts.password = r->password;
    }
}

int dd_cli_registry_opt(int opt, const char *arg, dd_cli_registry *r, dd_error *e)
{
    switch (opt) {
    case DD_OPT_INSECURE_REGISTRY:
        if (r->opts.ninsecure >= DD_ARRAY_LEN(r->insecure))
            return dd_error_set(e, DD_ERR_USAGE, 0, "too many --insecure-registry options");
        r->insecure[r->opts.ninsecure++] = arg;
        return 1;
    case DD_OPT_REG_USERNAME:
        r->opts.username = arg;
        return 1;
    case DD_OPT_REG_PASSWORD_STDIN: {
        size_t n = fread(r->password, 1, sizeof r->password - 1, stdin);
        while (n && (r->password[n - 1] == '\n' || r->password[n - 1] == '\r'))
            n--;
        r->password[n] = '\0';
        r->opts.password = r->password;
        return 1;
    }
    default:
        return 0;
    }
}
