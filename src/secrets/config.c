/* Reading Trivy's secret configuration (trivy-secret.yaml). The file arrives with the
 * repository being scanned, so it is untrusted: bounded in size, rule count and regex
 * length, every regex compiled here once so that a bad one is reported at its line
 * before any scanning starts. Keys Trivy knows and drydock does not implement (and
 * unknown keys) are warnings, never silently dropped. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <ctype.h>
#include <errno.h>
#include <pcre2.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "core/buf.h"
#include "core/cleanup.h"
#include "core/mem.h"
#include "core/rootfile.h"
#include "core/yamldoc.h"
#include "secrets/secrets.h"

#define CUSTOM_WHY                                                                                 \
    "A credential of a format this organisation defined in its secret configuration; "             \
    "anyone who can read the file (or pull the image) can use it."
#define CUSTOM_FIX                                                                                 \
    "Revoke the credential, then supply the new one at run time (a mounted secret, an "            \
    "environment variable from the orchestrator) instead of storing it in files."
#define MAX_KEYWORDS 64
#define MAX_SHORT    256 /* ids, titles, keywords, categories */

typedef struct ycx {
    yaml_document_t *doc;
    const char *path;
    dd_secret_config *c;
    dd_error *e;
} ycx;

static void strv_add(char ***v, size_t *n, const char *s)
{
    *v = dd_xrealloc(*v, (*n + 2) * sizeof(char *));
    (*v)[(*n)++] = dd_xstrdup(s);
    (*v)[*n] = NULL;
}

static void strv_free(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

static size_t line_of(const yaml_node_t *n)
{
    return n ? n->start_mark.line + 1 : 1;
}

static int yerr(ycx *y, const yaml_node_t *n, const char *what, const char *arg)
{
    return dd_error_set(y->e, DD_ERR_USAGE, 0, "%s:%zu: %s%s", y->path, line_of(n), what,
                        arg ? arg : "");
}

static void ywarn(ycx *y, const yaml_node_t *n, const char *what, const char *key)
{
    _cleanup_free_ char *w = dd_xasprintf("%s:%zu: %s%s", y->path, line_of(n), what, key);
    strv_add(&y->c->warnings, &y->c->nwarnings, w);
}

static yaml_node_t *node(ycx *y, int id)
{
    return yaml_document_get_node(y->doc, id);
}

static const char *scalar(const yaml_node_t *n)
{
    return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

/* A bounded string value of `key`. */
static int str_value(ycx *y, yaml_node_t *v, const char *key, size_t max, char **out)
{
    const char *s = scalar(v);
    if (!s)
        return yerr(y, v, "expected a string for ", key);
    if (strlen(s) > max)
        return dd_error_set(y->e, DD_ERR_USAGE, 0, "%s:%zu: %s is longer than %zu bytes", y->path,
                            line_of(v), key, max);
    free(*out);
    *out = dd_xstrdup(s);
    return 0;
}

/* A regex is checked here, at its line, with the engine that will run it. */
static int regex_value(ycx *y, yaml_node_t *v, const char *key, char **out)
{
    if (str_value(y, v, key, DD_SECRET_CONFIG_REGEX, out) < 0)
        return -1;
    int err;
    PCRE2_SIZE off;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)*out, PCRE2_ZERO_TERMINATED, 0, &err, &off, NULL);
    if (!re) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(err, msg, sizeof msg);
        return dd_error_set(y->e, DD_ERR_USAGE, 0, "%s:%zu: %s: bad regex at offset %zu: %s",
                            y->path, line_of(v), key, (size_t)off, (char *)msg);
    }
    pcre2_code_free(re);
    return 0;
}

/* A list of bounded strings (one scalar is a list of one). */
static bool null_value(const yaml_node_t *n);

static int str_list(ycx *y, yaml_node_t *n, const char *key, size_t maxn, char ***v, size_t *cnt)
{
    if (null_value(n))
        return 0;
    if (scalar(n)) {
        strv_add(v, cnt, scalar(n));
        return 0;
    }
    if (n->type != YAML_SEQUENCE_NODE)
        return yerr(y, n, "expected a list of strings for ", key);
    for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top;
         it++) {
        yaml_node_t *x = node(y, *it);
        if (!scalar(x) || strlen(scalar(x)) > MAX_SHORT)
            return yerr(y, x, "expected a short string in ", key);
        if (*cnt >= maxn)
            return yerr(y, x, "too many entries in ", key);
        strv_add(v, cnt, scalar(x));
    }
    return 0;
}

static int allow_rules(ycx *y, yaml_node_t *n, long rule);

