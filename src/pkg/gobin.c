/* Go binaries: the linker embeds the build info (Go version, main module, every
 * dependency module) at the start of the data segment, behind the 16-byte aligned magic
 * "\xff Go buildinf:". It is found as Go's own debug/buildinfo finds it, in ELF, PE and
 * Mach-O alike: the .go.buildinfo / __go_buildinfo section when there is one, else the
 * first writable data segment (ELF program header, PE section, Mach-O segment), of which
 * the first 64 KiB are searched. Since Go 1.18 the two strings follow the 32-byte header
 * inline, each prefixed with a uvarint length; before that the header held two pointers
 * to Go string headers, read through the segment table. The module string is
 * `go version -m` text between two 16-byte sentinels: "path P", "mod P V SUM",
 * "dep P V SUM", "=> P V SUM" (replaces the line before), "build K=V".
 *
 * Everything is read through a dd_rsrc, so a binary too big to hold (a 90 MB terraform)
 * is read by ranges from its stream: headers, then the data segment. Only the pointer
 * format of Go < 1.18 may point backwards; a stream cannot follow it, and says so. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/cleanup.h"
#include "core/mem.h"
#include "pkg/internal.h"
#include "pkg/readers.h"
#include "pkg/rsrc.h"

static const char go_magic[14] = "\xff Go buildinf:";
#define GO_HDR         32
#define GO_ALIGN       16
#define GO_SEARCH      (64u << 10) /* bytes of the data segment searched, as debug/buildinfo */
#define GO_MAX_MODINFO (4u << 20)  /* the module text */
#define GO_MAX_DEPS    100000
#define EXE_MAX_SEGS   128
#define EXE_MAX_HDRS   (1u << 20) /* program headers, section table, load commands */

typedef struct seg {
    uint64_t vaddr, filesz, off;
} seg;

typedef struct exe {
    dd_rsrc *src;
    bool be, is64;
    seg segs[EXE_MAX_SEGS];
    size_t nsegs;
    uint64_t data_start; /* virtual address searched for the magic */
    bool have_data;
    bool no_go_section; /* a section table was read and has no .go.buildinfo */
    const char *format;
} exe;

static uint64_t rd(const unsigned char *p, unsigned n, bool be)
{
    uint64_t r = 0;
    for (unsigned i = 0; i < n; i++)
        r = r << 8 | p[be ? i : n - 1 - i];
    return r;
}

static void add_seg(exe *x, uint64_t vaddr, uint64_t filesz, uint64_t off)
{
    if (x->nsegs < EXE_MAX_SEGS && filesz && off < x->src->size && filesz <= x->src->size - off)
        x->segs[x->nsegs++] = (seg){vaddr, filesz, off};
}

/* The file offset of virtual address a, and how many bytes follow in its segment. */
static bool vaddr_off(const exe *x, uint64_t a, uint64_t *off, uint64_t *avail)
{
    for (size_t i = 0; i < x->nsegs; i++) {
        const seg *s = &x->segs[i];
        if (a >= s->vaddr && a - s->vaddr < s->filesz) {
            *off = s->off + (a - s->vaddr);
            *avail = s->filesz - (a - s->vaddr);
            return true;
        }
    }
    return false;
}

static const unsigned char *get(exe *x, uint64_t off, uint64_t n, size_t *got)
{
    if (n > EXE_MAX_HDRS + GO_MAX_MODINFO)
        n = EXE_MAX_HDRS + GO_MAX_MODINFO;
    return dd_rsrc_get(x->src, off, (size_t)n, got);
}

