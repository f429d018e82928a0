/* Unit tests of src/image: path cleaning, the layer walker, whiteouts and the final view,
 * package attribution across layers, the outer-tar indexer, manifest/config parsing. */
#include <archive.h>
#include <archive_entry.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "image/image.h"
#include "image/walker.h"
#include "tap.h"

typedef struct ent {
    const char *path;
    char kind; /* f file, d dir, l symlink, h hardlink */
    const char *data;
    unsigned mode;
} ent;

/* A tar layer in memory made with libarchive's writer. Caller frees *out. */
static size_t make_tar(const ent *ents, size_t n, char **out)
{
    size_t cap = 1u << 20, used = 0;
    char *buf = malloc(cap);
    struct archive *a = archive_write_new();
    archive_write_set_format_pax_restricted(a);
    archive_write_open_memory(a, buf, cap, &used);
    for (size_t i = 0; i < n; i++) {
        struct archive_entry *e = archive_entry_new();
        archive_entry_set_pathname(e, ents[i].path);
        archive_entry_set_mode(e, ents[i].mode ? ents[i].mode : 0644);
        switch (ents[i].kind) {
        case 'd':
            archive_entry_set_filetype(e, AE_IFDIR);
            break;
        case 'l':
            archive_entry_set_filetype(e, AE_IFLNK);
            archive_entry_set_symlink(e, ents[i].data);
            break;
        case 'h':
            archive_entry_set_filetype(e, AE_IFREG);
            archive_entry_set_hardlink(e, ents[i].data);
            break;
        default:
            archive_entry_set_filetype(e, AE_IFREG);
            archive_entry_set_size(e, (la_int64_t)strlen(ents[i].data));
        }
        archive_write_header(a, e);
        if (ents[i].kind == 'f')
            archive_write_data(a, ents[i].data, strlen(ents[i].data));
        archive_entry_free(e);
    }
    archive_write_close(a);
    archive_write_free(a);
    *out = buf;
    return used;
}

static int read_layer(dd_layer *l, const ent *ents, size_t n, const char *digest, dd_error *e)
{
    char *buf;
    size_t len = make_tar(ents, n, &buf);
    dd_image_opts o = {.flags = DD_IMG_SCAN_PACKAGES};
    memset(l, 0, sizeof *l);
    int rc = dd_image_read_layer_mem(buf, len, l, &o, e);
    free(buf);
    l->digest = strdup(digest);
    return rc;
}

#define STATUS_A "Package: bash\nStatus: install ok installed\nArchitecture: amd64\nVersion: 5.2\n\n"
#define STATUS_B "Package: curl\nStatus: install ok installed\nArchitecture: amd64\nVersion: 7.88\n\n"
#define STATUS_B2 "Package: curl\nStatus: install ok installed\nArchitecture: amd64\nVersion: 7.89\n\n"

static void test_clean_path(void)
{
    dd_error e = {0};
    bool empty;
    char *p;
    CHECK_STR(p = dd_image_clean_path("./usr//bin/./ls", &empty, &e), "usr/bin/ls");
    free(p);
    CHECK_STR(p = dd_image_clean_path("a/b/../c/", &empty, &e), "a/c");
    free(p);
    p = dd_image_clean_path("./", &empty, &e);
    CHECK(p && empty);
    free(p);
    CHECK(dd_image_clean_path("a/../../etc", &empty, &e) == NULL);
    CHECK(strstr(e.msg, "climbs out") != NULL);
    CHECK(dd_image_clean_path("/etc/passwd", &empty, &e) == NULL);
    CHECK(strstr(e.msg, "absolute path '/etc/passwd'") != NULL);

    /* The same normaliser clamps a symlink target at the root, as a chroot does. */
    char out[64];
    CHECK_INT(dd_path_normalise("/usr/../../../etc//./passwd", out, true, 0), 0);
    CHECK_STR(out, "etc/passwd");
    CHECK_INT(dd_path_normalise("a/../..", out, false, 0), -1);
    CHECK_INT(dd_path_normalise("a/b/c", out, false, 2), -2);
    CHECK_INT(dd_path_normalise("a/b/../c", out, false, 2), 0);
    CHECK_STR(out, "a/c");
}

