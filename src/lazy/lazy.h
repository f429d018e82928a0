/* Lazily loaded shared libraries. drydock uses libcurl, libarchive, vectorscan, PCRE2,
 * SQLite, OpenSSL's libcrypto, libsodium, libgit2, expat, libbpf and ISA-L, which pull in
 * some 40 more libraries (GnuTLS, Kerberos, LDAP, libssh2, libxml2, ICU, libstdc++...). Loading and
 * relocating them at every start cost ~5 ms, more than `drydock lint` needs for a whole
 * Dockerfile. So those eleven are not linked: each has a file here that defines the
 * functions drydock calls, with the library's own prototypes (the compiler checks them
 * against its header), and loads the library with dlopen() on the first call. A command
 * that never calls into a library never loads it.
 *
 * Callers do not change: they include the library's header and call it. Building with
 * -DDD_LAZY_LIBS=OFF links the libraries directly instead (the static build does that), and
 * these files are not compiled.
 *
 * Thread safety: the first call of any wrapper loads the whole library under a lock;
 * later calls read the resolved table without one.
 *
 * A library that cannot be loaded ends the program with exit code 3 and a message naming
 * the library and its Debian package: this code stands in for the dynamic linker, which
 * would have refused to start the program at all, and no caller could do anything better
 * with an error from, say, curl_easy_setopt. */
#pragma once
#include <stdbool.h>
#include <stddef.h>

typedef struct dd_lazy_lib {
    const char *soname;       /* "libcurl.so.4", found by CMake from the library we build with */
    const char *package;      /* the Debian package that ships it, for the message */
    const char *const *names; /* symbols to resolve, all at once */
    void **slots;             /* their addresses, in the same order */
    size_t n;
    bool ready; /* set (release) once every slot is filled */
} dd_lazy_lib;

/* Load `l` if it is not loaded yet; never returns on failure. */
void dd_lazy_open(dd_lazy_lib *l);

static inline void dd_lazy_need(dd_lazy_lib *l)
{
    if (!__atomic_load_n(&l->ready, __ATOMIC_ACQUIRE))
        dd_lazy_open(l);
}

/* ---- declaring a library's wrappers ---------------------------------------------------
 * FUNCS(X, V, A) lists the functions: X(ret, name, (params), (args)) for one returning a
 * value, V(name, (params), (args)) for a void one, A(name) for a variadic one, whose
 * wrapper is written by hand with DD_LAZY_CALL(lib, ret, name, (params)).
 * DD_LAZY_LIBRARY(FUNCS, lib, soname, package) defines `lib` and the other wrappers. `name`
 * may be a macro (PCRE2's pcre2_compile is pcre2_compile_8): it is expanded both for the
 * symbol looked up and for the function defined. */
#define DD_LAZY_STR2(x)                      #x
#define DD_LAZY_STR(x)                       DD_LAZY_STR2(x)
#define DD_LAZY_CAT2(a, b)                   a##b
#define DD_LAZY_CAT(a, b)                    DD_LAZY_CAT2(a, b) /* pastes expanded names */
#define DD_LAZY_IDX(ret, name, params, args) DD_LAZY_CAT(dd_lazy_i_, name),
#define DD_LAZY_IDXV(name, params, args)     DD_LAZY_CAT(dd_lazy_i_, name),
#define DD_LAZY_IDXA(name)                   DD_LAZY_CAT(dd_lazy_i_, name),
#define DD_LAZY_SYM(ret, name, params, args) DD_LAZY_STR(name),
#define DD_LAZY_SYMV(name, params, args)     DD_LAZY_STR(name),
#define DD_LAZY_SYMA(name)                   DD_LAZY_STR(name),
#define DD_LAZY_NONE(name)
#define DD_LAZY_CALL(lib, ret, name, params)                                                       \
    (dd_lazy_need(&lib), ((ret(*) params)DD_LAZY_CAT(lib, _slots)[DD_LAZY_CAT(dd_lazy_i_, name)]))
#define DD_LAZY_WRAP(ret, name, params, args)                                                      \
    ret name params                                                                                \
    {                                                                                              \
        return DD_LAZY_CALL(DD_LAZY_THIS, ret, name, params) args;                                 \
    }
#define DD_LAZY_WRAPV(name, params, args)                                                          \
    void name params                                                                               \
    {                                                                                              \
        DD_LAZY_CALL(DD_LAZY_THIS, void, name, params) args;                                       \
    }
/* The file defines DD_LAZY_THIS as `lib` first. */
#define DD_LAZY_LIBRARY(FUNCS, lib, soname, package)                                               \
    enum { FUNCS(DD_LAZY_IDX, DD_LAZY_IDXV, DD_LAZY_IDXA) lib##_count };                           \
    static const char *const lib##_names[] = {FUNCS(DD_LAZY_SYM, DD_LAZY_SYMV, DD_LAZY_SYMA)};     \
    static void *lib##_slots[lib##_count];                                                         \
    static dd_lazy_lib lib = {soname, package, lib##_names, lib##_slots, lib##_count, false};      \
    FUNCS(DD_LAZY_WRAP, DD_LAZY_WRAPV, DD_LAZY_NONE)
