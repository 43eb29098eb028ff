/*
 * The WebSocket client's layers, shared by the runtime's ws_*.c files
 * (never installed):
 *
 *   ws_url.c        ws:// and wss:// URLs
 *   ws_handshake.c  the HTTP/1.1 upgrade request and the server's answer
 *   ws_utf8.c       incremental UTF-8 validation
 *   ws_frame.c      frame encoding (client side) and the streaming decoder
 *                   for server frames, with every RFC 6455 check
 *   ws_io.c         the byte stream: a libcurl CONNECT_ONLY connection
 *   ws_conn.c       the public apicc_ws connection (ws.h)
 *   ws_recv.c       receiving: decoding, pings, the close handshake
 *   ws_call.c       request/response calls on an apicc_client
 *   ws_events.c     the queue of events a client keeps for its caller
 *   ws_typed.c      typed events: frames recognised and read into models
 *
 * The URL, handshake, UTF-8 and frame layers do no I/O, so unit tests
 * drive them with byte strings.
 *
 * Layer: a transport (see client_internal.h).  ws_url.c up to ws_conn.c
 * use only the bottom (the clock, the defaults); the calls on a client
 * (ws_request.c, ws_call.c, ws_client.c) also use the credentials
 * (auth_internal.h).  Only dispatch (call.c, client.c) calls into them.
 */
#ifndef APICC_WS_INTERNAL_H
#define APICC_WS_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include <curl/curl.h>

#include "apicc/status.h"
#include "apicc/ws.h"
#include "client_internal.h"
#include "defaults_internal.h" /* buffer sizes, timeouts */
#include "json_parse.h"       /* the arena events are parsed in */

/* ---- URLs (ws_url.c) --------------------------------------------------- */

typedef struct apicc__ws_url {
    int secure;        /* wss:// */
    char *host;        /* without the brackets of an IPv6 literal */
    int port;          /* explicit, or 80 / 443 */
    char *host_header; /* the Host header: "host" or "host:port" */
    char *resource;    /* "/path?query", at least "/" */
    char *curl_url;    /* "http(s)://host:port/" for libcurl to connect */
} apicc__ws_url;

/*
 * Parses `url` ("ws://host[:port][/path][?query]", "wss://...", an IPv6
 * host in brackets).  A fragment, user info, an empty host, a bad port
 * or a character outside printable ASCII is refused: APICC_ERR_INVALID_ARG
 * with *why set to a static reason.  Caller frees *out with
 * apicc__ws_url_free (also after a failure, which leaves it zeroed).
 */
apicc_status apicc__ws_url_parse(const char *url, apicc__ws_url *out,
                                 const char **why);
void apicc__ws_url_free(apicc__ws_url *u);

/* ---- the opening handshake (ws_handshake.c) ---------------------------- */

#define APICC__WS_KEY_LEN 24      /* base64 of 16 random bytes */
#define APICC__WS_ACCEPT_LEN 28   /* base64 of a SHA-1 digest */

/* A fresh Sec-WebSocket-Key from OpenSSL's RAND_bytes; 0 on failure. */
int apicc__ws_make_key(char key[APICC__WS_KEY_LEN + 1]);

/* The Sec-WebSocket-Accept value a server must answer `key` with:
 * base64(SHA-1(key + the RFC 6455 GUID)). */
void apicc__ws_accept_for(const char *key, char out[APICC__WS_ACCEPT_LEN + 1]);

/*
 * The upgrade request for `u` with `key`, a User-Agent (NULL: none) and
 * extra headers (names and values, already checked for CR/LF).  Returns a
 * malloc'd string (its length in *len), or NULL when out of memory.
 */
char *apicc__ws_request(const apicc__ws_url *u, const char *key,
                        const char *user_agent, char *const *names,
                        char *const *values, size_t nheaders, size_t *len);

/* The length of the header block in buf[0..len) (through the blank line
 * "\r\n\r\n" that ends it), or 0 when it has not ended yet.  The scan
 * starts at `from`, so a reader can look only at what arrived since. */
size_t apicc__ws_header_end(const char *buf, size_t from, size_t len);

/* What apicc__ws_parse_reply found. */
typedef struct apicc__ws_reply {
    size_t header_len; /* bytes up to and including the blank line; 0 while
                          the header is incomplete */
    long status;       /* the status code, once the status line is read */
} apicc__ws_reply;

