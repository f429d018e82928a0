/* The Docker daemon's configuration as dockerd sees it: its command line merged with
 * daemon.json.
 *
 * A setting can come from either place (`--icc=false` or `"icc": false`). dockerd refuses
 * to start when one is given in both, so such a setting is recorded as a conflict
 * instead of silently picking one. Flags are stored under their daemon.json key
 * (`-H` -> "hosts", `--insecure-registry` -> "insecure-registries") so a check asks
 * for one name and learns where the value came from.
 *
 * A malformed daemon.json is recorded (file, line, column, message), not returned as an
 * error: the checks that need the configuration report it, the others go on.
 *
 * Ownership: a dd_daemon_config owns every string and json_t in it; values handed out
 * by the accessors are borrowed and live until dd_daemon_config_free(). */
#pragma once
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "bench/bench.h"
#include "core/error.h"

/* daemon.json is a small file; anything bigger is not a daemon configuration. */
#define DD_DAEMON_JSON_MAX (1024 * 1024)

typedef enum {
    DD_CFG_UNSET = 0, /* neither place sets it: dockerd's default applies */
    DD_CFG_FLAG,      /* the dockerd command line */
    DD_CFG_FILE,      /* daemon.json */
} dd_cfg_source;

struct dd_daemon_config {
    /* The dockerd command line, when one was found. */
    bool have_args;
    char *args_source;     /* where it was read: "/proc/812/cmdline", "docker.service ExecStart" */
    json_t *flags;         /* object: daemon.json key -> value given on the command line */
    json_t *unknown_flags; /* array of strings: flags drydock does not map */
    char *config_file;     /* --config-file, or NULL */

    /* daemon.json */
    char *file; /* the path as shown to users (with the --root prefix) */
    bool file_exists;
    int file_errno;      /* reading failed for another reason than ENOENT */
    bool file_malformed; /* not JSON, not an object, or too large */
    int file_line, file_column;
    char file_error[640]; /* "PATH:LINE:COL: message" when malformed or unreadable */
    json_t *file_json;    /* the parsed object, NULL when absent or malformed */
    json_t *file_lines;   /* object: top-level key -> line number in the file */

    json_t *conflicts; /* array of keys set both on the command line and in daemon.json */
};

/* One setting: effective value and where it came from. All pointers are borrowed. */
typedef struct dd_setting {
    const char *key;
    const json_t *value; /* NULL when unset */
    dd_cfg_source source;
    int line;                 /* line in daemon.json when source is DD_CFG_FILE (0 if unknown) */
    bool conflict;            /* also set in daemon.json while given as a flag */
    const json_t *file_value; /* daemon.json's value when conflict */
} dd_setting;

dd_daemon_config *dd_daemon_config_new(void);
/* dd_daemon_config_free() is declared in bench/bench.h. */

/* Record the dockerd command line. argv[0] is the program name. Flags given as
 * `--flag=value`, `--flag value`, `-H value`, `-Hvalue`; booleans as `--icc` or
 * `--icc=false` (a bare bool flag never takes the next word, as in Go's pflag); repeated
 * list flags (`-H`, `--insecure-registry`) accumulate. `source` says where argv came from. */
void dd_daemon_config_set_args(dd_daemon_config *d, int argc, const char *const *argv,
                               const char *source);

/* Parse daemon.json from memory. `display` is the path used in messages. Never fails:
 * a malformed file is recorded in file_malformed/file_error. */
void dd_daemon_config_load_json(dd_daemon_config *d, const char *display, const char *text,
                                size_t len);
/* Read and parse the file at `path` (shown as `display`), bounded by DD_DAEMON_JSON_MAX:
 * inside the directory `root` (core/rootfile.h), or, with root -1, a path the user named.
 * Only a regular file is read (a FIFO never blocks). A missing file leaves file_exists
 * false; other read errors are recorded. */
void dd_daemon_config_read_file(dd_daemon_config *d, const char *display, int root,
                                const char *path);

/* Recompute the conflicts after both sources are loaded. */
void dd_daemon_config_merge(dd_daemon_config *d);

/* The setting `key` (a daemon.json key). On a conflict, value is the command-line one
 * (what a running dockerd uses). */
dd_setting dd_daemon_get(const dd_daemon_config *d, const char *key);

/* Convenience accessors. `out` may be NULL.
 * dd_daemon_bool: 1 true, 0 false, -1 unset, -2 set but not a boolean. */
int dd_daemon_bool(const dd_daemon_config *d, const char *key, dd_setting *out);
/* The string value, or NULL when unset or not a string. */
const char *dd_daemon_string(const dd_daemon_config *d, const char *key, dd_setting *out);

/* Whether the configuration can be trusted at all: false when daemon.json exists but
 * could not be read or parsed (then file_error says why). */
bool dd_daemon_config_ok(const dd_daemon_config *d);

/* The dockerd flag for a daemon.json key, without dashes ("icc", "host" for "hosts"), or
 * NULL when there is none. */
const char *dd_daemon_flag_name(const char *key);
/* "command line", "daemon.json" or "default". */
const char *dd_cfg_source_name(dd_cfg_source s);

/* Describe where a setting came from, for messages: "--icc=false on the dockerd command
 * line", "\"icc\": false in /etc/docker/daemon.json:3". Caller frees. */
char *dd_setting_describe(const dd_daemon_config *d, const dd_setting *s);

/* A JSON value as compact text (strings without quotes). Caller frees. */
char *dd_json_short(const json_t *v);
