/*
 * Credentials, shared by the runtime's own files (never installed): the
 * store on each client and the choice of scheme (auth.c), and signing
 * one request (sign_request.c) for whichever transport carries it.
 *
 * Layer: credentials (see client_internal.h).  Uses only the bottom and
 * the signing primitives (apicc/sign.h); both transports call it.
 * Nothing written here contains a value: only scheme and field names.
 */
#ifndef APICC_AUTH_INTERNAL_H
#define APICC_AUTH_INTERNAL_H

#include <stddef.h>

#include "apicc/endpoint.h"
#include "apicc/sign.h"
#include "client_internal.h"

/* ---- the store and the choice of scheme (auth.c) ----------------------- */

/* The API key set for scheme `name`, or NULL. */
const char *apicc__api_key(const apicc_client *c, const char *scheme);

/* The signing key for `alg` (HMAC secret or private key), or NULL. */
const apicc_sign_key *apicc__sign_key(const apicc_client *c,
                                      apicc_sign_alg alg);

/* What a signature scheme signs with: its own key (set with
 * apicc_client_set_scheme_secret or _private_key_file), else the
 * client's HMAC secret or private key for the rule's algorithm; NULL
 * when there is none. */
const apicc_sign_key *apicc__scheme_sign_key(const apicc_client *c,
                                             const apicc_auth_scheme *s);

/* The scheme's secret as bytes, decoded as its rule says (else the
 * client's HMAC secret as set), and its passphrase; NULL when unset. */
const unsigned char *apicc__scheme_secret(const apicc_client *c,
                                          const apicc_auth_scheme *s,
                                          size_t *len);
const char *apicc__passphrase(const apicc_client *c, const char *scheme);

/* The next nonce: `base` (the clock in the nonce's unit) or one more
 * than the last nonce this client used, whichever is larger, so nonces
 * increase even within one millisecond or under a fixed clock. */
int64_t apicc__next_nonce(apicc_client *c, int64_t base);

/* The Basic credentials (base64 of "user:password", ready for the
 * header) and the bearer token, or NULL; borrowed until they change. */
const char *apicc__basic_credentials(const apicc_client *c);
const char *apicc__bearer_token(const apicc_client *c);

/* Whether the client holds what `scheme` needs (SESSION_COOKIE: always). */
int apicc__has_credentials(const apicc_client *c,
                           const apicc_auth_scheme *scheme);

/* Picks the endpoint's first alternative whose schemes all have
 * credentials: ep->auth[*first .. *first + *count) apply together, in
 * that order.  *count is 0 when the endpoint needs none.  Fails with
 * APICC_ERR_NO_CREDENTIALS (message naming the schemes, never a secret)
 * when no alternative is satisfied. */
apicc_status apicc__choose_schemes(apicc_client *c, const apicc_endpoint *ep,
                                   size_t *first, size_t *count);

/* After a successful call: applies ep->sets from `response` and ep->clears.
 * A missing `from` field is an APICC_ERR_RESPONSE.  apicc_call (call.c)
 * runs it once a transport returns APICC_OK; transports need not. */
apicc_status apicc__apply_credential_updates(apicc_client *c,
                                             const apicc_endpoint *ep,
                                             const cJSON *response);

/* Wipes every secret and frees the store (apicc_client_free). */
void apicc__creds_free(struct apicc__creds *cr);

/* ---- signing one request (sign_request.c) ------------------------------- */

/*
 * How a transport takes part in signing: where the rule's values go and
 * what the payload sees.  HTTP puts them in its request (query, header or
 * cookie); WebSocket in the frame's params.
 */
typedef struct apicc__sign_target {
    /* Adds one value the rule places (its API key or timestamp before the
     * payload is built, the signature after): a->name, a->in from the
     * rule, a string or an integer.  Records its own failure on the
     * client, without the value. */
    apicc_status (*place)(void *ctx, const apicc_arg *a);
    /* Fills the method, path, query and body of `in` from the request as
     * it stands once the key and timestamp are placed. */
    void (*describe)(void *ctx, apicc_sign_input *in);
    /* Optional (NULL: the rule cannot use them): a value placed first
     * among the params or in the body; the value of a request header
     * (NULL when absent); the Host the request goes to; sorting the
     * query by name in place. */
    apicc_status (*place_at)(void *ctx, const apicc_arg *a,
                             apicc_sign_place where, int first);
    const char *(*header)(void *ctx, const char *name);
    const char *(*host)(void *ctx);
    void (*sort_query)(void *ctx);
    void *ctx;
} apicc__sign_target;

/*
 * Signs one attempt of a request with signature scheme `scheme`: takes
 * the time now (so a retry, which calls this again, signs afresh), places
 * the rule's key and timestamp, builds the payload from the request and
 * the call's `args` plus those two (sign_payload.c), signs it (sign.c)
 * and places the signature last, so a query-string signature ends the
 * query as providers expect ("...&timestamp=...&signature=...").
 * Failures are recorded on the client (APICC_ERR_NO_CREDENTIALS,
 * _INVALID_ARG, _SIGN, _NOMEM); every copy of the payload and the
 * signature is wiped.
 */
apicc_status apicc__sign_request(apicc_client *c,
                                 const apicc_auth_scheme *scheme,
                                 const apicc_arg *args, size_t nargs,
                                 const apicc__sign_target *t);

#endif
