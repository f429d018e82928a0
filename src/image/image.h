/* Container images as drydock reads them: never extracted, never written to disk.
 *
 * A source (daemon stream, docker-archive file, OCI layout, plain directory) yields the
 * image configuration and its layers. Each layer tar is streamed once: per file only the
 * metadata is kept (path, mode, owner, size, type, link target), plus what the consumers
 * computed while the bytes went by (packages parsed from package databases, secrets
 * found, the few small files the configuration checks read). The layers are then stacked
 * with whiteouts applied into the final filesystem view, remembering for every file
 * version which layer added it and which later layer changed or removed it.
 *
 * Layers of files on disk (docker-archive without outer compression, OCI layout) are
 * read in parallel, one thread per layer; streams (daemon, gzip'd archives) are read by
 * one thread while another receives the bytes.
 *
 * Ownership: dd_image_open() returns an image the caller frees with dd_image_free();
 * every pointer reachable from it (layers, entries, packages, secrets, json) is owned by
 * the image. */
#pragma once
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "core/error.h"
#include "engine/engine.h"
#include "pkg/pkg.h"
#include "report/note.h"
#include "report/rule.h"

/* Default bound on the uncompressed bytes of one layer (a gzip bomb stops here). */
#define DD_IMAGE_DEFAULT_MAX_LAYER (8ull << 30)
/* Default bound on all the bytes decompressed for one image: its layers, the archive
 * around them, and any layer read a second time (see dd_image_open). A few kilobytes of
 * zstd listed thousands of times cannot make terabytes of work. */
#define DD_IMAGE_DEFAULT_MAX_IMAGE (32ull << 30)
/* A layer with more entries than this, or an image with more in total, is refused:
 * every entry costs memory and no real image comes near it. */
#define DD_IMAGE_MAX_ENTRIES 4000000u
/* Path components of an entry, and depth of the view's tree (it is walked recursively). */
#define DD_IMAGE_MAX_DEPTH 4096u
/* Secret findings kept per layer: one per rule and file (with a count), so this is only
 * reached by a layer with this many files holding secrets. Past it, the findings of each
 * rule are folded into one per rule and layer (files and matches counted), and a note
 * says so: a kind of secret is never dropped. */
#define DD_IMAGE_MAX_SECRET_GROUPS 100000u
/* JSON members (manifest.json, configs, index.json) larger than this are refused. */
#define DD_IMAGE_MAX_JSON (16u << 20)
/* Small files kept whole for the configuration checks (os-release, passwd...). */
#define DD_IMAGE_MAX_SMALL (1u << 20)

enum {
    DD_IMG_SCAN_SECRETS = 1u << 0,  /* run the secret scanner over file contents */
    DD_IMG_SCAN_PACKAGES = 1u << 1, /* parse package databases */
    DD_IMG_SCAN_BINARIES = 1u << 2, /* secret-scan binary files too */
};

typedef enum {
    DD_ENT_FILE = 0,
    DD_ENT_DIR,
    DD_ENT_SYMLINK,
    DD_ENT_HARDLINK,
    DD_ENT_OTHER,    /* device, fifo, socket */
    DD_ENT_WHITEOUT, /* ".wh.NAME": `path` is the removed NAME */
    DD_ENT_OPAQUE,   /* ".wh..wh..opq": `path` is the directory made opaque */
} dd_entry_kind;

/* How a file version stopped being visible. */
typedef enum { DD_GONE_NO = 0, DD_GONE_DELETED, DD_GONE_REPLACED } dd_gone_how;

typedef struct dd_layer_entry {
    char *path;       /* normalised: no leading '/', no "./", no "..", no trailing '/'; once
                         the view is built, where docker puts it (symlinked parents followed) */
    char *written_as; /* the tar member's own (normalised) name when a symlinked parent
                         moved the entry elsewhere, else NULL */
    char *link;       /* symlink target (as written) or hardlink target (normalised), or NULL */
    uint64_t size;
    uint32_t mode; /* permission bits incl. setuid/setgid/sticky (07777) */
    uint32_t uid, gid;
    uint8_t kind;     /* dd_entry_kind */
    uint8_t gone_how; /* dd_gone_how, set when the view is built */
    int gone_layer;   /* layer that deleted/replaced this version, -1 if it survives */
    char *data;       /* contents of small files the checks read (os-release...), or NULL */
    size_t data_len;
} dd_layer_entry;

/* Secrets of one rule in one file, found while the layer streamed by: the first match's
 * place and masked value, and how many there are. `masked` is already masked. */
