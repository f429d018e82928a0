/* Lint configuration: .drydock.yaml and hadolint's .hadolint.yaml, read with libyaml's
 * document API so every error can name the line it is on. One reader serves both files:
 * hadolint's keys and spellings are accepted in either, drydock's own keys too. The
 * difference is what an unknown key means: a typo in our own file is an error, while a
 * key hadolint knows and drydock does not implement is a warning (hadolint itself ignores
 * keys it does not know, so a shared .hadolint.yaml may carry anything). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <yaml.h>

#include "core/buf.h"
#include "core/cleanup.h"
#include "core/mem.h"
#include "core/rootfile.h"
#include "core/yamldoc.h"
#include "dockerfile/lint.h"
#include "sign/policy.h"

void dd_lint_strv_add(char ***v, size_t *n, const char *s)
{
    size_t cap = *n;
    *v = dd_xgrow(*v, &cap, *n + 1, sizeof **v);
    (*v)[(*n)++] = dd_xstrdup(s);
}

static void strv_free(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

void dd_lint_config_init(dd_lint_config *c)
{
    memset(c, 0, sizeof *c);
    c->no_color = -1;
}

void dd_lint_config_free(dd_lint_config *c)
{
    free(c->path);
    strv_free(c->ignore, c->nignore);
    for (size_t i = 0; i < c->nsev; i++)
        free(c->sev[i].id);
    free(c->sev);
    strv_free(c->trusted, c->ntrusted);
    strv_free(c->base_images, c->nbase);
    for (size_t i = 0; i < c->nlabels; i++)
        free(c->labels[i].name);
    free(c->labels);
    free(c->format);
    strv_free(c->warnings, c->nwarnings);
    dd_lint_config_init(c);
}

void dd_lint_add_override(dd_lint_config *c, const char *id, dd_severity sev, bool off)
{
    size_t cap = c->nsev;
    c->sev = dd_xgrow(c->sev, &cap, c->nsev + 1, sizeof *c->sev);
    c->sev[c->nsev++] = (dd_lint_override){dd_xstrdup(id), sev, off};
}

static void add_label(dd_lint_config *c, const char *name, dd_label_type t)
{
    /* A label named twice keeps its last type, as a YAML mapping would. */
    for (size_t i = 0; i < c->nlabels; i++)
        if (strcmp(c->labels[i].name, name) == 0) {
            c->labels[i].type = t;
            return;
        }
    size_t cap = c->nlabels;
    c->labels = dd_xgrow(c->labels, &cap, c->nlabels + 1, sizeof *c->labels);
    c->labels[c->nlabels++] = (dd_lint_label){dd_xstrdup(name), t};
}

void dd_lint_config_merge(dd_lint_config *to, const dd_lint_config *from)
{
    for (size_t i = 0; i < from->nignore; i++)
        dd_lint_strv_add(&to->ignore, &to->nignore, from->ignore[i]);
    for (size_t i = 0; i < from->nsev; i++)
        dd_lint_add_override(to, from->sev[i].id, from->sev[i].sev, from->sev[i].off);
    for (size_t i = 0; i < from->ntrusted; i++)
        dd_lint_strv_add(&to->trusted, &to->ntrusted, from->trusted[i]);
    for (size_t i = 0; i < from->nbase; i++)
        dd_lint_strv_add(&to->base_images, &to->nbase, from->base_images[i]);
    for (size_t i = 0; i < from->nlabels; i++)
        add_label(to, from->labels[i].name, from->labels[i].type);
    to->strict_labels |= from->strict_labels;
    to->no_pragmas |= from->no_pragmas;
    /* run settings: what is merged later (environment, command line) wins */
    if (from->fail_on_set) {
        to->fail_on = from->fail_on;
        to->fail_on_set = true;
    }
    to->no_fail |= from->no_fail;
    if (from->format) {
        free(to->format);
        to->format = dd_xstrdup(from->format);
    }
    if (from->no_color >= 0)
        to->no_color = from->no_color;
    for (size_t i = 0; i < from->nwarnings; i++)
        dd_lint_strv_add(&to->warnings, &to->nwarnings, from->warnings[i]);
    if (!to->path && from->path)
        to->path = dd_xstrdup(from->path);
}

