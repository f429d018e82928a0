/* The trust policy reader (libyaml's document API, so errors name their line). */
#include "sign/policy.h"

#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <yaml.h>

#include "core/buf.h"
#include "core/cleanup.h"
#include "core/mem.h"
#include "core/rootfile.h"
#include "core/yamldoc.h"

static void strv_free(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

void dd_trust_policy_free(dd_trust_policy *p)
{
    free(p->path);
    strv_free(p->registries, p->nregistries);
    strv_free(p->insecure, p->ninsecure);
    strv_free(p->base_images, p->nbase);
    for (size_t i = 0; i < p->nrepos; i++) {
        free(p->repos[i].pattern);
        strv_free(p->repos[i].keys, p->repos[i].nkeys);
    }
    free(p->repos);
    memset(p, 0, sizeof *p);
}

static void push(char ***v, size_t *n, const char *s)
{
    size_t cap = *n;
    *v = dd_xgrow(*v, &cap, *n + 1, sizeof **v);
    (*v)[(*n)++] = dd_xstrdup(s);
}

typedef struct ycx {
    yaml_document_t *doc;
    const char *path;
    dd_error *e;
} ycx;

static int yerr(ycx *y, const yaml_node_t *n, const char *msg, const char *a)
{
    return dd_error_set(y->e, DD_ERR_INPUT, 0, "%s:%zu: trust: %s%s", y->path,
                        n ? n->start_mark.line + 1 : 1, msg, a ? a : "");
}

static const char *scalar(const yaml_node_t *n)
{
    return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

static int str_list(ycx *y, yaml_node_t *n, const char *key, char ***v, size_t *nv)
{
    if (scalar(n)) {
        push(v, nv, scalar(n));
        return 0;
    }
    if (n->type != YAML_SEQUENCE_NODE)
        return yerr(y, n, "expected a list of strings for ", key);
    for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top;
         it++) {
        yaml_node_t *x = yaml_document_get_node(y->doc, *it);
        if (!scalar(x))
            return yerr(y, x, "expected a string in ", key);
        push(v, nv, scalar(x));
    }
    return 0;
}

/* Key files are named relative to the policy file. */
static char *key_path(const char *policy, const char *key)
{
    if (key[0] == '/' || !policy)
        return dd_xstrdup(key);
    _cleanup_free_ char *copy = dd_xstrdup(policy);
    return dd_xasprintf("%s/%s", dirname(copy), key);
}

static int repositories(ycx *y, yaml_node_t *n, dd_trust_policy *p)
{
    if (n->type != YAML_SEQUENCE_NODE)
        return yerr(y, n, "expected a list of {name, keys} for repositories", NULL);
    for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top;
         it++) {
        yaml_node_t *r = yaml_document_get_node(y->doc, *it);
        if (!r || r->type != YAML_MAPPING_NODE)
            return yerr(y, r, "expected {name, keys} in repositories", NULL);
        size_t cap = p->nrepos;
        p->repos = dd_xgrow(p->repos, &cap, p->nrepos + 1, sizeof *p->repos);
        dd_trust_repo *tr = &p->repos[p->nrepos++];
        memset(tr, 0, sizeof *tr);
        char **keys = NULL;
        size_t nkeys = 0;
        for (yaml_node_pair_t *q = r->data.mapping.pairs.start; q < r->data.mapping.pairs.top;
             q++) {
            yaml_node_t *k = yaml_document_get_node(y->doc, q->key);
            yaml_node_t *v = yaml_document_get_node(y->doc, q->value);
            const char *key = scalar(k);
            if (key && strcmp(key, "name") == 0 && scalar(v)) {
                free(tr->pattern);
                tr->pattern = dd_xstrdup(scalar(v));
            } else if (key && (strcmp(key, "keys") == 0 || strcmp(key, "signers") == 0)) {
                if (str_list(y, v, key, &keys, &nkeys) < 0) {
                    strv_free(keys, nkeys);
                    return -1;
                }
            } else {
                strv_free(keys, nkeys);
                return yerr(y, k, "unknown key in a repository: ", key ? key : "?");
            }
        }
        for (size_t i = 0; i < nkeys; i++) {
            _cleanup_free_ char *kp = key_path(y->path, keys[i]);
            push(&tr->keys, &tr->nkeys, kp);
        }
        strv_free(keys, nkeys);
        if (!tr->pattern)
            return yerr(y, r, "a repository has no name", NULL);
    }
    return 0;
}

