/* libbpf, loaded on first use (lazy.h): the eBPF sensor of `drydock watch` and `profile`.
 * libbpf brings libelf with it; no other command needs either, so neither is linked. */
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "lazy/lazy.h"

#define BPF_FUNCS(X, V, A)                                                                         \
    X(int, bpf_map__fd, (const struct bpf_map *m), (m))                                            \
    X(int, bpf_map__set_inner_map_fd, (struct bpf_map * m, int fd), (m, fd))                       \
    X(int, bpf_map__set_max_entries, (struct bpf_map * m, __u32 n), (m, n))                        \
    X(int, bpf_map_create,                                                                         \
      (enum bpf_map_type t, const char *name, __u32 ks, __u32 vs, __u32 n,                         \
       const struct bpf_map_create_opts *o),                                                       \
      (t, name, ks, vs, n, o))                                                                     \
    X(int, bpf_map_delete_elem, (int fd, const void *k), (fd, k))                                  \
    X(int, bpf_map_get_next_key, (int fd, const void *k, void *next), (fd, k, next))               \
    X(int, bpf_map_lookup_elem, (int fd, const void *k, void *v), (fd, k, v))                      \
    X(int, bpf_map_update_elem, (int fd, const void *k, const void *v, __u64 flags),               \
      (fd, k, v, flags))                                                                           \
    X(int, bpf_object__attach_skeleton, (struct bpf_object_skeleton * s), (s))                     \
    V(bpf_object__destroy_skeleton, (struct bpf_object_skeleton * s), (s))                         \
    X(int, bpf_object__load_skeleton, (struct bpf_object_skeleton * s), (s))                       \
    X(int, bpf_object__open_skeleton,                                                              \
      (struct bpf_object_skeleton * s, const struct bpf_object_open_opts *o), (s, o))              \
    X(int, bpf_program__set_autoload, (struct bpf_program * p, bool on), (p, on))                  \
    X(int, libbpf_num_possible_cpus, (void), ())                                                   \
    X(libbpf_print_fn_t, libbpf_set_print, (libbpf_print_fn_t fn), (fn))

#define DD_LAZY_THIS lazy_bpf
DD_LAZY_LIBRARY(BPF_FUNCS, lazy_bpf, DD_SONAME_BPF, "libbpf1")
