/* expat, loaded on first use (lazy.h): pom.xml. */
#include <expat.h>

#include "lazy/lazy.h"

#define EXPAT_FUNCS(X, V, A)                                                                       \
    X(XML_Parser, XML_ParserCreate, (const XML_Char *enc), (enc))                                  \
    V(XML_ParserFree, (XML_Parser p), (p))                                                         \
    V(XML_SetUserData, (XML_Parser p, void *d), (p, d))                                            \
    V(XML_SetElementHandler, (XML_Parser p, XML_StartElementHandler s, XML_EndElementHandler e),   \
      (p, s, e))                                                                                   \
    V(XML_SetCharacterDataHandler, (XML_Parser p, XML_CharacterDataHandler h), (p, h))             \
    X(int, XML_SetParamEntityParsing, (XML_Parser p, enum XML_ParamEntityParsing e), (p, e))       \
    X(enum XML_Status, XML_Parse, (XML_Parser p, const char *s, int n, int final),                 \
      (p, s, n, final))                                                                            \
    X(enum XML_Status, XML_StopParser, (XML_Parser p, XML_Bool resumable), (p, resumable))         \
    X(enum XML_Error, XML_GetErrorCode, (XML_Parser p), (p))                                       \
    X(XML_Size, XML_GetCurrentLineNumber, (XML_Parser p), (p))                                     \
    X(const XML_LChar *, XML_ErrorString, (enum XML_Error e), (e))

#define DD_LAZY_THIS lazy_expat
DD_LAZY_LIBRARY(EXPAT_FUNCS, lazy_expat, DD_SONAME_EXPAT, "libexpat1")
