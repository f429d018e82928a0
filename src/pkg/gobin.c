/* Go binaries: the linker embeds the build info (Go version, main module, every
 * dependency module) in the .go.buildinfo section, behind the magic "\xff Go buildinf:".
 * Since Go 1.18 the two strings follow the 32-byte header inline, each prefixed with a
 * uvarint length; before that the header held pointers into the data segment (not read:
 * noted instead). The module string is `go version -m` text between two 16-byte
 * sentinels: "path P", "mod P V SUM", "dep P V SUM", "=> P V SUM" (replaces the line
 * before), "build K=V". */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/cleanup.h"
#include "core/mem.h"
#include "pkg/internal.h"
#include "pkg/readers.h"

static const char go_magic[14] = "\xff Go buildinf:";
#define GO_HDR 32
#define GO_MAX_MODINFO (4u << 20)
#define GO_MAX_DEPS 100000

typedef struct elf_view {
    const unsigned char *d;
    size_t len;
    bool is64, be;
} elf_view;

static uint64_t rd(const elf_view *v, size_t off, unsigned n)
{
    uint64_t r = 0;
    for (unsigned i = 0; i < n; i++) {
        unsigned b = v->be ? i : n - 1 - i;
        r = r << 8 | v->d[off + b];
    }
    return r;
}

#define NO_SECTIONS (SIZE_MAX - 1)

/* File offset of the .go.buildinfo section; SIZE_MAX when the section table is readable
 * and has none (not a Go binary); NO_SECTIONS when there is no usable section table. */
