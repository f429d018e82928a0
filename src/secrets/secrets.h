/* The secret scanner: a table of credential rules and a multi-pattern engine that finds
 * them in file contents (and in any other text: ENV values, labels, history commands).
 *
 * How it works (see scanner.c): every rule's trigger pattern is compiled once into one
 * vectorscan block-mode database (HS_FLAG_PREFILTER where a rule needs a construct
 * vectorscan lacks, so the database is a superset). A vectorscan hit only says "look
 * here": each hit is confirmed by the rule's PCRE2 regex (JIT) on the hit's line (or a
 * bounded window for multi-line rules such as PEM keys), then the secret group must pass
 * the rule's entropy minimum and the placeholder stop-list. Rules with a path constraint
 * (.git-credentials, .pgpass, .npmrc, kubeconfig...) run only on files whose path
 * matches. Line and column are computed only for confirmed matches.
 *
 * Ownership and threads: a dd_secret_scanner is immutable once built and may be shared
 * by any number of threads; each thread needs its own dd_secret_scratch (and a stream
 * belongs to one thread at a time). The caller owns what the *_new/_open functions
 * return and frees it with the matching *_free/_close. A dd_secret_match and every
 * pointer inside it are valid only during the callback. The full secret is never
 * handed out: only `masked`.
 *
 * Untrusted data: every function here accepts arbitrary bytes of any length; memory use
 * is bounded by DD_SECRET_BLOCK (plus the matches of one block and, with exclude-blocks,
 * their spans and one span search's PCRE2 stack, both proportional to the block),
 * whatever the input. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "report/rule.h"

typedef struct dd_secret_scanner dd_secret_scanner; /* compiled patterns, read-only, shared */
typedef struct dd_secret_scratch dd_secret_scratch; /* per-thread scratch */
/* The engine that finds candidates (dd_secret_scanner_new_engine). */
typedef enum { DD_SECRET_ENGINE_VECTORSCAN = 0, DD_SECRET_ENGINE_PCRE2 } dd_secret_engine;

/* Files up to this size are worth holding whole and passing to dd_secret_scan (the
 * image walker does so); larger files should be fed through the stream API. Both give
 * the same matches; dd_secret_scan itself accepts any length. 16 MiB holds every
 * config file, script and key a human would write, and keeps one buffer per walker
 * thread small. */
#define DD_SECRET_MAX_FILE ((size_t)16 << 20)

/* Internal block size: long inputs are scanned in blocks of this size that overlap by
 * DD_SECRET_OVERLAP bytes, so a secret cut by a block boundary is still found whole and
 * reported once. Secrets longer than DD_SECRET_OVERLAP/2 are not found. */
#define DD_SECRET_BLOCK   ((size_t)1 << 20)
#define DD_SECRET_OVERLAP ((size_t)64 << 10)

/* The first this-many bytes decide whether data is binary (NUL byte, or more than 10%
 * bytes that are neither printable ASCII, whitespace nor UTF-8). */
#define DD_SECRET_BINARY_PROBE ((size_t)8 << 10)

/* Rule flags (dd_secret_rule.flags). */
enum {
    DD_SECRET_GENERIC = 1u << 0,      /* keyword=value heuristic: the placeholder stop-list
                                         applies, and values that look like code (identifiers,
                                         a.b.c references, $VARS, paths, URLs) are rejected */
    DD_SECRET_MULTILINE = 1u << 1,    /* confirmation window spans lines (PEM blocks, JSON) */
    DD_SECRET_USERPASS_B64 = 1u << 2, /* secret must base64-decode to "user:password" */
    DD_SECRET_STOPLIST = 1u << 3,     /* only the placeholder stop-list (credential files) */
    DD_SECRET_EXACT = 1u << 4,        /* a configured rule: its regex alone decides (no
                                         example/filler heuristics) */
};

/* One rule. `regex` is PCRE2 syntax; capture group 1, when present, is the secret (what
 * gets masked, entropy-tested and located); otherwise the whole match is. */
typedef struct dd_secret_rule {
    dd_rule rule;         /* id "secret-<name>", group "secret", CWE-798 */
    const char *regex;    /* confirmation regex (PCRE2, multi-line mode: ^ $ per line) */
    const char *trigger;  /* vectorscan pattern that finds candidates; NULL = `regex` */
    const char *keywords; /* comma-separated, lower-case literals; one of them occurs
                             (case-insensitively) in every match: the prefilter of the
                             PCRE2-only engine and documentation for humans */
    const char *path;     /* NULL: any file; else '|'-separated globs: a glob without '/'
                             matches the base name, one with '/' matches a path suffix */
    double min_entropy;   /* Shannon bits per byte of the secret; 0 = no test */
    unsigned flags;       /* DD_SECRET_* */
} dd_secret_rule;

extern const dd_rule_table dd_secret_table; /* rows are dd_secret_rule */

static inline const dd_secret_rule *dd_secret_rule_at(size_t i)
{
    return (const dd_secret_rule *)dd_rule_table_at(&dd_secret_table, i);
}

