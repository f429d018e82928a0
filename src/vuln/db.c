/* Opening, creating and atomically replacing the vulnerability database. */
#include "vuln/db.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/cleanup.h"
#include "core/mem.h"

static const char schema_sql[] =
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "CREATE TABLE sources(name TEXT PRIMARY KEY, kind TEXT NOT NULL, url TEXT, etag TEXT,"
    " last_modified TEXT, updated INTEGER NOT NULL, advisories INTEGER NOT NULL DEFAULT 0,"
    " affected INTEGER NOT NULL DEFAULT 0);"
    "CREATE TABLE advisories(source TEXT NOT NULL, id TEXT NOT NULL, title TEXT,"
    " severity INTEGER NOT NULL DEFAULT 0, aliases TEXT, PRIMARY KEY(source, id)) WITHOUT ROWID;"
    "CREATE TABLE affected(ecosystem TEXT NOT NULL, release TEXT NOT NULL, package TEXT NOT NULL,"
    " advisory TEXT NOT NULL, source TEXT NOT NULL, status TEXT NOT NULL,"
    " severity INTEGER NOT NULL DEFAULT 0, range_type TEXT NOT NULL, introduced TEXT, fixed TEXT,"
    " last_affected TEXT, versions TEXT);";
/* Made at commit, so a new database gets its indexes built once from sorted rows
 * instead of maintained row by row (a copied database already has them). */
static const char index_sql[] =
    "CREATE INDEX IF NOT EXISTS affected_pkg ON affected(ecosystem, release, package, advisory);"
    "CREATE INDEX IF NOT EXISTS affected_source ON affected(source);";

/* The index is (ecosystem, release, package, advisory): rows come out in advisory
 * order without a sort. Titles are looked up only for rows that match. */
static const char q_affected_sql[] =
    "SELECT advisory, source, status, severity, range_type, introduced, fixed, last_affected,"
    " versions FROM affected WHERE ecosystem = ?1 AND release = ?2 AND package = ?3"
    " ORDER BY advisory";
static const char q_advisory_sql[] =
    "SELECT title, severity, aliases FROM advisories WHERE source = ?1 AND id = ?2";

char *dd_vuln_db_default_path(void)
{
    const char *xdg = getenv("XDG_CACHE_HOME");
    if (xdg && *xdg == '/')
        return dd_xasprintf("%s/drydock/vuln.db", xdg);
    const char *home = getenv("HOME");
    return dd_xasprintf("%s/.cache/drydock/vuln.db", home && *home ? home : "/root");
}

static int sql_error(dd_error *e, sqlite3 *db, const char *what, const char *path)
{
    return dd_error_set(e, DD_ERR_RUN, 0, "%s: %s: %s", path, what,
                        db ? sqlite3_errmsg(db) : "out of memory");
}

/* Refuse files that are not a drydock database of this schema. */
static int check_schema(sqlite3 *db, const char *path, dd_error *e)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE key = 'schema_version'", -1, &st,
                           NULL) != SQLITE_OK) {
        sqlite3_finalize(st);
        dd_error_set(e, DD_ERR_RUN, 0, "%s is not a drydock vulnerability database", path);
        return dd_error_hint(e, "remove it, or point --db at another file");
    }
    int v = -1;
    if (sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    if (v != DD_VDB_SCHEMA_VERSION) {
        dd_error_set(e, DD_ERR_RUN, 0, "%s has schema version %d, this drydock needs %d", path, v,
                     DD_VDB_SCHEMA_VERSION);
        return dd_error_hint(e, "run 'drydock db update' (or import again) to rebuild it");
    }
    return 0;
}

