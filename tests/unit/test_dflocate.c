/* Unit tests of scan --dockerfile (src/image/history.c, src/image/dflocate.c): history
 * entries as the classic builder and BuildKit write them, and findings placed on lines for
 * histories the e2e test's classic builder cannot make (BuildKit's, `--target`). */
#include <stdlib.h>
#include <string.h>

#include "image/dflocate.h"
#include "image/history.h"
#include "tap.h"

static void kind_is(const char *created_by, dd_df_kind want, const char *want_body)
{
    const char *body = NULL;
    size_t len = 0;
    dd_df_kind k = dd_history_kind(created_by, &body, &len);
    CHECK(k == want);
    if (k != want)
        fprintf(stderr, "  for: %s (got %s)\n", created_by ? created_by : "(null)",
                dd_df_kind_name(k));
    if (want_body) {
        char got[256];
        snprintf(got, sizeof got, "%.*s", (int)len, body);
        CHECK_STR(got, want_body);
    }
}

static void test_history_kinds(void)
{
    kind_is("/bin/sh -c #(nop)  ENV A=b C=d", DD_DF_ENV, "A=b C=d");
    kind_is("/bin/sh -c #(nop) COPY file:abc in /app ", DD_DF_COPY, "file:abc in /app");
    kind_is("/bin/sh -c apt-get update", DD_DF_RUN, "apt-get update");
    kind_is("|2 A=1 B=two /bin/sh -c make all", DD_DF_RUN, "make all");
    kind_is("/bin/bash -o pipefail -c curl x | sh", DD_DF_RUN, "curl x | sh");
    kind_is("RUN /bin/sh -c apt-get update # buildkit", DD_DF_RUN, "apt-get update");
    kind_is("RUN |1 VERSION=2 /bin/sh -c make # buildkit", DD_DF_RUN, "make");
    kind_is("RUN --mount=type=cache,target=/root/.cache /bin/sh -c pip install x # buildkit",
            DD_DF_RUN, "pip install x");
    kind_is("COPY app /srv/app # buildkit", DD_DF_COPY, "app /srv/app");
    kind_is("ARG VERSION=1.2", DD_DF_ARG, "VERSION=1.2");
    kind_is("WORKDIR /app", DD_DF_WORKDIR, "/app");
    kind_is("USER 1000:1000", DD_DF_USER, "1000:1000");
    kind_is("Imported from -", DD_DF_UNKNOWN, NULL);
    kind_is("# debian.sh --arch 'amd64' out/ 'bookworm' '@1700000000'", DD_DF_UNKNOWN, NULL);
    kind_is("", DD_DF_UNKNOWN, NULL);
    kind_is(NULL, DD_DF_UNKNOWN, NULL);
    kind_is("NOTAKEYWORD x", DD_DF_UNKNOWN, NULL);
    kind_is("/bin/sh -c #(nop) ", DD_DF_UNKNOWN, NULL);
}

/* An image whose history is `steps` ("!" first: an empty_layer step) and whose layers are
 * its non-empty steps, digests "sha256:L0", "sha256:L1"... */
typedef struct fake {
    dd_image img;
    char digests[16][16];
} fake;

static void fake_init(fake *f, const char *const *steps, size_t n)
{
    memset(f, 0, sizeof *f);
    json_t *hist = json_array();
    size_t nl = 0;
    for (size_t i = 0; i < n; i++) {
        bool empty = steps[i][0] == '!';
        json_t *h = json_pack("{s:s}", "created_by", steps[i] + empty);
        if (empty)
            json_object_set_new(h, "empty_layer", json_true());
        else
            nl++;
        json_array_append_new(hist, h);
    }
    f->img.ref = "example/app";
    f->img.config = json_pack("{s:o}", "history", hist);
    f->img.layers = calloc(nl, sizeof *f->img.layers);
    f->img.nlayers = nl;
    for (size_t i = 0; i < nl; i++) {
        snprintf(f->digests[i], sizeof f->digests[i], "sha256:L%zu", i);
        f->img.layers[i].digest = f->digests[i];
    }
}

