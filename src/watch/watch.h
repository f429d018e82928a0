/* `drydock watch`: runtime threat detection. Loads rules (drydock's default ruleset or
 * Falco rule files), configures the sensor with the syscalls they need, follows the
 * Docker daemon for container names, evaluates every event and writes alerts (text or
 * Falco's JSON lines, a webhook, Prometheus metrics) until the duration ends or a signal
 * stops it, then prints a summary.
 * Ownership: nothing returned needs freeing beyond what each function says. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/error.h"
#include "engine/engine.h"
#include "report/rule.h"
#include "watch/rules.h"

typedef enum { DD_WATCH_TEXT = 0, DD_WATCH_JSON } dd_watch_format;

typedef struct dd_watch_opts {
    char **rules; /* --rules paths; "default" is the embedded ruleset; none: default */
    size_t nrules;
    char **select; /* --rule NAME|ID|TAG: only these */
    size_t nselect;
    char **containers; /* --container NAME|ID: only these */
    size_t ncontainers;
    double duration_s; /* 0: until a signal */
    dd_watch_format format;
    const char *output; /* file, or NULL for stdout */
    const char *webhook;
    const char *metrics; /* listen address */
    int color;           /* -1 auto, 0, 1 */
    size_t ring_bytes;   /* per-CPU ring; 0: default */
    bool quiet;          /* no start-up report or summary */
    dd_engine_config engine;
} dd_watch_opts;

typedef struct dd_watch_result {
    uint64_t alerts;
    dd_severity worst; /* highest severity alerted (DD_SEV_UNKNOWN: none) */
} dd_watch_result;

/* Load the rules the options name and compile them. With `report`, list what was loaded
 * and every rule skipped with its reason. */
int dd_watch_load_rules(const dd_watch_opts *o, dd_ruleset **out, FILE *report, dd_error *e);
/* Run until the duration ends or SIGINT/SIGTERM. */
int dd_watch_run(const dd_watch_opts *o, dd_watch_result *res, dd_error *e);
/* Print every field (name, type, description). */
void dd_watch_list_fields(FILE *out);

/* The rule table of the default ruleset, for `drydock rules -c watch` (built on first use
 * from the embedded YAML; static afterwards). */
const dd_rule_table *dd_watch_rule_table(void);