/*
 * Checks the server's answer in `buf` (`len` bytes read so far) against
 * the key sent: status 101, "Upgrade: websocket", a "Connection" header
 * with the "upgrade" token, the right Sec-WebSocket-Accept, no
 * extension (none was offered), and no Sec-WebSocket-Protocol unless it
 * names one of the `offered` subprotocols (the request's comma-separated
 * Sec-WebSocket-Protocol value; NULL when none was offered).  Returns APICC_OK with header_len 0 when
 * more bytes are needed, APICC_OK with header_len set when the upgrade is
 * accepted (later bytes are already WebSocket frames), or APICC_ERR_HTTP
 * (another status), APICC_ERR_PROTOCOL (a bad answer) or
 * APICC_ERR_TOO_LARGE (no blank line within APICC__WS_MAX_REPLY bytes),
 * with a message in `why`.
 */
apicc_status apicc__ws_parse_reply(const char *buf, size_t len, const char *key,
                                   const char *offered, apicc__ws_reply *out,
                                   char *why, size_t whylen);

/* ---- UTF-8 (ws_utf8.c) -------------------------------------------------- */

/* The state of an incremental validator: zero-initialize to start. */
typedef struct apicc__utf8 {
    uint8_t need;   /* continuation bytes still expected */
    uint8_t lo, hi; /* the range allowed for the next continuation byte */
} apicc__utf8;

/* Feeds `n` bytes; returns 0 as soon as they cannot be part of valid
 * UTF-8 (overlong forms, surrogates, code points above U+10FFFF, stray
 * continuation bytes), 1 otherwise.  A character may span calls. */
int apicc__utf8_feed(apicc__utf8 *st, const uint8_t *p, size_t n);

/* Whether the text fed so far ends on a character boundary. */
int apicc__utf8_done(const apicc__utf8 *st);

/* Whether `n` bytes are complete, valid UTF-8. */
int apicc__utf8_valid(const void *p, size_t n);

/* ---- frames (ws_frame.c) ----------------------------------------------- */

enum {
    APICC__WS_OP_CONT = 0x0,
    APICC__WS_OP_TEXT = 0x1,
    APICC__WS_OP_BINARY = 0x2,
    APICC__WS_OP_CLOSE = 0x8,
    APICC__WS_OP_PING = 0x9,
    APICC__WS_OP_PONG = 0xA
};

#define APICC__WS_MAX_HEADER 14 /* 2 + 8 (length) + 4 (mask) */
#define APICC__WS_MAX_CONTROL 125

/* Close codes this client sends when it fails a connection. */
#define APICC__WS_CLOSE_NORMAL 1000
#define APICC__WS_CLOSE_PROTOCOL 1002
#define APICC__WS_CLOSE_NO_STATUS 1005 /* never on the wire */
#define APICC__WS_CLOSE_ABNORMAL 1006  /* never on the wire */
#define APICC__WS_CLOSE_BAD_DATA 1007
#define APICC__WS_CLOSE_TOO_BIG 1009
#define APICC__WS_CLOSE_INTERNAL 1011

/*
 * Writes the header of a client frame (FIN set or not, `opcode`, payload
 * length `len`, masked with `mask`) to `out` and returns its length
 * (6, 8 or 14).
 */
size_t apicc__ws_frame_header(uint8_t out[APICC__WS_MAX_HEADER], int fin,
                              int opcode, uint64_t len, const uint8_t mask[4]);

/* XORs `len` bytes with the mask, starting at byte `offset` of the
 * payload (so a payload can be masked piece by piece). */
void apicc__ws_mask(uint8_t *data, size_t len, const uint8_t mask[4],
                    uint64_t offset);

/* Whether a close code may appear in a close frame on the wire
 * (1000-1003, 1007-1014, 3000-4999). */
int apicc__ws_close_code_valid(int code);

/* What the decoder produced. */
typedef enum apicc__ws_ev_type {
    APICC__WS_EV_NONE = 0, /* the input was used up, no frame completed */
    APICC__WS_EV_TEXT,
    APICC__WS_EV_BINARY,
    APICC__WS_EV_PING,
    APICC__WS_EV_PONG,
    APICC__WS_EV_CLOSE
} apicc__ws_ev_type;

