/* Secret scanner: every rule finds a realistic fake secret and ignores a near miss.
 * Samples are templates expanded at run time ({A:36} = 36 random alphanumerics, ...),
 * so this file holds no scannable secret itself (push protection would block it). The
 * byte \x01 marks where the secret starts; it is removed, and the reported line and
 * column must point exactly there. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/error.h"
#include "secrets/secrets.h"
#include "tap.h"

static uint64_t rng = 0x9e3779b97f4a7c15ull;
static unsigned rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng >> 11);
}

static const char *alphabet(char k)
{
    switch (k) {
    case 'A': return "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    case 'H': return "0123456789abcdef";
    case 'D': return "0123456789";
    case 'U': return "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    case 'B': return "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    case 'b': return "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
    case 'L': return "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    case 'u': return "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    case 'l': return "abcdefghijklmnopqrstuvwxyz0123456789";
    case 'C': return "QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L";
    default: return NULL;
    }
}

static void b64(dd_buf *out, const char *s)
{
    static const char t[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t n = strlen(s);
    for (size_t i = 0; i < n; i += 3) {
        unsigned v = (unsigned char)s[i] << 16;
        if (i + 1 < n)
            v |= (unsigned char)s[i + 1] << 8;
        if (i + 2 < n)
            v |= (unsigned char)s[i + 2];
        dd_buf_putc(out, t[(v >> 18) & 63]);
        dd_buf_putc(out, t[(v >> 12) & 63]);
        dd_buf_putc(out, i + 1 < n ? t[(v >> 6) & 63] : '=');
        dd_buf_putc(out, i + 2 < n ? t[v & 63] : '=');
    }
}

/* Expand a template; *mark gets the offset of \x01 (or -1). {X:n}: n random chars of
 * alphabet X; {P}: base64 of "deploy:<random>" (a Docker config auth). */
static char *expand(const char *tpl, long *mark)
{
    dd_buf b = DD_BUF_INIT;
    *mark = -1;
    for (const char *p = tpl; *p; p++) {
        if (*p == '\x01') {
            *mark = (long)b.len;
        } else if (p[0] == '{' && p[1] == 'P' && p[2] == '}') {
            char pw[40] = "deploy:";
            for (int i = 7; i < 30; i++)
                pw[i] = alphabet('A')[rnd() % 62];
            pw[30] = '\0';
            b64(&b, pw);
            p += 2;
        } else if (p[0] == '{' && alphabet(p[1]) && p[2] == ':') {
            const char *a = alphabet(p[1]);
            size_t al = strlen(a);
            char *end;
            long n = strtol(p + 3, &end, 10);
            for (long i = 0; i < n; i++)
                dd_buf_putc(&b, a[rnd() % al]);
            p = end; /* at '}' */
        } else {
            dd_buf_putc(&b, *p);
        }
    }
    if (!b.data)
        dd_buf_puts(&b, "");
    return dd_buf_steal(&b);
}

typedef struct sample {
    const char *id, *path, *pos, *neg;
} sample;

#define PEMT(label, body)                                                                    \
    "-----BEGIN " label "-----\n\x01" body "\n-----END " label "-----\n"
#define KEYBODY "{B:64}\n{B:64}\n{B:64}\n{B:20}=="

