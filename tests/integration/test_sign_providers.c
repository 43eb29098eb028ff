/*
 * Signed requests of nine providers' published rules, written as specs
 * (tests/specs/sign_*.yaml) and checked byte for byte on the wire: each
 * call goes to a local capture server (tests/servers/capture_server.py)
 * with the clock fixed, and what arrives is compared with
 *  - ccxt (npm, installed into a cache outside the tree by
 *    tests/support/ccxt.sh; skipped with the reason when it cannot be):
 *    KuCoin, Bybit v5, Gemini, Bitfinex v2, HTX, Kraken and Coinbase's
 *    ES256 JWT (random nonce: header and claims compared, the signature
 *    verified with the public key);
 *  - AWS's published Signature Version 4 test-suite signatures
 *    (get-vanilla-query-order-key-case, post-vanilla);
 *  - BitMEX's rule as documented, recomputed here from the bytes that
 *    arrived (BitMEX is not in ccxt 4.5; its published examples are
 *    checked through `apicc sign` in tests/cli/test_sign_vectors.sh);
 *  - Kraken's documented example (a nonce put first in a form body, the
 *    API-Sign it gives), every header as it arrived, and ccxt's kraken;
 *  - a retry: a 503 answered once, and the retry signed afresh with the
 *    next nonce (Bitfinex's in a header, Kraken's in the form body).
 * Each call uses a fresh client, as ccxt signs every case at one instant
 * with one nonce.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <openssl/bn.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>

#include "harness.h"
#include "provider_test.h"
#include "sign_aws/sign_aws.h"
#include "sign_bitmex/sign_bitmex.h"
#include "sign_bitfinex/sign_bitfinex.h"
#include "sign_bybit/sign_bybit.h"
#include "sign_coinbase/sign_coinbase.h"
#include "sign_gemini/sign_gemini.h"
#include "sign_htx/sign_htx.h"
#include "sign_kraken/sign_kraken.h"
#include "sign_kucoin/sign_kucoin.h"

#define FIXED_MS 1700000000123LL

static test_server srv;
static char base[128];
static char ccxt_dir[1024];
static const char *ccxt_skip;

/* ---- the wire ----------------------------------------------------------- */

/* The next request the capture server saw, parsed; NULL after a FAIL. */
static cJSON *captured(void)
{
    static char line[65536];
    if (provider_wait_event(&srv, "REQ ", line, sizeof line) != 0) {
        FAIL("the capture server saw no request");
        return NULL;
    }
    return cJSON_Parse(line + 4);
}

static const char *header_of(const cJSON *req, const char *name)
{
    const cJSON *h;
    cJSON_ArrayForEach(h, cJSON_GetObjectItem(req, "headers"))
    {
        const char *n = cJSON_GetArrayItem(h, 0)->valuestring;
        if (strcasecmp(n, name) == 0)
            return cJSON_GetArrayItem(h, 1)->valuestring;
    }
    return NULL;
}

static const char *str_of(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItem(o, k);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* ---- ccxt --------------------------------------------------------------- */

/* ccxt's requests for `job` (a JSON object without ccxt_dir and ms). */
static cJSON *ccxt_sign(const char *job_text)
{
    cJSON *job = cJSON_Parse(job_text);
    if (!job) {
        FAIL("bad job");
        return NULL;
    }
    cJSON_AddStringToObject(job, "ccxt_dir", ccxt_dir);
    cJSON_AddNumberToObject(job, "ms", (double)FIXED_MS);
    char *text = cJSON_PrintUnformatted(job);
    cJSON_Delete(job);
    char path[] = "/tmp/apicc-ccxt-job-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0 || !text || write(fd, text, strlen(text)) < 0) {
        FAIL("cannot write the ccxt job");
        free(text);
        return NULL;
    }
    close(fd);
    free(text);
    char cmd[2048];
    snprintf(cmd, sizeof cmd,
             "timeout 60 node tests/support/ccxt_sign.js \"$(cat %s)\"", path);
    FILE *p = popen(cmd, "r");
    static char out[262144];
    size_t n = p ? fread(out, 1, sizeof out - 1, p) : 0;
    out[n] = '\0';
    if (p)
        pclose(p);
    unlink(path);
    cJSON *r = cJSON_Parse(out);
    if (!cJSON_IsArray(r))
        FAIL("ccxt printed no list: %.200s", out);
    return r;
}

/* Compares one request on the wire with ccxt's: method, path and query,
 * body, and every header ccxt sets but those in `skip` (ccxt's own
 * broker headers, or a Content-Type the provider ignores). */