static void test_view(void)
{
    dd_error e = {0};
    dd_image *img = calloc(1, sizeof *img);
    img->ref = strdup("unit");
    img->layers = calloc(3, sizeof *img->layers);
    img->nlayers = 3;
    const ent l0[] = {
        {"etc", 'd', NULL, 0755},
        {"etc/os-release", 'l', "../usr/lib/os-release", 0777},
        {"usr/lib/os-release", 'f', "ID=debian\nVERSION_ID=\"12\"\n", 0},
        {"var/lib/dpkg/status", 'f', STATUS_A, 0},
        {"app/cred", 'f', "one\n", 0},
        {"app/sub/key", 'f', "two\n", 0},
        {"bin/su", 'f', "ELF", 04755},
        {"bin/su2", 'h', "bin/su", 0},
        {"tmp", 'd', NULL, 01777},
    };
    const ent l1[] = {
        {"var/lib/dpkg/status", 'f', STATUS_A STATUS_B, 0},
        {"app/.wh.cred", 'f', "", 0},
        {"app/sub/.wh..wh..opq", 'f', "", 0},
        {"app/sub/new", 'f', "three\n", 0},
    };
    const ent l2[] = {
        {"var/lib/dpkg/status", 'f', STATUS_A STATUS_B2, 0},
        {"bin/su", 'd', NULL, 0755}, /* a directory replaces the file */
    };
    CHECK_INT(read_layer(&img->layers[0], l0, DD_ARRAY_LEN(l0), "sha256:l0", &e), 0);
    CHECK_INT(read_layer(&img->layers[1], l1, DD_ARRAY_LEN(l1), "sha256:l1", &e), 0);
    CHECK_INT(read_layer(&img->layers[2], l2, DD_ARRAY_LEN(l2), "sha256:l2", &e), 0);
    CHECK_INT(img->layers[1].n, 4);
    CHECK_INT(img->layers[1].ent[1].kind, DD_ENT_WHITEOUT);
    CHECK_STR(img->layers[1].ent[1].path, "app/cred");
    CHECK_INT(img->layers[1].ent[2].kind, DD_ENT_OPAQUE);
    CHECK_STR(img->layers[1].ent[2].path, "app/sub");
    CHECK_INT(dd_image_assemble(img, &e), 0);

    int layer = -1;
    CHECK(dd_image_lookup(img, "app/cred", NULL) == NULL);
    CHECK(dd_image_lookup(img, "/app/sub/key", NULL) == NULL);
    CHECK(dd_image_lookup(img, "app/sub/new", &layer) != NULL);
    CHECK_INT(layer, 1);
    /* The versions that went away know who removed them. */
    CHECK_INT(img->layers[0].ent[4].gone_layer, 1);
    CHECK_INT(img->layers[0].ent[4].gone_how, DD_GONE_DELETED);
    CHECK_INT(img->layers[0].ent[5].gone_layer, 1);
    CHECK_INT(img->layers[0].ent[3].gone_how, DD_GONE_REPLACED);
    CHECK_INT(img->layers[0].ent[3].gone_layer, 1);
    CHECK_INT(img->layers[2].ent[0].gone_layer, -1);
    /* Symlink resolution and small-file capture. */
    const dd_layer_entry *osr = dd_image_resolve(img, "etc/os-release", NULL);
    CHECK(osr && osr->data && strncmp(osr->data, "ID=debian", 9) == 0);
    CHECK_INT(dd_image_lookup(img, "etc/os-release", NULL)->kind, DD_ENT_SYMLINK);
    /* Type change starts a new existence. */
    const dd_layer_entry *su = dd_image_lookup(img, "bin/su", &layer);
    CHECK(su && su->kind == DD_ENT_DIR && layer == 2);
    CHECK_INT(dd_image_created_layer(img, "bin/su"), 2);
    CHECK_INT(dd_image_created_layer(img, "var/lib/dpkg/status"), 0);
    const dd_layer_entry *h = dd_image_lookup(img, "bin/su2", NULL);
    CHECK(h && h->kind == DD_ENT_HARDLINK && strcmp(h->link, "bin/su") == 0);
    CHECK_INT(dd_image_lookup(img, "tmp", NULL)->mode, 01777);

    /* Packages: bash since layer 0 although status was rewritten twice; curl 7.89 from
     * layer 2 (7.88 of layer 1 is another version). */
    dd_package_list pk = {0};
    dd_image_packages(img, &pk);
    CHECK_INT(pk.n, 2);
    for (size_t i = 0; i < pk.n; i++) {
        if (strcmp(pk.v[i].name, "bash") == 0)
            CHECK_STR(pk.v[i].layer, "sha256:l0");
        else {
            CHECK_STR(pk.v[i].name, "curl");
            CHECK_STR(pk.v[i].version, "7.89");
            CHECK_STR(pk.v[i].layer, "sha256:l2");
        }
    }
    CHECK_STR(pk.os.id, "debian");
    dd_package_list_free(&pk);
    dd_image_free(img);
}