static const sample samples[] = {
    {"secret-aws-access-key-id", NULL, "key_id: \x01" "AK" "IA{U:16}", "key_id: AK" "IAIOSFODNN7EXAMPLE"},
    {"secret-aws-secret-access-key", NULL, "aws_secret_access_key = \x01{B:40}",
     "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCY" "EXAMPLEKEY"},
    {"secret-aws-mws-key", NULL, "mws = \x01" "amzn.mws.{H:8}-{H:4}-{H:4}-{H:4}-{H:12}", "mws = amzn.mws.{H:8}"},
    {"secret-gcp-service-account", "app/sa.json",
     "{\n  \"type\": \"service_account\",\n  \"project_id\": \"demo\",\n  \"private_key_id\": \"{H:40}\",\n"
     "  \"private_key\": \"\x01-----BEGIN " "PRIVATE KEY-----\\n{B:64}\\n{B:64}\\n{B:30}=\\n-----END PRIVATE KEY-----\\n\",\n"
     "  \"client_email\": \"ci@demo.iam.gserviceaccount.com\"\n}",
     "{\"type\": \"service_account\", \"client_email\": \"ci@demo.iam.gserviceaccount.com\"}"},
    {"secret-google-api-key", NULL, "GOOGLE_MAPS=\x01" "AI" "za{b:35}", "GOOGLE_MAPS=AIza{b:20}"},
    {"secret-google-oauth-client-secret", NULL, "\x01GOCSPX-{b:28}", "GOCSPX-{b:10}"},
    {"secret-google-oauth-access-token", NULL, "Authorization: Bearer \x01ya29.{b:60}", "ya29.{b:10}"},
    {"secret-azure-storage-account-key", NULL,
     "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=\x01{B:86}==;EndpointSuffix=core.windows.net",
     "AccountKey={B:20}=="},
    {"secret-azure-ad-client-secret", NULL, "AZ_SECRET=\x01{A:3}8Q~{b:34}", "AZ_SECRET={A:3}8Q~{b:10}"},
    {"secret-azure-client-secret", NULL, "AZURE_CLIENT_SECRET=\x01{A:40}",
     "AZURE_CLIENT_SECRET=${AZURE_CLIENT_SECRET}"},
    {"secret-alibaba-access-key-id", NULL, "\x01LTAI{A:20}", "LTAI{A:8}"},
    {"secret-digitalocean-pat", NULL, "\x01" "dop_v1_{H:64}", "dop_v1_{H:10}"},
    {"secret-digitalocean-oauth-token", NULL, "\x01" "doo_v1_{H:64}", "dox_v1_{H:64}"},
    {"secret-heroku-api-key", NULL, "HEROKU_API_KEY=\x01{H:8}-{H:4}-{H:4}-{H:4}-{H:12}",
     "HEROKU_API_KEY=00000000-0000-0000-0000-000000000000"},
    {"secret-heroku-api-key-v2", NULL, "\x01HRKU-AA{b:58}", "HRKU-AA{b:10}"},
    {"secret-flyio-token", NULL, "\x01" "fo1_{b:43}", "fo1_{b:10}"},
    {"secret-databricks-token", NULL, "\x01" "dapi{H:32}", "dapi{H:16}"},
    {"secret-planetscale-token", NULL, "\x01pscale_tkn_{A:43}", "pscale_tkn_short"},
    {"secret-cloudflare-origin-ca-key", NULL, "\x01v1.0-{H:24}-{H:146}", "v1.0-{H:24}"},
    {"secret-github-pat", NULL, "GITHUB_TOKEN=\x01gh" "p_{A:36}", "GITHUB_TOKEN=ghp_{A:35}"},
    {"secret-github-fine-grained-pat", NULL, "\x01github_" "pat_{A:22}_{A:59}", "github_pat_{A:22}"},
    {"secret-github-oauth-token", NULL, "\x01gh" "o_{A:36}", "gho_{A:20}"},
    {"secret-github-user-token", NULL, "\x01gh" "u_{A:36}", "ghu_{A:20}"},
    {"secret-github-server-token", NULL, "\x01gh" "s_{A:36}", "ghs_{A:20}"},
    {"secret-github-refresh-token", NULL, "\x01gh" "r_{A:76}", "ghr_{A:20}"},
    {"secret-gitlab-pat", NULL, "\x01gl" "pat-{b:20}", "glpat-{b:10}"},
    {"secret-gitlab-deploy-token", NULL, "\x01gl" "dt-{b:20}", "gldt-{b:10}"},
    {"secret-gitlab-runner-token", NULL, "\x01gl" "rt-{b:20}", "glrt-{b:10}"},
    {"secret-gitlab-runner-registration", NULL, "\x01GR1348941{b:20}", "GR1348941{b:10}"},
    {"secret-gitlab-pipeline-trigger", NULL, "\x01glptt-{H:40}", "glptt-{H:10}"},
    {"secret-gitlab-feed-token", NULL, "\x01glft-{b:20}", "glft-{b:10}"},
    {"secret-npm-token", NULL, "token: \x01npm_{A:36}", "token: npm_{A:10}"},
    {"secret-pypi-token", NULL, "\x01pypi-" "AgEIcHlwaS5vcmc{b:60}", "pypi-AgEIcHlwaS5vcmc{b:10}"},
    {"secret-rubygems-api-key", NULL, "\x01rubygems_{H:48}", "rubygems_{H:10}"},
    {"secret-clojars-token", NULL, "\x01" "CLOJARS_{l:60}", "CLOJARS_{l:10}"},
    {"secret-dockerhub-pat", NULL, "\x01" "dckr_" "pat_{b:27}", "dckr_pat_{b:10}"},
    {"secret-dockerhub-oat", NULL, "\x01" "dckr_" "oat_{b:27}", "dckr_oat_{b:10}"},
    {"secret-atlassian-api-token", NULL, "\x01" "ATATT3{b:186}", "ATATT3{b:50}"},
    {"secret-postman-api-key", NULL, "\x01PMAK-{H:24}-{H:34}", "PMAK-{H:24}"},
    {"secret-linear-api-key", NULL, "\x01lin_api_{A:40}", "lin_api_{A:10}"},
    {"secret-prefect-api-key", NULL, "\x01pnu_{A:36}", "pnu_{A:10}"},
    {"secret-vault-service-token", NULL, "VAULT_TOKEN=\x01hvs.{b:95}", "VAULT_TOKEN=hvs.{b:20}"},
    {"secret-vault-batch-token", NULL, "\x01hvb.{b:150}", "hvb.{b:20}"},
    {"secret-terraform-cloud-token", NULL, "\x01{A:14}.atlasv1.{b:67}", "{A:14}.atlasv1.{b:10}"},
    {"secret-doppler-token", NULL, "\x01" "dp.pt.{A:43}", "dp.pt.{A:10}"},
    {"secret-pulumi-token", NULL, "\x01pul-{H:40}", "pul-{H:10}"},
    {"secret-onepassword-service-account", NULL, "\x01ops_eyJ{B:260}", "ops_eyJ{B:20}"},
    {"secret-age-secret-key", NULL, "\x01" "AGE-SECRET-" "KEY-1{C:58}", "AGE-SECRET-KEY-1{C:20}"},
    {"secret-grafana-api-key", NULL, "\x01" "eyJrIjoi{A:80}", "eyJrIjoi{A:20}"},
    {"secret-grafana-cloud-token", NULL, "\x01glc_{B:40}", "glc_{B:10}"},
    {"secret-grafana-service-account-token", NULL, "\x01glsa_{A:32}_{H:8}", "glsa_{A:10}"},
    {"secret-newrelic-user-key", NULL, "\x01NRAK-{u:27}", "NRAK-{u:10}"},
    {"secret-newrelic-insert-key", NULL, "\x01NRII-{b:32}", "NRII-{b:10}"},
    {"secret-sentry-org-token", NULL, "\x01sntrys_eyJ{B:80}", "sntrys_eyJ{B:10}"},
    {"secret-sentry-user-token", NULL, "\x01sntryu_{H:64}", "sntryu_{H:10}"},
    {"secret-openai-api-key", NULL, "OPENAI_API_KEY=\x01sk-proj-{b:40}T3Blbk" "FJ{b:40}", "sk-proj-{b:48}"},
    {"secret-anthropic-api-key", NULL, "\x01sk-ant-" "api03-{b:93}AA", "sk-ant-api03-{b:20}"},
    {"secret-anthropic-admin-key", NULL, "\x01sk-ant-" "admin01-{b:93}AA", "sk-ant-admin01-{b:20}"},
    {"secret-huggingface-token", NULL, "\x01hf_{L:34}", "hf_{L:10}"},
    {"secret-slack-bot-token", NULL, "\x01xo" "xb-{D:11}-{D:12}-{A:24}", "xoxb-{D:11}"},
    {"secret-slack-user-token", NULL, "\x01xo" "xp-{D:11}-{D:12}-{D:12}-{H:32}", "xoxp-{D:11}-{D:12}"},
    {"secret-slack-app-token", NULL, "\x01xa" "pp-1-{u:11}-{D:13}-{H:64}", "xapp-1-{u:11}"},
    {"secret-slack-legacy-token", NULL, "\x01xo" "xs-{D:10}-{A:30}", "xoxs-{A:5}"},
    {"secret-slack-webhook", NULL, "\x01https://hooks.slack.com/services/T{u:10}/B{u:10}/{A:24}",
     "https://hooks.slack.com/services/"},
    {"secret-discord-webhook", NULL, "\x01https://discord.com/api/webhooks/{D:18}/{b:68}",
     "https://discord.com/api/webhooks/{D:18}/"},
    {"secret-discord-bot-token", NULL, "DISCORD_TOKEN=\x01M{b:25}.{b:6}.{b:38}",
     "DISCORD_TOKEN=${DISCORD_TOKEN}"},
    {"secret-telegram-bot-token", NULL, "\x01{D:10}:AA{b:33}", "{D:10}:AB{b:33}"},
    {"secret-twilio-api-key", NULL, "\x01SK{H:32}", "SK{H:20}"},
    {"secret-sendgrid-api-key", NULL, "\x01SG.{b:22}.{b:43}", "SG.{b:22}"},
    {"secret-sendinblue-api-key", NULL, "\x01xkeysib-{H:64}-{A:16}", "xkeysib-{H:20}"},
    {"secret-mailgun-api-key", NULL, "\x01key-{l:32}", "key-{l:10}"},
    {"secret-mailchimp-api-key", NULL, "\x01{H:32}-us6", "{H:32}-uk6"},
    {"secret-stripe-secret-key", NULL, "\x01sk_" "live_{A:24}", "sk_test_{A:24}"},
    {"secret-stripe-restricted-key", NULL, "\x01rk_" "live_{A:24}", "rk_test_{A:24}"},
    {"secret-stripe-webhook-secret", NULL, "\x01whsec_{A:32}", "whsec_{A:10}"},
    {"secret-square-access-token", NULL, "\x01" "EAAA{b:60}", "EAAA{b:10}"},
    {"secret-square-oauth-secret", NULL, "\x01sq0csp-{b:43}", "sq0csp-{b:10}"},
    {"secret-braintree-access-token", NULL, "\x01" "access_token$production${l:16}${H:32}",
     "access_token$sandbox${l:16}${H:32}"},
    {"secret-shopify-access-token", NULL, "\x01shpat_{H:32}", "shpat_{H:10}"},
    {"secret-shopify-app-token", NULL, "\x01shpca_{H:32}", "shpxx_{H:32}"},
    {"secret-shopify-shared-secret", NULL, "\x01shpss_{H:32}", "shpss_{H:10}"},
    {"secret-okta-api-token", NULL, "OKTA_API_TOKEN=\x01" "00{b:40}", "OKTA_API_TOKEN=00{b:10}"},
    {"secret-dropbox-token", NULL, "\x01sl.{b:140}", "sl.{b:20}"},
    {"secret-mapbox-secret-token", NULL, "\x01sk.eyJ{b:60}.{b:22}", "sk.eyJ{b:10}"},
    {"secret-firebase-fcm-server-key", NULL, "\x01" "AAAA{b:7}:APA91b{b:134}", "AAAA{b:7}:APA91b{b:10}"},
    {"secret-easypost-api-key", NULL, "\x01" "EZAK{A:54}", "EZAK{A:10}"},
    {"secret-shippo-api-token", NULL, "\x01shippo_live_{H:40}", "shippo_test_{H:40}"},
    {"secret-private-key-rsa", "root/.ssh/id_rsa", PEMT("RSA " "PRIVATE KEY", KEYBODY),
     "-----BEGIN RSA " "PRIVATE KEY-----\n{B:10}\n-----END RSA PRIVATE KEY-----\n"},
    {"secret-private-key-ec", NULL, PEMT("EC " "PRIVATE KEY", KEYBODY),
     "const char *h = \"-----BEGIN EC " "PRIVATE KEY-----\";"},
    {"secret-private-key-dsa", NULL, PEMT("DSA " "PRIVATE KEY", KEYBODY),
     "-----BEGIN DSA " "PRIVATE KEY-----\n...\n-----END DSA PRIVATE KEY-----\n"},
    {"secret-private-key-pkcs8", NULL, PEMT("PRIVATE " "KEY", KEYBODY),
     "-----BEGIN PUBLIC KEY-----\n" KEYBODY "\n-----END PUBLIC KEY-----\n"},
    {"secret-private-key-encrypted", NULL, PEMT("ENCRYPTED " "PRIVATE KEY", KEYBODY),
     "-----BEGIN ENCRYPTED " "PRIVATE KEY-----\n-----END ENCRYPTED PRIVATE KEY-----\n"},
    {"secret-private-key-openssh", "home/u/.ssh/id_ed25519",
     PEMT("OPENSSH " "PRIVATE KEY", "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAA{B:8}\n{B:70}\n{B:40}"),
     "-----BEGIN OPENSSH " "PRIVATE KEY-----\n-----END OPENSSH PRIVATE KEY-----\n"},
    {"secret-private-key-pgp", NULL,
     "-----BEGIN PGP " "PRIVATE KEY BLOCK-----\nVersion: GnuPG v2\n\n\x01lQOYBF{B:58}\n{B:64}\n{B:64}\n={B:4}\n"
     "-----END PGP PRIVATE KEY BLOCK-----\n",
     "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nmQENBF{B:58}\n{B:64}\n-----END PGP PUBLIC KEY BLOCK-----\n"},
    {"secret-private-key-putty", NULL,
     "PuTTY-User-Key-File-2: ssh-rsa\nEncryption: none\nComment: k\nPublic-Lines: 2\n{B:64}\n{B:20}\n"
     "Private-Lines: 2\n\x01{B:64}\n{B:40}\nPrivate-MAC: {H:40}\n",
     "PuTTY-User-Key-File-2: ssh-rsa\nEncryption: none\n"},
    {"secret-jwt", NULL, "Authorization: Bearer \x01" "eyJ{b:20}.eyJ{b:40}.{b:43}", "eyJ{b:20}.eyJ{b:40}."},
    {"secret-docker-config-auth", "root/.docker/config.json",
     "{\n  \"auths\": {\n    \"registry.internal:5000\": {\n      \"auth\": \"\x01{P}\"\n    }\n  }\n}",
     "{\"auths\": {\"registry.internal:5000\": {\"auth\": \"bm90aGluZw==\"}}}"},
    {"secret-kubeconfig-client-key", NULL, "users:\n- name: admin\n  user:\n    client-key-data: \x01{B:120}",
     "    client-key-data: {B:20}"},
    {"secret-kubeconfig-token", "root/.kube/config", "users:\n- name: admin\n  user:\n    token: \x01{b:40}.{b:20}",
     "users:\n- name: admin\n  user:\n    token: ${KUBE_TOKEN}"},
    {"secret-npmrc-auth", "home/app/.npmrc", "//registry.npmjs.org/:_authToken=\x01{H:8}-{H:4}-{H:4}-{H:4}-{H:12}",
     "//registry.npmjs.org/:_authToken=${NPM_TOKEN}"},
    {"secret-git-credentials", "root/.git-credentials", "https://builder:\x01{A:20}@github.com",
     "https://builder:${GIT_PASSWORD}@github.com"},
    {"secret-pgpass", "var/lib/postgresql/.pgpass", "db.internal:5432:app:app:\x01{A:16}",
     "db.internal:5432:app:app:changeme"},
    {"secret-netrc", "root/.netrc", "machine api.host.io login deploy password \x01{A:16}",
     "machine api.host.io login deploy password changeme"},
    {"secret-pypirc", "root/.pypirc", "[pypi]\nusername = __token__\npassword = \x01{A:20}",
     "[pypi]\nusername = __token__\npassword = <your token>"},
    {"secret-htpasswd", "etc/nginx/.htpasswd", "admin:\x01$apr1${A:8}${A:22}", "# no users yet"},
    {"secret-url-password", NULL, "DATABASE_URL=postgres://app:\x01{A:12}@db.internal:5432/app",
     "DATABASE_URL=postgres://user:password@localhost/db"},
    {"secret-generic-password", NULL, "DB_PASSWORD=\x01{A:12}9!", "password = os.getenv(\"DB_PASSWORD\")"},
    {"secret-generic-api-key", NULL, "api_key: \x01{b:32}", "api_key = self.settings.api_key_value"},
};

