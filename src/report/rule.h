/* Rules are data. Every check drydock runs is one row: an id, a title, a default
 * severity, references and remediation, and (in the module's own row type, which
 * embeds dd_rule as its first member) the function that evaluates it. Help, the man
 * page and `drydock rules` are generated from these tables; nothing is kept by hand.
 * Tables and rules are static data: nobody owns or frees them. */
#pragma once
#include <stdbool.h>
#include <stddef.h>

#define DD_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

typedef enum {
    DD_SEV_UNKNOWN = 0,
    DD_SEV_INFO,
    DD_SEV_LOW,
    DD_SEV_MEDIUM,
    DD_SEV_HIGH,
    DD_SEV_CRITICAL,
} dd_severity;

enum {
    DD_RULE_MANUAL = 1u << 0,   /* needs a human; reported as guidance, never as a pass */
    DD_RULE_SCORED = 1u << 1,   /* counts towards the CIS score */
    DD_RULE_LEVEL2 = 1u << 2,   /* CIS profile level 2 (level 1 otherwise) */
    DD_RULE_OPTIONAL = 1u << 3, /* off unless asked for (--check / config) */
};

typedef struct dd_rule {
    const char *id;          /* stable id, e.g. "CIS-5.4", "DDL-USER-ROOT" */
    const char *title;       /* one line */
    dd_severity severity;    /* default severity */
    const char *group;       /* section used for grouping and --check: "1.1", "5", "dockerfile" */
    const char *rationale;   /* why it matters */
    const char *remediation; /* what to do */
    const char *cis;         /* CIS Docker Benchmark 1.6.0 id, or NULL */
    const char *cwe;         /* "CWE-250", or NULL */
    const char *url;         /* a reference, or NULL */
    const char *alias;       /* the peer tool's id (hadolint DL3008, dockle CIS-DI-0001), or NULL */
    unsigned flags;          /* DD_RULE_* */
} dd_rule;

/* A module's table. `rows` points at the module's own row type; each row begins with
 * a dd_rule, `stride` is the size of a row. */
typedef struct dd_rule_table {
    const char *command; /* the command that runs these rules: "bench", "lint", "scan" */
    const char *title;   /* "CIS Docker Benchmark 1.6.0", ... */
    const void *rows;
    size_t n;
    size_t stride;
} dd_rule_table;

/* The table of a module's `rows` array (of any row type beginning with a dd_rule):
 *   const dd_rule_table dd_lint_table = DD_RULE_TABLE("lint", "Dockerfile rules", rows); */
#define DD_RULE_TABLE(command_, title_, rows_)                                                     \
    {                                                                                              \
        .command = (command_), .title = (title_), .rows = (rows_), .n = DD_ARRAY_LEN(rows_),       \
        .stride = sizeof(rows_)[0]                                                                 \
    }

static inline const dd_rule *dd_rule_table_at(const dd_rule_table *t, size_t i)
{
    return (const dd_rule *)((const char *)t->rows + i * t->stride);
}

/* Every table the program has, in a fixed order; NULL-terminated. */
const dd_rule_table *const *dd_rule_tables(void);
/* The same without the watch table, whose rows are parsed from YAML on first use: the
 * prefix of dd_rule_tables() that costs nothing to reach. NULL-terminated. */
const dd_rule_table *const *dd_rule_tables_builtin(void);
/* Look a rule up by id across all tables (case-sensitive); NULL when unknown. */
const dd_rule *dd_rule_find(const char *id, const dd_rule_table **table_out);

const char *dd_severity_name(dd_severity s); /* "critical", ..., "info", "unknown" */
/* Parse "critical|high|medium|low|info|none" (case-insensitive; also error/warning/note
 * as SARIF levels). Returns -1 when unknown. "none" parses as DD_SEV_UNKNOWN. */
int dd_severity_parse(const char *s, dd_severity *out);
