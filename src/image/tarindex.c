/* A reader of tar headers only, for the outer tar of a docker-archive on disk: it finds
 * where each member's bytes are so that layers can be decompressed by several threads at
 * once with pread(2). ustar, pax ('x': path and size) and GNU long names ('L') are
 * understood; everything is bounded (names, pax records, member count). */
#include <stdlib.h>
#include <string.h>

#include "core/cleanup.h"
#include "core/mem.h"
#include "image/walker.h"

#define MAX_MEMBERS 200000u
#define MAX_EXT (1u << 20)

static int parse_num(const unsigned char *f, size_t n, uint64_t *out)
{
    if (f[0] & 0x80) { /* base-256 (GNU): big-endian, first byte's top bit is the flag */
        uint64_t v = f[0] & 0x7f;
        for (size_t i = 1; i < n; i++) {
            if (v >> 55)
                return -1;
            v = (v << 8) | f[i];
        }
        *out = v;
        return 0;
    }
    uint64_t v = 0;
    size_t i = 0;
    while (i < n && (f[i] == ' ' || f[i] == '\0'))
        i++;
    for (; i < n && f[i] >= '0' && f[i] <= '7'; i++) {
        if (v >> 60)
            return -1;
        v = v * 8 + (uint64_t)(f[i] - '0');
    }
    for (; i < n; i++)
        if (f[i] != ' ' && f[i] != '\0')
            return -1;
    *out = v;
    return 0;
}

static bool checksum_ok(const unsigned char *h)
{
    uint64_t want;
    if (parse_num(h + 148, 8, &want) < 0)
        return false;
    uint64_t sum = 0;
    for (int i = 0; i < 512; i++)
        sum += (i >= 148 && i < 156) ? ' ' : h[i];
    return sum == want;
}

static int read_full(dd_pread_fn rd, void *ud, void *buf, size_t n, uint64_t off)
{
    size_t got = 0;
    while (got < n) {
        long r = rd(ud, (char *)buf + got, n - got, off + got);
        if (r <= 0)
            return -1;
        got += (size_t)r;
    }
    return 0;
}

/* pax records: "LEN key=value\n" ... */
static void pax_parse(const char *p, size_t n, char **path, uint64_t *size, bool *has_size)
{
    size_t i = 0;
    while (i < n) {
        size_t j = i, len = 0;
        while (j < n && p[j] >= '0' && p[j] <= '9' && len < MAX_EXT)
            len = len * 10 + (size_t)(p[j++] - '0');
        if (j >= n || p[j] != ' ' || len == 0 || len > n - i)
            return;
        const char *kv = p + j + 1, *end = p + i + len;
        if (end <= kv || end[-1] != '\n')
            return;
        const char *eq = memchr(kv, '=', (size_t)(end - kv));
        if (eq) {
            size_t klen = (size_t)(eq - kv), vlen = (size_t)(end - 1 - eq - 1);
            if (klen == 4 && memcmp(kv, "path", 4) == 0) {
                free(*path);
                *path = dd_xstrndup(eq + 1, vlen);
            } else if (klen == 4 && memcmp(kv, "size", 4) == 0) {
                uint64_t v = 0;
                bool ok = vlen > 0 && vlen < 20;
                for (size_t k = 0; ok && k < vlen; k++) {
                    char c = eq[1 + k];
                    if (c < '0' || c > '9')
                        ok = false;
                    else
                        v = v * 10 + (uint64_t)(c - '0');
                }
                if (ok) {
                    *size = v;
                    *has_size = true;
                }
            }
        }
        i += len;
    }
}

void dd_tar_index_free(dd_tar_member *m, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(m[i].name);
    free(m);
}

