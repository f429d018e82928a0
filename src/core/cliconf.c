#include "core/cliconf.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <yaml.h>

#include "core/buf.h"
#include "core/cleanup.h"
#include "core/mem.h"
#include "core/rootfile.h"
#include "core/yamldoc.h"

#define CONFIG_MAX_BYTES (1u << 20)

bool dd_cliconf_skipped(const char *name)
{
    return !strcmp(name, "help") || !strcmp(name, "config") || !strcmp(name, "no-config");
}

char *dd_cliconf_env_name(const char *name)
{
    char *v = dd_xasprintf("DRYDOCK_%s", name);
    for (char *p = v + 8; *p; p++)
        *p = *p == '-' ? '_' : (char)toupper((unsigned char)*p);
    return v;
}

char *dd_cliconf_find(void)
{
    char cwd[4096];
    if (!getcwd(cwd, sizeof cwd))
        return NULL;
    for (;;) {
        const char *dir = strcmp(cwd, "/") == 0 ? "" : cwd;
        for (int k = 0; k < 2; k++) {
            char *f = dd_xasprintf("%s/.drydock.%s", dir, k ? "yml" : "yaml");
            if (access(f, F_OK) == 0)
                return f;
            free(f);
        }
        char *slash = strrchr(cwd, '/');
        if (!slash || !*dir)
            return NULL;
        if (slash == cwd)
            slash[1] = '\0';
        else
            *slash = '\0';
    }
}

static const struct option *find_long(const struct option *opts, const char *name, size_t len)
{
    const struct option *prefix = NULL;
    int nprefix = 0;
    for (const struct option *o = opts; o->name; o++) {
        if (strlen(o->name) == len && strncmp(o->name, name, len) == 0)
            return o;
        if (strncmp(o->name, name, len) == 0)
            prefix = o, nprefix++;
    }
    return nprefix == 1 ? prefix : NULL; /* getopt_long takes unambiguous abbreviations */
}

static const struct option *find_short(const struct option *opts, int c)
{
    for (const struct option *o = opts; o->name; o++)
        if (o->val == c && !o->flag)
            return o;
    return NULL;
}

/* Which options the command line gives, as getopt_long will read it; and its --config. */
static void scan_cli(const struct option *opts, const char *shortopts, int argc, char **argv,
                     bool *given, const char **config, bool *no_config)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--") == 0)
            break;
        if (a[0] != '-' || !a[1])
            continue;
        if (a[1] == '-') {
            const char *eq = strchr(a + 2, '=');
            size_t len = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
            const struct option *o = find_long(opts, a + 2, len);
            if (!o)
                continue;
            given[o - opts] = true;
            const char *val = eq ? eq + 1 : NULL;
            if (o->has_arg == required_argument && !eq && i + 1 < argc)
                val = argv[++i];
            if (!strcmp(o->name, "config") && val)
                *config = val;
            if (!strcmp(o->name, "no-config"))
                *no_config = true;
            continue;
        }
        for (const char *p = a + 1; *p; p++) {
            const char *s = strchr(shortopts, *p);
            if (!s || *p == ':')
                break;
            const struct option *o = find_short(opts, *p);
            if (o)
                given[o - opts] = true;
            if (s[1] == ':') {
                const char *val = p[1] ? p + 1 : (i + 1 < argc ? argv[++i] : NULL);
                if (o && !strcmp(o->name, "config") && val)
                    *config = val;
                break;
            }
        }
    }
}

static void push(dd_cliconf *c, size_t *cap, char *s, bool owned)
{
    c->argv = dd_xgrow(c->argv, cap, (size_t)c->argc + 2, sizeof *c->argv);
    c->argv[c->argc++] = s;
    c->argv[c->argc] = NULL;
    if (owned) {
        c->owned = dd_xrealloc(c->owned, (c->nowned + 1) * sizeof *c->owned);
        c->owned[c->nowned++] = s;
    }
}

