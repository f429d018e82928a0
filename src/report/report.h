/* One finding model for every command, and the reporters that print it.
 * Reporters never know which command made a finding.
 *
 * Ownership: a dd_report owns its findings and every string and json_t inside them;
 * dd_report_free() releases everything. Rules (dd_rule) are static and not owned. */
#pragma once
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>

#include "core/error.h"
#include "report/note.h"
#include "report/rule.h"

typedef enum {
    DD_STATUS_PASS = 0,
    DD_STATUS_FAIL,    /* the check found a problem (docker-bench's WARN) */
    DD_STATUS_INFO,    /* informational, not a problem by itself */
    DD_STATUS_MANUAL,  /* needs a human: guidance given, never a fake pass */
    DD_STATUS_SKIPPED, /* not applicable here (LSM absent, object vanished, --skip) */
    DD_STATUS_ERROR,   /* drydock could not gather what the check needs: never a FAIL */
} dd_status;

typedef struct dd_finding {
    const dd_rule *rule; /* static rule, or NULL for data-driven ids (advisories) */
    char *rule_id;       /* id when rule is NULL, e.g. "CVE-2023-4911" */
    char *title;         /* title when rule is NULL */
    dd_severity severity;
    dd_status status;
    char *target;  /* what was checked: container name, image, Dockerfile, "host" */
    char *path;    /* file the finding is about, or NULL */
    int line;      /* 1-based; 0 when unknown */
    int column;    /* 1-based; 0 when unknown */
    char *message; /* what was found, for this object; secrets already masked */
    json_t *props; /* extra structured data (package, versions, layer...), or NULL */
} dd_finding;

typedef struct dd_section {
    const char *id;    /* "1", "1.1", "5" */
    const char *title; /* "Host Configuration" */
} dd_section;

typedef enum { DD_TEXT_CHECKLIST, DD_TEXT_LIST } dd_text_style;

typedef struct dd_report {
    const char *command;        /* "bench", "lint", "scan" ... (static) */
    const char *title;          /* heading for text and junit (static) */
    dd_text_style text_style;   /* checklist (bench) or file:line list (lint, scan) */
    const dd_section *sections; /* for checklist headers; terminated by {NULL}; may be NULL */
    dd_finding *items;
    size_t n, cap;
    json_t *meta;         /* owned: facts about the target (engine version, image id...) */
    json_t *components;   /* owned: SBOM components for cyclonedx/spdx, or NULL */
    dd_notes notes;       /* limits hit and other things a reader must know (note.h) */
    bool paths_in_target; /* finding paths are files inside the target (an image), not files
                             of the repository being reviewed (SARIF locations) */
    char *headline;       /* owned: said once at the top of the text report (bench without a
                             daemon), or NULL */
} dd_report;

void dd_report_init(dd_report *r, const char *command, const char *title);
void dd_report_free(dd_report *r);

/* Add a finding for `rule` (severity taken from the rule). The returned pointer stays
 * valid until the next add; use it to set path, line, column and props. */
dd_finding *dd_report_add(dd_report *r, const dd_rule *rule, dd_status st, const char *target,
                          const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* Add a finding whose id and title are data (vulnerabilities). */
dd_finding *dd_report_add_dynamic(dd_report *r, const char *id, const char *title, dd_severity sev,
                                  dd_status st, const char *target, const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));

static inline const char *dd_finding_id(const dd_finding *f)
{
    return f->rule ? f->rule->id : f->rule_id;
}
static inline const char *dd_finding_title(const dd_finding *f)
{
    return f->rule ? f->rule->title : f->title;
}
const char *dd_status_name(dd_status s); /* "pass", "fail", ... */
/* Release what one finding owns (the report keeps the slot). */
void dd_finding_free(dd_finding *f);

/* Sort findings into a stable order: by rule table order / group, then target, path, line. */
void dd_report_sort(dd_report *r);

typedef enum {
    DD_FMT_TEXT = 0,
    DD_FMT_JSON,
    DD_FMT_SARIF,
    DD_FMT_JUNIT,
    DD_FMT_CYCLONEDX,
    DD_FMT_SPDX,
    DD_FMT_CHECKSTYLE,  /* Checkstyle XML (Jenkins warnings-ng, reviewdog...) */
    DD_FMT_CODECLIMATE, /* Code Climate engine issues, NUL-separated JSON */
    DD_FMT_GITLAB,      /* GitLab Code Quality: a JSON array with fingerprints */
    DD_FMT_GNU,         /* GNU error lines: FILE:LINE:COLUMN: ... */
    DD_FMT_SONARQUBE,   /* SonarQube generic issue import JSON */
    DD_FMT_JSONL,       /* one JSON object per finding and a summary line (log shippers) */
    DD_FMT_PROMETHEUS,  /* node-exporter textfile: findings per severity and per rule */
    DD_FMT_SPDX_TV,     /* SPDX 2.3 tag-value: what `--format spdx` means to Trivy users */
} dd_format;