static const char *const label_types[] = {
    [DD_LABEL_TEXT] = "text",   [DD_LABEL_URL] = "url",   [DD_LABEL_RFC3339] = "rfc3339",
    [DD_LABEL_SPDX] = "spdx",   [DD_LABEL_HASH] = "hash", [DD_LABEL_SEMVER] = "semver",
    [DD_LABEL_EMAIL] = "email",
};

static int label_type(const char *s, dd_label_type *t)
{
    if (!*s) {
        *t = DD_LABEL_TEXT; /* hadolint: `--require-label name:` is text */
        return 0;
    }
    for (size_t i = 0; i < DD_ARRAY_LEN(label_types); i++)
        if (strcmp(s, label_types[i]) == 0) {
            *t = (dd_label_type)i;
            return 0;
        }
    return -1;
}

int dd_lint_add_label(dd_lint_config *c, const char *spec, dd_error *e)
{
    /* hadolint splits at the first colon (Config/Commandline.hs labelParser). */
    const char *colon = strchr(spec, ':');
    _cleanup_free_ char *name =
        colon ? dd_xstrndup(spec, (size_t)(colon - spec)) : dd_xstrdup(spec);
    dd_label_type t = DD_LABEL_TEXT;
    if (!*name)
        return dd_error_set(e, DD_ERR_USAGE, 0, "--require-label '%s' has no label name", spec);
    if (colon && label_type(colon + 1, &t) < 0)
        return dd_error_set(e, DD_ERR_USAGE, 0,
                            "--require-label %s: unknown format '%s' (text, url, rfc3339, spdx, "
                            "hash, semver, email)",
                            spec, colon + 1);
    add_label(c, name, t);
    return 0;
}

int dd_lint_hadolint_severity(const char *name, dd_severity *sev, bool *off)
{
    static const struct {
        const char *name;
        dd_severity sev;
    } map[] = {{"error", DD_SEV_HIGH},
               {"warning", DD_SEV_MEDIUM},
               {"info", DD_SEV_LOW},
               {"style", DD_SEV_INFO}};
    *off = false;
    for (size_t i = 0; i < DD_ARRAY_LEN(map); i++)
        if (strcasecmp(name, map[i].name) == 0) {
            *sev = map[i].sev;
            return 0;
        }
    if (strcasecmp(name, "ignore") == 0 || strcasecmp(name, "none") == 0) {
        *off = true;
        *sev = DD_SEV_UNKNOWN;
        return 0;
    }
    return -1;
}

/* ---- reading YAML ---------------------------------------------------------------- */

typedef struct ycx {
    yaml_document_t *doc;
    const char *path;
    dd_lint_config *c;
    dd_error *e;
} ycx;

static int yerr(ycx *y, const yaml_node_t *n, const char *fmt, const char *a)
{
    return dd_error_set(y->e, DD_ERR_INPUT, 0, "%s:%zu: %s%s", y->path,
                        n ? n->start_mark.line + 1 : 1, fmt, a ? a : "");
}

static void ywarn(ycx *y, const yaml_node_t *n, const char *what, const char *key)
{
    _cleanup_free_ char *w =
        dd_xasprintf("%s:%zu: %s%s", y->path, n ? n->start_mark.line + 1 : 1, what, key);
    dd_lint_strv_add(&y->c->warnings, &y->c->nwarnings, w);
}

