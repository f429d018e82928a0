/* The Dockerfile parser and shell splitter: AST shape, positions, directives, heredocs,
 * continuations, flags, expansion scoping, shell-aware splitting, and bad input. */
#include <stdlib.h>
#include <string.h>

#include "dockerfile/dockerfile.h"
#include "tap.h"

static dd_dockerfile *parse(const char *s)
{
    return dd_df_parse(s, strlen(s));
}

static void test_basic_and_positions(void)
{
    dd_dockerfile *df = parse("# a comment\n"
                              "from Debian:12 as Build\n"
                              "  run apt-get update \\\n"
                              "   # comment inside the continuation\n"
                              "\n"
                              "    && apt-get install -y curl\n"
                              "CMD [\"nginx\", \"-g\", \"daemon off;\"]\n"
                              "ENTRYPOINT /entry.sh --flag\n");
    CHECK(!df->failed);
    CHECK_INT(df->n, 4);
    CHECK_INT(df->ins[0].kind, DD_DF_FROM);
    CHECK_STR(df->ins[0].keyword, "FROM");
    CHECK_INT(df->nstages, 1);
    CHECK_STR(df->stages[0].name, "build");
    CHECK_STR(df->stages[0].image, "Debian:12");
    const dd_df_instr *run = &df->ins[1];
    CHECK_INT(run->kind, DD_DF_RUN);
    CHECK_INT(run->pos.line, 3);
    CHECK_INT(run->pos.col, 3);
    CHECK_INT(run->end_line, 6);
    CHECK(!run->json);
    CHECK_INT(run->ncmds, 2);
    CHECK_STR(run->cmds[0].argv[0], "apt-get");
    CHECK_INT(run->cmds[0].next, DD_SH_AND);
    CHECK_STR(run->cmds[1].argv[1], "install");
    CHECK_INT(run->cmds[1].apos[0].line, 6);
    CHECK_INT(run->cmds[1].apos[0].col, 8);
    CHECK_INT(run->cmds[1].apos[3].col, 27); /* "curl" */
    const dd_df_instr *cmd = &df->ins[2];
    CHECK(cmd->json);
    CHECK_INT(cmd->nwords, 3);
    CHECK_STR(cmd->words[2].value, "daemon off;");
    CHECK_INT(cmd->words[1].pos.col, 15);
    CHECK(!df->ins[3].json);
    CHECK_STR(df->ins[3].args_raw, "/entry.sh --flag");
    dd_df_free(df);
}

static void test_escape_directive(void)
{
    dd_dockerfile *df = parse("# syntax=docker/dockerfile:1.6\n"
                              "# escape=`\n"
                              "\n"
                              "FROM mcr.microsoft.com/windows/servercore:ltsc2022\n"
                              "RUN dir c:\\ `\n"
                              "    && echo done\n"
                              "COPY C:\\src C:\\dst\\\n");
    CHECK(!df->failed);
    CHECK_INT(df->escape, '`');
    CHECK_STR(df->syntax, "docker/dockerfile:1.6");
    CHECK_INT(df->n, 3);
    CHECK_INT(df->ins[1].ncmds, 2);
    CHECK_STR(df->ins[1].cmds[1].argv[0], "echo");
    CHECK_STR(df->ins[2].words[1].value, "C:\\dst\\");
    dd_df_free(df);

    /* A directive after a comment is just a comment. */
    df = parse("# hello\n# escape=`\nFROM a\nRUN a \\\n b\n");
    CHECK_INT(df->escape, '\\');
    CHECK_INT(df->n, 2);
    dd_df_free(df);
}

