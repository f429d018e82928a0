/* libarchive, loaded on first use (lazy.h): image layers, feeds and jars. */
#include <archive.h>
#include <archive_entry.h>
#include <stdarg.h>
#include <stdio.h>
#include <sys/types.h>

#include "lazy/lazy.h"

#define ARCHIVE_FUNCS(X, V, A)                                                                     \
    X(mode_t, archive_entry_filetype, (struct archive_entry * e), (e))                             \
    X(la_int64_t, archive_entry_gid, (struct archive_entry * e), (e))                              \
    X(const char *, archive_entry_hardlink, (struct archive_entry * e), (e))                       \
    X(mode_t, archive_entry_mode, (struct archive_entry * e), (e))                                 \
    X(const char *, archive_entry_pathname, (struct archive_entry * e), (e))                       \
    X(mode_t, archive_entry_perm, (struct archive_entry * e), (e))                                 \
    X(la_int64_t, archive_entry_size, (struct archive_entry * e), (e))                             \
    X(int, archive_entry_size_is_set, (struct archive_entry * e), (e))                             \
    X(const char *, archive_entry_symlink, (struct archive_entry * e), (e))                        \
    X(la_int64_t, archive_entry_uid, (struct archive_entry * e), (e))                              \
    X(const char *, archive_error_string, (struct archive * a), (a))                               \
    X(la_int64_t, archive_filter_bytes, (struct archive * a, int n), (a, n))                       \
    X(la_ssize_t, archive_read_data, (struct archive * a, void *buf, size_t n), (a, buf, n))       \
    X(int, archive_filter_code, (struct archive * a, int n), (a, n))                               \
    X(int, archive_read_free, (struct archive * a), (a))                                           \
    X(struct archive *, archive_read_new, (void), ())                                              \
    X(int, archive_read_next_header, (struct archive * a, struct archive_entry * *e), (a, e))      \
    X(int, archive_read_open2,                                                                     \
      (struct archive * a, void *data, archive_open_callback *open, archive_read_callback *rd,     \
       archive_skip_callback *skip, archive_close_callback *close),                                \
      (a, data, open, rd, skip, close))                                                            \
    X(int, archive_read_open,                                                                      \
      (struct archive * a, void *data, archive_open_callback *open, archive_read_callback *rd,     \
       archive_close_callback *close),                                                             \
      (a, data, open, rd, close))                                                                  \
    X(int, archive_read_open_filename, (struct archive * a, const char *f, size_t bs), (a, f, bs)) \
    X(int, archive_read_open_memory, (struct archive * a, const void *b, size_t n), (a, b, n))     \
    X(int, archive_read_support_filter_all, (struct archive * a), (a))                             \
    X(int, archive_read_support_format_gnutar, (struct archive * a), (a))                          \
    X(int, archive_read_support_format_raw, (struct archive * a), (a))                             \
    X(int, archive_read_support_format_tar, (struct archive * a), (a))                             \
    X(int, archive_read_support_format_zip, (struct archive * a), (a))                             \
    X(int, archive_read_support_format_zip_seekable, (struct archive * a), (a))                    \
    X(int, archive_read_support_format_zip_streamable, (struct archive * a), (a))                  \
    A(archive_set_error)

#define DD_LAZY_THIS lazy_archive
DD_LAZY_LIBRARY(ARCHIVE_FUNCS, lazy_archive, DD_SONAME_ARCHIVE, "libarchive13")

/* A va_list cannot be passed on to a printf-like function: format here, pass the text. */
void archive_set_error(struct archive *a, int err, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    DD_LAZY_CALL(lazy_archive, void, archive_set_error, (struct archive *, int, const char *, ...))
    (a, err, "%s", msg);
}
