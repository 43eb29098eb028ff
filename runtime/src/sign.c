/*
 * Signing keys and signatures: HMAC-SHA256/512 with a shared secret,
 * Ed25519 and RSA-SHA256 (PKCS#1 v1.5) with a PEM private key, through
 * OpenSSL 3.
 *
 * Everything costly happens once, when the key is made: the PEM is parsed
 * into an EVP_PKEY, and an HMAC secret is keyed into one MAC context per
 * digest.  A signature then copies the ready context (about half a
 * microsecond for HMAC) instead of re-keying or re-parsing, and the key is
 * only read, so one key may sign from several threads at once.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/ec.h>
#include <openssl/bn.h>

#include "apicc/sign.h"
#include "sign_internal.h"

/* A PEM private key is a few KiB; anything past this is not one. */
#define PEM_FILE_MAX (1024 * 1024)

typedef enum key_kind { KEY_HMAC = 1, KEY_ED25519, KEY_RSA, KEY_EC } key_kind;

struct apicc_sign_key {
    key_kind kind;
    /* KEY_HMAC: contexts already keyed with the secret, copied per
     * signature; OpenSSL cleanses their key state when they are freed. */
    EVP_MAC_CTX *hmac256;
    EVP_MAC_CTX *hmac512;
    EVP_MAC_CTX *hmac384;
    /* KEY_ED25519, KEY_RSA, KEY_EC (P-256) */
    EVP_PKEY *pkey;
};

/* Failures must not leave entries on OpenSSL's per-thread error queue:
 * libcurl reads that queue after TLS calls and would report our stale
 * error as its own. */
static apicc_status fail_clear(apicc_status st)
{
    ERR_clear_error();
    return st;
}

static EVP_MAC_CTX *hmac_template(EVP_MAC *mac, const char *digest,
                                  const void *secret, size_t len)
{
    /* OSSL_PARAM wants a non-const pointer; the name is only read. */
    char name[16];
    snprintf(name, sizeof name, "%s", digest);
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, name, 0),
        OSSL_PARAM_construct_end(),
    };
    EVP_MAC_CTX *ctx = EVP_MAC_CTX_new(mac);
    if (!ctx)
        return NULL;
    if (!EVP_MAC_init(ctx, secret, len, params)) {
        EVP_MAC_CTX_free(ctx);
        return NULL;
    }
    return ctx;
}

APICC_API apicc_status apicc_sign_key_hmac(const void *secret, size_t len,
                                           apicc_sign_key **out)
{
    if (!out)
        return APICC_ERR_INVALID_ARG;
    *out = NULL;
    if (!secret || len == 0)
        return APICC_ERR_INVALID_ARG;
    apicc_sign_key *k = calloc(1, sizeof *k);
    if (!k)
        return APICC_ERR_NOMEM;
    k->kind = KEY_HMAC;
    EVP_MAC *mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
    if (mac) {
        k->hmac256 = hmac_template(mac, "SHA256", secret, len);
        k->hmac512 = hmac_template(mac, "SHA512", secret, len);
        k->hmac384 = hmac_template(mac, "SHA384", secret, len);
    }
    EVP_MAC_free(mac);
    if (!k->hmac256 || !k->hmac512 || !k->hmac384) {
        apicc_sign_key_free(k);
        return fail_clear(APICC_ERR_NOMEM);
    }
    *out = k;
    return APICC_OK;
}

/* An encrypted key fails to load instead of making OpenSSL prompt on the
 * terminal: a library must never read a passphrase from the user. */
static int no_passphrase(char *buf, int size, int rwflag, void *u)
{
    (void)buf;
    (void)size;
    (void)rwflag;
    (void)u;
    return -1;
}

/* ES256 is defined on P-256 alone (RFC 7518 3.4). */
static int is_p256(EVP_PKEY *pkey)
{
    char group[32] = "";
    size_t n = 0;
    return EVP_PKEY_is_a(pkey, "EC") &&
           EVP_PKEY_get_utf8_string_param(pkey, OSSL_PKEY_PARAM_GROUP_NAME,
                                          group, sizeof group, &n) &&
           (strcmp(group, "prime256v1") == 0 || strcmp(group, "P-256") == 0);
}