int dd_vuln_db_open(dd_vuln_db **out, const char *path, bool readonly, dd_error *e)
{
    _cleanup_free_ char *def = path ? NULL : dd_vuln_db_default_path();
    if (!path)
        path = def;
    struct stat st;
    if (stat(path, &st) != 0) {
        dd_error_sys(e, errno, "vulnerability database %s", path);
        return dd_error_hint(e, "run 'drydock db update', or 'drydock db import FILE' offline");
    }
    sqlite3 *db = NULL;
    /* One handle per thread of use: sqlite's own mutexes would only cost time. */
    int flags = (readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE) | SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(path, &db, flags, NULL) != SQLITE_OK) {
        sql_error(e, db, "cannot open", path);
        sqlite3_close(db);
        return -1;
    }
    if (check_schema(db, path, e) < 0) {
        sqlite3_close(db);
        return -1;
    }
    /* Reads through a memory map instead of a copy per page; the database is replaced
     * by rename, never written in place, so a mapping always sees a consistent file. */
    sqlite3_exec(db,
                 readonly ? "PRAGMA mmap_size=268435456; PRAGMA query_only=1"
                          : "PRAGMA mmap_size=268435456",
                 NULL, NULL, NULL);
    dd_vuln_db *v = dd_xcalloc(1, sizeof *v);
    v->db = db;
    v->path = dd_xstrdup(path);
    if (sqlite3_prepare_v3(db, q_affected_sql, -1, SQLITE_PREPARE_PERSISTENT, &v->q_affected,
                           NULL) != SQLITE_OK ||
        sqlite3_prepare_v3(db, q_advisory_sql, -1, SQLITE_PREPARE_PERSISTENT, &v->q_advisory,
                           NULL) != SQLITE_OK) {
        sql_error(e, db, "cannot prepare the matcher query", path);
        dd_vuln_db_close(v);
        return -1;
    }
    *out = v;
    return 0;
}

void dd_vuln_db_close(dd_vuln_db *db)
{
    if (!db)
        return;
    sqlite3_finalize(db->q_affected);
    sqlite3_finalize(db->q_advisory);
    sqlite3_finalize(db->q_packages);
    sqlite3_close(db->db);
    free(db->path);
    free(db);
}

/* mkdir -p for the database's directory. */
static int make_parent(const char *path, dd_error *e)
{
    _cleanup_free_ char *dir = dd_xstrdup(path);
    char *slash = strrchr(dir, '/');
    if (!slash || slash == dir)
        return 0;
    *slash = '\0';
    for (char *p = dir + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(dir, 0755) != 0 && errno != EEXIST)
            return dd_error_sys(e, errno, "cannot create %s", dir);
        *p = '/';
    }
    if (mkdir(dir, 0755) != 0 && errno != EEXIST)
        return dd_error_sys(e, errno, "cannot create %s", dir);
    return 0;
}

static int exec(sqlite3 *db, const char *sql, const char *path, dd_error *e)
{
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        dd_error_set(e, DD_ERR_RUN, 0, "%s: %s", path, msg ? msg : sqlite3_errmsg(db));
        sqlite3_free(msg);
        return -1;
    }
    return 0;
}

/* A run killed half-way leaves its PATH.tmp.XXXXXX behind. Each run holds an flock on
 * its own while it writes, so a temporary file nobody holds is stale: remove it. The
 * lock goes with the process, whatever killed it. */
static void remove_stale_tmp(const char *path)
{
    _cleanup_free_ char *dir = dd_xstrdup(path);
    char *slash = strrchr(dir, '/');
    const char *base = slash ? slash + 1 : path;
    if (slash)
        *slash = '\0';
    _cleanup_free_ char *prefix = dd_xasprintf("%s.tmp.", base);
    size_t plen = strlen(prefix);
    int dfd = open(slash ? (dir[0] ? dir : "/") : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd < 0)
        return;
    DIR *d = fdopendir(dfd);
    if (!d) {
        close(dfd);
        return;
    }
    struct dirent *de;
    while ((de = readdir(d))) {
        /* Only names mkstemp makes: the prefix and six characters. */
        if (strncmp(de->d_name, prefix, plen) != 0 || strlen(de->d_name + plen) != 6)
            continue;
        int fd = openat(dfd, de->d_name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
        if (fd < 0)
            continue;
        struct stat st;
        if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && flock(fd, LOCK_EX | LOCK_NB) == 0)
            unlinkat(dfd, de->d_name, 0);
        close(fd);
    }
    closedir(d);
}