static void test_heredocs(void)
{
    dd_dockerfile *df = parse("FROM alpine:3\n"
                              "RUN <<EOF\n"
                              "set -e\n"
                              "apk add curl | tee /log\n"
                              "EOF\n"
                              "RUN <<-\"END\" bash\n"
                              "\t\techo $HOME\n"
                              "\tEND\n"
                              "COPY <<A <<'B' /dst/\n"
                              "one\n"
                              "A\n"
                              "two\n"
                              "B\n"
                              "COPY <<EOF /etc/app.conf\n"
                              "x=1\n"
                              "EOF\n"
                              "RUN python3 <<PY\n"
                              "import os\n"
                              "PY\n");
    CHECK(!df->failed);
    CHECK_INT(df->n, 6);
    const dd_df_instr *r1 = &df->ins[1];
    CHECK_INT(r1->nheredocs, 1);
    CHECK_STR(r1->heredocs[0].body, "set -e\napk add curl | tee /log\n");
    CHECK_INT(r1->heredocs[0].body_line, 3);
    CHECK_INT(r1->end_line, 5);
    CHECK_INT(r1->ncmds, 3);
    CHECK_STR(r1->cmds[1].argv[0], "apk");
    CHECK_INT(r1->cmds[1].apos[0].line, 4);
    CHECK_INT(r1->cmds[1].next, DD_SH_PIPE);
    CHECK(r1->cmds[1].from_heredoc);
    const dd_df_instr *r2 = &df->ins[2];
    CHECK(r2->heredocs[0].strip_tabs);
    CHECK(r2->heredocs[0].quoted);
    CHECK_STR(r2->heredocs[0].delim, "END");
    CHECK_STR(r2->heredocs[0].body, "echo $HOME\n");
    CHECK_INT(r2->ncmds, 2); /* bash, then the script's echo */
    CHECK_STR(r2->cmds[1].argv[0], "echo");
    const dd_df_instr *c1 = &df->ins[3];
    CHECK_INT(c1->nheredocs, 2);
    CHECK_STR(c1->heredocs[0].body, "one\n");
    CHECK_STR(c1->heredocs[1].body, "two\n");
    CHECK_STR(c1->words[c1->nwords - 1].value, "/dst/");
    CHECK_STR(df->ins[4].words[1].value, "/etc/app.conf");
    CHECK_STR(df->ins[4].heredocs[0].body, "x=1\n");
    /* python's stdin is data, not shell */
    CHECK_INT(df->ins[5].ncmds, 1);
    CHECK_STR(df->ins[5].cmds[0].argv[0], "python3");
    dd_df_free(df);
}

static void test_flags(void)
{
    dd_dockerfile *df = parse("FROM --platform=$BUILDPLATFORM golang:1.22 AS b\n"
                              "RUN --mount=type=secret,id=tok --mount=type=cache,target=/root/.cache "
                              "go build\n"
                              "COPY --from=b --chown=app:app --chmod=0755 --link /out /app\n");
    CHECK(!df->failed);
    CHECK_INT(df->ins[0].nflags, 1);
    CHECK_STR(df->ins[0].flags[0].name, "platform");
    CHECK_STR(df->ins[0].flags[0].value, "$BUILDPLATFORM");
    CHECK_INT(df->ins[1].nflags, 2);
    CHECK_STR(df->ins[1].flags[0].value, "type=secret,id=tok");
    CHECK_STR(df->ins[1].cmds[0].argv[0], "go");
    const dd_df_instr *c = &df->ins[2];
    CHECK_INT(c->nflags, 4);
    CHECK_STR(c->flags[0].name, "from");
    CHECK_STR(c->flags[1].value, "app:app");
    CHECK_STR(c->flags[3].name, "link");
    CHECK(c->flags[3].value == NULL);
    CHECK_INT(c->flags[3].pos.col, 44);
    CHECK_INT(c->nwords, 2);
    dd_df_free(df);
}