static bool mapping(const yaml_node_t *n)
{
    return n && n->type == YAML_MAPPING_NODE;
}

/* A key with no value (`allow-rules:`), or ~ / null: YAML's null, which Trivy's decoder
 * reads as an empty list, so a file Trivy accepts is accepted here. A quoted "" is a
 * string, not null. */
static bool null_value(const yaml_node_t *n)
{
    const char *s = scalar(n);
    return s && n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
           (!*s || strcmp(s, "~") == 0 || strcmp(s, "null") == 0 || strcmp(s, "Null") == 0 ||
            strcmp(s, "NULL") == 0);
}

static int one_allow(ycx *y, yaml_node_t *m, long rule)
{
    dd_secret_config *c = y->c;
    if (!mapping(m))
        return yerr(y, m, "expected an allow rule (id, regex, path)", NULL);
    if (c->nallow >= DD_SECRET_CONFIG_RULES)
        return yerr(y, m, "too many allow rules", NULL);
    c->allow = dd_xrealloc(c->allow, (c->nallow + 1) * sizeof *c->allow);
    dd_secret_allow *a = &c->allow[c->nallow++];
    *a = (dd_secret_allow){.rule = rule};
    for (yaml_node_pair_t *p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top; p++) {
        yaml_node_t *k = node(y, p->key), *v = node(y, p->value);
        const char *key = scalar(k);
        int rc = 0;
        if (!key || !v)
            return yerr(y, k, "expected key: value", NULL);
        if (strcmp(key, "id") == 0)
            rc = str_value(y, v, key, MAX_SHORT, &a->id);
        else if (strcmp(key, "regex") == 0)
            rc = regex_value(y, v, key, &a->regex);
        else if (strcmp(key, "path") == 0)
            rc = regex_value(y, v, key, &a->path);
        else if (strcmp(key, "description") == 0)
            rc = scalar(v) ? 0 : yerr(y, v, "expected a string for ", key);
        else
            ywarn(y, k, "unknown key in an allow rule, ignored: ", key);
        if (rc < 0)
            return -1;
    }
    if (!a->regex && !a->path)
        ywarn(y, m,
              "allow rule with neither regex nor path allows nothing: ", a->id ? a->id : "(no id)");
    return 0;
}

static int allow_rules(ycx *y, yaml_node_t *n, long rule)
{
    if (null_value(n))
        return 0;
    if (n->type != YAML_SEQUENCE_NODE)
        return yerr(y, n, "expected a list for allow-rules", NULL);
    for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top; it++)
        if (one_allow(y, node(y, *it), rule) < 0)
            return -1;
    return 0;
}

/* Trivy's five names, in any case; Trivy reads anything else as UNKNOWN with a warning,
 * so a file Trivy accepts is accepted here too, and said so. */
static void severity_value(ycx *y, yaml_node_t *v, dd_severity *out)
{
    static const char *const names[] = {"critical", "high", "medium", "low", "unknown"};
    const char *s = scalar(v);
    for (size_t i = 0; s && i < DD_ARRAY_LEN(names); i++)
        if (strcasecmp(s, names[i]) == 0 && dd_severity_parse(s, out) == 0)
            return;
    *out = DD_SEV_UNKNOWN;
    ywarn(y, v, "unknown severity (CRITICAL, HIGH, MEDIUM, LOW, UNKNOWN), UNKNOWN used: ",
          s ? s : "(not a string)");
}

/* exclude-block: {description, regexes}. Every regex counts against one bound for the
 * whole file, so many rules cannot multiply the work per scanned block. */
static int exclude_block(ycx *y, yaml_node_t *n, char ***v, size_t *cnt)
{
    dd_secret_config *c = y->c;
    if (null_value(n))
        return 0;
    if (!mapping(n))
        return yerr(y, n, "expected an exclude-block (description, regexes)", NULL);
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
        yaml_node_t *k = node(y, p->key), *x = node(y, p->value);
        const char *key = scalar(k);
        if (!key || !x)
            return yerr(y, k, "expected key: value", NULL);
        if (strcmp(key, "description") == 0) {
            if (!scalar(x))
                return yerr(y, x, "expected a string for ", key);
        } else if (strcmp(key, "regexes") == 0) {
            if (null_value(x))
                continue;
            if (x->type != YAML_SEQUENCE_NODE)
                return yerr(y, x, "expected a list of regexes for ", key);
            for (yaml_node_item_t *it = x->data.sequence.items.start;
                 it < x->data.sequence.items.top; it++) {
                yaml_node_t *r = node(y, *it);
                if (c->nexclude_all >= DD_SECRET_CONFIG_EXCLUDE)
                    return yerr(y, r, "too many exclude-block regexes", NULL);
                char *re = NULL;
                if (regex_value(y, r, "exclude-block regex", &re) < 0) {
                    free(re);
                    return -1;
                }
                *v = dd_xrealloc(*v, (*cnt + 2) * sizeof(char *));
                (*v)[(*cnt)++] = re;
                (*v)[*cnt] = NULL;
                c->nexclude_all++;
            }
        } else {
            ywarn(y, k, "unknown key in an exclude-block, ignored: ", key);
        }
    }
    return 0;
}