int dd_vdb_txn_begin(dd_vdb_txn *t, const char *path, dd_error *e)
{
    memset(t, 0, sizeof *t);
    t->tmp_lock = -1;
    t->path = path ? dd_xstrdup(path) : dd_vuln_db_default_path();
    if (make_parent(t->path, e) < 0)
        goto fail;
    remove_stale_tmp(t->path);
    t->tmp = dd_xasprintf("%s.tmp.XXXXXX", t->path);
    int fd = mkstemp(t->tmp);
    if (fd < 0) {
        dd_error_sys(e, errno, "cannot create a temporary file next to %s", t->path);
        free(t->tmp);
        t->tmp = NULL;
        goto fail;
    }
    /* Held until commit or abort: marks the file as this live run's (remove_stale_tmp). */
    if (flock(fd, LOCK_EX) != 0) {
        dd_error_sys(e, errno, "cannot lock %s", t->tmp);
        close(fd);
        goto fail;
    }
    t->tmp_lock = fd;
    if (sqlite3_open_v2(t->tmp, &t->db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
        sql_error(e, t->db, "cannot open", t->tmp);
        goto fail;
    }
    struct stat st;
    if (stat(t->path, &st) == 0) {
        /* Copy the live database with the backup API: consistent even if a reader has
         * it open, and it is checked before anything is written. */
        sqlite3 *live = NULL;
        if (sqlite3_open_v2(t->path, &live, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
            sql_error(e, live, "cannot open", t->path);
            sqlite3_close(live);
            goto fail;
        }
        if (check_schema(live, t->path, e) < 0) {
            sqlite3_close(live);
            goto fail;
        }
        sqlite3_backup *b = sqlite3_backup_init(t->db, "main", live, "main");
        int rc = b ? sqlite3_backup_step(b, -1) : SQLITE_ERROR;
        sqlite3_backup_finish(b);
        sqlite3_close(live);
        if (rc != SQLITE_DONE) {
            sql_error(e, t->db, "cannot copy the database", t->path);
            goto fail;
        }
    } else if (errno != ENOENT) {
        dd_error_sys(e, errno, "%s", t->path);
        goto fail;
    } else {
        if (exec(t->db, schema_sql, t->tmp, e) < 0)
            goto fail;
        char *sql = sqlite3_mprintf("INSERT INTO meta VALUES('schema_version', '%d');"
                                    "INSERT INTO meta VALUES('created', '%lld');",
                                    DD_VDB_SCHEMA_VERSION, (long long)time(NULL));
        int rc = exec(t->db, sql, t->tmp, e);
        sqlite3_free(sql);
        if (rc < 0)
            goto fail;
    }
    /* The copy is private until the rename: no journal needed, a crash just leaves a
     * stray temporary file and the live database as it was. */
    /* Nobody else opens it either: no locking per statement, and a page cache big
     * enough that pages are written once, at commit, rather than spilled midway. */
    if (exec(t->db,
             "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA locking_mode=EXCLUSIVE;"
             " PRAGMA cache_size=-262144; PRAGMA temp_store=MEMORY; BEGIN",
             t->tmp, e) < 0)
        goto fail;
    if (sqlite3_prepare_v3(t->db,
                           "INSERT OR REPLACE INTO advisories(source, id, title, severity, aliases)"
                           " VALUES(?1, ?2, ?3, ?4, ?5)",
                           -1, SQLITE_PREPARE_PERSISTENT, &t->ins_adv, NULL) != SQLITE_OK ||
        sqlite3_prepare_v3(t->db,
                           "INSERT INTO affected(ecosystem, release, package, advisory, source,"
                           " status, severity, range_type, introduced, fixed, last_affected,"
                           " versions) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                           -1, SQLITE_PREPARE_PERSISTENT, &t->ins_aff, NULL) != SQLITE_OK) {
        sql_error(e, t->db, "cannot prepare", t->tmp);
        goto fail;
    }
    return 0;
fail:
    dd_vdb_txn_abort(t);
    return -1;
}

static void txn_close(dd_vdb_txn *t)
{
    sqlite3_finalize(t->ins_adv);
    sqlite3_finalize(t->ins_aff);
    t->ins_adv = t->ins_aff = NULL;
    sqlite3_close(t->db);
    t->db = NULL;
}

int dd_vdb_txn_commit(dd_vdb_txn *t, dd_error *e)
{
    if (exec(t->db, index_sql, t->tmp, e) < 0 || exec(t->db, "COMMIT", t->tmp, e) < 0)
        goto fail;
    txn_close(t);
    /* Data on disk before the name: after a crash either the old or the new database. */
    int fd = open(t->tmp, O_RDONLY | O_CLOEXEC);
    if (fd < 0 || fsync(fd) != 0) {
        dd_error_sys(e, errno, "cannot write %s", t->tmp);
        if (fd >= 0)
            close(fd);
        goto fail;
    }
    close(fd);
    if (chmod(t->tmp, 0644) != 0 || rename(t->tmp, t->path) != 0) {
        dd_error_sys(e, errno, "cannot replace %s", t->path);
        goto fail;
    }
    free(t->tmp);
    t->tmp = NULL;
    dd_vdb_txn_abort(t);
    return 0;
fail:
    dd_vdb_txn_abort(t);
    return -1;
}

void dd_vdb_txn_abort(dd_vdb_txn *t)
{
    txn_close(t);
    if (t->tmp) {
        unlink(t->tmp);
        free(t->tmp);
        t->tmp = NULL;
    }
    if (t->tmp_lock >= 0) {
        close(t->tmp_lock);
        t->tmp_lock = -1;
    }
    free(t->path);
    free(t->source);
    t->path = t->source = NULL;
}

/* Every parameter is bound anew for each row: no sqlite3_clear_bindings needed. */
static int step_done(dd_vdb_txn *t, sqlite3_stmt *st, dd_error *e)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return sql_error(e, t->db, "write failed", t->path);
    return 0;
}

static int run1(dd_vdb_txn *t, const char *sql, const char *a, long long n1, long long n2,
                dd_error *e)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(t->db, sql, -1, &st, NULL) != SQLITE_OK) {
        sqlite3_finalize(st);
        return sql_error(e, t->db, "cannot prepare", t->path);
    }
    int np = sqlite3_bind_parameter_count(st);
    sqlite3_bind_text(st, 1, a, -1, SQLITE_STATIC);
    if (np >= 2)
        sqlite3_bind_int64(st, 2, n1);
    if (np >= 3)
        sqlite3_bind_int64(st, 3, n2);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return sql_error(e, t->db, "write failed", t->path);
    return 0;
}