static void fake_free(fake *f)
{
    json_decref(f->img.config);
    free(f->img.layers);
}

/* A finding with the given props (JSON text). */
static void add(dd_report *r, const char *id, const char *props)
{
    dd_finding *f =
        dd_report_add_dynamic(r, id, id, DD_SEV_HIGH, DD_STATUS_FAIL, "example/app", "x");
    f->props = json_loads(props, 0, NULL);
}

static int line_of(const dd_report *r, size_t i)
{
    return (int)json_integer_value(json_object_get(r->items[i].props, "dockerfile_line"));
}

/* Apply `m` to an image whose history is `steps` (its layers: the non-empty steps, or
 * `nlayers` of them when >= 0) with one finding per `props`: each finding's line into
 * lines[], the report's first note (or "") into note[]. */
static void place(const dd_df_map *m, const char *const *steps, size_t n, long nlayers,
                  const char *const *props, size_t np, int *lines, char *note, size_t notesz)
{
    fake f;
    fake_init(&f, steps, n);
    if (nlayers >= 0)
        f.img.nlayers = (size_t)nlayers;
    dd_report r;
    dd_report_init(&r, "scan", "t");
    for (size_t i = 0; i < np; i++)
        add(&r, "X", props[i]);
    dd_df_map_apply(m, &f.img, &r, 0);
    for (size_t i = 0; i < np; i++)
        lines[i] = line_of(&r, i);
    snprintf(note, notesz, "%s", r.notes.n ? r.notes.v[0].text : "");
    dd_report_free(&r);
    fake_free(&f);
}

static const char df_text[] = "ARG BASE=debian:12\n"          /* 1 */
                              "FROM golang:1.22 AS build\n"   /* 2 */
                              "WORKDIR /src\n"                /* 3 */
                              "RUN go build -o /app .\n"      /* 4 */
                              "\n"                            /* 5 */
                              "FROM ${BASE}\n"                /* 6 */
                              "ARG VERSION=1\n"               /* 7 */
                              "ENV APP_TOKEN=x \\\n"          /* 8 */
                              "    MODE=prod\n"               /* 9 */
                              "COPY --from=build /app /app\n" /* 10 */
                              "RUN apt-get update && \\\n"    /* 11 */
                              "    apt-get install -y sudo\n" /* 12 */
                              "USER 1000\n";                  /* 13 */

