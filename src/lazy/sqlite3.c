/* SQLite, loaded on first use (lazy.h): the vulnerability database and rpm's rpmdb.sqlite. */
#include <sqlite3.h>
#include <stdarg.h>

#include "lazy/lazy.h"

#define SQLITE_FUNCS(X, V, A)                                                                      \
    X(int, sqlite3_backup_finish, (sqlite3_backup * b), (b))                                       \
    X(sqlite3_backup *, sqlite3_backup_init,                                                       \
      (sqlite3 * dst, const char *dn, sqlite3 *src, const char *sn), (dst, dn, src, sn))           \
    X(int, sqlite3_backup_step, (sqlite3_backup * b, int n), (b, n))                               \
    X(int, sqlite3_bind_int, (sqlite3_stmt * s, int i, int v), (s, i, v))                          \
    X(int, sqlite3_bind_int64, (sqlite3_stmt * s, int i, sqlite3_int64 v), (s, i, v))              \
    X(int, sqlite3_bind_parameter_count, (sqlite3_stmt * s), (s))                                  \
    X(int, sqlite3_bind_text, (sqlite3_stmt * s, int i, const char *v, int n, void (*d)(void *)),  \
      (s, i, v, n, d))                                                                             \
    X(int, sqlite3_close, (sqlite3 * db), (db))                                                    \
    X(const void *, sqlite3_column_blob, (sqlite3_stmt * s, int i), (s, i))                        \
    X(int, sqlite3_column_bytes, (sqlite3_stmt * s, int i), (s, i))                                \
    X(int, sqlite3_column_int, (sqlite3_stmt * s, int i), (s, i))                                  \
    X(sqlite3_int64, sqlite3_column_int64, (sqlite3_stmt * s, int i), (s, i))                      \
    X(const unsigned char *, sqlite3_column_text, (sqlite3_stmt * s, int i), (s, i))               \
    X(int, sqlite3_deserialize,                                                                    \
      (sqlite3 * db, const char *schema, unsigned char *data, sqlite3_int64 n, sqlite3_int64 cap,  \
       unsigned flags),                                                                            \
      (db, schema, data, n, cap, flags))                                                           \
    X(const char *, sqlite3_errmsg, (sqlite3 * db), (db))                                          \
    X(const char *, sqlite3_errstr, (int rc), (rc))                                                \
    X(int, sqlite3_exec,                                                                           \
      (sqlite3 * db, const char *sql, int (*cb)(void *, int, char **, char **), void *arg,         \
       char **err),                                                                                \
      (db, sql, cb, arg, err))                                                                     \
    X(int, sqlite3_finalize, (sqlite3_stmt * s), (s))                                              \
    V(sqlite3_free, (void *p), (p))                                                                \
    X(int, sqlite3_get_autocommit, (sqlite3 * db), (db))                                           \
    X(int, sqlite3_limit, (sqlite3 * db, int id, int v), (db, id, v))                              \
    X(void *, sqlite3_malloc64, (sqlite3_uint64 n), (n))                                           \
    X(char *, sqlite3_vmprintf, (const char *fmt, va_list ap), (fmt, ap))                          \
    X(int, sqlite3_open_v2, (const char *f, sqlite3 **db, int flags, const char *vfs),             \
      (f, db, flags, vfs))                                                                         \
    X(int, sqlite3_prepare_v2,                                                                     \
      (sqlite3 * db, const char *sql, int n, sqlite3_stmt **s, const char **tail),                 \
      (db, sql, n, s, tail))                                                                       \
    X(int, sqlite3_prepare_v3,                                                                     \
      (sqlite3 * db, const char *sql, int n, unsigned int f, sqlite3_stmt **s, const char **tail), \
      (db, sql, n, f, s, tail))                                                                    \
    V(sqlite3_progress_handler, (sqlite3 * db, int n, int (*cb)(void *), void *arg),               \
      (db, n, cb, arg))                                                                            \
    X(int, sqlite3_reset, (sqlite3_stmt * s), (s))                                                 \
    X(int, sqlite3_step, (sqlite3_stmt * s), (s))                                                  \
    A(sqlite3_db_config)

#define DD_LAZY_THIS lazy_sqlite
DD_LAZY_LIBRARY(SQLITE_FUNCS, lazy_sqlite, DD_SONAME_SQLITE, "libsqlite3-0")

/* printf-like: the library's own va_list variant does the work. */
char *sqlite3_mprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = sqlite3_vmprintf(fmt, ap);
    va_end(ap);
    return s;
}

/* The option says what follows (sqlite3.h, SQLITE_DBCONFIG_*): a name, a lookaside
 * buffer, or (every other option) an int and an int* for the old value. */
int sqlite3_db_config(sqlite3 *db, int op, ...)
{
    int (*real)(sqlite3 *, int, ...) =
        DD_LAZY_CALL(lazy_sqlite, int, sqlite3_db_config, (sqlite3 *, int, ...));
    va_list ap;
    va_start(ap, op);
    int rc;
    if (op == SQLITE_DBCONFIG_MAINDBNAME) {
        rc = real(db, op, va_arg(ap, const char *));
    } else if (op == SQLITE_DBCONFIG_LOOKASIDE) {
        void *buf = va_arg(ap, void *);
        int size = va_arg(ap, int);
        int count = va_arg(ap, int);
        rc = real(db, op, buf, size, count);
    } else {
        int v = va_arg(ap, int);
        rc = real(db, op, v, va_arg(ap, int *));
    }
    va_end(ap);
    return rc;
}
