/*
 * The WebSocket layers that do no I/O (runtime/src/ws_utf8.c, ws_frame.c,
 * ws_handshake.c, ws_url.c), driven with byte strings: UTF-8 validation,
 * frame headers and masking, the streaming decoder with every RFC 6455
 * check (whole buffers and one byte at a time), the handshake against
 * RFC 6455's own example, and URL parsing.  Ends with a small fuzz loop
 * over the decoder (run it under ASan/valgrind to make it count).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "ws_internal.h"

/* ---- helpers ---------------------------------------------------------- */

/* A server frame: unmasked unless `mask` is given. */
static size_t frame(uint8_t *out, int fin, int rsv, int op, const void *p,
                    size_t n, const uint8_t *mask)
{
    size_t h = 0;
    out[h++] = (uint8_t)((fin ? 0x80 : 0) | (rsv << 4) | op);
    uint8_t mbit = mask ? 0x80 : 0;
    if (n < 126) {
        out[h++] = (uint8_t)(mbit | n);
    } else if (n <= 0xFFFF) {
        out[h++] = mbit | 126;
        out[h++] = (uint8_t)(n >> 8);
        out[h++] = (uint8_t)n;
    } else {
        out[h++] = mbit | 127;
        for (int i = 0; i < 8; i++)
            out[h++] = (uint8_t)((uint64_t)n >> (56 - 8 * i));
    }
    if (mask) {
        memcpy(out + h, mask, 4);
        h += 4;
    }
    memcpy(out + h, p, n);
    if (mask)
        for (size_t i = 0; i < n; i++)
            out[h + i] ^= mask[i & 3];
    return h + n;
}

/* The events a buffer yields, fed whole or one byte at a time. */
typedef struct result {
    apicc_status st;
    int fail_code;
    int nev;
    apicc__ws_ev_type types[8];
    char data[8][512];
    size_t lens[8];
    int close_code;
} result;

static result run(const uint8_t *buf, size_t len, size_t max, int bytewise)
{
    result r;
    memset(&r, 0, sizeof r);
    apicc__ws_decoder d;
    apicc__ws_decoder_init(&d, max);
    size_t pos = 0;
    while (pos < len && r.st == APICC_OK) {
        size_t chunk = bytewise ? 1 : len - pos, used = 0;
        apicc__ws_event ev;
        r.st = apicc__ws_decode(&d, buf + pos, chunk, &used, &ev);
        pos += used;
        if (r.st != APICC_OK)
            r.fail_code = d.fail_code;
        else if (ev.type != APICC__WS_EV_NONE && r.nev < 8) {
            r.types[r.nev] = ev.type;
            size_t n = ev.len < 511 ? ev.len : 511;
            if (n)
                memcpy(r.data[r.nev], ev.data, n);
            r.lens[r.nev] = ev.len;
            if (ev.type == APICC__WS_EV_CLOSE) {
                r.close_code = ev.close_code;
                memcpy(r.data[r.nev], ev.reason, ev.reason_len);
                r.lens[r.nev] = ev.reason_len;
            }
            r.nev++;
        }
        if (r.st == APICC_OK && used == 0 && ev.type == APICC__WS_EV_NONE)
            break;
    }
    apicc__ws_decoder_free(&d);
    return r;
}

/* Both ways of feeding must agree. */
static int both(const uint8_t *buf, size_t len, size_t max, result *out)
{
    result a = run(buf, len, max, 0), b = run(buf, len, max, 1);
    *out = a;
    return a.st == b.st && a.fail_code == b.fail_code && a.nev == b.nev &&
           memcmp(a.types, b.types, sizeof a.types) == 0 &&
           memcmp(a.lens, b.lens, sizeof a.lens) == 0;
}

/* ---- UTF-8 ------------------------------------------------------------- */

TEST(utf8_valid)
{
    static const char *ok[] = {
        "",
        "hello",
        "\x7f",
        "\xc2\x80",
        "\xdf\xbf",
        "\xe0\xa0\x80",
        "\xed\x9f\xbf",
        "\xee\x80\x80",
        "\xef\xbf\xbf",
        "\xf0\x90\x80\x80",
        "\xf4\x8f\xbf\xbf",
        "\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5",
        "abcdefghijklmnopqrstuvwxyz \xe2\x82\xac 0123456789"};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
        if (!apicc__utf8_valid(ok[i], strlen(ok[i])))
            FAIL("valid sample %zu refused", i);
}