typedef struct hit {
    char id[64];
    uint64_t offset;
    int line, column;
    char masked[64];
    uint32_t length;
} hit;

typedef struct hits {
    hit h[64];
    int n;
} hits;

static int collect(const dd_secret_match *m, void *ud)
{
    hits *hs = ud;
    if (hs->n < 64) {
        hit *h = &hs->h[hs->n++];
        snprintf(h->id, sizeof(h->id), "%s", m->rule->id);
        h->offset = m->offset;
        h->line = m->line;
        h->column = m->column;
        snprintf(h->masked, sizeof(h->masked), "%s", m->masked);
        h->length = m->length;
    }
    return 0;
}

static dd_secret_scanner *scanner, *pcre_scanner;
static dd_secret_scratch *scratch, *pcre_scratch;

static int scan(dd_secret_scanner *s, dd_secret_scratch *sc, const char *path, const char *text,
                hits *out)
{
    dd_error e = {0};
    memset(out, 0, sizeof(*out));
    int rc = dd_secret_scan(s, sc, path, text, strlen(text), collect, out, &e);
    if (rc < 0)
        fprintf(stderr, "scan error: %s\n", e.msg);
    return rc;
}

static const sample *find_sample(const char *id)
{
    for (size_t i = 0; i < DD_ARRAY_LEN(samples); i++)
        if (strcmp(samples[i].id, id) == 0)
            return &samples[i];
    return NULL;
}

