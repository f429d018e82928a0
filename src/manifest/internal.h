/* Shared by the manifest driver and its rules (not a public API). */
#pragma once
#include "lockfile/tree.h"
#include "manifest/manifest.h"

/* A Kubernetes pod template and where it sits. */
typedef struct mf_pod {
    const dd_tnode *obj;  /* the document (Deployment...) */
    const char *kind;     /* "Deployment" */
    const char *name;     /* metadata.name, or "" */
    const dd_tnode *spec; /* the pod spec */
    const dd_tnode *meta; /* the pod template's metadata (annotations), may be NULL */
} mf_pod;

/* One container of a pod. */
typedef struct mf_container {
    const mf_pod *pod;
    const dd_tnode *c;
    const char *name;
} mf_container;

typedef struct mf_pragma {
    unsigned line;   /* the line it applies to */
    const char *ids; /* "ID,ID" as written (into the file's data, not NUL-terminated) */
    size_t len;
} mf_pragma;

typedef struct mf_ctx mf_ctx;
typedef struct mf_rule {
    dd_rule rule;
    void (*compose)(mf_ctx *c, const char *svc_name, const dd_tnode *svc);
    void (*pod)(mf_ctx *c, const mf_pod *p);
    void (*container)(mf_ctx *c, const mf_container *k);
} mf_rule;

struct mf_ctx {
    const char *path;
    const dd_lint_config *cfg;
    dd_report *r;
    const mf_pragma *prag;
    size_t nprag;
    const mf_rule *rule;
    const char *object; /* "service web", "Deployment api, container app" */
};

/* Report c->rule at node `at` (its key's position when `key`, else its value's), unless
 * a pragma on that line or the configuration says otherwise. */
void mf_emit(mf_ctx *c, const dd_tnode *at, bool key, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

extern const dd_rule_table dd_manifest_table;
