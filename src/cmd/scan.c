/* `drydock scan`: read an image once (daemon, docker-archive, OCI layout, directory),
 * then report its configuration problems, secrets, packages and vulnerabilities. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "core/progress.h"
#include "core/cleanup.h"
#include "core/mem.h"
#include "core/term.h"
#include "image/checks.h"
#include "image/dflocate.h"
#include "image/image.h"
#include "image/running.h"
#include "image/scanmeta.h"
#include "pkg/readers.h"
#include "pkg/sbom.h"
#include "repo/repo.h"
#include "secrets/secrets.h"
#include "vuln/match.h"

const char cmd_scan_help[] =
    "Usage: drydock scan [OPTIONS] IMAGE|docker://REF|docker-archive:FILE|oci:DIR|rootfs:DIR\n"
    "       drydock scan [OPTIONS] container:NAME|ID | --running\n"
    "       drydock scan [OPTIONS] fs:DIR|.|./DIR\n"
    "       drydock scan [OPTIONS] sbom:FILE\n\n"
    "Scan an image without extracting it: configuration (CIS 4.x and Dockle checks),\n"
    "secrets in files (also in files deleted by a later layer), ENV, labels and history,\n"
    "installed packages (dpkg, apk, rpm, Python, npm, Go, Java) and their known\n"
    "vulnerabilities. IMAGE is a name or id known to the Docker daemon, else looked up in\n"
    "its registry (--image-src); docker://HOST/REPO:TAG or @sha256:... is read from the\n"
    "registry, layers streamed straight into the scan; docker-archive:FILE is a 'docker\n"
    "save' tar (plain, gzip or zstd; every image in it is scanned); oci:DIR an OCI image\n"
    "layout; rootfs:DIR a plain directory tree. Every layer and config is checked against\n"
    "its digest while it streams: a mismatch stops the scan (exit 3).\n\n"
    "container:NAME|ID scans what a container runs now: its image plus every file it\n"
    "added, changed or deleted since it started (read through /proc/PID/root when the\n"
    "daemon is local, else through the daemon); container-changes:NAME only the latter.\n\n"
    "fs:DIR (or a path starting with '.' or '/') scans a source tree: lockfiles and\n"
    "manifests (package-lock.json, yarn.lock, pnpm-lock.yaml, requirements*.txt,\n"
    "poetry.lock, Pipfile.lock, uv.lock, go.mod, go.sum, pom.xml, gradle.lockfile,\n"
    "Cargo.lock, Gemfile.lock, composer.lock, packages.lock.json) with the line of every\n"
    "package, installed packages (node_modules, site-packages), and secrets in the files\n"
    ".gitignore does not ignore.\n\n"
    "sbom:FILE reads the packages of an SBOM (CycloneDX 1.4-1.6 or SPDX 2.2/2.3 JSON, told\n"
    "apart by bomFormat / spdxVersion) from each component's purl, the distribution from\n"
    "its operating-system component or the purls' distro qualifier, and reports their\n"
    "vulnerabilities as for an image (as 'trivy sbom' does); components without a purl or\n"
    "of a type no vulnerability data covers are listed as notes.\n\n"
    "Options:\n"
    "      --scanners LIST   comma-separated: config, secrets, packages, vulns\n"
    "                        (default: all; vulns is skipped with a note when there is no\n"
    "                        database, unless named here)\n"
    "      --list-packages   print the packages (name version arch source layer) instead\n"
    "                        of findings\n"
    "      --list-files      print the image's final filesystem as docker would run it\n"
    "                        (type, mode, size, path, link target) instead of findings\n"
    "      --max-layer-size SIZE\n"
    "                        refuse a layer larger than SIZE uncompressed (default 8G;\n"
    "                        suffixes K, M, G, T): bounds decompression bombs\n"
    "      --max-image-size SIZE\n"
    "                        stop after decompressing SIZE bytes for the image in all: its\n"
    "                        layers, the archive around them, any layer read twice\n"
    "                        (default 32G); a layer listed several times is read once\n"
    "      --scan-binaries   look for secrets in binary files too\n"
    "      --dockerfile FILE the Dockerfile the image was built from: each finding gets\n"
    "                        the line that made it (the RUN that installed a package, the\n"
    "                        COPY that added a file, FROM for the base image's), in JSON\n"
    "                        (dockerfile_line) and as its SARIF location; a file that does\n"
    "                        not match the image's history places nothing, with a note\n"
    "      --secret-config FILE\n"
    "                        custom secret rules, allow-lists and exclude-blocks in\n"
    "                        Trivy's trivy-secret.yaml format\n"
    "                        (default: trivy-secret.yaml in the current directory, if any)\n"
    "      --threads N       layers read in parallel (default: number of CPUs)\n"
    "      --db FILE         vulnerability database (default: $XDG_CACHE_HOME/drydock/vuln.db)\n"
    "      --ignore-unfixed  do not report vulnerabilities without a fixed version\n"
    "      --db-max-age DAYS note a database older than DAYS (default 7; 0: never)\n"
    "      --no-progress     no progress bar (it is shown only when stderr is a terminal)\n"
    "      --skip-dirs GLOB  leave out directories matching GLOB (repeatable, or\n"
    "                        comma-separated; '**' spans directories): in a tree, or\n"
    "                        in an image (their files are not read for packages or\n"
    "                        secrets)\n"
    "      --skip-files GLOB leave out files matching GLOB\n"
    "      --git-history     fs: also read every blob of every commit once, so a secret\n"
    "                        deleted in a later commit is still found\n"
    "      --running         every running container: each image once, then for each\n"
    "                        container what it changed since it started\n"
    "      --image-src LIST  where a bare IMAGE name is looked for, in order: daemon,\n"
    "                        registry (default: daemon,registry)\n"
    "      --platform OS/ARCH[/VARIANT]\n"
    "                        the manifest picked from a multi-platform index (default:\n"
    "                        linux and this machine's architecture)\n\n" DD_REGISTRY_HELP
    "\n" DD_ENGINE_HELP "\n" DD_OUTPUT_HELP
    "                        scan also writes cyclonedx (1.5 JSON), spdx-json (SPDX 2.3\n"
    "                        JSON) and spdx (SPDX 2.3 tag-value)\n\n" DD_CONFIG_HELP("scan")
    "\n"
    "Examples:\n"
    "  drydock scan nginx:1.25\n"
    "  drydock scan docker://registry.example.com/team/app:2.0 --platform linux/arm64\n"
    "  drydock scan --format cyclonedx -o sbom.json docker-archive:app.tar.gz\n"
    "  drydock scan --list-packages oci:./layout\n"
    "  drydock scan --scanners secrets,config --fail-on high rootfs:/srv/chroot\n"
    "  drydock scan container:web\n"
    "  drydock scan --running --fail-on critical\n"
    "  drydock scan . --git-history --skip-dirs testdata -f sarif -o repo.sarif\n"
    "  drydock scan ./app.tar            # a docker-save archive, as docker-archive:./app.tar\n";

enum {
    OPT_SCANNERS = DD_OPT_FIRST_CMD,
    OPT_LIST_PACKAGES,
    OPT_LIST_FILES,
    OPT_MAX_LAYER,
    OPT_MAX_IMAGE,
    OPT_SCAN_BINARIES,
    OPT_DB,
    OPT_IGNORE_UNFIXED,
    OPT_THREADS,
    OPT_NO_PROGRESS,
    OPT_SKIP_DIRS,
    OPT_SKIP_FILES,
    OPT_GIT_HISTORY,
    OPT_RUNNING,
    OPT_DB_MAX_AGE,
    OPT_IMAGE_SRC,
    OPT_PLATFORM,
    OPT_SECRET_CONFIG,
    OPT_DOCKERFILE,
};

enum { SC_CONFIG = 1, SC_SECRETS = 2, SC_PACKAGES = 4, SC_VULNS = 8 };

static int parse_scanners(const char *s, unsigned *out, dd_error *e)
{
    unsigned v = 0;
    _cleanup_free_ char *copy = dd_xstrdup(s);
    char *save = NULL;
    for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        while (*t == ' ')
            t++;
        if (strcmp(t, "config") == 0 || strcmp(t, "misconfig") == 0)
            v |= SC_CONFIG;
        else if (strcmp(t, "secrets") == 0 || strcmp(t, "secret") == 0)
            v |= SC_SECRETS;
        else if (strcmp(t, "packages") == 0 || strcmp(t, "sbom") == 0)
            v |= SC_PACKAGES;
        else if (strcmp(t, "vulns") == 0 || strcmp(t, "vuln") == 0)
            v |= SC_VULNS;
        else if (strcmp(t, "all") == 0)
            v |= SC_CONFIG | SC_SECRETS | SC_PACKAGES | SC_VULNS;
        else
            return dd_error_set(e, DD_ERR_USAGE, 0,
                                "unknown scanner '%s' (config, secrets, packages, vulns)", t);
    }
    if (!v)
        return dd_error_set(e, DD_ERR_USAGE, 0, "--scanners needs at least one scanner");
    *out = v;
    return 0;
}

static int parse_size(const char *opt, const char *s, uint64_t *out, dd_error *e)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || end == s || v <= 0)
        return dd_error_set(e, DD_ERR_USAGE, 0, "%s: '%s' is not a size", opt, s);
    uint64_t mul = 1;
    switch (toupper((unsigned char)*end)) {
    case 'K':
        mul = 1ull << 10;
        end++;
        break;
    case 'M':
        mul = 1ull << 20;
        end++;
        break;
    case 'G':
        mul = 1ull << 30;
        end++;
        break;
    case 'T':
        mul = 1ull << 40;
        end++;
        break;
    default:
        break;
    }
    if (*end == 'i' || *end == 'I')
        end++;
    if (*end == 'B' || *end == 'b')
        end++;
    if (*end)
        return dd_error_set(e, DD_ERR_USAGE, 0, "%s: '%s' is not a size", opt, s);
    *out = (uint64_t)(v * (double)mul);
    return 0;
}

static void progress(uint64_t done, uint64_t total, void *ud)
{
    if (total && total < (64u << 20))
        return; /* small images are done before a bar would help */
    dd_progress_draw(ud, done, total);
}

