#include "image/digest.h"

#include <openssl/evp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "image/walker.h"

static void init_md(dd_digest *d, bool sha512)
{
    d->n = 0;
    d->sha512 = sha512;
    d->md = EVP_MD_CTX_new();
    /* Out of memory or a provider without the hash: nothing can be verified, and going
     * on unverified would be a silent pass. Same policy as dd_xmalloc. */
    if (!d->md || EVP_DigestInit_ex(d->md, sha512 ? EVP_sha512() : EVP_sha256(), NULL) != 1)
        abort();
}

void dd_digest_init(dd_digest *d)
{
    init_md(d, false);
}

int dd_digest_init_for(dd_digest *d, const char *want)
{
    if (!dd_digest_checkable(want))
        return -1;
    init_md(d, strncmp(want, "sha512:", 7) == 0);
    return 0;
}

void dd_digest_update(dd_digest *d, const void *p, size_t n)
{
    if (n == 0)
        return;
    EVP_DigestUpdate(d->md, p, n);
    d->n += n;
}

void dd_digest_final(dd_digest *d, char out[DD_DIGEST_LEN])
{
    unsigned char h[EVP_MAX_MD_SIZE];
    unsigned int hl = 0;
    EVP_DigestFinal_ex(d->md, h, &hl);
    static const char hex[] = "0123456789abcdef";
    memcpy(out, d->sha512 ? "sha512:" : "sha256:", 7);
    for (unsigned i = 0; i < hl; i++) {
        out[7 + 2 * i] = hex[h[i] >> 4];
        out[8 + 2 * i] = hex[h[i] & 15];
    }
    out[7 + 2 * hl] = '\0';
    dd_digest_free(d);
}

void dd_digest_free(dd_digest *d)
{
    if (d->md)
        EVP_MD_CTX_free(d->md);
    d->md = NULL;
}

void dd_digest_of(const void *p, size_t n, char out[DD_DIGEST_LEN])
{
    dd_digest d;
    dd_digest_init(&d);
    dd_digest_update(&d, p, n);
    dd_digest_final(&d, out);
}

bool dd_digest_checkable(const char *want)
{
    return dd_image_digest_ok(want);
}

static int mismatch(const char *got, const char *want, dd_error *e, const char *fmt, va_list ap)
{
    char ctx[1024];
    vsnprintf(ctx, sizeof ctx, fmt, ap);
    dd_error_set(e, DD_ERR_INPUT, 0, "%s: digest mismatch: expected %s, got %s", ctx, want, got);
    return dd_error_hint(e, "the content changed after it was named (tampered with, or corrupt "
                            "storage); nothing read from it was used");
}

int dd_digest_expect(const char *got, const char *want, dd_error *e, const char *fmt, ...)
{
    if (strcmp(got, want) == 0)
        return 0;
    va_list ap;
    va_start(ap, fmt);
    mismatch(got, want, e, fmt, ap);
    va_end(ap);
    return -1;
}

int dd_digest_check(const void *p, size_t n, const char *want, dd_error *e, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    dd_digest d;
    int rc = 0;
    if (dd_digest_init_for(&d, want) < 0) {
        char ctx[1024];
        vsnprintf(ctx, sizeof ctx, fmt, ap);
        rc = dd_error_set(e, DD_ERR_INPUT, 0, "%s: '%.140s' is not a digest that can be verified",
                          ctx, want ? want : "(none)");
    } else {
        char got[DD_DIGEST_LEN];
        dd_digest_update(&d, p, n);
        dd_digest_final(&d, got);
        if (strcmp(got, want) != 0)
            rc = mismatch(got, want, e, fmt, ap);
    }
    va_end(ap);
    return rc;
}
