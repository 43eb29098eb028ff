/*
 * The generated Binance Spot WebSocket client against
 * tests/servers/binance_ws_api.py, which checks signatures and the
 * timestamp window on its own: logon with Ed25519 and with HMAC, status,
 * logout, the provider's error codes reaching the caller, rate limits,
 * pings answered, and the session state after a drop or a revocation.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "binance_spot/binance_spot.h"
#include "provider_test.h"

/* The Ed25519 private key Binance publishes in its FIX API docs, and the
 * example HMAC secret of its WebSocket API docs (both public test keys). */
static const char ed25519_pem[] =
    "-----BEGIN PRIVATE KEY-----\n"
    "MC4CAQAwBQYDK2VwBCIEIIJEYWtGBrhACmb9Dvy+qa8WEf0lQOl1s4CLIAB9m89u\n"
    "-----END PRIVATE KEY-----\n";
static const char hmac_secret[] =
    "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j";

static test_server server;
static char url[128];

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static apicc_client *ed25519_client(void)
{
    apicc_client *c = binance_spot_client_new(url);
    CHECK(c != NULL);
    CHECK_INT(binance_spot_set_ed25519(c, "ed-key-1"), APICC_OK);
    CHECK_INT(apicc_client_set_private_key_pem(c, ed25519_pem,
                                               strlen(ed25519_pem)),
              APICC_OK);
    return c;
}

static apicc_client *hmac_client(const char *secret)
{
    apicc_client *c = binance_spot_client_new(url);
    CHECK(c != NULL);
    CHECK_INT(binance_spot_set_hmac(c, "hmac-key-1"), APICC_OK);
    CHECK_INT(apicc_client_set_hmac_secret(c, secret, strlen(secret)),
              APICC_OK);
    return c;
}

static apicc_ws_session session_of(apicc_client *c)
{
    apicc_ws_session s;
    memset(&s, 0, sizeof s);
    CHECK_INT(apicc_client_ws_session(c, &s), APICC_OK);
    return s;
}

static void status_has_key(apicc_client *c, const char *key)
{
    binance_spot_session_result *r = NULL;
    CHECK_INT(binance_spot_session_status(c, &r), APICC_OK);
    if (!r)
        return;
    if (key) {
        CHECK(r->api_key && strcmp(r->api_key, key) == 0);
        CHECK(!r->authorized_since_is_null && r->authorized_since > 0);
    } else {
        CHECK(r->api_key_is_null);
        CHECK(r->authorized_since_is_null);
    }
    CHECK(r->connected_since > 1600000000000LL);
    binance_spot_session_result_free(r);
}

TEST(ed25519_logon_status_logout)
{
    apicc_client *c = ed25519_client();
    status_has_key(c, NULL);
    binance_spot_session_result *r = NULL;
    CHECK_INT(binance_spot_session_logon(c, NULL, &r), APICC_OK);
    CHECK(r && r->api_key && strcmp(r->api_key, "ed-key-1") == 0);
    binance_spot_session_result_free(r);
    char line[256];
    CHECK(provider_wait_event(&server, "EVENT logon", line, sizeof line) ==
          0);
    CHECK_STR(line, "EVENT logon ed-key-1 ed25519");
    CHECK(session_of(c).logged_on);
    status_has_key(c, "ed-key-1");
    /* every answer carries the weight used so far */
    const cJSON *limits = apicc_client_ws_rate_limits(c);
    const cJSON *count = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetArrayItem(limits, 0), "count");
    CHECK(cJSON_IsNumber(count) && count->valuedouble >= 6);
    r = NULL;
    CHECK_INT(binance_spot_session_logout(c, &r), APICC_OK);
    CHECK(r && r->api_key_is_null);
    binance_spot_session_result_free(r);
    CHECK(!session_of(c).logged_on);
    CHECK(!session_of(c).logon_lost);
    status_has_key(c, NULL);
    apicc_client_free(c);
}

TEST(hmac_logon_with_recv_window)
{
    apicc_client *c = hmac_client(hmac_secret);
    binance_spot_session_logon_params p = {.recv_window = 10000.5,
                                           .has_recv_window = true};
    binance_spot_session_result *r = NULL;
    CHECK_INT(binance_spot_session_logon(c, &p, &r), APICC_OK);
    binance_spot_session_result_free(r);
    char line[256];
    CHECK(provider_wait_event(&server, "EVENT logon", line, sizeof line) ==
          0);
    CHECK_STR(line, "EVENT logon hmac-key-1 hmac");
    status_has_key(c, "hmac-key-1");
    apicc_client_free(c);
}

TEST(bad_signature)
{
    apicc_client *c = hmac_client("not-the-secret");
    binance_spot_session_result *r = NULL;
    CHECK_INT(binance_spot_session_logon(c, NULL, &r), APICC_ERR_PROVIDER);
    CHECK(r == NULL);
    CHECK_ERROR(c, APICC_ERR_PROVIDER, 400, "-1022",
                "Signature for this request is not valid.");
    CHECK(!session_of(c).logged_on);
    /* the secret is nowhere in what the caller can print */
    const apicc_error *e = apicc_client_error(c);
    CHECK(strstr(e->message, "not-the-secret") == NULL);
    CHECK(!e->body || strstr(e->body, "not-the-secret") == NULL);
    apicc_client_free(c);
}