static bool truthy(const char *v, bool *out)
{
    static const char *const yes[] = {"1", "true", "yes", "on"};
    static const char *const no[] = {"0", "false", "no", "off", ""};
    for (size_t i = 0; i < DD_ARRAY_SIZE(yes); i++)
        if (!strcasecmp(v, yes[i]))
            return *out = true, true;
    for (size_t i = 0; i < DD_ARRAY_SIZE(no); i++)
        if (!strcasecmp(v, no[i]))
            return *out = false, true;
    return false;
}

static const char *scalar(yaml_node_t *n)
{
    return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

/* One setting of the file as command-line options. */
static int file_option(dd_cliconf *c, size_t *cap, const struct option *o, yaml_document_t *doc,
                       yaml_node_t *v, const char *path, dd_error *e)
{
    int line = (int)v->start_mark.line + 1;
    if (o->has_arg == no_argument) {
        bool on;
        const char *s = scalar(v);
        if (!s || !truthy(s, &on))
            return dd_error_set(e, DD_ERR_USAGE, 0, "%s:%d: %s takes true or false", path, line,
                                o->name);
        if (on)
            push(c, cap, dd_xasprintf("--%s", o->name), true);
        return 0;
    }
    if (v->type == YAML_SEQUENCE_NODE) {
        for (yaml_node_item_t *it = v->data.sequence.items.start; it < v->data.sequence.items.top;
             it++) {
            const char *s = scalar(yaml_document_get_node(doc, *it));
            if (!s)
                return dd_error_set(e, DD_ERR_USAGE, 0, "%s:%d: %s: expected a list of values",
                                    path, line, o->name);
            push(c, cap, dd_xasprintf("--%s=%s", o->name, s), true);
        }
        return 0;
    }
    const char *s = scalar(v);
    if (!s)
        return dd_error_set(e, DD_ERR_USAGE, 0, "%s:%d: %s: expected a value or a list", path,
                            line, o->name);
    push(c, cap, dd_xasprintf("--%s=%s", o->name, s), true);
    return 0;
}

static int read_file(dd_cliconf *c, size_t *cap, const char *cmd, const struct option *opts,
                     bool *given, const char *path, dd_error *e)
{
    /* The file comes with the repository being scanned: bounded, and a regular file only. */
    _cleanup_buf_ dd_buf text = DD_BUF_INIT;
    if (dd_buf_read_file(&text, path, CONFIG_MAX_BYTES) < 0) {
        int err = errno;
        return dd_error_set(e, DD_ERR_USAGE, err, "cannot read configuration %s: %s", path,
                            dd_file_strerror(err));
    }
    yaml_document_t doc;
    if (dd_yaml_load(&doc, text.data, text.len, path, DD_ERR_USAGE, e) < 0)
        return -1;
    int rc = 0;
    yaml_node_t *root = yaml_document_get_root_node(&doc);
    yaml_node_t *sec = NULL;
    if (root && root->type == YAML_MAPPING_NODE)
        for (yaml_node_pair_t *q = root->data.mapping.pairs.start; q < root->data.mapping.pairs.top;
             q++)
            if ((scalar(yaml_document_get_node(&doc, q->key)) ?: "")[0] &&
                strcmp(scalar(yaml_document_get_node(&doc, q->key)), cmd) == 0)
                sec = yaml_document_get_node(&doc, q->value);
    if (sec && sec->type != YAML_MAPPING_NODE && !(scalar(sec) && !*scalar(sec))) {
        rc = dd_error_set(e, DD_ERR_USAGE, 0, "%s:%zu: section %s: expected option: value pairs",
                          path, sec->start_mark.line + 1, cmd);
        sec = NULL;
    }
    if (sec && sec->type == YAML_MAPPING_NODE)
        for (yaml_node_pair_t *q = sec->data.mapping.pairs.start;
             rc == 0 && q < sec->data.mapping.pairs.top; q++) {
            yaml_node_t *k = yaml_document_get_node(&doc, q->key);
            const char *key = scalar(k);
            const struct option *o = NULL;
            if (key)
                for (const struct option *p = opts; p->name && !o; p++)
                    if (!strcmp(p->name, key))
                        o = p;
            if (!o || dd_cliconf_skipped(o->name)) {
                rc = dd_error_set(e, DD_ERR_USAGE, 0, "%s:%zu: section %s: unknown option '%s'",
                                  path, k ? k->start_mark.line + 1 : 0, cmd, key ? key : "?");
                dd_error_hint(e, "the keys are the long options of 'drydock %s --help'", cmd);
                break;
            }
            if (!given[o - opts])
                rc = file_option(c, cap, o, &doc, yaml_document_get_node(&doc, q->value), path,
                                 e);
        }
    yaml_document_delete(&doc);
    return rc;
}

int dd_cliconf_args(dd_cliconf *c, const char *cmd, const struct option *opts,
                    const char *shortopts, bool read_file_too, int argc, char **argv, dd_error *e)
{
    memset(c, 0, sizeof *c);
    size_t nopts = 0;
    while (opts[nopts].name)
        nopts++;
    _cleanup_free_ bool *given = dd_xcalloc(nopts + 1, sizeof *given);
    _cleanup_free_ bool *from_env = dd_xcalloc(nopts + 1, sizeof *from_env);
    const char *config = NULL;
    bool no_config = false;
    scan_cli(opts, shortopts, argc, argv, given, &config, &no_config);
    size_t cap = 0;
    push(c, &cap, argv[0], false);
    /* A subcommand (db status) stays first: the command reads it before any option. */
    int first = 1;
    if (argc > 1 && argv[1][0] != '-')
        push(c, &cap, argv[first++], false);

    /* The environment first, to know which of the file's settings it overrides. */
    _cleanup_free_ char **envopts = NULL;
    size_t nenv = 0;
    for (size_t i = 0; i < nopts; i++) {
        if (given[i] || dd_cliconf_skipped(opts[i].name))
            continue;
        _cleanup_free_ char *var = dd_cliconf_env_name(opts[i].name);
        const char *v = getenv(var);
        if (!v)
            continue;
        char *arg = NULL;
        if (opts[i].has_arg == no_argument) {
            bool on;
            if (!truthy(v, &on)) {
                dd_cliconf_free(c);
                return dd_error_set(e, DD_ERR_USAGE, 0, "%s=%s: expected true or false", var, v);
            }
            if (on)
                arg = dd_xasprintf("--%s", opts[i].name);
        } else {
            arg = dd_xasprintf("--%s=%s", opts[i].name, v);
        }
        from_env[i] = true;
        if (arg) {
            envopts = dd_xrealloc(envopts, (nenv + 1) * sizeof *envopts);
            envopts[nenv++] = arg;
        }
    }
    if (!config && getenv("DRYDOCK_CONFIG") && *getenv("DRYDOCK_CONFIG"))
        config = getenv("DRYDOCK_CONFIG");
    int rc = 0;
    if (read_file_too && !no_config) {
        char *path = config ? dd_xstrdup(config) : dd_cliconf_find();
        if (path) {
            for (size_t i = 0; i < nopts; i++)
                given[i] |= from_env[i];
            c->config = path;
            rc = read_file(c, &cap, cmd, opts, given, path, e);
        }
    }
    for (size_t i = 0; i < nenv; i++) {
        if (rc == 0)
            push(c, &cap, envopts[i], true);
        else
            free(envopts[i]);
    }
    if (rc < 0) {
        dd_cliconf_free(c);
        return -1;
    }
    for (int i = first; i < argc; i++)
        push(c, &cap, argv[i], false);
    return 0;
}

void dd_cliconf_free(dd_cliconf *c)
{
    for (size_t i = 0; i < c->nowned; i++)
        free(c->owned[i]);
    free(c->owned);
    free(c->argv);
    free(c->config);
    memset(c, 0, sizeof *c);
}