static void test_expansion(void)
{
    dd_dockerfile *df = parse("ARG REG=docker.io\n"
                              "ARG TAG=12\n"
                              "FROM ${REG}/library/debian:${TAG:-11} AS one\n"
                              "ARG TAG\n"
                              "ENV DIR=/srv/$TAG OPT=${MISSING:-dflt} ALT=${DIR:+yes}\n"
                              "WORKDIR $DIR\n"
                              "ENV Q='$DIR' E=\\$DIR\n"
                              "FROM one\n"
                              "WORKDIR /x/$DIR\n"
                              "LABEL \"my key\"=\"a b\" legacy=1\n"
                              "ENV LEGACY some value here\n");
    CHECK(!df->failed);
    CHECK_STR(df->stages[0].image, "docker.io/library/debian:12");
    CHECK(!df->stages[0].image_unresolved);
    const dd_df_instr *env = &df->ins[4];
    CHECK_INT(env->nkvs, 3);
    CHECK_STR(env->kvs[0].value, "/srv/12");
    CHECK_STR(env->kvs[1].value, "dflt");
    /* values of one ENV are expanded before any is set: DIR is not yet known */
    CHECK_STR(env->kvs[2].value, "");
    CHECK_STR(df->ins[5].words[0].value, "/srv/12");
    CHECK_STR(df->ins[6].kvs[0].value, "$DIR");
    CHECK_STR(df->ins[6].kvs[1].value, "$DIR");
    /* a new stage starts with an empty scope */
    CHECK_INT(df->stages[1].from_stage, 0);
    CHECK_STR(df->ins[8].words[0].value, "/x/");
    CHECK(df->ins[8].words[0].unresolved);
    CHECK_STR(df->ins[9].kvs[0].key, "my key");
    CHECK_STR(df->ins[9].kvs[0].value, "a b");
    CHECK_STR(df->ins[10].kvs[0].key, "LEGACY");
    CHECK_STR(df->ins[10].kvs[0].value, "some value here");
    dd_df_free(df);
}

static void test_onbuild_shell_healthcheck(void)
{
    dd_dockerfile *df = parse("FROM a:1\n"
                              "onbuild copy . /app\n"
                              "SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\n"
                              "HEALTHCHECK --interval=5s CMD curl -f http://localhost/ || exit 1\n"
                              "HEALTHCHECK NONE\n");
    CHECK(!df->failed);
    CHECK_INT(df->ins[1].kind, DD_DF_ONBUILD);
    CHECK(df->ins[1].sub != NULL);
    if (df->ins[1].sub) {
        CHECK_INT(df->ins[1].sub->kind, DD_DF_COPY);
        CHECK_INT(df->ins[1].sub->pos.col, 9);
    }
    CHECK(df->ins[2].json);
    CHECK_INT(df->ins[2].nwords, 4);
    CHECK_STR(df->ins[3].flags[0].name, "interval");
    CHECK_INT(df->ins[3].ncmds, 2);
    CHECK_INT(df->ins[3].cmds[0].next, DD_SH_OR);
    CHECK_STR(df->ins[4].words[0].value, "NONE");
    dd_df_free(df);
}