static bool elf_open(exe *x, const unsigned char *id)
{
    x->format = "ELF";
    x->is64 = id[4] == 2;
    x->be = id[5] == 2;
    size_t got;
    const unsigned char *h = get(x, 0, x->is64 ? 64 : 52, &got);
    if (!h || got < (x->is64 ? 64u : 52u))
        return false;
    uint64_t phoff = x->is64 ? rd(h + 0x20, 8, x->be) : rd(h + 0x1C, 4, x->be);
    uint64_t shoff = x->is64 ? rd(h + 0x28, 8, x->be) : rd(h + 0x20, 4, x->be);
    unsigned phentsize = (unsigned)rd(h + (x->is64 ? 0x36 : 0x2A), 2, x->be);
    unsigned phnum = (unsigned)rd(h + (x->is64 ? 0x38 : 0x2C), 2, x->be);
    unsigned shentsize = (unsigned)rd(h + (x->is64 ? 0x3A : 0x2E), 2, x->be);
    unsigned shnum = (unsigned)rd(h + (x->is64 ? 0x3C : 0x30), 2, x->be);
    unsigned shstrndx = (unsigned)rd(h + (x->is64 ? 0x3E : 0x32), 2, x->be);
    unsigned want = x->is64 ? 56 : 32;
    if (phentsize < want || (uint64_t)phentsize * phnum > EXE_MAX_HDRS)
        return false;
    const unsigned char *ph = get(x, phoff, (uint64_t)phentsize * phnum, &got);
    if (!ph || got < (size_t)phentsize * phnum)
        return false;
    for (unsigned i = 0; i < phnum; i++) {
        const unsigned char *p = ph + (size_t)i * phentsize;
        if (rd(p, 4, x->be) != 1 /* PT_LOAD */)
            continue;
        uint64_t flags = x->is64 ? rd(p + 4, 4, x->be) : rd(p + 24, 4, x->be);
        uint64_t off = x->is64 ? rd(p + 8, 8, x->be) : rd(p + 4, 4, x->be);
        uint64_t va = x->is64 ? rd(p + 16, 8, x->be) : rd(p + 8, 4, x->be);
        uint64_t fsz = x->is64 ? rd(p + 32, 8, x->be) : rd(p + 16, 4, x->be);
        add_seg(x, va, fsz, off);
        /* The first writable, not executable segment holds .go.buildinfo. */
        if (!x->have_data && (flags & 3) == 2 /* PF_W, not PF_X */) {
            x->data_start = va;
            x->have_data = true;
        }
    }
    /* The section table sits at the end of the file: read when the whole file is here,
     * where it names .go.buildinfo exactly (what debug/buildinfo prefers). */
    unsigned swant = x->is64 ? 64 : 40;
    if (!dd_rsrc_whole(x->src) || !shoff || shentsize < swant || !shnum || shstrndx >= shnum ||
        (uint64_t)shentsize * shnum > EXE_MAX_HDRS)
        return true;
    const unsigned char *sh = get(x, shoff, (uint64_t)shentsize * shnum, &got);
    if (!sh || got < (size_t)shentsize * shnum)
        return true;
#define S_OFF(p)  (x->is64 ? rd((p) + 24, 8, x->be) : rd((p) + 16, 4, x->be))
#define S_SIZE(p) (x->is64 ? rd((p) + 32, 8, x->be) : rd((p) + 20, 4, x->be))
#define S_ADDR(p) (x->is64 ? rd((p) + 16, 8, x->be) : rd((p) + 12, 4, x->be))
    const unsigned char *strsec = sh + (size_t)shstrndx * shentsize;
    size_t strgot;
    const unsigned char *names = get(x, S_OFF(strsec), S_SIZE(strsec), &strgot);
    if (!names)
        return true;
    static const char want_name[] = ".go.buildinfo";
    sh = get(x, shoff, (uint64_t)shentsize * shnum, &got); /* the names replaced it */
    if (!sh)
        return true;
    /* The Go linker always writes the section when it writes a section table: without
     * it this is a C, C++ or Rust binary, whatever bytes its data holds. */
    x->no_go_section = true;
    for (unsigned i = 0; i < shnum; i++) {
        const unsigned char *s = sh + (size_t)i * shentsize;
        uint64_t nm = rd(s, 4, x->be);
        if (nm < strgot && strgot - nm >= sizeof want_name &&
            memcmp(names + nm, want_name, sizeof want_name) == 0) {
            x->data_start = S_ADDR(s);
            x->have_data = true;
            x->no_go_section = false;
            break;
        }
    }
#undef S_OFF
#undef S_SIZE
#undef S_ADDR
    return true;
}

