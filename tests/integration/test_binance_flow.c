/*
 * The generated Binance Spot WebSocket client against
 * tests/servers/binance_ws_api.py, which checks signatures and the
 * timestamp window on its own: logon with Ed25519, RSA and HMAC, status,
 * logout, the provider's error codes reaching the caller, rate limits
 * (and turning them off), pings answered, the session state after a
 * drop or a revocation, and a User Data Stream subscription whose
 * events (the docs' example) reach the typed handler until it is
 * closed.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

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

/* An RSA key made for this run: the server gets the public half only. */
static char *rsa_pem;
static size_t rsa_pem_len;
static char rsa_public_path[] = "/tmp/apicc-bn-rsa-XXXXXX";

/* The private key in PEM, malloc'd, or NULL. */
static char *private_pem(EVP_PKEY *key, size_t *len)
{
    BIO *mem = BIO_new(BIO_s_mem());
    char *pem = NULL;
    if (mem && PEM_write_bio_PrivateKey(mem, key, NULL, NULL, 0, NULL, NULL)) {
        char *data = NULL;
        long n = BIO_get_mem_data(mem, &data);
        pem = n > 0 ? malloc((size_t)n) : NULL;
        if (pem) {
            memcpy(pem, data, (size_t)n);
            *len = (size_t)n;
        }
    }
    BIO_free(mem); /* a memory BIO wipes its buffer when freed */
    return pem;
}

static int make_rsa_key(void)
{
    EVP_PKEY *key = EVP_RSA_gen(2048);
    int fd = mkstemp(rsa_public_path);
    FILE *pub = fd >= 0 ? fdopen(fd, "w") : NULL;
    int ok = key && pub && PEM_write_PUBKEY(pub, key);
    if (pub)
        ok = fclose(pub) == 0 && ok;
    else if (fd >= 0)
        close(fd);
    if (ok)
        rsa_pem = private_pem(key, &rsa_pem_len);
    EVP_PKEY_free(key);
    return rsa_pem ? 0 : -1;
}

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

TEST(rsa_logon)
{
    apicc_client *c = binance_spot_client_new(url);
    CHECK_INT(binance_spot_set_rsa(c, "rsa-key-1"), APICC_OK);
    CHECK_INT(apicc_client_set_private_key_pem(c, rsa_pem, rsa_pem_len),
              APICC_OK);
    binance_spot_session_result *r = NULL;
    CHECK_INT(binance_spot_session_logon(c, NULL, &r), APICC_OK);
    CHECK(r && r->api_key && strcmp(r->api_key, "rsa-key-1") == 0);
    binance_spot_session_result_free(r);
    char line[256];
    CHECK(provider_wait_event(&server, "EVENT logon", line, sizeof line) ==
          0);
    CHECK_STR(line, "EVENT logon rsa-key-1 rsa");
    CHECK(session_of(c).logged_on);
    status_has_key(c, "rsa-key-1");
    apicc_client_free(c);
}

TEST(rsa_signature_of_another_key)
{
    /* small, so it is made quickly: only its signature matters */
    EVP_PKEY *other = EVP_RSA_gen(1024);
    CHECK(other != NULL);
    size_t len = 0;
    char *pem = other ? private_pem(other, &len) : NULL;
    EVP_PKEY_free(other);
    CHECK(pem != NULL);
    if (!pem)
        return;
    apicc_client *c = binance_spot_client_new(url);
    CHECK_INT(binance_spot_set_rsa(c, "rsa-key-1"), APICC_OK);
    CHECK_INT(apicc_client_set_private_key_pem(c, pem, len), APICC_OK);
    apicc_wipe(pem, len);
    free(pem);
    binance_spot_session_result *r = NULL;
    CHECK_INT(binance_spot_session_logon(c, NULL, &r), APICC_ERR_PROVIDER);
    CHECK_ERROR(c, APICC_ERR_PROVIDER, 400, "-1022",
                "Signature for this request is not valid.");
    apicc_client_free(c);
}

