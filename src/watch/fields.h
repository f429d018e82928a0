/* Falco's field names (proc.name, fd.name, evt.arg.flags, container.image.repository...)
 * and how each is read from a dd_wevent. One table row per field; `drydock watch
 * --list-fields` prints it. Fields Falco has and drydock cannot provide are listed with
 * the reason, so a rule using one is skipped with that reason.
 *
 * Event types: every syscall row of watch/syscalls.h is a type, plus drydock's own
 * (container, procexit, clone). A compiled rule keeps a bitmap of the types it can match. */
#pragma once
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "watch/wevent.h"

typedef enum {
    DD_FT_STR = 0,
    DD_FT_INT, /* signed 64-bit */
    DD_FT_BOOL,
    DD_FT_IP,   /* compares with addresses and with CIDR networks */
    DD_FT_CHAR, /* one character (fd.typechar) */
} dd_ftype;

enum {
    DD_FA_NONE = 0,
    DD_FA_INDEX,     /* [N] required */
    DD_FA_INDEX_OPT, /* [N] optional; without it, any of the values (proc.aname) */
    DD_FA_KEY,       /* [KEY] required (proc.env[HOME], container.mount.dest[/etc]) */
    DD_FA_KEY_OPT,   /* [KEY] optional (proc.env: the whole environment without) */
    DD_FA_ARG,       /* evt.arg.NAME, evt.arg[N] */
};

enum {
    DD_FF_ENV = 1u << 0,   /* needs the environment captured at exec */
    DD_FF_MULTI = 1u << 1, /* has several values; comparisons match if any does */
};

typedef struct dd_field {
    const char *name;
    int id;
    uint8_t type; /* dd_ftype */
    uint8_t arg;  /* DD_FA_* */
    uint16_t flags;
    const char *desc;
} dd_field;

typedef struct dd_fieldref {
    const dd_field *f;
    int index;  /* DD_FA_INDEX*: N; -1 none */
    char *key;  /* DD_FA_KEY* / DD_FA_ARG by name: owned */
    char *text; /* as written in the rule, e.g. "proc.aname[2]": owned */
} dd_fieldref;

typedef enum { DD_V_NONE = 0, DD_V_STR, DD_V_INT, DD_V_BOOL, DD_V_IP } dd_vtype;
typedef struct dd_val {
    dd_vtype t;
    const char *s; /* DD_V_STR: not necessarily NUL-terminated; n bytes */
    size_t n;
    int64_t i; /* DD_V_INT, DD_V_BOOL */
    uint8_t ip[16];
    uint8_t iplen; /* 4 or 16 */
} dd_val;

/* The whole table, NULL-terminated. */
const dd_field *dd_fields(void);

/* Parse a field reference ("proc.aname[2]", "evt.arg.flags"). Returns 0, or -1 with
 * *why set to a static reason ("unknown field", "not supported: ...").
 * On success the caller owns r (dd_fieldref_clear). */
int dd_fieldref_parse(const char *text, size_t len, dd_fieldref *r, const char **why);
void dd_fieldref_clear(dd_fieldref *r);

/* Value number `idx` of the field (0 for single-valued fields; multi-valued ones are read
 * with idx = 0, 1, ... until it returns false). False when the event has no value. */
bool dd_field_get(const dd_wevent *ev, const dd_fieldref *r, int idx, dd_val *out);
/* For outputs: the text (Falco's "<NA>" when missing) and, when json is not NULL, the
 * JSON value (string, integer, boolean or null). */
void dd_field_render(const dd_wevent *ev, const dd_fieldref *r, dd_buf *text, json_t **json);

/* A JSON string for bytes that may not be UTF-8 (invalid bytes become \xNN). */
json_t *dd_json_string_safe(const char *s, size_t n);

/* Event types. */
int dd_evtype_count(void);
/* Index of a type name; -1 if Falco has no such type, -2 if Falco has it but drydock does
 * not produce it. */
int dd_evtype_by_name(const char *name);
const char *dd_evtype_name(int type);
/* The syscall number behind a type, or -1 (exec, container...). */
int dd_evtype_syscall(int type);
int dd_evtype_exec(void); /* execve */
int dd_evtype_execveat(void);
int dd_evtype_procexit(void);
int dd_evtype_clone(void);
int dd_evtype_container(void);

/* Paths: lexical normalisation as Falco does it ("/a/./b/../c" → "/a/c"). Writes into
 * the arena. */
const char *dd_path_normalize(dd_warena *a, const char *base, const char *path);
