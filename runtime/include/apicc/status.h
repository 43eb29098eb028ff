/*
 * Status codes: one table gives each code its name and message.
 *
 * A status says what kind of failure happened, chosen by what the caller
 * does next; details live on the client (apicc_client_error).  The list is
 * append-only: codes are never renumbered, and a retired code stays as a
 * placeholder.
 */
#ifndef APICC_STATUS_H
#define APICC_STATUS_H

#include "export.h"

#ifdef __cplusplus
extern "C" {
#endif

/* X(name, message) */
#define APICC_STATUS_MAP(X)                                                    \
    X(OK, "success")                                                           \
    X(ERR_NOMEM, "out of memory")                                              \
    X(ERR_INVALID_ARG, "invalid argument")                                     \
    X(ERR_TRANSPORT, "connection failed")                                      \
    X(ERR_TLS, "TLS failure")                                                  \
    X(ERR_TIMEOUT, "timed out")                                                \
    X(ERR_HTTP, "HTTP error status")                                           \
    X(ERR_RESPONSE, "malformed response")                                      \
    X(ERR_AUTH, "authentication failed")                                       \
    X(ERR_NO_CREDENTIALS, "no credentials for this call")                      \
    X(ERR_PROVIDER, "the provider returned an error")                          \
    X(ERR_TOO_LARGE, "response too large")                                     \
    X(ERR_SIGN, "signing failed")                                              \
    X(ERR_PROTOCOL, "protocol violation")                                      \
    X(ERR_CLOSED, "connection closed")                                         \
    X(ERR_RESOLVE, "cannot resolve host name")                                 \
    X(ERR_IO, "file input/output failed")                                     \
    X(ERR_CANCELLED, "call cancelled")

typedef enum apicc_status {
#define APICC__STATUS_ENUM(name, msg) APICC_##name,
    APICC_STATUS_MAP(APICC__STATUS_ENUM)
#undef APICC__STATUS_ENUM
    APICC__STATUS_COUNT
} apicc_status;

/* The message of a status ("timed out"); never NULL. */
APICC_API const char *apicc_strerror(apicc_status st);

/* The identifier of a status ("APICC_ERR_TIMEOUT"); never NULL. */
APICC_API const char *apicc_status_name(apicc_status st);

#ifdef __cplusplus
}
#endif
#endif
