/*
 * WebSocket frames (RFC 6455 section 5): the headers of the masked frames
 * a client sends, and a streaming decoder for the unmasked frames a
 * server sends.
 *
 * The decoder never trusts a length before checking it: a frame header
 * is read completely, checked against every rule and the message limit,
 * and only then does payload flow, straight into the message buffer
 * (which grows as bytes arrive, so a header announcing a large frame
 * costs nothing until the bytes come).  Every violation is reported once
 * with the close code the client should send.
 */
#include <stdlib.h>
#include <string.h>

#include "apicc/sign.h"
#include "wipe_alloc_internal.h"
#include "ws_internal.h"

size_t apicc__ws_frame_header(uint8_t out[APICC__WS_MAX_HEADER], int fin,
                              int opcode, uint64_t len, const uint8_t mask[4])
{
    size_t n;
    out[0] = (uint8_t)((fin ? 0x80 : 0) | (opcode & 0x0F));
    if (len < 126) {
        out[1] = (uint8_t)(0x80 | len);
        n = 2;
    } else if (len <= 0xFFFF) {
        out[1] = 0x80 | 126;
        out[2] = (uint8_t)(len >> 8);
        out[3] = (uint8_t)len;
        n = 4;
    } else {
        out[1] = 0x80 | 127;
        for (int i = 0; i < 8; i++)
            out[2 + i] = (uint8_t)(len >> (56 - 8 * i));
        n = 10;
    }
    memcpy(out + n, mask, 4);
    return n + 4;
}

void apicc__ws_mask(uint8_t *data, size_t len, const uint8_t mask[4],
                    uint64_t offset)
{
    uint8_t m[8];
    for (int i = 0; i < 8; i++)
        m[i] = mask[(offset + (uint64_t)i) & 3];
    uint64_t w8;
    memcpy(&w8, m, 8);
    size_t i = 0;
    /* Eight bytes at a time: the rotated mask repeats every 4 bytes, so
     * one 64-bit word covers two periods. */
    for (; i + 8 <= len; i += 8) {
        uint64_t w;
        memcpy(&w, data + i, 8);
        w ^= w8;
        memcpy(data + i, &w, 8);
    }
    for (; i < len; i++)
        data[i] ^= m[i & 7];
}

int apicc__ws_close_code_valid(int code)
{
    return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) ||
           (code >= 3000 && code <= 4999);
}

/* ---- the decoder ------------------------------------------------------- */

void apicc__ws_decoder_init(apicc__ws_decoder *d, size_t max_message)
{
    memset(d, 0, sizeof(*d));
    d->max_message = max_message ? max_message : SIZE_MAX - 1;
}

void apicc__ws_decoder_free(apicc__ws_decoder *d)
{
    if (d->msg)
        apicc_wipe(d->msg, d->msg_cap);
    free(d->msg);
    d->msg = NULL;
    d->msg_cap = d->msg_len = 0;
}

int apicc__ws_decoder_busy(const apicc__ws_decoder *d)
{
    return d->hdr_len > 0 || d->in_payload || d->msg_opcode != 0;
}

static apicc_status fail(apicc__ws_decoder *d, apicc_status st, int code,
                         const char *why)
{
    d->fail_code = code;
    d->fail_why = why;
    return st;
}

/* Appends payload bytes to the message, keeping room for a NUL. */
static apicc_status append(apicc__ws_decoder *d, const uint8_t *p, size_t n)
{
    size_t need = d->msg_len + n + 1;
    if (need > d->msg_cap) {
        size_t cap = d->msg_cap ? d->msg_cap : 256;
        while (cap < need)
            cap = cap > SIZE_MAX / 2 ? need : cap * 2;
        if (cap > d->max_message + 1 && need <= d->max_message + 1)
            cap = d->max_message + 1;
        /* never realloc: it would free the old copy of the message
         * unwiped */
        uint8_t *m = apicc__wipe_realloc(d->msg, cap);
        if (!m)
            return fail(d, APICC_ERR_NOMEM, APICC__WS_CLOSE_INTERNAL,
                        "out of memory for a message");
        d->msg = m;
        d->msg_cap = cap;
    }
    memcpy(d->msg + d->msg_len, p, n);
    d->msg_len += n;
    return APICC_OK;
}