static size_t elf_buildinfo(const elf_view *v)
{
    size_t hdr = v->is64 ? 64 : 52;
    if (v->len < hdr)
        return SIZE_MAX;
    uint64_t shoff = v->is64 ? rd(v, 0x28, 8) : rd(v, 0x20, 4);
    unsigned entsize = (unsigned)rd(v, v->is64 ? 0x3A : 0x2E, 2);
    unsigned shnum = (unsigned)rd(v, v->is64 ? 0x3C : 0x30, 2);
    unsigned shstrndx = (unsigned)rd(v, v->is64 ? 0x3E : 0x32, 2);
    size_t want = v->is64 ? 64 : 40;
    if (!shoff || entsize < want || shnum == 0 || shstrndx >= shnum || shoff > v->len ||
        (uint64_t)entsize * shnum > v->len - shoff)
        return NO_SECTIONS;
#define SH(i) (shoff + (uint64_t)(i) * entsize)
#define SH_OFFSET(i) (v->is64 ? rd(v, SH(i) + 24, 8) : rd(v, SH(i) + 16, 4))
#define SH_SIZE(i) (v->is64 ? rd(v, SH(i) + 32, 8) : rd(v, SH(i) + 20, 4))
    uint64_t stroff = SH_OFFSET(shstrndx), strsz = SH_SIZE(shstrndx);
    if (stroff > v->len || strsz > v->len - stroff)
        return NO_SECTIONS;
    static const char want_name[] = ".go.buildinfo";
    for (unsigned i = 0; i < shnum; i++) {
        uint64_t name = rd(v, SH(i), 4);
        if (name >= strsz || strsz - name < sizeof want_name)
            continue;
        if (memcmp(v->d + stroff + name, want_name, sizeof want_name) != 0)
            continue;
        uint64_t off = SH_OFFSET(i), sz = SH_SIZE(i);
        if (off > v->len || sz > v->len - off || sz < GO_HDR)
            return NO_SECTIONS;
        return (size_t)off;
    }
#undef SH
#undef SH_OFFSET
#undef SH_SIZE
    return SIZE_MAX;
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

int dd_pkg_read_go(const char *path, const void *data, size_t len, const char *layer,
                   dd_package_list *out, dd_error *e)
{
    const unsigned char *d = data;
    if (len < 64 || memcmp(d, "\x7f" "ELF", 4) != 0 || (d[4] != 1 && d[4] != 2) ||
        (d[5] != 1 && d[5] != 2))
        return 0;
    elf_view v = {.d = d, .len = len, .is64 = d[4] == 2, .be = d[5] == 2};
    size_t off = elf_buildinfo(&v);
    if (off == SIZE_MAX)
        return 0; /* sections, none of them Go's: a C binary, say; no need to search it */
    if (off == NO_SECTIONS || memcmp(d + off, go_magic, sizeof go_magic) != 0) {
        /* No usable section headers (stripped with sstrip and the like): search, as Go's
         * own debug/buildinfo does for formats without sections. */
        const unsigned char *m = memmem(d, len, go_magic, sizeof go_magic);
        if (!m)
            return 0;
        off = (size_t)(m - d);
    }
    if (len - off < GO_HDR)
        return 0;
    const unsigned char *hdr = d + off;
    unsigned ptrsize = hdr[14], flags = hdr[15];
    if (ptrsize != 4 && ptrsize != 8)
        return dd_error_set(e, DD_ERR_INPUT, 0, "%s: Go build info at offset %zu: bad pointer size %u",
                            path, off, ptrsize);
    if (!(flags & 2)) {
        dd_package_list_note(out, "%s: Go binary built before Go 1.18: build info not read", path);
        return 0;
    }
    const unsigned char *p = hdr + GO_HDR, *end = d + len;
    const char *gover, *mod;
    size_t goverlen, modlen;
    if (!inline_string(&p, end, &gover, &goverlen) || !inline_string(&p, end, &mod, &modlen))
        return dd_error_set(e, DD_ERR_INPUT, 0,
                            "%s: Go build info at offset %zu: truncated version strings", path, off);
    /* The module text sits between 16-byte sentinels; without them there is no module info
     * (a binary built outside module mode). */
    if (modlen >= 33 && mod[modlen - 17] == '\n') {
        mod += 16;
        modlen -= 32;
    } else {
        modlen = 0;
    }

    if (goverlen > 2 && memcmp(gover, "go", 2) == 0) {
        const char *sp = memchr(gover, ' ', goverlen); /* "go1.21.0 X:boringcrypto" */
        char *gv = dd_pkg_field_dup(gover, sp ? (size_t)(sp - gover) : goverlen);
        if (gv)
            dd_pkg_add_owned(out, DD_PKG_GO, dd_xstrdup("stdlib"), gv, path, layer);
    }

    dd_lines it;
    dd_lines_init(&it, mod, modlen);
    const char *line;
    size_t n, ndeps = 0;
    dd_package *last = NULL;
    while (dd_lines_next(&it, &line, &n)) {
        const char *f[4];
        size_t fl[4];
        size_t k = split_tabs(line, n, f, fl, 4);
        if (k < 3)
            continue;
        bool is_mod = fl[0] == 3 && memcmp(f[0], "mod", 3) == 0;
        bool is_dep = fl[0] == 3 && memcmp(f[0], "dep", 3) == 0;
        bool is_rep = fl[0] == 2 && memcmp(f[0], "=>", 2) == 0;
        if (!is_mod && !is_dep && !is_rep)
            continue;
        if (++ndeps > GO_MAX_DEPS)
            return dd_error_set(e, DD_ERR_INPUT, 0, "%s: more than %d Go modules", path,
                                GO_MAX_DEPS);
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
    return 0;
}

/* The Go linker writes a PT_NOTE named "Go" (type 4, the Go build ID) right after the
 * program headers, so the first few KB of an ELF file say whether it can be a Go
 * binary. Saying "no" only when the head proves it keeps the walker from reading every
 * C binary and shared library of an image in full. Conservative: anything not provably
 * a non-Go ELF or a script answers true. */
bool dd_pkg_exec_may_hold_packages(const void *head, size_t len)
{
    const unsigned char *d = head;
    if (len >= 2 && d[0] == '#' && d[1] == '!')
        return false; /* a script */
    if (len < 16 || memcmp(d, "\x7f" "ELF", 4) != 0)
        return true;
    elf_view v = {d, len, d[4] == 2, d[5] == 2};
    size_t hdr = v.is64 ? 64 : 52;
    if (len < hdr)
        return true;
    uint64_t phoff = v.is64 ? rd(&v, 0x20, 8) : rd(&v, 0x1C, 4);
    unsigned phentsize = (unsigned)rd(&v, v.is64 ? 0x36 : 0x2A, 2);
    unsigned phnum = (unsigned)rd(&v, v.is64 ? 0x38 : 0x2C, 2);
    if (phentsize < (v.is64 ? 56u : 32u) || phoff > len ||
        (uint64_t)phentsize * phnum > len - phoff)
        return true;
    for (unsigned i = 0; i < phnum; i++) {
        size_t ph = (size_t)(phoff + (uint64_t)i * phentsize);
        if (rd(&v, ph, 4) != 4 /* PT_NOTE */)
            continue;
        uint64_t off = v.is64 ? rd(&v, ph + 8, 8) : rd(&v, ph + 4, 4);
        uint64_t sz = v.is64 ? rd(&v, ph + 32, 8) : rd(&v, ph + 16, 4);
        if (off > len || sz > len - off)
            return true; /* the notes are past the head: cannot tell */
        for (uint64_t p = off; p + 12 <= off + sz;) {
            uint64_t namesz = rd(&v, (size_t)p, 4), descsz = rd(&v, (size_t)p + 4, 4);
            uint64_t type = rd(&v, (size_t)p + 8, 4);
            if (namesz > sz || descsz > sz)
                return true;
            if (namesz == 4 && type == 4 && p + 16 <= off + sz &&
                memcmp(d + p + 12, "Go\0\0", 4) == 0)
                return true;
            p += 12 + ((namesz + 3) & ~3ull) + ((descsz + 3) & ~3ull);
        }
    }
    return false;
}