static void test_buildkit(void)
{
    dd_error e = {0};
    dd_df_map *m = dd_df_map_parse("Dockerfile", df_text, strlen(df_text), &e);
    CHECK(m != NULL);
    /* BuildKit: the base image's own steps, then the final stage's (ARG included). */
    static const char *const steps[] = {
        "# debian.sh --arch 'amd64' out/ 'bookworm' '@1700000000'",
        "!CMD [\"bash\"]",
        "!ARG VERSION=1",
        "!ENV APP_TOKEN=x MODE=prod",
        "COPY /app /app # buildkit",
        "RUN |1 VERSION=1 /bin/sh -c apt-get update &&     apt-get install -y sudo # buildkit",
        "!USER 1000",
    };
    fake f;
    fake_init(&f, steps, DD_ARRAY_LEN(steps));
    dd_report r;
    dd_report_init(&r, "scan", "t");
    add(&r, "CVE-1", "{\"layer\": \"sha256:L2\"}"); /* sudo, from the RUN */
    add(&r, "CVE-2", "{\"layer\": \"sha256:L0\"}"); /* the base image's */
    add(&r, "SECRET", "{\"layer_index\": 1}");      /* the COPY's file */
    add(&r, "ENV", "{\"instruction\": \"ENV\", \"key\": \"APP_TOKEN\"}");
    add(&r, "HIST", "{\"history_step\": 6}");
    add(&r, "HIST-BASE", "{\"history_step\": 2}");
    add(&r, "USER", "{\"instruction\": \"USER\"}");
    add(&r, "NOHC", "{\"instruction\": \"HEALTHCHECK\"}");
    add(&r, "CFG", "null");
    dd_df_map_apply(m, &f.img, &r, 0);
    CHECK(r.notes.n == 0);
    static const int want[] = {11, 6, 10, 8, 11, 6, 13, 6, 6};
    for (size_t i = 0; i < DD_ARRAY_LEN(want); i++) {
        CHECK(line_of(&r, i) == want[i]);
        if (line_of(&r, i) != want[i])
            fprintf(stderr, "  finding %zu: line %d, want %d\n", i, line_of(&r, i), want[i]);
    }
    CHECK_STR(json_string_value(json_object_get(r.meta, "dockerfile")), "Dockerfile");
    dd_report_free(&r);
    fake_free(&f);

    int lines[2];
    char note[512];
    /* A builder that records no ARG step places the rest all the same. */
    static const char *const no_arg[] = {
        "# debian.sh",
        "!ENV APP_TOKEN=x MODE=prod",
        "COPY /app /app # buildkit",
        "RUN /bin/sh -c apt-get update &&     apt-get install -y sudo # buildkit",
        "!USER 1000",
    };
    static const char *const sudo_layer[] = {"{\"layer\": \"sha256:L2\"}"};
    place(m, no_arg, DD_ARRAY_LEN(no_arg), -1, sudo_layer, 1, lines, note, sizeof note);
    CHECK_STR(note, "");
    CHECK(lines[0] == 11);

    /* `docker build --target build`: the first stage is what was built. */
    static const char *const target[] = {"# golang base", "!WORKDIR /src",
                                         "RUN /bin/sh -c go build -o /app . # buildkit"};
    static const char *const bin_and_base[] = {"{\"layer\": \"sha256:L1\"}",
                                               "{\"layer\": \"sha256:L0\"}"};
    place(m, target, DD_ARRAY_LEN(target), -1, bin_and_base, 2, lines, note, sizeof note);
    CHECK_STR(note, "");
    CHECK(lines[0] == 4 && lines[1] == 2);
    dd_df_map_free(m);
}

/* What does not match places nothing, and says why. */
static void test_mismatch(void)
{
    dd_error e = {0};
    dd_df_map *m = dd_df_map_parse("Dockerfile", df_text, strlen(df_text), &e);
    int line;
    char note[512];
    static const char *const edited[] = {
        "# debian.sh",
        "!ENV APP_TOKEN=x MODE=prod",
        "COPY /app /app # buildkit",
        "RUN /bin/sh -c apt-get update && apt-get install -y sudo curl # buildkit",
        "!USER 1000",
    };
    static const char *const sudo_layer[] = {"{\"layer\": \"sha256:L2\"}"};
    place(m, edited, DD_ARRAY_LEN(edited), -1, sudo_layer, 1, &line, note, sizeof note);
    CHECK(line == 0);
    CHECK(strstr(note, "Dockerfile:11: RUN is not the command") != NULL);

    /* Fewer layers than the history says: not this image's history. */
    static const char *const steps[] = {"# base", "!ENV APP_TOKEN=x MODE=prod",
                                        "COPY /app /app # buildkit"};
    static const char *const first_layer[] = {"{\"layer_index\": 0}"};
    place(m, steps, DD_ARRAY_LEN(steps), 1, first_layer, 1, &line, note, sizeof note);
    CHECK(line == 0 && note[0]);

    /* No history at all. */
    static const char *const config[] = {"null"};
    place(m, NULL, 0, -1, config, 1, &line, note, sizeof note);
    CHECK(strstr(note, "records no build history") != NULL);
    dd_df_map_free(m);

    /* Not a Dockerfile. */
    CHECK(dd_df_map_parse("x", "RUN true\n", 9, &e) == NULL && e.kind == DD_ERR_INPUT);
}

int main(void)
{
    test_history_kinds();
    test_buildkit();
    test_mismatch();
    return dd_test_done();
}