static void test_shell_split(void)
{
    dd_dockerfile *df = parse("FROM a\n");
    const char *s = "DEBIAN_FRONTEND=noninteractive apt-get install -y 'a b' \"c $(d e)\" f\\ g; "
                    "x || y | z & w\n"
                    "if [ -f /a ]; then sudo rm -rf /a; fi\n"
                    "sh -c 'curl -fsSL https://x | bash' 2>/dev/null\n"
                    "cat <<EOT > /f\n"
                    "not a command\n"
                    "EOT\n"
                    "(cd /b && make) && echo ok # comment 'here\n";
    size_t n = 0;
    dd_sh_cmd *c = dd_sh_split(df, s, strlen(s), (dd_df_pos){10, 5}, &n);
    CHECK_INT(n, 14);
    if (n == 14) {
        CHECK_STR(c[0].argv[0], "apt-get");
        CHECK_INT(c[0].argc, 6);
        CHECK_STR(c[0].argv[3], "a b");
        CHECK_STR(c[0].argv[4], "c $(d e)");
        CHECK_STR(c[0].argv[5], "f g");
        CHECK_INT(c[0].apos[0].line, 10);
        CHECK_INT(c[0].apos[0].col, 36);
        CHECK_INT(c[0].next, DD_SH_SEQ);
        CHECK_STR(c[1].argv[0], "x");
        CHECK_INT(c[1].next, DD_SH_OR);
        CHECK_INT(c[2].next, DD_SH_PIPE);
        CHECK_STR(c[3].argv[0], "z");
        CHECK_STR(c[4].argv[0], "w");
        CHECK_STR(c[5].argv[0], "[");
        CHECK_STR(c[6].argv[0], "sudo");
        CHECK_INT(c[6].apos[0].line, 11);
        CHECK_STR(c[7].argv[0], "sh");
        CHECK_INT(c[7].argc, 3);
        CHECK_STR(c[8].argv[0], "curl");
        CHECK_INT(c[8].depth, 1);
        CHECK_INT(c[8].next, DD_SH_PIPE);
        CHECK_STR(c[9].argv[0], "bash");
        CHECK_STR(c[10].argv[0], "cat");
        CHECK_INT(c[10].argc, 1);
        CHECK_STR(c[11].argv[0], "cd");
        CHECK_INT(c[11].apos[0].line, 16);
        CHECK_STR(c[12].argv[0], "make");
        CHECK_INT(c[12].next, DD_SH_AND);
        CHECK_STR(c[13].argv[0], "echo");
        CHECK_INT(c[13].argc, 2);
        CHECK_STR(dd_sh_name(&c[7]), "sh");
    }
    (void)c;
    dd_df_free(df);
}

static void expect_error(const char *src, int line, const char *needle)
{
    dd_dockerfile *df = dd_df_parse(src, strlen(src) + 0);
    CHECK(df->failed);
    CHECK_INT(df->err_pos.line, line);
    if (!strstr(df->err_msg, needle)) {
        fprintf(stderr, "error '%s' lacks '%s'\n", df->err_msg, needle);
        CHECK(0);
    }
    dd_df_free(df);
}

static void test_errors(void)
{
    expect_error("FROM a\nRUN <<EOF\nx\n", 2, "unterminated heredoc");
    expect_error("FROM a\nENV A=\"x\n", 2, "unterminated double quote");
    expect_error("FROM a\nRUN echo 'x\n", 2, "unterminated single quote");
    expect_error("FROM a\nWORKDIR\n", 2, "requires at least one argument");
    expect_error("FROM a\nCOPY x\n", 2, "requires at least two arguments");
    expect_error("FROM a b\n", 1, "one or three arguments");
    expect_error("FROM a\nBOGUS x\n", 2, "unknown instruction 'BOGUS'");
    expect_error("FROM a\nSHELL /bin/sh -c\n", 2, "JSON form");
    expect_error("FROM a\nENV X\n", 2, "has no value");
    expect_error("FROM a\nHEALTHCHECK ping\n", 2, "CMD or NONE");
    expect_error("# escape=x\nFROM a\n", 1, "invalid escape");
    expect_error("FROM a\n\xc3\x28\n", 2, "invalid UTF-8");
    expect_error("FROM a\nRUN \xed\xa0\x80\n", 2, "invalid UTF-8"); /* surrogate */
    expect_error("FROM a\nONBUILD\n", 2, "requires");

    static const char nul[] = "FROM a\nRUN a\0b\n";
    dd_dockerfile *df = dd_df_parse(nul, sizeof nul - 1);
    CHECK(df->failed);
    CHECK_INT(df->err_pos.line, 2);
    CHECK_INT(df->err_pos.col, 6);
    dd_df_free(df);

    /* 5% over the limit, so the line breaks added below still leave it too long */
    size_t big = (size_t)DD_DF_MAX_LOGICAL + DD_DF_MAX_LOGICAL / 20;
    char *s = malloc(big + 32);
    strcpy(s, "FROM a\nRUN ");
    memset(s + 11, 'x', big);
    strcpy(s + 11 + big, "\nRUN y\n");
    df = dd_df_parse(s, strlen(s));
    CHECK(df->failed);
    CHECK_INT(df->err_pos.line, 2);
    dd_df_free(df);
    /* the same length split by continuations is also refused */
    for (size_t i = 100; i < big; i += 100)
        memcpy(s + 11 + i - 2, "\\\n", 2);
    df = dd_df_parse(s, strlen(s));
    CHECK(df->failed);
    CHECK_INT(df->err_pos.line, 2);
    dd_df_free(df);
    free(s);
}