int dd_vdb_source_begin(dd_vdb_txn *t, const char *name, dd_error *e)
{
    free(t->source);
    t->source = dd_xstrdup(name);
    t->n_adv = t->n_aff = 0;
    if (run1(t, "DELETE FROM affected WHERE source = ?1", name, 0, 0, e) < 0 ||
        run1(t, "DELETE FROM advisories WHERE source = ?1", name, 0, 0, e) < 0)
        return -1;
    return 0;
}

int dd_vdb_source_end(dd_vdb_txn *t, const char *kind, const char *url, const char *etag,
                      const char *last_modified, dd_error *e)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(t->db,
                           "INSERT OR REPLACE INTO sources(name, kind, url, etag, last_modified,"
                           " updated, advisories, affected) VALUES(?1, ?2, ?3, ?4, ?5, ?6,"
                           " (SELECT count(*) FROM advisories WHERE source = ?1),"
                           " (SELECT count(*) FROM affected WHERE source = ?1))",
                           -1, &st, NULL) != SQLITE_OK) {
        sqlite3_finalize(st);
        return sql_error(e, t->db, "cannot prepare", t->path);
    }
    sqlite3_bind_text(st, 1, t->source, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, url, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, etag, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, last_modified, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 6, (long long)time(NULL));
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return sql_error(e, t->db, "write failed", t->path);
    return 0;
}

void dd_vdb_source_counts(dd_vdb_txn *t, long long *advisories, long long *affected)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(t->db, "SELECT advisories, affected FROM sources WHERE name = ?1", -1,
                           &st, NULL) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, t->source, -1, SQLITE_STATIC);
        if (sqlite3_step(st) == SQLITE_ROW) {
            *advisories = sqlite3_column_int64(st, 0);
            *affected = sqlite3_column_int64(st, 1);
        }
    }
    sqlite3_finalize(st);
}

int dd_vdb_source_touch(dd_vdb_txn *t, const char *name, dd_error *e)
{
    return run1(t, "UPDATE sources SET updated = ?2 WHERE name = ?1", name, (long long)time(NULL),
                0, e);
}

int dd_vdb_source_touch_url(dd_vdb_txn *t, const char *url, dd_error *e)
{
    return run1(t, "UPDATE sources SET updated = ?2 WHERE url = ?1", url, (long long)time(NULL), 0,
                e);
}

void dd_vdb_source_validators(sqlite3 *db, const char *name, char **etag, char **last_modified)
{
    *etag = *last_modified = NULL;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, "SELECT etag, last_modified FROM sources WHERE url = ?1 LIMIT 1", -1,
                           &st, NULL) != SQLITE_OK) {
        sqlite3_finalize(st);
        return;
    }
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW) {
        *etag = dd_xstrdup((const char *)sqlite3_column_text(st, 0));
        *last_modified = dd_xstrdup((const char *)sqlite3_column_text(st, 1));
    }
    sqlite3_finalize(st);
}

