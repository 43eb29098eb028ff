/*
 * UTF-8 validation (RFC 3629), incremental so that a fragmented text
 * message is checked as its fragments arrive and a server sending
 * garbage is stopped at the first bad byte (RFC 6455 section 8.1).
 *
 * The lead byte decides how many continuation bytes follow and narrows
 * the range of the first one, which is what rejects overlong forms
 * (E0 80..9F, F0 80..8F), UTF-16 surrogates (ED A0..BF) and code points
 * above U+10FFFF (F4 90..BF); C0, C1 and F5..FF never start a character.
 */
#include <string.h>

#include "ws_internal.h"

/* Takes a lead byte; returns 0 when it cannot start a character. */
static int lead(apicc__utf8 *st, uint8_t b)
{
    st->lo = 0x80;
    st->hi = 0xBF;
    if (b >= 0xC2 && b <= 0xDF) {
        st->need = 1;
    } else if (b >= 0xE0 && b <= 0xEF) {
        st->need = 2;
        if (b == 0xE0)
            st->lo = 0xA0;
        else if (b == 0xED)
            st->hi = 0x9F;
    } else if (b >= 0xF0 && b <= 0xF4) {
        st->need = 3;
        if (b == 0xF0)
            st->lo = 0x90;
        else if (b == 0xF4)
            st->hi = 0x8F;
    } else {
        return 0;
    }
    return 1;
}

int apicc__utf8_feed(apicc__utf8 *st, const uint8_t *p, size_t n)
{
    size_t i = 0;
    while (i < n) {
        if (st->need == 0) {
            /* Runs of ASCII are the common case: take 8 bytes at once. */
            while (i + 8 <= n) {
                uint64_t w;
                memcpy(&w, p + i, 8);
                if (w & UINT64_C(0x8080808080808080))
                    break;
                i += 8;
            }
            if (i == n)
                break;
            uint8_t b = p[i++];
            if (b < 0x80)
                continue;
            if (!lead(st, b))
                return 0;
        } else {
            uint8_t b = p[i++];
            if (b < st->lo || b > st->hi)
                return 0;
            st->need--;
            st->lo = 0x80;
            st->hi = 0xBF;
        }
    }
    return 1;
}

int apicc__utf8_done(const apicc__utf8 *st) { return st->need == 0; }

int apicc__utf8_valid(const void *p, size_t n)
{
    apicc__utf8 st = {0, 0, 0};
    return apicc__utf8_feed(&st, p, n) && apicc__utf8_done(&st);
}