TEST(utf8_invalid)
{
    static const char *bad[] = {"\x80",
                                "\xbf",
                                "\xc0\xaf",
                                "\xc1\xbf",
                                "\xe0\x80\xaf",
                                "\xe0\x9f\xbf",
                                "\xed\xa0\x80",
                                "\xed\xbf\xbf",
                                "\xf0\x80\x80\xaf",
                                "\xf0\x8f\xbf\xbf",
                                "\xf4\x90\x80\x80",
                                "\xf5\x80\x80\x80",
                                "\xff",
                                "\xfe",
                                "\xe2\x82",
                                "abc\xe2",
                                "\xc2",
                                "\xce\xba\xe1\xbd\xb9\xcf\x83"
                                "\xce\xbc\xce\xb5\xed\xa0\x80"
                                "edited",
                                "12345678\x80"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (apicc__utf8_valid(bad[i], strlen(bad[i])))
            FAIL("invalid sample %zu accepted", i);
}

TEST(utf8_split_anywhere)
{
    const char *s = "a\xc2\xa9\xe2\x82\xac\xf0\x9f\x98\x80z";
    size_t n = strlen(s);
    for (size_t cut = 0; cut <= n; cut++) {
        apicc__utf8 st = {0, 0, 0};
        int ok = apicc__utf8_feed(&st, (const uint8_t *)s, cut) &&
                 apicc__utf8_feed(&st, (const uint8_t *)s + cut, n - cut) &&
                 apicc__utf8_done(&st);
        if (!ok)
            FAIL("split at %zu refused", cut);
    }
    apicc__utf8 st = {0, 0, 0};
    CHECK(apicc__utf8_feed(&st, (const uint8_t *)"\xe2\x82", 2));
    CHECK(!apicc__utf8_done(&st));
}

/* ---- frame headers and masking ----------------------------------------- */

TEST(header_lengths)
{
    static const struct {
        uint64_t len;
        size_t hlen;
    } cases[] = {{0, 6},     {125, 6},    {126, 8},
                 {65535, 8}, {65536, 14}, {UINT64_C(1) << 32, 14}};
    const uint8_t mask[4] = {1, 2, 3, 4};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint8_t h[APICC__WS_MAX_HEADER];
        size_t n =
            apicc__ws_frame_header(h, 1, APICC__WS_OP_TEXT, cases[i].len, mask);
        CHECK_INT(n, cases[i].hlen);
        CHECK_INT(h[0], 0x81);
        CHECK(h[1] & 0x80);
        CHECK(memcmp(h + n - 4, mask, 4) == 0);
        uint64_t got = h[1] & 0x7F;
        if (got == 126)
            got = (uint64_t)h[2] << 8 | h[3];
        else if (got == 127)
            for (int k = 0, s = 0; k < 8; k++, s = 1)
                got = (s ? got << 8 : 0) | h[2 + k];
        CHECK(got == cases[i].len);
    }
    uint8_t h[APICC__WS_MAX_HEADER];
    apicc__ws_frame_header(h, 0, APICC__WS_OP_BINARY, 3, mask);
    CHECK_INT(h[0], 0x02);
}

TEST(mask_in_pieces)
{
    const uint8_t mask[4] = {0x37, 0xfa, 0x21, 0x3d};
    uint8_t a[101], b[101], orig[101];
    for (int i = 0; i < 101; i++)
        orig[i] = a[i] = b[i] = (uint8_t)(i * 7);
    apicc__ws_mask(a, sizeof a, mask, 0);
    /* RFC 6455 section 5.7: "Hello" masked with 37 fa 21 3d. */
    uint8_t hello[5] = {'H', 'e', 'l', 'l', 'o'};
    apicc__ws_mask(hello, 5, mask, 0);
    CHECK(memcmp(hello, "\x7f\x9f\x4d\x51\x58", 5) == 0);
    size_t cuts[] = {0, 3, 9, 10, 50, 101};
    for (size_t i = 0; i + 1 < sizeof cuts / sizeof cuts[0]; i++)
        apicc__ws_mask(b + cuts[i], cuts[i + 1] - cuts[i], mask, cuts[i]);
    CHECK(memcmp(a, b, sizeof a) == 0);
    apicc__ws_mask(a, sizeof a, mask, 0);
    CHECK(memcmp(a, orig, sizeof a) == 0);
}