int dd_trust_policy_from_yaml(dd_trust_policy *p, yaml_document_t *doc, yaml_node_t *node,
                              const char *path, dd_error *e)
{
    ycx y = {doc, path, e};
    if (!p->path && path)
        p->path = dd_xstrdup(path);
    p->present = true;
    if (!node || node->type != YAML_MAPPING_NODE)
        return yerr(&y, node, "expected a mapping", NULL);
    for (yaml_node_pair_t *q = node->data.mapping.pairs.start; q < node->data.mapping.pairs.top;
         q++) {
        yaml_node_t *k = yaml_document_get_node(doc, q->key);
        yaml_node_t *v = yaml_document_get_node(doc, q->value);
        const char *key = scalar(k);
        int rc;
        if (!key)
            rc = yerr(&y, k, "expected a string key", NULL);
        else if (strcmp(key, "registries") == 0 || strcmp(key, "trusted-registries") == 0)
            rc = str_list(&y, v, key, &p->registries, &p->nregistries);
        else if (strcmp(key, "insecure-registries") == 0)
            rc = str_list(&y, v, key, &p->insecure, &p->ninsecure);
        else if (strcmp(key, "repositories") == 0)
            rc = repositories(&y, v, p);
        else if (strcmp(key, "base-images") == 0)
            rc = str_list(&y, v, key, &p->base_images, &p->nbase);
        else {
            rc = yerr(&y, k, "unknown key ", key);
            dd_error_hint(e, "known keys: registries, insecure-registries, repositories, "
                             "base-images");
        }
        if (rc < 0)
            return -1;
    }
    return 0;
}

static char *find_upward(void)
{
    char cwd[4096];
    if (!getcwd(cwd, sizeof cwd))
        return NULL;
    for (;;) {
        char *f = dd_xasprintf("%s/.drydock.yaml", strcmp(cwd, "/") == 0 ? "" : cwd);
        if (access(f, R_OK) == 0)
            return f;
        free(f);
        char *slash = strrchr(cwd, '/');
        if (!slash || slash == cwd) {
            if (strcmp(cwd, "/") == 0)
                return NULL;
            strcpy(cwd, "/");
            continue;
        }
        *slash = '\0';
    }
}

int dd_trust_policy_load(dd_trust_policy *p, const char *path, dd_error *e)
{
    memset(p, 0, sizeof *p);
    _cleanup_free_ char *found = path ? NULL : find_upward();
    if (!path)
        path = found;
    if (!path)
        return 0;
    /* A regular file only, bounded (core/rootfile.h): a FIFO never blocks the run. */
    _cleanup_buf_ dd_buf text = DD_BUF_INIT;
    if (dd_buf_read_file(&text, path, 1u << 20) < 0) {
        int err = errno;
        return dd_error_set(e, DD_ERR_RUN, err, "cannot read policy %s: %s", path,
                            dd_file_strerror(err));
    }
    p->path = dd_xstrdup(path);
    yaml_document_t doc;
    if (dd_yaml_load(&doc, text.data, text.len, path, DD_ERR_INPUT, e) < 0)
        return -1;
    int rc = 0;
    yaml_node_t *root = yaml_document_get_root_node(&doc);
    if (root && root->type == YAML_MAPPING_NODE) {
        for (yaml_node_pair_t *q = root->data.mapping.pairs.start; q < root->data.mapping.pairs.top;
             q++) {
            const char *key = scalar(yaml_document_get_node(&doc, q->key));
            if (key && strcmp(key, "trust") == 0) {
                rc = dd_trust_policy_from_yaml(p, &doc, yaml_document_get_node(&doc, q->value),
                                               path, e);
                break;
            }
        }
    } else if (root && !(root->type == YAML_SCALAR_NODE && !*scalar(root))) {
        rc = dd_error_set(e, DD_ERR_INPUT, 0, "%s: expected a mapping at the top level", path);
    }
    yaml_document_delete(&doc);
    return rc;
}

bool dd_trust_registry_match(char *const *list, size_t n, const char *host)
{
    for (size_t i = 0; i < n; i++) {
        const char *t = list[i];
        if (strcasecmp(t, host) == 0)
            return true;
        if (t[0] == '*' && t[1] == '.') {
            size_t hl = strlen(host), m = strlen(t + 1);
            if (hl > m && strcasecmp(host + hl - m, t + 1) == 0)
                return true;
        }
        bool hub_t = !strcasecmp(t, "docker.io") || !strcasecmp(t, "index.docker.io");
        bool hub_h = !strcasecmp(host, "docker.io") || !strcasecmp(host, "index.docker.io");
        if (hub_t && hub_h)
            return true;
    }
    return false;
}

bool dd_trust_glob(const char *p, const char *s)
{
    /* Iterative '*' matching with one backtrack point: linear, no recursion. */
    const char *star = NULL, *ss = NULL;
    while (*s) {
        if (*p == '*') {
            star = p++;
            ss = s;
        } else if (*p == *s) {
            p++;
            s++;
        } else if (star) {
            p = star + 1;
            s = ++ss;
        } else {
            return false;
        }
    }
    while (*p == '*')
        p++;
    return *p == '\0';
}

const dd_trust_repo *dd_trust_repo_for(const dd_trust_policy *p, const char *repository)
{
    for (size_t i = 0; i < p->nrepos; i++)
        if (dd_trust_glob(p->repos[i].pattern, repository))
            return &p->repos[i];
    return NULL;
}

bool dd_trust_base_allowed(const dd_trust_policy *p, const char *image)
{
    if (!p->nbase)
        return true;
    for (size_t i = 0; i < p->nbase; i++)
        if (dd_trust_glob(p->base_images[i], image))
            return true;
    return false;
}
