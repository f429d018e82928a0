/* What `drydock scan` reports about an image besides findings: the report's meta and the
 * SBOM components (the JSON report's `components`, CycloneDX and SPDX), built from the
 * image and its packages. */
#include "image/scanmeta.h"

#include <stdlib.h>
#include <string.h>

#include "core/mem.h"

/* How an image of a multi-image archive is named in findings: "FILE (repo:tag)", or
 * "FILE#N" when it has no tag. */
char *dd_scan_archive_target(const char *ref, const dd_image *img, size_t idx)
{
    const char *tag = json_string_value(json_array_get(img->tags, 0));
    return tag ? dd_xasprintf("%s (%s)", ref, tag) : dd_xasprintf("%s#%zu", ref, idx);
}

json_t *dd_scan_components_json(const dd_package_list *pkgs)
{
    json_t *a = json_array();
    if (pkgs->os.id)
        json_array_append_new(a, json_pack("{s:s, s:s, s:s?, s:{s:s?}}", "type", "operating-system",
                                           "name", pkgs->os.id, "version", pkgs->os.version_id,
                                           "properties", "pretty", pkgs->os.pretty));
    for (size_t i = 0; i < pkgs->n; i++) {
        const dd_package *p = &pkgs->v[i];
        json_t *props = json_object();
        json_object_set_new(props, "pkg_type", json_string(dd_pkg_type_name(p->type)));
        if (p->layer)
            json_object_set_new(props, "layer", json_string(p->layer));
        if (p->source_name)
            json_object_set_new(props, "source", json_string(p->source_name));
        if (p->source_version)
            json_object_set_new(props, "source_version", json_string(p->source_version));
        if (p->arch)
            json_object_set_new(props, "arch", json_string(p->arch));
        if (p->supplier)
            json_object_set_new(props, "supplier", json_string(p->supplier));
        if (p->sha1)
            json_object_set_new(props, "sha1", json_string(p->sha1));
        if (p->path)
            json_object_set_new(props, "path", json_string(p->path));
        if (p->line)
            json_object_set_new(props, "line", json_integer(p->line));
        if (p->dep != DD_DEP_UNKNOWN)
            json_object_set_new(props, "dependency",
                                json_string(p->dep == DD_DEP_DIRECT ? "direct" : "transitive"));
        if (p->dev)
            json_object_set_new(props, "dev", json_true());
        json_t *c = json_pack("{s:s, s:s, s:s?, s:s?}", "type", "library", "name",
                              p->name ? p->name : "", "version", p->version, "purl", p->purl);
        json_t *lic = json_array();
        if (p->license && p->license[0])
            json_array_append_new(lic, json_string(p->license));
        json_object_set_new(c, "licenses", lic);
        json_object_set_new(c, "properties", props);
        json_array_append_new(a, c);
    }
    return a;
}

static int cmp_pkg(const void *a, const void *b)
{
    const dd_package *x = a, *y = b;
    if (x->type != y->type)
        return x->type < y->type ? -1 : 1;
    int c = strcmp(x->name ? x->name : "", y->name ? y->name : "");
    if (c)
        return c;
    return strcmp(x->version ? x->version : "", y->version ? y->version : "");
}

void dd_scan_sort_packages(dd_package_list *pkgs)
{
    if (pkgs->n > 1)
        qsort(pkgs->v, pkgs->n, sizeof *pkgs->v, cmp_pkg);
}

void dd_scan_image_meta(json_t *m, const dd_image *img, const dd_package_list *pkgs)
{
    json_object_set_new(m, "target", json_string(img->ref));
    if (img->id)
        json_object_set_new(m, "image_id", json_string(img->id));
    if (img->manifest_digest)
        json_object_set_new(m, "manifest_digest", json_string(img->manifest_digest));
    json_object_set(m, "repo_tags", img->tags ? img->tags : json_array());
    json_t *layers = json_array();
    for (size_t i = 0; i < img->nlayers; i++)
        json_array_append_new(layers, json_pack("{s:s, s:I, s:I}", "digest",
                                                img->layers[i].digest ? img->layers[i].digest : "",
                                                "size", (json_int_t)img->layers[i].size, "files",
                                                (json_int_t)img->layers[i].n));
    json_object_set_new(m, "layers", layers);
    json_object_set_new(m, "size", json_integer((json_int_t)img->size));
    json_object_set_new(m, "decompressed_bytes", json_integer((json_int_t)img->decompressed));
    json_object_set_new(m, "files", json_integer((json_int_t)img->nfiles));
    const char *arch = json_string_value(json_object_get(img->config, "architecture"));
    const char *ios = json_string_value(json_object_get(img->config, "os"));
    const char *created = json_string_value(json_object_get(img->config, "created"));
    if (arch)
        json_object_set_new(m, "architecture", json_string(arch));
    if (created)
        json_object_set_new(m, "created", json_string(created));
    json_t *os = json_object();
    if (ios)
        json_object_set_new(os, "family", json_string(ios));
    if (pkgs->os.id)
        json_object_set_new(os, "id", json_string(pkgs->os.id));
    if (pkgs->os.version_id)
        json_object_set_new(os, "version", json_string(pkgs->os.version_id));
    if (pkgs->os.pretty)
        json_object_set_new(os, "name", json_string(pkgs->os.pretty));
    json_object_set_new(m, "os", os);
    json_object_set_new(m, "packages", json_integer((json_int_t)pkgs->n));
}

