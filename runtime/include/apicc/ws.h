/*
 * WebSocket: an RFC 6455 client connection usable on its own (apicc_ws_*),
 * and the client-level pieces of WebSocket APIs (apicc_client_ws_*):
 * requests in flight, frames that answer no request, the session state
 * and the rate limits of the last response.
 *
 * The connection is opened by libcurl (so ws:// and wss:// share the
 * HTTP client's TLS, CA and proxy handling); framing, masking,
 * fragmentation, ping/pong and the close handshake are done here.  Every
 * wait is bounded.
 *
 * Threads: an apicc_ws, like an apicc_client, is used by one thread at a
 * time.
 */
#ifndef APICC_WS_H
#define APICC_WS_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "client.h"
#include "endpoint.h"
#include "export.h"
#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ==== a connection on its own ========================================= */

typedef struct apicc_ws apicc_ws;

/* Where a connection stands. */
typedef enum apicc_ws_state {
    APICC_WS_IDLE = 0, /* never connected */
    APICC_WS_OPEN,     /* messages flow both ways */
    APICC_WS_CLOSED,   /* the close handshake ended it, or it was closed */
    APICC_WS_FAILED    /* an error ended it (see apicc_ws_error) */
} apicc_ws_state;

/* Kinds of message. */
typedef enum apicc_ws_type {
    APICC_WS_TEXT = 1, /* valid UTF-8 (checked both ways) */
    APICC_WS_BINARY,
    APICC_WS_PONG /* the answer to apicc_ws_ping (or a heartbeat) */
} apicc_ws_type;

/* A received message.  `data` is borrowed from the connection and valid
 * until the next call on it; text is followed by a NUL (not counted). */
typedef struct apicc_ws_message {
    apicc_ws_type type;
    const unsigned char *data;
    size_t len;
} apicc_ws_message;

/*
 * Creates an unconnected connection with the defaults: connect timeout
 * 10 000 ms, wait timeout 30 000 ms, messages up to 16 MiB, TLS
 * verification on, User-Agent "apicc/<version>".  Returns NULL when out
 * of memory.  Caller frees with apicc_ws_free.
 */
APICC_API apicc_ws *apicc_ws_new(void);

/* Closes the connection (a close frame, without waiting for the answer)
 * and frees it; NULL is fine. */
APICC_API void apicc_ws_free(apicc_ws *ws);

/* ---- settings: copied; they apply from the next apicc_ws_connect ------ */

/* connect_ms bounds opening: resolving, TCP, TLS, proxy and the upgrade
 * handshake.  io_ms is the default for every later wait (send, receive,
 * close).  0 keeps a value; negative is APICC_ERR_INVALID_ARG. */
APICC_API apicc_status apicc_ws_set_timeouts(apicc_ws *ws, long connect_ms,
                                             long io_ms);

/* A CA bundle file, or a hashed CA directory, to verify wss:// servers
 * with (NULL: the system's).  APICC_ERR_NOMEM when the copy fails. */
APICC_API apicc_status apicc_ws_set_ca_file(apicc_ws *ws, const char *path);
APICC_API apicc_status apicc_ws_set_ca_path(apicc_ws *ws, const char *dir);

/* INSECURE: stops verifying the server's certificate and host name.
 * Prefer apicc_ws_set_ca_file.  Off by default. */
APICC_API apicc_status apicc_ws_set_insecure_skip_verify(apicc_ws *ws,
                                                         int insecure);

/* A proxy URL ("http://proxy:3128"); the connection always goes through a
 * CONNECT tunnel.  NULL: libcurl's default (the *_proxy variables). */
APICC_API apicc_status apicc_ws_set_proxy(apicc_ws *ws, const char *url);

/* The User-Agent header; NULL sends none. */
APICC_API apicc_status apicc_ws_set_user_agent(apicc_ws *ws, const char *ua);

/* An extra header for the upgrade request (Origin, Authorization,
 * Sec-WebSocket-Protocol, ...).  A second call with the same name
 * replaces the value.  CR, LF or a colon in the name, CR or LF in the
 * value, and the headers the handshake itself sets (Host, Upgrade,
 * Connection, Sec-WebSocket-Key, -Version, -Extensions) are
 * APICC_ERR_INVALID_ARG. */
APICC_API apicc_status apicc_ws_add_header(apicc_ws *ws, const char *name,
                                           const char *value);

/* The largest message accepted, after reassembly (default 16 MiB).  A
 * bigger one fails the connection with APICC_ERR_TOO_LARGE (close code
 * 1009).  0 is APICC_ERR_INVALID_ARG. */
APICC_API apicc_status apicc_ws_set_max_message(apicc_ws *ws, size_t max);

/* ---- the connection --------------------------------------------------- */

