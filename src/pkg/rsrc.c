#include "pkg/rsrc.h"

#include <stdlib.h>
#include <string.h>

#include "core/mem.h"

void dd_rsrc_mem(dd_rsrc *s, const void *data, size_t len)
{
    memset(s, 0, sizeof *s);
    s->head = data;
    s->headlen = len;
    s->size = len;
}

void dd_rsrc_stream(dd_rsrc *s, const void *head, size_t headlen, uint64_t size, dd_pkg_read_fn rd,
                    void *ud)
{
    memset(s, 0, sizeof *s);
    s->head = head;
    s->headlen = headlen;
    s->size = size;
    s->rd = rd;
    s->ud = ud;
    s->pos = headlen;
}

void dd_rsrc_free(dd_rsrc *s)
{
    free(s->win);
    s->win = NULL;
    s->winlen = s->wincap = 0;
}

bool dd_rsrc_behind(const dd_rsrc *s, uint64_t off)
{
    if (!s->rd || off < s->headlen)
        return false;
    if (s->winlen && off >= s->winoff)
        return false;
    return off < s->pos;
}

/* Read exactly n stream bytes to dst (NULL: discard them); false on error or early end. */
static bool pull(dd_rsrc *s, unsigned char *dst, uint64_t n)
{
    unsigned char scratch[65536];
    while (n) {
        size_t want = n < sizeof scratch ? (size_t)n : sizeof scratch;
        long r = s->rd(s->ud, dst ? dst : scratch, want);
        if (r <= 0) {
            s->failed = true;
            return false;
        }
        s->pos += (uint64_t)r;
        n -= (uint64_t)r;
        if (dst)
            dst += r;
    }
    return true;
}

const unsigned char *dd_rsrc_get(dd_rsrc *s, uint64_t off, size_t n, size_t *got)
{
    *got = 0;
    if (s->failed || off >= s->size)
        return NULL;
    if ((uint64_t)n > s->size - off)
        n = (size_t)(s->size - off);
    if (!s->rd || off + n <= s->headlen) {
        *got = n;
        return s->head + off;
    }
    if (dd_rsrc_behind(s, off))
        return NULL;
    if (s->winlen && off >= s->winoff && off + n <= s->winoff + s->winlen) {
        *got = n; /* inside the window: it stays as it is for what comes next */
        return s->win + (off - s->winoff);
    }
    /* The new window: what is already held (head or old window), then the stream. */
    unsigned char *w = dd_xmalloc(n ? n : 1);
    size_t have = 0;
    if (off < s->headlen) {
        have = s->headlen - (size_t)off;
        memcpy(w, s->head + off, have);
    } else if (s->winlen && off >= s->winoff && off < s->winoff + s->winlen) {
        have = (size_t)(s->winoff + s->winlen - off);
        if (have > n)
            have = n;
        memcpy(w, s->win + (off - s->winoff), have);
    }
    uint64_t next = off + have; /* the file offset the stream must yield next */
    bool ok = next >= s->pos || have == n;
    if (ok && have < n) {
        ok = pull(s, NULL, next - s->pos) && pull(s, w + have, n - have);
    }
    free(s->win);
    s->win = w;
    s->wincap = n;
    s->winoff = off;
    s->winlen = ok ? n : 0;
    if (!ok)
        return NULL;
    *got = n;
    return w;
}
