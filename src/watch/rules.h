/* Falco's rule language: YAML files of lists, macros and rules (with append, override,
 * exceptions, enabled, required_engine_version), conditions with and/or/not, the
 * comparison operators (=, !=, <, <=, >, >=, in, intersects, contains, icontains,
 * bcontains, startswith, bstartswith, endswith, glob, iglob, pmatch, exists, regex),
 * field transformers (tolower, toupper, b64, basename, len, val) and outputs with
 * %field substitution.
 *
 * Loading reads every file (a directory: its *.yaml and *.yml in name order), then
 * dd_ruleset_compile() resolves lists and macros (in any order), compiles each rule's
 * condition once into a tree whose comparisons hold resolved fields and converted values
 * (numbers, addresses, compiled regexes, hash sets for long lists), and indexes rules by
 * the event types they can match: evaluating an event runs only the rules of its type.
 *
 * Errors: a syntax error, a list or macro that does not exist, an invalid value (a
 * non-number for a numeric field) is an error naming the file, line and column. A rule
 * whose fields drydock does not provide, whose source is not syscall or whose event types
 * drydock does not trace is skipped with the reason (dd_wrule.skip), never silently.
 *
 * Ownership: the ruleset owns every rule, node and string; dd_ruleset_free() releases
 * them. Rules returned by dd_ruleset_at() are borrowed. A compiled ruleset is read-only:
 * several threads may evaluate events against it. */
#pragma once
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/error.h"
#include "report/rule.h"
#include "watch/wevent.h"

typedef enum {
    DD_PRIO_EMERGENCY = 0,
    DD_PRIO_ALERT,
    DD_PRIO_CRITICAL,
    DD_PRIO_ERROR,
    DD_PRIO_WARNING,
    DD_PRIO_NOTICE,
    DD_PRIO_INFORMATIONAL,
    DD_PRIO_DEBUG,
} dd_prio;

const char *dd_prio_name(dd_prio p); /* "Warning", as Falco prints it */
int dd_prio_parse(const char *s, dd_prio *out);
dd_severity dd_prio_severity(dd_prio p);

#define DD_TYPE_WORDS 2 /* event-type bitmap: up to 128 types */

struct dd_cnode;
struct dd_outfmt;

typedef struct dd_wrule {
    char *name;
    char *desc;
    char *output; /* the format as written */
    dd_prio prio;
    char **tags;
    size_t ntags;
    bool enabled;
    char *source;      /* "syscall" unless the file says otherwise */
    char *id;          /* drydock's rule id (our ruleset), or NULL */
    char *remediation; /* drydock's remediation text, or NULL */
    char *file;        /* where it was defined */
    int line;
    /* compiled */
    struct dd_cnode *cond;
    struct dd_outfmt *fmt;
    uint64_t types[DD_TYPE_WORDS];
    bool all_types; /* no evt.type restriction: evaluated on every event */
    char *skip;     /* why it is not evaluated (unsupported field, source...), or NULL */
    char *note;     /* a load note (some of its event types are not traced), or NULL */
    size_t index;
} dd_wrule;

typedef struct dd_ruleset dd_ruleset;

dd_ruleset *dd_ruleset_new(void);
void dd_ruleset_free(dd_ruleset *rs);
/* A file, or a directory of *.yaml / *.yml (read in name order). Files are read through
 * dd_buf_read_file (regular files only, at most DD_RULES_MAX_FILE bytes); a YAML error
 * names the file, line and column. */
int dd_ruleset_load_path(dd_ruleset *rs, const char *path, dd_error *e);
int dd_ruleset_load_buffer(dd_ruleset *rs, const char *name, const char *data, size_t len,
                           dd_error *e);
/* Text added to every rule's output (before compiling), as Falco's append_output does. */
void dd_ruleset_set_append_output(dd_ruleset *rs, const char *suffix);
int dd_ruleset_compile(dd_ruleset *rs, dd_error *e);

size_t dd_ruleset_count(const dd_ruleset *rs);
const dd_wrule *dd_ruleset_at(const dd_ruleset *rs, size_t i);
/* Enabled rules that are not skipped. */
size_t dd_ruleset_active(const dd_ruleset *rs);
/* Does an active rule care about this event type? (The sensor's interest bitmap.) */
bool dd_ruleset_uses_type(const dd_ruleset *rs, int type);
/* Does an active rule read proc.env? (The sensor then captures environments.) */
bool dd_ruleset_needs_env(const dd_ruleset *rs);
/* Does an active rule's condition read this field? */
bool dd_ruleset_uses_field(const dd_ruleset *rs, const char *name);
/* Keep only rules whose name, id or tag is in `names` (--rule NAME filters); others are
 * disabled. Returns how many names matched nothing, with the first in *unknown. */
size_t dd_ruleset_select(dd_ruleset *rs, char *const *names, size_t n, const char **unknown);

/* Evaluate an event: cb for every active rule of its type whose condition holds, in
 * rule order. Returns the number of matches. */
typedef void (*dd_match_cb)(const dd_wrule *r, const dd_wevent *ev, void *ud);
size_t dd_ruleset_eval(const dd_ruleset *rs, const dd_wevent *ev, dd_match_cb cb, void *ud);
/* Evaluate one rule (tests). */
bool dd_rule_matches(const dd_wrule *r, const dd_wevent *ev);

/* The rule's output with its %fields filled in (text, "<NA>" for missing values) and,
 * when `fields` is an object, each field's value under its name (Falco's output_fields).
 * Text values are inserted as they are: sinks escape control characters. */
void dd_rule_render(const dd_wrule *r, const dd_wevent *ev, dd_buf *text, json_t *fields);

/* The size bound on a rules file. */
#define DD_RULES_MAX_FILE (16u << 20)
