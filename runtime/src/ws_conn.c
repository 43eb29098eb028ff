/*
 * The public WebSocket connection (apicc/ws.h): settings, the opening
 * handshake, sending masked frames, receiving messages with automatic
 * pongs, and the close handshake.  Framing rules live in ws_frame.c, the
 * socket in ws_io.c.
 *
 * Failing a connection (RFC 6455 section 7.1.7): on a protocol violation
 * the client sends a close frame with the matching code, bounded by a
 * short wait, and drops the connection at once instead of waiting for
 * the peer's close, since a broken peer may never send one.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/rand.h>

#include "apicc/sign.h"
#include "ws_internal.h"

static char *dup_s(const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    if (p)
        memcpy(p, s, n);
    return p;
}

void apicc__ws_set_error(apicc_ws *ws, const char *fmt, ...)
{
    /* the text may quote the server (a close reason) */
    char raw[sizeof ws->err];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(raw, sizeof raw, fmt, ap);
    va_end(ap);
    apicc__printable(ws->err, sizeof ws->err, raw);
}

/* ---- life cycle and settings ------------------------------------------ */

APICC_API apicc_ws *apicc_ws_new(void)
{
    apicc_ws *ws = calloc(1, sizeof(*ws));
    if (!ws)
        return NULL;
    ws->connect_timeout_ms = APICC__DEFAULT_CONNECT_TIMEOUT_MS;
    ws->timeout_ms = APICC__DEFAULT_TIMEOUT_MS;
    ws->max_message = APICC__DEFAULT_MAX_RESPONSE;
    ws->user_agent = dup_s(APICC__DEFAULT_USER_AGENT);
    ws->in = malloc(APICC__WS_IN_CAP);
    if (!ws->user_agent || !ws->in) {
        free(ws->user_agent);
        free(ws->in);
        free(ws);
        return NULL;
    }
    ws->io.fd = CURL_SOCKET_BAD;
    apicc__ws_decoder_init(&ws->dec, ws->max_message);
    return ws;
}

APICC_API void apicc_ws_free(apicc_ws *ws)
{
    if (!ws)
        return;
    if (ws->state == APICC_WS_OPEN)
        apicc__ws_send_close(ws, APICC__WS_CLOSE_NORMAL, NULL, 0,
                             apicc__clock_ms() + APICC__WS_FAIL_SEND_MS);
    apicc__ws_io_close(&ws->io);
    apicc__ws_decoder_free(&ws->dec);
    for (size_t i = 0; i < ws->nheaders; i++) {
        free(ws->hnames[i]);
        apicc_wipe(ws->hvalues[i], strlen(ws->hvalues[i]));
        free(ws->hvalues[i]);
    }
    free(ws->hnames);
    free(ws->hvalues);
    free(ws->ca_file);
    free(ws->ca_path);
    free(ws->proxy);
    free(ws->user_agent);
    /* what was sent and received may hold keys, signatures, tokens */
    if (ws->in)
        apicc_wipe(ws->in, APICC__WS_IN_CAP);
    free(ws->in);
    if (ws->out)
        apicc_wipe(ws->out, APICC__WS_MAX_HEADER + APICC__WS_SEND_CHUNK);
    free(ws->out);
    free(ws);
}

APICC_API apicc_status apicc_ws_set_timeouts(apicc_ws *ws, long connect_ms,
                                             long io_ms)
{
    if (!ws || connect_ms < 0 || io_ms < 0)
        return APICC_ERR_INVALID_ARG;
    if (connect_ms)
        ws->connect_timeout_ms = connect_ms;
    if (io_ms)
        ws->timeout_ms = io_ms;
    return APICC_OK;
}

static apicc_status replace(char **slot, const char *v)
{
    char *p = NULL;
    if (v && !(p = dup_s(v)))
        return APICC_ERR_NOMEM;
    free(*slot);
    *slot = p;
    return APICC_OK;
}

APICC_API apicc_status apicc_ws_set_ca_file(apicc_ws *ws, const char *path)
{
    return ws ? replace(&ws->ca_file, path) : APICC_ERR_INVALID_ARG;
}

APICC_API apicc_status apicc_ws_set_ca_path(apicc_ws *ws, const char *dir)
{
    return ws ? replace(&ws->ca_path, dir) : APICC_ERR_INVALID_ARG;
}