TEST(timestamp_outside_the_window)
{
    apicc_client *c = ed25519_client();
    binance_spot_session_result *r = NULL;
    /* 10 s old: outside the default 5 s window */
    apicc_client_set_fixed_time_ms(c, now_ms() - 10000);
    CHECK_INT(binance_spot_session_logon(c, NULL, &r), APICC_ERR_PROVIDER);
    CHECK_ERROR(c, APICC_ERR_PROVIDER, 400, "-1021", "outside of the");
    /* the same age inside a 60 s window is fine */
    binance_spot_session_logon_params p = {.recv_window = 60000,
                                           .has_recv_window = true};
    apicc_client_set_fixed_time_ms(c, now_ms() - 10000);
    CHECK_INT(binance_spot_session_logon(c, &p, &r), APICC_OK);
    binance_spot_session_result_free(r);
    r = NULL;
    /* 5 s ahead of the server */
    apicc_client_set_fixed_time_ms(c, now_ms() + 5000);
    CHECK_INT(binance_spot_session_logon(c, NULL, &r), APICC_ERR_PROVIDER);
    CHECK_ERROR(c, APICC_ERR_PROVIDER, 400, "-1021", "ahead");
    apicc_client_free(c);
}

TEST(unknown_api_key)
{
    apicc_client *c = ed25519_client();
    CHECK_INT(binance_spot_set_ed25519(c, "nobody"), APICC_OK);
    binance_spot_session_result *r = NULL;
    CHECK_INT(binance_spot_session_logon(c, NULL, &r), APICC_ERR_AUTH);
    CHECK_ERROR(c, APICC_ERR_AUTH, 401, "-2015", "Invalid API-key");
    apicc_client_free(c);
}

/* Sends a test-control method the generated client does not have. */
static void control(apicc_client *c, const char *method)
{
    apicc_endpoint ep = {.name = method,
                         .transport = APICC_TRANSPORT_WEBSOCKET,
                         .method = method};
    apicc_call(c, &ep, NULL, 0, NULL, NULL);
}

TEST(dropped_connection_loses_the_logon)
{
    apicc_client *c = ed25519_client();
    binance_spot_session_result *r = NULL;
    CHECK_INT(binance_spot_session_logon(c, NULL, &r), APICC_OK);
    binance_spot_session_result_free(r);
    apicc_client_set_timeout_ms(c, 2000);
    control(c, "_test.drop"); /* the server drops the TCP connection */
    apicc_ws_session s = session_of(c);
    CHECK(!s.logged_on);
    CHECK(s.logon_lost);
    /* the next call reconnects, on a connection that is not logged on */
    status_has_key(c, NULL);
    CHECK_INT(session_of(c).connections, 2);
    /* logging on again clears the loss */
    r = NULL;
    CHECK_INT(binance_spot_session_logon(c, NULL, &r), APICC_OK);
    binance_spot_session_result_free(r);
    CHECK(session_of(c).logged_on && !session_of(c).logon_lost);
    apicc_client_free(c);
}

TEST(revoked_session)
{
    apicc_client *c = ed25519_client();
    binance_spot_session_result *r = NULL;
    CHECK_INT(binance_spot_session_logon(c, NULL, &r), APICC_OK);
    binance_spot_session_result_free(r);
    apicc_client_set_timeout_ms(c, 1000);
    control(c, "_test.revoke"); /* unsolicited 401, -2015 */
    status_has_key(c, NULL);
    apicc_ws_session s = session_of(c);
    CHECK(!s.logged_on);
    CHECK(s.logon_lost);
    apicc_client_free(c);
}

TEST(server_pings_are_answered)
{
    test_server pinging = {0};
    const char *args[] = {"--ping-interval", "0.05", "--pong-timeout", "5",
                          NULL};
    CHECK(provider_server_start(&pinging, "binance_ws_api.py", args) == 0);
    char u[128];
    provider_url(u, sizeof u, "ws", pinging.port, "/ws-api/v3");
    apicc_client *c = binance_spot_client_new(u);
    /* calls spread over about half a second: pings arrive in between and
     * are answered inside the next call */
    for (int i = 0; i < 10; i++) {
        binance_spot_session_result *r = NULL;
        CHECK_INT(binance_spot_session_status(c, &r), APICC_OK);
        binance_spot_session_result_free(r);
        struct timespec pause = {0, 50 * 1000 * 1000};
        nanosleep(&pause, NULL);
    }
    char line[128];
    CHECK(provider_wait_event(&pinging, "EVENT pong", line, sizeof line) ==
          0);
    CHECK_INT(session_of(c).connections, 1);
    apicc_client_free(c);
    test_server_stop(&pinging);
}

TEST(server_down)
{
    test_server gone = {0};
    CHECK(provider_server_start(&gone, "binance_ws_api.py", NULL) == 0);
    char u[128];
    provider_url(u, sizeof u, "ws", gone.port, "/ws-api/v3");
    test_server_stop(&gone);
    apicc_client *c = binance_spot_client_new(u);
    binance_spot_session_result *r = NULL;
    CHECK_INT(binance_spot_session_status(c, &r), APICC_ERR_TRANSPORT);
    apicc_client_free(c);
}

int main(void)
{
    if (provider_server_start(&server, "binance_ws_api.py", NULL) != 0) {
        printf("FAIL could not start binance_ws_api.py\n0 passed, 1 failed\n");
        return 1;
    }
    provider_url(url, sizeof url, "ws", server.port, "/ws-api/v3");
    RUN(ed25519_logon_status_logout);
    RUN(hmac_logon_with_recv_window);
    RUN(bad_signature);
    RUN(timestamp_outside_the_window);
    RUN(unknown_api_key);
    RUN(dropped_connection_loses_the_logon);
    RUN(revoked_session);
    RUN(server_pings_are_answered);
    RUN(server_down);
    test_server_stop(&server);
    return harness_report();
}