/* The secret group must exist in the regex, or every match would be dropped. */
static int check_group(ycx *y, yaml_node_t *m, dd_secret_custom *r)
{
    int err;
    PCRE2_SIZE off;
    pcre2_code *re =
        pcre2_compile((PCRE2_SPTR)r->r.regex, PCRE2_ZERO_TERMINATED, 0, &err, &off, NULL);
    int g = re ? pcre2_substring_number_from_name(re, (PCRE2_SPTR)r->group) : -1;
    pcre2_code_free(re);
    if (g <= 0)
        return yerr(y, m, "secret-group-name is not a named group of the regex: ", r->group);
    return 0;
}

static int one_rule(ycx *y, yaml_node_t *m)
{
    dd_secret_config *c = y->c;
    if (!mapping(m))
        return yerr(y, m, "expected a rule (id, regex, ...)", NULL);
    if (c->nrules >= DD_SECRET_CONFIG_RULES)
        return yerr(y, m, "too many rules", NULL);
    c->rules = dd_xrealloc(c->rules, (c->nrules + 1) * sizeof *c->rules);
    long idx = (long)c->nrules;
    dd_secret_custom *r = &c->rules[c->nrules++];
    memset(r, 0, sizeof *r);
    r->r.rule.group = "secret";
    r->r.rule.cwe = "CWE-798";
    r->r.rule.remediation = CUSTOM_FIX;
    r->r.flags = DD_SECRET_EXACT;
    char *id = NULL, *title = NULL, *regex = NULL, *category = NULL;
    size_t nkw = 0;
    int rc = 0;
    for (yaml_node_pair_t *p = m->data.mapping.pairs.start;
         rc == 0 && p < m->data.mapping.pairs.top; p++) {
        yaml_node_t *k = node(y, p->key), *v = node(y, p->value);
        const char *key = scalar(k);
        if (!key || !v)
            rc = yerr(y, k, "expected key: value", NULL);
        else if (strcmp(key, "id") == 0)
            rc = str_value(y, v, key, MAX_SHORT, &id);
        else if (strcmp(key, "title") == 0)
            rc = str_value(y, v, key, MAX_SHORT, &title);
        else if (strcmp(key, "category") == 0)
            rc = str_value(y, v, key, MAX_SHORT, &category);
        else if (strcmp(key, "severity") == 0)
            severity_value(y, v, &r->r.rule.severity);
        else if (strcmp(key, "regex") == 0)
            rc = regex_value(y, v, key, &regex);
        else if (strcmp(key, "path") == 0)
            rc = regex_value(y, v, key, &r->path);
        else if (strcmp(key, "secret-group-name") == 0)
            rc = str_value(y, v, key, MAX_SHORT, &r->group);
        else if (strcmp(key, "keywords") == 0)
            rc = str_list(y, v, key, MAX_KEYWORDS, &r->keywords, &nkw);
        else if (strcmp(key, "allow-rules") == 0)
            rc = allow_rules(y, v, idx);
        else if (strcmp(key, "exclude-block") == 0)
            rc = exclude_block(y, v, &c->rules[idx].exclude, &c->rules[idx].nexclude);
        else
            ywarn(y, k, "unknown key in a rule, ignored: ", key);
        r = &c->rules[idx]; /* allow_rules does not move rules, but stay obvious */
    }
    /* The strings belong to the rule whatever happened, so that free releases them. */
    r->r.rule.id = id;
    r->r.regex = regex;
    r->r.rule.title = title ? title : dd_xstrdup(id ? id : "");
    r->r.rule.rationale = category ? dd_xasprintf("%s (category %s, %s:%zu)", CUSTOM_WHY, category,
                                                  y->path, line_of(m))
                                   : dd_xasprintf("%s (%s:%zu)", CUSTOM_WHY, y->path, line_of(m));
    free(category);
    if (!r->keywords) /* an empty list: no prefilter */
        r->keywords = dd_xcalloc(1, sizeof(char *));
    for (size_t i = 0; i < nkw; i++)
        for (char *q = r->keywords[i]; *q; q++)
            *q = (char)tolower((unsigned char)*q);
    if (rc < 0)
        return -1;
    if (!id || !*id)
        return yerr(y, m, "a rule needs an id", NULL);
    if (!regex)
        return yerr(y, m, "a rule needs a regex: ", id);
    for (size_t i = 0; i + 1 < c->nrules; i++)
        if (strcmp(c->rules[i].r.rule.id, id) == 0)
            return yerr(y, m, "duplicate rule id: ", id);
    if (r->group && check_group(y, m, r) < 0)
        return -1;
    return 0;
}

