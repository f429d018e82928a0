/* A bump allocator for one parsed Dockerfile: the AST is built once, read many times
 * and dropped whole, so one free per block beats thousands of small frees.
 * Everything allocated from an arena is owned by it; dd_arena_free() releases all. */
#pragma once
#include <stddef.h>

typedef struct dd_arena dd_arena;

dd_arena *dd_arena_new(void);
void dd_arena_free(dd_arena *a);
void *dd_arena_alloc(dd_arena *a, size_t n);          /* zeroed, 16-byte aligned */
void *dd_arena_memdup(dd_arena *a, const void *p, size_t n);
char *dd_arena_strndup(dd_arena *a, const char *s, size_t n);
char *dd_arena_strdup(dd_arena *a, const char *s);
