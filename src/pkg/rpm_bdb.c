/* rpm's Berkeley DB database (var/lib/rpm/Packages of CentOS 7, RHEL 7/8, Amazon Linux 2):
 * a BDB hash file read here from memory with a bounded reader of its own, since libdb
 * can only open files on disk and nothing of an image is ever written there.
 *
 * Layout (libdb 5.3, src/dbinc/db_page.h), every page `pagesize` bytes, fields in the
 * byte order the metadata magic reveals:
 *   page 0, hash metadata: magic 0x061561 at 12, pagesize at 20, last page number at 32,
 *     encryption algorithm at 24 (must be 0), page type 8 at 25;
 *   pages of type 13 (hash) or 2 (hash, pre-4.6): a 26-byte header (entries at 20,
 *     page type at 25), then `entries` 2-byte offsets of items, key and value alternating;
 *     an item is one type byte then its data: 1 (H_KEYDATA) inline, its length given by
 *     the previous offset, or 3 (H_OFFPAGE): 3 bytes padding, first overflow page number,
 *     total length;
 *   pages of type 7 (overflow): next page number at 16, bytes used at 22, data after the
 *     26-byte header.
 * Every value is one rpm header blob, except the 4-byte record rpm keeps the next header
 * number in. Page numbers, chains and lengths are all checked: a loop or a lie is an
 * error naming the page. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/cleanup.h"
#include "pkg/internal.h"
#include "pkg/readers.h"

#define BDB_HASH_MAGIC  0x061561u
#define BDB_PAGE_HDR    26
#define P_HASH_UNSORTED 2
#define P_OVERFLOW      7
#define P_HASHMETA      8
#define P_HASH          13
#define H_KEYDATA       1
#define H_OFFPAGE       3
#define BDB_MAX_VALUE   (64u << 20) /* rpm's own header limit is 256 MiB; no header nears 64 */

typedef struct bdb {
    const unsigned char *d;
    size_t len;
    bool be;
    uint32_t pagesize, npages;
    const char *path;
} bdb;