static bool pe_open(exe *x)
{
    x->format = "PE";
    size_t got;
    const unsigned char *h = get(x, 0, 64, &got);
    if (!h || got < 64)
        return false;
    uint64_t pe = rd(h + 0x3C, 4, false);
    const unsigned char *p = get(x, pe, 24, &got);
    if (!p || got < 24 || memcmp(p, "PE\0\0", 4) != 0)
        return false;
    unsigned nsect = (unsigned)rd(p + 6, 2, false), optsz = (unsigned)rd(p + 20, 2, false);
    const unsigned char *opt = get(x, pe + 24, optsz, &got);
    if (!opt || got < optsz || optsz < 32)
        return false;
    unsigned magic = (unsigned)rd(opt, 2, false);
    uint64_t base = magic == 0x20b ? rd(opt + 24, 8, false) : rd(opt + 28, 4, false);
    x->is64 = magic == 0x20b;
    if ((uint64_t)nsect * 40 > EXE_MAX_HDRS)
        return false;
    const unsigned char *st = get(x, pe + 24 + optsz, (uint64_t)nsect * 40, &got);
    if (!st || got < (size_t)nsect * 40)
        return false;
    for (unsigned i = 0; i < nsect; i++) {
        const unsigned char *s = st + (size_t)i * 40;
        uint64_t va = rd(s + 12, 4, false), rawsz = rd(s + 16, 4, false),
                 raw = rd(s + 20, 4, false);
        uint64_t ch = rd(s + 36, 4, false);
        add_seg(x, base + va, rawsz, raw);
        /* Initialized, readable, writable data; alignment bits aside (debug/buildinfo). */
        if (!x->have_data && va && rawsz && (ch & ~0x600000ull) == 0xC0000040ull) {
            x->data_start = base + va;
            x->have_data = true;
        }
    }
    return true;
}

static bool macho_open(exe *x, const unsigned char *id)
{
    x->format = "Mach-O";
    uint32_t m = (uint32_t)rd(id, 4, true);
    x->be = m == 0xFEEDFACE || m == 0xFEEDFACF;
    x->is64 = m == 0xFEEDFACF || m == 0xCFFAEDFE;
    size_t hsz = x->is64 ? 32 : 28, got;
    const unsigned char *h = get(x, 0, hsz, &got);
    if (!h || got < hsz)
        return false;
    uint64_t ncmds = rd(h + 16, 4, x->be), sizeofcmds = rd(h + 20, 4, x->be);
    if (sizeofcmds > EXE_MAX_HDRS)
        return false;
    const unsigned char *lc = get(x, hsz, sizeofcmds, &got);
    if (!lc || got < sizeofcmds)
        return false;
    uint64_t rw_seg = 0;
    bool have_rw = false;
    size_t o = 0;
    for (uint64_t c = 0; c < ncmds && o + 8 <= sizeofcmds; c++) {
        uint64_t cmd = rd(lc + o, 4, x->be), csz = rd(lc + o + 4, 4, x->be);
        if (csz < 8 || csz > sizeofcmds - o)
            break;
        const unsigned char *q = lc + o;
        bool s64 = cmd == 0x19; /* LC_SEGMENT_64 */
        if ((cmd == 0x1 || s64) && csz >= (s64 ? 72u : 56u)) {
            uint64_t va = s64 ? rd(q + 24, 8, x->be) : rd(q + 24, 4, x->be);
            uint64_t foff = s64 ? rd(q + 40, 8, x->be) : rd(q + 32, 4, x->be);
            uint64_t fsz = s64 ? rd(q + 48, 8, x->be) : rd(q + 36, 4, x->be);
            uint64_t maxprot = rd(q + (s64 ? 56 : 40), 4, x->be);
            uint64_t initprot = rd(q + (s64 ? 60 : 44), 4, x->be);
            uint64_t nsects = rd(q + (s64 ? 64 : 48), 4, x->be);
            if (memcmp(q + 8, "__PAGEZERO", 11) != 0)
                add_seg(x, va, fsz, foff);
            if (!have_rw && va && fsz && maxprot == 3 && initprot == 3) {
                rw_seg = va;
                have_rw = true;
            }
            size_t ssz = s64 ? 80 : 68, base = s64 ? 72 : 56;
            for (uint64_t k = 0; k < nsects && base + (k + 1) * ssz <= csz; k++) {
                const unsigned char *sec = q + base + k * ssz;
                if (memcmp(sec, "__go_buildinfo", 15) == 0) {
                    x->data_start = s64 ? rd(sec + 32, 8, x->be) : rd(sec + 32, 4, x->be);
                    x->have_data = true;
                }
            }
        }
        o += (size_t)csz;
    }
    if (!x->have_data && have_rw) {
        x->data_start = rw_seg;
        x->have_data = true;
    }
    return true;
}

