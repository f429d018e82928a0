/* libcurl, loaded on first use (lazy.h): the Docker Engine client and feed downloads. */
#define CURL_DISABLE_TYPECHECK /* curl_easy_setopt is a function here, not a checking macro */
#include <curl/curl.h>
#include <stdarg.h>

#include "lazy/lazy.h"

#define CURL_FUNCS(X, V, A)                                                                        \
    X(CURLcode, curl_global_init, (long flags), (flags))                                           \
    X(CURL *, curl_easy_init, (void), ())                                                          \
    V(curl_easy_cleanup, (CURL * h), (h))                                                          \
    X(CURLcode, curl_easy_perform, (CURL * h), (h))                                                \
    X(const char *, curl_easy_strerror, (CURLcode c), (c))                                         \
    X(CURLM *, curl_multi_init, (void), ())                                                        \
    X(CURLMcode, curl_multi_cleanup, (CURLM * m), (m))                                             \
    X(CURLMcode, curl_multi_add_handle, (CURLM * m, CURL * h), (m, h))                             \
    X(CURLMcode, curl_multi_remove_handle, (CURLM * m, CURL * h), (m, h))                          \
    X(CURLMcode, curl_multi_perform, (CURLM * m, int *running), (m, running))                      \
    X(CURLMcode, curl_multi_poll,                                                                  \
      (CURLM * m, struct curl_waitfd * fds, unsigned n, int ms, int *numfds),                      \
      (m, fds, n, ms, numfds))                                                                     \
    X(CURLMsg *, curl_multi_info_read, (CURLM * m, int *left), (m, left))                          \
    X(struct curl_slist *, curl_slist_append, (struct curl_slist * l, const char *s), (l, s))      \
    V(curl_slist_free_all, (struct curl_slist * l), (l))                                           \
    X(char *, curl_easy_escape, (CURL * h, const char *s, int n), (h, s, n))                       \
    V(curl_free, (void *p), (p))                                                                   \
    X(CURLcode, curl_easy_pause, (CURL * h, int mask), (h, mask))                                  \
    X(CURLSH *, curl_share_init, (void), ())                                                       \
    X(CURLSHcode, curl_share_cleanup, (CURLSH * s), (s))                                           \
    A(curl_easy_setopt) A(curl_easy_getinfo) A(curl_multi_setopt) A(curl_share_setopt)

#define DD_LAZY_THIS lazy_curl
DD_LAZY_LIBRARY(CURL_FUNCS, lazy_curl, DD_SONAME_CURL, "libcurl4")

/* The option number says the type of its one argument (curl.h, CURLOPTTYPE_*): pass it on
 * as that type. */
#define FORWARD_OPTION(call, h, o, ap)                                                             \
    ((o) < CURLOPTTYPE_OBJECTPOINT     ? call(h, o, va_arg(ap, long))                              \
     : (o) < CURLOPTTYPE_FUNCTIONPOINT ? call(h, o, va_arg(ap, void *))                            \
     : (o) < CURLOPTTYPE_OFF_T         ? call(h, o, va_arg(ap, void (*)(void)))                    \
     : (o) < CURLOPTTYPE_BLOB          ? call(h, o, va_arg(ap, curl_off_t))                        \
                                       : call(h, o, va_arg(ap, void *)))

CURLcode curl_easy_setopt(CURL *h, CURLoption o, ...)
{
    va_list ap;
    va_start(ap, o);
    CURLcode rc = FORWARD_OPTION(
        DD_LAZY_CALL(lazy_curl, CURLcode, curl_easy_setopt, (CURL *, CURLoption, ...)), h, o, ap);
    va_end(ap);
    return rc;
}

CURLMcode curl_multi_setopt(CURLM *m, CURLMoption o, ...)
{
    va_list ap;
    va_start(ap, o);
    CURLMcode rc = FORWARD_OPTION(
        DD_LAZY_CALL(lazy_curl, CURLMcode, curl_multi_setopt, (CURLM *, CURLMoption, ...)), m, o,
        ap);
    va_end(ap);
    return rc;
}

/* Every CURLINFO takes a pointer to where the answer goes. */
CURLcode curl_easy_getinfo(CURL *h, CURLINFO i, ...)
{
    va_list ap;
    va_start(ap, i);
    void *out = va_arg(ap, void *);
    va_end(ap);
    return DD_LAZY_CALL(lazy_curl, CURLcode, curl_easy_getinfo, (CURL *, CURLINFO, ...))(h, i, out);
}

/* The share options (curl.h, CURLSHoption) take an int, a function or a pointer. */
CURLSHcode curl_share_setopt(CURLSH *sh, CURLSHoption o, ...)
{
    va_list ap;
    va_start(ap, o);
    CURLSHcode (*call)(CURLSH *, CURLSHoption, ...) =
        DD_LAZY_CALL(lazy_curl, CURLSHcode, curl_share_setopt, (CURLSH *, CURLSHoption, ...));
    CURLSHcode rc;
    switch (o) {
    case CURLSHOPT_SHARE:
    case CURLSHOPT_UNSHARE:
        rc = call(sh, o, va_arg(ap, int));
        break;
    case CURLSHOPT_LOCKFUNC:
    case CURLSHOPT_UNLOCKFUNC:
        rc = call(sh, o, va_arg(ap, void (*)(void)));
        break;
    default:
        rc = call(sh, o, va_arg(ap, void *));
        break;
    }
    va_end(ap);
    return rc;
}
