/*
 * Fuzz target: the WebSocket upgrade answer parser (the first bytes a
 * server sends, before any frame).  The input is the server's answer; it
 * is handed over growing the way the client reads it, in pieces whose size
 * the first byte picks, and each call reparses all the bytes so far, as
 * the client does.  The key is RFC 6455's example, so seeds can carry the
 * right Sec-WebSocket-Accept; the request offered the subprotocols "chat"
 * and "v2".
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ws_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char key[] = "dGhlIHNhbXBsZSBub25jZQ==";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    size_t piece = ((size_t)data[0] << 4) + 1;
    data++;
    size--;
    if (size > APICC__WS_MAX_REPLY)
        size = APICC__WS_MAX_REPLY;
    /* an exact-size copy, so reading past what arrived shows */
    char *buf = malloc(size ? size : 1);
    if (!buf)
        return 0;
    if (size)
        memcpy(buf, data, size);
    size_t len = 0;
    for (;;) {
        len = size - len < piece ? size : len + piece;
        apicc__ws_reply r;
        char why[256];
        apicc_status st = apicc__ws_parse_reply(buf, len, key, "chat, v2",
                                                &r, why, sizeof why);
        if (memchr(why, '\0', sizeof why) == NULL)
            abort(); /* the message must stay a string */
        if (st == APICC_OK && r.header_len) {
            /* accepted: the header ends inside what arrived, status 101 */
            if (r.header_len > len || r.status != 101 || why[0] != '\0')
                abort();
            break;
        }
        if (st != APICC_OK) {
            if (why[0] == '\0')
                abort(); /* every refusal says why */
            break;
        }
        if (len == size)
            break; /* incomplete: the client would wait for more */
    }
    free(buf);
    return 0;
}
