/* `drydock harden`: a hardened daemon.json merged with the current one, and an audit
 * rules file for every Docker path of CIS section 1.1.
 *
 * Existing keys are kept unless they weaken security; every key added, changed or
 * removed is explained with the CIS check behind it. A setting given on the dockerd
 * command line is never added to daemon.json (dockerd refuses to start when a setting is
 * in both); it is reported instead. Nothing is written unless the caller asks.
 *
 * Ownership: dd_harden_plan owns everything in it; dd_harden_plan_free() releases it. */
#pragma once
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "bench/bench.h"
#include "core/error.h"

typedef enum {
    DD_HARDEN_ADD,    /* key was absent: added */
    DD_HARDEN_CHANGE, /* key had a weaker value: replaced */
    DD_HARDEN_REMOVE, /* key weakened security and has no safe value: removed */
    DD_HARDEN_KEEP,   /* already hardened: kept as is */
    DD_HARDEN_ADVICE, /* needs a human (TLS certificates, a remote log server...): not changed */
    DD_HARDEN_FLAG,   /* set on the dockerd command line: change it there, not here */
} dd_harden_action;

typedef struct dd_harden_change {
    char *key;
    dd_harden_action action;
    char *old_value; /* compact JSON text, or NULL when absent */
    char *new_value; /* compact JSON text, or NULL when removed/unchanged */
    const char *cis; /* CIS id, static */
    char *why;       /* the explanation */
} dd_harden_change;

/* A file `drydock harden --write` replaces: `path` inside the directory `root` ("" is /;
 * --root for the host's own files, / for a file named on the command line). */
typedef struct dd_harden_file {
    char *root;
    char *path;
} dd_harden_file;

typedef struct dd_harden_plan {
    char *daemon_json_path; /* the file to write, as shown (with the --root prefix) */
    dd_harden_file daemon_json_file;
    bool daemon_json_exists;
    json_t *config; /* the hardened daemon.json */
    dd_harden_change *changes;
    size_t nchanges;
    bool changed;           /* config differs from the current file */
    char *audit_rules_path; /* where the audit rules go, as shown */
    dd_harden_file audit_rules_file;
    char *audit_rules; /* the audit rules file text */
} dd_harden_plan;

/* Build the plan from gathered host facts (f->host, f->daemon). `daemon_json` overrides
 * the configuration file (read instead of the one the daemon uses); `audit_rules_path`
 * overrides ROOT/etc/audit/rules.d/docker.rules. Fails (-1) when the current daemon.json
 * cannot be read or parsed: hardening a file we cannot read would throw its settings
 * away. */
int dd_harden_build(const dd_bench_facts *f, const char *daemon_json, const char *audit_rules_path,
                    dd_harden_plan *out, dd_error *e);
void dd_harden_plan_free(dd_harden_plan *p);

/* The audit rules text for section 1.1 (one "-w PATH -k docker" per path; paths whose
 * directory does not exist on the host are commented out so auditctl -R does not stop at
 * them). Caller frees. */
char *dd_harden_audit_rules(const dd_bench_facts *f);

/* The plan as JSON: {"daemon_json": {path, config, changed}, "changes": [...],
 * "audit_rules": {path, text}}. Caller owns the reference. */
json_t *dd_harden_plan_json(const dd_harden_plan *p);

/* Write the plan: daemon.json (only when changed, keeping a .bak) and the audit rules,
 * each atomically inside its root (core/rootfile.h dd_rootfile_replace: never through a
 * link out of --root; mode and owner of the replaced file kept). */
int dd_harden_write(const dd_harden_plan *p, dd_error *e);