/*
 * Connects to `url` (ws://host[:port]/path?query or wss://...) and does
 * the opening handshake.  Reconnects a connection that was closed or
 * failed.  Returns APICC_OK, or APICC_ERR_INVALID_ARG (bad URL, already
 * open), APICC_ERR_RESOLVE, APICC_ERR_TRANSPORT, APICC_ERR_TLS,
 * APICC_ERR_TIMEOUT, APICC_ERR_HTTP (the server answered another status
 * than 101; see apicc_ws_http_status), APICC_ERR_PROTOCOL (a bad
 * answer, e.g. a wrong Sec-WebSocket-Accept) or APICC_ERR_NOMEM.
 */
APICC_API apicc_status apicc_ws_connect(apicc_ws *ws, const char *url);

/*
 * Sends one message in one frame, masked with a fresh random key.  Text
 * must be valid UTF-8 (else APICC_ERR_INVALID_ARG, nothing sent); len may
 * be 0.  Waits at most the io timeout for the socket.  Returns APICC_OK,
 * APICC_ERR_CLOSED (not open), APICC_ERR_TIMEOUT or APICC_ERR_TRANSPORT /
 * APICC_ERR_TLS; a failure part-way through a frame fails the
 * connection.
 */
APICC_API apicc_status apicc_ws_send(apicc_ws *ws, apicc_ws_type type,
                                     const void *data, size_t len);

/* Sends a ping with up to 125 bytes of payload; the pong comes back from
 * apicc_ws_recv as an APICC_WS_PONG message.  Returns as apicc_ws_send. */
APICC_API apicc_status apicc_ws_ping(apicc_ws *ws, const void *data,
                                     size_t len);

/*
 * Waits at most `timeout_ms` (negative: the io timeout; 0: only what has
 * arrived) for the next text, binary or pong message and fills *msg.
 * Pings are answered with pongs on the way.  Returns APICC_OK,
 * APICC_ERR_TIMEOUT (the connection stays usable; a partly received
 * message is kept), APICC_ERR_CLOSED (the server closed: see
 * apicc_ws_close_code; the close frame was answered), or, failing the
 * connection after sending a close frame with the matching code,
 * APICC_ERR_PROTOCOL, APICC_ERR_TOO_LARGE, APICC_ERR_TRANSPORT,
 * APICC_ERR_TLS or APICC_ERR_NOMEM.
 */
APICC_API apicc_status apicc_ws_recv(apicc_ws *ws, long timeout_ms,
                                     apicc_ws_message *msg);

/*
 * The close handshake: sends a close frame with `code` (0: no code;
 * else 1000-1003, 1007-1014 or 3000-4999) and `reason` (NULL or UTF-8 of
 * at most 123 bytes), discards messages until the server's close frame
 * arrives (at most the io timeout), then closes the socket.  Returns
 * APICC_OK, APICC_ERR_TIMEOUT (no answer in time: closed anyway),
 * APICC_ERR_INVALID_ARG, or APICC_ERR_CLOSED when it was not open.
 */
APICC_API apicc_status apicc_ws_close(apicc_ws *ws, int code,
                                      const char *reason);

/* Where the connection stands. */
APICC_API apicc_ws_state apicc_ws_get_state(const apicc_ws *ws);

/* The close code the server sent (1005 when its close frame had none,
 * 1006 when the connection dropped without one, 0 while open). */
APICC_API int apicc_ws_close_code(const apicc_ws *ws);

/* The server's close reason (maybe ""); valid until the next call. */
APICC_API const char *apicc_ws_close_reason(const apicc_ws *ws);

/* The status of the upgrade answer (101 when it succeeded, 0 before). */
APICC_API long apicc_ws_http_status(const apicc_ws *ws);

/* What the last failing call did wrong, for people ("" after a success);
 * never NULL, valid until the next call. */
APICC_API const char *apicc_ws_error(const apicc_ws *ws);

/* ==== WebSocket APIs on an apicc_client ================================ */

