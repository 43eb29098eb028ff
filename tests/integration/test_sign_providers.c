/*
 * Signed requests of eight providers' published rules, written as specs
 * (tests/specs/sign_*.yaml) and checked byte for byte on the wire: each
 * call goes to a local capture server (tests/servers/capture_server.py)
 * with the clock fixed, and what arrives is compared with
 *  - ccxt (npm, installed into a cache outside the tree by
 *    tests/support/ccxt.sh; skipped with the reason when it cannot be):
 *    KuCoin, Bybit v5, Gemini, Bitfinex v2, HTX and Coinbase's ES256 JWT
 *    (random nonce: header and claims compared, the signature verified
 *    with the public key);
 *  - AWS's published Signature Version 4 test-suite signatures
 *    (get-vanilla-query-order-key-case, post-vanilla).
 * Each call uses a fresh client, as ccxt signs every case at one instant
 * with one nonce.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include "harness.h"
#include "provider_test.h"
#include "sign_aws/sign_aws.h"
#include "sign_bitfinex/sign_bitfinex.h"
#include "sign_bybit/sign_bybit.h"
#include "sign_coinbase/sign_coinbase.h"
#include "sign_gemini/sign_gemini.h"
#include "sign_htx/sign_htx.h"
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
    if (ccxt_skip) {
        static const char *const names[] = {"kucoin", "bybit", "gemini",
                                            "bitfinex", "htx"};
        for (size_t i = 0; i < 5; i++)
            harness_skip(names[i], ccxt_skip);
    } else {
        RUN(kucoin);
        RUN(bybit);
        RUN(gemini);
        RUN(bitfinex);
        RUN(htx);
    }
    test_server_stop(&srv);
    return harness_report();
}
