/*
 * Credentials that apply together over WebSocket
 * (tests/specs/auth_together_ws.yaml): `auth: [session, [key, sig]]`.
 * A key AND a signature go in the same frame, the signature covering the
 * key the scheme before placed; half an alternative is not enough; the
 * other alternative alone sends only its own key.  The frames are those
 * tests/servers/ws_rpc_server.py read ("echo" answers with them).
 */
#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "auth_together_ws/auth_together_ws.h"
#include "provider_test.h"

#define FIXED_MS 1700000000123LL

static test_server srv;
static char url[128];

static apicc_client *client(void)
{
    apicc_client *c = auth_together_ws_client_new(url);
    apicc_client_set_timeout_ms(c, 10000);
    apicc_client_set_fixed_time_ms(c, FIXED_MS);
    return c;
}

/* The params of the frame the server read, or NULL after a FAIL. */
static cJSON *frame_params(apicc_client *c, cJSON **frame)
{
    auth_together_ws_echo_params p = {.symbol = "BTCUSDT"};
    auth_together_ws_echoed *out = NULL;
    apicc_status st = auth_together_ws_echo(c, &p, &out);
    *frame = NULL;
    if (st != APICC_OK) {
        FAIL("echo: %s (%s)", apicc_status_name(st),
             apicc_client_error(c)->message);
        return NULL;
    }
    *frame = out && out->frame ? cJSON_Parse(out->frame) : NULL;
    auth_together_ws_echoed_free(out);
    cJSON *params = cJSON_GetObjectItem(*frame, "params");
    if (!cJSON_IsObject(params))
        FAIL("the server read no params");
    return params;
}

static const char *str_of(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItem(o, k);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

TEST(half_an_alternative_is_not_enough)
{
    apicc_client *c = client();
    CHECK_INT(auth_together_ws_set_key(c, "k-1"), APICC_OK);
    auth_together_ws_echo_params p = {.symbol = "BTCUSDT"};
    auth_together_ws_echoed *out = NULL;
    CHECK_INT(auth_together_ws_echo(c, &p, &out), APICC_ERR_NO_CREDENTIALS);
    const char *msg = apicc_client_error(c)->message;
    CHECK(msg && strstr(msg, "\"session\"") && strstr(msg, "\"key\" + \"sig\""));
    CHECK(out == NULL);
    apicc_client_free(c);
}

TEST(key_and_signature_in_one_frame)
{
    apicc_client *c = client();
    CHECK_INT(auth_together_ws_set_key(c, "k-1"), APICC_OK);
    CHECK_INT(auth_together_ws_set_sig_credentials(c, "s3cret"), APICC_OK);
    cJSON *frame = NULL;
    cJSON *params = frame_params(c, &frame);
    if (params) {
        /* exactly these members, in this order: the call's, the key, then
         * the signature scheme's */
        static const char *const names[] = {"symbol", "apiKey", "timestamp",
                                            "signature"};
        CHECK_INT(cJSON_GetArraySize(params), 4);
        for (int i = 0; i < 4; i++) {
            const cJSON *m = cJSON_GetArrayItem(params, i);
            CHECK_STR(m ? m->string : NULL, names[i]);
        }
        CHECK_STR(str_of(params, "apiKey"), "k-1");
        const cJSON *ts = cJSON_GetObjectItem(params, "timestamp");
        CHECK(cJSON_IsNumber(ts) && ts->valuedouble == (double)FIXED_MS);
        /* hex HMAC-SHA256 of the sorted params, the key among them */
        static const char payload[] =
            "apiKey=k-1&symbol=BTCUSDT&timestamp=1700000000123";
        unsigned char mac[32];
        unsigned int n = 0;
        char want[65];
        HMAC(EVP_sha256(), "s3cret", 6, (const unsigned char *)payload,
             strlen(payload), mac, &n);
        for (unsigned int i = 0; i < n; i++)
            snprintf(want + 2 * i, 3, "%02x", mac[i]);
        CHECK_STR(str_of(params, "signature"), want);
        CHECK(cJSON_GetObjectItem(params, "sessionKey") == NULL);
    }
    cJSON_Delete(frame);
    apicc_client_free(c);
}

TEST(the_first_complete_alternative_wins)
{
    apicc_client *c = client();
    CHECK_INT(auth_together_ws_set_session(c, "sess-1"), APICC_OK);
    CHECK_INT(auth_together_ws_set_key(c, "k-1"), APICC_OK);
    CHECK_INT(auth_together_ws_set_sig_credentials(c, "s3cret"), APICC_OK);
    cJSON *frame = NULL;
    cJSON *params = frame_params(c, &frame);
    if (params) {
        CHECK_INT(cJSON_GetArraySize(params), 2);
        CHECK_STR(str_of(params, "symbol"), "BTCUSDT");
        CHECK_STR(str_of(params, "sessionKey"), "sess-1");
    }
    cJSON_Delete(frame);
    apicc_client_free(c);
}

int main(void)
{
    apicc_global_init();
    if (provider_server_start(&srv, "ws_rpc_server.py", NULL) != 0) {
        printf("FAIL cannot start tests/servers/ws_rpc_server.py\n");
        harness_failed++;
        return harness_report();
    }
    provider_url(url, sizeof url, "ws", srv.port, "/ws");
    RUN(half_an_alternative_is_not_enough);
    RUN(key_and_signature_in_one_frame);
    RUN(the_first_complete_alternative_wins);
    test_server_stop(&srv);
    apicc_global_cleanup();
    return harness_report();
}
