/* drydock db: the offline vulnerability database (import, update, status) and direct
 * matching of a package database file against it. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "core/progress.h"
#include "core/buf.h"
#include "core/cleanup.h"
#include "core/mem.h"
#include "core/term.h"
#include "vuln/db.h"
#include "vuln/import.h"
#include "vuln/match.h"
#include "vuln/oci.h"
#include "vuln/pkgfile.h"
#include "vuln/update.h"
#include "vuln/version.h"

const char cmd_db_help[] =
    "Usage: drydock db import [--db FILE] FILE...\n"
    "       drydock db update [--db FILE] [--offline] [--source URL]...\n"
    "       drydock db update [--db FILE] --from REGISTRY/REPO:TAG\n"
    "       drydock db push   [--db FILE] REGISTRY/REPO:TAG\n"
    "       drydock db status [--db FILE] [--format text|json]\n"
    "       drydock db match  [--db FILE] --status-file FILE [--os-release FILE] [OPTIONS]\n"
    "       drydock db vercmp [--ecosystem ECO] [A B]\n"
    "\n"
    "The vulnerability database is one SQLite file, by default\n"
    "$XDG_CACHE_HOME/drydock/vuln.db (~/.cache/drydock/vuln.db). Every import and update\n"
    "is atomic: it writes a copy and renames it over the database only when everything\n"
    "succeeded, so a failed, interrupted or malformed feed leaves the old database intact.\n"
    "\n"
    "import   Import feed files: the Debian security tracker JSON, Alpine secdb JSON\n"
    "         (vX.Y-REPO.json), OSV JSON records, arrays, directories of them and the\n"
    "         per-ecosystem OSV zip archives (Ubuntu, Red Hat, Rocky and Alma records\n"
    "         included); plain, gzip or zip. The format is detected from the content; a\n"
    "         file whose content is not what its name says is refused. Entries of\n"
    "         ecosystems drydock does not match are counted and named, never dropped\n"
    "         silently.\n"
    "update   Download the configured feeds with libcurl (conditional GET: unchanged feeds\n"
    "         answer 304 and are kept) and import them. Feeds: --source URL (repeatable),\n"
    "         else DRYDOCK_DB_SOURCES (URLs separated by spaces or commas), else the public\n"
    "         Debian tracker, Alpine secdb v3.17-v3.20 and the OSV archives of PyPI, npm,\n"
    "         Go, Maven, crates.io, RubyGems, Packagist, Ubuntu, Red Hat, Rocky and Alma.\n"
    "         http_proxy/https_proxy/no_proxy are honoured. --offline never uses the\n"
    "         network: only local paths and file:// sources are imported.\n"
    "         --from REF pulls the database another host pushed to a registry instead: only\n"
    "         when the artifact's digest changed, its bytes checked against that digest,\n"
    "         installed atomically (the way trivy-db is distributed).\n"
    "push     Publish the database to a registry as an OCI artifact (artifactType\n"
    "         application/vnd.drydock.vuln.db.v1) for `db update --from` on other hosts.\n"
    "status   Schema version, sources, their row counts and update times; the age of the\n"
    "         newest source, flagged past --db-max-age.\n"
    "match    Match a dpkg status file or an apk installed database (with the\n"
    "         os-release that says which release it is) and report vulnerabilities like\n"
    "         `drydock scan` does.\n"
    "vercmp   Compare versions as an ecosystem does (debian, ubuntu, alpine, rpm, npm,\n"
    "         semver, pypi, go, maven, cargo, rubygems, composer ...); prints <, = or >.\n"
    "         Without A B: reads 'A B' lines from standard input.\n"
    "\n"
    "Options:\n"
    "      --db FILE           the database file\n"
    "      --status-file FILE  (match) var/lib/dpkg/status or lib/apk/db/installed\n"
    "      --os-release FILE   (match) etc/os-release of the same system\n"
    "      --ignore-unfixed    (match) drop vulnerabilities without a fixed version\n"
    "      --offline           (update) no network\n"
    "      --source URL        (update) a feed URL or local path; repeatable\n"
    "      --from REF          (update) pull the database artifact from a registry\n"
    "      --ecosystem ECO     (vercmp) default debian\n"
    "      --db-max-age DAYS   (status, match) warn when the newest source is older\n"
    "                          (default 7; 0: never)\n\n" DD_REGISTRY_HELP "\n" DD_OUTPUT_HELP
    "\n" DD_CONFIG_HELP("db")
    "\nJSON (--format json): 'db status' writes {path, schemaVersion, sources: [{name,\n"
    "kind, url, updated, advisories, affected}], advisories, affected, updated, ageDays,\n"
    "stale}; 'db match' writes the report every command writes (docs/json-report.md).\n";

enum {
    OPT_DB = DD_OPT_FIRST_CMD,
    OPT_OFFLINE,
    OPT_SOURCE,
    OPT_STATUS_FILE,
    OPT_OS_RELEASE,
    OPT_SEVERITY,
    OPT_IGNORE_UNFIXED,
    OPT_IGNORE_FILE,
    OPT_ECOSYSTEM,
    OPT_MAX_AGE,
    OPT_FROM,
};

const char cmd_db_shortopts[] = "f:o:qh";
const struct option cmd_db_opts[] = {
    DD_CONFIG_LONGOPT,
    {"db", required_argument, NULL, OPT_DB},
    {"offline", no_argument, NULL, OPT_OFFLINE},
    {"source", required_argument, NULL, OPT_SOURCE},
    {"status-file", required_argument, NULL, OPT_STATUS_FILE},
    {"os-release", required_argument, NULL, OPT_OS_RELEASE},
    {"ignore-unfixed", no_argument, NULL, OPT_IGNORE_UNFIXED},
    {"ecosystem", required_argument, NULL, OPT_ECOSYSTEM},
    {"db-max-age", required_argument, NULL, OPT_MAX_AGE},
    {"from", required_argument, NULL, OPT_FROM},
    DD_REGISTRY_LONGOPTS,
    DD_OUTPUT_LONGOPTS,
    {NULL, 0, NULL, 0},
};

typedef struct {
    const char *db;
    bool offline;
    const char **sources;
    size_t nsources, capsources;
    const char *status_file, *os_release, *ignore_file, *ecosystem, *from;
    dd_cli_registry reg;
    dd_vuln_opts vopts;
    int max_age_days;
    dd_output_opts out;
} db_args;

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int do_import(db_args *a, int argc, char **argv, dd_error *e)
{
    if (argc < 1)
        return dd_error_set(e, DD_ERR_USAGE, 0, "db import needs at least one FILE");
    dd_vdb_txn t;
    if (dd_vdb_txn_begin(&t, a->db, e) < 0)
        return -1;
    for (int i = 0; i < argc; i++) {
        dd_import_stats st = {0};
        double t0 = now_s();
        if (dd_import_path(&t, argv[i], &st, e) < 0) {
            free(st.source);
            dd_vdb_txn_abort(&t);
            return dd_error_hint(e, "nothing was imported: the previous database is intact");
        }
        double dt = now_s() - t0;
        _cleanup_free_ char *file = dd_term_escape(argv[i]);
        _cleanup_free_ char *src = dd_term_escape(st.source ? st.source : "?");
        printf("imported %s: %s (%s), %lld advisories, %lld affected entries, %.1f MB in %.2f s "
               "(%.1f MB/s)\n",
               file, src, dd_feed_kind_name(st.kind), st.advisories, st.affected,
               (double)st.bytes / 1e6, dt, dt > 0 ? (double)st.bytes / 1e6 / dt : 0.0);
        _cleanup_free_ char *skipped = dd_import_skipped_text(&st);
        _cleanup_free_ char *eskipped = skipped ? dd_term_escape(skipped) : NULL;
        if (eskipped)
            printf("  %s\n", eskipped);
        free(st.source);
    }
    _cleanup_free_ char *path = dd_xstrdup(t.path);
    if (dd_vdb_txn_commit(&t, e) < 0)
        return -1;
    printf("database: %s\n", path);
    return DD_EXIT_OK;
}

static void progress(const char *url, long long now, long long total, void *ud)
{
    dd_progress_draw(url, now > 0 ? (uint64_t)now : 0, total > 0 ? (uint64_t)total : 0);
}

static int do_pull(db_args *a, dd_error *e)
{
    if (a->nsources)
        return dd_error_set(e, DD_ERR_USAGE, 0, "db update: --from and --source exclude each other");
    if (a->offline)
        return dd_error_set(e, DD_ERR_USAGE, 0, "db update --from needs the network (--offline)");
    dd_db_pull_result res;
    int rc = dd_vuln_db_pull(a->db, a->from, &a->reg.opts, &res, e);
    if (rc == 0) {
        if (res.updated)
            printf("%s: updated %s from %s, %.1f MB\n", a->from, res.path, res.digest,
                   (double)res.bytes / 1e6);
        else
            printf("%s: not modified (%s)\n", a->from, res.digest);
    }
    free(res.path);
    return rc < 0 ? -1 : DD_EXIT_OK;
}

static int do_push(db_args *a, int argc, char **argv, dd_error *e)
{
    if (argc != 1)
        return dd_error_set(e, DD_ERR_USAGE, 0, "db push takes one REGISTRY/REPO:TAG");
    char digest[DD_DIGEST_LEN];
    if (dd_vuln_db_push(a->db, argv[0], &a->reg.opts, digest, e) < 0)
        return -1;
    printf("pushed %s as %s\n", argv[0], digest);
    return DD_EXIT_OK;
}

static int do_update(db_args *a, int argc, char **argv, dd_error *e)
{
    if (argc > 0)
        return dd_error_set(e, DD_ERR_USAGE, 0, "db update takes no arguments (use --source URL)");
    if (a->from)
        return do_pull(a, e);
    _cleanup_free_ char *envcopy = NULL;
    _cleanup_free_ const char **list = NULL;
    size_t n = 0, cap = 0;
    for (size_t i = 0; i < a->nsources; i++) {
        list = dd_xgrow(list, &cap, n + 2, sizeof *list);
        list[n++] = a->sources[i];
    }
    const char *env = getenv("DRYDOCK_DB_SOURCES");
    if (n == 0 && env && *env) {
        envcopy = dd_xstrdup(env);
        char *save = NULL;
        for (char *s = strtok_r(envcopy, " ,\t\n", &save); s; s = strtok_r(NULL, " ,\t\n", &save)) {
            list = dd_xgrow(list, &cap, n + 2, sizeof *list);
            list[n++] = s;
        }
    }
    if (list)
        list[n] = NULL;
    dd_update_opts o = {
        .db_path = a->db,
        .sources = list,
        .offline = a->offline,
        .progress = isatty(STDERR_FILENO) ? progress : NULL,
        .progress_ud = NULL,
    };
    dd_update_result res = {0};
    int rc = dd_vuln_update(&o, &res, e);
    if (o.progress)
        dd_progress_clear();
    for (size_t i = 0; i < res.n; i++) {
        dd_update_feed *f = &res.v[i];
        _cleanup_free_ char *url = dd_term_escape(f->url);
        _cleanup_free_ char *src = dd_term_escape(f->source ? f->source : "");
        _cleanup_free_ char *state = dd_term_escape(f->state);
        if (strcmp(f->state, "updated") == 0)
            printf("%s: updated %s, %lld advisories, %lld affected entries, %.1f MB in %.2f s\n",
                   url, src, f->advisories, f->affected, (double)f->bytes / 1e6, f->seconds);
        else
            printf("%s: %s\n", url, state);
        _cleanup_free_ char *skipped = f->skipped ? dd_term_escape(f->skipped) : NULL;
        if (skipped)
            printf("  %s\n", skipped);
    }
    dd_update_result_free(&res);
    return rc < 0 ? -1 : DD_EXIT_OK;
}

static int do_status(db_args *a, int argc, char **argv, dd_error *e)
{
    if (a->out.format != DD_FMT_TEXT && a->out.format != DD_FMT_JSON)
        return dd_error_set(e, DD_ERR_USAGE, 0, "db status prints text or json");
    _cleanup_json_ json_t *j = dd_vuln_db_status(a->db, a->max_age_days, e);
    if (!j)
        return -1;
    json_t *srcs = json_object_get(j, "sources");
    long long tot_adv = json_integer_value(json_object_get(j, "advisories"));
    long long tot_aff = json_integer_value(json_object_get(j, "affected"));
    const char *updated = json_string_value(json_object_get(j, "updated"));
    long long age_days = json_integer_value(json_object_get(j, "ageDays"));
    bool stale = json_is_true(json_object_get(j, "stale"));
    dd_outfile of;
    FILE *out = dd_cli_output_open(&of, a->out.output, e);
    if (!out)
        return -1;
    if (a->out.format == DD_FMT_JSON) {
        json_dumpf(j, out, JSON_INDENT(2));
        fputc('\n', out);
        return dd_cli_output_close(&of, e) < 0 ? -1 : DD_EXIT_OK;
    }
    _cleanup_free_ char *path = dd_term_escape(json_string_value(json_object_get(j, "path")));
    fprintf(out,
            "database:       %s\nschema version: %d\nadvisories:     %lld\naffected:       %lld\n",
            path, DD_VDB_SCHEMA_VERSION, tot_adv, tot_aff);
    if (updated)
        fprintf(out, "updated:        %s (%lld day%s ago)%s\n", updated, age_days,
                age_days == 1 ? "" : "s",
                stale ? ": older than --db-max-age, run 'drydock db update'" : "");
    size_t i;
    json_t *s;
    if (json_array_size(srcs))
        fprintf(out, "sources:\n");
    json_array_foreach(srcs, i, s)
    {
        /* Source names and kinds come from the feeds. */
        _cleanup_free_ char *name = dd_term_escape(json_string_value(json_object_get(s, "name")));
        _cleanup_free_ char *kind = dd_term_escape(json_string_value(json_object_get(s, "kind")));
        fprintf(out, "  %-32s %-15s %8lld advisories %9lld affected  updated %s\n", name, kind,
                (long long)json_integer_value(json_object_get(s, "advisories")),
                (long long)json_integer_value(json_object_get(s, "affected")),
                json_string_value(json_object_get(s, "updated")));
    }
    return dd_cli_output_close(&of, e) < 0 ? -1 : DD_EXIT_OK;
}