/* Checks the first two header bytes; sets hdr_need. */
static apicc_status check_start(apicc__ws_decoder *d)
{
    uint8_t b0 = d->hdr[0], b1 = d->hdr[1];
    int op = b0 & 0x0F, fin = (b0 & 0x80) != 0, len7 = b1 & 0x7F;
    if (b0 & 0x70)
        return fail(d, APICC_ERR_PROTOCOL, APICC__WS_CLOSE_PROTOCOL,
                    "reserved bits set in a frame (no extension was "
                    "negotiated)");
    if ((op > APICC__WS_OP_BINARY && op < APICC__WS_OP_CLOSE) ||
        op > APICC__WS_OP_PONG)
        return fail(d, APICC_ERR_PROTOCOL, APICC__WS_CLOSE_PROTOCOL,
                    "unknown opcode in a frame");
    if (b1 & 0x80)
        return fail(d, APICC_ERR_PROTOCOL, APICC__WS_CLOSE_PROTOCOL,
                    "the server sent a masked frame");
    if (op & 0x08) {
        if (!fin)
            return fail(d, APICC_ERR_PROTOCOL, APICC__WS_CLOSE_PROTOCOL,
                        "fragmented control frame");
        if (len7 > APICC__WS_MAX_CONTROL)
            return fail(d, APICC_ERR_PROTOCOL, APICC__WS_CLOSE_PROTOCOL,
                        "control frame over 125 bytes");
    } else if (op == APICC__WS_OP_CONT && d->msg_opcode == 0) {
        return fail(d, APICC_ERR_PROTOCOL, APICC__WS_CLOSE_PROTOCOL,
                    "continuation frame with no message started");
    } else if (op != APICC__WS_OP_CONT && d->msg_opcode != 0) {
        return fail(d, APICC_ERR_PROTOCOL, APICC__WS_CLOSE_PROTOCOL,
                    "new message inside a fragmented one");
    }
    d->fin = fin;
    d->opcode = op;
    d->hdr_need = 2 + (len7 == 126 ? 2 : len7 == 127 ? 8 : 0);
    return APICC_OK;
}

/* The header is complete: reads the length and checks it. */
static apicc_status start_payload(apicc__ws_decoder *d)
{
    uint64_t len = d->hdr[1] & 0x7F;
    if (len == 126) {
        len = (uint64_t)d->hdr[2] << 8 | d->hdr[3];
    } else if (len == 127) {
        len = 0;
        for (int i = 0; i < 8; i++)
            len = len << 8 | d->hdr[2 + i];
        if (len >> 63)
            return fail(d, APICC_ERR_PROTOCOL, APICC__WS_CLOSE_PROTOCOL,
                        "64-bit frame length with the top bit set");
    }
    /* Non-minimal length encodings are accepted: RFC 6455 puts that rule
     * on the sender, and refusing them protects nothing. */
    if (!(d->opcode & 0x08)) {
        if (len > (uint64_t)(d->max_message - d->msg_len))
            return fail(d, APICC_ERR_TOO_LARGE, APICC__WS_CLOSE_TOO_BIG,
                        "message over the size limit");
        if (d->opcode != APICC__WS_OP_CONT) {
            d->msg_opcode = d->opcode;
            d->msg_len = 0;
            memset(&d->utf8, 0, sizeof d->utf8);
        }
    }
    d->remaining = len;
    d->ctl_len = 0;
    d->in_payload = 1;
    return APICC_OK;
}

/* Payload bytes of the current frame. */
static apicc_status take_payload(apicc__ws_decoder *d, const uint8_t *p,
                                 size_t n)
{
    if (d->opcode & 0x08) {
        memcpy(d->ctl + d->ctl_len, p, n);
        d->ctl_len += n;
        return APICC_OK;
    }
    if (d->msg_opcode == APICC__WS_OP_TEXT && !apicc__utf8_feed(&d->utf8, p, n))
        return fail(d, APICC_ERR_PROTOCOL, APICC__WS_CLOSE_BAD_DATA,
                    "invalid UTF-8 in a text message");
    return append(d, p, n);
}