static void compare(const char *who, const cJSON *got, const cJSON *want,
                    const char *const *skip)
{
    if (!got || !want)
        return;
    const char *url = str_of(want, "url");
    const char *target = url ? strstr(strstr(url, "://") + 3, "/") : NULL;
    CHECK_STR(str_of(got, "method"), str_of(want, "method"));
    if (target)
        CHECK_STR(str_of(got, "target"), target);
    const char *body = str_of(want, "body");
    CHECK_STR(str_of(got, "body"), body ? body : "");
    const cJSON *h;
    cJSON_ArrayForEach(h, cJSON_GetObjectItem(want, "headers"))
    {
        int skipped = 0;
        for (size_t i = 0; skip && skip[i]; i++)
            skipped |= strcasecmp(skip[i], h->string) == 0;
        if (skipped)
            continue;
        const char *g = header_of(got, h->string);
        if (!g || strcmp(g, h->valuestring) != 0)
            FAIL("%s: header %s: got \"%s\", ccxt \"%s\"", who, h->string,
                 g ? g : "(none)", h->valuestring);
    }
}

static apicc_client *client(void)
{
    apicc_client *c = apicc_client_new(base);
    if (c)
        apicc_client_set_fixed_time_ms(c, FIXED_MS);
    return c;
}

static void check_ok(apicc_client *c, apicc_status st)
{
    if (st != APICC_OK)
        FAIL("call: %s (%s)", apicc_status_name(st),
             apicc_client_error(c)->message);
}

/* ---- the providers ------------------------------------------------------ */

TEST(kucoin)
{
    static const char *const skip[] = {"KC-API-PARTNER", "KC-API-PARTNER-SIGN",
                                       "KC-API-PARTNER-VERIFY", NULL};
    cJSON *want = ccxt_sign(
        "{\"exchange\":\"kucoin\",\"credentials\":{\"apiKey\":\"key-1\","
        "\"secret\":\"sec-1\",\"password\":\"pass-1\"},\"cases\":["
        "{\"path\":\"orders\",\"api\":\"private\",\"method\":\"GET\","
        "\"params\":{\"status\":\"active\",\"symbol\":\"BTC-USDT\"}},"
        "{\"path\":\"orders\",\"api\":\"private\",\"method\":\"POST\","
        "\"params\":{\"clientOid\":\"c1\",\"side\":\"buy\",\"symbol\":"
        "\"BTC-USDT\"}}]}");
    for (int i = 0; want && i < 2; i++) {
        apicc_client *c = client();
        CHECK_INT(sign_kucoin_set_kc_credentials(c, "key-1", "sec-1", "pass-1"),
                  APICC_OK);
        if (i == 0) {
            sign_kucoin_list_orders_params p = {.status = "active",
                                                .symbol = "BTC-USDT"};
            check_ok(c, sign_kucoin_list_orders(c, &p));
        } else {
            sign_kucoin_order o = {.client_oid = "c1", .side = "buy",
                                   .symbol = "BTC-USDT"};
            check_ok(c, sign_kucoin_place_order(c, &o));
        }
        cJSON *got = captured();
        compare("kucoin", got, cJSON_GetArrayItem(want, i), skip);
        cJSON_Delete(got);
        apicc_client_free(c);
    }
    cJSON_Delete(want);
}

TEST(bybit)
{
    /* ccxt sets a Content-Type on a GET without a body too. */
    static const char *const skip[] = {"Referer", "Content-Type", NULL};
    cJSON *want = ccxt_sign(
        "{\"exchange\":\"bybit\",\"credentials\":{\"apiKey\":\"key-2\","
        "\"secret\":\"sec-2\"},\"cases\":["
        "{\"path\":\"v5/order/realtime\",\"api\":\"private\",\"method\":"
        "\"GET\",\"params\":{\"category\":\"spot\",\"symbol\":\"BTCUSDT\"}},"
        "{\"path\":\"v5/order/create\",\"api\":\"private\",\"method\":"
        "\"POST\",\"params\":{\"category\":\"spot\",\"symbol\":\"BTCUSDT\","
        "\"side\":\"Buy\",\"orderType\":\"Market\",\"qty\":\"1\"}}]}");
    for (int i = 0; want && i < 2; i++) {
        apicc_client *c = client();
        CHECK_INT(sign_bybit_set_bapi_credentials(c, "key-2", "sec-2"),
                  APICC_OK);
        if (i == 0) {
            sign_bybit_open_orders_params p = {.category = "spot",
                                               .symbol = "BTCUSDT"};
            check_ok(c, sign_bybit_open_orders(c, &p));
        } else {
            sign_bybit_order o = {.category = "spot", .symbol = "BTCUSDT",
                                  .side = "Buy", .order_type = "Market",
                                  .qty = "1"};
            check_ok(c, sign_bybit_create_order(c, &o));
        }
        cJSON *got = captured();
        compare("bybit", got, cJSON_GetArrayItem(want, i), skip);
        cJSON_Delete(got);
        apicc_client_free(c);
    }
    cJSON_Delete(want);
}