static int parse_image_src(const char *s, unsigned *out, dd_error *e)
{
    unsigned v = 0;
    _cleanup_free_ char *copy = dd_xstrdup(s);
    char *save = NULL;
    for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        if (strcmp(t, "daemon") == 0 || strcmp(t, "docker") == 0)
            v |= DD_IMG_SRC_DAEMON;
        else if (strcmp(t, "registry") == 0 || strcmp(t, "remote") == 0)
            v |= DD_IMG_SRC_REGISTRY | (v & DD_IMG_SRC_DAEMON ? 0 : DD_IMG_SRC_REGISTRY_FIRST);
        else
            return dd_error_set(e, DD_ERR_USAGE, 0,
                                "--image-src: unknown source '%s' (daemon, "
                                "registry)",
                                t);
    }
    if (!v)
        return dd_error_set(e, DD_ERR_USAGE, 0, "--image-src needs daemon and/or registry");
    *out = v;
    return 0;
}

/* `title` heads the table when an archive holds several images; `append` for the
 * second and later ones. */
static int write_package_table(const dd_package_list *pkgs, bool tree, FILE *out,
                               const char *title, bool append, dd_error *e)
{
    if (title) { /* an image name from the archive: escaped */
        fprintf(out, "%s# ", append ? "\n" : "");
        dd_term_write(out, title, false);
        fputc('\n', out);
    }
    /* Names, versions and paths come from the image or the tree: escaped (core/term.h). */
    if (tree) {
        /* A source tree: where each package is pinned, and how it came in. */
        fprintf(out, "%-9s %-40s %-24s %-11s %s\n", "TYPE", "NAME", "VERSION", "DEPENDENCY",
                "FILE:LINE");
        for (size_t i = 0; i < pkgs->n; i++) {
            const dd_package *p = &pkgs->v[i];
            static const char *const deps[] = {"-", "direct", "transitive"};
            _cleanup_free_ char *dep = dd_xasprintf("%s%s", deps[p->dep % 3], p->dev ? ",dev" : "");
            _cleanup_free_ char *name = dd_term_escape(p->name);
            _cleanup_free_ char *v = dd_term_escape(p->version      ? p->version
                                                    : p->constraint ? p->constraint
                                                                    : "-");
            _cleanup_free_ char *where = dd_term_escape(p->path ? p->path : "-");
            fprintf(out, "%-9s %-40s %-24s %-11s %s", dd_pkg_type_name(p->type), name, v, dep,
                    where);
            if (p->line) /* installed packages have a file but no line */
                fprintf(out, ":%d", p->line);
            fputc('\n', out);
        }
    } else {
        fprintf(out, "%-8s %-40s %-36s %-8s %-30s %s\n", "TYPE", "NAME", "VERSION", "ARCH",
                "SOURCE", "LAYER");
        for (size_t i = 0; i < pkgs->n; i++) {
            const dd_package *p = &pkgs->v[i];
            _cleanup_free_ char *src = NULL;
            if (p->source_name || p->source_version)
                src = dd_xasprintf("%s%s%s", p->source_name ? p->source_name : p->name,
                                   p->source_version ? "@" : "",
                                   p->source_version ? p->source_version : "");
            const char *layer = p->layer ? p->layer : "-";
            if (strncmp(layer, "sha256:", 7) == 0 && strlen(layer) > 19)
                layer = layer + 7; /* short hex as docker history shows */
            _cleanup_free_ char *name = dd_term_escape(p->name);
            _cleanup_free_ char *ver = dd_term_escape(p->version);
            _cleanup_free_ char *arch = dd_term_escape(p->arch ? p->arch : "-");
            _cleanup_free_ char *esrc = dd_term_escape(src ? src : "-");
            _cleanup_free_ char *elayer = dd_term_escape(layer);
            fprintf(out, "%-8s %-40s %-36s %-8s %-30s %.12s\n", dd_pkg_type_name(p->type), name,
                    ver, arch, esrc, elayer);
        }
    }
    return ferror(out) ? dd_error_sys(e, EIO, "cannot write the package list") : 0;
}

