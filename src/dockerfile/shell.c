/* Shell-aware splitting of RUN scripts into simple commands, so rules see `apt-get`
 * and its arguments whether it is written alone, after `&&`, in a pipe, in a subshell,
 * inside `sh -c '...'` or in a heredoc script. It is a reader for linting, not a shell:
 * it never expands anything, and anything it does not understand stays a plain word.
 * Every loop advances through the text, so any input finishes in linear time (sh -c
 * recursion is bounded by DD_DF_MAX_DEPTH). */
#include <string.h>

#include "core/cleanup.h"
#include "core/mem.h"
#include "dockerfile/internal.h"
#include "dockerfile/arena.h"
#include "dockerfile/dockerfile.h"

typedef struct sh {
    dd_arena *arena;
    const char *t;
    size_t n, i;
    /* position tracking: from `pa` when the caller has one per byte, else computed
     * moving forward only */
    const dd_df_pos *pa;
    size_t pidx;
    dd_df_pos pcur;
    int depth;
    bool heredoc;
    /* current word */
    char *w;
    size_t wlen, wcap;
    bool inword, wquoted_start;
    unsigned char wflags; /* DD_SH_W_* of the current word */
    dd_df_pos wpos;
    int paren;    /* ( ... ) subshell depth */
    int cases;    /* open `case ... esac` */
    bool pattern; /* reading a case pattern (`a|b)`): | and ) are not a pipe and a group */
    /* current command */
    char **argv;
    dd_df_pos *apos;
    unsigned char *aflags;
    size_t argc, acap;
    char **envv; /* its leading assignments */
    size_t envc, envcap;
    /* output */
    dd_sh_cmd *cmds;
    size_t ncmds, ccap;
    /* heredoc delimiters waiting for the next newline (inside scripts) */
    char *pend[8];
    bool pend_strip[8];
    int npend;
} sh;

static dd_df_pos pos_at(sh *s, size_t idx)
{
    if (s->pa)
        return s->pa[idx < s->n ? idx : (s->n ? s->n - 1 : 0)];
    while (s->pidx < idx && s->pidx < s->n) {
        if (s->t[s->pidx] == '\n') {
            s->pcur.line++;
            s->pcur.col = 1;
        } else {
            s->pcur.col++;
        }
        s->pidx++;
    }
    return s->pcur;
}

static void wputc(sh *s, char c)
{
    if (!s->inword) {
        s->inword = true;
        s->wpos = pos_at(s, s->i);
        s->wquoted_start = c == '\'' || c == '"';
    }
    if (s->wcap < s->wlen + 2) /* a compare per byte, a call only when growing */
        s->w = dd_xgrow(s->w, &s->wcap, s->wlen + 2, 1);
    s->w[s->wlen++] = c;
}

/* Mark the start of a word whose first character is a quote (empty words count). */
static void wstart(sh *s, bool quoted)
{
    if (!s->inword) {
        s->inword = true;
        s->wpos = pos_at(s, s->i);
        s->wquoted_start = quoted;
        s->w = dd_xgrow(s->w, &s->wcap, s->wlen + 2, 1);
    }
}

static bool is_assignment(const char *w)
{
    if (!((*w >= 'A' && *w <= 'Z') || (*w >= 'a' && *w <= 'z') || *w == '_'))
        return false;
    for (const char *p = w; *p; p++) {
        if (*p == '=')
            return true;
        if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || *p == '_' ||
              (*p >= '0' && *p <= '9')))
            return false;
    }
    return false;
}

static void end_cmd(sh *s, int next);