static const char *scalar(const yaml_node_t *n)
{
    return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

static yaml_node_t *node(ycx *y, int id)
{
    return yaml_document_get_node(y->doc, id);
}

/* A list of strings: a sequence of scalars, or one scalar. Each goes to `add`. */
static int str_list(ycx *y, yaml_node_t *n, const char *key,
                    int (*add)(ycx *, yaml_node_t *, const char *, void *), void *arg)
{
    if (n->type == YAML_SCALAR_NODE)
        return add(y, n, scalar(n), arg);
    if (n->type != YAML_SEQUENCE_NODE)
        return yerr(y, n, "expected a list of strings for ", key);
    for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top;
         it++) {
        yaml_node_t *x = node(y, *it);
        if (!scalar(x))
            return yerr(y, x, "expected a string in ", key);
        if (add(y, x, scalar(x), arg) < 0)
            return -1;
    }
    return 0;
}

/* The (char **, size_t) pair of a config list as one argument for add_str. */
typedef struct strv_target {
    char **v;
    size_t n;
} strv_target;

static int add_str(ycx *y, yaml_node_t *n, const char *s, void *arg)
{
    strv_target *t = arg;
    (void)y;
    (void)n;
    dd_lint_strv_add(&t->v, &t->n, s);
    return 0;
}

static int string_list(ycx *y, yaml_node_t *n, const char *key, char ***v, size_t *cnt)
{
    strv_target t = {*v, *cnt};
    int rc = str_list(y, n, key, add_str, &t);
    *v = t.v;
    *cnt = t.n;
    return rc;
}

static int add_label_spec(ycx *y, yaml_node_t *n, const char *s, void *arg)
{
    (void)arg;
    if (dd_lint_add_label(y->c, s, y->e) < 0)
        return yerr(y, n, "unknown label format in ", s);
    return 0;
}

static bool yaml_bool(const char *s, bool *out)
{
    static const char *const yes[] = {"true", "yes", "on", "y", NULL};
    static const char *const no[] = {"false", "no", "off", "n", NULL};
    for (const char *const *p = yes; *p; p++)
        if (strcasecmp(s, *p) == 0)
            return *out = true, true;
    for (const char *const *p = no; *p; p++)
        if (strcasecmp(s, *p) == 0)
            return *out = false, true;
    return false;
}

static int flag(ycx *y, yaml_node_t *v, const char *key, bool *out)
{
    if (!scalar(v) || !yaml_bool(scalar(v), out))
        return yerr(y, v, "expected true or false for ", key);
    return 0;
}

/* drydock's `severity: {RULE: SEV}` (drydock's names) or hadolint's `override:
 * {error: [RULE...], ...}` (hadolint's names: its error is our high). */
static int severities(ycx *y, yaml_node_t *n, const char *key, bool hadolint_names)
{
    if (n->type != YAML_MAPPING_NODE)
        return yerr(y, n, "expected a mapping for ", key);
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
        yaml_node_t *k = node(y, p->key), *v = node(y, p->value);
        if (!scalar(k))
            return yerr(y, k, "expected a rule id or severity in ", key);
        const char *name = v->type == YAML_SEQUENCE_NODE ? scalar(k) : scalar(v);
        yaml_node_t *at = v->type == YAML_SEQUENCE_NODE ? k : v;
        if (!name)
            return yerr(y, v, "expected a severity for ", scalar(k));
        dd_severity sev = DD_SEV_UNKNOWN;
        bool off = false;
        if (hadolint_names) {
            if (dd_lint_hadolint_severity(name, &sev, &off) < 0)
                return yerr(y, at, "unknown severity (error, warning, info, style) ", name);
        } else if (!strcasecmp(name, "off") || !strcasecmp(name, "ignore") ||
                   !strcasecmp(name, "none")) {
            off = true;
        } else if (dd_severity_parse(name, &sev) < 0 || sev == DD_SEV_UNKNOWN) {
            return yerr(y, at, "unknown severity ", name);
        }
        if (v->type != YAML_SEQUENCE_NODE) {
            dd_lint_add_override(y->c, scalar(k), sev, off);
            continue;
        }
        for (yaml_node_item_t *it = v->data.sequence.items.start; it < v->data.sequence.items.top;
             it++) {
            const char *id = scalar(node(y, *it));
            if (!id)
                return yerr(y, node(y, *it), "expected a rule id in ", scalar(k));
            dd_lint_add_override(y->c, id, sev, off);
        }
    }
    return 0;
}