typedef struct apicc__ws_event {
    apicc__ws_ev_type type;
    const uint8_t *data; /* the message or control payload; valid until
                            the next apicc__ws_decode call */
    size_t len;
    int close_code;     /* CLOSE: the code, or 1005 when none was sent */
    const char *reason; /* CLOSE: the reason (not NUL-terminated) */
    size_t reason_len;
} apicc__ws_event;

/*
 * A streaming decoder of server frames.  It takes bytes as they arrive,
 * in pieces of any size, reassembles fragmented messages, and checks:
 * reserved bits (no extension is ever negotiated), masked server frames,
 * unknown opcodes, control frames over 125 bytes or fragmented, 64-bit
 * lengths with the top bit set, messages over max_message, continuation
 * frames with no message started, a new message inside a fragmented one,
 * UTF-8 of text messages (as the fragments arrive) and of close reasons,
 * and close codes.
 */
typedef struct apicc__ws_decoder {
    size_t max_message;
    /* the frame being read */
    uint8_t hdr[APICC__WS_MAX_HEADER];
    size_t hdr_len;
    size_t hdr_need;
    int in_payload;
    int fin;
    int opcode;
    uint64_t remaining;
    /* the data message being assembled */
    int msg_opcode; /* 0: none in progress */
    uint8_t *msg;
    size_t msg_len;
    size_t msg_cap;
    apicc__utf8 utf8;
    int delivered; /* a message was handed out: reset on the next call */
    /* the control frame being read */
    uint8_t ctl[APICC__WS_MAX_CONTROL];
    size_t ctl_len;
    /* after a failure: the close code to send and why (static text) */
    int fail_code;
    const char *fail_why;
} apicc__ws_decoder;

/* Starts a decoder; max_message 0 means no limit beyond SIZE_MAX. */
void apicc__ws_decoder_init(apicc__ws_decoder *d, size_t max_message);

/* Frees the message buffer; the decoder may be initialized again. */
void apicc__ws_decoder_free(apicc__ws_decoder *d);

/*
 * Consumes bytes from `in` until a frame that yields an event completes
 * or the input is used up; *used says how many were taken.  Returns
 * APICC_OK (ev->type says what completed, NONE when nothing did), or on
 * a violation APICC_ERR_PROTOCOL, APICC_ERR_TOO_LARGE or APICC_ERR_NOMEM
 * with d->fail_code and d->fail_why set; the decoder is then unusable.
 */
apicc_status apicc__ws_decode(apicc__ws_decoder *d, const uint8_t *in,
                              size_t len, size_t *used, apicc__ws_event *ev);

/* Whether a frame or a fragmented message is partly read. */
int apicc__ws_decoder_busy(const apicc__ws_decoder *d);

/* ---- the byte stream (ws_io.c) ----------------------------------------- */

/* Settings for opening a stream (borrowed). */
typedef struct apicc__ws_io_opts {
    long connect_timeout_ms;
    const char *ca_file;
    const char *ca_path;
    int insecure;
    const char *proxy;
} apicc__ws_io_opts;

typedef struct apicc__ws_io {
    CURL *curl;
    curl_socket_t fd;
    int64_t late_deadline; /* the passed deadline already given its one
                              late read (see apicc__ws_io_recv) */
    char curl_err[CURL_ERROR_SIZE];
} apicc__ws_io;

/*
 * Opens a TCP (and for wss, TLS) connection to u->curl_url with libcurl's
 * CONNECT_ONLY, through the proxy if any (always as a CONNECT tunnel).
 * On failure returns APICC_ERR_RESOLVE, _TRANSPORT, _TLS, _TIMEOUT or
 * _NOMEM with a message in `why` and libcurl's text in io->curl_err.
 */
apicc_status apicc__ws_io_open(apicc__ws_io *io, const apicc__ws_url *u,
                               const apicc__ws_io_opts *o, char *why,
                               size_t whylen);

/* Closes the connection; harmless on a closed one. */
void apicc__ws_io_close(apicc__ws_io *io);

/*
 * Sends all `len` bytes, waiting for the socket until `deadline` (a
 * apicc__clock_ms value).  Returns APICC_OK, APICC_ERR_TIMEOUT (some
 * bytes may have gone) or APICC_ERR_TRANSPORT / APICC_ERR_TLS.
 */