TEST(close_codes)
{
    static const int ok[] = {1000, 1001, 1002, 1003, 1007, 1008, 1009,
                             1010, 1011, 1012, 1013, 1014, 3000, 4999};
    static const int bad[] = {0,    999,  1004, 1005, 1006,
                              1015, 1016, 2999, 5000, 65535};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
        CHECK(apicc__ws_close_code_valid(ok[i]));
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        CHECK(!apicc__ws_close_code_valid(bad[i]));
}

/* ---- the decoder ------------------------------------------------------- */

TEST(decode_simple_messages)
{
    uint8_t buf[1024];
    size_t n = frame(buf, 1, 0, 1, "hello", 5, NULL);
    n += frame(buf + n, 1, 0, 2, "\0\1\2", 3, NULL);
    n += frame(buf + n, 1, 0, 1, "", 0, NULL);
    result r;
    CHECK(both(buf, n, 0, &r));
    CHECK_INT(r.st, APICC_OK);
    CHECK_INT(r.nev, 3);
    CHECK_INT(r.types[0], APICC__WS_EV_TEXT);
    CHECK(r.lens[0] == 5 && memcmp(r.data[0], "hello", 5) == 0);
    CHECK_INT(r.types[1], APICC__WS_EV_BINARY);
    CHECK(r.lens[1] == 3 && memcmp(r.data[1], "\0\1\2", 3) == 0);
    CHECK_INT(r.types[2], APICC__WS_EV_TEXT);
    CHECK_INT(r.lens[2], 0);
}

TEST(decode_stops_after_each_event)
{
    uint8_t buf[64];
    size_t a = frame(buf, 1, 0, 1, "one", 3, NULL);
    size_t b = frame(buf + a, 1, 0, 1, "two", 3, NULL);
    apicc__ws_decoder d;
    apicc__ws_decoder_init(&d, 0);
    apicc__ws_event ev;
    size_t used = 0;
    CHECK_INT(apicc__ws_decode(&d, buf, a + b, &used, &ev), APICC_OK);
    CHECK_INT(used, a);
    CHECK(ev.type == APICC__WS_EV_TEXT && ev.len == 3 &&
          memcmp(ev.data, "one", 3) == 0);
    CHECK_INT(ev.data[3], 0); /* text is NUL-terminated */
    CHECK_INT(apicc__ws_decode(&d, buf + a, b, &used, &ev), APICC_OK);
    CHECK_INT(used, b);
    CHECK(ev.type == APICC__WS_EV_TEXT && memcmp(ev.data, "two", 3) == 0);
    CHECK(!apicc__ws_decoder_busy(&d));
    apicc__ws_decoder_free(&d);
}

TEST(decode_extended_lengths)
{
    static uint8_t payload[70000], buf[70100];
    for (size_t i = 0; i < sizeof payload; i++)
        payload[i] = (uint8_t)(i * 31);
    size_t sizes[] = {125, 126, 300, 65535, 65536, 70000};
    for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
        size_t n = frame(buf, 1, 0, 2, payload, sizes[k], NULL);
        result r = run(buf, n, 0, 0);
        CHECK_INT(r.st, APICC_OK);
        CHECK_INT(r.nev, 1);
        CHECK_INT(r.lens[0], sizes[k]);
        CHECK(memcmp(r.data[0], payload, sizes[k] < 511 ? sizes[k] : 511) == 0);
    }
}

TEST(decode_fragments_with_control_between)
{
    uint8_t buf[256];
    /* "h\xc3\xa9llo" with the two-byte character split across frames. */
    size_t n = frame(buf, 0, 0, 1, "h\xc3", 2, NULL);
    n += frame(buf + n, 1, 0, 9, "pp", 2, NULL);
    n += frame(buf + n, 0, 0, 0, "\xa9l", 2, NULL);
    n += frame(buf + n, 1, 0, 10, "", 0, NULL);
    n += frame(buf + n, 1, 0, 0, "lo", 2, NULL);
    result r;
    CHECK(both(buf, n, 0, &r));
    CHECK_INT(r.st, APICC_OK);
    CHECK_INT(r.nev, 3);
    CHECK_INT(r.types[0], APICC__WS_EV_PING);
    CHECK(r.lens[0] == 2 && memcmp(r.data[0], "pp", 2) == 0);
    CHECK_INT(r.types[1], APICC__WS_EV_PONG);
    CHECK_INT(r.types[2], APICC__WS_EV_TEXT);
    CHECK(r.lens[2] == 6 && memcmp(r.data[2], "h\xc3\xa9llo", 6) == 0);
}