static int label_schema(ycx *y, yaml_node_t *v, const char *key)
{
    if (v->type != YAML_MAPPING_NODE)
        return yerr(y, v, "expected a mapping LABEL: FORMAT for ", key);
    for (yaml_node_pair_t *q = v->data.mapping.pairs.start; q < v->data.mapping.pairs.top; q++) {
        const char *l = scalar(node(y, q->key));
        const char *t = scalar(node(y, q->value));
        dd_label_type lt = DD_LABEL_TEXT;
        if (!l || !t)
            return yerr(y, node(y, q->key), "expected LABEL: FORMAT in ", key);
        if (label_type(t, &lt) < 0)
            return yerr(y, node(y, q->value),
                        "unknown label format (text, url, rfc3339, spdx, hash, semver, email) ", t);
        add_label(y->c, l, lt);
    }
    return 0;
}

static int threshold(ycx *y, yaml_node_t *v, const char *key, bool hadolint_names)
{
    const char *s = scalar(v);
    dd_severity sev = DD_SEV_UNKNOWN;
    bool off = false;
    int rc = !s               ? -1
             : hadolint_names ? dd_lint_hadolint_severity(s, &sev, &off)
                              : dd_severity_parse(s, &sev);
    if (rc < 0)
        return yerr(y, v,
                    hadolint_names ? "expected error, warning, info, style or none for "
                                   : "expected a severity for ",
                    key);
    y->c->fail_on = off ? DD_SEV_UNKNOWN : sev;
    y->c->fail_on_set = true;
    return 0;
}

/* The trust policy's section (sign/policy.h): its registries are lint's trusted
 * registries, its base images the FROM images allowed. */
static int trust_section(ycx *y, yaml_node_t *v)
{
    dd_trust_policy p = {0};
    int rc = dd_trust_policy_from_yaml(&p, y->doc, v, y->path, y->e);
    for (size_t i = 0; rc == 0 && i < p.nregistries; i++)
        dd_lint_strv_add(&y->c->trusted, &y->c->ntrusted, p.registries[i]);
    for (size_t i = 0; rc == 0 && i < p.nbase; i++)
        dd_lint_strv_add(&y->c->base_images, &y->c->nbase, p.base_images[i]);
    dd_trust_policy_free(&p);
    return rc;
}

