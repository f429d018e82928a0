/* Driver for perf/secrets.sh (not a test). Built by the script against a build dir:
 *   secrets_bench gen DIR MB      write a source-like corpus of about MB megabytes
 *   secrets_bench patterns        print every rule's regex, one a line (for rg -f)
 *   secrets_bench scan DIR ENGINE load every file of DIR, then time scanning them all
 *                                 (ENGINE: vectorscan | pcre2); prints MB/s and matches */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "core/buf.h"
#include "secrets/secrets.h"

static uint64_t rs = 88172645463325252ull;
static uint64_t rnd(void)
{
    rs ^= rs << 13;
    rs ^= rs >> 7;
    rs ^= rs << 17;
    return rs;
}

static const char *const words[] = {
    "return", "if", "else", "for", "while", "const", "static", "int", "char", "def", "self",
    "import", "from", "class", "function", "var", "let", "async", "await", "try", "except",
    "config", "value", "result", "buffer", "length", "index", "count", "error", "status",
    "request", "response", "handler", "client", "server", "token_count", "user", "name",
    "path", "file", "data", "items", "key", "options", "logger", "context", "timeout",
    "password_hint", "session", "cache", "print", "format", "json", "http", "socket",
};

static void put_word(FILE *f)
{
    fputs(words[rnd() % (sizeof(words) / sizeof(words[0]))], f);
}

static void put_rand(FILE *f, const char *alpha, int n)
{
    size_t al = strlen(alpha);
    for (int i = 0; i < n; i++)
        fputc(alpha[rnd() % al], f);
}

#define ALNUM "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

/* A fake but well-formed secret of a few kinds, so the benchmark also pays for matches. */
static void put_secret(FILE *f)
{
    switch (rnd() % 6) {
    case 0: fputs("    token = \"gh" "p_", f); put_rand(f, ALNUM, 36); fputs("\"\n", f); break;
    case 1: fputs("AWS_ACCESS_KEY_ID=AK" "IA", f); put_rand(f, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16); fputc('\n', f); break;
    case 2: fputs("db_password: ", f); put_rand(f, ALNUM "!#", 14); fputc('\n', f); break;
    case 3: fputs("url = \"postgres://app:", f); put_rand(f, ALNUM, 12); fputs("@db:5432/x\"\n", f); break;
    case 4: fputs("SLACK=xo" "xb-", f); put_rand(f, "0123456789", 11); fputc('-', f); put_rand(f, "0123456789", 12); fputc('-', f); put_rand(f, ALNUM, 24); fputc('\n', f); break;
    default: fputs("-----BEGIN RSA PRIV" "ATE KEY-----\n", f);
        for (int i = 0; i < 20; i++) { put_rand(f, ALNUM "+/", 64); fputc('\n', f); }
        fputs("-----END RSA PRIV" "ATE KEY-----\n", f);
    }
}

static void put_line(FILE *f)
{
    int indent = (int)(rnd() % 4) * 4;
    for (int i = 0; i < indent; i++)
        fputc(' ', f);
    switch (rnd() % 10) {
    case 0: fputs("# ", f); for (int i = 0; i < 8; i++) { put_word(f); fputc(' ', f); } break;
    case 1: put_word(f); fputs(" = \"", f); put_rand(f, ALNUM, 6 + (int)(rnd() % 20)); fputs("\"", f); break;
    case 2: put_word(f); fputs("_url: https://", f); put_word(f); fputs(".example.org/", f); put_word(f); break;
    case 3: fputs("if (", f); put_word(f); fputs(" == ", f); fprintf(f, "%u", (unsigned)(rnd() % 100000)); fputs(") {", f); break;
    case 4: put_word(f); fputc('.', f); put_word(f); fputc('(', f); put_word(f); fputs(", ", f); put_word(f); fputs(");", f); break;
    case 5: fputs("data = \"", f); put_rand(f, ALNUM "+/", 40 + (int)(rnd() % 40)); fputs("\"", f); break;
    default: for (int i = 0; i < 6; i++) { put_word(f); fputc(i % 2 ? '(' : ' ', f); } fputs(")", f);
    }
    fputc('\n', f);
}