typedef struct dd_layer_secret {
    size_t entry; /* index into the layer's entries (folded: the first file) */
    const dd_rule *rule;
    int line, column;
    char *masked;
    uint64_t count; /* matches */
    uint64_t files; /* folded groups only: files, the last of them `last_entry` */
    size_t last_entry;
} dd_layer_secret;

/* Packages read from one package file of one layer. */
typedef struct dd_layer_pkgs {
    size_t entry;
    dd_package_list list;
} dd_layer_pkgs;

/* The licence a dpkg copyright file of one layer names (pkg/readers.h
 * dd_pkg_dpkg_copyright_license), read while the layer streamed by: only the licence is
 * kept, not the file. */
typedef struct dd_layer_license {
    size_t entry;
    char *license;
} dd_layer_license;

typedef struct dd_layer {
    char *name;   /* where it came from: archive member or blob path */
    char *digest; /* diff id ("sha256:...") when known, else the blob digest or name */
    char *media_type;
    uint64_t size;       /* uncompressed bytes read */
    uint64_t compressed; /* bytes of the blob as stored, when known */
    dd_layer_entry *ent;
    size_t n, cap;
    dd_layer_secret *sec;
    size_t nsec, capsec;
    dd_layer_pkgs *pkgs;
    size_t npkgs, cappkgs;
    dd_layer_license *lic; /* ascending by entry */
    size_t nlic, caplic;
    dd_layer_secret *folded; /* past DD_IMAGE_MAX_SECRET_GROUPS: one group per rule */
    size_t nfolded, capfolded;
    dd_notes notes;     /* package files that could not be parsed, limits hit, etc. */
    size_t contents_at; /* 0 when this layer holds its files' contents (secrets, packages,
                           data); a blob listed several times is read once and its
                           contents go with its last listing, the copy that can be
                           visible: the earlier ones have 1 + that position here */
} dd_layer;

/* A node of the final filesystem view. */
typedef struct dd_view_node dd_view_node;

typedef struct dd_image {
    char *ref;      /* what the user named: "busybox:1.36", "docker-archive:x.tar" */
    char *id;       /* config digest "sha256:...", or NULL (rootfs:) */
    json_t *config; /* the image configuration JSON, or NULL (rootfs:) */
    json_t *tags;   /* array of repo tags (may be empty) */
    uint64_t size;         /* total uncompressed layer bytes (each listing counted) */
    uint64_t decompressed; /* bytes actually decompressed (a repeated blob once) */
    dd_layer *layers;
    size_t nlayers;
    /* The final view (filled by dd_image_open). */
    dd_view_node *root;
    struct dd_view_table *table;
    size_t nfiles;
    dd_notes notes; /* every layer's notes and the image's own (limits hit...) */
    char *manifest_digest; /* registry images: the manifest's digest (what signatures sign) */
    size_t archive_images; /* docker-save archives: how many images manifest.json lists */
} dd_image;

typedef void (*dd_image_progress_fn)(uint64_t done, uint64_t total, void *ud);

typedef struct dd_image_opts {
    unsigned flags;                    /* DD_IMG_SCAN_* */
    uint64_t max_layer_size;           /* 0: DD_IMAGE_DEFAULT_MAX_LAYER */
    uint64_t max_image_size;           /* 0: DD_IMAGE_DEFAULT_MAX_IMAGE */
    int threads;                       /* 0: number of CPUs */
    const dd_engine_config *engine;    /* for daemon images */
    struct dd_secret_scanner *scanner; /* borrowed; NULL: compiled here when needed */
    dd_image_progress_fn progress;     /* called now and then from the reading thread */
    void *progress_ud;
    /* Registry images (docker://, or bare names when `sources` allows the registry). */
    const struct dd_registry_opts *registry; /* NULL: defaults */
    const char *platform;  /* "os/arch[/variant]" picked from an index; NULL: this host */
    unsigned sources;      /* DD_IMG_SRC_* for bare names; 0: daemon, then registry */
    size_t index;          /* which image of a multi-image docker-save archive */
    /* --skip-dirs / --skip-files: globs (repo/gitignore.h dd_skip_match) on paths in the
     * image; matching files are not read for packages or secrets. */
    char *const *skip_dirs;
    size_t nskip_dirs;
    char *const *skip_files;
    size_t nskip_files;
} dd_image_opts;