APICC_API apicc_status apicc_ws_set_insecure_skip_verify(apicc_ws *ws,
                                                         int insecure)
{
    if (!ws)
        return APICC_ERR_INVALID_ARG;
    ws->insecure = insecure != 0;
    return APICC_OK;
}

APICC_API apicc_status apicc_ws_set_proxy(apicc_ws *ws, const char *url)
{
    return ws ? replace(&ws->proxy, url) : APICC_ERR_INVALID_ARG;
}

APICC_API apicc_status apicc_ws_set_user_agent(apicc_ws *ws, const char *ua)
{
    if (!ws || (ua && strpbrk(ua, "\r\n")))
        return APICC_ERR_INVALID_ARG;
    return replace(&ws->user_agent, ua);
}

/* Headers the handshake sets itself and a caller may not. */
static int reserved_header(const char *name)
{
    static const char *const names[] = {"Host",
                                        "Upgrade",
                                        "Connection",
                                        "Sec-WebSocket-Key",
                                        "Sec-WebSocket-Version",
                                        "Sec-WebSocket-Extensions",
                                        "Content-Length",
                                        "Transfer-Encoding"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcasecmp(name, names[i]) == 0)
            return 1;
    return 0;
}

static int token_ok(const char *name)
{
    if (!*name)
        return 0;
    for (const unsigned char *p = (const unsigned char *)name; *p; p++)
        if (*p <= 0x20 || *p >= 0x7f || *p == ':')
            return 0;
    return 1;
}

APICC_API apicc_status apicc_ws_add_header(apicc_ws *ws, const char *name,
                                           const char *value)
{
    if (!ws || !name || !value || !token_ok(name) || reserved_header(name) ||
        strpbrk(value, "\r\n"))
        return APICC_ERR_INVALID_ARG;
    for (size_t i = 0; i < ws->nheaders; i++)
        if (strcasecmp(ws->hnames[i], name) == 0)
            return replace(&ws->hvalues[i], value);
    char **n = realloc(ws->hnames, (ws->nheaders + 1) * sizeof(*n));
    if (!n)
        return APICC_ERR_NOMEM;
    ws->hnames = n;
    char **v = realloc(ws->hvalues, (ws->nheaders + 1) * sizeof(*v));
    if (!v)
        return APICC_ERR_NOMEM;
    ws->hvalues = v;
    n[ws->nheaders] = dup_s(name);
    v[ws->nheaders] = dup_s(value);
    if (!n[ws->nheaders] || !v[ws->nheaders]) {
        free(n[ws->nheaders]);
        free(v[ws->nheaders]);
        return APICC_ERR_NOMEM;
    }
    ws->nheaders++;
    return APICC_OK;
}

APICC_API apicc_status apicc_ws_set_max_message(apicc_ws *ws, size_t max)
{
    if (!ws || max == 0 || max >= SIZE_MAX - 1)
        return APICC_ERR_INVALID_ARG;
    ws->max_message = max;
    return APICC_OK;
}

/* ---- accessors -------------------------------------------------------- */

APICC_API apicc_ws_state apicc_ws_get_state(const apicc_ws *ws)
{
    return ws ? ws->state : APICC_WS_IDLE;
}

APICC_API int apicc_ws_close_code(const apicc_ws *ws)
{
    return ws ? ws->close_code : 0;
}

APICC_API const char *apicc_ws_close_reason(const apicc_ws *ws)
{
    return ws ? ws->close_reason : "";
}

APICC_API long apicc_ws_http_status(const apicc_ws *ws)
{
    return ws ? ws->http_status : 0;
}

APICC_API const char *apicc_ws_error(const apicc_ws *ws)
{
    return ws ? ws->err : "no connection";
}

/* ---- sending ----------------------------------------------------------- */

/* Sends one frame: header and masked payload, in pieces of at most
 * APICC__WS_SEND_CHUNK bytes so a large message needs no copy of its size. */