/* `title` heads the list when an archive holds several images; `append` for the second
 * and later ones. */
static int write_file_list(const dd_image *img, FILE *out, const char *title, bool append,
                           dd_error *e)
{
    if (title) { /* an image name from the archive: escaped */
        fprintf(out, "%s# ", append ? "\n" : "");
        dd_term_write(out, title, false);
        fputc('\n', out);
    }
    if (dd_image_list(img, out) < 0 || ferror(out))
        return dd_error_sys(e, errno ? errno : EIO, "cannot write the file list");
    return 0;
}

/* The directory of a source-tree target: "fs:DIR", or a path that starts with '.' or '/'
 * (no image name does); NULL for an image. */
static const char *tree_dir(const char *ref)
{
    if (strncmp(ref, "fs:", 3) == 0)
        return ref[3] ? ref + 3 : ".";
    struct stat st;
    if ((ref[0] == '.' || ref[0] == '/') && !(stat(ref, &st) == 0 && S_ISREG(st.st_mode)))
        return ref;
    return NULL;
}

/* A path that names a file (./app.tar) is what `docker save` wrote: read it as a
 * docker-save archive rather than asking the daemon for an image called "./app.tar". */
static const char *file_target(const char *ref)
{
    struct stat st;
    if (strchr(ref, ':') == NULL && (strchr(ref, '/') || strstr(ref, ".tar")) &&
        stat(ref, &st) == 0 && S_ISREG(st.st_mode))
        return ref;
    return NULL;
}

