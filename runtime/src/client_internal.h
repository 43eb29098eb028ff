/*
 * The client's insides, shared by the runtime's own files (never
 * installed).  Functions here use the apicc__ prefix.
 *
 * Files: client.c (life cycle, configuration, errors), auth.c
 * (credentials and applying schemes), http.c (HTTP calls), ws_call.c
 * (WebSocket calls).  Each transport keeps its own state behind one
 * pointer so the others need not know its layout.
 */
#ifndef APICC_CLIENT_INTERNAL_H
#define APICC_CLIENT_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "apicc/client.h"
#include "apicc/sign.h"

struct apicc__http_state; /* http.c */
struct apicc__ws_state;   /* ws_call.c */
struct apicc__creds;      /* auth.c */

/* ---- errors (client.c) ------------------------------------------------ */

/* Resets the last error to APICC_OK at the start of a call. */
void apicc__error_reset(apicc_client *c);

/* Records a failure; `fmt` must never be given a secret.  Returns st. */
#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
apicc_status apicc__fail(apicc_client *c, apicc_status st, const char *fmt,
                         ...);

/* Stores the HTTP status (or the WebSocket frame's status), a truncated
 * copy of the body, and the transport's own text (may be NULL). */
void apicc__error_set_response(apicc_client *c, long http_status,
                               const char *body, size_t len);
void apicc__error_set_transport(apicc_client *c, const char *text);

/* Fills provider_code/provider_message from a parsed error body using the
 * endpoint's error shape; harmless when json or shape is NULL. */
void apicc__error_set_provider(apicc_client *c, const cJSON *json,
                               const apicc_error_shape *shape);

/* The member of `root` at dotted path `path` ("error.code"; a numeric
 * segment indexes an array), or NULL.  Borrowed from root. */
const cJSON *apicc__json_at(const cJSON *root, const char *path);

/* "a string", "an object", ... for messages; "an empty body" for NULL. */
const char *apicc__json_kind(const cJSON *j);

/* Parses JSON like cJSON_ParseWithLength, holding a lock around cJSON's
 * process-wide error pointer so threads never race on it (global.c).
 * Every parse in the runtime should go through it.  Caller deletes. */
cJSON *apicc__json_parse(const char *data, size_t len);

/* ---- configuration read by the transports (client.c) ------------------- */

typedef struct apicc__config {
    char *base_url;
    long connect_timeout_ms;
    long timeout_ms;
    char *ca_file;
    char *ca_path;
    int insecure;
    char *proxy;
    char *user_agent;
    char **header_names; /* default headers */
    char **header_values;
    size_t nheaders;
    size_t max_response;
    int retry_max_attempts;
    long retry_base_delay_ms;
    long retry_max_delay_ms;
    long call_deadline_ms; /* 0: none; bounds a whole HTTP call */
    int64_t fixed_time_ms;
    unsigned long generation; /* bumped by every setter, so a transport
                                 can tell when to re-apply settings */
} apicc__config;

const apicc__config *apicc__client_config(const apicc_client *c);

/* Milliseconds since the epoch (or the fixed time when set). */
int64_t apicc__now_ms(const apicc_client *c);

/* Milliseconds on a monotonic clock, for deadlines (HTTP and WebSocket). */
int64_t apicc__clock_ms(void);

/* ---- credentials (auth.c) --------------------------------------------- */

/* The API key set for scheme `name`, or NULL. */
const char *apicc__api_key(const apicc_client *c, const char *scheme);

/* The signing key for `alg` (HMAC secret or private key), or NULL. */
const apicc_sign_key *apicc__sign_key(const apicc_client *c,
                                      apicc_sign_alg alg);

/* Whether the client holds what `scheme` needs (SESSION_COOKIE: always). */
int apicc__has_credentials(const apicc_client *c,
                           const apicc_auth_scheme *scheme);

/* Picks the endpoint's first scheme with credentials.  *out is NULL when
 * the endpoint needs none.  Fails with APICC_ERR_NO_CREDENTIALS (message
 * naming the schemes, never a secret) when none is satisfied. */
apicc_status apicc__choose_scheme(apicc_client *c, const apicc_endpoint *ep,
                                  const apicc_auth_scheme **out);

/* After a successful call: applies ep->sets from `response` and ep->clears.
 * A missing `from` field is an APICC_ERR_RESPONSE.  apicc_call (client.c)
 * runs it once a transport returns APICC_OK; transports need not. */
apicc_status apicc__apply_credential_updates(apicc_client *c,
                                             const apicc_endpoint *ep,
                                             const cJSON *response);

/* The credentials slot on the client, owned by auth.c, and its release
 * (wipes every secret; called by apicc_client_free). */
struct apicc__creds **apicc__creds_slot(apicc_client *c);
void apicc__creds_free(struct apicc__creds *cr);

/* ---- transports -------------------------------------------------------- */

apicc_status apicc__http_call(apicc_client *c, const apicc_endpoint *ep,
                              const apicc_arg *args, size_t nargs,
                              const cJSON *body, cJSON **out);
void apicc__http_cleanup(apicc_client *c);

apicc_status apicc__ws_call(apicc_client *c, const apicc_endpoint *ep,
                            const apicc_arg *args, size_t nargs,
                            const cJSON *body, cJSON **out);
void apicc__ws_cleanup(apicc_client *c);

/* Transport state slots on the client, owned by http.c and ws_call.c. */
struct apicc__http_state **apicc__http_slot(apicc_client *c);
struct apicc__ws_state **apicc__ws_slot(apicc_client *c);

/* The HTTP state for readers of a const client (response metadata);
 * NULL before the first HTTP call. */
struct apicc__http_state *apicc__http_state_of(const apicc_client *c);

/* Forgets the cookie `name` held for later requests, or every cookie
 * when name is NULL (http_meta.c). */
void apicc__http_clear_cookies(apicc_client *c, const char *name);

#endif