typedef struct dd_output_opts {
    dd_format format;
    bool format_set;     /* --format given (text included): no default from the environment
                          * (node.h); a format other than text is never replaced either */
    const char *output;  /* file, or NULL for stdout */
    dd_severity fail_on; /* DD_SEV_UNKNOWN: never exit 1 */
    bool fail_on_set;
    bool fail_on_implied; /* set by --exit-code alone: a command's own default may replace it */
    int color;            /* -1 auto, 0 never, 1 always */
    bool quiet;           /* text: print only failures */
    bool show_passed;     /* list style: also print pass results */
    const char *webhook;  /* also POST the JSON report here (webhook.h), or NULL */
    int exit_code;        /* --exit-code: the exit code when --fail-on is met */
    bool exit_code_set;   /* else 1 */
    unsigned severities;  /* --severity: bit (1u << dd_severity) per severity kept; 0: all */
    unsigned severities_named;   /* every severity --severity named, when it is repeated */
    unsigned nseverity;          /* how many --severity options were given */
    const char *sarif_root;      /* --sarif-root: SARIF artifact URIs relative to this directory */
    const char *ignorefiles[16]; /* --ignorefile, in order (report/ignore.h) */
    size_t nignorefiles;
} dd_output_opts;

int dd_format_parse(const char *s, dd_format *out);
/* The name --format takes for `f`. */
const char *dd_format_name(dd_format f);
/* Whether `f` is an SBOM format (only `scan` makes one). */
static inline bool dd_format_is_sbom(dd_format f)
{
    return f == DD_FMT_CYCLONEDX || f == DD_FMT_SPDX || f == DD_FMT_SPDX_TV;
}
/* Keep only the findings --severity asks for (errors are kept: a check that could not
 * run says so whatever its severity). Returns how many were dropped. */
size_t dd_report_filter_severity(dd_report *r, unsigned severities);
/* Parse --severity: "high" (that severity and above) or a list "HIGH,CRITICAL" (exactly
 * those), as Trivy takes it. */
int dd_severity_list_parse(const char *s, unsigned *out);

/* Whether text to `out` gets colour: --color, else NO_COLOR, else whether it is a tty. */
bool dd_output_color(const dd_output_opts *o, FILE *out);
/* Write the report in the chosen format to opts->output (or stdout). */
int dd_report_write(const dd_report *r, const dd_output_opts *o, dd_error *e);
/* The exit code the report deserves: 3 if any check errored, 1 if a failure is at or
 * above fail_on, else 0. */
int dd_report_exit_code(const dd_report *r, const dd_output_opts *o);

/* Individual writers (used by dd_report_write and by tests). */
int dd_write_text(const dd_report *r, FILE *out, bool color, const dd_output_opts *o);
int dd_write_json(const dd_report *r, FILE *out);
int dd_write_sarif(const dd_report *r, FILE *out, const dd_output_opts *o);
int dd_write_junit(const dd_report *r, FILE *out);
/* Formats CI systems and code review tools read (one small file each): only the
 * problems are written (failed checks, and checks that could not run), each at the file
 * it is about, or at its target (container, image...) when a command has no file. */
int dd_write_checkstyle(const dd_report *r, FILE *out);
int dd_write_codeclimate(const dd_report *r, FILE *out, bool gitlab);
int dd_write_gnu(const dd_report *r, FILE *out);
int dd_write_sonarqube(const dd_report *r, FILE *out);
/* Where operators look (a fleet's logs and metrics): JSON lines, one per finding with the
 * node's name and labels (report/node.h) and a last `summary` line, for log shippers; the
 * node-exporter textfile format for Prometheus (report/prometheus.c). */
int dd_write_jsonl(const dd_report *r, FILE *out, const dd_output_opts *o);
int dd_write_prometheus(const dd_report *r, FILE *out);
/* SBOM writers live with the scanner; the report only calls them. */
int dd_write_cyclonedx(const dd_report *r, FILE *out);
int dd_write_spdx(const dd_report *r, FILE *out);
int dd_write_spdx_tv(const dd_report *r, FILE *out);

/* Shared helpers for writers. */
/* A problem to show in an issue list: a failed check, or one that could not run. */
static inline bool dd_finding_is_issue(const dd_finding *f)
{
    return f->status == DD_STATUS_FAIL || f->status == DD_STATUS_ERROR;
}
/* Where a finding is: its file, else its target, else the command. */
static inline const char *dd_finding_where(const dd_report *r, const dd_finding *f)
{
    return f->path ? f->path : f->target ? f->target : r->command;
}
void dd_xml_escape(FILE *out, const char *s);
/* The three levels code-review formats know, from drydock's five: names[0] for critical
 * and high (and a check that could not run), names[1] for medium, names[2] for the rest. */
static inline const char *dd_finding_level(const dd_finding *f, const char *const names[3])
{
    if (f->status == DD_STATUS_ERROR || f->severity >= DD_SEV_HIGH)
        return names[0];
    return f->severity == DD_SEV_MEDIUM ? names[1] : names[2];
}
json_t *dd_rule_to_json(const dd_rule *rule);
json_t *dd_finding_to_json(const dd_finding *f);
/* Whether a list-style output shows this finding: passes and skipped checks only with
 * --show-passed. */
bool dd_finding_shown(const dd_finding *f, const dd_output_opts *o);
/* [{"message": ..., "limit": ...}] (limit only when one was hit). */
json_t *dd_notes_to_json(const dd_notes *ns);
void dd_report_count(const dd_report *r, size_t counts[6]);
/* {"total", "pass", "fail", "info", "manual", "skipped", "error", ["score",] "notes"} */
json_t *dd_report_summary_json(const dd_report *r);
int dd_report_score(const dd_report *r);
