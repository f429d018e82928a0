/* Files below a directory that someone else controls: the host mounted at `bench --root`,
 * the tree `lint DIR` walks, an unpacked image. One resolver for all of them.
 *
 * Whoever owns such a tree can plant symlinks, FIFOs and devices in it. So every path is
 * resolved by the kernel inside the directory (openat2 RESOLVE_IN_ROOT or RESOLVE_BENEATH,
 * with RESOLVE_NO_MAGICLINKS): an absolute link such as /var/run -> /run points into the
 * tree, ".." never climbs above it, and /proc's magic links are never followed. Where
 * openat2 is missing (Linux < 5.6, or a seccomp profile that refuses it) the same walk is
 * done one component at a time with O_NOFOLLOW. Files are opened O_NONBLOCK and checked
 * with fstat before a byte is read, so a FIFO or a device where a file is expected is an
 * error, never a hang; every read has a size bound.
 *
 * Errors are errno values (-1 with errno set); dd_file_strerror() words the ones this API
 * adds: DD_ENOTREG (not a regular file), EXDEV (leads out of the tree, DD_RF_BENEATH),
 * EFBIG (over the size bound).
 *
 * Ownership: descriptors and strings returned belong to the caller (close, free). */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "core/buf.h"
#include "core/error.h"

/* errno for "exists but is not a regular file" (a FIFO, device, socket or directory). */
#define DD_ENOTREG EINVAL

typedef enum {
    DD_RF_IN_ROOT = 0,        /* as if the directory were "/": links and ".." stay inside */
    DD_RF_BENEATH = 1u << 0,  /* a path or link leading out of the directory fails (EXDEV) */
    DD_RF_NOFOLLOW = 1u << 1, /* the last component must not be a symlink (ELOOP) */
} dd_rf_flags;

/* Open `dir` ("" or NULL: "/") as the root of later lookups (an O_PATH descriptor). */
int dd_rootfile_dir(const char *dir);

/* Open `path` (absolute or relative, both taken inside `root`) with open(2) flags
 * `oflags` (O_RDONLY, O_RDONLY|O_DIRECTORY, O_PATH). Without O_PATH or O_DIRECTORY the
 * result is a regular file opened O_NONBLOCK, else DD_ENOTREG (EISDIR for a directory). */
int dd_rootfile_open(int root, const char *path, int oflags, unsigned rf);

/* The component-wise walk behind dd_rootfile_open when openat2 is not there. Exposed so
 * that it is tested on kernels that have openat2 too. */
int dd_rootfile_open_walk(int root, const char *path, int oflags, unsigned rf);

/* stat(2) of what `path` names inside `root` (symlinks resolved inside, the last one too
 * unless DD_RF_NOFOLLOW). */
int dd_rootfile_stat(int root, const char *path, unsigned rf, struct stat *st);

/* Append a regular file's content to `out`, at most `max` bytes (else EFBIG). */
int dd_rootfile_read(int root, const char *path, unsigned rf, size_t max, dd_buf *out);

/* The target of the symlink `path` (itself not followed) into buf; its length, or -1. */
ssize_t dd_rootfile_readlink(int root, const char *path, char *buf, size_t size);

/* `path` as it is inside `root` once every symlink is resolved there ("/var/run/x" ->
 * "/run/x"). Components that do not exist are kept as written, so a later stat reports
 * ENOENT. NULL with errno (ELOOP after 40 links). Caller frees. */
char *dd_rootfile_resolve(int root, const char *path);

/* Replace the regular file `path` inside `root` with `data`, atomically: a temporary file
 * in the same directory (opened through the directory's descriptor, never by name), fsync,
 * renameat over the old one, fsync of the directory. The file keeps the mode and owner of
 * the one it replaces; a new file gets `mode` and our owner. With `backup`, the old
 * content is first saved the same way as PATH.bak. Never writes outside `root`. */
int dd_rootfile_replace(int root, const char *path, const char *data, size_t len, mode_t mode,
                        bool backup, dd_error *e);

/* A file the user named: opened as given (symlinks followed), with the same regular-file
 * check, O_NONBLOCK and bound. dd_buf_read_file() (core/buf.h) is this for a whole file. */
int dd_file_open(const char *path);

/* write(2) all of `data`, on through short writes and EINTR; -1 with errno. */
int dd_write_all(int fd, const void *data, size_t len);

/* strerror(), with this API's errors worded for a user. */
const char *dd_file_strerror(int err);