static void end_word(sh *s)
{
    if (!s->inword)
        return;
    s->inword = false;
    s->w[s->wlen] = '\0';
    /* Leading VAR=value words are the command's environment, not the command. */
    if (s->argc == 0 && !s->wquoted_start && is_assignment(s->w)) {
        if (s->envc < 64) {
            s->envv = dd_xgrow(s->envv, &s->envcap, s->envc + 1, sizeof *s->envv);
            s->envv[s->envc++] = dd_arena_strndup(s->arena, s->w, s->wlen);
        }
        s->wlen = 0;
        s->wflags = 0;
        return;
    }
    if (s->argc + 1 > s->acap) {
        size_t cap = s->acap, fcap = s->acap;
        s->argv = dd_xgrow(s->argv, &cap, s->argc + 1, sizeof *s->argv);
        s->aflags = dd_xgrow(s->aflags, &fcap, s->argc + 1, sizeof *s->aflags);
        s->apos = dd_xgrow(s->apos, &s->acap, s->argc + 1, sizeof *s->apos);
        s->acap = cap;
    }
    s->argv[s->argc] = dd_arena_strndup(s->arena, s->w, s->wlen);
    s->apos[s->argc] = s->wpos;
    s->aflags[s->argc] = s->wflags;
    s->argc++;
    s->wlen = 0;
    s->wflags = 0;
    /* `case WORD in` opens the patterns; `esac` closes the statement */
    const char *w = s->argv[s->argc - 1];
    if (s->argc == 3 && !strcmp(w, "in") && !strcmp(s->argv[0], "case")) {
        s->cases++;
        s->pattern = true;
        end_cmd(s, DD_SH_SEQ);
    } else if (!strcmp(w, "esac") && s->cases > 0) {
        s->cases--;
        s->pattern = false;
    }
}

static const char *const prefix_words[] = {"then", "else", "do", "elif", "if", "while",
                                           "until", "!", "{", "time", "exec"};
static const char *const lone_words[] = {"fi", "done", "esac", "}", "then", "else", "do"};

static void push_cmd(sh *s, const dd_sh_cmd *c)
{
    s->cmds = dd_xgrow(s->cmds, &s->ccap, s->ncmds + 1, sizeof *s->cmds);
    s->cmds[s->ncmds] = *c;
    s->cmds[s->ncmds].name = NULL;
    s->cmds[s->ncmds].name = dd_sh_name(&s->cmds[s->ncmds]);
    s->ncmds++;
}

static void split_into(sh *parent, const char *text, size_t len, dd_df_pos base, int depth);

bool dd_sh_is_shell(const char *name)
{
    return !strcmp(name, "sh") || !strcmp(name, "bash") || !strcmp(name, "dash") ||
           !strcmp(name, "ash") || !strcmp(name, "zsh") || !strcmp(name, "ksh");
}

static void end_cmd(sh *s, int next)
{
    end_word(s);
    size_t skip = 0;
    /* Reserved words that prefix a command (`then apt-get ...`) are not the command. */
    while (skip < s->argc) {
        bool pre = false;
        for (size_t k = 0; k < DD_ARRAY_SIZE(prefix_words); k++)
            if (!strcmp(s->argv[skip], prefix_words[k]))
                pre = true;
        if (!pre)
            break;
        skip++;
    }
    if (s->argc - skip == 1) {
        for (size_t k = 0; k < DD_ARRAY_SIZE(lone_words); k++)
            if (!strcmp(s->argv[skip], lone_words[k])) {
                skip++;
                break;
            }
    }
    if (s->argc > skip) {
        dd_sh_cmd c = {0};
        c.argc = (int)(s->argc - skip);
        c.argv = dd_arena_alloc(s->arena, (size_t)(c.argc + 1) * sizeof *c.argv);
        memcpy(c.argv, s->argv + skip, (size_t)c.argc * sizeof *c.argv);
        c.apos = dd_arena_memdup(s->arena, s->apos + skip, (size_t)c.argc * sizeof *c.apos);
        c.aflags = dd_arena_memdup(s->arena, s->aflags + skip, (size_t)c.argc);
        c.subshell = s->paren > 0;
        c.next = next;
        c.depth = s->depth;
        c.from_heredoc = s->heredoc;
        if (s->envc) {
            c.env = dd_arena_memdup(s->arena, s->envv, s->envc * sizeof *s->envv);
            c.nenv = (int)s->envc;
        }
        push_cmd(s, &c);
        /* `sh -c 'script'`: the script's commands are commands too. */
        const char *name = dd_sh_name(&c);
        if (dd_sh_is_shell(name) && s->depth < DD_DF_MAX_DEPTH) {
            for (int k = 1; k < c.argc; k++) {
                const char *a = c.argv[k];
                if (a[0] == '-' && a[1] && a[1] != '-' && strchr(a, 'c')) {
                    if (k + 1 < c.argc)
                        split_into(s, c.argv[k + 1], strlen(c.argv[k + 1]), c.apos[k + 1],
                                   s->depth + 1);
                    break;
                }
                if (a[0] != '-' && a[0] != '+')
                    break;
            }
        }
    } else if (s->ncmds && next != DD_SH_SEQ) {
        /* `( a ) && b`: the operator after the group joins the group's last command. */
        s->cmds[s->ncmds - 1].next = next;
    }
    s->argc = 0;
    s->envc = 0;
}