static void test_rule(const dd_secret_rule *r, const sample *sm)
{
    long mark;
    char *body = expand(sm->pos, &mark);
    /* Two lines of ordinary text first, so line numbers are not trivially 1. */
    static const char pre[] = "# settings for the service\nlisten = 0.0.0.0:8080\n";
    char *text = NULL;
    if (asprintf(&text, "%s%s\ntrailer = 1\n", pre, body) < 0)
        abort();
    long at = (long)strlen(pre) + mark;
    int line = 1, col = 1;
    for (long i = 0; i < at; i++) {
        if (text[i] == '\n') {
            line++;
            col = 1;
        } else {
            col++;
        }
    }
    hits h;
    int rc = scan(scanner, scratch, sm->path, text, &h);
    if (rc != 1 || h.n != 1 || strcmp(h.h[0].id, r->rule.id) != 0) {
        fprintf(stderr, "positive %s: rc=%d, got %d matches:", r->rule.id, rc, h.n);
        for (int i = 0; i < h.n; i++)
            fprintf(stderr, " %s@%d:%d", h.h[i].id, h.h[i].line, h.h[i].column);
        fprintf(stderr, "\n  text: %s\n", text);
    }
    CHECK_INT(h.n, 1);
    if (h.n >= 1) {
        CHECK_STR(h.h[0].id, r->rule.id);
        CHECK_INT(h.h[0].offset, at);
        CHECK_INT(h.h[0].line, line);
        CHECK_INT(h.h[0].column, col);
        /* masked: at most 4 leading bytes of the secret, then ****, never the rest */
        const char *stars = strstr(h.h[0].masked, "****");
        CHECK(stars != NULL);
        if (stars) {
            size_t keep = (size_t)(stars - h.h[0].masked);
            CHECK(keep <= 4);
            CHECK(strncmp(h.h[0].masked, text + at, keep) == 0);
            char tail[16];
            snprintf(tail, sizeof(tail), "%.8s", text + at + 4);
            CHECK(strstr(h.h[0].masked, tail) == NULL);
            char len[32];
            snprintf(len, sizeof(len), "(%u chars)", h.h[0].length);
            CHECK(strstr(h.h[0].masked, len) != NULL);
        }
    }
    /* The PCRE2-only engine must agree. */
    hits p;
    scan(pcre_scanner, pcre_scratch, sm->path, text, &p);
    if (p.n != h.n)
        fprintf(stderr, "pcre2 engine disagrees on %s: %d matches\n", r->rule.id, p.n);
    CHECK_INT(p.n, h.n);
    if (p.n == 1 && h.n == 1) {
        CHECK_STR(p.h[0].id, h.h[0].id);
        CHECK_INT(p.h[0].offset, h.h[0].offset);
    }
    free(text);
    free(body);

    char *neg = expand(sm->neg, &mark);
    rc = scan(scanner, scratch, sm->path, neg, &h);
    if (h.n != 0)
        fprintf(stderr, "negative %s: got %s in: %s\n", r->rule.id, h.h[0].id, neg);
    CHECK_INT(rc, 0);
    CHECK_INT(h.n, 0);
    free(neg);
}

