/*
 * Hashes, one-shot HMACs with a key computed per request (the links of a
 * derived-key chain such as AWS Signature Version 4's), random bytes,
 * and the hex and base64 decoders a secret issued as text needs.
 */
#include <string.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include "sign_internal.h"

static const EVP_MD *md_of(const char *digest)
{
    if (!digest)
        return NULL;
    if (strcmp(digest, "sha256") == 0)
        return EVP_sha256();
    if (strcmp(digest, "sha384") == 0)
        return EVP_sha384();
    if (strcmp(digest, "sha512") == 0)
        return EVP_sha512();
    return NULL;
}

size_t apicc__digest(const char *digest, const void *data, size_t len,
                     unsigned char out[64])
{
    const EVP_MD *md = md_of(digest);
    unsigned int n = 0;
    static const unsigned char empty[1];
    if (!md || !EVP_Digest(data ? data : empty, len, out, &n, md, NULL)) {
        ERR_clear_error();
        return 0;
    }
    return n;
}

size_t apicc__hmac(const char *digest, const void *key, size_t klen,
                   const void *data, size_t len, unsigned char out[64])
{
    const EVP_MD *md = md_of(digest);
    unsigned int n = 0;
    static const unsigned char empty[1];
    /* HMAC() takes an int key length; a key that long is not a key. */
    if (!md || klen > 1u << 20 ||
        !HMAC(md, key ? key : empty, (int)klen, data ? data : empty, len,
              out, &n)) {
        ERR_clear_error();
        return 0;
    }
    return n;
}

int apicc__random(unsigned char *out, size_t n)
{
    if (n > 1u << 16 || RAND_bytes(out, (int)n) != 1) {
        ERR_clear_error();
        return 0;
    }
    return 1;
}

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

int apicc__hex_decode_to(apicc__buf *out, const char *s, size_t n)
{
    if (n % 2 != 0)
        return 0;
    for (size_t i = 0; i < n; i += 2) {
        int hi = hex_value(s[i]), lo = hex_value(s[i + 1]);
        if (hi < 0 || lo < 0)
            return 0;
        char byte = (char)(hi << 4 | lo);
        apicc__buf_put(out, &byte, 1);
    }
    return !out->failed;
}

static int b64_value(char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '+' || c == '-')
        return 62;
    if (c == '/' || c == '_')
        return 63;
    return -1;
}

int apicc__base64_decode_to(apicc__buf *out, const char *s, size_t n)
{
    while (n > 0 && s[n - 1] == '=')
        n--;
    uint32_t acc = 0;
    int bits = 0;
    for (size_t i = 0; i < n; i++) {
        int v = b64_value(s[i]);
        if (v < 0)
            return 0;
        acc = (acc << 6 | (uint32_t)v) & 0xffffff;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            char byte = (char)(acc >> bits & 0xff);
            apicc__buf_put(out, &byte, 1);
        }
    }
    return !out->failed;
}

void apicc__base64url_to(apicc__buf *out, const void *data, size_t n)
{
    char *b64 = apicc_base64_encode(data, n);
    if (!b64) {
        out->failed = 1;
        return;
    }
    size_t len = strlen(b64);
    while (len > 0 && b64[len - 1] == '=')
        len--;
    for (size_t i = 0; i < len; i++)
        b64[i] = b64[i] == '+' ? '-' : b64[i] == '/' ? '_' : b64[i];
    apicc__buf_put(out, b64, len);
    apicc_wipe(b64, len);
    free(b64);
}

int apicc__decode_secret(apicc_secret_encoding enc, const char *text,
                         apicc__buf *out)
{
    size_t n = strlen(text);
    int ok = 1;
    switch (enc) {
    case APICC_SECRET_BASE64:
        ok = apicc__base64_decode_to(out, text, n);
        break;
    case APICC_SECRET_HEX:
        ok = apicc__hex_decode_to(out, text, n);
        break;
    default:
        apicc__buf_put(out, text, n);
    }
    return ok && !out->failed && out->len > 0;
}
