/* Dockerfile parser: text → AST with a line and column for every instruction, flag,
 * argument and shell command, the way BuildKit reads it (directives, escape character,
 * continuations with comments inside, heredocs, exec vs shell form, ARG/ENV expansion
 * per stage, ONBUILD, case-insensitive keywords).
 *
 * Ownership: dd_df_parse() returns a dd_dockerfile that owns everything inside it (all
 * of it lives in one arena); dd_df_free() releases it all. Strings in the AST are never
 * NULL unless a comment says so. The input buffer is not kept.
 *
 * Bounds (untrusted input): a file above DD_DF_MAX_FILE bytes, a logical instruction or
 * heredoc above DD_DF_MAX_LOGICAL bytes or more than DD_DF_MAX_INSTR instructions are
 * parse errors, never a crash or an unbounded allocation. */
#pragma once
#include <stdbool.h>
#include <stddef.h>

#define DD_DF_MAX_FILE (16u << 20)   /* 16 MiB: far above any real Dockerfile */
#define DD_DF_MAX_LOGICAL (1u << 20) /* 1 MiB for one instruction including its heredocs */
#define DD_DF_MAX_INSTR 100000
#define DD_DF_MAX_DEPTH 4 /* nested `sh -c` levels the shell splitter follows */

typedef enum {
    DD_DF_UNKNOWN = 0,
    DD_DF_ADD,
    DD_DF_ARG,
    DD_DF_CMD,
    DD_DF_COPY,
    DD_DF_ENTRYPOINT,
    DD_DF_ENV,
    DD_DF_EXPOSE,
    DD_DF_FROM,
    DD_DF_HEALTHCHECK,
    DD_DF_LABEL,
    DD_DF_MAINTAINER,
    DD_DF_ONBUILD,
    DD_DF_RUN,
    DD_DF_SHELL,
    DD_DF_STOPSIGNAL,
    DD_DF_USER,
    DD_DF_VOLUME,
    DD_DF_WORKDIR,
} dd_df_kind;

/* A position in the file, both 1-based. */
typedef struct dd_df_pos {
    int line, col;
} dd_df_pos;

/* One word of an instruction (after flags): a JSON element in exec form, a
 * whitespace-separated (quote-aware) word in shell form. */
typedef struct dd_df_word {
    char *raw;   /* as written, quotes kept */
    char *value; /* quotes removed, ARG/ENV expanded where Docker expands them */
    bool unresolved; /* referenced a variable with no known value */
    dd_df_pos pos;
} dd_df_word;

typedef struct dd_df_flag {
    char *name;  /* without the dashes: "from", "mount" */
    char *value; /* NULL for a bare `--link` */
    dd_df_pos pos;
} dd_df_flag;

/* key=value of ENV, ARG and LABEL. For ARG without a default, value is NULL. */
typedef struct dd_df_kv {
    char *key;
    char *value; /* quotes removed, expanded (ENV/LABEL); NULL for `ARG NAME` */
    char *raw_value; /* as written; NULL when value is */
    dd_df_pos pos;
} dd_df_kv;

typedef struct dd_df_heredoc {
    char *delim;
    char *body;   /* text between the marker line and the delimiter, tabs stripped for <<- */
    bool strip_tabs, quoted;
    int body_line; /* first line of the body */
    dd_df_pos pos; /* the << marker */
} dd_df_heredoc;

/* One simple shell command found in a RUN (or shell-form CMD/ENTRYPOINT). */
enum {
    DD_SH_AND = 1, /* followed by && */
    DD_SH_OR,      /* || */
    DD_SH_SEQ,     /* ; newline & or end */
    DD_SH_PIPE,    /* | */
};
/* What a word of a shell command looked like before quotes were removed. */
enum {
    DD_SH_W_EXPANDS = 1, /* holds an unquoted $VAR, ${...} or $(...): split and globbed */
    DD_SH_W_QUOTED = 2,  /* had quotes somewhere */
};
typedef struct dd_sh_cmd {
    char **argv;   /* words, quotes removed, leading VAR=value assignments dropped */
    int argc;
    char **env; /* those leading VAR=value assignments (the command's environment) */
    int nenv;
    dd_df_pos *apos; /* position of each word */
    int next;      /* DD_SH_*: what joins it to the next command */
    int depth;     /* 0 top level, 1 inside `sh -c '...'`, ... */
    bool from_heredoc;
    bool subshell;         /* inside ( ... ): a cd there ends with the subshell */
    unsigned char *aflags; /* per word: DD_SH_W_* */
    const char *name; /* basename of argv[0], set by the parser (dd_sh_name() reads it: the
                       * rules ask for it hundreds of times per file); NULL: not computed */
} dd_sh_cmd;