/* Skip a $( ... ) or ${ ... } or `...` region starting at s->i, copying it into the word. */
static void copy_nested(sh *s, char open, char close)
{
    int level = 0;
    while (s->i < s->n) {
        char c = s->t[s->i];
        wputc(s, c);
        s->i++;
        if (c == '\\' && s->i < s->n) {
            wputc(s, s->t[s->i]);
            s->i++;
            continue;
        }
        if (c == '\'' && open != '`') {
            while (s->i < s->n && s->t[s->i] != '\'')
                wputc(s, s->t[s->i++]);
            if (s->i < s->n)
                wputc(s, s->t[s->i++]);
            continue;
        }
        if (open == '`') {
            if (c == '`' && level++ > 0)
                return;
            continue;
        }
        if (c == open)
            level++;
        else if (c == close && --level <= 0)
            return;
    }
}

static void read_redirect_target(sh *s, bool heredoc, bool strip)
{
    while (s->i < s->n && (s->t[s->i] == ' ' || s->t[s->i] == '\t'))
        s->i++;
    size_t start = s->i;
    char buf[128];
    size_t bl = 0;
    while (s->i < s->n) {
        char c = s->t[s->i];
        if (c == ' ' || c == '\t' || c == '\n' || c == ';' || c == '&' || c == '|' ||
            c == '(' || c == ')' || c == '<' || c == '>')
            break;
        if (c == '\'' || c == '"') {
            s->i++;
            while (s->i < s->n && s->t[s->i] != c) {
                if (bl + 1 < sizeof buf)
                    buf[bl++] = s->t[s->i];
                s->i++;
            }
            if (s->i < s->n)
                s->i++;
            continue;
        }
        if (c == '\\' && s->i + 1 < s->n)
            s->i++;
        if (bl + 1 < sizeof buf)
            buf[bl++] = s->t[s->i];
        s->i++;
    }
    buf[bl] = '\0';
    if (heredoc && s->i > start && s->npend < (int)DD_ARRAY_SIZE(s->pend)) {
        s->pend_strip[s->npend] = strip;
        s->pend[s->npend++] = dd_arena_strdup(s->arena, buf);
    }
}

/* After a newline: skip the bodies of heredocs opened on the previous line. */
static void skip_heredoc_bodies(sh *s)
{
    for (int k = 0; k < s->npend; k++) {
        const char *d = s->pend[k];
        size_t dl = strlen(d);
        while (s->i < s->n) {
            size_t ls = s->i;
            const char *nl = memchr(s->t + ls, '\n', s->n - ls);
            size_t le = nl ? (size_t)(nl - s->t) : s->n;
            s->i = nl ? le + 1 : le;
            if (s->pend_strip[k])
                while (ls < le && s->t[ls] == '\t')
                    ls++;
            if (le - ls == dl && memcmp(s->t + ls, d, dl) == 0)
                break;
        }
    }
    s->npend = 0;
}