int dd_tar_index(dd_pread_fn rd, void *ud, uint64_t total, dd_tar_member **out, size_t *nout,
                 dd_error *e)
{
    dd_tar_member *v = NULL;
    size_t n = 0, cap = 0;
    uint64_t off = 0;
    char *long_name = NULL, *pax_path = NULL;
    uint64_t pax_size = 0;
    bool has_pax_size = false;
    unsigned char h[512];
    int rc = -1;
    for (;;) {
        if (off + 512 > total) {
            if (off == total && n > 0)
                break; /* no end-of-archive blocks: tolerated, as GNU tar does */
            dd_error_set(e, DD_ERR_INPUT, 0, "truncated tar: header at offset %llu",
                         (unsigned long long)off);
            goto out;
        }
        if (read_full(rd, ud, h, 512, off) < 0) {
            dd_error_set(e, DD_ERR_INPUT, 0, "cannot read tar header at offset %llu",
                         (unsigned long long)off);
            goto out;
        }
        bool zero = true;
        for (int i = 0; i < 512 && zero; i++)
            zero = h[i] == 0;
        if (zero)
            break;
        if (!checksum_ok(h)) {
            dd_error_set(e, DD_ERR_INPUT, 0, "not a tar archive: bad header checksum at offset %llu",
                         (unsigned long long)off);
            goto out;
        }
        uint64_t size;
        if (parse_num(h + 124, 12, &size) < 0) {
            dd_error_set(e, DD_ERR_INPUT, 0, "bad size in tar header at offset %llu",
                         (unsigned long long)off);
            goto out;
        }
        char type = (char)h[156];
        uint64_t data = off + 512;
        if (has_pax_size && type != 'x' && type != 'g' && type != 'L')
            size = pax_size;
        if (size > total || data > total - size) {
            dd_error_set(e, DD_ERR_INPUT, 0,
                         "truncated tar: member at offset %llu says %llu bytes, the file ends "
                         "first",
                         (unsigned long long)off, (unsigned long long)size);
            goto out;
        }
        uint64_t next = data + ((size + 511) & ~(uint64_t)511);
        if (type == 'x' || type == 'L' || type == 'g') {
            if (size > MAX_EXT) {
                dd_error_set(e, DD_ERR_INPUT, 0, "tar extended header of %llu bytes at %llu",
                             (unsigned long long)size, (unsigned long long)off);
                goto out;
            }
            if (type != 'g') {
                char *buf = dd_xmalloc(size + 1);
                if (read_full(rd, ud, buf, size, data) < 0) {
                    free(buf);
                    dd_error_set(e, DD_ERR_INPUT, 0, "cannot read tar extended header");
                    goto out;
                }
                buf[size] = '\0';
                if (type == 'L') {
                    free(long_name);
                    long_name = dd_xstrndup(buf, strnlen(buf, size));
                } else {
                    pax_parse(buf, size, &pax_path, &pax_size, &has_pax_size);
                }
                free(buf);
            }
            off = next;
            continue;
        }
        if (type == '0' || type == '\0' || type == '7') {
            if (n >= MAX_MEMBERS) {
                dd_error_set(e, DD_ERR_INPUT, 0, "more than %u members in the archive",
                             MAX_MEMBERS);
                goto out;
            }
            char *name;
            if (pax_path)
                name = steal_pointer(&pax_path);
            else if (long_name)
                name = steal_pointer(&long_name);
            else {
                char nm[101], px[156];
                memcpy(nm, h, 100);
                nm[100] = '\0';
                memcpy(px, h + 345, 155);
                px[155] = '\0';
                if (memcmp(h + 257, "ustar", 5) == 0 && px[0])
                    name = dd_xasprintf("%s/%s", px, nm);
                else
                    name = dd_xstrdup(nm);
            }
            v = dd_xgrow(v, &cap, n + 1, sizeof *v);
            v[n++] = (dd_tar_member){name, data, size};
        }
        free(long_name);
        long_name = NULL;
        free(pax_path);
        pax_path = NULL;
        has_pax_size = false;
        off = next;
    }
    *out = steal_pointer(&v);
    *nout = n;
    n = 0;
    rc = 0;
out:
    dd_tar_index_free(v, n);
    free(long_name);
    free(pax_path);
    return rc;
}