/* Custom rules and allow-lists, in Trivy's secret-config format (trivy-secret.yaml), so a
 * Trivy user's file works unchanged:
 *
 *   rules:                      # more rules, after the built-in ones
 *     - id: mycorp-token        # the finding's rule id
 *       category: MyCorp        # title, severity (default UNKNOWN), keywords (a prefilter:
 *       title: MyCorp API token #   one must occur, case-insensitively, in the file),
 *       severity: HIGH          #   path (a regex over the file's path), secret-group-name
 *       regex: mycorp_[a-z0-9]{32}      (the named group that is the secret)
 *       allow-rules: [...]      # as below, for this rule only
 *       exclude-block: {...}    # as below, for this rule only
 *   allow-rules:                # for every rule: a match is dropped when `regex` matches
 *     - id: test-token          #   the whole match (not only the secret), a file when
 *       regex: mycorp_0{32}     #   `path` matches its path
 *   exclude-block:              # for every rule: a secret (the secret group, else the
 *     description: fixtures     #   whole match) that lies inside one span matched by
 *     regexes: ['BEGIN TEST(.|\s)*END TEST']  #   one of the regexes is dropped
 *   enable-builtin-rules: [aws-access-key-id]   # only these built-in rules ([]: all)
 *   disable-rules: [secret-jwt]                 # built-in or custom
 *   disable-allow-rules: [test-token]           # top-level allow rules only, as Trivy
 *
 * Regexes are PCRE2 (Go's RE2 syntax, (?P<name>...) included, is a subset in practice);
 * built-in ids are accepted with or without drydock's "secret-" prefix. A key drydock does
 * not implement is a warning naming FILE:LINE, and so is a severity Trivy would also
 * replace by UNKNOWN; bad YAML, a bad regex or a bad value is an error (DD_ERR_USAGE)
 * naming FILE:LINE. Bounds: DD_SECRET_CONFIG_MAX bytes, ..._RULES rules and allow rules,
 * ..._EXCLUDE exclude-block regexes in the whole file (each runs over every block that has
 * a match to check, with bounds scaled to the block: see scanner.c), ..._REGEX bytes per
 * regex.
 * Ownership: the caller owns the config (dd_secret_config_free); a scanner built from it
 * borrows it, and findings point at its rules: free it after both. */
#define DD_SECRET_CONFIG_MAX     ((size_t)1 << 20)
#define DD_SECRET_CONFIG_RULES   1000
#define DD_SECRET_CONFIG_EXCLUDE 64
#define DD_SECRET_CONFIG_REGEX   4096

typedef struct dd_secret_allow {
    char *id;
    char *regex; /* NULL: none */
    char *path;  /* regex over the path; NULL: none */
    long rule;   /* -1: every rule; else the index in dd_secret_config.rules */
} dd_secret_allow;

typedef struct dd_secret_custom {
    dd_secret_rule r; /* its strings are owned here; r.path stays NULL (see path) */
    char **keywords;  /* lower-case, NULL-terminated */
    char *path;       /* regex over the path; NULL: any file */
    char *group;      /* secret-group-name; NULL: the whole match is the secret */
    char **exclude;   /* exclude-block regexes of this rule, NULL-terminated or NULL */
    size_t nexclude;
} dd_secret_custom;

typedef struct dd_secret_config {
    char *file;
    dd_secret_custom *rules;
    size_t nrules;
    dd_secret_allow *allow;
    size_t nallow;
    char **enable; /* enable-builtin-rules; NULL: all built-in rules */
    size_t nenable;
    char **disable;
    size_t ndisable;
    char **disable_allow;
    size_t ndisable_allow;
    char **exclude; /* the top-level exclude-block's regexes, NULL-terminated or NULL */
    size_t nexclude;
    size_t nexclude_all; /* exclude-block regexes in the file, top-level and per rule */
    char **warnings;     /* "FILE:LINE: ..." for the caller to print */
    size_t nwarnings;
} dd_secret_config;

/* Parse `data` (named `path` in messages). */
int dd_secret_config_parse(dd_secret_config **out, const char *data, size_t len, const char *path,
                           dd_error *e);
/* Read and parse `path`. A missing file is an error when `required`, else *out = NULL and 0
 * (Trivy's default trivy-secret.yaml is used only when present). */
int dd_secret_config_load(dd_secret_config **out, const char *path, bool required, dd_error *e);
void dd_secret_config_free(dd_secret_config *c);
static inline void dd_secret_config_freep(dd_secret_config **c)
{
    dd_secret_config_free(*c);
}
#define _cleanup_secret_config_ __attribute__((cleanup(dd_secret_config_freep)))
/* Trivy's default: trivy-secret.yaml in the current directory, used when present. */
#define DD_SECRET_CONFIG_DEFAULT "trivy-secret.yaml"

/* Compile every rule once (vectorscan database + PCRE2 JIT code). */
int dd_secret_scanner_new(dd_secret_scanner **out, dd_error *e);
/* The same with a configuration (NULL: the built-in rules); `cfg` is borrowed (above). */
int dd_secret_scanner_new_config(dd_secret_scanner **out, dd_secret_engine engine,
                                 const dd_secret_config *cfg, dd_error *e);