static apicc_status close_event(apicc__ws_decoder *d, apicc__ws_event *ev)
{
    ev->type = APICC__WS_EV_CLOSE;
    ev->close_code = APICC__WS_CLOSE_NO_STATUS;
    ev->reason = "";
    ev->reason_len = 0;
    if (d->ctl_len == 0)
        return APICC_OK;
    if (d->ctl_len == 1)
        return fail(d, APICC_ERR_PROTOCOL, APICC__WS_CLOSE_PROTOCOL,
                    "close frame with a 1-byte payload");
    int code = d->ctl[0] << 8 | d->ctl[1];
    if (!apicc__ws_close_code_valid(code))
        return fail(d, APICC_ERR_PROTOCOL, APICC__WS_CLOSE_PROTOCOL,
                    "invalid close code");
    if (!apicc__utf8_valid(d->ctl + 2, d->ctl_len - 2))
        return fail(d, APICC_ERR_PROTOCOL, APICC__WS_CLOSE_BAD_DATA,
                    "invalid UTF-8 in a close reason");
    ev->close_code = code;
    ev->reason = (const char *)d->ctl + 2;
    ev->reason_len = d->ctl_len - 2;
    return APICC_OK;
}

/* A frame ended: fills *ev when it completes something. */
static apicc_status end_frame(apicc__ws_decoder *d, apicc__ws_event *ev)
{
    d->in_payload = 0;
    d->hdr_len = 0;
    switch (d->opcode) {
    case APICC__WS_OP_PING:
    case APICC__WS_OP_PONG:
        ev->type = d->opcode == APICC__WS_OP_PING ? APICC__WS_EV_PING
                                                  : APICC__WS_EV_PONG;
        ev->data = d->ctl;
        ev->len = d->ctl_len;
        return APICC_OK;
    case APICC__WS_OP_CLOSE:
        return close_event(d, ev);
    default:
        break;
    }
    if (!d->fin)
        return APICC_OK;
    if (d->msg_opcode == APICC__WS_OP_TEXT && !apicc__utf8_done(&d->utf8))
        return fail(d, APICC_ERR_PROTOCOL, APICC__WS_CLOSE_BAD_DATA,
                    "text message ends inside a UTF-8 character");
    if (!d->msg) {
        apicc_status st = append(d, (const uint8_t *)"", 0);
        if (st != APICC_OK)
            return st;
    }
    d->msg[d->msg_len] = '\0';
    ev->type = d->msg_opcode == APICC__WS_OP_TEXT ? APICC__WS_EV_TEXT
                                                  : APICC__WS_EV_BINARY;
    ev->data = d->msg;
    ev->len = d->msg_len;
    d->msg_opcode = 0;
    d->delivered = 1;
    return APICC_OK;
}

apicc_status apicc__ws_decode(apicc__ws_decoder *d, const uint8_t *in,
                              size_t len, size_t *used, apicc__ws_event *ev)
{
    memset(ev, 0, sizeof(*ev));
    *used = 0;
    if (d->fail_code)
        return APICC_ERR_PROTOCOL;
    if (d->delivered) {
        d->msg_len = 0;
        d->delivered = 0;
    }
    size_t i = 0;
    apicc_status st = APICC_OK;
    while (i < len && st == APICC_OK && ev->type == APICC__WS_EV_NONE) {
        if (!d->in_payload) {
            size_t need = d->hdr_len < 2 ? 2 : d->hdr_need;
            size_t take = need - d->hdr_len;
            if (take > len - i)
                take = len - i;
            memcpy(d->hdr + d->hdr_len, in + i, take);
            d->hdr_len += take;
            i += take;
            if (d->hdr_len == 2 && need == 2)
                st = check_start(d);
            if (st == APICC_OK && d->hdr_len >= 2 &&
                d->hdr_len == d->hdr_need) {
                st = start_payload(d);
                if (st == APICC_OK && d->remaining == 0)
                    st = end_frame(d, ev);
            }
        } else {
            size_t take = len - i;
            if ((uint64_t)take > d->remaining)
                take = (size_t)d->remaining;
            st = take_payload(d, in + i, take);
            i += take;
            d->remaining -= take;
            if (st == APICC_OK && d->remaining == 0)
                st = end_frame(d, ev);
        }
    }
    *used = i;
    if (st != APICC_OK)
        memset(ev, 0, sizeof(*ev));
    return st;
}
