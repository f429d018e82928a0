/* libgit2, loaded on first use (lazy.h): `scan --git-history`. */
#include <git2.h>

#include "lazy/lazy.h"

#define GIT2_FUNCS(X, V, A)                                                                        \
    X(int, git_libgit2_init, (void), ())                                                           \
    X(int, git_libgit2_shutdown, (void), ())                                                       \
    X(const git_error *, git_error_last, (void), ())                                               \
    X(int, git_repository_open_ext,                                                                \
      (git_repository * *out, const char *path, unsigned int flags, const char *ceiling),          \
      (out, path, flags, ceiling))                                                                 \
    V(git_repository_free, (git_repository * r), (r))                                              \
    X(int, git_revwalk_new, (git_revwalk * *out, git_repository * r), (out, r))                    \
    V(git_revwalk_free, (git_revwalk * w), (w))                                                    \
    X(int, git_revwalk_next, (git_oid * out, git_revwalk * w), (out, w))                           \
    X(int, git_revwalk_push_glob, (git_revwalk * w, const char *glob), (w, glob))                  \
    X(int, git_revwalk_push_head, (git_revwalk * w), (w))                                          \
    X(int, git_revwalk_sorting, (git_revwalk * w, unsigned int mode), (w, mode))                   \
    X(int, git_commit_lookup, (git_commit * *c, git_repository * r, const git_oid *id),            \
      (c, r, id))                                                                                  \
    V(git_commit_free, (git_commit * c), (c))                                                      \
    X(git_time_t, git_commit_time, (const git_commit *c), (c))                                     \
    X(int, git_commit_tree, (git_tree * *t, const git_commit *c), (t, c))                          \
    X(int, git_tree_lookup, (git_tree * *t, git_repository * r, const git_oid *id), (t, r, id))    \
    V(git_tree_free, (git_tree * t), (t))                                                          \
    X(const git_oid *, git_tree_id, (const git_tree *t), (t))                                      \
    X(size_t, git_tree_entrycount, (const git_tree *t), (t))                                       \
    X(const git_tree_entry *, git_tree_entry_byindex, (const git_tree *t, size_t i), (t, i))       \
    X(git_filemode_t, git_tree_entry_filemode, (const git_tree_entry *e), (e))                     \
    X(const git_oid *, git_tree_entry_id, (const git_tree_entry *e), (e))                          \
    X(const char *, git_tree_entry_name, (const git_tree_entry *e), (e))                           \
    X(git_object_t, git_tree_entry_type, (const git_tree_entry *e), (e))                           \
    X(int, git_blob_lookup, (git_blob * *b, git_repository * r, const git_oid *id), (b, r, id))    \
    V(git_blob_free, (git_blob * b), (b))                                                          \
    X(const void *, git_blob_rawcontent, (const git_blob *b), (b))                                 \
    X(git_object_size_t, git_blob_rawsize, (const git_blob *b), (b))                               \
    X(int, git_odb_hashfile, (git_oid * out, const char *path, git_object_t t), (out, path, t))    \
    X(int, git_oid_equal, (const git_oid *a, const git_oid *b), (a, b))                            \
    X(char *, git_oid_tostr, (char *out, size_t n, const git_oid *id), (out, n, id))

#define DD_LAZY_THIS lazy_git2
DD_LAZY_LIBRARY(GIT2_FUNCS, lazy_git2, DD_SONAME_GIT2, "libgit2-1.5")