static int one_key(ycx *y, const char *key, yaml_node_t *k, yaml_node_t *v, bool ours)
{
    dd_lint_config *c = y->c;
    if (!strcmp(key, "ignore") || !strcmp(key, "ignored"))
        return string_list(y, v, key, &c->ignore, &c->nignore);
    if (!strcmp(key, "severity"))
        return severities(y, v, key, false);
    if (!strcmp(key, "override"))
        return severities(y, v, key, true);
    if (!strcmp(key, "trusted-registries") || !strcmp(key, "trustedRegistries"))
        return string_list(y, v, key, &c->trusted, &c->ntrusted);
    if (!strcmp(key, "trust"))
        return trust_section(y, v);
    if (!strcmp(key, "required-labels"))
        return str_list(y, v, key, add_label_spec, NULL);
    if (!strcmp(key, "label-schema"))
        return label_schema(y, v, key);
    if (!strcmp(key, "strict-labels"))
        return flag(y, v, key, &c->strict_labels);
    if (!strcmp(key, "disable-ignore-pragma"))
        return flag(y, v, key, &c->no_pragmas);
    if (!strcmp(key, "no-fail"))
        return flag(y, v, key, &c->no_fail);
    if (!strcmp(key, "failure-threshold"))
        return threshold(y, v, key, true);
    if (!strcmp(key, "fail-on"))
        return threshold(y, v, key, false);
    if (!strcmp(key, "no-color")) {
        bool b;
        if (flag(y, v, key, &b) < 0)
            return -1;
        c->no_color = b;
        return 0;
    }
    if (!strcmp(key, "format") || !strcmp(key, "formats")) {
        const char *f = scalar(v);
        if (!f && v->type == YAML_SEQUENCE_NODE &&
            v->data.sequence.items.start < v->data.sequence.items.top) {
            f = scalar(node(y, *v->data.sequence.items.start));
            if (v->data.sequence.items.top - v->data.sequence.items.start > 1)
                ywarn(y, v, "drydock writes one format per run; only the first of ", key);
        }
        if (!f)
            return yerr(y, v, "expected a format name for ", key);
        free(c->format);
        c->format = dd_xstrdup(f);
        return 0;
    }
    if (!strcmp(key, "verbose")) {
        ywarn(y, k, "hadolint setting not implemented by drydock (ignored): ", key);
        return 0;
    }
    if (ours) {
        yerr(y, k, "unknown key ", key);
        return dd_error_hint(y->e, "known keys: ignore, severity, trusted-registries, "
                                   "required-labels, label-schema, strict-labels, fail-on, trust "
                                   "(and hadolint's: ignored, override, trustedRegistries, "
                                   "failure-threshold, no-fail, disable-ignore-pragma, format)");
    }
    ywarn(y, k, "unknown key, ignored: ", key);
    return 0;
}

/* Our own file is .drydock.yaml; anything else (.hadolint.yaml, --config x.yaml) is read
 * with hadolint's tolerance for keys it does not know. */
static bool is_ours(const char *path)
{
    const char *b = strrchr(path, '/');
    b = b ? b + 1 : path;
    return !strcmp(b, ".drydock.yaml") || !strcmp(b, ".drydock.yml");
}

int dd_lint_config_load(dd_lint_config *c, const char *path, dd_error *e)
{
    /* A configuration comes with the repository being linted: untrusted, so bounded; and
     * a regular file only, so a FIFO named .drydock.yaml never blocks the run. */
    _cleanup_buf_ dd_buf text = DD_BUF_INIT;
    if (dd_buf_read_file(&text, path, DD_LINT_MAX_CONFIG) < 0) {
        int err = errno;
        if (err == EFBIG)
            return dd_error_set(e, DD_ERR_INPUT, 0, "%s: configuration larger than %d bytes", path,
                                DD_LINT_MAX_CONFIG);
        return dd_error_set(e, DD_ERR_RUN, err, "cannot read configuration %s: %s", path,
                            dd_file_strerror(err));
    }
    yaml_document_t doc;
    if (dd_yaml_load(&doc, text.data, text.len, path, DD_ERR_INPUT, e) < 0)
        return -1;
    ycx y = {&doc, path, c, e};
    int rc = 0;
    free(c->path);
    c->path = dd_xstrdup(path);
    yaml_node_t *root = yaml_document_get_root_node(&doc);
    if (!root || (root->type == YAML_SCALAR_NODE && !*scalar(root))) {
        yaml_document_delete(&doc);
        return 0; /* an empty file is a valid, empty configuration */
    }
    if (root->type != YAML_MAPPING_NODE) {
        rc = yerr(&y, root, "expected a mapping at the top level", NULL);
        goto out;
    }
    bool ours = is_ours(path);
    for (yaml_node_pair_t *p = root->data.mapping.pairs.start; p < root->data.mapping.pairs.top;
         p++) {
        yaml_node_t *k = node(&y, p->key), *v = node(&y, p->value);
        if (!scalar(k)) {
            rc = yerr(&y, k, "expected a string key", NULL);
            goto out;
        }
        if ((rc = one_key(&y, scalar(k), k, v, ours)) < 0)
            goto out;
    }
out:
    yaml_document_delete(&doc);
    return rc;
}

/* ---- hadolint's environment variables ------------------------------------------------ */