typedef struct dd_df_instr {
    dd_df_kind kind;
    char *keyword;    /* upper-cased */
    dd_df_pos pos;    /* the keyword */
    int end_line;     /* last physical line, heredocs included */
    char *args_raw;   /* everything after keyword and flags, continuations joined */
    bool json;        /* exec (JSON array) form */
    dd_df_flag *flags;
    size_t nflags;
    dd_df_word *words;
    size_t nwords;
    dd_df_kv *kvs; /* ENV, ARG, LABEL */
    size_t nkvs;
    dd_df_heredoc *heredocs;
    size_t nheredocs;
    dd_sh_cmd *cmds; /* RUN (and shell-form CMD/ENTRYPOINT): split shell commands */
    size_t ncmds;
    struct dd_df_instr *sub; /* ONBUILD's trigger instruction, or NULL */
    bool onbuild;            /* this is an ONBUILD trigger: it runs in a child image's build */
    bool bad_json;           /* starts like an exec form but is not a JSON array of strings,
                              * so Docker runs it as a shell command */
    int stage;               /* index into stages; -1 before the first FROM */
    char **ignore;           /* rule ids from `# drydock ignore=` / `# hadolint ignore=` */
    size_t nignore;
} dd_df_instr;

typedef struct dd_df_stage {
    char *image;     /* expanded image reference of FROM ("" when unresolved) */
    char *image_raw; /* as written */
    char *name;      /* AS name (lower-cased), or NULL */
    bool image_unresolved;
    int from_stage;  /* index of an earlier stage FROM refers to, else -1 */
    size_t first, last; /* instruction index range [first, last] */
    char **ignore;      /* `# hadolint stage ignore=` / `# drydock stage ignore=` in this stage */
    size_t nignore;
} dd_df_stage;

/* An ignore pragma as written (for the rule that reports their use, hadolint's DL1001). */
typedef struct dd_df_pragma {
    dd_df_pos pos;
    const char *scope; /* "line", "stage" or "global" */
} dd_df_pragma;

typedef struct dd_dockerfile {
    dd_df_instr *ins;
    size_t n;
    dd_df_stage *stages;
    size_t nstages;
    char escape;  /* '\\' or '`' */
    char *syntax; /* `# syntax=` value, or NULL */
    char **ignore; /* `# hadolint global ignore=` / `# drydock global ignore=`: whole file */
    size_t nignore;
    dd_df_pragma *pragmas; /* every ignore pragma, in file order */
    size_t npragmas;
    /* set when the file could not be parsed; the AST then holds what came before */
    bool failed;
    dd_df_pos err_pos;
    char err_msg[256];
    struct dd_arena *arena;
} dd_dockerfile;

/* Parse `len` bytes. Never returns NULL; check ->failed. */
dd_dockerfile *dd_df_parse(const char *data, size_t len);
void dd_df_free(dd_dockerfile *df);

dd_df_kind dd_df_kind_from(const char *keyword); /* case-insensitive; UNKNOWN if none */
const char *dd_df_kind_name(dd_df_kind k);

/* Split a shell script into simple commands (exposed for tests). `base` is the position
 * of text[0]; newlines advance the line. The shell's escape is always the backslash,
 * whatever `# escape=` says. The result lives in df's arena; *n is set. */
dd_sh_cmd *dd_sh_split(dd_dockerfile *df, const char *text, size_t len, dd_df_pos base,
                       size_t *n);

/* The command name of a shell command: basename of argv[0] ("/usr/bin/apt-get" →
 * "apt-get"), or "" when empty. */
const char *dd_sh_name(const dd_sh_cmd *c);

/* sh, bash, dash, ash, zsh, ksh: a POSIX-family shell whose -c script the splitter reads. */
bool dd_sh_is_shell(const char *name);

/* Secret-by-value matcher (self-contained, used for ENV/ARG values). Returns the name of
 * the kind of secret found ("AWS access key id", ...) or NULL. */
const char *dd_df_secret_kind(const char *value);
/* A masked copy for output: at most 4 leading characters (fewer for short values), then
 * "****". Caller frees. */
char *dd_df_mask(const char *value);