APICC_API apicc_status apicc_sign_key_pem(const char *pem, size_t len,
                                          apicc_sign_key **out)
{
    if (!out)
        return APICC_ERR_INVALID_ARG;
    *out = NULL;
    if (!pem)
        return APICC_ERR_INVALID_ARG;
    if (len == 0 || len > INT_MAX)
        return APICC_ERR_SIGN;
    BIO *bio = BIO_new_mem_buf(pem, (int)len);
    if (!bio)
        return fail_clear(APICC_ERR_NOMEM);
    EVP_PKEY *pkey = PEM_read_bio_PrivateKey(bio, NULL, no_passphrase, NULL);
    BIO_free(bio);
    if (!pkey)
        return fail_clear(APICC_ERR_SIGN);
    key_kind kind;
    if (EVP_PKEY_is_a(pkey, "ED25519")) {
        kind = KEY_ED25519;
    } else if (EVP_PKEY_is_a(pkey, "RSA")) {
        kind = KEY_RSA;
    } else if (is_p256(pkey)) {
        kind = KEY_EC;
    } else {
        EVP_PKEY_free(pkey); /* other curves, Ed448, RSA-PSS, ...: not
                                supported */
        return fail_clear(APICC_ERR_SIGN);
    }
    apicc_sign_key *k = calloc(1, sizeof *k);
    if (!k) {
        EVP_PKEY_free(pkey);
        return APICC_ERR_NOMEM;
    }
    k->kind = kind;
    k->pkey = pkey;
    *out = k;
    return APICC_OK;
}

/* Grows `*buf` to `cap` bytes without leaving a copy of its contents in
 * freed memory (realloc could). */
static int grow_wiped(char **buf, size_t used, size_t cap)
{
    char *bigger = malloc(cap);
    if (!bigger)
        return 0;
    if (*buf) {
        memcpy(bigger, *buf, used);
        apicc_wipe(*buf, used);
        free(*buf);
    }
    *buf = bigger;
    return 1;
}

APICC_API apicc_status apicc_sign_key_pem_file(const char *path,
                                               apicc_sign_key **out)
{
    if (!out)
        return APICC_ERR_INVALID_ARG;
    *out = NULL;
    if (!path)
        return APICC_ERR_INVALID_ARG;
    FILE *f = fopen(path, "rb");
    if (!f)
        return APICC_ERR_IO;
    char *buf = NULL;
    size_t used = 0, cap = 0;
    apicc_status st = APICC_OK;
    for (;;) {
        if (used == cap) {
            if (cap >= PEM_FILE_MAX) {
                st = APICC_ERR_SIGN; /* far too big for a key */
                break;
            }
            size_t next = cap ? cap * 2 : 8192;
            if (!grow_wiped(&buf, used, next)) {
                st = APICC_ERR_NOMEM;
                break;
            }
            cap = next;
        }
        size_t n = fread(buf + used, 1, cap - used, f);
        used += n;
        if (n == 0) {
            if (ferror(f))
                st = APICC_ERR_IO;
            break;
        }
    }
    fclose(f);
    if (st == APICC_OK)
        st = apicc_sign_key_pem(buf, used, out);
    if (buf) {
        apicc_wipe(buf, cap);
        free(buf);
    }
    return st;
}

APICC_API void apicc_sign_key_free(apicc_sign_key *key)
{
    if (!key)
        return;
    EVP_MAC_CTX_free(key->hmac256);
    EVP_MAC_CTX_free(key->hmac512);
    EVP_MAC_CTX_free(key->hmac384);
    EVP_PKEY_free(key->pkey); /* OpenSSL clears private key material */
    apicc_wipe(key, sizeof *key);
    free(key);
}

/* Writes the MAC into `sig` (room for 64 bytes); returns its length, or 0
 * on failure. */
static size_t sign_hmac(const EVP_MAC_CTX *tmpl, const void *payload,
                        size_t len, unsigned char *sig)
{
    EVP_MAC_CTX *ctx = EVP_MAC_CTX_dup(tmpl);
    size_t n = 0;
    if (!ctx)
        return 0;
    if (!EVP_MAC_update(ctx, payload, len) ||
        !EVP_MAC_final(ctx, sig, &n, EVP_MAX_MD_SIZE))
        n = 0;
    EVP_MAC_CTX_free(ctx);
    return n;
}

/* Signs with the private key: Ed25519 (one-shot, no digest), RSA
 * PKCS#1 v1.5 over SHA-256, or ECDSA over SHA-256 (DER).  Returns a
 * malloc'd signature and its length in *n, or NULL. */
static unsigned char *sign_pkey(EVP_PKEY *pkey, key_kind kind,
                                const void *payload, size_t len, size_t *n)
{
    int rsa = kind == KEY_RSA;
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    EVP_PKEY_CTX *pctx = NULL;
    unsigned char *sig = NULL;
    size_t siglen = 0;
    if (!md)
        return NULL;
    if (!EVP_DigestSignInit(md, &pctx,
                            kind == KEY_ED25519 ? NULL : EVP_sha256(), NULL,
                            pkey))
        goto fail;
    if (rsa && EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING) <= 0)
        goto fail;
    if (!EVP_DigestSign(md, NULL, &siglen, payload, len) || siglen == 0)
        goto fail;
    sig = malloc(siglen);
    if (!sig || !EVP_DigestSign(md, sig, &siglen, payload, len))
        goto fail;
    EVP_MD_CTX_free(md);
    *n = siglen;
    return sig;