static void test_table(void)
{
    CHECK(dd_secret_table.n >= 60);
    CHECK_STR(dd_secret_table.command, "scan");
    for (size_t i = 0; i < dd_secret_table.n; i++) {
        const dd_secret_rule *r = dd_secret_rule_at(i);
        CHECK(strncmp(r->rule.id, "secret-", 7) == 0);
        CHECK_STR(r->rule.group, "secret");
        CHECK_STR(r->rule.cwe, "CWE-798");
        CHECK(r->rule.title && r->rule.remediation && r->regex && r->keywords);
        CHECK(r->rule.severity >= DD_SEV_MEDIUM);
        for (size_t j = 0; j < i; j++)
            CHECK(strcmp(dd_secret_rule_at(j)->rule.id, r->rule.id) != 0);
        const sample *sm = find_sample(r->rule.id);
        if (!sm)
            fprintf(stderr, "no sample for %s\n", r->rule.id);
        CHECK(sm != NULL);
        if (sm)
            test_rule(r, sm);
    }
}

static void test_mask(void)
{
    char out[64];
    dd_secret_mask("abcdefghijklmnopqrstuvwxyz0123456789ABCD", 40, out, sizeof(out));
    CHECK_STR(out, "abcd**** (40 chars)");
    dd_secret_mask("hunter2!x", 9, out, sizeof(out));
    CHECK_STR(out, "hu**** (9 chars)");
    dd_secret_mask("abc", 3, out, sizeof(out));
    CHECK_STR(out, "**** (3 chars)");
    dd_secret_mask("\x01\x02zzzzzzzzzzzzzzzzzz", 20, out, sizeof(out));
    CHECK_STR(out, "??zz**** (20 chars)");
}