static int gen(const char *dir, long mb)
{
    long total = mb << 20, written = 0;
    int nfile = 0;
    mkdir(dir, 0755);
    while (written < total) {
        char sub[4096], path[4200];
        snprintf(sub, sizeof(sub), "%s/d%03d", dir, nfile / 500);
        mkdir(sub, 0755);
        snprintf(path, sizeof(path), "%s/f%05d.txt", sub, nfile++);
        FILE *f = fopen(path, "w");
        if (!f)
            return perror(path), 1;
        /* log-uniform sizes 1 KB .. 256 KB */
        long want = 1024L << (rnd() % 9);
        want += (long)(rnd() % (uint64_t)want);
        while (ftell(f) < want) {
            if (rnd() % 2000 == 0)
                put_secret(f);
            else
                put_line(f);
        }
        written += ftell(f);
        fclose(f);
    }
    printf("%d files, %ld MB\n", nfile, written >> 20);
    return 0;
}

typedef struct file {
    char *path;
    dd_buf data;
} file;

static file *files;
static size_t nfiles, capfiles;

static void load(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.')
            continue;
        char p[4200];
        snprintf(p, sizeof(p), "%s/%s", dir, de->d_name);
        struct stat st;
        if (stat(p, &st) < 0)
            continue;
        if (S_ISDIR(st.st_mode)) {
            load(p);
            continue;
        }
        if (nfiles == capfiles) {
            capfiles = capfiles ? capfiles * 2 : 1024;
            files = realloc(files, capfiles * sizeof(file));
        }
        file *f = &files[nfiles];
        f->path = strdup(p);
        f->data = (dd_buf)DD_BUF_INIT;
        if (dd_buf_read_file(&f->data, p, 1u << 30) == 0)
            nfiles++;
    }
    closedir(d);
}

static int counter(const dd_secret_match *m, void *ud)
{
    (*(long *)ud)++;
    return 0;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    if (argc == 4 && strcmp(argv[1], "gen") == 0)
        return gen(argv[2], atol(argv[3]));
    if (argc == 2 && strcmp(argv[1], "patterns") == 0) {
        for (size_t i = 0; i < dd_secret_table.n; i++)
            puts(dd_secret_rule_at(i)->regex);
        return 0;
    }
    if (argc != 4 || strcmp(argv[1], "scan") != 0) {
        fprintf(stderr, "usage: secrets_bench gen DIR MB | patterns | scan DIR ENGINE\n");
        return 2;
    }
    dd_secret_engine eng = strcmp(argv[3], "pcre2") == 0 ? DD_SECRET_ENGINE_PCRE2
                                                         : DD_SECRET_ENGINE_VECTORSCAN;
    dd_error e = {0};
    dd_secret_scanner *s;
    double t0 = now();
    if (dd_secret_scanner_new_engine(&s, eng, &e) < 0) {
        fprintf(stderr, "%s\n", e.msg);
        return 3;
    }
    double tcompile = now() - t0;
    dd_secret_scratch *sc = dd_secret_scratch_new(s);
    load(argv[2]);
    size_t bytes = 0;
    for (size_t i = 0; i < nfiles; i++)
        bytes += files[i].data.len;
    long matches = 0;
    t0 = now();
    for (size_t i = 0; i < nfiles; i++)
        if (dd_secret_scan(s, sc, files[i].path, files[i].data.data, files[i].data.len, counter,
                           &matches, &e) < 0) {
            fprintf(stderr, "%s\n", e.msg);
            return 3;
        }
    double t = now() - t0;
    printf("engine=%s files=%zu bytes=%zu matches=%ld compile_s=%.3f scan_s=%.3f mb_s=%.1f\n",
           argv[3], nfiles, bytes, matches, tcompile, t, (double)bytes / 1048576.0 / t);
    dd_secret_scratch_free(sc);
    dd_secret_scanner_free(s);
    return 0;
}