static void test_secret_values(void)
{
    CHECK_STR(dd_df_secret_kind("AKIAIOSFODNN7EXAMPLE"), "AWS access key id");
    CHECK(dd_df_secret_kind("AKIAIOSFODNN7EXAMPLEX") == NULL);
    CHECK_STR(dd_df_secret_kind("token ghp_0123456789abcdefghijklmnopqrstuvwxyz"), "GitHub token");
    CHECK_STR(dd_df_secret_kind("glpat-abcdefghij0123456789"), "GitLab personal access token");
    CHECK_STR(dd_df_secret_kind("xoxp-1234567890-abc"), "Slack token");
    CHECK_STR(dd_df_secret_kind("sk_live_0123456789abcdefghijklmn"), "Stripe live key");
    CHECK(dd_df_secret_kind("sk_test_0123456789abcdefghijklmn") == NULL);
    CHECK_STR(dd_df_secret_kind("-----BEGIN RSA PRIVATE KEY-----"), "private key");
    CHECK(dd_df_secret_kind("-----BEGIN PUBLIC KEY-----") == NULL);
    CHECK_STR(dd_df_secret_kind("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.abcdefghijklmnop"),
              "JSON Web Token");
    CHECK_STR(dd_df_secret_kind("mysql://root:pw@db/x"), "password in a URL");
    CHECK(dd_df_secret_kind("https://example.com/a@b") == NULL);
    CHECK(dd_df_secret_kind("https://u:$PASS@example.com/") == NULL);
    char *m = dd_df_mask("ghp_secretvalue0123");
    CHECK_STR(m, "ghp_****");
    free(m);
    /* a short secret is never printed whole (it used to come out as "ab****") */
    m = dd_df_mask("ab");
    CHECK_STR(m, "****");
    free(m);
    m = dd_df_mask("hunter22");
    CHECK_STR(m, "hu****");
    free(m);
}

/* Pragmas: line, stage and global scopes, hadolint's and drydock's spellings, trailing
 * comments; every pragma is remembered for DL1001. ONBUILD triggers carry their pragmas. */
static void test_pragmas(void)
{
    dd_dockerfile *df = parse("# hadolint global ignore=DL3003,DL3059 # why\n"
                              "FROM a AS one\n"
                              "# drydock stage ignore=DDL045\n"
                              "RUN true\n"
                              "# hadolint ignore=DL3008\n"
                              "ONBUILD RUN apt-get install x\n"
                              "FROM b\n"
                              "RUN false\n");
    CHECK(!df->failed);
    CHECK_INT(df->nignore, 2);
    CHECK_STR(df->ignore[0], "DL3003");
    CHECK_STR(df->ignore[1], "DL3059");
    CHECK_INT(df->stages[0].nignore, 1);
    CHECK_STR(df->stages[0].ignore[0], "DDL045");
    CHECK_INT(df->stages[1].nignore, 0);
    CHECK_INT(df->npragmas, 3);
    CHECK_STR(df->pragmas[1].scope, "stage");
    CHECK_INT(df->pragmas[2].pos.line, 5);
    CHECK_INT(df->pragmas[2].pos.col, 1);
    const dd_df_instr *ob = &df->ins[2];
    CHECK_INT(ob->kind, DD_DF_ONBUILD);
    CHECK(ob->sub && ob->sub->onbuild && ob->sub->kind == DD_DF_RUN);
    CHECK_INT(ob->sub->nignore, 1);
    CHECK_STR(ob->sub->ignore[0], "DL3008");
    CHECK_INT(ob->sub->ncmds, 1);
    CHECK_STR(ob->sub->cmds[0].argv[0], "apt-get");
    CHECK_INT(df->ins[1].nignore, 0); /* the stage pragma is not a line pragma */
    dd_df_free(df);
    /* not pragmas */
    df = parse("# hadolint ignorex=DL3003\n# hadolintignore=DL1\nFROM a\n");
    CHECK_INT(df->npragmas, 0);
    CHECK_INT(df->nignore, 0);
    dd_df_free(df);
}