apicc_status apicc__ws_send_frame(apicc_ws *ws, int opcode, const void *data,
                                  size_t len, int64_t deadline)
{
    uint8_t mask[4];
    if (RAND_bytes(mask, 4) != 1) {
        apicc__ws_set_error(ws, "no random bytes for a frame mask");
        return APICC_ERR_TRANSPORT;
    }
    if (!ws->out) {
        ws->out = malloc(APICC__WS_MAX_HEADER + APICC__WS_SEND_CHUNK);
        if (!ws->out) {
            apicc__ws_set_error(ws, "out of memory");
            return APICC_ERR_NOMEM;
        }
    }
    size_t h = apicc__ws_frame_header(ws->out, 1, opcode, len, mask);
    const uint8_t *p = data;
    uint64_t off = 0;
    char why[256];
    do {
        size_t n = len - off > APICC__WS_SEND_CHUNK ? APICC__WS_SEND_CHUNK
                                                    : len - off;
        if (n)
            memcpy(ws->out + h, p + off, n);
        apicc__ws_mask(ws->out + h, n, mask, off);
        apicc_status st = apicc__ws_io_send(&ws->io, ws->out, h + n, deadline,
                                            why, sizeof why);
        if (st != APICC_OK) {
            /* Part of a frame may be on the wire: the stream is lost. */
            apicc__ws_set_error(ws, "%s", why);
            apicc__ws_drop(ws, APICC_WS_FAILED);
            return st;
        }
        off += n;
        h = 0;
    } while (off < len);
    return APICC_OK;
}

apicc_status apicc__ws_send_close(apicc_ws *ws, int code, const char *reason,
                                  size_t rlen, int64_t deadline)
{
    uint8_t payload[APICC__WS_MAX_CONTROL];
    size_t n = 0;
    if (code) {
        payload[0] = (uint8_t)(code >> 8);
        payload[1] = (uint8_t)code;
        n = 2;
        if (rlen > APICC__WS_MAX_CONTROL - 2)
            rlen = APICC__WS_MAX_CONTROL - 2;
        if (rlen)
            memcpy(payload + 2, reason, rlen);
        n += rlen;
    }
    ws->close_sent = 1;
    return apicc__ws_send_frame(ws, APICC__WS_OP_CLOSE, payload, n, deadline);
}

void apicc__ws_drop(apicc_ws *ws, apicc_ws_state state)
{
    apicc__ws_io_close(&ws->io);
    ws->state = state;
    if (!ws->close_code)
        ws->close_code = APICC__WS_CLOSE_ABNORMAL;
}

static int64_t deadline_in(long ms)
{
    return apicc__clock_ms() + (ms > 0 ? ms : 0);
}

APICC_API apicc_status apicc_ws_send(apicc_ws *ws, apicc_ws_type type,
                                     const void *data, size_t len)
{
    if (!ws || (len && !data) ||
        (type != APICC_WS_TEXT && type != APICC_WS_BINARY))
        return APICC_ERR_INVALID_ARG;
    ws->err[0] = '\0';
    if (ws->state != APICC_WS_OPEN || ws->close_sent) {
        apicc__ws_set_error(ws, "the connection is not open");
        return APICC_ERR_CLOSED;
    }
    if (type == APICC_WS_TEXT && !apicc__utf8_valid(data, len)) {
        apicc__ws_set_error(ws, "a text message must be valid UTF-8");
        return APICC_ERR_INVALID_ARG;
    }
    return apicc__ws_send_frame(
        ws, type == APICC_WS_TEXT ? APICC__WS_OP_TEXT : APICC__WS_OP_BINARY,
        data, len, deadline_in(ws->timeout_ms));
}

APICC_API apicc_status apicc_ws_ping(apicc_ws *ws, const void *data, size_t len)
{
    if (!ws || (len && !data) || len > APICC__WS_MAX_CONTROL)
        return APICC_ERR_INVALID_ARG;
    ws->err[0] = '\0';
    if (ws->state != APICC_WS_OPEN || ws->close_sent) {
        apicc__ws_set_error(ws, "the connection is not open");
        return APICC_ERR_CLOSED;
    }
    return apicc__ws_send_frame(ws, APICC__WS_OP_PING, data, len,
                                deadline_in(ws->timeout_ms));
}

/* ---- connecting -------------------------------------------------------- */

/* The Sec-WebSocket-Protocol value the request offers, or NULL. */
static const char *offered_protocols(const apicc_ws *ws)
{
    for (size_t i = 0; i < ws->nheaders; i++)
        if (strcasecmp(ws->hnames[i], "Sec-WebSocket-Protocol") == 0)
            return ws->hvalues[i];
    return NULL;
}

