/* Language package readers: Python metadata, npm package.json, Go build info (a binary
 * built here with the real Go toolchain when it is installed, plus hand-made build-info
 * blobs), Java archives made with libarchive's zip writer, and the directory walker. */
#include <archive.h>
#include <archive_entry.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/buf.h"
#include "pkg/readers.h"
#include "pkg_fixture.h"
#include "tap.h"

static int parse_str(int kind, const char *path, const char *s, dd_package_list *l, dd_error *e)
{
    return dd_pkg_parse(kind, path, s, strlen(s), NULL, l, e);
}

static void test_python(void)
{
    dd_package_list l = {0};
    dd_error e = {0};
    CHECK_INT(
        dd_pkg_want("usr/lib/python3/dist-packages/attrs-26.1.0.dist-info/METADATA", 0100644, 10),
        DD_PKGF_PY_METADATA);
    CHECK_INT(
        dd_pkg_want("usr/lib/python3/dist-packages/PyJWT-2.6.0.egg-info/PKG-INFO", 0100644, 10),
        DD_PKGF_PY_PKGINFO);
    CHECK_INT(dd_pkg_want("usr/lib/python3/dist-packages/foo-1.0.egg-info", 0100644, 10),
              DD_PKGF_PY_PKGINFO);
    CHECK_INT(dd_pkg_want("METADATA", 0100644, 10), 0);
    CHECK_INT(dd_pkg_want("x/foo.dist-info/RECORD", 0100644, 10), 0);
    const char md[] = "Metadata-Version: 2.1\nName: Foo_Bar\nVersion: 1.0.post1\n"
                      "License: UNKNOWN\nClassifier: x\n\nName: body-is-not-a-header\n";
    CHECK_INT(parse_str(DD_PKGF_PY_METADATA, "a/Foo_Bar-1.0.post1.dist-info/METADATA", md, &l, &e),
              0);
    CHECK_INT(l.n, 1);
    if (l.n) {
        CHECK_STR(l.v[0].name, "Foo_Bar");
        CHECK_STR(l.v[0].version, "1.0.post1");
        CHECK(l.v[0].license == NULL); /* UNKNOWN is setuptools' placeholder */
    }
    const char folded[] =
        "Name: x\nLicense: BSD 3-Clause\n        Copyright (c) 2010\nVersion: 2\n";
    CHECK_INT(parse_str(DD_PKGF_PY_PKGINFO, "x.egg-info", folded, &l, &e), 0);
    CHECK_INT(l.n, 2);
    if (l.n == 2) {
        CHECK_STR(l.v[1].license, "BSD 3-Clause");
        CHECK_STR(l.v[1].version, "2");
    }
    CHECK_INT(parse_str(DD_PKGF_PY_METADATA, "m/METADATA", "Version: 1\n\nName: late\n", &l, &e),
              -1);
    CHECK_STR(e.msg, "m/METADATA: Python package metadata without Name and Version");
    CHECK_INT(l.n, 2);
    dd_package_list_free(&l);
}

static void test_npm(void)
{
    CHECK_INT(dd_pkg_want("app/node_modules/lodash/package.json", 0100644, 10), DD_PKGF_NPM);
    CHECK_INT(dd_pkg_want("node_modules/lodash/package.json", 0100644, 10), DD_PKGF_NPM);
    CHECK_INT(dd_pkg_want("app/node_modules/@types/node/package.json", 0100644, 10), DD_PKGF_NPM);
    CHECK_INT(dd_pkg_want("app/node_modules/a/node_modules/b/package.json", 0100644, 10),
              DD_PKGF_NPM);
    CHECK_INT(dd_pkg_want("app/package.json", 0100644, 10), 0);
    CHECK_INT(dd_pkg_want("app/node_modules/lodash/lib/package.json", 0100644, 10), 0);
    CHECK_INT(dd_pkg_want("app/node_modules/@types/package.json", 0100644, 10), 0);
    CHECK_INT(dd_pkg_want("app/node_modules/.cache/package.json", 0100644, 10), 0);
    CHECK_INT(dd_pkg_want("app/xnode_modules/lodash/package.json", 0100644, 10), 0);
    CHECK_INT(dd_pkg_want("app/node_modules/x/@s/n/package.json", 0100644, 10), 0);
    CHECK_INT(dd_pkg_want("package.json", 0100644, 10), 0);

    dd_package_list l = {0};
    dd_error e = {0};
    CHECK_INT(
        parse_str(
            DD_PKGF_NPM, "p1",
            "{\"name\":\"@Scope/Pkg\",\"version\":\"1.0.0-beta.1\",\"license\":{\"type\":\"MIT\"}}",
            &l, &e),
        0);
    CHECK_INT(parse_str(DD_PKGF_NPM, "p2",
                        "{\"name\":\"old\",\"version\":\"0.1.0\",\"licenses\":[{\"type\":\"MIT\"},{"
                        "\"type\":\"Apache-2.0\"}]}",
                        &l, &e),
              0);
    CHECK_INT(parse_str(DD_PKGF_NPM, "p3", "{\"name\":\"noversion\"}", &l, &e), 0);
    CHECK_INT(l.n, 2);
    if (l.n == 2) {
        CHECK_STR(l.v[0].license, "MIT");
        CHECK_STR(l.v[1].license, "MIT OR Apache-2.0");
    }
    dd_package_list_set_purls(&l);
    if (l.n == 2)
        CHECK_STR(l.v[0].purl, "pkg:npm/%40scope/pkg@1.0.0-beta.1");
    CHECK_INT(parse_str(DD_PKGF_NPM, "node_modules/x/package.json",
                        "{\"name\": \"x\",\n \"version\": }", &l, &e),
              -1);
    CHECK_INT(e.kind, DD_ERR_INPUT);
    CHECK(strncmp(e.msg, "node_modules/x/package.json: line 2 column ", 43) == 0);
    CHECK_INT(
        parse_str(DD_PKGF_NPM, "d", "{\"name\":\"a\",\"name\":\"b\",\"version\":\"1\"}", &l, &e),
        -1);
    CHECK_INT(parse_str(DD_PKGF_NPM, "d", "[1,2]", &l, &e), -1);
    CHECK_STR(e.msg, "d: package.json is not a JSON object");
    CHECK_INT(l.n, 2);
    dd_package_list_free(&l);
}