/* binary.Uvarint with bounds; false on overflow or truncation. */
static bool uvarint(const unsigned char **p, const unsigned char *end, uint64_t *v)
{
    uint64_t r = 0;
    for (unsigned shift = 0; shift < 64; shift += 7) {
        if (*p >= end)
            return false;
        unsigned char b = *(*p)++;
        r |= (uint64_t)(b & 0x7f) << shift;
        if (!(b & 0x80)) {
            *v = r;
            return true;
        }
    }
    return false;
}

static bool inline_string(const unsigned char **p, const unsigned char *end, const char **s,
                          size_t *n)
{
    uint64_t l;
    if (!uvarint(p, end, &l) || l > (uint64_t)(end - *p) || l > GO_MAX_MODINFO)
        return false;
    *s = (const char *)*p;
    *n = (size_t)l;
    *p += l;
    return true;
}

/* A Go string (pointer, length) at virtual address a, copied; NULL when unreadable. */
static char *pointer_string(exe *x, uint64_t a, unsigned ptrsize, bool be, size_t *len)
{
    uint64_t off, avail;
    size_t got;
    if (!vaddr_off(x, a, &off, &avail) || avail < 2u * ptrsize)
        return NULL;
    const unsigned char *h = get(x, off, 2u * ptrsize, &got);
    if (!h || got < 2u * ptrsize)
        return NULL;
    uint64_t data = rd(h, ptrsize, be), n = rd(h + ptrsize, ptrsize, be);
    if (n > GO_MAX_MODINFO || !vaddr_off(x, data, &off, &avail) || avail < n)
        return NULL;
    const unsigned char *d = get(x, off, n, &got);
    if (!d || got < n)
        return NULL;
    *len = (size_t)n;
    return dd_xstrndup((const char *)d, (size_t)n);
}

/* Split a tab-separated line into at most `max` fields. */
static size_t split_tabs(const char *s, size_t n, const char **f, size_t *fl, size_t max)
{
    size_t k = 0;
    while (k < max) {
        const char *t = memchr(s, '\t', n);
        size_t l = t ? (size_t)(t - s) : n;
        f[k] = s;
        fl[k] = l;
        k++;
        if (!t)
            break;
        s = t + 1;
        n -= l + 1;
    }
    return k;
}

