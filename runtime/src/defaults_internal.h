/*
 * Every default and fixed bound of the runtime's settings, in one place
 * (never installed): what a new client, a new WebSocket connection and
 * the calls on them use until the caller says otherwise.  Bottom layer:
 * depends on nothing.
 */
#ifndef APICC_DEFAULTS_INTERNAL_H
#define APICC_DEFAULTS_INTERNAL_H

#include "apicc/version.h"

/* ---- both transports ---------------------------------------------------- */

#define APICC__DEFAULT_CONNECT_TIMEOUT_MS 10000L
#define APICC__DEFAULT_TIMEOUT_MS 30000L
/* The largest response body (HTTP) or message (WebSocket) kept. */
#define APICC__DEFAULT_MAX_RESPONSE ((size_t)16 * 1024 * 1024)
#define APICC__DEFAULT_USER_AGENT "apicc/" APICC_VERSION_STRING
/* The oldest TLS version either transport accepts, set by apicc rather
 * than left to the system's OpenSSL policy, which may allow TLS 1.0/1.1
 * (a libcurl CURLOPT_SSLVERSION value: expand it where curl.h is in). */
#define APICC__TLS_MIN_VERSION CURL_SSLVERSION_TLSv1_2

/* ---- the client's error record ----------------------------------------- */

/* How much of an error body is kept (the rest is cut). */
#define APICC__ERROR_BODY_MAX 4096

/* ---- HTTP retries -------------------------------------------------------- */

#define APICC__DEFAULT_RETRY_BASE_MS 200L
#define APICC__DEFAULT_RETRY_MAX_MS 5000L
#define APICC__RETRY_ATTEMPTS_MAX 100

/* ---- WebSocket ----------------------------------------------------------- */

#define APICC__WS_IN_CAP 65536      /* bytes read from the socket at once */
#define APICC__WS_SEND_CHUNK 65536  /* payload masked and sent per piece */
#define APICC__WS_MAX_REPLY 16384   /* the most handshake header bytes read */
#define APICC__WS_EVENT_MAX 4096    /* unsolicited messages a client keeps */
/* At most this long to tell the peer why we fail a connection. */
#define APICC__WS_FAIL_SEND_MS 1000
/* The longest single poll() wait: poll takes an int, so a long wait is
 * cut into slices that stay in range. */
#define APICC__WS_POLL_SLICE_MS 60000

#endif