/* A built-in rule named as Trivy names it ("aws-access-key-id") or as drydock does. */
static bool builtin_known(const char *id)
{
    for (size_t i = 0; i < dd_secret_table.n; i++) {
        const char *rid = dd_secret_rule_at(i)->rule.id;
        if (strcmp(rid, id) == 0 || (strncmp(rid, "secret-", 7) == 0 && strcmp(rid + 7, id) == 0))
            return true;
    }
    return false;
}

static bool custom_known(const dd_secret_config *c, const char *id)
{
    for (size_t i = 0; i < c->nrules; i++)
        if (strcmp(c->rules[i].r.rule.id, id) == 0)
            return true;
    return false;
}

/* Trivy's disable-allow-rules filters the top-level allow rules only; a rule's own allow
 * rules always apply. */
static bool allow_known(const dd_secret_config *c, const char *id)
{
    for (size_t i = 0; i < c->nallow; i++)
        if (c->allow[i].rule < 0 && c->allow[i].id && strcmp(c->allow[i].id, id) == 0)
            return true;
    return false;
}

/* Trivy's built-in allow rules (pkg/fanal/secret/builtin-allow-rules.go). drydock has no
 * built-in allow rules (it scans those paths), so disabling one changes nothing: said so. */
static bool trivy_builtin_allow(const char *id)
{
    static const char *const ids[] = {
        "dist-info", "tests",  "examples", "vendor",   "usr-dirs",  "locale-dir",   "markdown",
        "node.js",   "golang", "python",   "rubygems", "wordpress", "anaconda-log",
    };
    for (size_t i = 0; i < DD_ARRAY_LEN(ids); i++)
        if (strcmp(ids[i], id) == 0)
            return true;
    return false;
}

/* Ids that name nothing are warnings: a typo must not silently keep a rule on. */
static void check_ids(ycx *y, yaml_node_t *n, char **v, size_t cnt, bool builtin_only, bool allow,
                      const char *key)
{
    for (size_t i = 0; i < cnt; i++) {
        bool ok = allow ? allow_known(y->c, v[i])
                        : builtin_known(v[i]) || (!builtin_only && custom_known(y->c, v[i]));
        if (!ok && allow && trivy_builtin_allow(v[i])) {
            ywarn(y, n,
                  "disable-allow-rules: drydock has no built-in allow rules (it scans what "
                  "Trivy's would skip), nothing to disable: ",
                  v[i]);
        } else if (!ok) {
            _cleanup_free_ char *w = dd_xasprintf("%s names no %s rule, ignored: ", key,
                                                  allow          ? "top-level allow"
                                                  : builtin_only ? "built-in"
                                                                 : "known");
            ywarn(y, n, w, v[i]);
        }
    }
}