/* One thing to scan: an image, an image of a multi-image archive, or a container. */
typedef struct target {
    char *ref;   /* what dd_image_open reads */
    char *label; /* how findings name it; NULL: from the archive or the ref */
    long base;   /* --running: the target of the container's image (its packages are not the
                    container's to report again), -1 for none */
} target;

static void add_target(target **v, size_t *n, size_t *cap, char *ref, char *label, long base)
{
    *v = dd_xgrow(*v, cap, *n + 1, sizeof **v);
    (*v)[(*n)++] = (target){ref, label, base};
}

const char cmd_scan_shortopts[] = "f:o:qhH:";
const struct option cmd_scan_opts[] = {
    DD_OUTPUT_LONGOPTS,
    DD_ENGINE_LONGOPTS,
    DD_CONFIG_LONGOPT,
    {"scanners", required_argument, NULL, OPT_SCANNERS},
    {"list-packages", no_argument, NULL, OPT_LIST_PACKAGES},
    {"list-files", no_argument, NULL, OPT_LIST_FILES},
    {"max-layer-size", required_argument, NULL, OPT_MAX_LAYER},
    {"max-image-size", required_argument, NULL, OPT_MAX_IMAGE},
    {"scan-binaries", no_argument, NULL, OPT_SCAN_BINARIES},
    {"db", required_argument, NULL, OPT_DB},
    {"ignore-unfixed", no_argument, NULL, OPT_IGNORE_UNFIXED},
    {"threads", required_argument, NULL, OPT_THREADS},
    {"no-progress", no_argument, NULL, OPT_NO_PROGRESS},
    {"skip-dirs", required_argument, NULL, OPT_SKIP_DIRS},
    {"skip-files", required_argument, NULL, OPT_SKIP_FILES},
    {"git-history", no_argument, NULL, OPT_GIT_HISTORY},
    {"running", no_argument, NULL, OPT_RUNNING},
    {"db-max-age", required_argument, NULL, OPT_DB_MAX_AGE},
    {"image-src", required_argument, NULL, OPT_IMAGE_SRC},
    {"platform", required_argument, NULL, OPT_PLATFORM},
    {"secret-config", required_argument, NULL, OPT_SECRET_CONFIG},
    {"dockerfile", required_argument, NULL, OPT_DOCKERFILE},
    DD_REGISTRY_LONGOPTS,
    {NULL, 0, NULL, 0},
};

