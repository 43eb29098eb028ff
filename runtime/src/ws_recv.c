/*
 * Receiving on a WebSocket connection: decode what arrives, answer pings,
 * fail the connection on a violation, and the close handshake.
 */
#include <stdio.h>
#include <string.h>

#include "ws_internal.h"

/* Fails the connection after a violation by the server: a close frame
 * with `code` (best effort, briefly), then the socket goes. */
static apicc_status fail_connection(apicc_ws *ws, apicc_status st, int code,
                                    const char *why)
{
    if (ws->state == APICC_WS_OPEN && !ws->close_sent)
        apicc__ws_send_close(ws, code, NULL, 0,
                             apicc__clock_ms() + APICC__WS_FAIL_SEND_MS);
    apicc__ws_drop(ws, APICC_WS_FAILED);
    apicc__ws_set_error(ws, "%s (closed with code %d)", why, code);
    return st;
}

/* The server's close frame: answered unless we sent ours first. */
static apicc_status on_close(apicc_ws *ws, const apicc__ws_event *ev)
{
    /* the server's words, for people: kept printable like every error */
    char raw[sizeof ws->close_reason];
    size_t n = ev->reason_len < sizeof raw - 1 ? ev->reason_len
                                               : sizeof raw - 1;
    memcpy(raw, ev->reason, n);
    raw[n] = '\0';
    apicc__printable(ws->close_reason, sizeof ws->close_reason, raw);
    ws->close_code = ev->close_code;
    if (!ws->close_sent) {
        /* Echo the code (RFC 6455 section 5.5.1); 1005 is never sent. */
        int code =
            ev->close_code == APICC__WS_CLOSE_NO_STATUS ? 0 : ev->close_code;
        apicc__ws_send_close(ws, code, NULL, 0,
                             apicc__clock_ms() + APICC__WS_FAIL_SEND_MS);
    }
    apicc__ws_drop(ws, APICC_WS_CLOSED);
    apicc__ws_set_error(ws, "the server closed the connection (code %d%s%s)",
                        ws->close_code, ws->close_reason[0] ? ": " : "",
                        ws->close_reason);
    return APICC_ERR_CLOSED;
}

/*
 * Handles one decoded event.  Returns APICC_OK with *ready set when a
 * message for the caller is in *msg, APICC_OK to go on, or a failure.
 */
static apicc_status on_event(apicc_ws *ws, const apicc__ws_event *ev,
                             int discard, apicc_ws_message *msg, int *ready)
{
    switch (ev->type) {
    case APICC__WS_EV_TEXT:
    case APICC__WS_EV_BINARY:
    case APICC__WS_EV_PONG:
        if (!discard) {
            msg->type = ev->type == APICC__WS_EV_TEXT     ? APICC_WS_TEXT
                        : ev->type == APICC__WS_EV_BINARY ? APICC_WS_BINARY
                                                          : APICC_WS_PONG;
            msg->data = ev->data;
            msg->len = ev->len;
            *ready = 1;
        }
        return APICC_OK;
    case APICC__WS_EV_PING:
        /* Answered once the bytes read so far are decoded, and only the
         * latest (RFC 6455 section 5.5.3 allows it): a ping flood then
         * costs one pong per read, not one per ping. */
        if (!ws->close_sent) {
            memcpy(ws->pong, ev->data, ev->len);
            ws->pong_len = ev->len;
            ws->pong_due = 1;
        }
        return APICC_OK;
    case APICC__WS_EV_CLOSE:
        return on_close(ws, ev);
    default:
        return APICC_OK;
    }
}

/* Sends the pong owed to the latest ping, if any. */
static apicc_status send_pong(apicc_ws *ws, int64_t deadline)
{
    if (!ws->pong_due || ws->close_sent || ws->state != APICC_WS_OPEN)
        return APICC_OK;
    ws->pong_due = 0;
    /* A pong must not wait behind a caller's short deadline. */
    int64_t floor = apicc__clock_ms() + APICC__WS_FAIL_SEND_MS;
    return apicc__ws_send_frame(ws, APICC__WS_OP_PONG, ws->pong, ws->pong_len,
                                deadline > floor ? deadline : floor);
}

/* Reads more bytes into ws->in; failures end the connection except a
 * timeout. */