static uint32_t u32(const bdb *b, const unsigned char *p)
{
    return b->be ? (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3]
                 : (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

static uint16_t u16(const bdb *b, const unsigned char *p)
{
    return b->be ? (uint16_t)(p[0] << 8 | p[1]) : (uint16_t)(p[1] << 8 | p[0]);
}

static const unsigned char *page(const bdb *b, uint32_t n)
{
    return n < b->npages ? b->d + (size_t)n * b->pagesize : NULL;
}

/* Concatenate an overflow chain into `out`. */
static int overflow(const bdb *b, uint32_t pgno, uint32_t total, dd_buf *out, dd_error *e)
{
    dd_buf_reset(out);
    if (total > BDB_MAX_VALUE)
        return dd_error_set(e, DD_ERR_INPUT, 0, "%s: a value of %u bytes (limit %u)", b->path,
                            total, BDB_MAX_VALUE);
    /* A chain cannot be longer than the file: that bounds a loop. */
    for (uint32_t steps = 0; pgno; steps++) {
        const unsigned char *p = page(b, pgno);
        if (!p || steps >= b->npages)
            return dd_error_set(e, DD_ERR_INPUT, 0, "%s: overflow chain at page %u %s", b->path,
                                pgno, p ? "loops" : "points past the end of the file");
        if (p[25] != P_OVERFLOW)
            return dd_error_set(e, DD_ERR_INPUT, 0,
                                "%s: page %u of an overflow chain has type %u, not %u", b->path,
                                pgno, p[25], P_OVERFLOW);
        uint32_t used = u16(b, p + 22);
        if (used > b->pagesize - BDB_PAGE_HDR || out->len + used > total)
            return dd_error_set(
                e, DD_ERR_INPUT, 0,
                "%s: overflow page %u holds %u bytes, more than it or the value has", b->path, pgno,
                used);
        dd_buf_append(out, p + BDB_PAGE_HDR, used);
        pgno = u32(b, p + 16);
    }
    if (out->len != total)
        return dd_error_set(e, DD_ERR_INPUT, 0, "%s: overflow chain holds %zu of %u bytes", b->path,
                            out->len, total);
    return 0;
}

int dd_pkg_read_rpmdb_bdb(const char *path, const void *data, size_t len, const char *layer,
                          dd_package_list *out, dd_error *e)
{
    bdb b = {.d = data, .len = len, .path = path};
    if (len < 512)
        return dd_error_set(e, DD_ERR_INPUT, 0, "%s: %zu bytes: not a Berkeley DB file", path, len);
    const unsigned char *m = data;
    b.be = false;
    if (u32(&b, m + 12) != BDB_HASH_MAGIC) {
        b.be = true;
        if (u32(&b, m + 12) != BDB_HASH_MAGIC)
            return dd_error_set(e, DD_ERR_INPUT, 0,
                                "%s: not a Berkeley DB hash database (magic %08x)", path,
                                u32(&b, m + 12));
    }
    if (m[25] != P_HASHMETA)
        return dd_error_set(e, DD_ERR_INPUT, 0, "%s: page 0 has type %u, not hash metadata", path,
                            m[25]);
    if (m[24] != 0)
        return dd_error_set(e, DD_ERR_INPUT, 0, "%s: encrypted Berkeley DB database", path);
    b.pagesize = u32(&b, m + 20);
    if (b.pagesize < 512 || b.pagesize > 65536 || (b.pagesize & (b.pagesize - 1)))
        return dd_error_set(e, DD_ERR_INPUT, 0, "%s: page size %u is not one Berkeley DB uses",
                            path, b.pagesize);
    uint32_t last = u32(&b, m + 32);
    /* The last page may be beyond a truncated copy: read what is there, say what is not. */
    uint64_t have = len / b.pagesize;
    b.npages = (uint32_t)(have < (uint64_t)last + 1 ? have : (uint64_t)last + 1);
    if ((uint64_t)last + 1 > have)
        dd_notes_add(&out->notes, NULL, "%s: Berkeley DB file truncated: %llu of %llu pages", path,
                     (unsigned long long)have, (unsigned long long)last + 1);

    _cleanup_buf_ dd_buf val = DD_BUF_INIT;
    size_t count = 0;
    for (uint32_t pg = 1; pg < b.npages; pg++) {
        const unsigned char *p = page(&b, pg);
        if (p[25] != P_HASH && p[25] != P_HASH_UNSORTED)
            continue;
        uint32_t entries = u16(&b, p + 20);
        if (entries % 2 || BDB_PAGE_HDR + (size_t)entries * 2 > b.pagesize)
            return dd_error_set(e, DD_ERR_INPUT, 0, "%s: hash page %u claims %u items", path, pg,
                                entries);
        for (uint32_t i = 1; i < entries; i += 2) {
            uint32_t off = u16(&b, p + BDB_PAGE_HDR + 2 * i);
            /* Items are packed from the end of the page backwards. */
            uint32_t end = u16(&b, p + BDB_PAGE_HDR + 2 * (i - 1));
            if (off < BDB_PAGE_HDR + entries * 2 || off >= end || end > b.pagesize)
                return dd_error_set(e, DD_ERR_INPUT, 0, "%s: hash page %u: item %u at %u..%u", path,
                                    pg, i, off, end);
            const unsigned char *item = p + off;
            const unsigned char *blob;
            size_t blen;
            if (item[0] == H_OFFPAGE) {
                if (end - off < 12)
                    return dd_error_set(e, DD_ERR_INPUT, 0, "%s: hash page %u: short off-page item",
                                        path, pg);
                if (overflow(&b, u32(&b, item + 4), u32(&b, item + 8), &val, e) < 0)
                    return -1;
                blob = (const unsigned char *)val.data;
                blen = val.len;
            } else if (item[0] == H_KEYDATA) {
                blob = item + 1;
                blen = end - off - 1;
            } else {
                continue; /* duplicates: rpm never makes them */
            }
            if (blen <= 8)
                continue; /* the next-header-number record */
            if (++count > DD_PKG_MAX_ENTRIES)
                return dd_error_set(e, DD_ERR_INPUT, 0, "%s: more than %u packages", path,
                                    DD_PKG_MAX_ENTRIES);
            dd_error he = {0};
            if (dd_pkg_read_rpm_header(path, blob ? blob : (const unsigned char *)"", blen, layer,
                                       out, &he) < 0)
                /* One damaged header should not hide every other package. */
                dd_notes_add(&out->notes, NULL, "hash page %u: %s", pg, he.msg);
        }
    }
    return 0;
}
