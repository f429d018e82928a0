/* What the database can answer for: its age, and whether it holds any data for an
 * (ecosystem, release). A scan uses both to say what it could not check. */
#include <string.h>
#include <time.h>

#include "vuln/db.h"
#include "vuln/match.h"

void dd_vuln_db_get_age(dd_vuln_db *db, int max_age_days, dd_vuln_db_age *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db->db, "SELECT max(updated) FROM sources", -1, &st, NULL) ==
            SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        out->updated = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    if (!out->updated)
        return;
    time_t when = (time_t)out->updated;
    struct tm tm;
    gmtime_r(&when, &tm);
    strftime(out->when, sizeof out->when, "%Y-%m-%dT%H:%M:%SZ", &tm);
    long long now = (long long)time(NULL);
    out->days = now > out->updated ? (now - out->updated) / 86400 : 0;
    int limit = max_age_days ? max_age_days : DD_VULN_DEFAULT_MAX_AGE_DAYS;
    out->stale = limit > 0 && out->days >= limit;
}

int dd_vuln_db_covers(dd_vuln_db *db, const char *ecosystem, const char *release)
{
    sqlite3_stmt *st = NULL;
    /* One index seek on (ecosystem, release, ...). */
    if (sqlite3_prepare_v2(db->db,
                           "SELECT 1 FROM affected WHERE ecosystem = ?1 AND release = ?2 LIMIT 1",
                           -1, &st, NULL) != SQLITE_OK) {
        sqlite3_finalize(st);
        return -1;
    }
    sqlite3_bind_text(st, 1, ecosystem, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, release, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}