static apicc_status fill(apicc_ws *ws, int64_t deadline)
{
    char why[CURL_ERROR_SIZE + 64];
    size_t got = 0;
    ws->in_pos = ws->in_len = 0;
    apicc_status st = apicc__ws_io_recv(&ws->io, ws->in, APICC__WS_IN_CAP, &got,
                                        deadline, why, sizeof why);
    if (st == APICC_OK) {
        ws->in_len = got;
        return APICC_OK;
    }
    if (st == APICC_ERR_TIMEOUT) {
        apicc__ws_set_error(ws, "no message in time");
        return st;
    }
    apicc__ws_drop(ws, APICC_WS_FAILED);
    if (st == APICC_ERR_CLOSED)
        apicc__ws_set_error(ws, "%s",
                            apicc__ws_decoder_busy(&ws->dec)
                                ? "the connection dropped in the middle of "
                                  "a frame"
                                : "the server dropped the connection "
                                  "without a close frame");
    else
        apicc__ws_set_error(ws, "%s", why);
    return st;
}

apicc_status apicc__ws_pump(apicc_ws *ws, int64_t deadline,
                            apicc_ws_message *msg, int discard)
{
    for (;;) {
        while (ws->in_pos < ws->in_len) {
            apicc__ws_event ev;
            size_t used = 0;
            apicc_status st =
                apicc__ws_decode(&ws->dec, ws->in + ws->in_pos,
                                 ws->in_len - ws->in_pos, &used, &ev);
            ws->in_pos += used;
            if (st != APICC_OK)
                return fail_connection(ws, st, ws->dec.fail_code,
                                       ws->dec.fail_why ? ws->dec.fail_why
                                                        : "bad frame");
            int ready = 0;
            st = on_event(ws, &ev, discard, msg, &ready);
            if (st == APICC_OK && ready)
                st = send_pong(ws, deadline);
            if (st != APICC_OK || ready)
                return st;
        }
        apicc_status st = send_pong(ws, deadline);
        if (st == APICC_OK)
            st = fill(ws, deadline);
        if (st != APICC_OK)
            return st;
    }
}

apicc_status apicc__ws_recv_until(apicc_ws *ws, int64_t deadline,
                                  apicc_ws_message *msg)
{
    memset(msg, 0, sizeof(*msg));
    ws->err[0] = '\0';
    if (ws->state != APICC_WS_OPEN) {
        apicc__ws_set_error(ws, "the connection is not open");
        return APICC_ERR_CLOSED;
    }
    return apicc__ws_pump(ws, deadline, msg, 0);
}

APICC_API apicc_status apicc_ws_recv(apicc_ws *ws, long timeout_ms,
                                     apicc_ws_message *msg)
{
    if (msg)
        memset(msg, 0, sizeof(*msg));
    if (!ws || !msg)
        return APICC_ERR_INVALID_ARG;
    long ms = timeout_ms < 0 ? ws->timeout_ms : timeout_ms;
    return apicc__ws_recv_until(ws, apicc__clock_ms() + ms, msg);
}

APICC_API apicc_status apicc_ws_close(apicc_ws *ws, int code,
                                      const char *reason)
{
    if (!ws)
        return APICC_ERR_INVALID_ARG;
    ws->err[0] = '\0';
    size_t rlen = reason ? strlen(reason) : 0;
    if ((code != 0 && !apicc__ws_close_code_valid(code)) ||
        (code == 0 && rlen) || rlen > APICC__WS_MAX_CONTROL - 2 ||
        !apicc__utf8_valid(reason ? reason : "", rlen)) {
        apicc__ws_set_error(ws, "bad close code or reason");
        return APICC_ERR_INVALID_ARG;
    }
    if (ws->state != APICC_WS_OPEN) {
        apicc__ws_set_error(ws, "the connection is not open");
        return APICC_ERR_CLOSED;
    }
    int64_t deadline = apicc__clock_ms() + ws->timeout_ms;
    apicc_status st = APICC_OK;
    if (!ws->close_sent)
        st = apicc__ws_send_close(ws, code, reason, rlen, deadline);
    apicc_ws_message msg;
    while (st == APICC_OK)
        st = apicc__ws_pump(ws, deadline, &msg, 1);
    /* The server's close frame ends the handshake cleanly. */
    if (st == APICC_ERR_CLOSED && ws->state == APICC_WS_CLOSED) {
        ws->err[0] = '\0';
        st = APICC_OK;
    }
    if (ws->state == APICC_WS_OPEN)
        apicc__ws_drop(ws, APICC_WS_CLOSED);
    return st;
}
