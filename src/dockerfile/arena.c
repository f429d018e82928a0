#include "dockerfile/arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/mem.h"

typedef struct block {
    struct block *next;
    size_t used, cap;
    _Alignas(16) unsigned char data[];
} block;

struct dd_arena {
    block *head;
};

#define BLOCK_SIZE (32u << 10)

dd_arena *dd_arena_new(void)
{
    return dd_xcalloc(1, sizeof(dd_arena));
}

void dd_arena_free(dd_arena *a)
{
    if (!a)
        return;
    for (block *b = a->head, *next; b; b = next) {
        next = b->next;
        free(b);
    }
    free(a);
}

void *dd_arena_alloc(dd_arena *a, size_t n)
{
    n = (n + 15u) & ~(size_t)15u;
    if (n == 0)
        n = 16;
    block *b = a->head;
    if (!b || b->cap - b->used < n) {
        /* Big requests get their own block behind the current one so the current
         * block's free space is not wasted. */
        size_t cap = n > BLOCK_SIZE / 4 ? n : BLOCK_SIZE;
        block *nb = dd_xmalloc(sizeof(block) + cap);
        nb->used = 0;
        nb->cap = cap;
        if (b && cap != BLOCK_SIZE) {
            nb->next = b->next;
            b->next = nb;
        } else {
            nb->next = b;
            a->head = nb;
        }
        b = nb;
    }
    void *p = b->data + b->used;
    b->used += n;
    memset(p, 0, n);
    return p;
}

void *dd_arena_memdup(dd_arena *a, const void *p, size_t n)
{
    void *q = dd_arena_alloc(a, n);
    if (n)
        memcpy(q, p, n);
    return q;
}

char *dd_arena_strndup(dd_arena *a, const char *s, size_t n)
{
    char *q = dd_arena_alloc(a, n + 1);
    memcpy(q, s, n);
    q[n] = '\0';
    return q;
}

char *dd_arena_strdup(dd_arena *a, const char *s)
{
    return s ? dd_arena_strndup(a, s, strlen(s)) : NULL;
}