int dd_vdb_add_advisory(dd_vdb_txn *t, const char *id, const char *title, dd_severity sev,
                        const char *aliases_json, dd_error *e)
{
    sqlite3_bind_text(t->ins_adv, 1, t->source, -1, SQLITE_STATIC);
    sqlite3_bind_text(t->ins_adv, 2, id, -1, SQLITE_STATIC);
    sqlite3_bind_text(t->ins_adv, 3, title, -1, SQLITE_STATIC);
    sqlite3_bind_int(t->ins_adv, 4, (int)sev);
    sqlite3_bind_text(t->ins_adv, 5, aliases_json, -1, SQLITE_STATIC);
    t->n_adv++;
    return step_done(t, t->ins_adv, e);
}

int dd_vdb_add_affected(dd_vdb_txn *t, const dd_vdb_affected *a, dd_error *e)
{
    sqlite3_stmt *st = t->ins_aff;
    sqlite3_bind_text(st, 1, a->ecosystem, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, a->release ? a->release : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, a->package, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, a->advisory, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, t->source, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, a->status, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 7, (int)a->severity);
    sqlite3_bind_text(st, 8, a->range_type, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 9, a->introduced, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 10, a->fixed, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 11, a->last_affected, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 12, a->versions, -1, SQLITE_STATIC);
    t->n_aff++;
    return step_done(t, st, e);
}

const char *dd_debian_codename(const char *v)
{
    static const char *const names[][2] = {
        {"7", "wheezy"},    {"8", "jessie"},    {"9", "stretch"}, {"10", "buster"},
        {"11", "bullseye"}, {"12", "bookworm"}, {"13", "trixie"}, {"14", "forky"},
    };
    if (!v)
        return NULL;
    size_t n = strcspn(v, ".");
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strlen(names[i][0]) == n && strncmp(v, names[i][0], n) == 0)
            return names[i][1];
    return NULL;
}

json_t *dd_vuln_db_status(const char *path, int max_age_days, dd_error *e)
{
    dd_vuln_db *db = NULL;
    if (dd_vuln_db_open(&db, path, true, e) < 0)
        return NULL;
    json_t *j = json_object();
    json_object_set_new(j, "path", json_string(db->path));
    json_object_set_new(j, "schemaVersion", json_integer(DD_VDB_SCHEMA_VERSION));
    json_t *srcs = json_array();
    json_object_set_new(j, "sources", srcs);
    sqlite3_stmt *st = NULL;
    long long tot_adv = 0, tot_aff = 0;
    if (sqlite3_prepare_v2(
            db->db,
            "SELECT name, kind, url, updated, advisories, affected FROM sources ORDER BY name", -1,
            &st, NULL) == SQLITE_OK) {
        while (sqlite3_step(st) == SQLITE_ROW) {
            const char *url = (const char *)sqlite3_column_text(st, 2);
            time_t upd = (time_t)sqlite3_column_int64(st, 3);
            char when[32];
            struct tm tm;
            gmtime_r(&upd, &tm);
            strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
            tot_adv += sqlite3_column_int64(st, 4);
            tot_aff += sqlite3_column_int64(st, 5);
            json_array_append_new(srcs,
                                  json_pack("{s:s, s:s, s:o, s:s, s:I, s:I}", "name",
                                            (const char *)sqlite3_column_text(st, 0), "kind",
                                            (const char *)sqlite3_column_text(st, 1), "url",
                                            url ? json_string(url) : json_null(), "updated", when,
                                            "advisories", (json_int_t)sqlite3_column_int64(st, 4),
                                            "affected", (json_int_t)sqlite3_column_int64(st, 5)));
        }
    }
    sqlite3_finalize(st);
    /* Totals count each advisory id once, however many sources hold it. */
    if (sqlite3_prepare_v2(db->db,
                           "SELECT (SELECT count(DISTINCT id) FROM advisories),"
                           " (SELECT count(*) FROM affected)",
                           -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW) {
        tot_adv = sqlite3_column_int64(st, 0);
        tot_aff = sqlite3_column_int64(st, 1);
    }
    sqlite3_finalize(st);
    json_object_set_new(j, "advisories", json_integer(tot_adv));
    json_object_set_new(j, "affected", json_integer(tot_aff));
    dd_vuln_db_age age;
    dd_vuln_db_get_age(db, max_age_days, &age);
    if (age.updated) {
        json_object_set_new(j, "updated", json_string(age.when));
        json_object_set_new(j, "ageDays", json_integer(age.days));
        json_object_set_new(j, "stale", json_boolean(age.stale));
    }
    dd_vuln_db_close(db);
    return j;
}
