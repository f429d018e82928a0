#include "core/progress.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "core/cleanup.h"
#include "core/term.h"

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void dd_progress_draw(const char *label, uint64_t done, uint64_t total)
{
    /* Redrawing on every callback would cost more than the work it reports. */
    static double last;
    double t = now_s();
    if (t - last < 0.1 && (total == 0 || done < total))
        return;
    last = t;
    /* The label is a URL or an image name: never raw on the terminal. */
    _cleanup_free_ char *safe = dd_term_escape(label);
    label = safe;
    if (total) {
        unsigned pct = done >= total ? 100 : (unsigned)(done * 100 / total);
        int bar = (int)(pct / 4);
        fprintf(stderr, "\r%-.40s [%.*s%*s] %3u%% %llu/%llu MiB", label, bar,
                "#########################", 25 - bar, "", pct,
                (unsigned long long)(done >> 20), (unsigned long long)(total >> 20));
    } else {
        fprintf(stderr, "\r%-.40s %llu MiB", label, (unsigned long long)(done >> 20));
    }
    fflush(stderr);
}

void dd_progress_clear(void)
{
    fputs("\r\033[K", stderr);
    fflush(stderr);
}