TEST(rsa_scheme_with_an_ed25519_key)
{
    /* the key does not fit the scheme's algorithm: the client refuses to
     * sign, nothing reaches the server */
    apicc_client *c = binance_spot_client_new(url);
    CHECK_INT(binance_spot_set_rsa(c, "rsa-key-1"), APICC_OK);
    CHECK_INT(apicc_client_set_private_key_pem(c, ed25519_pem,
                                               strlen(ed25519_pem)),
              APICC_OK);
    binance_spot_session_result *r = NULL;
    CHECK_INT(binance_spot_session_logon(c, NULL, &r), APICC_ERR_SIGN);
    CHECK(r == NULL);
    CHECK_INT(apicc_client_error(c)->http_status, 0);
    CHECK(!session_of(c).logged_on);
    apicc_client_free(c);
}

TEST(ed25519_only_as_documented)
{
    /* Binance documents session.logon for Ed25519 keys only */
    test_server strict = {0};
    const char *args[] = {"--ed25519-only", "--rsa-public", rsa_public_path,
                          NULL};
    CHECK(provider_server_start(&strict, "binance_ws_api.py", args) == 0);
    char u[128];
    provider_url(u, sizeof u, "ws", strict.port, "/ws-api/v3");
    apicc_client *c = binance_spot_client_new(u);
    CHECK_INT(binance_spot_set_hmac(c, "hmac-key-1"), APICC_OK);
    CHECK_INT(apicc_client_set_hmac_secret(c, hmac_secret,
                                           strlen(hmac_secret)),
              APICC_OK);
    binance_spot_session_result *r = NULL;
    CHECK_INT(binance_spot_session_logon(c, NULL, &r), APICC_ERR_PROVIDER);
    CHECK_ERROR(c, APICC_ERR_PROVIDER, 400, "-1022", "not valid");
    apicc_client_free(c);
    c = binance_spot_client_new(u);
    CHECK_INT(binance_spot_set_rsa(c, "rsa-key-1"), APICC_OK);
    CHECK_INT(apicc_client_set_private_key_pem(c, rsa_pem, rsa_pem_len),
              APICC_OK);
    CHECK_INT(binance_spot_session_logon(c, NULL, &r), APICC_ERR_PROVIDER);
    CHECK_ERROR(c, APICC_ERR_PROVIDER, 400, "-1022", "not valid");
    apicc_client_free(c);
    c = binance_spot_client_new(u);
    CHECK_INT(binance_spot_set_ed25519(c, "ed-key-1"), APICC_OK);
    CHECK_INT(apicc_client_set_private_key_pem(c, ed25519_pem,
                                               strlen(ed25519_pem)),
              APICC_OK);
    CHECK_INT(binance_spot_session_logon(c, NULL, &r), APICC_OK);
    binance_spot_session_result_free(r);
    apicc_client_free(c);
    test_server_stop(&strict);
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
    /* a window above Binance's maximum */
    p.recv_window = 60000.5;
    CHECK_INT(binance_spot_session_logon(c, &p, &r), APICC_ERR_PROVIDER);
    CHECK_ERROR(c, APICC_ERR_PROVIDER, 400, "-1102", "Cannot be greater");
    /* 5 s ahead of the server */
    apicc_client_set_fixed_time_ms(c, now_ms() + 5000);
    CHECK_INT(binance_spot_session_logon(c, NULL, &r), APICC_ERR_PROVIDER);
    CHECK_ERROR(c, APICC_ERR_PROVIDER, 400, "-1021", "ahead");
    apicc_client_free(c);
}

/* session.status with an explicit returnRateLimits param, which the
 * generated function has no argument for. */
static cJSON *status_with_limits(apicc_client *c, int want)
{
    apicc_endpoint ep = {.name = "session_status",
                         .transport = APICC_TRANSPORT_WEBSOCKET,
                         .method = "session.status",
                         .has_response = 1};
    apicc_arg arg = {.name = "returnRateLimits",
                     .in = APICC_IN_PARAM,
                     .type = APICC_T_BOOL,
                     .b = want};
    cJSON *out = NULL;
    CHECK_INT(apicc_call(c, &ep, &arg, 1, NULL, &out), APICC_OK);
    return out;
}