static void run(sh *s)
{
    while (s->i < s->n) {
        char c = s->t[s->i];
        char c1 = s->i + 1 < s->n ? s->t[s->i + 1] : '\0';
        switch (c) {
        case ' ':
        case '\t':
        case '\r':
            end_word(s);
            s->i++;
            continue;
        case '\n':
            end_cmd(s, DD_SH_SEQ);
            s->i++;
            if (s->npend)
                skip_heredoc_bodies(s);
            continue;
        case '\\':
            if (c1 == '\n') {
                s->i += 2;
                continue;
            }
            if (c1) {
                s->i++;
                wputc(s, c1);
                s->i++;
            } else {
                s->i++;
            }
            continue;
        case '#':
            if (!s->inword) {
                while (s->i < s->n && s->t[s->i] != '\n')
                    s->i++;
                continue;
            }
            break;
        case ';':
            end_cmd(s, DD_SH_SEQ);
            /* `;;` (or `;&`) ends a case branch: a pattern comes next */
            if ((c1 == ';' || c1 == '&') && s->cases > 0)
                s->pattern = true;
            s->i += c1 == ';' || c1 == '&' ? 2 : 1;
            continue;
        case '&':
            if (c1 == '&') {
                end_cmd(s, DD_SH_AND);
                s->i += 2;
            } else if (c1 == '>') {
                end_word(s);
                s->i += 2;
                if (s->i < s->n && s->t[s->i] == '>')
                    s->i++;
                read_redirect_target(s, false, false);
            } else {
                end_cmd(s, DD_SH_SEQ);
                s->i++;
            }
            continue;
        case '|':
            if (s->pattern) { /* a|b) */
                end_word(s);
                s->i++;
                continue;
            }
            if (c1 == '|') {
                end_cmd(s, DD_SH_OR);
                s->i += 2;
            } else {
                end_cmd(s, DD_SH_PIPE);
                s->i += c1 == '&' ? 2 : 1;
            }
            continue;
        case '(':
        case ')':
            if (s->pattern) {
                /* the pattern is not a command: drop it; its branch's commands follow */
                end_word(s);
                if (c == ')') {
                    s->argc = 0;
                    s->pattern = false;
                }
                s->i++;
                continue;
            }
            end_cmd(s, DD_SH_SEQ);
            /* `case x in a)` closes what it never opened: never below zero */
            if (c == '(')
                s->paren++;
            else if (s->paren > 0)
                s->paren--;
            s->i++;
            continue;
        case '<':
        case '>': {
            /* A redirection: `2>` was read as the word "2"; drop it. */
            if (s->inword && s->wlen > 0) {
                bool digits = true;
                for (size_t k = 0; k < s->wlen; k++)
                    if (s->w[k] < '0' || s->w[k] > '9')
                        digits = false;
                if (digits) {
                    s->inword = false;
                    s->wlen = 0;
                }
            }
            end_word(s);
            bool heredoc = false, strip = false;
            if (c == '<' && c1 == '<') {
                if (s->i + 2 < s->n && s->t[s->i + 2] == '<') {
                    s->i += 3; /* here-string: its word is data */
                } else {
                    heredoc = true;
                    s->i += 2;
                    if (s->i < s->n && s->t[s->i] == '-') {
                        strip = true;
                        s->i++;
                    }
                }
            } else if (c == '>' && (c1 == '>' || c1 == '|')) {
                s->i += 2;
            } else if ((c == '>' || c == '<') && c1 == '&') {
                s->i += 2;
            } else if (c == '<' && c1 == '>') {
                s->i += 2;
            } else {
                s->i++;
            }
            if (c == '<' && c1 == '(') { /* process substitution <(...) */
                s->i--;
                wstart(s, false);
                copy_nested(s, '(', ')');
                end_word(s);
                continue;
            }
            /* Inside a Dockerfile heredoc script the body follows; on a RUN line the
             * Dockerfile parser already took it away. */
            read_redirect_target(s, heredoc && s->heredoc, strip);
            continue;
        }
        case '\'':
            wstart(s, true);
            s->wflags |= DD_SH_W_QUOTED;
            s->i++;
            while (s->i < s->n && s->t[s->i] != '\'')
                wputc(s, s->t[s->i++]);
            if (s->i < s->n)
                s->i++;
            continue;
        case '"':
            wstart(s, true);
            s->wflags |= DD_SH_W_QUOTED;
            s->i++;
            while (s->i < s->n && s->t[s->i] != '"') {
                char d = s->t[s->i];
                if (d == '\\' && s->i + 1 < s->n) {
                    char e = s->t[s->i + 1];
                    if (e == '"' || e == '\\' || e == '$' || e == '`') {
                        wputc(s, e);
                        s->i += 2;
                        continue;
                    }
                    if (e == '\n') {
                        s->i += 2;
                        continue;
                    }
                }
                if (d == '$' && s->i + 1 < s->n && s->t[s->i + 1] == '(') {
                    copy_nested(s, '(', ')');
                    continue;
                }
                if (d == '`') {
                    copy_nested(s, '`', '`');
                    continue;
                }
                wputc(s, d);
                s->i++;
            }
            if (s->i < s->n)
                s->i++;
            continue;
        case '$':
            if (c1 == '(' || c1 == '{' || c1 == '_' || (c1 >= 'A' && c1 <= 'Z') ||
                (c1 >= 'a' && c1 <= 'z') || c1 == '@' || c1 == '*') {
                wstart(s, false);
                s->wflags |= DD_SH_W_EXPANDS;
            }
            if (c1 == '(') {
                copy_nested(s, '(', ')');
                continue;
            }
            if (c1 == '{') {
                copy_nested(s, '{', '}');
                continue;
            }
            break;
        case '`':
            copy_nested(s, '`', '`');
            continue;
        default:
            break;
        }
        wputc(s, c);
        s->i++;
    }
    end_cmd(s, DD_SH_SEQ);
}