/*
 * A client whose base URL is ws:// or wss:// runs apicc_call over one
 * connection, opened on first use.  Each call sends the text frame
 * {"id": "<unique>", "method": ep->method, "params": {...}}: params are
 * the APICC_IN_PARAM arguments (arrays become JSON arrays; numbers are
 * written exactly as the signed payload has them), the members of a JSON
 * object body (a signed request takes no body), and what the chosen
 * scheme adds: a signature scheme its API key, timestamp and signature
 * (the same rules as HTTP), an API-key scheme placed in APICC_IN_PARAM
 * its key.  An empty params object is left out.  The answer with the
 * same id must be {"id", "status", "result" | "error": {"code", "msg"},
 * "rateLimits"}: apicc_call's *out is `result` (NULL when the endpoint
 * expects no response).  An `error` member, or a status that is not a
 * success for the endpoint (default: below 300), fails the call the way
 * an HTTP error does: APICC_ERR_AUTH for 401 and 403, else
 * APICC_ERR_PROVIDER when the error shape finds a code or message (in
 * apicc_client_error()), else APICC_ERR_HTTP; http_status holds the
 * frame's status.  The client's timeout bounds each call, its connect
 * timeout the opening; default headers and the User-Agent go into the
 * upgrade request.
 *
 * After the connection drops, the next call or send reconnects (settings
 * changed meanwhile apply to each new connection), re-sending the logon
 * and the subscriptions the spec says survive a reconnect (see
 * "subscriptions" below).
 *
 * There is no background thread: frames are read, and server pings
 * answered, only inside calls on the client.  A program that stays idle
 * longer than the server's ping patience (a minute for Binance) should
 * call apicc_client_ws_next_event(c, 0, &ev) now and then.
 */

/* The state of the client's WebSocket session. */
typedef struct apicc_ws_session {
    int connected;    /* a connection is open */
    int logged_on;    /* an APICC_SESSION_LOGON endpoint succeeded on
                         this connection and no LOGOUT since */
    int logon_lost;   /* the session was logged on and is no more,
                         other than by a LOGOUT endpoint: the
                         connection dropped, or the server sent an
                         unsolicited 401; cleared by the next logon */
    long connections; /* connections opened so far */
    long drops;       /* connections that ended other than by
                         apicc_client_ws_disconnect */
    size_t in_flight; /* requests sent and not yet answered */
    size_t queued_events;
    long dropped_events; /* events lost: queue full, or not JSON text */
    long dropped_typed;  /* events a typed handler recognised whose
                            payload did not match its model (they went
                            on to the raw handler or the queue) */
    size_t subscriptions; /* subscriptions kept: open, or to be
                             re-opened after a drop (see
                             apicc_client_ws_unsubscribe) */
    long replays;         /* reconnects after which the logon and the
                             subscriptions were sent again */
} apicc_ws_session;

/* Fills *out; a client that never used WebSocket reads all zeros.
 * APICC_ERR_INVALID_ARG when an argument is NULL. */
APICC_API apicc_status apicc_client_ws_session(const apicc_client *c,
                                               apicc_ws_session *out);

/* Opens the connection now (a call would open it anyway), reopening a
 * dropped one; APICC_OK at once when open.  Errors as apicc_ws_connect,
 * details in apicc_client_error(). */
APICC_API apicc_status apicc_client_ws_connect(apicc_client *c);

/* Closes the connection with code 1000 and opens a new one.  Requests in
 * flight fail with APICC_ERR_CLOSED. */
APICC_API apicc_status apicc_client_ws_reconnect(apicc_client *c);

/* The close handshake with code 1000 (bounded by the client's timeout);
 * requests in flight are forgotten.  The next call opens a new
 * connection.  Harmless when not connected. */
APICC_API void apicc_client_ws_disconnect(apicc_client *c);

/*
 * Sends a request without waiting for its answer, so several can be in
 * flight; *ticket names it for apicc_client_ws_wait.  Fails as apicc_call
 * does before anything is sent (arguments, credentials, signing,
 * connecting, sending).
 */
APICC_API apicc_status apicc_client_ws_send(apicc_client *c,
                                            const apicc_endpoint *ep,
                                            const apicc_arg *args, size_t nargs,
                                            const cJSON *body,
                                            uint64_t *ticket);

/*
 * Waits for the answer to `ticket` (answers to other requests in flight
 * are kept for their own wait; other frames go to the events), at most
 * the client's timeout.  Results, errors and credential updates as
 * apicc_call; caller frees *out with cJSON_Delete.  An unknown ticket is
 * APICC_ERR_INVALID_ARG; on APICC_ERR_TIMEOUT the request is forgotten
 * and a late answer becomes an event.
 */
APICC_API apicc_status apicc_client_ws_wait(apicc_client *c, uint64_t ticket,
                                            cJSON **out);

/*
 * Called for each frame that answers no request in flight (pushed
 * events, notices, unsolicited errors, late answers), during any call or
 * wait on the client.  `event` is the parsed JSON (a text frame that is
 * not JSON arrives as a JSON string), borrowed for the callback's
 * duration.  The callback must not call into this client.  NULL goes
 * back to queueing.
 */
typedef void (*apicc_ws_event_fn)(void *user, const cJSON *event);
APICC_API void apicc_client_ws_set_event_handler(apicc_client *c,
                                                 apicc_ws_event_fn fn,
                                                 void *user);

