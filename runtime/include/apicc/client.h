/*
 * The client: configuration, credentials, the last error, and the one call
 * every generated endpoint function makes.
 *
 * Threads: a client is used by one thread at a time; different clients may
 * be used in different threads at once.  Call apicc_global_init() once
 * before starting threads.
 */
#ifndef APICC_CLIENT_H
#define APICC_CLIENT_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "endpoint.h"
#include "export.h"
#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct apicc_client apicc_client;

/*
 * Process-wide set-up of libcurl and OpenSSL.  Call once before any other
 * thread starts; later calls are harmless.  apicc_client_new calls it too,
 * for single-threaded programs that never do.
 *
 * Secrets in memory: apicc wipes its own copies of credentials, request
 * lines, URLs, cookies, bodies and WebSocket buffers before freeing them.
 * The copies libcurl and cJSON make (libcurl's request and receive
 * buffers, the JSON trees of requests and answers, printed bodies) are
 * wiped by giving both libraries allocation functions that clear every
 * block they free (glibc only: the size of a block comes from
 * malloc_usable_size).  This applies to every cJSON tree in the process,
 * the caller's included, and takes effect only when apicc initialises
 * libcurl first: a program that called curl_global_init before, uses its
 * own cJSON hooks (pass APICC_GLOBAL_KEEP_ALLOCATORS to keep them), or
 * runs on another C library gets no wiping of those libraries' memory.
 * Never wiped by apicc: what OpenSSL holds for TLS (keys, records it
 * decrypted), what the kernel holds in socket buffers, strings the
 * caller owns, and results the caller frees with plain free().
 */
APICC_API apicc_status apicc_global_init(void);

/* apicc_global_init with choices: APICC_GLOBAL_KEEP_ALLOCATORS leaves
 * libcurl's and cJSON's allocation functions alone (their copies of
 * secrets are then not wiped). */
#define APICC_GLOBAL_KEEP_ALLOCATORS 1u
APICC_API apicc_status apicc_global_init_flags(unsigned flags);

/* Ends what apicc_global_init began (cJSON's default allocation
 * functions come back); only after every client is freed. */
APICC_API void apicc_global_cleanup(void);

/*
 * Creates a client for `base_url` ("https://api.example.com/v1", or
 * "wss://host/ws-api/v3" for a WebSocket API).  The URL is copied.
 * Returns NULL when out of memory or when base_url is not an http(s) or
 * ws(s) URL.  Caller frees with apicc_client_free.
 */
APICC_API apicc_client *apicc_client_new(const char *base_url);

/* Closes connections, wipes every secret, frees the client; NULL is fine. */
APICC_API void apicc_client_free(apicc_client *c);

/* The base URL as given; valid until the client is freed. */
APICC_API const char *apicc_client_base_url(const apicc_client *c);

/* ---- configuration: every setter copies its arguments ------------------ */

/* Connect timeout (default 10 000 ms) and total time of one HTTP attempt
 * (default 30 000 ms; a call that retries can take up to that many times
 * the attempts, plus the backoff between them, unless a call deadline is
 * set: apicc_client_set_call_deadline_ms).  The total time also
 * bounds every WebSocket wait.  0 keeps the default.  Redirects are not
 * followed: a 3xx answer is the call's result (APICC_ERR_HTTP), so an
 * Authorization header never travels to a host the spec did not name. */
APICC_API apicc_status apicc_client_set_connect_timeout_ms(apicc_client *c,
                                                           long ms);
APICC_API apicc_status apicc_client_set_timeout_ms(apicc_client *c, long ms);

/*
 * A deadline for a whole HTTP call: every attempt, and the waits between
 * retries, end within `ms` of the call's start (0, the default: none, so
 * a call is bounded by the attempts times the timeout plus the waits).
 * An attempt gets the smaller of the timeout and the time left; a retry
 * whose wait would pass the deadline is not made, and the call fails with
 * the last attempt's error, saying the deadline passed.  A WebSocket call
 * has no retries: its connect timeout and timeout bound it.
 */
APICC_API apicc_status apicc_client_set_call_deadline_ms(apicc_client *c,
                                                        long ms);

/* A CA bundle file or a hashed CA directory to verify servers with. */
APICC_API apicc_status apicc_client_set_ca_file(apicc_client *c,
                                                const char *path);
APICC_API apicc_status apicc_client_set_ca_path(apicc_client *c,
                                                const char *dir);

/*
 * INSECURE: stops verifying the server's certificate and host name.  For a
 * local gateway with a self-signed certificate when no CA file is at hand;
 * prefer apicc_client_set_ca_file.  Off by default.
 */
APICC_API apicc_status apicc_client_set_insecure_skip_verify(apicc_client *c,
                                                             int insecure);

/* A proxy URL ("http://proxy:3128"); NULL removes it. */
APICC_API apicc_status apicc_client_set_proxy(apicc_client *c,
                                              const char *url);

