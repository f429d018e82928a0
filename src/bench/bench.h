/* `drydock bench`: the CIS Docker Benchmark 1.6.0 as data.
 *
 * Facts are gathered once (dd_bench_gather_host for sections 1-3 from the filesystem
 * under --root, dd_bench_gather_engine for everything the daemon knows: one /info, one
 * /version, one container list and one inspect per container in parallel), then every
 * check reads them. A check never calls the daemon or the filesystem itself.
 *
 * Ownership: dd_bench_facts owns every json_t and struct it points to, released by
 * dd_bench_facts_free(). Check tables are static data. */
#pragma once
#include <jansson.h>
#include <stdbool.h>

#include "core/error.h"
#include "engine/engine.h"
#include "report/report.h"
#include "report/rule.h"

typedef struct dd_host_facts dd_host_facts;       /* bench/host.h */
typedef struct dd_daemon_config dd_daemon_config; /* bench/daemon_config.h */

typedef struct dd_bench_opts {
    const char *root;          /* host filesystem prefix; "" means / */
    const char *const *checks; /* --check: ids or sections ("5", "5.4", "CIS-5.4") */
    size_t nchecks;
    const char *const *skips; /* --skip: same forms */
    size_t nskips;
    const char *const *containers; /* --container: names or ids limiting section 5 */
    size_t ncontainers;
    bool include_stopped; /* --include-stopped */
    /* --include / --exclude (docker-bench-security's -i/-x): extended regexes on the names
     * of containers and images (their repository tags); comma-separated alternatives. */
    const char *const *include;
    size_t ninclude;
    const char *const *exclude;
    size_t nexclude;
    const char *const *trusted_users; /* --trusted-users: docker group members trusted (1.1.2) */
    size_t ntrusted_users;
    bool top_api;         /* --top-api: process lists only from GET /top, never
                             from <root>/proc (bench/gather.c) */
    /* Only tests set this (tests/helpers/bench_after_list.c), never the command line or
     * the environment: called between the container list and the inspects, so a test can
     * remove a container at exactly that moment. */
    void (*after_list)(void *ud);
    void *after_list_ud;
    const struct dd_trust_policy *policy;    /* trust section (checks_trust.c), or NULL */
    const struct dd_registry_opts *registry; /* how to reach registries for signatures */
} dd_bench_opts;

typedef struct dd_bench_facts {
    const dd_bench_opts *opts;
    dd_engine *engine;        /* NULL when the daemon could not be reached */
    dd_error engine_error;    /* why it could not, when engine is NULL */
    bool daemon_required;     /* a selected check needs the daemon (not only reads /info) */
    json_t *info;             /* GET /info, or NULL */
    json_t *version;          /* GET /version, or NULL */
    json_t *containers;       /* array of inspect objects, one per container in scope */
    json_t *vanished;         /* array of {"Id","Name"} listed but gone before inspect */
    json_t *tops;             /* object: container Id -> GET /containers/{id}/top answer */
    json_t *images;           /* GET /images/json */
    dd_host_facts *host;      /* sections 1-3 */
    dd_daemon_config *daemon; /* dockerd command line merged with daemon.json */
    /* Engine facts for sections 4, 6 and 7 (bench/gather.c). */
    json_t *image_inspects;  /* object: image Id -> GET /images/{id}/json */
    json_t *image_histories; /* object: image Id -> GET /images/{id}/history */
    json_t *networks;        /* GET /networks when the daemon answered, else NULL */
    json_t *inspect_errors;  /* array of {"Id","Name","error"}: inspect failed (not 404) */
    json_t *gather_errors;   /* object: fact ("info", "containers", "images"...) -> why it
                                could not be read; the checks that need it report ERROR */
} dd_bench_facts;

struct dd_bench_check;
/* A check adds one or more findings for its rule (one per object for per-container
 * checks). It must add at least one finding; an unreadable fact is DD_STATUS_ERROR. */
typedef void (*dd_bench_fn)(const struct dd_bench_check *c, const dd_bench_facts *f, dd_report *r);

enum {
    DD_BENCH_NEEDS_DAEMON = 1u << 0, /* reported as an error when the daemon is unreachable */
    DD_BENCH_NEEDS_HOST = 1u << 1,
    DD_BENCH_PER_CONTAINER = 1u << 2, /* honours --container; passes when none run */
    DD_BENCH_READS_INFO = 1u << 3,    /* what /info states wins when the daemon answers; judged
                                         from the configuration alone when it does not */
};

typedef struct dd_bench_check {
    dd_rule rule;      /* first member: tables are read as dd_rule arrays */
    dd_bench_fn fn;    /* NULL for manual checks: reported as MANUAL with `audit` */
    unsigned needs;    /* DD_BENCH_NEEDS_* */
    const char *audit; /* how a human verifies it (manual checks), or NULL */
} dd_bench_check;

extern const dd_rule_table dd_bench_host_table;    /* sections 1-3 (bench/checks_host*.c) */
extern const dd_rule_table dd_bench_runtime_table; /* sections 4-7 (bench/checks_*.c) */
extern const dd_rule_table dd_bench_trust_table;   /* drydock's trust checks (checks_trust.c) */
/* Every bench table in run order, NULL-terminated (bench/run.c). */
extern const dd_rule_table *const dd_bench_tables[];
extern const dd_section dd_bench_sections[];       /* CIS section titles, {NULL} terminated */

/* Host facts (sections 1-3). Failure to read one file is recorded in the facts for the
 * check to report, not returned; -1 only for a broken --root. */
int dd_bench_gather_host(dd_bench_facts *f, dd_error *e);
void dd_host_facts_free(dd_host_facts *h);
void dd_daemon_config_free(dd_daemon_config *d);

/* Engine facts. An unreachable daemon is recorded in f->engine_error, not returned. */
int dd_bench_gather_engine(dd_bench_facts *f, const dd_engine_config *ec, dd_error *e);

void dd_bench_facts_free(dd_bench_facts *f);

/* Whether a rule is selected by --check/--skip. */
bool dd_bench_selected(const dd_rule *rule, const dd_bench_opts *o);

/* Every --check/--skip selector must name some check, so a typo is a usage error
 * instead of an empty run. `opt` names the option in the message. */
int dd_bench_validate_selectors(const char *const *sels, size_t n, const char *opt, dd_error *e);
/* Whether an object named `names` (a container's names and image, an image's tags) is in
 * scope of --include/--exclude. -1 with `e` for a pattern that is not a regex. */
int dd_bench_name_in_scope(const dd_bench_opts *o, const char *const *names, size_t n, bool *in,
                           dd_error *e);
/* The report's meta (host, daemon, version, containers) and, without a daemon, its
 * headline. */
void dd_bench_add_meta(dd_report *r, const dd_bench_facts *f);

/* Run every selected check over the facts, in table order. */
int dd_bench_run(const dd_bench_facts *f, dd_report *r, dd_error *e);