static void test_entropy(void)
{
    CHECK(dd_secret_entropy("aaaaaaaa", 8) == 0.0);
    double h = dd_secret_entropy("abcdefgh", 8);
    CHECK(h > 2.99 && h < 3.01);
}

/* Several secrets: order, exact lines and columns, placeholders ignored. */
static void test_positions(void)
{
    long mark;
    char *text = expand("x = 1\n"
                        "  token: gh" "p_{A:36} and gl" "pat-{b:20}\n"
                        "password: changeme\n"
                        "\tkey=AK" "IA{U:16}\n",
                        &mark);
    hits h;
    CHECK_INT(scan(scanner, scratch, "etc/app.yaml", text, &h), 3);
    CHECK_INT(h.n, 3);
    if (h.n == 3) {
        CHECK_STR(h.h[0].id, "secret-github-pat");
        CHECK_INT(h.h[0].line, 2);
        CHECK_INT(h.h[0].column, 10);
        CHECK_INT(h.h[0].offset, 6 + 9);
        CHECK_STR(h.h[1].id, "secret-gitlab-pat");
        CHECK_INT(h.h[1].line, 2);
        CHECK_INT(h.h[1].column, 10 + 40 + 5);
        CHECK_STR(h.h[2].id, "secret-aws-access-key-id");
        CHECK_INT(h.h[2].line, 4);
        CHECK_INT(h.h[2].column, 6);
    }
    free(text);
}