apicc_status apicc__ws_io_send(apicc__ws_io *io, const void *buf, size_t len,
                               int64_t deadline, char *why, size_t whylen);

/*
 * Reads what is available, waiting until `deadline` for the first byte.
 * A deadline that has passed gets one read of what is already there;
 * every later read with the same deadline is APICC_ERR_TIMEOUT at once,
 * however much keeps arriving, so a loop of reads under one deadline
 * ends at it.  Returns APICC_OK with *got > 0, APICC_ERR_CLOSED at the
 * end of the stream, APICC_ERR_TIMEOUT, or APICC_ERR_TRANSPORT /
 * APICC_ERR_TLS.
 */
apicc_status apicc__ws_io_recv(apicc__ws_io *io, void *buf, size_t cap,
                               size_t *got, int64_t deadline, char *why,
                               size_t whylen);

/* ---- the connection (ws_conn.c, ws_recv.c) ----------------------------- */

struct apicc_ws {
    /* settings */
    long connect_timeout_ms;
    long timeout_ms;
    char *ca_file;
    char *ca_path;
    int insecure;
    char *proxy;
    char *user_agent;
    char **hnames;
    char **hvalues;
    size_t nheaders;
    size_t max_message;
    /* the connection */
    apicc__ws_io io;
    apicc_ws_state state;
    apicc__ws_decoder dec;
    uint8_t *in; /* bytes read and not yet decoded: in[in_pos..in_len) */
    size_t in_pos;
    size_t in_len;
    uint8_t *out; /* a frame header and a chunk of masked payload */
    uint8_t pong[APICC__WS_MAX_CONTROL]; /* the latest ping's payload */
    size_t pong_len;
    int pong_due; /* that ping is not answered yet */
    int close_sent;
    int close_code;
    char close_reason[APICC__WS_MAX_CONTROL];
    long http_status;
    char err[CURL_ERROR_SIZE + 160];
};

/* Records the failure text of the current call (apicc_ws_error). */
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
void apicc__ws_set_error(apicc_ws *ws, const char *fmt, ...);

/* Sends one masked frame; a failure drops the connection (FAILED). */
apicc_status apicc__ws_send_frame(apicc_ws *ws, int opcode, const void *data,
                                  size_t len, int64_t deadline);

/* Sends a close frame (code 0: no payload) and notes that it was sent. */
apicc_status apicc__ws_send_close(apicc_ws *ws, int code, const char *reason,
                                  size_t rlen, int64_t deadline);

/* Closes the socket and moves to `state` (CLOSED or FAILED); a close
 * code not yet known becomes 1006. */
void apicc__ws_drop(apicc_ws *ws, apicc_ws_state state);

/*
 * Reads and decodes until a message for the caller is ready (text,
 * binary, pong; with `discard`, those are dropped instead), the deadline
 * passes, or the connection ends.  Answers pings, and answers and records
 * the server's close frame (APICC_ERR_CLOSED, state CLOSED).  Calls in a
 * loop with the same deadline end at it however much data arrives (see
 * apicc__ws_io_recv); a deadline of "now" takes what has arrived.
 */
apicc_status apicc__ws_pump(apicc_ws *ws, int64_t deadline,
                            apicc_ws_message *msg, int discard);

/* apicc_ws_recv with an absolute deadline (a apicc__clock_ms value), for
 * callers that wait for something across several messages. */
apicc_status apicc__ws_recv_until(apicc_ws *ws, int64_t deadline,
                                  apicc_ws_message *msg);

/* ---- calls on an apicc_client (ws_request.c, ws_call.c, ws_client.c) -- */

/*
 * Builds the text of a request frame with id `id`: the endpoint's method,
 * the APICC_IN_PARAM arguments, the members of an object body, and the
 * chosen scheme's credentials.  Failures are recorded on the client
 * (APICC_ERR_INVALID_ARG, _NO_CREDENTIALS, _SIGN, _NOMEM).  Caller wipes
 * (it may hold a key and a signature) and frees *out.
 */
apicc_status apicc__ws_build_request(apicc_client *c, const apicc_endpoint *ep,
                                     const apicc_arg *args, size_t nargs,
                                     const cJSON *body, const char *id,
                                     char **out);