/*
 * Typed events: a spec's `events:` become generated descriptors and
 * `<provider>_on_<event>(c, handler, user)` functions, which call this.
 * Each frame that answers no request is offered to the typed handlers
 * first: the first whose descriptor recognises it (the member at
 * `when_path` is the string `when_equals`) gets the payload (the member
 * at `payload_path`, or the frame) read into the descriptor's model,
 * borrowed for the call.  A frame no typed handler takes, or whose
 * payload does not match the model, goes on to the raw handler or the
 * queue above, so nothing is lost; the mismatches are counted in the
 * session's `dropped_typed`.
 *
 * `deliver` is the generated trampoline that calls `handler` with its
 * own type (a function pointer is stored as void (*)(void) and converted
 * back to its type before the call, as C allows).  A NULL handler
 * removes the descriptor's handler.  The callback must not call into
 * this client.
 */
typedef void (*apicc_event_deliver_fn)(void (*handler)(void), void *user,
                                       const void *value);
struct apicc_model_desc;
typedef struct apicc_event_desc {
    const char *when_path;    /* dotted path in the frame: "event.e" */
    const char *when_equals;  /* the string there */
    const char *payload_path; /* dotted path of the payload; NULL: frame */
    const struct apicc_model_desc *model;
    apicc_event_deliver_fn deliver;
    /* the subscription the event belongs to, or NULL: such an event is
     * typed only while a subscription of this kind with the id at the
     * descriptor's event_id_path is open */
    const apicc_subscription_desc *subscription;
} apicc_event_desc;

APICC_API apicc_status apicc_client_ws_on(apicc_client *c,
                                          const apicc_event_desc *ev,
                                          void (*handler)(void), void *user);

/*
 * Takes the oldest queued event (without a handler, up to 4096 events
 * taking at most 32 MiB as parsed trees are kept; beyond either bound
 * the oldest are dropped and counted), waiting at most `timeout_ms` (negative:
 * the client's timeout; 0: only what has arrived) for one to arrive.
 * Returns APICC_OK with *out set (caller frees with cJSON_Delete),
 * APICC_ERR_TIMEOUT, or a connection error (APICC_ERR_CLOSED after a
 * drop; the next call reconnects).  Never opens a connection: without
 * one, only queued events are returned.
 */
APICC_API apicc_status apicc_client_ws_next_event(apicc_client *c,
                                                  long timeout_ms, cJSON **out);

/* The `rateLimits` member of the last answer that had one, or NULL;
 * borrowed, valid until the next call on the client. */
APICC_API const cJSON *apicc_client_ws_rate_limits(const apicc_client *c);

/* ---- subscriptions ------------------------------------------------------ */

/*
 * A subscription an endpoint with a `subscribe:` opened (its generated
 * function hands it back): a handle the client chooses, nonzero, which
 * stays the same when a reconnect re-opens the subscription under a new
 * server id.  The client keeps, per open subscription, a copy of the
 * request that opened it and the server's current id; events whose
 * descriptor belongs to the subscription are typed only while one with
 * their id is open.
 *
 * Tracked for calls made with apicc_call (the generated functions), not
 * for apicc_client_ws_send.  A successful call of the unsubscribe
 * endpoint closes the subscription whose id it names, or, called
 * without the id, every subscription it closes.
 *
 * Reconnects: when the connection has dropped, the next call,
 * apicc_client_ws_connect or apicc_client_ws_reconnect opens a new one
 * and, before anything else goes out, sends again the last logon of an
 * endpoint marked survives_reconnect (re-signed: a fresh timestamp) and
 * every open subscription of such an endpoint (their new ids replace
 * the old).  A replay that fails closes the connection again (the next
 * call tries again) and fails the call that set it off.  Subscriptions
 * of other endpoints end with the connection, and a logon of another
 * endpoint is reported lost (apicc_ws_session's logon_lost).
 * apicc_client_ws_disconnect forgets the logon and the subscriptions.
 */
typedef uint64_t apicc_subscription;

/* The subscription the client's latest successful call opened, or 0. */
APICC_API apicc_subscription
apicc_client_ws_last_subscription(const apicc_client *c);

/* The server's current id of an open subscription (borrowed, valid until
 * the next call on the client), or NULL when it is not open. */
APICC_API const cJSON *apicc_client_ws_subscription_id(const apicc_client *c,
                                                       apicc_subscription sub);

/*
 * Calls the subscription's unsubscribe endpoint with its current id and,
 * on success, forgets it.  APICC_ERR_INVALID_ARG when it is not open;
 * other failures as apicc_call.
 */
APICC_API apicc_status apicc_client_ws_unsubscribe(apicc_client *c,
                                                   apicc_subscription sub);

#ifdef __cplusplus
}
#endif
#endif