static void test_generic_negatives(void)
{
    static const char *const negs[] = {
        "password = request.form.get_value",
        "passwd: ${DB_PASSWORD}",
        "DB_PASSWORD=<password>",
        "password=changeme123",
        "PASSWORD: xxxxxxxxxxxx",
        "password: {{ .Values.password }}",
        "password = getPasswordFromVault",
        "pwd = os.getcwd",
        "password: 12345678",
        "mysql://root:@localhost/db",
        "postgres://user:${PGPASSWORD}@db/app",
        "api_key = \"YOUR_API_KEY_HERE_PLEASE\"",
    };
    for (size_t i = 0; i < DD_ARRAY_LEN(negs); i++) {
        hits h;
        scan(scanner, scratch, NULL, negs[i], &h);
        if (h.n)
            fprintf(stderr, "generic negative matched: %s (%s)\n", negs[i], h.h[0].id);
        CHECK_INT(h.n, 0);
    }
}

static void test_paths(void)
{
    long mark;
    char *t = expand("db.internal:5432:app:app:{A:16}", &mark);
    hits h;
    scan(scanner, scratch, "var/lib/postgresql/.pgpass", t, &h);
    CHECK_INT(h.n, 1);
    scan(scanner, scratch, "/var/lib/postgresql/.pgpass", t, &h);
    CHECK_INT(h.n, 1);
    scan(scanner, scratch, "./pgpass.conf", t, &h);
    CHECK_INT(h.n, 1);
    scan(scanner, scratch, "etc/hosts.txt", t, &h); /* path rules need their file */
    CHECK_INT(h.n, 0);
    scan(scanner, scratch, NULL, t, &h);
    CHECK_INT(h.n, 0);
    free(t);
    t = expand("    token: {b:40}", &mark);
    scan(scanner, scratch, "home/ci/.kube/config", t, &h);
    CHECK_INT(h.n, 1);
    scan(scanner, scratch, "etc/kubernetes/admin.conf", t, &h);
    CHECK_INT(h.n, 1);
    scan(scanner, scratch, "etc/config", t, &h);
    CHECK_INT(h.n, 0);
    free(t);
}

static void test_binary(void)
{
    long mark;
    char *t = expand("xx gh" "p_{A:36} yy", &mark);
    size_t n = strlen(t);
    char *bin = malloc(n + 16);
    memcpy(bin, "\x7f" "ELF\x02\x01\x01\0\0\0", 10);
    memcpy(bin + 10, t, n);
    dd_error e = {0};
    hits h = {0};
    CHECK(dd_secret_is_binary(bin, n + 10));
    CHECK(!dd_secret_is_binary(t, n));
    CHECK_INT(dd_secret_scan(scanner, scratch, "usr/bin/app", bin, n + 10, collect, &h, &e), 0);
    CHECK_INT(h.n, 0);
    CHECK_INT(dd_secret_scan_binary(scanner, scratch, "usr/bin/app", bin, n + 10, collect, &h, &e), 1);
    CHECK_INT(h.n, 1);
    /* many control bytes, no NUL */
    char ctl[200];
    for (int i = 0; i < 200; i++)
        ctl[i] = (char)(i % 3 ? 'a' : 0x03);
    CHECK(dd_secret_is_binary(ctl, sizeof(ctl)));
    /* UTF-8 text is text */
    CHECK(!dd_secret_is_binary("pässwörd — ünïcödé ✓ text", strlen("pässwörd — ünïcödé ✓ text")));
    free(bin);
    free(t);
}

/* Stream vs whole buffer over several blocks, secrets placed on block boundaries. */
static int stop_after_one(const dd_secret_match *m, void *ud)
{
    (*(int *)ud)++;
    return -1;
}