/* An endpoint's name for messages (its method when it has none). */
static inline const char *apicc__ws_ep_name(const apicc_endpoint *ep)
{
    return ep->name ? ep->name : ep->method;
}

/* A request in flight. */
typedef struct apicc__ws_pending {
    uint64_t ticket;
    const apicc_endpoint *ep;
    cJSON *reply; /* the answer, once it arrived */
    char *text;   /* its text, kept for the error body when it failed */
    size_t len;
    int lost; /* the connection ended before the answer */
    /* for a trace (apicc_client_set_trace): when the frame went out,
     * its size, and the size of the answer */
    int64_t sent_ms;
    size_t sent_bytes;
    size_t got_bytes;
} apicc__ws_pending;

/* ---- the event queue (ws_events.c) -------------------------------------- */

#define APICC__WS_EVENT_MAX 4096
/* The most memory queued event trees may take (apicc__json_tree_bytes). */
#define APICC__WS_EVENT_BYTES ((size_t)32 << 20)

typedef struct apicc__ws_events {
    cJSON **items; /* a ring of APICC__WS_EVENT_MAX */
    size_t *sizes; /* the memory each takes */
    size_t head;
    size_t count;
    size_t bytes; /* the sum of sizes */
} apicc__ws_events;

/* Queues `ev` (owned from now on), dropping the oldest events as the
 * bounds require; each drop, or `ev` itself when out of memory (then 0 is
 * returned), adds to *dropped. */
int apicc__ws_events_push(apicc__ws_events *q, cJSON *ev, long *dropped);

/* Takes the oldest event (the caller frees it), or NULL. */
cJSON *apicc__ws_events_pop(apicc__ws_events *q);

/* Frees every queued event and the ring. */
void apicc__ws_events_clear(apicc__ws_events *q);


/* ---- typed events (ws_typed.c) ------------------------------------------ */

/* A typed handler set with apicc_client_ws_on. */
typedef struct apicc__ws_typed {
    const apicc_event_desc *desc;
    void (*handler)(void);
    void *user;
} apicc__ws_typed;

/* Sets, replaces (same descriptor) or with a NULL handler removes one;
 * APICC_ERR_NOMEM when the table cannot grow. */
apicc_status apicc__ws_typed_set(struct apicc__ws_state *s,
                                 const apicc_event_desc *desc,
                                 void (*handler)(void), void *user);
/* Offers a frame to the typed handlers: 1 when one took it (the caller
 * still owns and frees `ev`), 0 when it goes on to the raw handling. */
int apicc__ws_typed_offer(struct apicc__ws_state *s, const cJSON *ev);
void apicc__ws_typed_clear(struct apicc__ws_state *s);

/* ---- subscriptions (the table: ws_sub_table.c; the replay and the
 *      transport's call entry point: ws_subscriptions.c) --------------- */

/* A request kept to be sent again after a reconnect: the endpoint, a deep
 * copy of the arguments (strings wiped when freed) and of the body. */
typedef struct apicc__ws_request_copy {
    const apicc_endpoint *ep; /* NULL: none kept */
    apicc_arg *args;
    size_t nargs;
    cJSON *body;
} apicc__ws_request_copy;

/* An open subscription: the request that opened it and the server's
 * current id for it (NULL between a drop and its re-opening). */
typedef struct apicc__ws_sub {
    apicc_subscription handle;
    apicc__ws_request_copy req;
    cJSON *id;
} apicc__ws_sub;

/* Request copies (strings copied, and wiped when freed) and the table's
 * rows; *failed set when out of memory. */
char *apicc__ws_dup_or_null(const char *s, int *failed);
int apicc__ws_request_keep(apicc__ws_request_copy *r,
                           const apicc_endpoint *ep, const apicc_arg *args,
                           size_t nargs, const cJSON *body);
void apicc__ws_request_free(apicc__ws_request_copy *r);
void apicc__ws_sub_remove(struct apicc__ws_state *s, size_t i);

/* After a successful apicc__ws_call: keeps a logon that survives
 * reconnects, records a subscription the call opened (its id taken from
 * s->opened_id), forgets those an unsubscribe closed.  Failures are
 * recorded on the client. */
