/*
 * Signing primitives and the rule evaluator, shared by the runtime's own
 * files (never installed).
 *
 * Layer: credentials (see client_internal.h).  sign.c holds the keys and
 * signs; sign_digest.c hashes and decodes; sign_time.c writes the
 * timestamp formats; sign_rule.c evaluates a rule's nodes for one
 * attempt.  Every buffer that may hold a secret is wiped before it is
 * freed.
 */
#ifndef APICC_SIGN_INTERNAL_H
#define APICC_SIGN_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "apicc/endpoint.h"
#include "apicc/sign.h"
#include "buf_internal.h"

/* ---- sign.c ------------------------------------------------------------- */

/* Signs `len` bytes with `alg` (HMAC-SHA256/384/512, Ed25519, RSA-SHA256,
 * ES256 as r || s).  *out is malloc'd (*n bytes); the caller wipes and
 * frees it.  A key that does not suit the algorithm is APICC_ERR_SIGN. */
apicc_status apicc__sign_raw(apicc_sign_alg alg, const apicc_sign_key *key,
                             const void *payload, size_t len,
                             unsigned char **out, size_t *n);

/* ---- sign_digest.c ------------------------------------------------------ */

/* `digest` is "sha256", "sha384" or "sha512".  Writes the hash or HMAC
 * into `out` (room for 64 bytes) and returns its length, 0 on failure
 * (an unknown digest, or OpenSSL's). */
size_t apicc__digest(const char *digest, const void *data, size_t len,
                     unsigned char out[64]);
size_t apicc__hmac(const char *digest, const void *key, size_t klen,
                   const void *data, size_t len, unsigned char out[64]);

/* Appends `n` random bytes (OpenSSL's CSPRNG); 0 on failure. */
int apicc__random(unsigned char *out, size_t n);

/* Decoders: append the decoded bytes to `out`; 0 on bad input (an odd
 * length or a non-hex digit; a character outside base64 or its URL
 * alphabet, padding optional). */
int apicc__hex_decode_to(apicc__buf *out, const char *s, size_t n);
int apicc__base64_decode_to(apicc__buf *out, const char *s, size_t n);

/* Base64 with the URL alphabet and no padding (RFC 4648 5, JOSE). */
void apicc__base64url_to(apicc__buf *out, const void *data, size_t n);

/* Decodes a secret as issued (raw, base64 or hex) into `out`; 0 when it
 * does not decode or is empty. */
int apicc__decode_secret(apicc_secret_encoding enc, const char *text,
                         apicc__buf *out);

/* ---- sign_place.c ------------------------------------------------------- */

/* The text rewrites a value placed first or in the body makes, shared by
 * every transport: `query` gains name=value (percent-encoded) in front;
 * `out` becomes `old` with a field added: a JSON object body gains the
 * member (a string, or the digits when `number`), anything else a form
 * field; `name` NULL: `out` is the value alone.  0 when out of memory. */
int apicc__prepend_query(apicc__buf *query, const char *name,
                         const char *value, size_t len);
int apicc__body_with(apicc__buf *out, const char *old, size_t oldlen,
                     const char *name, const char *value, size_t len,
                     int first, int number);

/* Sorts a query's name=value pairs by name, bytewise and stably (the
 * names as encoded, which keeps the order of unreserved names).  0 when
 * out of memory. */
int apicc__sort_query(apicc__buf *query);

/* ---- sign_time.c -------------------------------------------------------- */

/* Writes the time `ms` (milliseconds since the epoch, UTC) plus
 * `offset_s` seconds in `format`: "ms", "s", "us" (decimal), "iso8601"
 * (2020-12-08T09:08:57Z), "iso8601_ms" (2020-12-08T09:08:57.715Z),
 * "datetime" (2020-12-08T09:08:57), "aws" (20201208T090857Z), "date"
 * (20201208).  Returns 0 for an unknown format. */
int apicc__format_time(apicc__buf *out, int64_t ms, int64_t offset_s,
                       const char *format);

/* Whether `format` is one apicc__format_time knows. */
int apicc__time_format_ok(const char *format);

/* The nonce units: "ms", "us", "s" (the clock, made to increase) or
 * "count" (1, 2, 3...).  Returns the clock reading in the unit, or -1
 * for an unknown unit. */
int64_t apicc__nonce_base(int64_t ms, const char *unit);

/* ---- sign_rule.c -------------------------------------------------------- */

/* Appends `n` bytes as a JSON string literal, quotes included. */
void apicc__json_quote(apicc__buf *out, const char *s, size_t n);

/* What one attempt's rule evaluation reads. */
typedef struct apicc__sign_env {
    apicc_sign_input in;   /* method, path, query, body, params */
    const char *host;      /* Host header or URL authority, or NULL */
    const char *(*header)(void *ctx, const char *name); /* or NULL */
    void *ctx;
    const char *api_key;   /* or NULL */
    const unsigned char *secret; /* decoded, or NULL */
    size_t secret_len;
    const char *passphrase; /* or NULL */
    const apicc_sign_key *key; /* what SIGN uses, or NULL */
    int64_t now_ms;        /* one reading per attempt */
    int64_t nonce;         /* already made to increase */
    const char *skip_param; /* the short form's signature name: a param of
                               that name is left out of sorted params */
} apicc__sign_env;

/* The values of a rule's outputs already computed, by index. */
typedef struct apicc__sign_cache {
    apicc__buf *values; /* noutputs entries */
    unsigned char *state; /* 0: not yet, 1: computing, 2: done */
    size_t n;
} apicc__sign_cache;

/* Evaluates node `i` of `rule`, appending its bytes to `out`.  Outputs
 * named by APICC_OP_VALUE are computed through `cache`.  A node out of
 * range, a cycle, a missing credential or bad input is
 * APICC_ERR_INVALID_ARG (or _NO_CREDENTIALS, _SIGN, _NOMEM). */
apicc_status apicc__sign_eval(const apicc_sign_rule *rule, size_t i,
                              const apicc__sign_env *env,
                              apicc__sign_cache *cache, apicc__buf *out);

/* ---- sign_request.c ----------------------------------------------------- */

struct apicc__sign_target; /* auth_internal.h */

/* Evaluates and places a rule's outputs in order (the short form first
 * rewritten into outputs), reporting each value to `trace` when given.
 * On failure *placing says whether the transport's place failed (it then
 * recorded why itself). */
apicc_status apicc__sign_run(const apicc_sign_rule *rule,
                             apicc__sign_env *env,
                             const struct apicc__sign_target *t,
                             const apicc_arg *args, size_t nargs,
                             apicc_sign_trace_fn trace, void *tctx,
                             int *placing);

/* Whether the rule has a node `op`; *text is the first one's text. */
int apicc__sign_uses(const apicc_sign_rule *r, apicc_sign_op op,
                     const char **text);

/* The value of output `k`, computed once. */
apicc_status apicc__sign_output(const apicc_sign_rule *rule, size_t k,
                                const apicc__sign_env *env,
                                apicc__sign_cache *cache,
                                const apicc__buf **value);

#endif