static void split_into(sh *parent, const char *text, size_t len, dd_df_pos base, int depth)
{
    sh s = {0};
    s.arena = parent->arena;
    s.t = text;
    s.n = len;
    s.pcur = base;
    s.depth = depth;
    s.heredoc = true; /* a script string has real newlines and heredocs */
    /* Child output goes straight to the parent's list, after the `sh -c` command. */
    s.cmds = parent->cmds;
    s.ncmds = parent->ncmds;
    s.ccap = parent->ccap;
    run(&s);
    parent->cmds = s.cmds;
    parent->ncmds = s.ncmds;
    parent->ccap = s.ccap;
    free(s.w);
    free(s.argv);
    free(s.apos);
    free(s.aflags);
    free(s.envv);
}

dd_sh_cmd *dd_sh_split_ex(dd_arena *a, const char *text, size_t len, dd_df_pos base,
                          const dd_df_pos *pa, bool heredoc, size_t *n)
{
    sh s = {0};
    s.arena = a;
    s.pa = pa;
    s.t = text;
    s.n = len;
    s.pcur = base;
    s.heredoc = heredoc;
    run(&s);
    free(s.w);
    free(s.argv);
    free(s.apos);
    free(s.aflags);
    free(s.envv);
    dd_sh_cmd *out = s.ncmds ? dd_arena_memdup(a, s.cmds, s.ncmds * sizeof *s.cmds) : NULL;
    free(s.cmds);
    *n = s.ncmds;
    return out;
}

dd_sh_cmd *dd_sh_split(dd_dockerfile *df, const char *text, size_t len, dd_df_pos base,
                       size_t *n)
{
    return dd_sh_split_ex(df->arena, text, len, base, NULL, true, n);
}

const char *dd_sh_name(const dd_sh_cmd *c)
{
    if (c->name)
        return c->name;
    if (c->argc == 0)
        return "";
    const char *slash = strrchr(c->argv[0], '/');
    return slash ? slash + 1 : c->argv[0];
}