/* Packages from the Go version and the module text. */
static int add_modules(const char *path, const char *gover, size_t goverlen, const char *mod,
                       size_t modlen, const char *layer, dd_package_list *out, dd_error *e)
{
    /* The module text sits between 16-byte sentinels; without them there is no module
     * info (a binary built outside module mode). */
    if (modlen >= 33 && mod[modlen - 17] == '\n') {
        mod += 16;
        modlen -= 32;
    } else {
        modlen = 0;
    }
    char *gv = NULL;
    if (goverlen > 2 && memcmp(gover, "go", 2) == 0) {
        const char *sp = memchr(gover, ' ', goverlen); /* "go1.21.0 X:boringcrypto" */
        gv = dd_pkg_field_dup(gover, sp ? (size_t)(sp - gover) : goverlen);
    }
    if (gv)
        dd_pkg_add_owned(out, DD_PKG_GO, dd_xstrdup("stdlib"), dd_xstrdup(gv), path, layer);

    dd_lines it;
    dd_lines_init(&it, mod, modlen);
    const char *line;
    size_t n, ndeps = 0;
    dd_package *last = NULL;
    while (dd_lines_next(&it, &line, &n)) {
        const char *f[4];
        size_t fl[4];
        size_t k = split_tabs(line, n, f, fl, 4);
        /* The Go toolchain's own commands (cmd/go, gofmt): the binary is the toolchain the
         * Go database's "toolchain" records are about. */
        if (k >= 2 && fl[0] == 4 && memcmp(f[0], "path", 4) == 0 && fl[1] > 4 &&
            memcmp(f[1], "cmd/", 4) == 0 && gv)
            dd_pkg_add_owned(out, DD_PKG_GO, dd_xstrdup("toolchain"), dd_xstrdup(gv), path, layer);
        if (k < 3)
            continue;
        bool is_mod = fl[0] == 3 && memcmp(f[0], "mod", 3) == 0;
        bool is_dep = fl[0] == 3 && memcmp(f[0], "dep", 3) == 0;
        bool is_rep = fl[0] == 2 && memcmp(f[0], "=>", 2) == 0;
        if (!is_mod && !is_dep && !is_rep)
            continue;
        if (++ndeps > GO_MAX_DEPS) {
            free(gv);
            return dd_error_set(e, DD_ERR_INPUT, 0, "%s: more than %d Go modules", path,
                                GO_MAX_DEPS);
        }
        char *name = dd_pkg_field_dup(f[1], fl[1]);
        char *ver = dd_pkg_field_dup(f[2], fl[2]);
        if (!name || !ver) {
            free(name);
            free(ver);
            continue;
        }
        if (is_rep) {
            /* A replacement module is what got built; a local directory ("./lib",
             * version "(devel)") says nothing better than the module it stands for. */
            if (last && name[0] != '.' && name[0] != '/') {
                free(last->name);
                free(last->version);
                last->name = name;
                last->version = ver;
            } else {
                free(name);
                free(ver);
            }
            last = NULL;
            continue;
        }
        last = dd_pkg_add_owned(out, DD_PKG_GO, name, ver, path, layer);
    }
    free(gv);
    return 0;
}

/* The file offset of the build info header: the aligned magic in the first 64 KiB of
 * the data start, or (whole files without a usable data start) anywhere. */
static bool find_header(exe *x, uint64_t *hdr)
{
    uint64_t off, avail;
    if (x->have_data && vaddr_off(x, x->data_start, &off, &avail)) {
        size_t got;
        const unsigned char *d = get(x, off, avail < GO_SEARCH ? avail : GO_SEARCH, &got);
        for (size_t i = 0; d && i + GO_HDR <= got; i += GO_ALIGN)
            if (memcmp(d + i, go_magic, sizeof go_magic) == 0 &&
                (d[i + 14] == 4 || d[i + 14] == 8)) {
                *hdr = off + i;
                return true;
            }
    }
    if (!dd_rsrc_whole(x->src))
        return false;
    /* No segment table to trust (sstrip'd and the like): search, as debug/buildinfo does
     * for formats without sections. */
    const unsigned char *d = x->src->head, *end = d + x->src->size;
    for (const unsigned char *m = d; (m = memmem(m, (size_t)(end - m), go_magic, sizeof go_magic));
         m++)
        if ((size_t)(m - d) % GO_ALIGN == 0 && (size_t)(end - m) >= GO_HDR &&
            (m[14] == 4 || m[14] == 8)) {
            *hdr = (uint64_t)(m - d);
            return true;
        }
    return false;
}