/* Reads the upgrade answer; leftover bytes stay in ws->in as frames. */
static apicc_status read_reply(apicc_ws *ws, const char *key, int64_t deadline)
{
    char *buf = malloc(APICC__WS_MAX_REPLY);
    if (!buf) {
        apicc__ws_set_error(ws, "out of memory");
        return APICC_ERR_NOMEM;
    }
    size_t len = 0;
    apicc__ws_reply r;
    char why[256];
    apicc_status st;
    for (;;) {
        size_t got = 0;
        st = apicc__ws_io_recv(&ws->io, buf + len, APICC__WS_MAX_REPLY - len,
                               &got, deadline, why, sizeof why);
        if (st == APICC_ERR_CLOSED)
            snprintf(why, sizeof why,
                     "the server closed the connection during the "
                     "handshake");
        if (st == APICC_ERR_TIMEOUT)
            snprintf(why, sizeof why, "no upgrade answer in time");
        if (st != APICC_OK)
            break;
        /* Parse once the blank line that ends the headers has arrived
         * (or the buffer is full, for the size error): a reply trickling
         * in byte by byte is then scanned once, not once per read. */
        size_t from = len > 3 ? len - 3 : 0;
        len += got;
        if (!apicc__ws_header_end(buf, from, len) &&
            len < APICC__WS_MAX_REPLY)
            continue;
        st = apicc__ws_parse_reply(buf, len, key, offered_protocols(ws), &r,
                                   why, sizeof why);
        ws->http_status = r.status;
        if (st != APICC_OK || r.header_len)
            break;
    }
    if (st == APICC_OK) {
        ws->in_len = len - r.header_len;
        memcpy(ws->in, buf + r.header_len, ws->in_len);
        ws->in_pos = 0;
    } else {
        apicc__ws_set_error(ws, "%s", why);
    }
    apicc_wipe(buf, APICC__WS_MAX_REPLY);
    free(buf);
    return st;
}

/* Resets the per-connection state before a new connection. */
static void reset(apicc_ws *ws)
{
    apicc__ws_io_close(&ws->io);
    apicc__ws_decoder_free(&ws->dec);
    apicc__ws_decoder_init(&ws->dec, ws->max_message);
    ws->in_pos = ws->in_len = 0;
    ws->close_code = 0;
    ws->close_reason[0] = '\0';
    ws->close_sent = 0;
    ws->pong_due = 0;
    ws->http_status = 0;
    ws->state = APICC_WS_IDLE;
}

APICC_API apicc_status apicc_ws_connect(apicc_ws *ws, const char *url)
{
    if (!ws)
        return APICC_ERR_INVALID_ARG;
    ws->err[0] = '\0';
    if (ws->state == APICC_WS_OPEN) {
        apicc__ws_set_error(ws, "already connected");
        return APICC_ERR_INVALID_ARG;
    }
    reset(ws);
    apicc__ws_url u;
    const char *bad;
    apicc_status st = apicc__ws_url_parse(url, &u, &bad);
    if (st != APICC_OK) {
        apicc__ws_set_error(ws, "bad WebSocket URL: %s", bad);
        return st;
    }
    int64_t deadline = deadline_in(ws->connect_timeout_ms);
    apicc__ws_io_opts o = {ws->connect_timeout_ms, ws->ca_file, ws->ca_path,
                           ws->insecure, ws->proxy};
    char why[CURL_ERROR_SIZE + 128];
    char key[APICC__WS_KEY_LEN + 1];
    char *req = NULL;
    size_t reqlen = 0;
    st = apicc__ws_io_open(&ws->io, &u, &o, why, sizeof why);
    if (st != APICC_OK) {
        apicc__ws_set_error(ws, "%s", why);
    } else if (!apicc__ws_make_key(key)) {
        st = APICC_ERR_TRANSPORT;
        apicc__ws_set_error(ws, "no random bytes for the handshake key");
    } else if (!(req = apicc__ws_request(&u, key, ws->user_agent, ws->hnames,
                                         ws->hvalues, ws->nheaders, &reqlen))) {
        st = APICC_ERR_NOMEM;
        apicc__ws_set_error(ws, "out of memory");
    } else if ((st = apicc__ws_io_send(&ws->io, req, reqlen, deadline, why,
                                       sizeof why)) != APICC_OK) {
        apicc__ws_set_error(ws, "sending the upgrade request: %s", why);
    } else {
        st = read_reply(ws, key, deadline);
    }
    if (req)
        apicc_wipe(req, reqlen); /* headers may carry an API key */
    free(req);
    apicc__ws_url_free(&u);
    if (st != APICC_OK) {
        apicc__ws_io_close(&ws->io);
        ws->state = APICC_WS_FAILED;
        return st;
    }
    ws->state = APICC_WS_OPEN;
    return APICC_OK;
}