static int do_match(db_args *a, int argc, char **argv, dd_error *e)
{
    if (!a->status_file)
        return dd_error_set(e, DD_ERR_USAGE, 0, "db match needs --status-file FILE");
    if (dd_cli_output_check(&a->out, "db match", false, e) < 0)
        return -1;
    dd_package_list pkgs = {0};
    int rc = -1;
    dd_vuln_db *db = NULL;
    dd_report r;
    dd_report_init(&r, "scan", "Vulnerabilities");
    r.text_style = DD_TEXT_LIST;
    if (dd_vuln_read_pkgfile(a->status_file, &pkgs, e) < 0)
        goto out;
    if (a->os_release && dd_vuln_read_os_release(a->os_release, &pkgs.os, e) < 0)
        goto out;
    if (dd_vuln_db_open(&db, a->db, true, e) < 0)
        goto out;
    if (dd_vuln_match(db, &pkgs, &a->vopts, a->status_file, &r, e) < 0)
        goto out;
    dd_cli_notes(&r, &a->out);
    dd_report_sort(&r);
    rc = dd_cli_finish(&r, &a->out, e);
out:
    dd_vuln_db_close(db);
    dd_report_free(&r);
    dd_package_list_free(&pkgs);
    return rc;
}

static char sign_char(int c)
{
    return c < 0 ? '<' : c > 0 ? '>' : '=';
}