TEST(gemini)
{
    /* Gemini reads the payload header and ignores the body's type. */
    static const char *const skip[] = {"Content-Type", NULL};
    cJSON *want = ccxt_sign(
        "{\"exchange\":\"gemini\",\"credentials\":{\"apiKey\":"
        "\"account-key-3\",\"secret\":\"sec-3\"},\"cases\":["
        "{\"path\":\"v1/mytrades\",\"api\":\"private\",\"method\":\"POST\","
        "\"params\":{\"symbol\":\"btcusd\",\"limit_trades\":50}},"
        "{\"path\":\"v1/order/new\",\"api\":\"private\",\"method\":\"POST\","
        "\"params\":{\"symbol\":\"btcusd\",\"amount\":\"1\",\"price\":"
        "\"100.5\",\"side\":\"buy\",\"type\":\"exchange limit\"}}]}");
    for (int i = 0; want && i < 2; i++) {
        apicc_client *c = client();
        CHECK_INT(sign_gemini_set_gemini_credentials(c, "account-key-3",
                                                     "sec-3"),
                  APICC_OK);
        if (i == 0) {
            sign_gemini_trades_query q = {.symbol = "btcusd",
                                          .has_limit_trades = 1,
                                          .limit_trades = 50};
            check_ok(c, sign_gemini_my_trades(c, &q));
        } else {
            sign_gemini_order_request o = {.symbol = "btcusd", .amount = "1",
                                           .price = "100.5", .side = "buy",
                                           .type = "exchange limit"};
            check_ok(c, sign_gemini_new_order(c, &o));
        }
        cJSON *got = captured();
        compare("gemini", got, cJSON_GetArrayItem(want, i), skip);
        cJSON_Delete(got);
        apicc_client_free(c);
    }
    cJSON_Delete(want);
}

TEST(bitfinex)
{
    cJSON *want = ccxt_sign(
        "{\"exchange\":\"bitfinex\",\"credentials\":{\"apiKey\":\"key-4\","
        "\"secret\":\"sec-4\"},\"cases\":["
        "{\"path\":\"auth/r/orders/hist\",\"api\":\"private\",\"method\":"
        "\"POST\",\"params\":{\"limit\":10}},"
        "{\"path\":\"auth/w/order/submit\",\"api\":\"private\",\"method\":"
        "\"POST\",\"params\":{\"type\":\"EXCHANGE LIMIT\",\"symbol\":"
        "\"tBTCUSD\",\"amount\":\"0.5\",\"price\":\"10000\"}}]}");
    for (int i = 0; want && i < 2; i++) {
        apicc_client *c = client();
        CHECK_INT(sign_bitfinex_set_bfx_credentials(c, "key-4", "sec-4"),
                  APICC_OK);
        if (i == 0) {
            sign_bitfinex_hist_query q = {.has_limit = 1, .limit = 10};
            check_ok(c, sign_bitfinex_orders_hist(c, &q));
        } else {
            sign_bitfinex_submit o = {.type = "EXCHANGE LIMIT",
                                      .symbol = "tBTCUSD", .amount = "0.5",
                                      .price = "10000"};
            check_ok(c, sign_bitfinex_order_submit(c, &o));
        }
        cJSON *got = captured();
        compare("bitfinex", got, cJSON_GetArrayItem(want, i), NULL);
        cJSON_Delete(got);
        apicc_client_free(c);
    }
    cJSON_Delete(want);
}