TEST(decode_close_frames)
{
    uint8_t buf[256];
    result r;
    size_t n = frame(buf, 1, 0, 8,
                     "\x0f\xa1"
                     "bye",
                     5, NULL);
    CHECK(both(buf, n, 0, &r));
    CHECK(r.st == APICC_OK && r.nev == 1 && r.types[0] == APICC__WS_EV_CLOSE);
    CHECK_INT(r.close_code, 4001);
    CHECK(r.lens[0] == 3 && memcmp(r.data[0], "bye", 3) == 0);
    n = frame(buf, 1, 0, 8, "", 0, NULL);
    r = run(buf, n, 0, 0);
    CHECK(r.st == APICC_OK && r.close_code == 1005);
    static const struct {
        const char *p;
        size_t n;
        int code;
    } bad[] = {{"\x03", 1, 1002},
               {"\x03\xed", 2, 1002},
               {"\x03\xe7", 2, 1002},
               {"\x13\x88", 2, 1002},
               {"\x03\xe8\xc0\xaf", 4, 1007}};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        n = frame(buf, 1, 0, 8, bad[i].p, bad[i].n, NULL);
        CHECK(both(buf, n, 0, &r));
        CHECK_INT(r.st, APICC_ERR_PROTOCOL);
        CHECK_INT(r.fail_code, bad[i].code);
    }
}

/* One violation: its status and close code, fed both ways. */
static void expect_fail(const uint8_t *buf, size_t n, size_t max,
                        apicc_status st, int code, const char *what)
{
    result r;
    int same = both(buf, n, max, &r);
    harness_count(what, same && r.st == st && r.fail_code == code,
                  "wrong status or close code");
}

TEST(decode_violations)
{
    static uint8_t buf[300];
    const uint8_t mask[4] = {9, 8, 7, 6};
    size_t n;
    n = frame(buf, 1, 4, 1, "x", 1, NULL);
    expect_fail(buf, n, 0, APICC_ERR_PROTOCOL, 1002, "rsv1");
    n = frame(buf, 1, 1, 1, "x", 1, NULL);
    expect_fail(buf, n, 0, APICC_ERR_PROTOCOL, 1002, "rsv3");
    n = frame(buf, 1, 0, 1, "x", 1, mask);
    expect_fail(buf, n, 0, APICC_ERR_PROTOCOL, 1002, "masked server frame");
    n = frame(buf, 1, 0, 3, "x", 1, NULL);
    expect_fail(buf, n, 0, APICC_ERR_PROTOCOL, 1002, "opcode 3");
    n = frame(buf, 1, 0, 0xB, "x", 1, NULL);
    expect_fail(buf, n, 0, APICC_ERR_PROTOCOL, 1002, "opcode 11");
    static const uint8_t pings[126] = {0};
    n = frame(buf, 1, 0, 9, pings, sizeof pings, NULL);
    expect_fail(buf, n, 0, APICC_ERR_PROTOCOL, 1002, "ping of 126 bytes");
    n = frame(buf, 0, 0, 9, "x", 1, NULL);
    expect_fail(buf, n, 0, APICC_ERR_PROTOCOL, 1002, "fragmented ping");
    n = frame(buf, 0, 0, 8, "", 0, NULL);
    expect_fail(buf, n, 0, APICC_ERR_PROTOCOL, 1002, "fragmented close");
    n = frame(buf, 1, 0, 0, "x", 1, NULL);
    expect_fail(buf, n, 0, APICC_ERR_PROTOCOL, 1002, "lone continuation");
    n = frame(buf, 0, 0, 1, "a", 1, NULL);
    n += frame(buf + n, 1, 0, 1, "b", 1, NULL);
    expect_fail(buf, n, 0, APICC_ERR_PROTOCOL, 1002, "text inside text");
    n = frame(buf, 1, 0, 1, "\xc0\xaf", 2, NULL);
    expect_fail(buf, n, 0, APICC_ERR_PROTOCOL, 1007, "invalid utf-8");
    n = frame(buf, 1, 0, 1, "ab\xe2\x82", 4, NULL);
    expect_fail(buf, n, 0, APICC_ERR_PROTOCOL, 1007, "text ends mid-char");
    /* Fails on the first fragment, before the message ends. */
    n = frame(buf, 0, 0, 1, "ok\xff", 3, NULL);
    expect_fail(buf, n, 0, APICC_ERR_PROTOCOL, 1007, "bad first fragment");
}