enum {
    DD_IMG_SRC_DAEMON = 1u << 0,
    DD_IMG_SRC_REGISTRY = 1u << 1,
    DD_IMG_SRC_REGISTRY_FIRST = 1u << 2, /* --image-src registry,daemon: that order */
};

/* Open and read a whole image: "docker-archive:FILE", "oci:DIR", "rootfs:DIR",
 * "docker://HOST/REPO:TAG" (a registry), or a name or id the daemon knows (then the
 * registry, as o->sources allows). Every blob is checked against its digest while it
 * streams. Errors name the image, layer and path. */
int dd_image_open(dd_image **out, const char *ref, const dd_image_opts *o, dd_error *e);
void dd_image_free(dd_image *img);

/* ---- the final view ---- */

/* Look up a path (with or without a leading '/') in the final view, not following
 * symlinks. Returns the entry of the version that is visible, or NULL. *layer gets its
 * layer index (may be NULL). */
const dd_layer_entry *dd_image_lookup(const dd_image *img, const char *path, int *layer);
/* The same, following symlinks inside the image (bounded); NULL when absent or a loop. */
const dd_layer_entry *dd_image_resolve(const dd_image *img, const char *path, int *layer);
/* The layer in which the visible version's path last came into existence (continuously
 * present since), for "which layer added it". */
int dd_image_created_layer(const dd_image *img, const char *path);

/* Visit every visible file (not implicit directories) in path order. Return <0 to stop. */
typedef int (*dd_image_visit_fn)(const dd_layer_entry *ent, int layer, void *ud);
int dd_image_walk(const dd_image *img, dd_image_visit_fn fn, void *ud);
/* Visit every visible entry below `dir`, recursively. */
int dd_image_walk_dir(const dd_image *img, const char *dir, dd_image_visit_fn fn, void *ud);
/* Print the final view, one line per file in path order, implied directories included:
 * "TYPE MODE SIZE /PATH[ -> SYMLINK-TARGET| link to /HARDLINK-TARGET]", TYPE one of
 * - d l h o (other). What `tar -tv` of `docker export` lists, for comparing. */
int dd_image_list(const dd_image *img, FILE *out);
/* Visit the visible entries directly below `dir` ("" for the root). */
int dd_image_list_dir(const dd_image *img, const char *dir, dd_image_visit_fn fn, void *ud);

/* ---- packages ---- */

/* The image's final package list: the packages of every package file version that is
 * visible, each attributed to the earliest layer from which it (name and version) is
 * continuously present in that file; dpkg packages' licences from their visible
 * usr/share/doc/NAME/copyright (symlinks resolved inside the image); os from os-release;
 * purls set. Filled into `out` (initialised by the caller to zero). */
void dd_image_packages(const dd_image *img, dd_package_list *out);

/* ---- pieces exposed for tests and fuzzing ---- */

/* Normalise a tar member name. Returns a new string, or NULL with `e` set when it is
 * absolute or climbs out of the root; *empty set when it names the root itself. */
char *dd_image_clean_path(const char *name, bool *empty, dd_error *e);

/* Walk one layer tar (any compression) from memory into `l` (zeroed by the caller). */
int dd_image_read_layer_mem(const void *data, size_t len, dd_layer *l, const dd_image_opts *o,
                            dd_error *e);
void dd_layer_free(dd_layer *l);

/* Build an image from layers already read (takes them over) and a config: stacks the
 * layers into the final view the way docker applies them (see view.c), setting each
 * entry's path to where it lands. Fails, naming image, layer and path, on a layer docker
 * itself refuses to apply. Used by the sources and by tests. */
int dd_image_assemble(dd_image *img, dd_error *e);

/* Parse a docker-save manifest.json; fills config member name, layer member names and
 * repo tags of the first image. Caller frees *config, each layers[i], *layers. */
int dd_image_parse_manifest(const char *json, size_t len, char **config, char ***layers,
                            size_t *nlayers, json_t **tags, dd_error *e);
/* The same for image `index` of a multi-image archive; *count (may be NULL) gets the
 * number of images listed. */
int dd_image_parse_manifest_at(const char *json, size_t len, size_t index, size_t *count,
                               char **config, char ***layers, size_t *nlayers, json_t **tags,
                               dd_error *e);
/* Check an image configuration's shape; returns its rootfs.diff_ids count or -1. */
int dd_image_check_config(const json_t *config, dd_error *e);
/* Parse an OCI index or manifest; returns its kind: 1 index, 2 manifest. */
int dd_image_parse_oci(const char *json, size_t len, json_t **out, dd_error *e);