TEST(htx)
{
    /* ccxt sets a form Content-Type on a GET without a body. */
    static const char *const skip[] = {"Content-Type", NULL};
    char job[1024];
    snprintf(job, sizeof job,
             "{\"exchange\":\"htx\",\"hostname\":\"127.0.0.1:%d\","
             "\"credentials\":{\"apiKey\":\"key-5\",\"secret\":\"sec-5\"},"
             "\"cases\":[{\"path\":\"order/orders\",\"api\":\"private\","
             "\"method\":\"GET\",\"params\":{\"states\":\"filled\","
             "\"symbol\":\"btcusdt\"}},{\"path\":\"order/orders/place\","
             "\"api\":\"private\",\"method\":\"POST\",\"params\":{"
             "\"account-id\":\"100009\",\"symbol\":\"btcusdt\",\"type\":"
             "\"buy-limit\",\"amount\":\"10.1\"}}]}",
             srv.port);
    cJSON *want = ccxt_sign(job);
    for (int i = 0; want && i < 2; i++) {
        apicc_client *c = client();
        CHECK_INT(sign_htx_set_htx_credentials(c, "key-5", "sec-5"), APICC_OK);
        if (i == 0) {
            sign_htx_orders_params p = {.states = "filled",
                                        .symbol = "btcusdt"};
            check_ok(c, sign_htx_orders(c, &p));
        } else {
            sign_htx_place_order o = {.account_id = "100009",
                                      .symbol = "btcusdt",
                                      .type = "buy-limit", .amount = "10.1"};
            check_ok(c, sign_htx_place(c, &o));
        }
        cJSON *got = captured();
        compare("htx", got, cJSON_GetArrayItem(want, i), skip);
        cJSON_Delete(got);
        apicc_client_free(c);
    }
    cJSON_Delete(want);
}

/* Lower-case hex of HMAC(digest, key, data). */
static void hmac_hex(const EVP_MD *md, const char *key, const char *data,
                     char out[129])
{
    unsigned char mac[64];
    unsigned int n = 0;
    HMAC(md, key, (int)strlen(key), (const unsigned char *)data,
         strlen(data), mac, &n);
    for (unsigned int i = 0; i < n; i++)
        snprintf(out + 2 * i, 3, "%02x", mac[i]);
    out[2 * n] = '\0';
}