fail:
    free(sig);
    EVP_MD_CTX_free(md);
    return NULL;
}

static char *encode_sig(apicc_encoding enc, const unsigned char *sig,
                        size_t n)
{
    return enc == APICC_ENC_HEX ? apicc_hex_encode(sig, n)
                                : apicc_base64_encode(sig, n);
}

/* A DER ECDSA signature as JOSE writes it: r and s, 32 bytes each,
 * big-endian (RFC 7518 3.4).  Replaces *sig; returns 0 on failure. */
static int der_to_jose(unsigned char **sig, size_t *n)
{
    const unsigned char *p = *sig;
    ECDSA_SIG *e = d2i_ECDSA_SIG(NULL, &p, (long)*n);
    unsigned char *raw = malloc(64);
    const BIGNUM *r = NULL, *s = NULL;
    int ok = e && raw;
    if (ok) {
        ECDSA_SIG_get0(e, &r, &s);
        ok = BN_bn2binpad(r, raw, 32) == 32 && BN_bn2binpad(s, raw + 32, 32) == 32;
    }
    ECDSA_SIG_free(e);
    if (!ok) {
        free(raw);
        return 0;
    }
    free(*sig);
    *sig = raw;
    *n = 64;
    return 1;
}

static const EVP_MAC_CTX *hmac_of(const apicc_sign_key *key,
                                  apicc_sign_alg alg)
{
    switch (alg) {
    case APICC_SIGN_HMAC_SHA256:
        return key->hmac256;
    case APICC_SIGN_HMAC_SHA384:
        return key->hmac384;
    case APICC_SIGN_HMAC_SHA512:
        return key->hmac512;
    default:
        return NULL;
    }
}

static key_kind pkey_kind_of(apicc_sign_alg alg)
{
    return alg == APICC_SIGN_RSA_SHA256 ? KEY_RSA
           : alg == APICC_SIGN_ES256    ? KEY_EC
                                        : KEY_ED25519;
}

apicc_status apicc__sign_raw(apicc_sign_alg alg, const apicc_sign_key *key,
                             const void *payload, size_t len,
                             unsigned char **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    if (!key || (!payload && len > 0))
        return APICC_ERR_INVALID_ARG;
    static const unsigned char empty[1];
    if (!payload)
        payload = empty; /* OpenSSL wants a pointer even for 0 bytes */
    switch (alg) {
    case APICC_SIGN_HMAC_SHA256:
    case APICC_SIGN_HMAC_SHA384:
    case APICC_SIGN_HMAC_SHA512: {
        if (key->kind != KEY_HMAC)
            return APICC_ERR_SIGN;
        unsigned char mac[EVP_MAX_MD_SIZE];
        size_t m = sign_hmac(hmac_of(key, alg), payload, len, mac);
        if (m == 0)
            return fail_clear(APICC_ERR_SIGN);
        if (!(*out = malloc(m)))
            return APICC_ERR_NOMEM;
        memcpy(*out, mac, m);
        *n = m;
        return APICC_OK;
    }
    case APICC_SIGN_ED25519:
    case APICC_SIGN_RSA_SHA256:
    case APICC_SIGN_ES256: {
        key_kind kind = pkey_kind_of(alg);
        if (key->kind != kind)
            return APICC_ERR_SIGN;
        *out = sign_pkey(key->pkey, kind, payload, len, n);
        if (*out && kind == KEY_EC && !der_to_jose(out, n)) {
            free(*out);
            *out = NULL;
        }
        return *out ? APICC_OK : fail_clear(APICC_ERR_SIGN);
    }
    }
    return APICC_ERR_INVALID_ARG;
}

APICC_API apicc_status apicc_sign(apicc_sign_alg alg, apicc_encoding enc,
                                  const apicc_sign_key *key,
                                  const void *payload, size_t len,
                                  char **out)
{
    if (!out)
        return APICC_ERR_INVALID_ARG;
    *out = NULL;
    if (enc != APICC_ENC_HEX && enc != APICC_ENC_BASE64)
        return APICC_ERR_INVALID_ARG;
    unsigned char *sig = NULL;
    size_t n = 0;
    apicc_status st = apicc__sign_raw(alg, key, payload, len, &sig, &n);
    if (st != APICC_OK)
        return st;
    *out = encode_sig(enc, sig, n);
    apicc_wipe(sig, n); /* an HMAC is as secret as the signature */
    free(sig);
    return *out ? APICC_OK : APICC_ERR_NOMEM;
}
