/* Internal to src/registry: the client's state and the request helper shared by
 * client.c (whole answers) and blob.c (streamed blobs). */
#pragma once
#include <curl/curl.h>
#include <openssl/evp.h>
#include <pthread.h>

#include "core/buf.h"
#include "registry/registry.h"

#define DD_REG_SHARE_LOCKS 8

typedef struct dd_reg_token {
    char *scope, *token;
} dd_reg_token;

struct dd_registry {
    char *host; /* as in references */
    char *base; /* "https://host" */
    bool insecure;
    int retries;
    dd_buf ca_pem; /* system roots + the registry's certs.d *.crt, or empty: curl's default */
    char *client_cert, *client_key;
    dd_reg_creds creds;
    pthread_mutex_t lock; /* challenge and tokens */
    dd_auth_challenge challenge;
    dd_reg_token *tokens;
    size_t ntokens, captokens;
    CURLSH *share;
    pthread_mutex_t share_locks[DD_REG_SHARE_LOCKS];
};

typedef struct dd_reg_req {
    const char *method;
    char *url;        /* owned */
    const char *repo; /* for the token scope; NULL: none */
    bool push;        /* scope pull,push */
    bool follow;      /* follow redirects (blob storage) */
    const char *accept, *content_type;
    const char *what; /* for messages */
    const void *data; /* upload from memory */
    size_t data_len;
    int fd; /* upload from a file, or -1 */
    uint64_t fd_size;
    size_t max; /* bound on the kept answer */
    /* the answer */
    long status;
    dd_buf body;
    bool too_big;
    char *www_auth, *location, *ctype, *docker_digest;
    long retry_after;
} dd_reg_req;

void dd_reg_curl_global_init(void);
CURL *dd_reg_easy(dd_registry *r);
int dd_reg_perform(dd_registry *r, dd_reg_req *q, dd_error *e);
int dd_reg_status_error(dd_registry *r, const dd_reg_req *q, dd_error *e);
int dd_reg_authenticate(dd_registry *r, const dd_reg_req *q, dd_error *e);
char *dd_reg_auth_header(dd_registry *r, const dd_reg_req *q);
char *dd_reg_scope(const dd_reg_req *q);
char *dd_reg_url(dd_registry *r, const char *repo, const char *kind, const char *ref);
size_t dd_reg_on_header(char *p, size_t size, size_t n, void *ud);
char *dd_reg_header_value(const char *p, size_t len, const char *name);
void dd_reg_req_reset_response(dd_reg_req *q);
void dd_reg_req_free(dd_reg_req *q);
void dd_reg_error_body(const dd_buf *b, char *out, size_t cap);
void dd_reg_backoff(int attempt, long retry_after);