apicc_status apicc__ws_after_call(apicc_client *c, struct apicc__ws_state *s,
                                  const apicc_endpoint *ep,
                                  const apicc_arg *args, size_t nargs,
                                  const cJSON *body);
/* The connection ended: subscriptions that do not survive a reconnect
 * are forgotten; a replay is due when a logon or subscription remains. */
void apicc__ws_subs_note_closed(struct apicc__ws_state *s);
/* Forgets the kept logon and every subscription. */
void apicc__ws_subs_forget(struct apicc__ws_state *s);
/* Whether a subscription of `d` with the id `id` is open. */
int apicc__ws_subs_open_with(const struct apicc__ws_state *s,
                             const apicc_subscription_desc *d,
                             const cJSON *id);
/* Opens the connection if needed and, when a replay is due, sends the
 * kept logon and subscriptions again (see apicc/ws.h). */
apicc_status apicc__ws_open_and_replay(apicc_client *c,
                                       struct apicc__ws_state *s);
/* Before a request: files what has arrived and, when the connection has
 * dropped and a replay is due, reconnects and replays first. */
apicc_status apicc__ws_prepare(apicc_client *c, struct apicc__ws_state *s);

struct apicc__ws_state {
    apicc_ws *ws;
    char prefix[16]; /* random per client: ids are "<prefix>-<n>" */
    uint64_t next_ticket;
    apicc__ws_pending *pend;
    size_t npend;
    size_t cappend;
    apicc__ws_events events;
    apicc_ws_event_fn handler;
    void *user;
    apicc__ws_typed *typed; /* typed handlers, in the order set */
    size_t ntyped;
    cJSON *rate_limits;
    apicc__json_arena arena; /* the frame being read (ws_call.c) */
    int open; /* the connection counted as open */
    apicc_ws_session s;
    /* subscriptions and replay (ws_subscriptions.c) */
    apicc__ws_request_copy logon; /* the last logon that survives */
    apicc__ws_sub *subs;
    size_t nsubs;
    uint64_t next_sub;
    apicc_subscription last_sub; /* opened by the latest call, or 0 */
    cJSON *opened_id; /* the id a subscribe's answer carried */
    int replay_due;   /* a connection with something to replay ended */
    int replaying;    /* the replay's own calls are going out */
};

/* The client's WebSocket state, created on first use; NULL when out of
 * memory (recorded on the client). */
struct apicc__ws_state *apicc__ws_state_of(apicc_client *c);

/* Opens the connection when it is not open (settings from the client's
 * configuration); failures are recorded on the client. */
apicc_status apicc__ws_ensure_open(apicc_client *c, struct apicc__ws_state *s);

/* Notes that the connection ended: requests in flight are lost, a
 * logged-on session is no longer.  `deliberate`: the caller closed it. */
void apicc__ws_note_closed(struct apicc__ws_state *s, int deliberate);

/* Receives one message (waiting until `deadline`, a apicc__clock_ms
 * value) and files it: an answer with its request, anything else as an
 * event.  APICC_ERR_TIMEOUT leaves the client's error untouched; other
 * failures are recorded. */
apicc_status apicc__ws_pump_one(apicc_client *c, struct apicc__ws_state *s,
                                int64_t deadline);

/* Files whatever has already arrived, without waiting, so a connection
 * the server closed while idle is noticed; 1 when it is open. */
int apicc__ws_drain(apicc_client *c, struct apicc__ws_state *s);

/* Sends a request; *ticket names it.  Errors recorded on the client. */
apicc_status apicc__ws_send_request(apicc_client *c, const apicc_endpoint *ep,
                                    const apicc_arg *args, size_t nargs,
                                    const cJSON *body, uint64_t *ticket);

/* Waits for a ticket's answer and turns it into the call's result. */
apicc_status apicc__ws_wait(apicc_client *c, uint64_t ticket, cJSON **out);

/* The transport's entry points: one call, sent and answered, for
 * apicc_call (ws_subscriptions.c); and the release of the client's
 * WebSocket state (ws_call.c). */
apicc_status apicc__ws_call(apicc_client *c, const apicc_endpoint *ep,
                            const apicc_arg *args, size_t nargs,
                            const cJSON *body, cJSON **out);
void apicc__ws_cleanup(apicc_client *c);

#endif