static int do_vercmp(db_args *a, int argc, char **argv, dd_error *e)
{
    dd_ecosystem eco = DD_ECO_DEBIAN;
    if (a->ecosystem) {
        const dd_eco_info *ei = dd_eco_by_cli(a->ecosystem);
        if (!ei) {
            dd_buf names = DD_BUF_INIT;
            for (int i = 1; i < DD_ECO_COUNT_; i++)
                dd_buf_printf(&names, "%s%s", i > 1 ? ", " : "", dd_eco((dd_ecosystem)i)->cli);
            dd_error_set(e, DD_ERR_USAGE, 0, "unknown ecosystem '%s' (%s)", a->ecosystem,
                         names.data);
            dd_buf_free(&names);
            return -1;
        }
        eco = ei->id;
    }
    if (argc == 2) {
        printf("%c\n", sign_char(dd_vercmp(eco, argv[0], argv[1])));
        return DD_EXIT_OK;
    }
    if (argc != 0)
        return dd_error_set(e, DD_ERR_USAGE, 0,
                            "db vercmp takes two versions, or none to read stdin");
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    while ((n = getline(&line, &cap, stdin)) > 0) {
        if (line[n - 1] == '\n')
            line[--n] = '\0';
        char *sp = strchr(line, ' ');
        if (!sp) {
            printf("?\n");
            continue;
        }
        *sp = '\0';
        printf("%c\n", sign_char(dd_vercmp(eco, line, sp + 1)));
    }
    free(line);
    return DD_EXIT_OK;
}