static void test_stream(void)
{
    size_t len = 3 * DD_SECRET_BLOCK + 12345;
    char *big = malloc(len + 1);
    for (size_t i = 0; i < len; i++)
        big[i] = (i % 61 == 60) ? '\n' : (char)('a' + (i * 7) % 26);
    long mark;
    char *tok = expand("gh" "p_{A:36}", &mark);
    size_t tl = strlen(tok);
    const size_t step = DD_SECRET_BLOCK - DD_SECRET_OVERLAP;
    size_t at[] = {100, step - 20, step + DD_SECRET_OVERLAP / 2 - 10, DD_SECRET_BLOCK - 3,
                   2 * step + 5, len - tl - 1};
    for (size_t i = 0; i < DD_ARRAY_LEN(at); i++) {
        big[at[i] - 1] = ' ';
        memcpy(big + at[i], tok, tl);
        big[at[i] + tl] = ' ';
    }
    big[len] = '\0';
    hits a, b = {0};
    dd_error e = {0};
    memset(&a, 0, sizeof(a));
    CHECK_INT(dd_secret_scan(scanner, scratch, "big.txt", big, len, collect, &a, &e),
              (int)DD_ARRAY_LEN(at));
    dd_secret_stream *st = dd_secret_stream_open(scanner, scratch, "big.txt", false, collect, &b);
    int total = 0;
    for (size_t off = 0, piece = 1; off < len; off += piece, piece = piece * 3 + 7) {
        if (piece > len - off)
            piece = len - off;
        int rc = dd_secret_stream_feed(st, big + off, piece, &e);
        CHECK(rc >= 0);
        total += rc;
    }
    total += dd_secret_stream_close(st, &e);
    CHECK_INT(total, (int)DD_ARRAY_LEN(at));
    CHECK_INT(a.n, b.n);
    for (int i = 0; i < a.n && i < b.n; i++) {
        CHECK_INT(a.h[i].offset, at[i]);
        CHECK_INT(b.h[i].offset, a.h[i].offset);
        CHECK_INT(b.h[i].line, a.h[i].line);
        CHECK_INT(b.h[i].column, a.h[i].column);
        int line = 1;
        size_t ls = 0;
        for (size_t k = 0; k < at[i]; k++)
            if (big[k] == '\n') {
                line++;
                ls = k + 1;
            }
        CHECK_INT(a.h[i].line, line);
        CHECK_INT(a.h[i].column, (int)(at[i] - ls) + 1);
    }
    /* the callback can stop a scan */
    int seen = 0;
    CHECK_INT(dd_secret_scan(scanner, scratch, "big.txt", big, len, stop_after_one, &seen, &e), 1);
    CHECK_INT(seen, 1);
    /* a binary stream is skipped */
    big[10] = '\0';
    hits c = {0};
    st = dd_secret_stream_open(scanner, scratch, "big.bin", false, collect, &c);
    dd_secret_stream_feed(st, big, len, &e);
    dd_secret_stream_close(st, &e);
    CHECK_INT(c.n, 0);
    free(tok);
    free(big);
}

/* Secrets by name: the one test lint (ENV, ARG), the image checks and manifests share. */
static void test_names(void)
{
    static const char *const yes[] = {"PASSWORD",
                                      "DB_PWD",
                                      "MYSQL_ROOT_PASSWORD",
                                      "GITHUB_TOKEN",
                                      "api.key",
                                      "AWS_ACCESS_KEY_ID",
                                      "SIGNING_KEY",
                                      "SSH_PASSPHRASE",
                                      "PWD_HASH",
                                      "auth-token",
                                      "DJANGO_SECRET_KEY",
                                      "REDIS_PASS",
                                      NULL};
    static const char *const no[] = {"PWD",
                                     "GPG_KEY",
                                     "NODE_SHA256",
                                     "TOKENIZER",
                                     "SECRETARY",
                                     "PASSTHROUGH",
                                     "PASSWORD_FILE",
                                     "AUTH_TOKEN_TTL",
                                     "ACCESS_TOKEN_EXPIRE_MINUTES",
                                     "TOKEN_HEADER",
                                     "PUBLIC_KEY",
                                     "",
                                     NULL};
    for (const char *const *n = yes; *n; n++) {
        CHECK(dd_secret_name(*n));
        if (!dd_secret_name(*n))
            fprintf(stderr, "  not recognised: %s\n", *n);
    }
    for (const char *const *n = no; *n; n++) {
        CHECK(!dd_secret_name(*n));
        if (dd_secret_name(*n))
            fprintf(stderr, "  recognised: %s\n", *n);
    }
}

int main(void)
{
    dd_error e = {0};
    if (dd_secret_scanner_new(&scanner, &e) < 0 ||
        dd_secret_scanner_new_engine(&pcre_scanner, DD_SECRET_ENGINE_PCRE2, &e) < 0) {
        fprintf(stderr, "scanner: %s\n", e.msg);
        return 1;
    }
    scratch = dd_secret_scratch_new(scanner);
    pcre_scratch = dd_secret_scratch_new(pcre_scanner);
    CHECK(scratch && pcre_scratch);
    test_mask();
    test_entropy();
    test_table();
    test_positions();
    test_generic_negatives();
    test_paths();
    test_binary();
    test_stream();
    test_names();
    dd_secret_scratch_free(scratch);
    dd_secret_scratch_free(pcre_scratch);
    dd_secret_scanner_free(scanner);
    dd_secret_scanner_free(pcre_scanner);
    return dd_test_done();
}