TEST(decode_lengths_beyond_limits)
{
    uint8_t buf[64];
    /* 64-bit length with the top bit set. */
    uint8_t top[10] = {0x82, 127, 0x80, 0, 0, 0, 0, 0, 0, 1};
    expect_fail(top, sizeof top, 0, APICC_ERR_PROTOCOL, 1002, "top bit");
    /* 2^40 bytes announced, limit 1 MiB: refused before any payload. */
    uint8_t huge[10] = {0x82, 127, 0, 0, 1, 0, 0, 0, 0, 0};
    expect_fail(huge, sizeof huge, 1 << 20, APICC_ERR_TOO_LARGE, 1009,
                "2^40 over cap");
    /* Fragments that add up past the limit. */
    size_t n = frame(buf, 0, 0, 2, "12345", 5, NULL);
    n += frame(buf + n, 1, 0, 0, "67890", 5, NULL);
    expect_fail(buf, n, 8, APICC_ERR_TOO_LARGE, 1009, "fragments over cap");
    result r = run(buf, n, 10, 0);
    CHECK(r.st == APICC_OK && r.nev == 1 && r.lens[0] == 10);
}

TEST(decode_refuses_after_failure)
{
    uint8_t buf[16];
    size_t n = frame(buf, 1, 4, 1, "x", 1, NULL);
    apicc__ws_decoder d;
    apicc__ws_decoder_init(&d, 0);
    apicc__ws_event ev;
    size_t used;
    CHECK_INT(apicc__ws_decode(&d, buf, n, &used, &ev), APICC_ERR_PROTOCOL);
    CHECK(d.fail_why != NULL);
    n = frame(buf, 1, 0, 1, "x", 1, NULL);
    CHECK_INT(apicc__ws_decode(&d, buf, n, &used, &ev), APICC_ERR_PROTOCOL);
    apicc__ws_decoder_free(&d);
}

TEST(decode_fuzz)
{
    /* Random bytes, and valid frames with random flips: the decoder must
     * end in a status, never crash or read out of bounds. */
    uint32_t seed = 12345;
    uint8_t buf[512];
    for (int iter = 0; iter < 3000; iter++) {
        size_t n;
        if (iter & 1) {
            n = (size_t)(seed % sizeof buf);
            for (size_t i = 0; i < n; i++) {
                seed = seed * 1103515245u + 12345u;
                buf[i] = (uint8_t)(seed >> 16);
            }
        } else {
            n = frame(buf, 1, 0, 1, "fuzzing text", 12, NULL);
            seed = seed * 1103515245u + 12345u;
            buf[(seed >> 16) % n] ^= (uint8_t)(1u << ((seed >> 8) & 7));
        }
        seed = seed * 1103515245u + 12345u;
        run(buf, n, (seed >> 16) % 2 ? 64 : 0, (int)(iter % 3 == 0));
    }
    CHECK(1);
}

/* ---- the handshake ----------------------------------------------------- */