int cmd_scan(int argc, char **argv, dd_error *e)
{
    dd_output_opts out;
    dd_output_opts_init(&out);
    dd_engine_config ecfg = {.tls_verify = -1};
    dd_image_opts io = {0};
    dd_cli_registry reg;
    dd_cli_registry_init(&reg);
    dd_vuln_opts vo = {0};
    unsigned scanners = 0;
    bool list_packages = false, list_files = false, no_progress = false, git_history = false,
         running = false;
    _cleanup_free_ char **skip_dirs = NULL, **skip_files = NULL;
    size_t nskip_dirs = 0, nskip_files = 0, cap_dirs = 0, cap_files = 0;
    const char *db_path = NULL, *secret_config = NULL, *dockerfile = NULL;
    _cleanup_secret_config_ dd_secret_config *scfg = NULL; /* outlives the report */
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, cmd_scan_shortopts, cmd_scan_opts, NULL)) != -1) {
        int r = dd_cli_output_opt(c, optarg, &out, e);
        if (r < 0)
            return -1;
        if (r > 0)
            continue;
        if (dd_cli_engine_opt(c, optarg, &ecfg))
            continue;
        if ((r = dd_cli_registry_opt(c, optarg, &reg, e)) != 0) {
            if (r < 0)
                return -1;
            continue;
        }
        switch (c) {
        case DD_OPT_HELP:
            fputs(cmd_scan_help, stdout);
            return 0;
        case OPT_IMAGE_SRC:
            if (parse_image_src(optarg, &io.sources, e) < 0)
                return -1;
            break;
        case OPT_PLATFORM:
            io.platform = optarg;
            break;
        case OPT_SCANNERS:
            if (parse_scanners(optarg, &scanners, e) < 0)
                return -1;
            break;
        case OPT_LIST_PACKAGES:
            list_packages = true;
            break;
        case OPT_LIST_FILES:
            list_files = true;
            break;
        case OPT_MAX_LAYER:
            if (parse_size("--max-layer-size", optarg, &io.max_layer_size, e) < 0)
                return -1;
            break;
        case OPT_MAX_IMAGE:
            if (parse_size("--max-image-size", optarg, &io.max_image_size, e) < 0)
                return -1;
            break;
        case OPT_SCAN_BINARIES:
            io.flags |= DD_IMG_SCAN_BINARIES;
            break;
        case OPT_DB:
            db_path = optarg;
            break;
        case OPT_SECRET_CONFIG:
            secret_config = optarg;
            break;
        case OPT_DOCKERFILE:
            dockerfile = optarg;
            break;
        case OPT_IGNORE_UNFIXED:
            vo.ignore_unfixed = true;
            break;
        case OPT_THREADS: {
            char *end;
            long n = strtol(optarg, &end, 10);
            if (*end || n < 1 || n > 64)
                return dd_error_set(e, DD_ERR_USAGE, 0, "--threads takes 1 to 64, not '%s'",
                                    optarg);
            io.threads = (int)n;
            break;
        }
        case OPT_NO_PROGRESS:
            no_progress = true;
            break;
        case OPT_DB_MAX_AGE:
            if (dd_cli_parse_days(optarg, &vo.max_age_days, e) < 0)
                return -1;
            break;
        case OPT_SKIP_DIRS:
            dd_cli_add_globs(&skip_dirs, &nskip_dirs, &cap_dirs, optarg);
            break;
        case OPT_SKIP_FILES:
            dd_cli_add_globs(&skip_files, &nskip_files, &cap_files, optarg);
            break;
        case OPT_GIT_HISTORY:
            git_history = true;
            break;
        case OPT_RUNNING:
            running = true;
            break;
        default:
            return dd_cli_usage_error(e, "scan");
        }
    }
    if (argc - optind != (running ? 0 : 1)) {
        dd_error_set(e, DD_ERR_USAGE, 0,
                     running ? "--running takes no image"
                             : "drydock scan takes exactly one image or directory");
        return dd_error_hint(e, "drydock scan IMAGE|container:NAME|fs:DIR|--running");
    }
    const char *ref = running ? "running containers" : argv[optind];
    _cleanup_free_ char *archive_ref = NULL;
    if (!running && file_target(ref))
        ref = archive_ref = dd_xasprintf("docker-archive:%s", ref);
    const char *tree = running ? NULL : tree_dir(ref);
    const char *sbom_file = !running && strncmp(ref, "sbom:", 5) == 0 ? ref + 5 : NULL;
    if (sbom_file && list_files)
        return dd_error_set(e, DD_ERR_USAGE, 0, "--list-files is for images");
    if (!tree && git_history)
        return dd_error_set(e, DD_ERR_USAGE, 0, "--git-history is for source trees (fs:DIR)");
    io.skip_dirs = skip_dirs;
    io.nskip_dirs = nskip_dirs;
    io.skip_files = skip_files;
    io.nskip_files = nskip_files;
    if (tree && list_files)
        return dd_error_set(e, DD_ERR_USAGE, 0, "--list-files is for images");
    if (dockerfile && (tree || sbom_file))
        return dd_error_set(e, DD_ERR_USAGE, 0, "--dockerfile is for images");
    if (dockerfile && (list_packages || list_files))
        return dd_error_set(e, DD_ERR_USAGE, 0,
                            "--dockerfile places findings: --list-packages and --list-files "
                            "print none");
    /* Read before the image: a missing or broken file is said at once, not after the scan. */
    _cleanup_df_map_ dd_df_map *dfmap = dockerfile ? dd_df_map_open(dockerfile, e) : NULL;
    if (dockerfile && !dfmap)
        return -1;
    bool vulns_explicit = scanners & SC_VULNS;
    /* An SBOM lists packages only: a config or secret scan of one would be empty, and an
     * empty result must never read as a clean one. */
    if (sbom_file && (scanners & (SC_CONFIG | SC_SECRETS)))
        return dd_error_set(e, DD_ERR_USAGE, 0,
                            "--scanners config and secrets need an image or a tree; an SBOM "
                            "(sbom:%s) has packages only",
                            sbom_file);
    if (!scanners && list_files)
        scanners = SC_CONFIG;
    if (!scanners)
        scanners = list_packages ? SC_PACKAGES
                   : tree        ? SC_SECRETS | SC_PACKAGES | SC_VULNS
                                 : SC_CONFIG | SC_SECRETS | SC_PACKAGES | SC_VULNS;
    bool sbom = dd_format_is_sbom(out.format);
    if (list_packages || sbom)
        scanners |= SC_PACKAGES;
    if (tree && git_history)
        scanners |= SC_SECRETS;
    if (sbom_file) /* an SBOM has packages only: the defaults' config and secrets dropped */
        scanners = (scanners & (SC_PACKAGES | SC_VULNS)) ? scanners & (SC_PACKAGES | SC_VULNS)
                                                         : SC_PACKAGES | SC_VULNS;
    /* The vulnerability database: absent is a note and a DDV-NOT-COVERED finding (so
     * --fail-on high fails rather than passing an image nobody checked), an error when
     * vulns were asked for by name. */
    dd_vuln_db *db = NULL;
    _cleanup_free_ char *def_db = NULL;
    const char *no_db = NULL;
    if (scanners & SC_VULNS) {
        if (!db_path)
            db_path = def_db = dd_vuln_db_default_path();
        struct stat st;
        if (!db_path || stat(db_path, &st) != 0) {
            if (vulns_explicit) {
                dd_error_set(e, DD_ERR_RUN, 0, "no vulnerability database at %s",
                             db_path ? db_path : "(unknown)");
                return dd_error_hint(e, "run 'drydock db update' (or 'drydock db import'), or "
                                        "pass --db FILE");
            }
            no_db = db_path ? db_path : "(unknown)";
            scanners &= ~(unsigned)SC_VULNS;
        } else if (dd_vuln_db_open(&db, db_path, true, e) < 0) {
            return -1;
        }
        if (db)
            scanners |= SC_PACKAGES;
    }

    dd_secret_scanner *scanner = NULL;
    if (scanners & SC_SECRETS) {
        io.flags |= DD_IMG_SCAN_SECRETS;
        if (dd_secret_scanner_open(&scanner, &scfg, secret_config, e) < 0) {
            if (db)
                dd_vuln_db_close(db);
            return -1;
        }
        for (size_t i = 0; scfg && i < scfg->nwarnings; i++)
            fprintf(stderr, "drydock: warning: %s\n", scfg->warnings[i]);
        io.scanner = scanner;
    }
    if (scanners & SC_PACKAGES)
        io.flags |= DD_IMG_SCAN_PACKAGES;
    io.threads = io.threads ? io.threads : 0;
    io.engine = &ecfg;
    io.registry = &reg.opts;
    bool show_progress = !no_progress && isatty(STDERR_FILENO);
    if (show_progress) {
        io.progress = progress;
        io.progress_ud = (void *)ref;
    }
    int ret = -1;
    /* --list-packages / --list-files: one file for every image, all or nothing. */
    dd_outfile listout = {0};
    FILE *lout = NULL;
    if (list_files || (list_packages && out.format == DD_FMT_TEXT)) {
        lout = dd_outfile_open(&listout, out.output, e);
        if (!lout) {
            if (db)
                dd_vuln_db_close(db);
            if (scanner)
                dd_secret_scanner_free(scanner);
            return -1;
        }
    }
    dd_report r;
    dd_report_init(&r, "scan", tree ? "Source tree scan" : sbom_file ? "SBOM scan" : "Image scan");
    r.paths_in_target = !tree && !sbom_file; /* an image's files, not the repository's */
    r.text_style = DD_TEXT_LIST;
    json_t *images = json_array();
    json_t *components = json_array();
    target *targets = NULL;
    size_t ntargets = 0, cap_targets = 0;
    dd_package_list *kept = NULL; /* --running: each image target's packages */
    dd_running rn = {0};
    bool report_on_tty = out.format == DD_FMT_TEXT && !list_packages && !list_files &&
                         (!out.output || strcmp(out.output, "-") == 0);
    /* Only the JSON report and the SBOMs carry the packages: building them for a text
     * report would be most of the work on a large tree. */
    bool want_components = (scanners & SC_PACKAGES) && (sbom || out.format == DD_FMT_JSON);
    unsigned what = 0;
    if (scanners & SC_CONFIG)
        what |= DD_CHECK_CONFIG;
    if (scanners & SC_SECRETS)
        what |= DD_CHECK_SECRETS;

    if (tree || sbom_file) {
        dd_repo_opts ro = {
            .packages = scanners & SC_PACKAGES,
            .secrets = (scanners & SC_SECRETS) != 0,
            .git_history = git_history,
            .scan_binaries = (io.flags & DD_IMG_SCAN_BINARIES) != 0,
            .skip_dirs = skip_dirs,
            .nskip_dirs = nskip_dirs,
            .skip_files = skip_files,
            .nskip_files = nskip_files,
            .scanner = scanner,
        };
        dd_repo_stats st = {0};
        dd_package_list pkgs = {0};
        const char *sbom_format = NULL;
        int rc = sbom_file ? dd_sbom_read(sbom_file, &pkgs, &sbom_format, e)
                           : dd_repo_scan(tree, ref, &ro, &pkgs, &r, &st, e);
        dd_scan_sort_packages(&pkgs);
        for (size_t i = 0; i < pkgs.notes.n; i++)
            dd_notes_add(&r.notes, NULL, "%s", pkgs.notes.v[i].text);
        if (rc == 0 && list_packages && out.format == DD_FMT_TEXT)
            rc = write_package_table(&pkgs, true, lout, NULL, false, e);
        else if (rc == 0 && db)
            rc = dd_vuln_match(db, &pkgs, &vo, ref, &r, e);
        if (rc == 0 && want_components) {
            json_t *cs = dd_scan_components_json(&pkgs);
            json_array_extend(components, cs);
            json_decref(cs);
        }
        json_object_set_new(r.meta, "target", json_string(ref));
        if (sbom_format)
            json_object_set_new(r.meta, "sbom", json_string(sbom_format));
        else
            json_object_set_new(r.meta, "tree",
                                json_pack("{s:I, s:I, s:I, s:I}", "files", (json_int_t)st.files,
                                          "lockfiles", (json_int_t)st.lockfiles, "gitignored",
                                          (json_int_t)st.ignored, "skipped",
                                          (json_int_t)st.skipped));
        if (git_history)
            json_object_set_new(r.meta, "git_history",
                                json_pack("{s:I, s:I}", "commits", (json_int_t)st.commits, "blobs",
                                          (json_int_t)st.blobs));
        json_object_set_new(r.meta, "packages", json_integer((json_int_t)pkgs.n));
        dd_package_list_free(&pkgs);
        for (size_t i = 0; i < r.notes.n && !report_on_tty; i++)
            dd_cli_say("note", r.notes.v[i].text); /* names files of the tree: escaped */
        if (rc < 0)
            goto done;
    } else if (running) {
        /* Each image once; then each container for what it changed since it started. */
        if (dd_running_list(&ecfg, &rn, e) < 0)
            goto done;
        for (size_t i = 0; i < rn.nimages; i++)
            add_target(&targets, &ntargets, &cap_targets,
                       dd_xasprintf("docker:%s", rn.images[i].id),
                       dd_xasprintf("image %s", rn.images[i].name), -1);
        for (size_t i = 0; i < rn.ncontainers; i++)
            add_target(&targets, &ntargets, &cap_targets,
                       dd_xasprintf("container-changes:%s", rn.containers[i].id),
                       dd_xasprintf("container %s", rn.containers[i].name),
                       (long)rn.containers[i].image);
        kept = dd_xcalloc(rn.nimages ? rn.nimages : 1, sizeof *kept);
    } else {
        add_target(&targets, &ntargets, &cap_targets, dd_xstrdup(ref), NULL, -1);
    }

    /* A docker save archive may hold several images: each is scanned and reported. */
    json_t *names_json = json_array();
    size_t scanned = 0;
    for (size_t idx = 0, count = ntargets; idx < count; idx++) {
        const target *t = &targets[running ? idx : 0];
        io.index = running ? 0 : idx;
        dd_image *img = NULL;
        int rc = dd_image_open(&img, t->ref, &io, e);
        if (show_progress)
            dd_progress_clear();
        if (rc < 0 && running && t->base >= 0 && e->errnum == ENOENT) {
            /* Listed, then removed before its turn: not there to scan, and no failure. */
            dd_notes_add(&r.notes, NULL, "%s was removed during the run: not scanned", t->label);
            if (!report_on_tty)
                dd_cli_say("note", r.notes.v[r.notes.n - 1].text);
            memset(e, 0, sizeof *e);
            continue;
        }
        if (rc < 0) {
            json_decref(names_json);
            goto done;
        }
        if (!running && idx == 0 && img->archive_images > 1)
            count = img->archive_images;
        _cleanup_free_ char *label = t->label    ? dd_xstrdup(t->label)
                                     : count > 1 ? dd_scan_archive_target(ref, img, idx)
                                                 : dd_xstrdup(ref);
        json_array_append_new(names_json, json_string(label));
        dd_package_list pkgs = {0};
        if (scanners & SC_PACKAGES) {
            dd_image_packages(img, &pkgs);
            /* A container reports the packages its image does not have: what changed. */
            if (t->base >= 0)
                dd_package_list_remove_in(&pkgs, &kept[t->base]);
            dd_scan_sort_packages(&pkgs);
        }
        /* Limits hit and unreadable files are notes of the report, in every format; on
         * the terminal too when the report itself goes elsewhere or has no room for them. */
        size_t first_note = r.notes.n;
        dd_notes_move(&r.notes, &img->notes);
        for (size_t i = 0; i < pkgs.notes.n; i++)
            dd_notes_add(&r.notes, NULL, "%s", pkgs.notes.v[i].text);
        for (size_t i = first_note; i < r.notes.n && !report_on_tty; i++) {
            _cleanup_free_ char *text = dd_term_escape(r.notes.v[i].text); /* image files */
            fprintf(
                stderr, "drydock: %s%s%s: %s\n", r.notes.v[i].limit ? "limit reached (" : "note",
                r.notes.v[i].limit ? r.notes.v[i].limit : "", r.notes.v[i].limit ? ")" : "", text);
        }
        bool titled = count > 1;
        if (list_files) {
            rc = write_file_list(img, lout, titled ? label : NULL, idx > 0, e);
        } else if (list_packages && out.format == DD_FMT_TEXT) {
            rc = write_package_table(&pkgs, false, lout, titled ? label : NULL, idx > 0, e);
        } else {
            rc = 0;
            size_t first_finding = r.n;
            if (what && dd_image_check(img, (scanners & SC_PACKAGES) ? &pkgs : NULL, what, label,
                                       scanner, &r, e) < 0)
                rc = -1;
            else {
                size_t notes0 = r.notes.n;
                if (db && dd_vuln_match(db, &pkgs, &vo, label, &r, e) < 0)
                    rc = -1;
                /* The matcher's notes (unknown versions, a stale database) go where the
                 * others went. */
                if (rc == 0 && dfmap)
                    dd_df_map_apply(dfmap, img, &r, first_finding);
                for (size_t i = notes0; i < r.notes.n && !report_on_tty; i++)
                    dd_cli_say("note", r.notes.v[i].text);
            }
            if (rc == 0) {
                if (idx == 0)
                    dd_scan_image_meta(r.meta, img, &pkgs);
                json_t *m = json_object();
                dd_scan_image_meta(m, img, &pkgs);
                json_object_set_new(m, "target", json_string(label));
                json_array_append_new(images, m);
                if (want_components) {
                    json_t *cs = dd_scan_components_json(&pkgs);
                    json_array_extend(components, cs);
                    json_decref(cs);
                }
            }
        }
        if (running && t->base < 0)
            kept[idx] = pkgs; /* the image's packages, for its containers */
        else
            dd_package_list_free(&pkgs);
        dd_image_free(img);
        if (rc < 0) {
            json_decref(names_json);
            goto done;
        }
        scanned = count;
    }
    if (running)
        json_object_set(r.meta, "targets", names_json);
    json_decref(names_json);
    if (lout) {
        ret = dd_outfile_commit(&listout, e) < 0 ? -1 : 0;
        lout = NULL;
        goto done;
    }
    if (no_db) {
        dd_finding *f = dd_report_add(&r, dd_vuln_rule_not_covered(), DD_STATUS_FAIL, ref,
                                      "vulnerabilities not checked: no database at %s ('drydock "
                                      "db update' creates it, or pass --db FILE)",
                                      no_db);
        f->props = json_pack("{s:s, s:s}", "reason", "no vulnerability database", "db", no_db);
        dd_notes_add(&r.notes, NULL,
                     "vulnerability scan skipped: no database at %s ('drydock db update' "
                     "creates it)",
                     no_db);
        if (!report_on_tty)
            dd_cli_say("note", r.notes.v[r.notes.n - 1].text);
    }
    if (scanned > 1)
        json_object_set(r.meta, "images", images);
    json_t *used = json_array();
    static const char *const names[] = {"config", "secrets", "packages", "vulns"};
    for (unsigned k = 0; k < 4; k++)
        if (scanners & (1u << k))
            json_array_append_new(used, json_string(names[k]));
    json_object_set_new(r.meta, "scanners", used);
    if (want_components)
        r.components = json_incref(components);
    dd_report_sort(&r);
    ret = dd_cli_finish(&r, &out, e);
done:
    if (lout)
        dd_outfile_abort(&listout);
    for (size_t i = 0; kept && i < rn.nimages; i++)
        dd_package_list_free(&kept[i]);
    free(kept);
    dd_running_free(&rn);
    for (size_t i = 0; i < cap_targets && i < ntargets; i++) {
        free(targets[i].ref);
        free(targets[i].label);
    }
    free(targets);
    json_decref(images);
    json_decref(components);
    dd_report_free(&r);
    if (scanner)
        dd_secret_scanner_free(scanner);
    if (db)
        dd_vuln_db_close(db);
    return ret;
}
