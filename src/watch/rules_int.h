/* Internals shared by the rule loader (rules_load.c) and the condition compiler
 * (cond.c). Not part of the API. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/error.h"
#include "watch/fields.h"
#include "watch/rules.h"

/* A source file kept while compiling, for positions. */
typedef struct rsrc {
    char *name;
    char *data;
    size_t len;
} rsrc;

/* A piece of a condition's text and the YAML scalar it came from. */
typedef struct rseg {
    int src;     /* index in rs->srcs */
    size_t sidx; /* byte index of the scalar in the source */
    int style;   /* yaml_scalar_style_t */
    size_t off;  /* where it starts in the concatenated text */
    size_t len;
} rseg;

typedef struct rtext {
    dd_buf text;
    rseg *segs;
    size_t nsegs, cap;
} rtext;

typedef struct rpos {
    int src;
    int line, col; /* 1-based */
} rpos;

typedef struct rlist {
    char *name;
    char **items; /* condition-language value tokens: quoted or bare */
    size_t n, cap;
    rpos pos;
    int state; /* expansion guard */
} rlist;

typedef struct rmacro {
    char *name;
    rtext cond;
    rpos pos;
    /* compiled */
    int state; /* 0 not yet, 1 compiling (recursion guard), 2 done */
    struct dd_cnode *node;
    char *skip; /* unsupported field inside, with its position */
} rmacro;

typedef struct rval {
    char *s;     /* a scalar */
    char **list; /* or a list of scalars */
    size_t nlist;
    bool is_list;
    rpos pos;
} rval;

typedef struct rexc {
    char *name;
    char **fields;
    size_t nfields;
    bool fields_list; /* fields: [a, b] (values are tuples) rather than fields: a */
    char **comps;
    size_t ncomps;
    rval *values; /* fields_list: nvalues tuples of nfields each; else nvalues values */
    size_t nvalues;
    rpos pos;
} rexc;

typedef struct rrule {
    dd_wrule pub;
    rtext cond;
    rexc *exc;
    size_t nexc;
    rpos pos;
    bool defined; /* has condition/priority (not only an enabled: override) */
} rrule;

struct dd_ruleset {
    rsrc *srcs;
    size_t nsrcs;
    rlist **lists;
    size_t nlists;
    rmacro **macros;
    size_t nmacros;
    rrule **rules;
    size_t nrules;
    /* compiled */
    bool compiled;
    struct dd_cnode **nodes; /* every node, for freeing */
    size_t nnodes, capnodes;
    const dd_wrule ***by_type; /* per event type: active rules, NULL-terminated */
    char *append_output;
    int ntypes;
    bool needs_env;
};

rlist *dd_rs_list(const dd_ruleset *rs, const char *name);
rmacro *dd_rs_macro(const dd_ruleset *rs, const char *name);
void dd_rtext_add(rtext *t, const char *s, size_t n, int src, size_t sidx, int style);
void dd_rtext_free(rtext *t);
/* Position of byte `off` of a condition text. */
rpos dd_rtext_pos(const dd_ruleset *rs, const rtext *t, size_t off);
/* "FILE:LINE:COL" */
void dd_rpos_format(const dd_ruleset *rs, rpos p, char *out, size_t n);

/* cond.c: compile a macro/rule condition. Returns the node, or NULL with `e` set for a
 * hard error (syntax, unknown macro/list, bad value). An unsupported field sets *skip
 * (owned by the caller) and compiles to a node that never matches. */
struct dd_cnode *dd_cond_compile(dd_ruleset *rs, const rtext *t, char **skip, dd_error *e);
/* Compile a rule's exceptions into a node that matches when any exception does. */
struct dd_cnode *dd_exc_compile(dd_ruleset *rs, const rrule *r, char **skip, dd_error *e);
struct dd_cnode *dd_cnode_and_not(dd_ruleset *rs, struct dd_cnode *a, struct dd_cnode *b);
/* Event types a node can match: bitmap, *all when unrestricted. `notes` collects types
 * Falco has that drydock does not produce. Errors for unknown type names. */
int dd_cnode_types(const dd_ruleset *rs, const struct dd_cnode *n, uint64_t *types, bool *all,
                   dd_buf *notes, dd_error *e);
bool dd_cnode_eval(const struct dd_cnode *n, const dd_wevent *ev);
bool dd_cnode_uses_env(const struct dd_cnode *n);
bool dd_cnode_uses_field(const struct dd_cnode *n, const char *name);
void dd_cnode_free(struct dd_cnode *n);

/* Outputs */
struct dd_outfmt *dd_outfmt_compile(const char *fmt, char **skip);
void dd_outfmt_free(struct dd_outfmt *f);
void dd_outfmt_render(const struct dd_outfmt *f, const dd_wevent *ev, dd_buf *text, json_t *fields);