/* Docker's edge cases: invalid JSON is shell form; an empty or comments-only file is an
 * error; an unterminated quote in CMD builds (it fails at run time), in RUN it does not. */
static void test_docker_edges(void)
{
    dd_dockerfile *df = parse("FROM a\nCMD [\"a\", \"b]\n");
    CHECK(!df->failed);
    CHECK(!df->ins[1].json && df->ins[1].bad_json);
    dd_df_free(df);
    df = parse("FROM a\nCMD [\"a\", \"b\"]\n");
    CHECK(df->ins[1].json && !df->ins[1].bad_json);
    dd_df_free(df);
    df = parse("");
    CHECK(df->failed);
    CHECK_INT(df->err_pos.line, 1);
    CHECK(strstr(df->err_msg, "no instructions") != NULL);
    dd_df_free(df);
    df = parse("# syntax=docker/dockerfile:1\n\n# only a comment\n");
    CHECK(df->failed);
    dd_df_free(df);
    df = parse("FROM a\nRUN echo \"x\n");
    CHECK(df->failed);
    dd_df_free(df);
}

/* The splitter's view of shell syntax rules depend on: leading assignments as the
 * command's environment, quoted and expanding words, subshells, case patterns. */
static void test_shell_details(void)
{
    dd_dockerfile *df = parse("FROM a\n");
    size_t n;
    const char *s = "PIP_NO_CACHE_DIR=1 A=b pip install \"$X\" $Y '$Z' && (cd /x && make)";
    dd_sh_cmd *c = dd_sh_split(df, s, strlen(s), (dd_df_pos){1, 1}, &n);
    CHECK_INT(n, 3);
    CHECK_STR(c[0].argv[0], "pip");
    CHECK_INT(c[0].nenv, 2);
    CHECK_STR(c[0].env[0], "PIP_NO_CACHE_DIR=1");
    CHECK_INT(c[0].aflags[2], DD_SH_W_QUOTED);
    CHECK_INT(c[0].aflags[3], DD_SH_W_EXPANDS);
    CHECK_INT(c[0].aflags[4], DD_SH_W_QUOTED);
    CHECK(!c[0].subshell);
    CHECK(c[1].subshell && c[2].subshell);
    CHECK_STR(c[1].argv[0], "cd");
    s = "case \"$a\" in\n amd64|arm64) x=1; y ;;\n *) echo no | wc ;;\nesac; z | w";
    c = dd_sh_split(df, s, strlen(s), (dd_df_pos){1, 1}, &n);
    /* case "$a" in / y / echo no | wc / z | w: the pattern's | is not a pipe */
    CHECK_INT(n, 6);
    CHECK_STR(c[0].argv[0], "case");
    CHECK_INT(c[0].next, DD_SH_SEQ);
    CHECK_STR(c[1].argv[0], "y");
    CHECK_INT(c[1].next, DD_SH_SEQ);
    CHECK_STR(c[2].argv[0], "echo");
    CHECK_INT(c[2].next, DD_SH_PIPE);
    CHECK_STR(c[4].argv[0], "z");
    CHECK_INT(c[4].next, DD_SH_PIPE);
    dd_df_free(df);
}

int main(void)
{
    test_basic_and_positions();
    test_escape_directive();
    test_heredocs();
    test_flags();
    test_expansion();
    test_onbuild_shell_healthcheck();
    test_shell_split();
    test_errors();
    test_secret_values();
    test_pragmas();
    test_docker_edges();
    test_shell_details();
    return dd_test_done();
}