int dd_pkg_read_go_src(const char *path, dd_rsrc *src, const char *layer, dd_package_list *out,
                       dd_error *e)
{
    size_t got;
    const unsigned char *id = dd_rsrc_get(src, 0, 16, &got);
    if (!id || got < 16)
        return 0;
    exe x = {.src = src};
    bool ok;
    if (memcmp(id,
               "\x7f"
               "ELF",
               4) == 0 &&
        (id[4] == 1 || id[4] == 2) && (id[5] == 1 || id[5] == 2))
        ok = elf_open(&x, id);
    else if (id[0] == 'M' && id[1] == 'Z')
        ok = pe_open(&x);
    else if (memcmp(id, "\xfe\xed\xfa", 3) == 0 || memcmp(id + 1, "\xfa\xed\xfe", 3) == 0)
        ok = macho_open(&x, id);
    else
        return 0; /* not an executable format Go writes */
    uint64_t hoff;
    if (ok && x.no_go_section)
        return 0;
    if (!ok)
        x.have_data = false; /* headers unusable: a whole file is still searched */
    if (!find_header(&x, &hoff))
        return 0; /* not a Go binary */
    const unsigned char *h = get(&x, hoff, GO_HDR, &got);
    if (!h || got < GO_HDR)
        return 0;
    unsigned ptrsize = h[14], flags = h[15]; /* 4 or 8: find_header checked */
    if (!(flags & 2)) {
        /* Go < 1.18: two pointers to string headers; flags is the byte order. */
        uint64_t pv = rd(h + 16, ptrsize, flags != 0),
                 pm = rd(h + 16 + ptrsize, ptrsize, flags != 0);
        size_t vlen = 0, mlen = 0;
        _cleanup_free_ char *ver = pointer_string(&x, pv, ptrsize, flags != 0, &vlen);
        _cleanup_free_ char *mod = ver ? pointer_string(&x, pm, ptrsize, flags != 0, &mlen) : NULL;
        if (!ver || !mod) {
            if (!dd_rsrc_whole(src))
                dd_notes_add(&out->notes, NULL,
                             "%s: Go binary built before Go 1.18 and too large to read "
                             "whole (%llu MiB): build info not read",
                             path, (unsigned long long)(src->size >> 20));
            else
                dd_notes_add(&out->notes, NULL,
                             "%s: Go binary built before Go 1.18: its build info "
                             "points outside the file: not read",
                             path);
            return 0;
        }
        return add_modules(path, ver, vlen, mod, mlen, layer, out, e);
    }
    /* Go >= 1.18: the strings follow the header. */
    uint64_t want = src->size - hoff < GO_HDR + 2 * 10 + 2 * (uint64_t)GO_MAX_MODINFO
                        ? src->size - hoff
                        : GO_HDR + 2 * 10 + 2 * (uint64_t)GO_MAX_MODINFO;
    h = get(&x, hoff, want, &got);
    if (!h || got < GO_HDR)
        return dd_error_set(e, DD_ERR_INPUT, 0, "%s: Go build info at offset %llu: unreadable",
                            path, (unsigned long long)hoff);
    const unsigned char *p = h + GO_HDR, *end = h + got;
    const char *gover, *mod;
    size_t goverlen, modlen;
    if (!inline_string(&p, end, &gover, &goverlen) || !inline_string(&p, end, &mod, &modlen))
        return dd_error_set(e, DD_ERR_INPUT, 0,
                            "%s: Go build info at offset %llu: truncated version strings", path,
                            (unsigned long long)hoff);
    return add_modules(path, gover, goverlen, mod, modlen, layer, out, e);
}

