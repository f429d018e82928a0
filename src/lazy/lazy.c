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

void dd_lazy_open(dd_lazy_lib *l)
{
    pthread_mutex_lock(&lock);
    if (!__atomic_load_n(&l->ready, __ATOMIC_ACQUIRE)) {
        /* RTLD_LOCAL: the library's symbols stay its own and never shadow our wrappers */
        void *h = dlopen(l->soname, RTLD_NOW | RTLD_LOCAL);
        if (!h)
            fail(l, dlerror());
        for (size_t i = 0; i < l->n; i++) {
            dlerror();
            l->slots[i] = dlsym(h, l->names[i]);
            if (!l->slots[i])
                fail(l, dlerror());
        }
        __atomic_store_n(&l->ready, true, __ATOMIC_RELEASE);
    }
    pthread_mutex_unlock(&lock);
}