static void wr64(unsigned char *p, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

/* A minimal ELF64 without section headers, holding Go 1.18+ inline build info. */
static size_t make_go(unsigned char *buf, size_t cap, const char *gover, const char *mod,
                      unsigned flags)
{
    memset(buf, 0, cap);
    memcpy(buf,
           "\x7f"
           "ELF\x02\x01\x01",
           7);
    size_t off = 128;
    memcpy(buf + off, "\xff Go buildinf:", 14);
    buf[off + 14] = 8;
    buf[off + 15] = (unsigned char)flags;
    size_t p = off + 32;
    const char *strs[2] = {gover, mod};
    for (int i = 0; i < 2; i++) {
        size_t n = strlen(strs[i]);
        size_t v = n;
        do {
            buf[p++] = (unsigned char)((v & 0x7f) | (v > 0x7f ? 0x80 : 0));
            v >>= 7;
        } while (v);
        memcpy(buf + p, strs[i], n);
        p += n;
    }
    return p + 16;
}

static void test_go_synthetic(void)
{
    static const char sentinel[] = "0123456789abcdef";
    char mod[2048];
    snprintf(mod, sizeof mod,
             "%spath\texample.com/cmd/app\n"
             "mod\texample.com/app\tv1.4.0\th1:abc=\n"
             "dep\tgolang.org/x/text\tv0.3.7\th1:olpwvP2KacW1ZWvsR7uQhoyTYvKAupfQrRGBFM352Gk=\n"
             "dep\tgithub.com/foo/bar\tv1.0.0\th1:x=\n"
             "=>\tgithub.com/fork/bar\tv1.0.1\th1:y=\n"
             "dep\texample.com/local\tv0.0.0\n"
             "=>\t../local\t\t\n"
             "build\t-compiler=gc\n"
             "%s",
             sentinel, "\n123456789abcdef");
    unsigned char buf[4096];
    size_t n = make_go(buf, sizeof buf, "go1.21.3 X:boringcrypto", mod, 2);
    dd_package_list l = {0};
    dd_error e = {0};
    CHECK_INT(dd_pkg_parse(DD_PKGF_EXEC, "usr/bin/app", buf, n, "sha256:dddd", &l, &e), 0);
    CHECK_INT(l.n, 5);
    const char *want[][2] = {{"stdlib", "go1.21.3"},
                             {"example.com/app", "v1.4.0"},
                             {"golang.org/x/text", "v0.3.7"},
                             {"github.com/fork/bar", "v1.0.1"},
                             {"example.com/local", "v0.0.0"}};
    for (size_t i = 0; i < 5 && i < l.n; i++) {
        CHECK_STR(l.v[i].name, want[i][0]);
        CHECK_STR(l.v[i].version, want[i][1]);
        CHECK_STR(l.v[i].layer, "sha256:dddd");
    }
    dd_package_list_set_purls(&l);
    if (l.n == 5) {
        CHECK_STR(l.v[0].purl, "pkg:golang/stdlib@1.21.3");
        CHECK_STR(l.v[2].purl, "pkg:golang/golang.org/x/text@v0.3.7");
    }
    /* Pre-1.18 pointer format whose pointers lead nowhere: a note, no packages. */
    n = make_go(buf, sizeof buf, "", "", 0);
    CHECK_INT(dd_pkg_parse(DD_PKGF_EXEC, "usr/bin/old", buf, n, NULL, &l, &e), 0);
    CHECK_INT(l.n, 5);
    CHECK_INT(l.notes.n, 1);
    if (l.notes.n)
        CHECK_STR(l.notes.v[0].text, "usr/bin/old: Go binary built before Go 1.18: its build info "
                                     "points outside the file: not read");
    /* The go command itself: the binary is the toolchain too. */
    dd_package_list t = {0};
    n = make_go(buf, sizeof buf, "go1.22.1", "0123456789abcdefpath\tcmd/go\nbuild\t-compiler=gc\n\n123456789abcdef", 2);
    CHECK_INT(dd_pkg_parse(DD_PKGF_EXEC, "usr/local/go/bin/go", buf, n, NULL, &t, &e), 0);
    CHECK_INT(t.n, 2);
    if (t.n == 2) {
        CHECK_STR(t.v[0].name, "stdlib");
        CHECK_STR(t.v[1].name, "toolchain");
        CHECK_STR(t.v[1].version, "go1.22.1");
    }
    dd_package_list_free(&t);
    /* Lengths pointing past the end: an error, not a read past it. */
    n = make_go(buf, sizeof buf, "go1.21.3", mod, 2);
    buf[128 + 32] = 0xff;
    buf[128 + 33] = 0x7f;
    CHECK_INT(dd_pkg_parse(DD_PKGF_EXEC, "usr/bin/bad", buf, n, NULL, &l, &e), -1);
    CHECK_STR(e.msg, "usr/bin/bad: Go build info at offset 128: truncated version strings");
    /* A C program (this test itself): ELF with sections, none of them Go's. */
    dd_buf self = DD_BUF_INIT;
    CHECK_INT(dd_buf_read_file(&self, "/proc/self/exe", DD_PKG_MAX_FILE), 0);
    CHECK_INT(dd_pkg_parse(DD_PKGF_EXEC, "usr/bin/c", self.data, self.len, NULL, &l, &e), 0);
    CHECK_INT(l.n, 5);
    dd_buf_free(&self);
    /* Not ELF, or ELF without Go: nothing, no error. */
    CHECK_INT(
        parse_str(DD_PKGF_EXEC, "usr/bin/script", "#!/bin/sh\necho \xff Go buildinf:\n", &l, &e),
        0);
    CHECK_INT(l.n, 5);
    dd_package_list_free(&l);
}

/* An ELF64 as Go 1.13-1.17 linked it: a read-only segment with the string bytes, a
 * writable one starting with the build info header, whose two pointers lead to Go string
 * headers (pointer, length) in the same segment. */
static size_t make_go_old(unsigned char *buf, size_t cap, const char *gover, const char *mod)
{
    memset(buf, 0, cap);
    const uint64_t ro_va = 0x400000, rw_va = 0x600000, ro_off = 0x1000, rw_off = 0x2000;
    memcpy(buf,
           "\x7f"
           "ELF\x02\x01\x01",
           7);
    buf[0x10] = 2;        /* ET_EXEC */
    wr64(buf + 0x20, 64); /* e_phoff */
    buf[0x36] = 56;       /* e_phentsize */
    buf[0x38] = 2;        /* e_phnum */
    unsigned char *ph = buf + 64;
    ph[0] = 1, ph[4] = 4; /* PT_LOAD, PF_R */
    wr64(ph + 8, ro_off), wr64(ph + 16, ro_va), wr64(ph + 32, 0x1000);
    ph += 56;
    ph[0] = 1, ph[4] = 6; /* PT_LOAD, PF_R|PF_W */
    wr64(ph + 8, rw_off), wr64(ph + 16, rw_va), wr64(ph + 32, 0x1000);
    size_t vl = strlen(gover), ml = strlen(mod);
    memcpy(buf + ro_off, gover, vl);
    memcpy(buf + ro_off + 0x100, mod, ml);
    unsigned char *h = buf + rw_off;
    memcpy(h, "\xff Go buildinf:", 14);
    h[14] = 8, h[15] = 0; /* pointer size, little-endian */
    wr64(h + 16, rw_va + 0x40), wr64(h + 24, rw_va + 0x50);
    wr64(h + 0x40, ro_va), wr64(h + 0x48, vl);
    wr64(h + 0x50, ro_va + 0x100), wr64(h + 0x58, ml);
    return 0x3000;
}

static long mem_read(void *ud, void *out, size_t n)
{
    dd_buf *b = ud; /* data is consumed from the front */
    size_t k = n < b->len ? n : b->len;
    memcpy(out, b->data, k);
    memmove(b->data, b->data + k, b->len - k);
    b->len -= k;
    return (long)k;
}

static void test_go_old_and_stream(void)
{
    static unsigned char buf[0x3000];
    const char mod[] = "0123456789abcdefpath\texample.com/old\nmod\texample.com/old\t(devel)\t\n"
                       "dep\tgolang.org/x/net\tv0.0.0-20210226172049-e18ecbb05110\th1:x=\n"
                       "\n123456789abcdef";
    size_t n = make_go_old(buf, sizeof buf, "go1.16.15", mod);
    dd_package_list l = {0};
    dd_error e = {0};
    CHECK_INT(dd_pkg_parse(DD_PKGF_EXEC, "usr/bin/old", buf, n, NULL, &l, &e), 0);
    CHECK_INT(l.n, 3);
    CHECK_INT(l.notes.n, 0);
    if (l.n == 3) {
        CHECK_STR(l.v[0].name, "stdlib");
        CHECK_STR(l.v[0].version, "go1.16.15");
        CHECK_STR(l.v[1].version, "(devel)");
        CHECK_STR(l.v[2].name, "golang.org/x/net");
        CHECK_STR(l.v[2].version, "v0.0.0-20210226172049-e18ecbb05110");
    }
    dd_package_list_free(&l);

    /* The same file as a stream too big to hold: the pointers lead back into the
     * read-only segment, which a stream has passed. Said, not skipped silently. */
    dd_buf rest = DD_BUF_INIT;
    dd_buf_append(&rest, buf + 256, n - 256);
    CHECK_INT(dd_pkg_parse_stream(DD_PKGF_EXEC, "usr/bin/old", n, buf, 256, mem_read, &rest, NULL,
                                  &l, &e),
              0);
    CHECK_INT(l.n, 0);
    if (l.notes.n)
        CHECK_STR(l.notes.v[0].text, "usr/bin/old: Go binary built before Go 1.18 and too large to "
                                     "read whole (0 MiB): build info not read");
    CHECK_INT(l.notes.n, 1);
    dd_buf_free(&rest);
    dd_package_list_free(&l);

    /* A Go 1.18+ binary as a stream: headers from the head, the data segment read by range,
     * the rest left unread. */
    char modnew[256];
    snprintf(modnew, sizeof modnew, "%s", mod);
    size_t m = make_go_old(buf, sizeof buf, "", "");
    unsigned char *h = buf + 0x2000;
    memset(h + 16, 0, 0x60);
    h[15] = 2; /* inline strings */
    size_t p = 32;
    const char *strs[2] = {"go1.22.1", modnew};
    for (int i = 0; i < 2; i++) {
        size_t sl = strlen(strs[i]), v = sl;
        do {
            h[p++] = (unsigned char)((v & 0x7f) | (v > 0x7f ? 0x80 : 0));
            v >>= 7;
        } while (v);
        memcpy(h + p, strs[i], sl);
        p += sl;
    }
    dd_buf_append(&rest, buf + 4096, m - 4096);
    CHECK_INT(dd_pkg_parse_stream(DD_PKGF_EXEC, "usr/bin/big", (uint64_t)m, buf, 4096, mem_read,
                                  &rest, NULL, &l, &e),
              0);
    CHECK_INT(l.n, 3);
    if (l.n == 3)
        CHECK_STR(l.v[0].version, "go1.22.1");
    if (e.msg[0])
        fprintf(stderr, "  error: %s\n", e.msg);
    CHECK(rest.len < m - 0x2000); /* it did read on to the data segment */
    dd_buf_free(&rest);
    dd_package_list_free(&l);

    /* Any other package file that big is named, not skipped silently. */
    CHECK_INT(dd_pkg_want("var/lib/dpkg/status", 0100644, (uint64_t)DD_PKG_MAX_FILE + 1),
              DD_PKGF_DPKG_STATUS);
    CHECK_INT(dd_pkg_parse_stream(DD_PKGF_DPKG_STATUS, "var/lib/dpkg/status",
                                  (uint64_t)DD_PKG_MAX_FILE + 1, "", 0, NULL, NULL, NULL, &l, &e),
              0);
    CHECK_INT(l.notes.n, 1);
    if (l.notes.n)
        CHECK_STR(l.notes.v[0].text, "var/lib/dpkg/status: 67108865 bytes, more than the 64 MiB a "
                                     "package database may have: not read");
    dd_package_list_free(&l);
}

/* Build a real Go binary with a module dependency (replaced by a local directory, so no
 * network is needed) and read it back. */
/* A C binary and a script are ruled out from their first 8 KiB; odd heads are not. */
static void test_exec_head(void)
{
    dd_buf ls = DD_BUF_INIT;
    CHECK_INT(dd_buf_read_file(&ls, "/bin/ls", DD_PKG_MAX_FILE), 0);
    CHECK(!dd_pkg_exec_may_hold_packages(ls.data, ls.len < 8192 ? ls.len : 8192));
    dd_buf_free(&ls);
    CHECK(!dd_pkg_exec_may_hold_packages("#!/bin/sh\necho hi\n", 18));
    CHECK(dd_pkg_exec_may_hold_packages("\x7f"
                                        "ELF",
                                        4)); /* too short to tell */
    CHECK(dd_pkg_exec_may_hold_packages("MZ\x90\0\3\0\0\0\4\0\0\0\xff\xff\0\0", 16)); /* PE */
    CHECK(
        dd_pkg_exec_may_hold_packages("\xcf\xfa\xed\xfe\7\0\0\1\3\0\0\0\2\0\0\0", 16)); /* Mach-O */
    CHECK(!dd_pkg_exec_may_hold_packages("PK\3\4\0\0\0\0\0\0\0\0\0\0\0\0", 16));        /* data */
}

static void test_go_real(void)
{
    if (system("command -v go >/dev/null 2>&1") != 0) {
        if (getenv("CI") && strcmp(getenv("CI"), "true") == 0)
            CHECK(!"go is not installed (Debian package golang-go): needed in CI");
        else
            printf("# skip: go not installed (apt-get install golang-go)\n");
        return;
    }
    char dir[] = "/tmp/dd-pkg-go.XXXXXX";
    if (!mkdtemp(dir))
        return;
    char *cmd = NULL;
    if (asprintf(
            &cmd,
            "cd %s && mkdir ddlib && "
            "printf 'module example.com/ddhello\\n\\ngo 1.18\\n\\nrequire example.com/ddlib "
            "v1.4.2\\n\\n"
            "replace example.com/ddlib => ./ddlib\\n' > go.mod && "
            "printf 'module example.com/ddlib\\n\\ngo 1.18\\n' > ddlib/go.mod && "
            "printf 'package ddlib\\n\\nfunc Hello() string { return \"hi\" }\\n' > ddlib/lib.go "
            "&& "
            "printf 'package main\\n\\nimport "
            "(\\n\\t\"fmt\"\\n\\n\\t\"example.com/ddlib\"\\n)\\n\\n"
            "func main() { fmt.Println(ddlib.Hello()) }\\n' > main.go && "
            "GOFLAGS=-mod=mod GOPROXY=off GOCACHE=%s/cache GOPATH=%s/gopath go build -o hello . "
            ">build.log 2>&1 && go env GOVERSION > gover",
            dir, dir, dir) < 0)
        abort();
    int rc = system(cmd);
    CHECK_INT(rc, 0);
    free(cmd);
    char path[256];
    snprintf(path, sizeof path, "%s/hello", dir);
    dd_buf bin = DD_BUF_INIT, gover = DD_BUF_INIT;
    CHECK_INT(dd_buf_read_file(&bin, path, DD_PKG_MAX_FILE), 0);
    snprintf(path, sizeof path, "%s/gover", dir);
    CHECK_INT(dd_buf_read_file(&gover, path, 100), 0);
    if (gover.len && gover.data[gover.len - 1] == '\n')
        gover.data[--gover.len] = '\0';
    CHECK_INT(dd_pkg_want("usr/local/bin/hello", 0100755, bin.len), DD_PKGF_EXEC);
    /* the walker reads only the head of executables the Go check rules out */
    CHECK(dd_pkg_exec_may_hold_packages(bin.data, bin.len < 8192 ? bin.len : 8192));
    dd_package_list l = {0};
    dd_error e = {0};
    CHECK_INT(dd_pkg_parse(DD_PKGF_EXEC, "usr/local/bin/hello", bin.data, bin.len, NULL, &l, &e),
              0);
    CHECK_INT(l.n, 3);
    const dd_package *p = pkg_find(&l, "stdlib");
    CHECK(p != NULL);
    if (p)
        CHECK_STR(p->version, gover.data);
    p = pkg_find(&l, "example.com/ddhello");
    CHECK(p != NULL);
    if (p)
        CHECK_STR(p->version, "(devel)");
    p = pkg_find(&l, "example.com/ddlib");
    CHECK(p != NULL);
    if (p)
        CHECK_STR(p->version, "v1.4.2");
    dd_package_list_free(&l);
    dd_buf_free(&bin);
    dd_buf_free(&gover);
    if (asprintf(&cmd, "chmod -R u+w %s; rm -rf %s", dir, dir) < 0)
        abort();
    if (system(cmd) != 0)
        printf("# could not remove %s\n", dir);
    free(cmd);
}

typedef struct zentry {
    const char *name;
    const void *data;
    size_t len;
} zentry;

static size_t make_zip(unsigned char *out, size_t cap, const zentry *z, size_t n)
{
    struct archive *a = archive_write_new();
    archive_write_set_format_zip(a);
    size_t used = 0;
    archive_write_open_memory(a, out, cap, &used);
    for (size_t i = 0; i < n; i++) {
        struct archive_entry *ent = archive_entry_new();
        archive_entry_set_pathname(ent, z[i].name);
        archive_entry_set_size(ent, (la_int64_t)z[i].len);
        archive_entry_set_filetype(ent, AE_IFREG);
        archive_entry_set_perm(ent, 0644);
        archive_write_header(a, ent);
        archive_write_data(a, z[i].data, z[i].len);
        archive_entry_free(ent);
    }
    archive_write_close(a);
    archive_write_free(a);
    return used;
}

static void test_jar(void)
{
    static unsigned char lang[8192], guava[8192], war[65536], deep[5][16384];
    const char pom[] =
        "#Created by Apache Maven 3.6.3\nversion=3.12.0\ngroupId=org.apache.commons\n"
        "artifactId=commons-lang3\n";
    const char mf_lang[] =
        "Manifest-Version: 1.0\r\nImplementation-Title: Apache Commons Lang\r\n"
        "Implementation-Version: 3.12.0\r\nBundle-SymbolicName: org.apache.commons.lang3\r\n\r\n";
    zentry zl[] = {
        {"META-INF/MANIFEST.MF", mf_lang, strlen(mf_lang)},
        {"org/apache/commons/lang3/StringUtils.class", "\xca\xfe\xba\xbe", 4},
        {"META-INF/maven/org.apache.commons/commons-lang3/pom.properties", pom, strlen(pom)}};
    size_t nlang = make_zip(lang, sizeof lang, zl, 3);
    const char mf_guava[] =
        "Manifest-Version: 1.0\nBundle-SymbolicName: com.google.guava.guava;singleton:=true\n"
        "Bundle-Version: 31.1.0.jre\nBundle-License: http://www.apache.org/licenses/LICEN\n"
        " SE-2.0.txt\n";
    zentry zg[] = {{"META-INF/MANIFEST.MF", mf_guava, strlen(mf_guava)}};
    size_t nguava = make_zip(guava, sizeof guava, zg, 1);
    const char mf_war[] = "Manifest-Version: 1.0\nImplementation-Title: demo-app\n"
                          "Implementation-Version: 1.0.0\nImplementation-Vendor-Id: com.example\n";
    zentry zw[] = {{"META-INF/MANIFEST.MF", mf_war, strlen(mf_war)},
                   {"WEB-INF/lib/commons-lang3-3.12.0.jar", lang, nlang},
                   {"WEB-INF/lib/guava-31.1-jre.jar", guava, nguava},
                   {"WEB-INF/web.xml", "<web-app/>", 10}};
    size_t nwar = make_zip(war, sizeof war, zw, 4);
    CHECK_INT(dd_pkg_want("usr/share/jetty/app.war", 0100644, nwar), DD_PKGF_JAR);
    CHECK_INT(dd_pkg_want("opt/x/lib/A.JAR", 0100644, nwar), DD_PKGF_JAR);

    dd_package_list l = {0};
    dd_error e = {0};
    CHECK_INT(
        dd_pkg_parse(DD_PKGF_JAR, "usr/share/jetty/app.war", war, nwar, "sha256:eeee", &l, &e), 0);
    dd_package_list_set_purls(&l);
    CHECK_INT(l.n, 3);
    const dd_package *p = pkg_find(&l, "org.apache.commons:commons-lang3");
    CHECK(p != NULL);
    if (p) {
        CHECK_STR(p->version, "3.12.0");
        CHECK_STR(p->path, "usr/share/jetty/app.war:WEB-INF/lib/commons-lang3-3.12.0.jar");
        CHECK_STR(p->purl, "pkg:maven/org.apache.commons/commons-lang3@3.12.0");
        CHECK_STR(p->layer, "sha256:eeee");
    }
    p = pkg_find(&l, "guava");
    CHECK(p != NULL);
    if (p) {
        CHECK_STR(p->version, "31.1.0.jre");
        CHECK_STR(p->license, "http://www.apache.org/licenses/LICENSE-2.0.txt");
    }
    p = pkg_find(&l, "com.example:app");
    CHECK(p != NULL);
    if (p) {
        CHECK_STR(p->version, "1.0.0");
        CHECK_STR(p->purl, "pkg:maven/com.example/app@1.0.0");
    }
    CHECK_INT(l.notes.n, 0);

    /* Five levels of nesting: read to the bound, then a note. */
    size_t nd = nlang;
    memcpy(deep[0], lang, nlang);
    for (int i = 1; i < 5; i++) {
        zentry zd[] = {{"lib/inner.jar", deep[i - 1], nd}};
        nd = make_zip(deep[i], sizeof deep[i], zd, 1);
    }
    dd_package_list d = {0};
    CHECK_INT(dd_pkg_parse(DD_PKGF_JAR, "outer-1.0.jar", deep[4], nd, NULL, &d, &e), 0);
    CHECK_INT(d.n, 1); /* only the outer jar, from its file name */
    CHECK_INT(d.notes.n, 1);
    if (d.notes.n)
        CHECK_STR(d.notes.v[0].text, "outer-1.0.jar: jars nested deeper than 3 not read");
    dd_package_list_free(&d);

    /* A truncated archive is an error naming the file; nothing is kept. */
    size_t before = l.n;
    CHECK_INT(dd_pkg_parse(DD_PKGF_JAR, "bad.jar", war, nwar / 2, NULL, &l, &e), -1);
    CHECK(strncmp(e.msg, "bad.jar: ", 9) == 0);
    CHECK_INT(l.n, before);
    CHECK_INT(dd_pkg_parse(DD_PKGF_JAR, "junk.jar", "PK\3\4garbage", 11, NULL, &l, &e), -1);
    CHECK_INT(l.n, before);
    dd_package_list_free(&l);

    /* pom.properties outside META-INF/maven (a WAR's own classes), and the same archive
     * read as a stream of entries, as an archive too big to hold is. */
    const char pom_shop[] = "groupId=com.example\nartifactId=shop\nversion=2.4.1\n";
    zentry zs[] = {{"WEB-INF/classes/META-INF/maven/com.example/shop/pom.properties", pom_shop,
                    strlen(pom_shop)},
                   {"WEB-INF/lib/commons-lang3-3.12.0.jar", lang, nlang}};
    static unsigned char shop[32768];
    size_t nshop = make_zip(shop, sizeof shop, zs, 2);
    for (int stream = 0; stream < 2; stream++) {
        dd_buf rest = DD_BUF_INIT;
        dd_buf_append(&rest, shop + 100, nshop - 100);
        int rc = stream ? dd_pkg_parse_stream(DD_PKGF_JAR, "srv/shop.war", nshop, shop, 100,
                                              mem_read, &rest, NULL, &l, &e)
                        : dd_pkg_parse(DD_PKGF_JAR, "srv/shop.war", shop, nshop, NULL, &l, &e);
        CHECK_INT(rc, 0);
        CHECK_INT(l.n, 2);
        p = pkg_find(&l, "com.example:shop");
        CHECK(p && strcmp(p->version, "2.4.1") == 0);
        CHECK(pkg_find(&l, "org.apache.commons:commons-lang3") != NULL);
        dd_buf_free(&rest);
        dd_package_list_free(&l);
    }
}

/* Python eggs: a zipped *.egg, an *.egg directory, an *.egg-info directory and file. */
static void test_egg(void)
{
    const char pkginfo[] = "Metadata-Version: 1.1\nName: Paste\nVersion: 1.7.5.1\nLicense: MIT\n\n"
                           "long description\n";
    zentry ze[] = {{"paste/__init__.py", "", 0},
                   {"EGG-INFO/PKG-INFO", pkginfo, strlen(pkginfo)},
                   {"EGG-INFO/top_level.txt", "paste\n", 6}};
    static unsigned char egg[8192];
    size_t n = make_zip(egg, sizeof egg, ze, 3);
    const char *path = "usr/lib/python2.7/site-packages/Paste-1.7.5.1-py2.7.egg";
    CHECK_INT(dd_pkg_want(path, 0100644, n), DD_PKGF_PY_EGG);
    CHECK_INT(dd_pkg_want("usr/lib/python3/site-packages/six-1.16.0-py3.11.egg/EGG-INFO/PKG-INFO",
                          0100644, 10),
              DD_PKGF_PY_PKGINFO);
    CHECK_INT(dd_pkg_want("usr/lib/python3/site-packages/six.egg-info/PKG-INFO", 0100644, 10),
              DD_PKGF_PY_PKGINFO);
    CHECK_INT(dd_pkg_want("usr/lib/python3/site-packages/six-1.16.0.egg-info", 0100644, 10),
              DD_PKGF_PY_PKGINFO);
    CHECK_INT(dd_pkg_want("usr/share/doc/EGG-INFO/PKG-INFO", 0100644, 10), 0);
    dd_package_list l = {0};
    dd_error e = {0};
    CHECK_INT(dd_pkg_parse(DD_PKGF_PY_EGG, path, egg, n, "sha256:eggs", &l, &e), 0);
    CHECK_INT(l.n, 1);
    if (l.n) {
        CHECK_STR(l.v[0].name, "Paste");
        CHECK_STR(l.v[0].version, "1.7.5.1");
        CHECK_STR(l.v[0].license, "MIT");
        CHECK_STR(l.v[0].path, path);
    }
    /* An egg without its metadata is an error naming it. */
    zentry zn[] = {{"paste/__init__.py", "", 0}};
    n = make_zip(egg, sizeof egg, zn, 1);
    CHECK_INT(dd_pkg_parse(DD_PKGF_PY_EGG, "x.egg", egg, n, NULL, &l, &e), -1);
    CHECK_STR(e.msg, "x.egg: Python egg without EGG-INFO/PKG-INFO");
    CHECK_INT(l.n, 1);
    dd_package_list_free(&l);
}

static void test_rootfs(void)
{
    char *dir = pkg_fixture("rootfs");
    dd_package_list l = {0};
    dd_error e = {0};
    CHECK_INT(dd_pkg_scan_rootfs(dir, &l, &e), 0);
    free(dir);
    CHECK_INT(l.n, 13); /* 7 dpkg, 3 Python, 3 npm */
    CHECK_INT(l.notes.n, 0);
    CHECK_STR(l.os.id, "debian");
    CHECK_STR(l.os.version_id, "12");
    CHECK_STR(l.os.codename, "bookworm");
    CHECK_STR(l.os.source, "usr/lib/os-release"); /* etc/os-release is a symlink: not followed */
    struct {
        const char *name, *purl, *license;
    } want[] = {
        {"bsdutils",
         "pkg:deb/debian/"
         "bsdutils@1%3A2.38.1-5%2Bdeb12u3?arch=amd64&distro=debian-12&upstream=util-linux%402.38.1-"
         "5%2Bdeb12u3",
         NULL},
        {"bash",
         "pkg:deb/debian/bash@5.2.15-2%2Bb8?arch=amd64&distro=debian-12&upstream=bash%405.2.15-2",
         NULL},
        {"attrs", "pkg:pypi/attrs@26.1.0", "MIT"},
        {"pip", "pkg:pypi/pip@23.0.1", "MIT"},
        {"PyJWT", "pkg:pypi/pyjwt@2.6.0", "MIT"},
        {"npm", "pkg:npm/npm@11.19.1", "Artistic-2.0"},
        {"@npmcli/arborist", "pkg:npm/%40npmcli/arborist@9.9.1", "ISC"},
        {"abbrev", "pkg:npm/abbrev@4.0.0", "ISC"},
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        const dd_package *p = pkg_find(&l, want[i].name);
        CHECK(p != NULL);
        if (!p)
            continue;
        CHECK_STR(p->purl, want[i].purl);
        if (want[i].license)
            CHECK_STR(p->license, want[i].license);
    }
    /* dpkg licences from DEP-5 copyright files, symlinks resolved inside the tree. */
    struct {
        const char *name, *license;
    } lic[] = {
        {"bash", "GPL-3.0-or-later AND GPL-3.0-or-later WITH Bison-exception-2.2 AND "
                 "GPL-2.0-or-later AND GFDL-1.3-no-invariants-only AND Latex2e AND "
                 "BSD-4-clause-UC AND MIT-like AND permissive"},
        {"zlib1g", "Zlib"}, /* zlib1g -> /usr/share/doc/zlib-shared, which only the tree has */
        {"bsdutils", "GPL-2.0-or-later AND GPL-2.0-only AND GPL-3.0-or-later AND public-domain AND "
                     "BSD-4-Clause AND MIT AND BSD-3-Clause AND BSLA AND LGPL-2.0-or-later AND "
                     "LGPL-2.1-or-later AND LGPL AND LGPL-3.0-or-later"},
        {"libc6", NULL},      /* free-form copyright file */
        {"libgcc-s1", NULL},  /* -> gcc-12-base, free-form */
        {"tzdata", NULL},     /* -> /usr/share/doc/tzdata: a loop in the tree, never the host's */
        {"base-files", NULL}, /* climbs out with ../..: stays in the tree, finds itself */
    };
    for (size_t i = 0; i < sizeof lic / sizeof lic[0]; i++) {
        const dd_package *p = pkg_find(&l, lic[i].name);
        CHECK(p != NULL);
        if (!p)
            continue;
        if (lic[i].license)
            CHECK_STR(p->license, lic[i].license);
        else
            CHECK(p->license == NULL);
    }
    CHECK(pkg_find(&l, "my-app") == NULL);
    CHECK(pkg_find(&l, "not-a-package") == NULL);
    dd_package_list_free(&l);
    CHECK_INT(dd_pkg_scan_rootfs("/nonexistent/dir", &l, &e), -1);
    CHECK_STR(e.msg, "/nonexistent/dir: No such file or directory");
}

int main(void)
{
    test_exec_head();
    test_python();
    test_npm();
    test_go_synthetic();
    test_go_old_and_stream();
    test_go_real();
    test_jar();
    test_egg();
    test_rootfs();
    return dd_test_done();
}