/* The User-Agent header (default "apicc/<version>"). */
APICC_API apicc_status apicc_client_set_user_agent(apicc_client *c,
                                                   const char *ua);

/* A header sent with every request; a second call with the same name
 * replaces the value.  CR or LF in either is refused. */
APICC_API apicc_status apicc_client_add_header(apicc_client *c,
                                               const char *name,
                                               const char *value);

/* The largest response body accepted (default 16 MiB). */
APICC_API apicc_status apicc_client_set_max_response_bytes(apicc_client *c,
                                                           size_t max);

/*
 * Retries: at most `max_attempts` tries in all (default 1, no retry), with
 * exponential backoff from `base_delay_ms` (default 200) doubling up to
 * `max_delay_ms` (default 5 000), with jitter; a Retry-After header is
 * honoured up to max_delay_ms.  Retried: failures before the request was
 * sent, and 429 and 503 answers; failures after sending only for
 * idempotent endpoints.
 */
APICC_API apicc_status apicc_client_set_retry(apicc_client *c,
                                              int max_attempts,
                                              long base_delay_ms,
                                              long max_delay_ms);

/* ---- per-call options --------------------------------------------------- */

/* One extra header: a name (an RFC 9110 token) and a value without CR/LF. */
typedef struct apicc_header {
    const char *name;
    const char *value;
} apicc_header;

/*
 * Options for the next call only.  They are set on the client rather than
 * passed to each endpoint function, so every generated function keeps its
 * one signature (and an endpoint without params needs no params struct);
 * a client is used by one thread at a time, so "the next call" is always
 * well defined.  Zero members are left as the client has them.
 */
typedef struct apicc_call_options {
    long timeout_ms;  /* each attempt of this call; 0: the client's */
    long deadline_ms; /* the whole call, retries and waits included;
                         0: the client's call deadline */
    const apicc_header *headers; /* sent with this call, after the
                                    client's own headers (same name:
                                    this one wins) */
    size_t nheaders;
    /* Sent as "Idempotency-Key: <key>" (every attempt carries the same
     * key), and the call counts as idempotent: a POST is then retried
     * after a failure past sending, as the server drops repeats. */
    const char *idempotency_key;
} apicc_call_options;

/*
 * Copies `o` for the next apicc_call (or generated endpoint function) on
 * this client, which uses it and then forgets it, whatever the outcome.
 * NULL forgets options set and not yet used.  A bad header name, CR or LF
 * in a value or the key, or a negative time is APICC_ERR_INVALID_ARG and
 * sets nothing.  A WebSocket call takes the timeout and deadline (for its
 * wait for the answer) and refuses headers and an idempotency key with
 * APICC_ERR_INVALID_ARG, as a frame has no headers to carry them.
 */
APICC_API apicc_status apicc_client_set_next_call(apicc_client *c,
                                                  const apicc_call_options *o);

/* ---- tracing ------------------------------------------------------------- */

/*
 * What one HTTP attempt, or one WebSocket call (its request frame and the
 * answer: no headers, the connection's URL), sent and received, for a
 * trace callback.  Every
 * credential is redacted (shown as "[redacted]"): Authorization and
 * Proxy-Authorization, Cookie and Set-Cookie values, the header, query
 * and cookie names of the endpoint's auth schemes (API keys, signatures),
 * and any header or query name that says key, token, secret, signature,
 * session, password or auth (but Idempotency-Key, which is shown).  Bodies are given by size only.  Everything
 * is valid during the callback only.
 */
typedef struct apicc_trace_event {
    const char *endpoint; /* the endpoint's name */
    const char *method;
    const char *url;      /* redacted as above */
    int attempt;          /* 1, then 2, ... when the call is retried */
    const char *const *request_headers; /* "Name: value" lines */
    size_t n_request_headers;
    size_t request_body_bytes;
    long status;          /* 0 when no response arrived */
    const char *const *response_headers;
    size_t n_response_headers;
    size_t response_body_bytes;
    long elapsed_ms;      /* from sending to the end of the answer */
    apicc_status result;  /* the attempt's outcome */
} apicc_trace_event;

typedef void (*apicc_trace_fn)(const apicc_trace_event *e, void *user);

/* Calls fn after every HTTP attempt and every WebSocket call of this
 * client; NULL stops it. */
APICC_API apicc_status apicc_client_set_trace(apicc_client *c,
                                              apicc_trace_fn fn, void *user);

/* A trace callback that prints each event to `stream` (a FILE *; NULL:
 * stderr): one "apicc: METHOD URL -> STATUS ..." line, then "> " request
 * and "< " response header lines.  The examples install it when
 * APICC_TRACE=1. */
APICC_API void apicc_trace_print(const apicc_trace_event *e, void *stream);

/* ---- credentials: copied, wiped when replaced or freed ----------------- */

/* Basic credentials, used by every BASIC scheme. */
APICC_API apicc_status apicc_client_set_basic(apicc_client *c,
                                              const char *user,
                                              const char *password);

/* The bearer token, used by every BEARER scheme; NULL clears it.  A
 * refresh endpoint replaces it through the spec's sets_credential. */