static long mem_pread(void *ud, void *buf, size_t n, uint64_t off)
{
    const char **b = ud;
    size_t len = (size_t)(b[1] - b[0]);
    if (off >= len)
        return 0;
    if (n > len - off)
        n = len - off;
    memcpy(buf, b[0] + off, n);
    return (long)n;
}

static void test_tar_index(void)
{
    char longname[300];
    memset(longname, 'x', sizeof longname - 1);
    longname[sizeof longname - 1] = '\0';
    memcpy(longname, "blobs/sha256/", 13);
    const ent outer[] = {{"manifest.json", 'f', "[]", 0}, {longname, 'f', "layer-bytes", 0}};
    char *buf;
    size_t len = make_tar(outer, 2, &buf);
    const char *b[2] = {buf, buf + len};
    dd_tar_member *m = NULL;
    size_t n = 0;
    dd_error e = {0};
    CHECK_INT(dd_tar_index(mem_pread, b, len, &m, &n, &e), 0);
    CHECK_INT(n, 2);
    if (n == 2) {
        CHECK_STR(m[0].name, "manifest.json");
        CHECK_STR(m[1].name, longname);
        CHECK_INT(m[1].size, 11);
        CHECK(memcmp(buf + m[1].off, "layer-bytes", 11) == 0);
    }
    dd_tar_index_free(m, n);
    /* Cut in the middle of the second member's data. */
    CHECK_INT(dd_tar_index(mem_pread, b, 1536 + 4, &m, &n, &e), -1);
    free(buf);
}

static void test_manifest(void)
{
    dd_error e = {0};
    char *cfg, **layers;
    size_t n;
    json_t *tags;
    const char *ok = "[{\"Config\":\"c.json\",\"RepoTags\":[\"a:1\"],\"Layers\":[\"x/layer.tar\"]}]";
    CHECK_INT(dd_image_parse_manifest(ok, strlen(ok), &cfg, &layers, &n, &tags, &e), 0);
    CHECK_STR(cfg, "c.json");
    CHECK_INT(n, 1);
    CHECK_STR(layers[0], "x/layer.tar");
    CHECK_STR(json_string_value(json_array_get(tags, 0)), "a:1");
    free(cfg);
    free(layers[0]);
    free(layers);
    json_decref(tags);
    CHECK_INT(dd_image_parse_manifest("{}", 2, &cfg, &layers, &n, &tags, &e), -1);
    CHECK(strstr(e.msg, "non-empty array") != NULL);
    CHECK(dd_image_digest_ok("sha256:" "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"));
    CHECK(!dd_image_digest_ok("sha256:../../etc/passwd"));
    json_t *c = json_loads("{\"rootfs\":{\"diff_ids\":[\"nope\"]}}", 0, NULL);
    CHECK_INT(dd_image_check_config(c, &e), -1);
    json_decref(c);
}

static int count_visit(const dd_layer_entry *en, int layer, void *ud)
{
    (void)en;
    (void)layer;
    ++*(int *)ud;
    return 0;
}

/* A pax path of 300000 components used to build a view tree that deep, and walking or
 * freeing it overflowed the stack. Now the entry is refused with a clear error. */
static void test_deep_path(void)
{
    size_t depth = 300000;
    char *deep = malloc(depth * 2 + 2);
    for (size_t i = 0; i < depth; i++)
        memcpy(deep + 2 * i, "a/", 2);
    memcpy(deep + 2 * depth, "f", 2);
    dd_error e = {0};
    bool empty;
    CHECK(dd_image_clean_path(deep, &empty, &e) == NULL);
    CHECK(strstr(e.msg, "nested more than 4096 directories deep") != NULL);
    char *p = dd_image_clean_path("a/b/../c", &empty, &e);
    CHECK_STR(p, "a/c");
    free(p);

    const ent l0[] = {{"etc/passwd", 'f', "root:x:0:0::/root:/bin/sh\n", 0}, {deep, 'f', "x", 0}};
    dd_image *img = calloc(1, sizeof *img);
    img->ref = strdup("unit");
    img->layers = calloc(1, sizeof *img->layers);
    memset(&e, 0, sizeof e);
    int rc = read_layer(&img->layers[0], l0, DD_ARRAY_LEN(l0), "sha256:deep", &e);
    CHECK_INT(rc, -1);
    CHECK(strstr(e.msg, "layer layer: path 'a/a/a/") != NULL);
    if (rc == 0) {
        img->nlayers = 1;
        dd_image_assemble(img, &e);
        dd_image_walk(img, count_visit, &(int){0});
    } else {
        dd_layer_free(&img->layers[0]);
    }
    dd_image_free(img);
    free(deep);
}