/* A comma-separated list from the environment, each item passed to `add`. */
static void env_list(const char *name, void (*add)(dd_lint_config *, const char *, void *),
                     dd_lint_config *c, void *arg)
{
    const char *v = getenv(name);
    if (!v || !*v)
        return;
    _cleanup_free_ char *copy = dd_xstrdup(v);
    for (char *s = copy, *save = NULL, *t; (t = strtok_r(s, ",", &save)); s = NULL) {
        while (*t == ' ')
            t++;
        if (*t)
            add(c, t, arg);
    }
}

static void add_ignore(dd_lint_config *c, const char *id, void *arg)
{
    (void)arg;
    dd_lint_strv_add(&c->ignore, &c->nignore, id);
}

static void add_trusted(dd_lint_config *c, const char *r, void *arg)
{
    (void)arg;
    dd_lint_strv_add(&c->trusted, &c->ntrusted, r);
}

static void add_sev(dd_lint_config *c, const char *id, void *arg)
{
    dd_lint_add_override(c, id, *(const dd_severity *)arg, false);
}

static void add_env_label(dd_lint_config *c, const char *spec, void *arg)
{
    dd_error *e = arg;
    if (dd_lint_add_label(c, spec, e) < 0) {
        _cleanup_free_ char *w = dd_xasprintf("HADOLINT_REQUIRE_LABELS: %s; ignored", e->msg);
        dd_lint_strv_add(&c->warnings, &c->nwarnings, w);
    }
}

static bool env_flag(const char *name)
{
    const char *v = getenv(name);
    bool b = false;
    return v && yaml_bool(v, &b) && b;
}

int dd_lint_config_from_env(dd_lint_config *c, dd_error *e)
{
    static const struct {
        const char *name, *level;
    } overrides[] = {{"HADOLINT_OVERRIDE_ERROR", "error"},
                     {"HADOLINT_OVERRIDE_WARNING", "warning"},
                     {"HADOLINT_OVERRIDE_INFO", "info"},
                     {"HADOLINT_OVERRIDE_STYLE", "style"}};
    for (size_t i = 0; i < DD_ARRAY_LEN(overrides); i++) {
        dd_severity sev = DD_SEV_UNKNOWN;
        bool off = false;
        dd_lint_hadolint_severity(overrides[i].level, &sev, &off);
        env_list(overrides[i].name, add_sev, c, &sev);
    }
    env_list("HADOLINT_IGNORE", add_ignore, c, NULL);
    env_list("HADOLINT_TRUSTED_REGISTRIES", add_trusted, c, NULL);
    dd_error le = {0};
    env_list("HADOLINT_REQUIRE_LABELS", add_env_label, c, &le);
    c->strict_labels |= env_flag("HADOLINT_STRICT_LABELS");
    c->no_pragmas |= env_flag("HADOLINT_DISABLE_IGNORE_PRAGMA");
    c->no_fail |= env_flag("HADOLINT_NOFAIL");
    if (env_flag("HADOLINT_NOCOLOR"))
        c->no_color = 1;
    if (env_flag("HADOLINT_VERBOSE"))
        dd_lint_strv_add(&c->warnings, &c->nwarnings,
                         "HADOLINT_VERBOSE: not implemented by drydock; ignored");
    const char *f = getenv("HADOLINT_FORMAT");
    if (f && *f) {
        free(c->format);
        c->format = dd_xstrdup(f);
    }
    const char *t = getenv("HADOLINT_FAILURE_THRESHOLD");
    if (t && *t) {
        bool off;
        if (dd_lint_hadolint_severity(t, &c->fail_on, &off) < 0)
            return dd_error_set(e, DD_ERR_USAGE, 0,
                                "HADOLINT_FAILURE_THRESHOLD=%s: expected error, warning, info, "
                                "style or none",
                                t);
        if (off)
            c->fail_on = DD_SEV_UNKNOWN;
        c->fail_on_set = true;
    }
    return 0;
}
