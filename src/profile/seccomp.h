/* Docker/OCI seccomp profiles (the JSON `docker run --security-opt seccomp=FILE` takes):
 * the model, a bounded reader for untrusted files, the writer, and what a profile allows
 * for a given architecture, capability set and kernel — which is how drydock counts the
 * system calls a profile allows and compares it with Docker's default.
 *
 * Names are kept as written; libseccomp resolves them (an unknown name is reported by the
 * reader's caller as a warning, as runc ignores names its libseccomp does not know).
 *
 * Ownership: a dd_seccomp owns every string and array in it; dd_seccomp_free() releases
 * them. Strings returned by the evaluation functions are owned by the caller. */
#pragma once
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

/* Bounds on what the reader accepts (Docker's default profile has ~25 rules, ~400 names). */
#define DD_SECCOMP_MAX_BYTES (1u << 20)
#define DD_SECCOMP_MAX_RULES 4096
#define DD_SECCOMP_MAX_NAMES 2048 /* per rule */
#define DD_SECCOMP_MAX_NAME  64
#define DD_SECCOMP_MAX_LIST  64 /* architectures, capabilities in includes/excludes */

typedef enum {
    DD_SCMP_KILL_PROCESS = 0,
    DD_SCMP_KILL_THREAD, /* SCMP_ACT_KILL too */
    DD_SCMP_TRAP,
    DD_SCMP_ERRNO,
    DD_SCMP_NOTIFY,
    DD_SCMP_TRACE,
    DD_SCMP_LOG,
    DD_SCMP_ALLOW,
} dd_scmp_action;

typedef enum {
    DD_SCMP_CMP_NE = 0,
    DD_SCMP_CMP_LT,
    DD_SCMP_CMP_LE,
    DD_SCMP_CMP_EQ,
    DD_SCMP_CMP_GE,
    DD_SCMP_CMP_GT,
    DD_SCMP_CMP_MASKED_EQ,
} dd_scmp_op;

typedef struct dd_scmp_arg {
    unsigned index; /* 0..5 */
    uint64_t value, value_two;
    dd_scmp_op op;
} dd_scmp_arg;

/* A list of strings (architectures, capabilities), owned (core/strlist.h is the other
 * kind: one separator-joined string). */
typedef struct dd_names {
    char **v;
    size_t n;
} dd_names;

typedef struct dd_scmp_filter { /* includes / excludes */
    dd_names arches;
    dd_names caps;
    char *min_kernel; /* "4.8", or NULL */
} dd_scmp_filter;

typedef struct dd_scmp_rule {
    dd_names names;
    dd_scmp_action action;
    int errno_ret; /* -1: the profile's default errno (EPERM when none) */
    dd_scmp_arg args[6];
    size_t nargs;
    dd_scmp_filter includes, excludes;
    char *comment;
} dd_scmp_rule;

typedef struct dd_seccomp {
    dd_scmp_action default_action;
    int default_errno; /* -1 when not given */
    dd_names arches;   /* "architectures" and every archMap architecture + sub-architecture */
    dd_scmp_rule *rules;
    size_t nrules;
} dd_seccomp;

/* Parse a profile. `name` (a file name) is used in errors, which say where it went wrong
 * ("seccomp.json: syscalls[3].args[0].op: unknown operator 'SCMP_CMP_XX'"). Every size is
 * bounded (DD_SECCOMP_MAX_*); -1 with a DD_ERR_INPUT error on anything malformed. */
int dd_seccomp_parse(const char *data, size_t len, const char *name, dd_seccomp *out, dd_error *e);
int dd_seccomp_read_file(const char *path, dd_seccomp *out, dd_error *e);
void dd_seccomp_free(dd_seccomp *p);
/* The Docker/OCI JSON of a profile (owned by the caller). */
json_t *dd_seccomp_to_json(const dd_seccomp *p);

const char *dd_scmp_action_name(dd_scmp_action a); /* "SCMP_ACT_ALLOW" */
/* This machine's architecture as a profile names it ("SCMP_ARCH_X86_64"); *go (optional)
 * gets Go's name ("amd64"), which includes/excludes use. */
const char *dd_seccomp_native_arch(const char **go);

/* Where a profile is applied: decides includes/excludes as Docker does. */
typedef struct dd_seccomp_env {
    const char *arch; /* Docker's arch name: "amd64", "arm64"...; NULL: this machine's */
    uint64_t caps;    /* the container's capability set (bits) */
    int kernel_major, kernel_minor; /* 0: this machine's */
} dd_seccomp_env;

/* The syscalls a profile lets through for `env`, unconditionally or for some arguments
 * (a rule with argument conditions counts: the call is allowed for some values). Sorted
 * names, each once, only names libseccomp knows for the architecture. */
int dd_seccomp_allowed(const dd_seccomp *p, const dd_seccomp_env *env, dd_names *out, dd_error *e);

void dd_names_free(dd_names *l);
void dd_names_add(dd_names *l, const char *s);
/* Add each space-separated word of `words` (NULL adds nothing). */
void dd_names_split(dd_names *l, const char *words);
/* Sort and drop duplicates. */
void dd_names_sort_unique(dd_names *l);
bool dd_names_has(const dd_names *l, const char *s);     /* linear */
bool dd_names_bsearch(const dd_names *l, const char *s); /* sorted lists */
json_t *dd_names_json(const dd_names *l);                /* owned by the caller */

/* Docker's default profile (moby profiles/seccomp/default.json), written here as data. */
void dd_seccomp_docker_default(dd_seccomp *out);

/* A profile against Docker's default, both for the capability set `caps`: the counts and
 * the names only one of them allows. JSON owned by the caller:
 * {"allowed": N, "dockerDefault": M, "onlyInProfile": [...], "onlyInDockerDefault": [...]} */
json_t *dd_seccomp_compare_docker(const dd_seccomp *p, uint64_t caps, dd_error *e);

/* What `p` answers to one native call with these arguments (its includes/excludes
 * decided for `env`): DD_SCMP_ALLOW, or the refusing action with *err set to the errno for
 * DD_SCMP_ERRNO. As libseccomp does, the matching rule with the most restrictive action
 * wins; with no matching rule, the default action. */
dd_scmp_action dd_seccomp_eval(const dd_seccomp *p, const dd_seccomp_env *env, const char *name,
                               const uint64_t args[6], int *err);
