/*
 * Fuzz target: the WebSocket frame decoder on what a hostile server could
 * send.  The first byte picks how the stream is cut into pieces (frames
 * arrive in reads of any size) and the message cap.
 */
#include <stdint.h>
#include <string.h>

#include "ws_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    size_t piece = (size_t)(data[0] & 0x1f) + 1;
    size_t cap = (data[0] & 0x80) ? 256 : (1u << 20);
    data++;
    size--;
    apicc__ws_decoder d;
    apicc__ws_decoder_init(&d, cap);
    size_t at = 0;
    int failed = 0;
    while (at < size && !failed) {
        size_t n = size - at < piece ? size - at : piece;
        size_t off = 0;
        while (off < n) {
            size_t used = 0;
            apicc__ws_event ev;
            memset(&ev, 0, sizeof ev);
            if (apicc__ws_decode(&d, data + at + off, n - off, &used, &ev) !=
                APICC_OK) {
                failed = 1;
                break;
            }
            /* touch what an event hands out, so a bad pointer shows */
            if (ev.type != APICC__WS_EV_NONE && ev.len)
                (void)(volatile uint8_t)ev.data[ev.len - 1];
            if (ev.type == APICC__WS_EV_CLOSE && ev.reason_len)
                (void)(volatile char)ev.reason[ev.reason_len - 1];
            if (used == 0 && ev.type == APICC__WS_EV_NONE)
                break; /* no progress: the rest waits for more input */
            off += used;
        }
        at += n;
    }
    apicc__ws_decoder_free(&d);
    return 0;
}
