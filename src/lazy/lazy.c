/* The loader behind the lazily loaded libraries (lazy.h). */
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

#include "lazy/lazy.h"

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static void fail(const dd_lazy_lib *l, const char *what)
{
    fprintf(stderr,
            "drydock: error: cannot load %s, which this command needs: %s\n"
            "hint: install the Debian package %s\n",
            l->soname, what ? what : "unknown error", l->package);
    /* stdout may hold half a report: leave it unwritten rather than look complete */
    _exit(3);
}

/* Load and resolve `l` (under the lock); NULL, or the loader's reason. */
static const char *load(dd_lazy_lib *l)
{
    if (__atomic_load_n(&l->ready, __ATOMIC_ACQUIRE))
        return NULL;
    /* RTLD_LOCAL: the library's symbols stay its own and never shadow our wrappers */
    void *h = dlopen(l->soname, RTLD_NOW | RTLD_LOCAL);
    if (!h)
        return dlerror();
    for (size_t i = 0; i < l->n; i++) {
        dlerror();
        l->slots[i] = dlsym(h, l->names[i]);
        if (!l->slots[i])
            return dlerror();
    }
    __atomic_store_n(&l->ready, true, __ATOMIC_RELEASE);
    return NULL;
}

void dd_lazy_open(dd_lazy_lib *l)
{
    pthread_mutex_lock(&lock);
    const char *why = load(l);
    if (why)
        fail(l, why);
    pthread_mutex_unlock(&lock);
}

/* The linker collects the registrations of every linked wrapper file between these. */
extern dd_lazy_lib *const __start_dd_lazy_libs[];
extern dd_lazy_lib *const __stop_dd_lazy_libs[];

int dd_lazy_load_all(char *why, size_t size)
{
    int rc = 0;
    pthread_mutex_lock(&lock);
    for (dd_lazy_lib *const *l = __start_dd_lazy_libs; l < __stop_dd_lazy_libs && rc == 0; l++) {
        const char *err = load(*l);
        if (err) {
            snprintf(why, size, "cannot load %s (Debian package %s): %s", (*l)->soname,
                     (*l)->package, err);
            rc = -1;
        }
    }
    pthread_mutex_unlock(&lock);
    return rc;
}