int dd_pkg_read_go(const char *path, const void *data, size_t len, const char *layer,
                   dd_package_list *out, dd_error *e)
{
    dd_rsrc s;
    dd_rsrc_mem(&s, data, len);
    int rc = dd_pkg_read_go_src(path, &s, layer, out, e);
    dd_rsrc_free(&s);
    return rc;
}

/* The note types of an ELF file's PT_NOTE segments that fit in its first bytes:
 * *go when a "Go" build ID note (type 4) is there, *gnu for a GNU build ID (type 3). */
static void elf_notes(const unsigned char *d, size_t len, bool *go, bool *gnu, bool *unknown)
{
    bool is64 = d[4] == 2, be = d[5] == 2;
    size_t hdr = is64 ? 64 : 52;
    if (len < hdr) {
        *unknown = true;
        return;
    }
    uint64_t phoff = is64 ? rd(d + 0x20, 8, be) : rd(d + 0x1C, 4, be);
    unsigned phentsize = (unsigned)rd(d + (is64 ? 0x36 : 0x2A), 2, be);
    unsigned phnum = (unsigned)rd(d + (is64 ? 0x38 : 0x2C), 2, be);
    if (phentsize < (is64 ? 56u : 32u) || phoff > len ||
        (uint64_t)phentsize * phnum > len - phoff) {
        *unknown = true;
        return;
    }
    for (unsigned i = 0; i < phnum; i++) {
        size_t ph = (size_t)(phoff + (uint64_t)i * phentsize);
        if (rd(d + ph, 4, be) != 4 /* PT_NOTE */)
            continue;
        uint64_t off = is64 ? rd(d + ph + 8, 8, be) : rd(d + ph + 4, 4, be);
        uint64_t sz = is64 ? rd(d + ph + 32, 8, be) : rd(d + ph + 16, 4, be);
        if (off > len || sz > len - off) {
            *unknown = true; /* the notes are past the head: cannot tell */
            return;
        }
        for (uint64_t p = off; p + 12 <= off + sz;) {
            uint64_t namesz = rd(d + p, 4, be), descsz = rd(d + p + 4, 4, be);
            uint64_t type = rd(d + p + 8, 4, be);
            if (namesz > sz || descsz > sz) {
                *unknown = true;
                return;
            }
            if (namesz == 4 && type == 4 && p + 16 <= off + sz &&
                memcmp(d + p + 12, "Go\0\0", 4) == 0)
                *go = true;
            if (namesz == 4 && type == 3 && p + 16 <= off + sz &&
                memcmp(d + p + 12, "GNU\0", 4) == 0)
                *gnu = true;
            p += 12 + ((namesz + 3) & ~3ull) + ((descsz + 3) & ~3ull);
        }
    }
}

/* The Go linker writes a PT_NOTE named "Go" (the Go build ID) right after the program
 * headers; C, C++ and Rust toolchains write a GNU build ID note and no Go one. Only that
 * pair proves an ELF file is not Go: a Go binary linked with -buildid= has no note at
 * all and must still be read. Scripts and formats Go does not write are skipped too.
 * Saying "no" keeps the walker from reading every shared library of an image. */
bool dd_pkg_exec_may_hold_packages(const void *head, size_t len)
{
    const unsigned char *d = head;
    if (len >= 2 && d[0] == 'M' && d[1] == 'Z')
        return true; /* PE */
    if (len >= 4 && (memcmp(d, "\xfe\xed\xfa", 3) == 0 || memcmp(d + 1, "\xfa\xed\xfe", 3) == 0))
        return true; /* Mach-O */
    if (len < 4 || memcmp(d,
                          "\x7f"
                          "ELF",
                          4) != 0)
        return false; /* scripts, data: no Go build info */
    if (len < 16)
        return true; /* too short to tell */
    bool go = false, gnu = false, unknown = false;
    elf_notes(d, len, &go, &gnu, &unknown);
    return go || unknown || !gnu;
}
