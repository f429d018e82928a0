/* The lazily loaded libraries (src/lazy/): a wrapper loads its library on first use and
 * forwards with the right types (variadic ones included); loading is safe from several
 * threads at once; a library that cannot be loaded ends the program with exit code 3 and
 * a message naming it, as the dynamic linker would have at start-up. */
#define CURL_DISABLE_TYPECHECK
#include <curl/curl.h>
#include <expat.h>
#include <git2.h>
#include <openssl/evp.h>
#include <pthread.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lazy/lazy.h"
#include "tap.h"

static void *first_use(void *arg)
{
    (void)arg;
    return (void *)sqlite3_errstr(SQLITE_NOMEM);
}

static void test_forwarding(void)
{
    CHECK_STR(curl_easy_strerror(CURLE_OK), "No error");
    CURL *h = curl_easy_init();
    CHECK(h != NULL);
    /* long, pointer and function-pointer options, and a getinfo pointer */
    CHECK_INT(curl_easy_setopt(h, CURLOPT_TIMEOUT, 5L), CURLE_OK);
    CHECK_INT(curl_easy_setopt(h, CURLOPT_URL, "http://127.0.0.1:9/"), CURLE_OK);
    CHECK_INT(curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, (curl_write_callback)NULL), CURLE_OK);
    long code = -1;
    CHECK_INT(curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code), CURLE_OK);
    CHECK_INT(code, 0);
    curl_easy_cleanup(h);

    sqlite3 *db = NULL;
    CHECK_INT(sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
    int old = -1;
    CHECK_INT(sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, &old), SQLITE_OK);
    CHECK_INT(old, 1);
    char *s = sqlite3_mprintf("%s=%d", "answer", 42);
    CHECK_STR(s, "answer=42");
    sqlite3_free(s);
    sqlite3_close(db);

    /* curl_share_setopt: int, function and pointer options */
    CURLSH *sh = curl_share_init();
    CHECK(sh != NULL);
    CHECK_INT(curl_share_setopt(sh, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS), CURLSHE_OK);
    CHECK_INT(curl_share_setopt(sh, CURLSHOPT_LOCKFUNC, (curl_lock_function)NULL), CURLSHE_OK);
    CHECK_INT(curl_share_setopt(sh, CURLSHOPT_USERDATA, (void *)sh), CURLSHE_OK);
    CHECK_INT(curl_share_cleanup(sh), CURLSHE_OK);

    /* EVP_PKEY_Q_keygen: the curve name after "EC" reaches libcrypto */
    EVP_PKEY *k = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
    CHECK(k != NULL);
    char curve[64] = "";
    size_t n = 0;
    CHECK(EVP_PKEY_get_utf8_string_param(k, "group", curve, sizeof curve, &n) == 1);
    CHECK_STR(curve, "prime256v1");
    EVP_PKEY_free(k);

    CHECK(sodium_init() >= 0);
    unsigned char buf[16] = {0}, zero[16] = {0};
    randombytes_buf(buf, sizeof buf);
    CHECK(memcmp(buf, zero, sizeof buf) != 0);

    CHECK(git_libgit2_init() >= 1);
    CHECK(git_libgit2_shutdown() >= 0);
    XML_Parser x = XML_ParserCreate(NULL);
    CHECK(x != NULL);
    CHECK_INT(XML_Parse(x, "<a>b</a>", 8, 1), XML_STATUS_OK);
    XML_ParserFree(x);
}

static void test_threads(void)
{
    pthread_t t[8];
    for (int i = 0; i < 8; i++)
        pthread_create(&t[i], NULL, first_use, NULL);
    for (int i = 0; i < 8; i++) {
        void *r = NULL;
        pthread_join(t[i], &r);
        CHECK(r && strstr(r, "memory"));
    }
}

static void test_missing_library(void)
{
    static const char *const names[] = {"nothing_here"};
    static void *slots[1];
    dd_lazy_lib bogus = {
        "libdrydock-does-not-exist.so.9", "no-such-package", names, slots, 1, false};
    int pipefd[2];
    CHECK(pipe(pipefd) == 0);
    pid_t pid = fork();
    if (pid == 0) {
        dup2(pipefd[1], STDERR_FILENO);
        dd_lazy_open(&bogus);
        _exit(0); /* not reached */
    }
    close(pipefd[1]);
    char buf[512] = "";
    ssize_t n = read(pipefd[0], buf, sizeof buf - 1);
    buf[n > 0 ? n : 0] = '\0';
    close(pipefd[0]);
    int st = 0;
    waitpid(pid, &st, 0);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 3);
    CHECK(strstr(buf, "cannot load libdrydock-does-not-exist.so.9") != NULL);
    CHECK(strstr(buf, "no-such-package") != NULL);
}

int main(void)
{
    test_threads(); /* first: the library is not loaded yet */
    test_forwarding();
    test_missing_library();
    return dd_test_done();
}
