/*
 * Request signing: HMAC-SHA256/512, Ed25519 and RSA-SHA256 signatures of
 * payloads built from a declarative rule (endpoint.h's apicc_sign_rule).
 *
 * The client applies these for SIGNATURE schemes; `apicc sign` exposes
 * them so a user can reproduce a signature a provider rejects.
 */
#ifndef APICC_SIGN_H
#define APICC_SIGN_H

#include <stddef.h>
#include <stdint.h>

#include "endpoint.h"
#include "export.h"
#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A signing key: an HMAC secret or a private key.  Secrets are wiped when
 * the key is freed. */
typedef struct apicc_sign_key apicc_sign_key;

/* Copies an HMAC secret (an empty one is APICC_ERR_INVALID_ARG).  Caller
 * frees *out with apicc_sign_key_free. */
APICC_API apicc_status apicc_sign_key_hmac(const void *secret, size_t len,
                                           apicc_sign_key **out);

/* Parses an Ed25519 or RSA private key in PEM (PKCS#8 or traditional).
 * Anything else (not PEM, a public key, another key type, an encrypted
 * key: there is never a passphrase prompt) is APICC_ERR_SIGN.  Caller
 * frees *out. */
APICC_API apicc_status apicc_sign_key_pem(const char *pem, size_t len,
                                          apicc_sign_key **out);

/* Reads a PEM private key file: APICC_ERR_IO when it cannot be read,
 * else as apicc_sign_key_pem.  The bytes read are wiped.  Caller frees
 * *out. */
APICC_API apicc_status apicc_sign_key_pem_file(const char *path,
                                               apicc_sign_key **out);

/* Wipes and frees the key.  NULL is fine. */
APICC_API void apicc_sign_key_free(apicc_sign_key *key);

/*
 * Signs `len` bytes of `payload` with `alg` and encodes the signature.
 * The key must suit the algorithm (an HMAC secret for HMAC, an Ed25519 or
 * RSA key otherwise), else APICC_ERR_SIGN.  Caller frees *out with free().
 * A key is only read here, so one key may sign from several threads.
 */
APICC_API apicc_status apicc_sign(apicc_sign_alg alg, apicc_encoding enc,
                                  const apicc_sign_key *key,
                                  const void *payload, size_t len,
                                  char **out);

/* What a rule's payload is built from, for one request. */
typedef struct apicc_sign_input {
    const char *method;  /* HTTP method or frame method */
    const char *path;    /* path as sent, or NULL */
    const char *query;   /* query string as sent (no "?"), or NULL */
    const char *body;    /* request body, or NULL */
    size_t body_len;
    const apicc_arg *params; /* every param that will be sent, including
                                the key and timestamp the rule adds; the
                                signature param is skipped if present */
    size_t nparams;
    int64_t timestamp;   /* in the rule's unit */
} apicc_sign_input;

/*
 * Builds the payload string a rule describes.  Param values are written as
 * text: strings raw (or percent-encoded when the rule says so), integers
 * in decimal, numbers in the shortest form that reads back the same,
 * booleans as "true"/"false"; array params as repeated k=v pairs in order.
 * Numbers use ECMAScript's (JSON.stringify's) form: 5000 -> "5000",
 * 0.1 -> "0.1", 1e21 -> "1e+21", with '.' in every locale.  SORTED_PARAMS
 * holds the name=value params only: params in a header, a cookie or the
 * path are left out (the PATH part covers the path).  A NULL string
 * value, a NaN or infinite number, or a NULL literal is
 * APICC_ERR_INVALID_ARG.  Caller frees *out with free().
 */
APICC_API apicc_status apicc_sign_payload(const apicc_sign_rule *rule,
                                          const apicc_sign_input *in,
                                          char **out);

/* ---- a rule run away from any client ------------------------------------ */

/* Receives each value a rule computes, in order: its name ("body" for a
 * value that replaces the body) and its bytes (not NUL-terminated;
 * binary for a digest or a key).  Values may be secrets: print them only
 * where the user asked. */
typedef void (*apicc_sign_trace_fn)(void *ctx, const char *name,
                                    const char *value, size_t len);

/* The request a rule signs, as the caller would send it before signing. */
typedef struct apicc_sign_request {
    const char *method;
    const char *host;  /* the Host the request goes to, or NULL */
    const char *path;  /* no query */
    const apicc_arg *args; /* params: APICC_IN_QUERY (or _PARAM) ones form
                              the query in this order; APICC_IN_HEADER
                              ones are headers */
    size_t nargs;
    const char *body;  /* or NULL */
    size_t body_len;
} apicc_sign_request;

typedef struct apicc_sign_credentials {
    const char *api_key;   /* or NULL */
    const char *secret;    /* as issued (decoded as the rule says), or NULL */
    const char *passphrase; /* or NULL */
    const apicc_sign_key *key; /* what `sign` uses, or NULL */
} apicc_sign_credentials;

/* What the request looks like once signed.  Freed with
 * apicc_signed_request_free (wiped: it holds credentials). */
typedef struct apicc_signed_request {
    char *query;      /* no "?" */
    char **headers;   /* "Name: value" */
    size_t nheaders;
    char *body;
    size_t body_len;
} apicc_signed_request;

/*
 * Runs `rule` on `req` exactly as a client does for one attempt (the same
 * code: the values evaluated and placed in order), with the time `now_ms`
 * and the nonce `nonce` (already made to increase).  Every value goes to
 * `trace` when given; the signed request is written to *out.  Fails as a
 * call would (APICC_ERR_NO_CREDENTIALS, _INVALID_ARG, _SIGN, _NOMEM).
 */
APICC_API apicc_status apicc_sign_offline(const apicc_sign_rule *rule,
                                          const apicc_sign_request *req,
                                          const apicc_sign_credentials *cr,
                                          int64_t now_ms, int64_t nonce,
                                          apicc_sign_trace_fn trace,
                                          void *ctx,
                                          apicc_signed_request *out);
APICC_API void apicc_signed_request_free(apicc_signed_request *r);

/* Lower-case hex and padded standard base64 encoders.  Caller frees. */
APICC_API char *apicc_hex_encode(const void *data, size_t len);
APICC_API char *apicc_base64_encode(const void *data, size_t len);

/* Overwrites memory in a way the compiler cannot remove. */
APICC_API void apicc_wipe(void *p, size_t len);

#ifdef __cplusplus
}
#endif
#endif
