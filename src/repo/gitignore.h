/* .gitignore semantics and the glob matcher behind them and --skip-dirs/--skip-files.
 *
 * Patterns are read from each directory's .gitignore (and .git/info/exclude at the top) as
 * the walk enters it; git's rules apply: the last matching pattern wins, deeper files
 * after shallower ones; "!" re-includes; a trailing "/" matches directories only; a
 * pattern with a "/" before its end is anchored to its file's directory, one without
 * matches a name at any depth; "**" spans directories. As in git, nothing inside an
 * ignored directory can be re-included (the walk does not ask).
 *
 * Ownership: a dd_gitignore owns its patterns (dd_gitignore_free). */
#pragma once
#include <stdbool.h>
#include <stddef.h>

typedef struct dd_gitignore_pat {
    char *glob; /* without "!", leading "/" or trailing "/" */
    char *base; /* directory of the file it came from, relative ("" for the top) */
    bool negate, dir_only, anchored;
    size_t depth; /* for dd_gitignore_pop: the walk depth that added it */
} dd_gitignore_pat;

typedef struct dd_gitignore {
    dd_gitignore_pat *v;
    size_t n, cap;
} dd_gitignore;

/* Add the patterns of a .gitignore's content found in directory `base` at walk `depth`
 * (lines past the 10,000th and patterns over 4 KiB are ignored). */
void dd_gitignore_add(dd_gitignore *ig, const char *base, size_t depth, const char *data,
                      size_t len);
/* Drop the patterns added at `depth` or deeper (leaving that directory). */
void dd_gitignore_pop(dd_gitignore *ig, size_t depth);
/* Is `path` (relative, '/'-separated) ignored? */
bool dd_gitignore_match(const dd_gitignore *ig, const char *path, bool is_dir);
void dd_gitignore_free(dd_gitignore *ig);

/* Glob match of a whole '/'-separated path: '*' and '?' stop at '/', "**" as a whole
 * component spans any number of them, [...] classes with ranges and '!'/'^'. Bounded:
 * backtracking is linear per "*" (no exponential blow-up). */
bool dd_glob_match(const char *glob, const char *path);
/* --skip-dirs/--skip-files: a pattern with a '/' matches the whole relative path, one
 * without matches the base name too. */
bool dd_skip_match(const char *pattern, const char *path);
