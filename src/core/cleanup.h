/* Cleanup attributes for resources, in the style of crun/systemd.
 * A variable declared with one of these is released when it leaves scope;
 * use steal_pointer() to hand ownership to the caller. */
#pragma once
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <dirent.h>
#include <jansson.h>

static inline void dd_freep(void *p)
{
    free(*(void **)p);
}
static inline void dd_closep(int *fd)
{
    if (*fd >= 0)
        close(*fd);
}
static inline void dd_fclosep(FILE **f)
{
    if (*f)
        fclose(*f);
}
static inline void dd_closedirp(DIR **d)
{
    if (*d)
        closedir(*d);
}
static inline void dd_json_decrefp(json_t **j)
{
    if (*j)
        json_decref(*j);
}

#define _cleanup_free_ __attribute__((cleanup(dd_freep)))
#define _cleanup_close_ __attribute__((cleanup(dd_closep)))
#define _cleanup_fclose_ __attribute__((cleanup(dd_fclosep)))
#define _cleanup_closedir_ __attribute__((cleanup(dd_closedirp)))
#define _cleanup_json_ __attribute__((cleanup(dd_json_decrefp)))

static inline void *dd_steal_ptr(void *pp)
{
    void **p = (void **)pp;
    void *r = *p;
    *p = NULL;
    return r;
}
#define steal_pointer(pp) ((__typeof__(*(pp)))dd_steal_ptr(pp))

static inline int dd_steal_fd(int *fd)
{
    int r = *fd;
    *fd = -1;
    return r;
}

#define DD_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
