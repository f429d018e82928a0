/* Unit tests of src/image: path cleaning, the layer walker, whiteouts and the final view,
 * package attribution across layers, the outer-tar indexer, manifest/config parsing. */
#include <archive.h>
#include <archive_entry.h>
#include <stdlib.h>
#include <string.h>

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

int main(void)
{
    test_clean_path();
    test_view();
    test_tar_index();
    test_manifest();
    return dd_test_done();
}
