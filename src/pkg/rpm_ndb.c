/* rpm's NDB database (usr/lib/sysimage/rpm/Packages.db: SUSE Linux Enterprise 15,
 * openSUSE), as rpm's lib/backend/ndb/rpmpkg.c writes it, all little-endian:
 *   a 32-byte header: "RpmP", version 0, generation, number of 4 KiB slot pages;
 *   the slot pages (the header takes the first two 16-byte slots of page 0): each slot
 *     "Slot", package index (0: free), block offset and block count, in 16-byte blocks;
 *   at each used slot's block: "BlbS", package index, checksum, blob length, then the
 *     blob: one rpm header.
 * Every offset and length is checked against the file; a slot whose blob does not say
 * the same package index is noted and skipped. */
#include <stdint.h>
#include <string.h>

#include "pkg/internal.h"
#include "pkg/readers.h"

#define NDB_SLOT_PAGE      4096
#define NDB_MAX_SLOT_PAGES 2048 /* rpm's own sanity limit */
#define NDB_BLK            16

static uint32_t le32(const unsigned char *p)
{
    return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

int dd_pkg_read_rpmdb_ndb(const char *path, const void *data, size_t len, const char *layer,
                          dd_package_list *out, dd_error *e)
{
    const unsigned char *d = data;
    if (len < 32 || memcmp(d, "RpmP", 4) != 0)
        return dd_error_set(e, DD_ERR_INPUT, 0, "%s: not an rpm NDB database", path);
    uint32_t version = le32(d + 4), npages = le32(d + 12);
    if (version != 0)
        return dd_error_set(e, DD_ERR_INPUT, 0, "%s: NDB version %u (only 0 exists)", path,
                            version);
    if (npages == 0 || npages > NDB_MAX_SLOT_PAGES || (uint64_t)npages * NDB_SLOT_PAGE > len)
        return dd_error_set(e, DD_ERR_INPUT, 0, "%s: %u slot pages do not fit in %zu bytes", path,
                            npages, len);
    size_t nslots = (size_t)npages * NDB_SLOT_PAGE / 16, count = 0;
    for (size_t i = 2; i < nslots; i++) {
        const unsigned char *s = d + i * 16;
        if (memcmp(s, "Slot", 4) != 0)
            return dd_error_set(e, DD_ERR_INPUT, 0, "%s: slot %zu has no slot magic", path, i);
        uint32_t idx = le32(s + 4), blk = le32(s + 8), cnt = le32(s + 12);
        if (idx == 0)
            continue;
        uint64_t off = (uint64_t)blk * NDB_BLK;
        if (off < (uint64_t)npages * NDB_SLOT_PAGE || off > len || len - off < 16 ||
            (uint64_t)cnt * NDB_BLK > len - off) {
            dd_notes_add(&out->notes, NULL, "%s: package %u: blob at block %u is outside the file",
                         path, idx, blk);
            continue;
        }
        const unsigned char *b = d + off;
        uint32_t blen = le32(b + 12);
        if (memcmp(b, "BlbS", 4) != 0 || le32(b + 4) != idx || blen > len - off - 16 ||
            16 + (uint64_t)blen > (uint64_t)cnt * NDB_BLK) {
            dd_notes_add(&out->notes, NULL, "%s: package %u: bad blob header at block %u", path,
                         idx, blk);
            continue;
        }
        if (++count > DD_PKG_MAX_ENTRIES)
            return dd_error_set(e, DD_ERR_INPUT, 0, "%s: more than %u packages", path,
                                DD_PKG_MAX_ENTRIES);
        dd_error he = {0};
        if (dd_pkg_read_rpm_header(path, b + 16, blen, layer, out, &he) < 0)
            dd_notes_add(&out->notes, NULL, "package %u: %s", idx, he.msg);
    }
    return 0;
}