/* What a command does with --secret-config FILE (NULL: DD_SECRET_CONFIG_DEFAULT when it
 * exists): load it into *cfg (NULL when there is none) and build the scanner from it. */
int dd_secret_scanner_open(dd_secret_scanner **out, dd_secret_config **cfg, const char *file,
                           dd_error *e);
void dd_secret_scanner_free(dd_secret_scanner *s);

/* The engine that finds candidates. The default is vectorscan; the PCRE2 engine (for each
 * rule whose keyword occurs in the data, PCRE2-JIT over the data: the gitleaks approach)
 * exists to measure the choice (bench/secrets.sh) and gives the same matches. */
int dd_secret_scanner_new_engine(dd_secret_scanner **out, dd_secret_engine engine, dd_error *e);

/* NULL only when out of vectorscan scratch memory. */
dd_secret_scratch *dd_secret_scratch_new(dd_secret_scanner *s);
void dd_secret_scratch_free(dd_secret_scratch *sc);

typedef struct dd_secret_match {
    const dd_rule *rule; /* points into dd_secret_table or a dd_secret_config's rules */
    uint64_t offset;     /* byte offset of the secret in the data (or stream) */
    int line;            /* 1-based line of the secret's first byte */
    int column;          /* 1-based byte column of the secret's first byte */
    const char *masked;  /* at most 4 leading bytes, "****", and the length: "ghp_****
                            (40 chars)"; never the secret itself */
    uint32_t length;     /* length of the secret in bytes (additive field) */
} dd_secret_match;       /* valid during the callback only */

/* Return <0 to stop the scan (the scan then returns normally). */
typedef int (*dd_secret_cb)(const dd_secret_match *m, void *ud);

/* Scan `data` of file `path` (its path in the image; NULL or "" when the data is not a
 * file, e.g. an ENV value: path rules then do not apply). Binary data (see
 * dd_secret_is_binary) is skipped: nothing is reported. Matches are reported in order of
 * offset. Returns the number of matches reported, or -1 with `e` filled. */
int dd_secret_scan(dd_secret_scanner *s, dd_secret_scratch *sc, const char *path, const void *data,
                   size_t len, dd_secret_cb cb, void *ud, dd_error *e);
/* The same, scanning binary data too. */
int dd_secret_scan_binary(dd_secret_scanner *s, dd_secret_scratch *sc, const char *path,
                          const void *data, size_t len, dd_secret_cb cb, void *ud, dd_error *e);
/* True when the first DD_SECRET_BINARY_PROBE bytes hold a NUL byte or more than 10% of
 * bytes that are not text. */
bool dd_secret_is_binary(const void *data, size_t len);

/* Streaming: for files too large to hold. Data is fed in pieces of any size; it is
 * copied into the stream's own DD_SECRET_BLOCK + DD_SECRET_OVERLAP buffer and scanned a
 * block at a time, so matches are reported during _feed (up to one block late) and the
 * rest at _close. Offsets, lines and columns are those of the whole stream; results are
 * identical to dd_secret_scan over the concatenated data. Binary detection uses the
 * stream's first DD_SECRET_BINARY_PROBE bytes unless `binary` is true.
 * The stream borrows `s`, `sc` (used by no one else until _close) and `path`/`ud`.
 * _feed and _close return the number of matches they reported, or -1 with `e` filled;
 * after the callback asked to stop, further data is ignored. _close always frees. */
typedef struct dd_secret_stream dd_secret_stream;
dd_secret_stream *dd_secret_stream_open(dd_secret_scanner *s, dd_secret_scratch *sc,
                                        const char *path, bool binary, dd_secret_cb cb, void *ud);
int dd_secret_stream_feed(dd_secret_stream *st, const void *data, size_t len, dd_error *e);
int dd_secret_stream_close(dd_secret_stream *st, dd_error *e);

/* Whether files at paths `a` and `b` are subject to the same path-bound rules of `s`
 * (built-in path globs, configured path regexes and allow paths). */
bool dd_secret_same_path_rules(const dd_secret_scanner *s, const char *a, const char *b);

/* How many leading characters of a secret of `len` bytes may be shown: the one masking
 * policy of every command (short secrets show less; 2 of 8 bytes already narrow a guess). */
size_t dd_secret_mask_keep(size_t len);
/* Mask a secret as described at dd_secret_match.masked into out (size >= 48). */
void dd_secret_mask(const char *secret, size_t len, char *out, size_t outsz);
/* Shannon entropy of the bytes, in bits per byte. */
double dd_secret_entropy(const char *s, size_t len);

/* A variable name that says it holds a secret (PASSWORD, DB_TOKEN, AWS_SECRET_ACCESS_KEY),
 * but not one that only says where a secret is (*_FILE, *_PATH), a setting about one
 * (*_TTL) or a public value (GPG_KEY, checksums). */
bool dd_secret_name(const char *name);
/* A value that is only a reference or a placeholder ("$DB_PASSWORD", "/run/secrets/x",
 * "changeme"), not a secret. */
bool dd_secret_trivial_value(const char *v);