int cmd_db(int argc, char **argv, dd_error *e)
{
    db_args a = {0};
    dd_output_opts_init(&a.out);
    dd_cli_registry_init(&a.reg);
    optind = 1;
    int opt, rc = -1;
    /* "+" keeps getopt from permuting: the subcommand comes first. */
    const char *sub = argc > 1 && argv[1][0] != '-' ? argv[1] : NULL;
    if (sub) {
        argv++;
        argc--;
    }
    while ((opt = getopt_long(argc, argv, cmd_db_shortopts, cmd_db_opts, NULL)) != -1) {
        int h = dd_cli_output_opt(opt, optarg, &a.out, e);
        if (h == 0)
            h = dd_cli_registry_opt(opt, optarg, &a.reg, e);
        if (h < 0)
            goto out;
        if (h > 0)
            continue;
        switch (opt) {
        case DD_OPT_HELP:
            fputs(cmd_db_help, stdout);
            rc = DD_EXIT_OK;
            goto out;
        case OPT_DB:
            a.db = optarg;
            break;
        case OPT_OFFLINE:
            a.offline = true;
            break;
        case OPT_SOURCE:
            a.sources = dd_xgrow(a.sources, &a.capsources, a.nsources + 1, sizeof *a.sources);
            a.sources[a.nsources++] = optarg;
            break;
        case OPT_STATUS_FILE:
            a.status_file = optarg;
            break;
        case OPT_OS_RELEASE:
            a.os_release = optarg;
            break;
        case OPT_IGNORE_UNFIXED:
            a.vopts.ignore_unfixed = true;
            break;
        case OPT_ECOSYSTEM:
            a.ecosystem = optarg;
            break;
        case OPT_MAX_AGE:
            if (dd_cli_parse_days(optarg, &a.max_age_days, e) < 0)
                goto out;
            a.vopts.max_age_days = a.max_age_days;
            break;
        case OPT_FROM:
            a.from = optarg;
            break;
        default:
            rc = dd_cli_usage_error(e, "db");
            goto out;
        }
    }
    if (!sub && optind < argc)
        sub = argv[optind++];
    if (!sub) {
        dd_error_set(e, DD_ERR_USAGE, 0,
                     "db needs a subcommand: import, update, status, match, vercmp");
        dd_error_hint(e, "see 'drydock db --help'");
        goto out;
    }
    if (getenv("DRYDOCK_OFFLINE") && strcmp(getenv("DRYDOCK_OFFLINE"), "1") == 0)
        a.offline = true;
    int rest = argc - optind;
    char **args = argv + optind;
    if (strcmp(sub, "import") == 0)
        rc = do_import(&a, rest, args, e);
    else if (strcmp(sub, "update") == 0)
        rc = do_update(&a, rest, args, e);
    else if (strcmp(sub, "status") == 0)
        rc = do_status(&a, rest, args, e);
    else if (strcmp(sub, "push") == 0)
        rc = do_push(&a, rest, args, e);
    else if (strcmp(sub, "match") == 0)
        rc = do_match(&a, rest, args, e);
    else if (strcmp(sub, "vercmp") == 0)
        rc = do_vercmp(&a, rest, args, e);
    else {
        dd_error_set(e, DD_ERR_USAGE, 0, "unknown db subcommand '%s'", sub);
        dd_error_hint(e, "import, update, push, status, match or vercmp");
    }
out:
    free(a.sources);
    return rc;
}