static int parse_root(ycx *y, yaml_node_t *root)
{
    dd_secret_config *c = y->c;
    if (!root)
        return 0; /* an empty file configures nothing */
    if (!mapping(root))
        return yerr(y, root, "expected a mapping (rules, allow-rules, ...)", NULL);
    yaml_node_t *enable = NULL, *disable = NULL, *disable_allow = NULL;
    for (yaml_node_pair_t *p = root->data.mapping.pairs.start; p < root->data.mapping.pairs.top;
         p++) {
        yaml_node_t *k = node(y, p->key), *v = node(y, p->value);
        const char *key = scalar(k);
        int rc = 0;
        if (!key || !v)
            return yerr(y, k, "expected key: value", NULL);
        if (strcmp(key, "rules") == 0 && null_value(v)) {
            continue; /* `rules:` with nothing: none */
        } else if (strcmp(key, "rules") == 0) {
            if (v->type != YAML_SEQUENCE_NODE)
                return yerr(y, v, "expected a list for rules", NULL);
            for (yaml_node_item_t *it = v->data.sequence.items.start;
                 rc == 0 && it < v->data.sequence.items.top; it++)
                rc = one_rule(y, node(y, *it));
        } else if (strcmp(key, "allow-rules") == 0) {
            rc = allow_rules(y, v, -1);
        } else if (strcmp(key, "enable-builtin-rules") == 0) {
            enable = v;
            /* An empty list leaves c->enable NULL: every built-in rule, as Trivy (which
             * filters only when the list has entries). */
            rc = str_list(y, v, key, DD_SECRET_CONFIG_RULES, &c->enable, &c->nenable);
        } else if (strcmp(key, "disable-rules") == 0) {
            disable = v;
            rc = str_list(y, v, key, DD_SECRET_CONFIG_RULES, &c->disable, &c->ndisable);
        } else if (strcmp(key, "disable-allow-rules") == 0) {
            disable_allow = v;
            rc = str_list(y, v, key, DD_SECRET_CONFIG_RULES, &c->disable_allow, &c->ndisable_allow);
        } else if (strcmp(key, "exclude-block") == 0) {
            rc = exclude_block(y, v, &c->exclude, &c->nexclude);
        } else if (strcmp(key, "skip-patterns") == 0) {
            ywarn(y, k,
                  "Trivy setting not implemented by drydock (ignored; use --skip-files): ", key);
        } else {
            ywarn(y, k, "unknown key, ignored: ", key);
        }
        if (rc < 0)
            return -1;
    }
    if (enable)
        check_ids(y, enable, c->enable, c->nenable, true, false, "enable-builtin-rules");
    if (disable)
        check_ids(y, disable, c->disable, c->ndisable, false, false, "disable-rules");
    if (disable_allow)
        check_ids(y, disable_allow, c->disable_allow, c->ndisable_allow, false, true,
                  "disable-allow-rules");
    return 0;
}

int dd_secret_config_parse(dd_secret_config **out, const char *data, size_t len, const char *path,
                           dd_error *e)
{
    *out = NULL;
    if (len > DD_SECRET_CONFIG_MAX)
        return dd_error_set(e, DD_ERR_USAGE, 0, "%s: larger than %zu bytes", path,
                            DD_SECRET_CONFIG_MAX);
    yaml_document_t doc;
    if (dd_yaml_load(&doc, data, len, path, DD_ERR_USAGE, e) < 0)
        return -1;
    dd_secret_config *c = dd_xcalloc(1, sizeof *c);
    c->file = dd_xstrdup(path);
    ycx y = {&doc, c->file, c, e};
    int rc = parse_root(&y, yaml_document_get_root_node(&doc));
    yaml_document_delete(&doc);
    if (rc < 0) {
        dd_secret_config_free(c);
        return -1;
    }
    *out = c;
    return 0;
}

int dd_secret_config_load(dd_secret_config **out, const char *path, bool required, dd_error *e)
{
    *out = NULL;
    _cleanup_buf_ dd_buf text = DD_BUF_INIT;
    if (dd_buf_read_file(&text, path, DD_SECRET_CONFIG_MAX) < 0) {
        int err = errno;
        if (err == ENOENT && !required)
            return 0;
        return dd_error_set(e, DD_ERR_USAGE, err, "cannot read secret configuration %s: %s", path,
                            dd_file_strerror(err));
    }
    return dd_secret_config_parse(out, text.data, text.len, path, e);
}

void dd_secret_config_free(dd_secret_config *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->nrules; i++) {
        dd_secret_custom *r = &c->rules[i];
        free((char *)r->r.rule.id);
        free((char *)r->r.rule.title);
        free((char *)r->r.rule.rationale);
        free((char *)r->r.regex);
        char **k = r->keywords;
        for (size_t j = 0; k && k[j]; j++)
            free(k[j]);
        free(k);
        free(r->path);
        free(r->group);
        strv_free(r->exclude, r->nexclude);
    }
    free(c->rules);
    for (size_t i = 0; i < c->nallow; i++) {
        free(c->allow[i].id);
        free(c->allow[i].regex);
        free(c->allow[i].path);
    }
    free(c->allow);
    strv_free(c->enable, c->nenable);
    strv_free(c->disable, c->ndisable);
    strv_free(c->disable_allow, c->ndisable_allow);
    strv_free(c->exclude, c->nexclude);
    strv_free(c->warnings, c->nwarnings);
    free(c->file);
    free(c);
}

int dd_secret_scanner_open(dd_secret_scanner **out, dd_secret_config **cfg, const char *file,
                           dd_error *e)
{
    *out = NULL;
    if (dd_secret_config_load(cfg, file ? file : DD_SECRET_CONFIG_DEFAULT, file != NULL, e) < 0)
        return -1;
    return dd_secret_scanner_new_config(out, DD_SECRET_ENGINE_VECTORSCAN, *cfg, e);
}
