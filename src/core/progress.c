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

/* The unit that keeps `n` readable: a small image's 300 KiB is not "0 MiB". */
static unsigned unit_shift(uint64_t n, const char **name)
{
    *name = n >= (10u << 20) ? "MiB" : n >= (10u << 10) ? "KiB" : "B";
    return n >= (10u << 20) ? 20 : n >= (10u << 10) ? 10 : 0;
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
    const char *unit;
    unsigned sh = unit_shift(total ? total : done, &unit);
    if (total) {
        unsigned pct = done >= total ? 100 : (unsigned)(done * 100 / total);
        int bar = (int)(pct / 4);
        fprintf(stderr, "\r%-.40s [%.*s%*s] %3u%% %llu/%llu %s", label, bar,
                "#########################", 25 - bar, "", pct, (unsigned long long)(done >> sh),
                (unsigned long long)(total >> sh), unit);
    } else {
        fprintf(stderr, "\r%-.40s %llu %s", label, (unsigned long long)(done >> sh), unit);
    }
    fflush(stderr);
}

void dd_progress_clear(void)
{
    fputs("\r\033[K", stderr);
    fflush(stderr);
}