TEST(rate_limits_turned_off)
{
    char u[160];
    snprintf(u, sizeof u, "%s?returnRateLimits=false", url);
    apicc_client *c = binance_spot_client_new(u);
    binance_spot_session_result *r = NULL;
    CHECK_INT(binance_spot_session_status(c, &r), APICC_OK);
    CHECK(r && r->has_return_rate_limits && !r->return_rate_limits);
    binance_spot_session_result_free(r);
    CHECK(apicc_client_ws_rate_limits(c) == NULL);
    /* a request's own returnRateLimits: true wins over the URL's false */
    cJSON_Delete(status_with_limits(c, 1));
    CHECK(cJSON_GetArraySize(apicc_client_ws_rate_limits(c)) == 1);
    apicc_client_free(c);
    /* and false on a connection that has them on */
    c = binance_spot_client_new(url);
    cJSON *out = status_with_limits(c, 0);
    CHECK(out != NULL);
    cJSON_Delete(out);
    CHECK(apicc_client_ws_rate_limits(c) == NULL);
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

typedef struct positions {
    int count;
    char assets[64];
    int64_t update_time;
} positions;

static void on_position(void *user,
                        const binance_spot_outbound_account_position *ev)
{
    positions *p = user;
    p->count++;
    p->update_time = ev->last_update_time;
    p->assets[0] = '\0';
    for (size_t i = 0; i < ev->n_balances; i++) {
        strncat(p->assets, ev->balances[i]->asset,
                sizeof p->assets - strlen(p->assets) - 2);
        strcat(p->assets, "/");
    }
    CHECK_STR(ev->balances[0]->locked, "182.00000000");
}

TEST(user_data_stream_subscription)
{
    apicc_client *c = ed25519_client();
    positions p = {0};
    CHECK_INT(binance_spot_on_outbound_account_position(c, on_position, &p),
              APICC_OK);
    /* not logged on: the server refuses, and nothing is kept */
    apicc_subscription sub = 99;
    CHECK_INT(binance_spot_user_data_stream_subscribe(c, NULL, &sub),
              APICC_ERR_AUTH);
    CHECK(sub == 0);
    binance_spot_session_result *r = NULL;
    CHECK_INT(binance_spot_session_logon(c, NULL, &r), APICC_OK);
    binance_spot_session_result_free(r);
    binance_spot_subscription_result *opened = NULL;
    CHECK_INT(binance_spot_user_data_stream_subscribe(c, &opened, &sub),
              APICC_OK);
    CHECK(sub != 0 && opened && opened->subscription_id == 0);
    binance_spot_subscription_result_free(opened);
    control(c, "_test.account");
    CHECK_INT(p.count, 1);
    CHECK_STR(p.assets, "BTC/USDT/");
    CHECK_INT(p.update_time, 1728972148778LL);
    r = NULL;
    CHECK_INT(binance_spot_session_status(c, &r), APICC_OK);
    CHECK(r && r->has_user_data_stream && r->user_data_stream);
    binance_spot_session_result_free(r);
    CHECK_INT(apicc_client_ws_unsubscribe(c, sub), APICC_OK);
    control(c, "_test.account");
    CHECK_INT(p.count, 1);
    CHECK_INT(session_of(c).subscriptions, 0);
    apicc_client_free(c);
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
    if (make_rsa_key() != 0) {
        printf("FAIL could not make an RSA key\n0 passed, 1 failed\n");
        return 1;
    }
    const char *args[] = {"--rsa-public", rsa_public_path, NULL};
    if (provider_server_start(&server, "binance_ws_api.py", args) != 0) {
        printf("FAIL could not start binance_ws_api.py\n0 passed, 1 failed\n");
        unlink(rsa_public_path);
        return 1;
    }
    provider_url(url, sizeof url, "ws", server.port, "/ws-api/v3");
    RUN(ed25519_logon_status_logout);
    RUN(hmac_logon_with_recv_window);
    RUN(rsa_logon);
    RUN(rsa_signature_of_another_key);
    RUN(rsa_scheme_with_an_ed25519_key);
    RUN(ed25519_only_as_documented);
    RUN(bad_signature);
    RUN(timestamp_outside_the_window);
    RUN(unknown_api_key);
    RUN(rate_limits_turned_off);
    RUN(user_data_stream_subscription);
    RUN(dropped_connection_loses_the_logon);
    RUN(revoked_session);
    RUN(server_pings_are_answered);
    RUN(server_down);
    test_server_stop(&server);
    unlink(rsa_public_path);
    apicc_wipe(rsa_pem, rsa_pem_len);
    free(rsa_pem);
    return harness_report();
}