APICC_API apicc_status apicc_client_set_bearer(apicc_client *c,
                                               const char *token);

/* The key of the APIKEY or SIGNATURE scheme `scheme` (its spec name);
 * NULL clears it. */
APICC_API apicc_status apicc_client_set_api_key(apicc_client *c,
                                                const char *scheme,
                                                const char *key);

/* The HMAC secret used by SIGNATURE schemes with an HMAC algorithm. */
APICC_API apicc_status apicc_client_set_hmac_secret(apicc_client *c,
                                                    const char *secret,
                                                    size_t len);

/* Credentials of one SIGNATURE scheme, used before the client-wide
 * secret and private key above (so two schemes may sign with different
 * keys on one client).  The secret is text as the provider issues it and
 * is decoded as the scheme's rule says (raw, base64 or hex); a secret
 * that does not decode is APICC_ERR_INVALID_ARG.  The private key file
 * holds an Ed25519, RSA or P-256 key in PEM.  The passphrase is the one
 * some providers ask for beside the key.  NULL clears; every copy is
 * wiped when replaced, cleared or freed. */
APICC_API apicc_status apicc_client_set_scheme_secret(
    apicc_client *c, const apicc_auth_scheme *scheme, const char *secret);
APICC_API apicc_status apicc_client_set_scheme_private_key_file(
    apicc_client *c, const apicc_auth_scheme *scheme, const char *path);
APICC_API apicc_status apicc_client_set_passphrase(apicc_client *c,
                                                   const char *scheme,
                                                   const char *passphrase);

/* An Ed25519 or RSA private key (PEM, PKCS#8 or traditional) used by
 * SIGNATURE schemes with those algorithms. */
APICC_API apicc_status apicc_client_set_private_key_pem(apicc_client *c,
                                                        const char *pem,
                                                        size_t len);
APICC_API apicc_status apicc_client_set_private_key_file(apicc_client *c,
                                                         const char *path);

/* Forgets the credential of one scheme (by spec name) or, with NULL, all
 * credentials and cookies. */
APICC_API void apicc_client_clear_credentials(apicc_client *c,
                                              const char *scheme);

/* Overrides the clock used for signing timestamps (milliseconds since the
 * epoch); 0 goes back to the real clock.  For tests and for `apicc sign`. */
APICC_API void apicc_client_set_fixed_time_ms(apicc_client *c, int64_t ms);

/* ---- the last error ---------------------------------------------------- */

typedef struct apicc_error {
    apicc_status status;
    long http_status;       /* the answer's status (after a success too);
                               0 when no response arrived */
    const char *provider_code;    /* the provider's error code as text
                                     ("-1022", "invalid_argument"), or NULL */
    const char *provider_message; /* or NULL */
    const char *message;    /* what went wrong, for people; never NULL,
                               never contains a secret */
    const char *body;       /* the response body, truncated to 4 KiB, or
                               NULL */
    const char *transport_message; /* libcurl's or the TLS library's text,
                                      or NULL */
} apicc_error;

/* The last call's error (status APICC_OK after a success).  Valid until the
 * next call on this client.  Never NULL. */
APICC_API const apicc_error *apicc_client_error(const apicc_client *c);

/* Records an error on the client, for generated code whose response parse
 * failed.  Returns `st` so it can be returned directly. */
APICC_API apicc_status apicc_client_fail(apicc_client *c, apicc_status st,
                                         const char *message);

/* ---- response metadata ------------------------------------------------- */

/* The last response's status code, 0 if none. */
APICC_API long apicc_client_last_http_status(const apicc_client *c);

/* A header of the last response (case-insensitive name), or NULL; valid
 * until the next call.  For Retry-After and rate-limit headers. */
APICC_API const char *apicc_client_response_header(const apicc_client *c,
                                                   const char *name);

/* A cookie the client holds for later requests, or NULL; valid until the
 * next call. */
APICC_API const char *apicc_client_cookie(const apicc_client *c,
                                          const char *name);

/* Number of connections the client opened so far (keep-alive shows as 1). */
APICC_API long apicc_client_connection_count(const apicc_client *c);

/* ---- the call ---------------------------------------------------------- */

/*
 * Performs one endpoint call.  `args` are the present params; `body` is the
 * request body (borrowed; NULL when none).  On APICC_OK, *out receives the
 * parsed JSON response body (NULL when the endpoint has none or the body
 * was empty); the caller frees it with cJSON_Delete.  On failure *out is
 * NULL and apicc_client_error() tells why: a provider error body, when it
 * parses, fills provider_code and provider_message.  Dispatches on
 * ep->transport: HTTP through libcurl, WebSocket through the client's
 * connection (opened on first use).
 */
APICC_API apicc_status apicc_call(apicc_client *c, const apicc_endpoint *ep,
                                  const apicc_arg *args, size_t nargs,
                                  const cJSON *body, cJSON **out);

#ifdef __cplusplus
}
#endif
#endif