TEST(handshake_rfc_example)
{
    char acc[APICC__WS_ACCEPT_LEN + 1];
    apicc__ws_accept_for("dGhlIHNhbXBsZSBub25jZQ==", acc);
    CHECK_STR(acc, "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    char k1[APICC__WS_KEY_LEN + 1], k2[APICC__WS_KEY_LEN + 1];
    CHECK(apicc__ws_make_key(k1) && apicc__ws_make_key(k2));
    CHECK_INT(strlen(k1), 24);
    CHECK(strcmp(k1, k2) != 0);
}

TEST(handshake_request)
{
    apicc__ws_url u;
    const char *why;
    CHECK_INT(apicc__ws_url_parse("ws://example.com:8080/chat?x=1", &u, &why),
              APICC_OK);
    char n0[] = "Origin", v0[] = "http://example.com";
    char *names[] = {n0}, *values[] = {v0};
    size_t len = 0;
    char *req = apicc__ws_request(&u, "dGhlIHNhbXBsZSBub25jZQ==", "ua/1", names,
                                  values, 1, &len);
    CHECK(req != NULL);
    if (req) {
        CHECK_INT(len, strlen(req));
        CHECK(strncmp(req, "GET /chat?x=1 HTTP/1.1\r\n", 24) == 0);
        CHECK(strstr(req, "\r\nHost: example.com:8080\r\n") != NULL);
        CHECK(strstr(req, "\r\nUpgrade: websocket\r\n") != NULL);
        CHECK(strstr(req, "\r\nConnection: Upgrade\r\n") != NULL);
        CHECK(
            strstr(req, "\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"));
        CHECK(strstr(req, "\r\nSec-WebSocket-Version: 13\r\n") != NULL);
        CHECK(strstr(req, "\r\nUser-Agent: ua/1\r\n") != NULL);
        CHECK(strstr(req, "\r\nOrigin: http://example.com\r\n") != NULL);
        CHECK(len > 4 && strcmp(req + len - 4, "\r\n\r\n") == 0);
    }
    free(req);
    apicc__ws_url_free(&u);
}

static apicc_status reply(const char *text, apicc__ws_reply *r)
{
    char why[256];
    return apicc__ws_parse_reply(
        text, strlen(text), "dGhlIHNhbXBsZSBub25jZQ==", NULL, r, why,
        sizeof why);
}

TEST(handshake_replies)
{
    apicc__ws_reply r;
    const char *good = "HTTP/1.1 101 Switching Protocols\r\n"
                       "upgrade: WebSocket\r\n"
                       "Connection: keep-alive, Upgrade\r\n"
                       "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"
                       "\r\n\x81\x02hi";
    CHECK_INT(reply(good, &r), APICC_OK);
    CHECK_INT(r.status, 101);
    CHECK_INT(r.header_len, strlen(good) - 4);
    char partial[64];
    memcpy(partial, good, 40);
    partial[40] = '\0';
    CHECK_INT(reply(partial, &r), APICC_OK);
    CHECK_INT(r.header_len, 0);
    CHECK_INT(reply("HTTP/1.1 101 OK\r\nUpgrade: websocket\r\nConnection: "
                    "Upgrade\r\nSec-WebSocket-Accept: "
                    "AAAAAAAAAAAAAAAAAAAAAAAAAAA=\r\n\r\n",
                    &r),
              APICC_ERR_PROTOCOL);
    CHECK_INT(
        reply("HTTP/1.1 101 OK\r\nConnection: Upgrade\r\n"
              "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n",
              &r),
        APICC_ERR_PROTOCOL);
    CHECK_INT(
        reply("HTTP/1.1 101 OK\r\nUpgrade: websocket\r\n"
              "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n",
              &r),
        APICC_ERR_PROTOCOL);
    CHECK_INT(reply("HTTP/1.1 101 OK\r\nUpgrade: websocket\r\nConnection: "
                    "Upgrade\r\n\r\n",
                    &r),
              APICC_ERR_PROTOCOL);
    CHECK_INT(reply("HTTP/1.1 101 OK\r\nUpgrade: websocket\r\nConnection: "
                    "Upgrade\r\nSec-WebSocket-Accept: "
                    "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"
                    "Sec-WebSocket-Extensions: permessage-deflate\r\n\r\n",
                    &r),
              APICC_ERR_PROTOCOL);
    CHECK_INT(reply("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n", &r),
              APICC_ERR_HTTP);
    CHECK_INT(r.status, 403);
    CHECK_INT(reply("HTTP/1.0 101 OK\r\n\r\n", &r), APICC_ERR_PROTOCOL);
    CHECK_INT(reply("garbage\r\n\r\n", &r), APICC_ERR_PROTOCOL);
    CHECK_INT(reply("HTTP/1.1 101 OK\r\nX: a\rb\r\n\r\n", &r),
              APICC_ERR_PROTOCOL);
    /* A subprotocol must be one the request offered (RFC 6455 4.1). */
    const char *chose_chat = "HTTP/1.1 101 OK\r\nUpgrade: websocket\r\n"
                             "Connection: Upgrade\r\nSec-WebSocket-Accept: "
                             "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"
                             "Sec-WebSocket-Protocol: chat\r\n\r\n";
    char why[256];
    const char *key = "dGhlIHNhbXBsZSBub25jZQ==";
    CHECK_INT(reply(chose_chat, &r), APICC_ERR_PROTOCOL);
    CHECK_INT(apicc__ws_parse_reply(chose_chat, strlen(chose_chat), key,
                                    "v2, chat", &r, why, sizeof why),
              APICC_OK);
    CHECK_INT(apicc__ws_parse_reply(chose_chat, strlen(chose_chat), key,
                                    "Chat, chat2", &r, why, sizeof why),
              APICC_ERR_PROTOCOL);
    CHECK_STR(why, "the server chose a subprotocol that was not offered");
    char *big = malloc(APICC__WS_MAX_REPLY + 1);
    if (big) {
        memset(big, 'a', APICC__WS_MAX_REPLY);
        big[APICC__WS_MAX_REPLY] = '\0';
        CHECK_INT(reply(big, &r), APICC_ERR_TOO_LARGE);
    }
    free(big);
}

/* ---- URLs -------------------------------------------------------------- */

TEST(urls)
{
    static const struct {
        const char *url;
        int secure, port;
        const char *host, *hosthdr, *resource, *curl;
    } ok[] = {
        {"ws://example.com", 0, 80, "example.com", "example.com", "/",
         "http://example.com:80/"},
        {"WSS://ws-api.binance.com:443/ws-api/v3", 1, 443, "ws-api.binance.com",
         "ws-api.binance.com", "/ws-api/v3", "https://ws-api.binance.com:443/"},
        {"ws://127.0.0.1:8090/a/b?x=1&y=2", 0, 8090, "127.0.0.1",
         "127.0.0.1:8090", "/a/b?x=1&y=2", "http://127.0.0.1:8090/"},
        {"ws://h?q", 0, 80, "h", "h", "/?q", "http://h:80/"},
        {"wss://[::1]:9443/x", 1, 9443, "::1", "[::1]:9443", "/x",
         "https://[::1]:9443/"},
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        apicc__ws_url u;
        const char *why;
        if (apicc__ws_url_parse(ok[i].url, &u, &why) != APICC_OK) {
            FAIL("%s: %s", ok[i].url, why);
            continue;
        }
        CHECK_INT(u.secure, ok[i].secure);
        CHECK_INT(u.port, ok[i].port);
        CHECK_STR(u.host, ok[i].host);
        CHECK_STR(u.host_header, ok[i].hosthdr);
        CHECK_STR(u.resource, ok[i].resource);
        CHECK_STR(u.curl_url, ok[i].curl);
        apicc__ws_url_free(&u);
    }
    static const char *bad[] = {NULL,
                                "",
                                "http://x/",
                                "ws://",
                                "ws:///x",
                                "ws://h:0/",
                                "ws://h:65536/",
                                "ws://h:8a/",
                                "ws://h:/",
                                "ws://u@h/",
                                "ws://h/#frag",
                                "ws://h/a b",
                                "ws://h/\r\nX: y",
                                "ws://[::1/",
                                "ws://[zz]/",
                                "ws://h\xc3\xa9/",
                                "ws://a,b/",
                                "ws://[::1]x/"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        apicc__ws_url u;
        const char *why = NULL;
        apicc_status st = apicc__ws_url_parse(bad[i], &u, &why);
        if (st != APICC_ERR_INVALID_ARG || !why || !*why)
            FAIL("bad URL %zu accepted", i);
        apicc__ws_url_free(&u);
    }
}

int main(void)
{
    RUN(utf8_valid);
    RUN(utf8_invalid);
    RUN(utf8_split_anywhere);
    RUN(header_lengths);
    RUN(mask_in_pieces);
    RUN(close_codes);
    RUN(decode_simple_messages);
    RUN(decode_stops_after_each_event);
    RUN(decode_extended_lengths);
    RUN(decode_fragments_with_control_between);
    RUN(decode_close_frames);
    RUN(decode_violations);
    RUN(decode_lengths_beyond_limits);
    RUN(decode_refuses_after_failure);
    RUN(decode_fuzz);
    RUN(handshake_rfc_example);
    RUN(handshake_request);
    RUN(handshake_replies);
    RUN(urls);
    return harness_report();
}
