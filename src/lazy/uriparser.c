/* uriparser, loaded on first use (lazy.h): SARIF artifact URIs (report/sarif.c). */
#include <uriparser/Uri.h>

#include "lazy/lazy.h"

#define URIPARSER_FUNCS(X, V, A)                                                                   \
    X(int, uriUnixFilenameToUriStringA, (const char *filename, char *uriString),                  \
      (filename, uriString))                                                                       \
    X(char *, uriEscapeExA,                                                                        \
      (const char *inFirst, const char *inAfterLast, char *out, UriBool spaceToPlus,               \
       UriBool normalizeBreaks),                                                                   \
      (inFirst, inAfterLast, out, spaceToPlus, normalizeBreaks))

#define DD_LAZY_THIS lazy_uriparser
DD_LAZY_LIBRARY(URIPARSER_FUNCS, lazy_uriparser, DD_SONAME_URIPARSER, "liburiparser1")
