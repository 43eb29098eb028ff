/*
 * The client's last error (never installed): what apicc_client_error
 * returns, rebuilt by every call.  Bottom layer: depends only on the
 * JSON helpers and the encoders; the record lives on the client
 * (client_state_internal.h), never in a global.
 *
 * Nothing that reaches it is ever a credential: callers of apicc__fail
 * pass names, never values.
 */
#ifndef APICC_ERROR_INTERNAL_H
#define APICC_ERROR_INTERNAL_H

#include <stddef.h>

#include "apicc/client.h"
#include "apicc/endpoint.h"

/* The record and the strings it owns (freed at the next call). */
typedef struct apicc__error_record {
    apicc_error err;
    char message[512];
    char *provider_code;
    char *provider_message;
    char *body;
    size_t body_len; /* may hold NUL bytes: wiped by length */
    char *transport;
} apicc__error_record;

/*
 * Copies `src` into `dst` (cap bytes, cap > 0) with what a terminal could
 * act on written out as text (\xHH, \u0080): every text for people that
 * came from a server passes through it.  A copy that does not fit is cut
 * between characters.  Backslashes are kept, so a second pass changes
 * nothing.
 */
void apicc__printable(char *dst, size_t cap, const char *src);

/* Resets the last error to APICC_OK at the start of a call. */
void apicc__error_reset(apicc_client *c);

/* Wipes and frees the record's strings (the client's release). */
void apicc__error_free(apicc_client *c);

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

/* Keeps the status of a response that arrived, so a failure found in its
 * body later still says which answer it was. */
void apicc__error_set_http_status(apicc_client *c, long http_status);

/* Fills provider_code/provider_message from a parsed error body using the
 * endpoint's error shape; harmless when json or shape is NULL. */
void apicc__error_set_provider(apicc_client *c, const cJSON *json,
                               const apicc_error_shape *shape);

#endif