TEST(aws_sigv4)
{
    static const char *const cred =
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/"
        "aws4_request, SignedHeaders=host;x-amz-date, Signature=";
    char want[256];
    for (int i = 0; i < 2; i++) {
        apicc_client *c = apicc_client_new(base);
        apicc_client_set_fixed_time_ms(c, 1440938160000LL);
        CHECK_INT(sign_aws_set_sigv4_credentials(
                      c, "AKIDEXAMPLE",
                      "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
                  APICC_OK);
        if (i == 0) {
            /* get-vanilla-query-order-key-case */
            sign_aws_get_object_params p = {.host = "example.amazonaws.com",
                                            .param2 = "value2",
                                            .param1 = "value1"};
            check_ok(c, sign_aws_get_object(c, &p));
            snprintf(want, sizeof want, "%s%s", cred,
                     "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219e"
                     "c94cdf2500");
        } else {
            /* post-vanilla */
            sign_aws_post_vanilla_params p = {.host = "example.amazonaws.com"};
            check_ok(c, sign_aws_post_vanilla(c, &p));
            snprintf(want, sizeof want, "%s%s", cred,
                     "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e"
                     "92efbe5d6b");
        }
        cJSON *got = captured();
        if (got) {
            CHECK_STR(str_of(got, "target"),
                      i == 0 ? "/?Param2=value2&Param1=value1" : "/");
            CHECK_STR(header_of(got, "X-Amz-Date"), "20150830T123600Z");
            CHECK_STR(header_of(got, "Authorization"), want);
        }
        cJSON_Delete(got);
        apicc_client_free(c);
    }
}

TEST(bitmex)
{
    static const char secret[] = "chNOOS4KvNXR_Xq4k4c9qsfoKWvnDecLATCRlcBwyKDYnWgO";
    for (int i = 0; i < 2; i++) {
        apicc_client *c = client();
        CHECK_INT(sign_bitmex_set_bitmex_credentials(c, "LAqUlngMIQkIUjXMUreyu3qn",
                                                      secret),
                  APICC_OK);
        if (i == 0) {
            sign_bitmex_instrument_params p = {.symbol = "XBTM15",
                                               .has_count = 1, .count = 1};
            check_ok(c, sign_bitmex_instrument(c, &p));
        } else {
            sign_bitmex_order o = {.symbol = "XBTM15", .has_order_qty = 1,
                                   .order_qty = 98, .cl_ord_id = "mm_1"};
            check_ok(c, sign_bitmex_place_order(c, &o));
        }
        cJSON *got = captured();
        if (got) {
            /* the documented rule: hex HMAC-SHA256 of verb + path with query
             * + expires + body, expires in seconds */
            char expires[32], payload[2048], mac[129];
            snprintf(expires, sizeof expires, "%lld",
                     (long long)(FIXED_MS / 1000 + 60));
            CHECK_STR(header_of(got, "api-expires"), expires);
            CHECK_STR(str_of(got, "target"),
                      i == 0 ? "/api/v1/instrument?symbol=XBTM15&count=1"
                             : "/api/v1/order");
            snprintf(payload, sizeof payload, "%s%s%s%s",
                     str_of(got, "method"), str_of(got, "target"), expires,
                     str_of(got, "body"));
            hmac_hex(EVP_sha256(), secret, payload, mac);
            CHECK_STR(header_of(got, "api-signature"), mac);
            CHECK_STR(header_of(got, "api-key"), "LAqUlngMIQkIUjXMUreyu3qn");
        }
        cJSON_Delete(got);
        apicc_client_free(c);
    }
}

TEST(retry_resigns)
{
    apicc_client *c = client();
    apicc_client_set_retry(c, 2, 1, 10);
    CHECK_INT(sign_bitfinex_set_bfx_credentials(c, "key-4", "sec-4"), APICC_OK);
    sign_bitfinex_hist_query q = {.has_limit = 1, .limit = 10};
    check_ok(c, sign_bitfinex_orders_hist_retried(c, &q));
    for (int i = 0; i < 2; i++) {
        cJSON *got = captured();
        if (!got)
            break;
        char nonce[32], payload[1024], mac[129];
        snprintf(nonce, sizeof nonce, "%lld", (long long)(FIXED_MS + i));
        CHECK_STR(header_of(got, "bfx-nonce"), nonce);
        snprintf(payload, sizeof payload, "/api%s%s%s", str_of(got, "target"),
                 nonce, str_of(got, "body"));
        hmac_hex(EVP_sha384(), "sec-4", payload, mac);
        CHECK_STR(header_of(got, "bfx-signature"), mac);
        cJSON_Delete(got);
    }
    apicc_client_free(c);
}

/* ---- Kraken: the nonce in a form body ----------------------------------- */

/* Kraken's documented example (REST authentication guide): the secret as
 * issued, the nonce, the fields and the API-Sign it gives. */
#define KRAKEN_SECRET                                                          \
    "kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99" \
    "HAZtuZuj6F1huXg=="
#define KRAKEN_NONCE 1616492376594LL
#define KRAKEN_BODY                                                            \
    "nonce=1616492376594&ordertype=limit&pair=XBTUSD&price=37500&type=buy&"    \
    "volume=1.25"
#define KRAKEN_SIGN                                                            \
    "4/dpxb3iT4tp/ZCVEwSnEsLxx0bqyhLpdfOpc6fn7OR8+UClSV5n9E6aSS8MPtnRfp32bAb0" \
    "nmbRn6H8ndwLUQ=="

/* Kraken's rule as documented, recomputed here: base64 of
 * HMAC-SHA512(base64-decoded secret, path + SHA256(nonce + body)). */
static void kraken_sign(const char *path, const char *nonce, const char *body,
                        char out[89])
{
    unsigned char key[64], digest[32], mac[64], msg[512];
    unsigned int n = 0;
    /* 88 base64 characters, two of them padding: 64 bytes */
    EVP_DecodeBlock(key, (const unsigned char *)KRAKEN_SECRET,
                    (int)strlen(KRAKEN_SECRET));
    size_t pl = strlen(path);
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    EVP_DigestInit_ex(md, EVP_sha256(), NULL);
    EVP_DigestUpdate(md, nonce, strlen(nonce));
    EVP_DigestUpdate(md, body, strlen(body));
    EVP_DigestFinal_ex(md, digest, NULL);
    EVP_MD_CTX_free(md);
    if (pl + 32 > sizeof msg) {
        out[0] = '\0';
        return;
    }
    memcpy(msg, path, pl);
    memcpy(msg + pl, digest, 32);
    HMAC(EVP_sha512(), key, 64, msg, pl + 32, mac, &n);
    EVP_EncodeBlock((unsigned char *)out, mac, (int)n);
}

/* The nonce a form body carries first ("nonce=N&..."), into buf. */
static const char *body_nonce(const char *body, char *buf, size_t cap)
{
    if (!body || strncmp(body, "nonce=", 6) != 0) {
        FAIL("the body does not start with the nonce: %s",
             body ? body : "(none)");
        return "";
    }
    snprintf(buf, cap, "%.*s", (int)strcspn(body + 6, "&"), body + 6);
    return buf;
}

TEST(kraken_published_example)
{
    char mine[89];
    kraken_sign("/0/private/AddOrder", "1616492376594", KRAKEN_BODY, mine);
    CHECK_STR(mine, KRAKEN_SIGN); /* the recomputation itself */
    apicc_client *c = apicc_client_new(base);
    apicc_client_set_fixed_time_ms(c, KRAKEN_NONCE);
    CHECK_INT(sign_kraken_set_kraken_credentials(c, "key-7", KRAKEN_SECRET),
              APICC_OK);
    sign_kraken_order_form o = {.ordertype = "limit", .pair = "XBTUSD",
                                .price = "37500", .type = "buy",
                                .volume = "1.25"};
    check_ok(c, sign_kraken_add_order(c, &o));
    cJSON *got = captured();
    if (got) {
        CHECK_STR(str_of(got, "method"), "POST");
        CHECK_STR(str_of(got, "target"), "/0/private/AddOrder");
        CHECK_STR(str_of(got, "body"), KRAKEN_BODY);
        /* every header, in order, as it arrived */
        char host[64], length[16];
        snprintf(host, sizeof host, "127.0.0.1:%d", srv.port);
        snprintf(length, sizeof length, "%zu", strlen(KRAKEN_BODY));
        const char *const want[][2] = {
            {"Host", host},
            {"Accept", "*/*"}, /* libcurl's */
            {"User-Agent", "apicc/" APICC_VERSION_STRING},
            {"Content-Type", "application/x-www-form-urlencoded"},
            {"API-Key", "key-7"},
            {"API-Sign", KRAKEN_SIGN},
            {"Content-Length", length},
        };
        const cJSON *hs = cJSON_GetObjectItem(got, "headers");
        size_t nwant = sizeof want / sizeof want[0];
        CHECK_INT(cJSON_GetArraySize(hs), (int)nwant);
        for (size_t i = 0; i < nwant; i++) {
            const cJSON *h = cJSON_GetArrayItem(hs, (int)i);
            CHECK_STR(h ? cJSON_GetArrayItem(h, 0)->valuestring : NULL,
                      want[i][0]);
            CHECK_STR(h ? cJSON_GetArrayItem(h, 1)->valuestring : NULL,
                      want[i][1]);
        }
    }
    cJSON_Delete(got);
    apicc_client_free(c);
}

TEST(kraken)
{
    cJSON *want = ccxt_sign(
        "{\"exchange\":\"kraken\",\"credentials\":{\"apiKey\":\"key-7\","
        "\"secret\":\"" KRAKEN_SECRET "\"},\"cases\":["
        "{\"path\":\"Balance\",\"api\":\"private\",\"method\":\"POST\","
        "\"params\":{}},"
        "{\"path\":\"AddOrder\",\"api\":\"private\",\"method\":\"POST\","
        "\"params\":{\"ordertype\":\"limit\",\"pair\":\"XBT/USD\","
        "\"price\":\"37500\",\"type\":\"buy\",\"volume\":\"1.25\"}}]}");
    for (int i = 0; want && i < 2; i++) {
        apicc_client *c = client();
        CHECK_INT(sign_kraken_set_kraken_credentials(c, "key-7", KRAKEN_SECRET),
                  APICC_OK);
        if (i == 0) {
            check_ok(c, sign_kraken_balance(c, NULL));
        } else {
            sign_kraken_order_form o = {.ordertype = "limit",
                                        .pair = "XBT/USD", .price = "37500",
                                        .type = "buy", .volume = "1.25"};
            check_ok(c, sign_kraken_add_order(c, &o));
        }
        cJSON *got = captured();
        compare("kraken", got, cJSON_GetArrayItem(want, i), NULL);
        cJSON_Delete(got);
        apicc_client_free(c);
    }
    cJSON_Delete(want);
}

/* A 503, then the retry: each attempt puts a fresh nonce first in the
 * body and signs exactly the body it sends. */
TEST(kraken_retry_resigns)
{
    apicc_client *c = client();
    apicc_client_set_retry(c, 2, 1, 10);
    CHECK_INT(sign_kraken_set_kraken_credentials(c, "key-7", KRAKEN_SECRET),
              APICC_OK);
    sign_kraken_balance_form f = {.asset = "XXBT"};
    check_ok(c, sign_kraken_balance_retried(c, &f));
    for (int i = 0; i < 2; i++) {
        cJSON *got = captured();
        if (!got)
            break;
        char nonce[32], want[96], sig[89];
        snprintf(nonce, sizeof nonce, "%lld", (long long)(FIXED_MS + i));
        snprintf(want, sizeof want, "nonce=%s&asset=XXBT", nonce);
        const char *body = str_of(got, "body");
        CHECK_STR(body, want);
        char seen[32];
        kraken_sign("/0/private/Balance/retry-once",
                    body_nonce(body, seen, sizeof seen), body ? body : "",
                    sig);
        CHECK_STR(header_of(got, "API-Sign"), sig);
        cJSON_Delete(got);
    }
    apicc_client_free(c);
}

/* ---- Coinbase: an ES256 JWT per request --------------------------------- */

/* base64url without padding to bytes; *n its length. */
static unsigned char *unb64url(const char *s, size_t len, size_t *n)
{
    char *std = calloc(1, len + 4);
    unsigned char *out = malloc(len + 4);
    if (!std || !out) {
        free(std);
        free(out);
        return NULL;
    }
    size_t k = 0;
    for (size_t i = 0; i < len; i++)
        std[k++] = s[i] == '-' ? '+' : s[i] == '_' ? '/' : s[i];
    while (k % 4)
        std[k++] = '=';
    int m = EVP_DecodeBlock(out, (unsigned char *)std, (int)k);
    free(std);
    if (m < 0) {
        free(out);
        return NULL;
    }
    *n = (size_t)m - (len % 4 == 2 ? 2 : len % 4 == 3 ? 1 : 0);
    out[*n] = '\0';
    return out;
}

/* Splits "Bearer h.c.s" and checks s, ES256 (r || s) over "h.c", with the
 * public half of `key`; returns the decoded header and claims. */
static void check_jwt(const char *auth, EVP_PKEY *key, char **header,
                      char **claims)
{
    *header = *claims = NULL;
    if (!auth || strncmp(auth, "Bearer ", 7) != 0) {
        FAIL("no Bearer JWT: %s", auth ? auth : "(none)");
        return;
    }
    const char *h = auth + 7, *d1 = strchr(h, '.'), *d2 = d1 ? strchr(d1 + 1, '.') : NULL;
    if (!d2) {
        FAIL("not a JWT: %s", auth);
        return;
    }
    size_t hn = 0, cn = 0, sn = 0;
    *header = (char *)unb64url(h, (size_t)(d1 - h), &hn);
    *claims = (char *)unb64url(d1 + 1, (size_t)(d2 - d1 - 1), &cn);
    unsigned char *sig = unb64url(d2 + 1, strlen(d2 + 1), &sn);
    CHECK_INT((int)sn, 64);
    ECDSA_SIG *es = ECDSA_SIG_new();
    unsigned char *der = NULL;
    int derlen = 0;
    if (es && sig && sn == 64 &&
        ECDSA_SIG_set0(es, BN_bin2bn(sig, 32, NULL), BN_bin2bn(sig + 32, 32, NULL)))
        derlen = i2d_ECDSA_SIG(es, &der);
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    int ok = md && derlen > 0 &&
             EVP_DigestVerifyInit(md, NULL, EVP_sha256(), NULL, key) == 1 &&
             EVP_DigestVerify(md, der, (size_t)derlen,
                              (const unsigned char *)h, (size_t)(d2 - h)) == 1;
    CHECK(ok);
    EVP_MD_CTX_free(md);
    OPENSSL_free(der);
    ECDSA_SIG_free(es);
    free(sig);
}

TEST(coinbase)
{
    EVP_PKEY *key = EVP_EC_gen("P-256");
    char path[] = "/tmp/apicc-cdp-key-XXXXXX";
    int fd = mkstemp(path);
    FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
    /* "EC PRIVATE KEY" (SEC 1), the form Coinbase issues and ccxt reads */
    BIO *bio = f ? BIO_new_fp(f, BIO_NOCLOSE) : NULL;
    int written = key && bio &&
                  PEM_write_bio_PrivateKey_traditional(bio, key, NULL, NULL, 0,
                                                       NULL, NULL);
    BIO_free(bio);
    if (f)
        fclose(f);
    if (!written) {
        FAIL("cannot make a P-256 key");
        EVP_PKEY_free(key);
        return;
    }
    /* ccxt takes the PEM as its secret */
    FILE *r = fopen(path, "r");
    char pem[1024] = "";
    size_t pn = r ? fread(pem, 1, sizeof pem - 1, r) : 0;
    pem[pn] = '\0';
    if (r)
        fclose(r);
    static const char kid[] = "organizations/org-1/apiKeys/key-6";
    cJSON *job = cJSON_CreateObject();
    cJSON_AddStringToObject(job, "exchange", "coinbase");
    cJSON *cr = cJSON_AddObjectToObject(job, "credentials");
    cJSON_AddStringToObject(cr, "apiKey", kid);
    cJSON_AddStringToObject(cr, "secret", pem);
    cJSON *cases = cJSON_Parse(
        "[{\"path\":\"brokerage/orders/historical/batch\",\"api\":"
        "\"[\\\"v3\\\",\\\"private\\\"]\",\"method\":\"GET\",\"params\":"
        "{\"product_id\":\"BTC-USD\"}},{\"path\":\"brokerage/orders\",\"api\":"
        "\"[\\\"v3\\\",\\\"private\\\"]\",\"method\":\"POST\",\"params\":"
        "{\"client_order_id\":\"c-1\",\"product_id\":\"BTC-USD\",\"side\":"
        "\"BUY\"}}]");
    cJSON_AddItemToObject(job, "cases", cases);
    char *text = cJSON_PrintUnformatted(job);
    cJSON_Delete(job);
    cJSON *want = text ? ccxt_sign(text) : NULL;
    free(text);
    for (int i = 0; want && i < 2; i++) {
        apicc_client *c = client();
        CHECK_INT(sign_coinbase_set_cdp_credentials(c, kid, path), APICC_OK);
        if (i == 0) {
            sign_coinbase_list_orders_params p = {.product_id = "BTC-USD"};
            check_ok(c, sign_coinbase_list_orders(c, &p));
        } else {
            sign_coinbase_order_request o = {.client_order_id = "c-1",
                                             .product_id = "BTC-USD",
                                             .side = "BUY"};
            check_ok(c, sign_coinbase_create_order(c, &o));
        }
        cJSON *got = captured();
        const cJSON *w = cJSON_GetArrayItem(want, i);
        /* the JWT is checked below; ccxt types a GET without a body too */
        static const char *const skip[] = {"Authorization", "Content-Type",
                                           NULL};
        compare("coinbase", got, w, skip);
        char *gh = NULL, *gc = NULL, *wh = NULL, *wc = NULL;
        check_jwt(got ? header_of(got, "Authorization") : NULL, key, &gh, &gc);
        check_jwt(str_of(cJSON_GetObjectItem(w, "headers"), "Authorization"),
                  key, &wh, &wc);
        /* the claims exactly; the header but its random nonce */
        CHECK_STR(gc, wc);
        cJSON *g = gh ? cJSON_Parse(gh) : NULL, *x = wh ? cJSON_Parse(wh) : NULL;
        const char *gn = str_of(g, "nonce");
        CHECK(gn && strlen(gn) == 32 && strspn(gn, "0123456789abcdef") == 32);
        if (g && x) {
            cJSON_ReplaceItemInObject(g, "nonce", cJSON_CreateString("N"));
            cJSON_ReplaceItemInObject(x, "nonce", cJSON_CreateString("N"));
            char *a = cJSON_PrintUnformatted(g), *b = cJSON_PrintUnformatted(x);
            CHECK_STR(a, b);
            free(a);
            free(b);
        }
        cJSON_Delete(g);
        cJSON_Delete(x);
        free(gh);
        free(gc);
        free(wh);
        free(wc);
        cJSON_Delete(got);
        apicc_client_free(c);
    }
    cJSON_Delete(want);
    unlink(path);
    EVP_PKEY_free(key);
}

int main(void)
{
    const char *home = getenv("HOME");
    snprintf(ccxt_dir, sizeof ccxt_dir, "%s/.cache/apicc-test/ccxt",
             home ? home : "/nonexistent");
    char probe[1100];
    snprintf(probe, sizeof probe, "%s/node_modules/ccxt/dist/ccxt.cjs",
             ccxt_dir);
    if (system("sh tests/support/ccxt.sh >/dev/null 2>&1") != 0 ||
        access(probe, R_OK) != 0)
        ccxt_skip = "ccxt is not installed and npm could not fetch it";
    if (provider_server_start(&srv, "capture_server.py", NULL) != 0) {
        FAIL("cannot start the capture server");
        return harness_report();
    }
    provider_url(base, sizeof base, "http", srv.port, "");
    RUN(aws_sigv4);
    RUN(bitmex);
    RUN(retry_resigns);
    RUN(kraken_published_example);
    RUN(kraken_retry_resigns);
    if (ccxt_skip) {
        static const char *const names[] = {"kucoin", "bybit",
                                            "gemini", "bitfinex",
                                            "htx",    "kraken",
                                            "coinbase"};
        for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
            harness_skip(names[i], ccxt_skip);
    } else {
        RUN(kucoin);
        RUN(bybit);
        RUN(gemini);
        RUN(bitfinex);
        RUN(htx);
        RUN(kraken);
        RUN(coinbase);
    }
    test_server_stop(&srv);
    return harness_report();
}
