#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "core/term.h"

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
                                "codeclimate, gitlab, gnu, sonarqube, cyclonedx, spdx-json)",
                                arg);
        return 1;
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
    default:
        return 0;
    }
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

FILE *dd_cli_output_open(const char *output, dd_error *e)
{
    if (!output || strcmp(output, "-") == 0)
        return stdout;
    FILE *f = fopen(output, "we");
    if (!f)
        dd_error_sys(e, errno, "cannot write %s", output);
    return f;
}

int dd_cli_output_close(FILE *out, const char *output, dd_error *e)
{
    bool bad = fflush(out) != 0 || ferror(out);
    int err = errno;
    if (out != stdout && fclose(out) != 0 && !bad)
        bad = true, err = errno;
    if (!bad)
        return 0;
    return dd_error_sys(e, err ? err : EIO, "cannot write %s",
                        out == stdout ? "to standard output" : output);
}

void dd_cli_say(const char *kind, const char *msg)
{
    fprintf(stderr, "drydock: %s: ", kind);
    dd_term_write(stderr, msg, false);
    fputc('\n', stderr);
}

int dd_cli_finish(const dd_report *r, const dd_output_opts *o, dd_error *e)
{
    if (dd_report_write(r, o, e) < 0)
        return -1;
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
    if (o->format == DD_FMT_TEXT && (!o->output || strcmp(o->output, "-") == 0))
        return;
    for (size_t i = 0; i < r->notes.n; i++)
        dd_cli_say("note", r->notes.v[i].text); /* notes name image files: escaped */
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