static void write_file(const char *dir, const char *name, const char *text)
{
    char *p = NULL;
    if (asprintf(&p, "%s/%s", dir, name) < 0)
        abort();
    FILE *f = fopen(p, "w");
    if (!f)
        abort();
    fputs(text, f);
    fclose(f);
    free(p);
}

/* An OCI "manifest" that also has a manifests array is validated as an index, so its
 * config and layer digests were never checked; open_oci then took it for a manifest and
 * built a blob path from a missing config digest (NULL dereference) or from any string
 * (a path out of the layout). It must be followed as the index it was checked as. */
static void test_oci_index_with_layers(void)
{
    char dir[] = "/tmp/dd-test-oci-XXXXXX";
    if (!mkdtemp(dir)) {
        CHECK(false);
        return;
    }
    char *blobs = NULL, *sha = NULL;
    if (asprintf(&blobs, "%s/blobs", dir) < 0 || asprintf(&sha, "%s/blobs/sha256", dir) < 0)
        abort();
    mkdir(blobs, 0755);
    mkdir(sha, 0755);
#define HEX "1111111111111111111111111111111111111111111111111111111111111111"
    write_file(dir, "oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}");
    write_file(dir, "index.json", "{\"schemaVersion\":2,\"manifests\":[{\"digest\":\"sha256:" HEX "\"}]}");
    write_file(dir, "blobs/sha256/" HEX,
               "{\"manifests\":[{\"digest\":\"sha256:" HEX "\"}],"
               "\"layers\":[{\"digest\":\"sha256/../../../../etc/passwd\"}]}");
    char *ref = NULL;
    if (asprintf(&ref, "oci:%s", dir) < 0)
        abort();
    dd_image_opts o = {0};
    dd_image *img = NULL;
    dd_error e = {0};
    CHECK_INT(dd_image_open(&img, ref, &o, &e), -1);
    /* The blob is not what its name says, which stops it before it is followed. */
    CHECK(strstr(e.msg, "digest mismatch") != NULL);
    dd_image_free(img);
#undef HEX
    char *blob = NULL;
    if (asprintf(&blob, "%s/blobs/sha256/1111111111111111111111111111111111111111111111111111111111111111", dir) < 0)
        abort();
    unlink(blob);
    free(blob);
    char *f2 = NULL;
    if (asprintf(&f2, "%s/index.json", dir) < 0)
        abort();
    unlink(f2);
    free(f2);
    if (asprintf(&f2, "%s/oci-layout", dir) < 0)
        abort();
    unlink(f2);
    free(f2);
    rmdir(sha);
    rmdir(blobs);
    rmdir(dir);
    free(sha);
    free(blobs);
    free(ref);
}

/* A gzip'd docker-archive is streamed and its JSON members are kept until manifest.json
 * says which is the config. Each member was bounded (16 MiB) but not their number: five
 * members of 16 MiB of blanks (80 KiB gzip'd) made 80 MiB of memory, a thousand 16 GiB.
 * The total is now bounded too, with an error naming the member that crossed it. */
static void test_stream_json_total(void)
{
    char path[] = "/tmp/dd-test-jsonbomb-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0) {
        CHECK(false);
        return;
    }
    close(fd);
    size_t sz = DD_IMAGE_MAX_JSON;
    char *blank = malloc(sz);
    memset(blank, ' ', sz);
    struct archive *a = archive_write_new();
    archive_write_add_filter_gzip(a);
    archive_write_set_format_pax_restricted(a);
    CHECK_INT(archive_write_open_filename(a, path), ARCHIVE_OK);
    for (int i = 0; i < 5; i++) {
        char name[32];
        snprintf(name, sizeof name, "c%d.json", i);
        struct archive_entry *en = archive_entry_new();
        archive_entry_set_pathname(en, name);
        archive_entry_set_mode(en, 0644);
        archive_entry_set_filetype(en, AE_IFREG);
        archive_entry_set_size(en, (la_int64_t)sz);
        archive_write_header(a, en);
        archive_write_data(a, blank, sz);
        archive_entry_free(en);
    }
    archive_write_close(a);
    archive_write_free(a);
    free(blank);
    char *ref = NULL;
    if (asprintf(&ref, "docker-archive:%s", path) < 0)
        abort();
    dd_image_opts o = {0};
    dd_image *img = NULL;
    dd_error e = {0};
    CHECK_INT(dd_image_open(&img, ref, &o, &e), -1);
    CHECK(strstr(e.msg, "c4.json: more than 64 MiB of JSON members in the archive") != NULL);
    dd_image_free(img);
    unlink(path);
    free(ref);
}

int main(void)
{
    test_clean_path();
    test_view();
    test_tar_index();
    test_manifest();
    test_deep_path();
    test_oci_index_with_layers();
    test_stream_json_total();
    return dd_test_done();
}
