/*
 * Request/response calls over WebSocket (apicc_call with hand-filled
 * WebSocket endpoints, and the apicc_client_ws_* API) against
 * tests/servers/ws_rpc_server.py, a Binance-shaped JSON server on
 * Python's `websockets`: params and their JSON types, signed logon (the
 * server checks the HMAC), the exact signatures of Binance's published
 * vectors (HMAC H3 and the Ed25519 key of FACTS.md 1.8), error frames
 * with provider code and message, rate limits, answers out of order with
 * several requests in flight, events (queue and callback), unsolicited
 * errors, timeouts with late answers, the message limit, and reconnection
 * after drops with the session state saying the logon was lost.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apicc/apicc.h"
#include "apicc/ws.h"
#include "harness.h"
#include "support/server.h"

static test_server srv;
static char url[128];

/* ---- endpoints, as generated code would describe them ------------------ */

static const apicc_payload_part sorted[] = {{APICC_PART_SORTED_PARAMS, NULL}};
static const apicc_sign_rule hmac_rule = {.algorithm = APICC_SIGN_HMAC_SHA256,
                                          .encoding = APICC_ENC_HEX,
                                          .parts = sorted,
                                          .nparts = 1,
                                          .key_in = APICC_IN_PARAM,
                                          .key_name = "apiKey",
                                          .signature_in = APICC_IN_PARAM,
                                          .signature_name = "signature",
                                          .timestamp_in = APICC_IN_PARAM,
                                          .timestamp_name = "timestamp"};
static const apicc_sign_rule ed_rule = {.algorithm = APICC_SIGN_ED25519,
                                        .encoding = APICC_ENC_BASE64,
                                        .parts = sorted,
                                        .nparts = 1,
                                        .key_in = APICC_IN_PARAM,
                                        .key_name = "apiKey",
                                        .signature_in = APICC_IN_PARAM,
                                        .signature_name = "signature",
                                        .timestamp_in = APICC_IN_PARAM,
                                        .timestamp_name = "timestamp"};
static const apicc_auth_scheme hmac_scheme = {
    .name = "hmac", .kind = APICC_AUTH_SIGNATURE, .sign = &hmac_rule};
static const apicc_auth_scheme ed_scheme = {
    .name = "ed25519", .kind = APICC_AUTH_SIGNATURE, .sign = &ed_rule};
static const apicc_auth_scheme *const hmac_auth[] = {&hmac_scheme};
static const apicc_auth_scheme *const ed_auth[] = {&ed_scheme};
static const apicc_error_shape errors = {"error.code", "error.msg"};

#define EP(nm, meth)                                                           \
    .name = nm, .transport = APICC_TRANSPORT_WEBSOCKET, .method = meth,        \
    .errors = &errors, .has_response = 1

static const apicc_endpoint ep_logon = {EP("session_logon", "session.logon"),
                                        .auth = hmac_auth, .nauth = 1,
                                        .session = APICC_SESSION_LOGON};
static const apicc_endpoint ep_status = {
    EP("session_status", "session.status")};
static const apicc_endpoint ep_logout = {EP("session_logout", "session.logout"),
                                         .session = APICC_SESSION_LOGOUT};
static const apicc_endpoint ep_echo = {EP("echo", "echo")};
static const apicc_endpoint ep_echo_hmac = {EP("echo", "echo"),
                                            .auth = hmac_auth, .nauth = 1};
static const apicc_endpoint ep_echo_ed = {EP("echo", "echo"), .auth = ed_auth,
                                          .nauth = 1};
static const apicc_endpoint ep_slow = {EP("slow", "slow")};
static const apicc_endpoint ep_event = {EP("event", "event")};
static const apicc_endpoint ep_fail = {EP("fail", "fail")};
static const apicc_endpoint ep_unauth = {EP("unauthorized", "unauthorized")};
static const apicc_endpoint ep_unsolicited = {EP("unsolicited", "unsolicited")};
static const apicc_endpoint ep_nojson = {EP("nojson", "nojson")};
static const apicc_endpoint ep_big = {EP("big", "big")};
static const apicc_endpoint ep_drop = {EP("drop", "drop")};
static const apicc_endpoint ep_closelater = {EP("closelater", "closelater")};
static const apicc_endpoint ep_shutdown = {EP("shutdown", "shutdown")};
static const apicc_endpoint ep_no_response = {
    .name = "echo", .transport = APICC_TRANSPORT_WEBSOCKET, .method = "echo"};

/* ---- helpers ----------------------------------------------------------- */

static apicc_client *new_client(void)
{
    apicc_client *c = apicc_client_new(url);
    if (c)
        apicc_client_set_timeout_ms(c, 10000);
    return c;
}

static apicc_client *logged_in_client(void)
{
    apicc_client *c = new_client();
    apicc_client_set_api_key(c, "hmac", "test-key");
    apicc_client_set_hmac_secret(c, "test-secret", 11);
    return c;
}

static apicc_arg int_arg(const char *name, int64_t v)
{
    return (apicc_arg){
        .name = name, .in = APICC_IN_PARAM, .type = APICC_T_INT, .i = v};
}

static const char *str_at(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static double num_at(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsNumber(v) ? v->valuedouble : NAN;
}

static apicc_ws_session session(const apicc_client *c)
{
    apicc_ws_session s;
    apicc_client_ws_session(c, &s);
    return s;
}

/* Calls and checks for APICC_OK, printing the error otherwise. */
static cJSON *call_ok(apicc_client *c, const apicc_endpoint *ep,
                      const apicc_arg *args, size_t n)
{
    cJSON *out = NULL;
    apicc_status st = apicc_call(c, ep, args, n, NULL, &out);
    if (st != APICC_OK)
        FAIL("%s: %s: %s", ep->method, apicc_status_name(st),
             apicc_client_error(c)->message);
    return out;
}

/* ---- tests ------------------------------------------------------------- */

TEST(params_and_types)
{
    apicc_client *c = new_client();
    apicc_arg args[] = {
        {.name = "symbol",
         .in = APICC_IN_PARAM,
         .type = APICC_T_STRING,
         .s = "BTCUSDT"},
        int_arg("limit", 5),
        int_arg("big", INT64_C(9007199254740993)),
        {.name = "price",
         .in = APICC_IN_PARAM,
         .type = APICC_T_NUMBER,
         .d = 0.1},
        {.name = "qty",
         .in = APICC_IN_PARAM,
         .type = APICC_T_NUMBER,
         .d = 5000},
        {.name = "flag", .in = APICC_IN_PARAM, .type = APICC_T_BOOL, .b = 1},
        {.name = "ids",
         .in = APICC_IN_PARAM,
         .type = APICC_T_STRING,
         .s = "a",
         .array = 1},
        {.name = "ids",
         .in = APICC_IN_PARAM,
         .type = APICC_T_STRING,
         .s = "b\"\xc3\xa9",
         .array = 1},
    };
    cJSON *r = call_ok(c, &ep_echo, args, sizeof args / sizeof args[0]);
    CHECK_STR(str_at(r, "symbol"), "BTCUSDT");
    CHECK(num_at(r, "limit") == 5);
    CHECK(cJSON_IsTrue(cJSON_GetObjectItem(r, "flag")));
    const cJSON *ids = cJSON_GetObjectItem(r, "ids");
    CHECK(cJSON_GetArraySize(ids) == 2);
    CHECK_STR(cJSON_GetArrayItem(ids, 1)->valuestring, "b\"\xc3\xa9");
    const char *frame = str_at(r, "_frame");
    CHECK(frame && strstr(frame, "\"big\":9007199254740993"));
    CHECK(frame && strstr(frame, "\"price\":0.1,"));
    CHECK(frame && strstr(frame, "\"qty\":5000,"));
    CHECK(frame && strstr(frame, "\"method\":\"echo\""));
    CHECK(frame && strncmp(frame, "{\"id\":\"", 7) == 0);
    cJSON_Delete(r);
    /* No params: the member is left out. */
    r = call_ok(c, &ep_echo, NULL, 0);
    frame = str_at(r, "_frame");
    CHECK(frame && !strstr(frame, "params"));
    cJSON_Delete(r);
    /* A body's members join the params. */
    cJSON *body = cJSON_Parse("{\"nested\":{\"k\":[1,2]},\"s\":\"v\"}");
    cJSON *out = NULL;
    CHECK_INT(apicc_call(c, &ep_echo, NULL, 0, body, &out), APICC_OK);
    CHECK(cJSON_IsArray(
        cJSON_GetObjectItem(cJSON_GetObjectItem(out, "nested"), "k")));
    cJSON_Delete(out);
    cJSON_Delete(body);
    /* An endpoint without a response model gets no result. */
    CHECK_INT(apicc_call(c, &ep_no_response, NULL, 0, NULL, &out), APICC_OK);
    CHECK(out == NULL);
    CHECK_INT(session(c).connections, 1);
    apicc_client_free(c);
}

TEST(bad_arguments)
{
    apicc_client *c = new_client();
    cJSON *out = NULL;
    apicc_arg q = {.name = "x", .in = APICC_IN_QUERY, .type = APICC_T_INT};
    CHECK_INT(apicc_call(c, &ep_echo, &q, 1, NULL, &out),
              APICC_ERR_INVALID_ARG);
    apicc_arg ns = {.name = "x", .in = APICC_IN_PARAM, .type = APICC_T_STRING};
    CHECK_INT(apicc_call(c, &ep_echo, &ns, 1, NULL, &out),
              APICC_ERR_INVALID_ARG);
    apicc_arg nan_arg = {
        .name = "x", .in = APICC_IN_PARAM, .type = APICC_T_NUMBER, .d = NAN};
    CHECK_INT(apicc_call(c, &ep_echo, &nan_arg, 1, NULL, &out),
              APICC_ERR_INVALID_ARG);
    apicc_arg twice[] = {int_arg("x", 1), int_arg("x", 2)};
    CHECK_INT(apicc_call(c, &ep_echo, twice, 2, NULL, &out),
              APICC_ERR_INVALID_ARG);
    cJSON *arr = cJSON_CreateArray();
    CHECK_INT(apicc_call(c, &ep_echo, NULL, 0, arr, &out),
              APICC_ERR_INVALID_ARG);
    cJSON_Delete(arr);
    CHECK_INT(apicc_call(c, &ep_logon, NULL, 0, NULL, &out),
              APICC_ERR_NO_CREDENTIALS);
    apicc_client_set_api_key(c, "hmac", "test-key");
    apicc_client_set_hmac_secret(c, "test-secret", 11);
    apicc_arg own = {.name = "apiKey",
                     .in = APICC_IN_PARAM,
                     .type = APICC_T_STRING,
                     .s = "mine"};
    CHECK_INT(apicc_call(c, &ep_logon, &own, 1, NULL, &out),
              APICC_ERR_INVALID_ARG);
    CHECK_INT(apicc_client_ws_wait(c, 12345, &out), APICC_ERR_INVALID_ARG);
    CHECK(out == NULL);
    /* None of those was worth a handshake. */
    CHECK_INT(session(c).connections, 0);
    /* Still usable after all that. */
    cJSON_Delete(call_ok(c, &ep_echo, NULL, 0));
    CHECK_INT(session(c).connections, 1);
    apicc_client_free(c);
}

TEST(signed_logon_and_session_state)
{
    apicc_client *c = logged_in_client();
    apicc_arg rw = {.name = "recvWindow",
                    .in = APICC_IN_PARAM,
                    .type = APICC_T_NUMBER,
                    .d = 5000};
    CHECK_INT(session(c).logged_on, 0);
    cJSON *r = call_ok(c, &ep_logon, &rw, 1);
    CHECK_STR(str_at(r, "apiKey"), "test-key");
    cJSON_Delete(r);
    apicc_ws_session s = session(c);
    CHECK(s.connected && s.logged_on && !s.logon_lost);
    CHECK_INT(apicc_client_error(c)->http_status, 200);
    const cJSON *rl = apicc_client_ws_rate_limits(c);
    CHECK(cJSON_GetArraySize(rl) == 1);
    CHECK(num_at(cJSON_GetArrayItem(rl, 0), "count") == 2);
    r = call_ok(c, &ep_status, NULL, 0);
    CHECK_STR(str_at(r, "apiKey"), "test-key");
    cJSON_Delete(r);
    CHECK(num_at(cJSON_GetArrayItem(apicc_client_ws_rate_limits(c), 0),
                 "count") == 4);
    r = call_ok(c, &ep_logout, NULL, 0);
    CHECK(cJSON_IsNull(cJSON_GetObjectItem(r, "apiKey")));
    cJSON_Delete(r);
    CHECK_INT(session(c).logged_on, 0);
    apicc_client_free(c);
}

TEST(bad_signature_is_a_provider_error)
{
    apicc_client *c = new_client();
    apicc_client_set_api_key(c, "hmac", "test-key");
    apicc_client_set_hmac_secret(c, "wrong-secret-value", 18);
    cJSON *out = NULL;
    CHECK_INT(apicc_call(c, &ep_logon, NULL, 0, NULL, &out),
              APICC_ERR_PROVIDER);
    const apicc_error *e = apicc_client_error(c);
    CHECK_INT(e->http_status, 400);
    CHECK_STR(e->provider_code, "-1022");
    CHECK_STR(e->provider_message, "Signature for this request is not valid.");
    CHECK(e->body && strstr(e->body, "-1022"));
    CHECK(strstr(e->message, "-1022") && strstr(e->message, "session_logon"));
    CHECK(!strstr(e->message, "wrong-secret") &&
          !(e->body && strstr(e->body, "wrong-secret")));
    CHECK_INT(session(c).logged_on, 0);
    CHECK(apicc_client_ws_rate_limits(c) != NULL);
    apicc_client_free(c);
}

TEST(error_frames)
{
    apicc_client *c = new_client();
    cJSON *out = NULL;
    CHECK_INT(apicc_call(c, &ep_fail, NULL, 0, NULL, &out), APICC_ERR_PROVIDER);
    CHECK_STR(apicc_client_error(c)->provider_code, "-1100");
    CHECK_STR(apicc_client_error(c)->provider_message,
              "Illegal characters found in parameter 'x'.");
    CHECK(out == NULL);
    CHECK_INT(apicc_call(c, &ep_unauth, NULL, 0, NULL, &out), APICC_ERR_AUTH);
    CHECK_STR(apicc_client_error(c)->provider_code, "-2015");
    CHECK_INT(apicc_client_error(c)->http_status, 401);
    /* The error is cleared by the next success. */
    cJSON_Delete(call_ok(c, &ep_echo, NULL, 0));
    CHECK_INT(apicc_client_error(c)->status, APICC_OK);
    CHECK(apicc_client_error(c)->provider_code == NULL);
    apicc_client_free(c);
}

TEST(binance_signature_vectors)
{
    /* FACTS.md 1.8: H3 (HMAC) and the FIX example's Ed25519 key over the
     * same payload; the server echoes the frame exactly as sent. */
    static const char ed_pem[] =
        "-----BEGIN PRIVATE KEY-----\n"
        "MC4CAQAwBQYDK2VwBCIEIIJEYWtGBrhACmb9Dvy+qa8WEf0lQOl1s4CLIAB9m89u\n"
        "-----END PRIVATE KEY-----\n";
    const char *key =
        "vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A";
    const char *secret =
        "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j";
    apicc_client *c = new_client();
    apicc_client_set_fixed_time_ms(c, INT64_C(1649729878532));
    apicc_client_set_api_key(c, "hmac", key);
    apicc_client_set_hmac_secret(c, secret, strlen(secret));
    apicc_client_set_api_key(c, "ed25519", key);
    CHECK_INT(apicc_client_set_private_key_pem(c, ed_pem, sizeof ed_pem - 1),
              APICC_OK);
    cJSON *r = call_ok(c, &ep_echo_hmac, NULL, 0);
    CHECK_STR(
        str_at(r, "signature"),
        "1cf54395b336b0a9727ef27d5d98987962bc47aca6e13fe978612d0adee066ed");
    CHECK(num_at(r, "timestamp") == 1649729878532.0);
    CHECK_STR(str_at(r, "apiKey"), key);
    const char *frame = str_at(r, "_frame");
    CHECK(frame && strstr(frame, "\"timestamp\":1649729878532"));
    cJSON_Delete(r);
    r = call_ok(c, &ep_echo_ed, NULL, 0);
    CHECK_STR(
        str_at(r, "signature"),
        "PdyZthZkWH6iRM43rd8+"
        "UBP8CPxkW5TJq6Wxsjy8vl5St2O54RDvgGcqRWskW7xWLdftHLxCKA0PDzjLt26eDg==");
    cJSON_Delete(r);
    apicc_client_free(c);
}

TEST(out_of_order_answers)
{
    apicc_client *c = new_client();
    apicc_arg ms300 = int_arg("ms", 300), ms100 = int_arg("ms", 100);
    uint64_t a = 0, b = 0, d = 0;
    CHECK_INT(apicc_client_ws_send(c, &ep_slow, &ms300, 1, NULL, &a), APICC_OK);
    CHECK_INT(apicc_client_ws_send(c, &ep_echo, NULL, 0, NULL, &b), APICC_OK);
    CHECK_INT(apicc_client_ws_send(c, &ep_slow, &ms100, 1, NULL, &d), APICC_OK);
    CHECK(a && b && d && a != b && b != d);
    /* The echo may already be answered: sends file what has arrived. */
    CHECK(session(c).in_flight >= 1 && session(c).in_flight <= 3);
    cJSON *r = NULL;
    CHECK_INT(apicc_client_ws_wait(c, a, &r), APICC_OK);
    CHECK(num_at(r, "slept") == 300);
    cJSON_Delete(r);
    /* The others were (most likely) answered first and kept; either way
     * each wait finds its own answer. */
    CHECK_INT(apicc_client_ws_wait(c, d, &r), APICC_OK);
    CHECK(num_at(r, "slept") == 100);
    cJSON_Delete(r);
    CHECK_INT(apicc_client_ws_wait(c, b, &r), APICC_OK);
    CHECK(r && str_at(r, "_frame"));
    cJSON_Delete(r);
    CHECK_INT(apicc_client_ws_wait(c, b, &r), APICC_ERR_INVALID_ARG);
    /* Many at once. */
    uint64_t t[50];
    for (int i = 0; i < 50; i++) {
        apicc_arg n = int_arg("n", i);
        CHECK_INT(apicc_client_ws_send(c, &ep_echo, &n, 1, NULL, &t[i]),
                  APICC_OK);
    }
    for (int i = 49; i >= 0; i--) {
        CHECK_INT(apicc_client_ws_wait(c, t[i], &r), APICC_OK);
        CHECK(num_at(r, "n") == i);
        cJSON_Delete(r);
    }
    apicc_client_free(c);
}

TEST(events_queue)
{
    apicc_client *c = new_client();
    cJSON *ev = NULL;
    CHECK_INT(apicc_client_ws_next_event(c, 0, &ev), APICC_ERR_CLOSED);
    apicc_arg n3 = int_arg("n", 3);
    cJSON_Delete(call_ok(c, &ep_event, &n3, 1));
    CHECK_INT(session(c).queued_events, 3);
    for (int i = 0; i < 3; i++) {
        CHECK_INT(apicc_client_ws_next_event(c, 0, &ev), APICC_OK);
        const cJSON *e = cJSON_GetObjectItem(ev, "event");
        CHECK_STR(str_at(e, "e"), "testEvent");
        CHECK(num_at(e, "n") == i);
        cJSON_Delete(ev);
    }
    CHECK_INT(apicc_client_ws_next_event(c, 100, &ev), APICC_ERR_TIMEOUT);
    CHECK(ev == NULL);
    /* A text frame that is not JSON arrives as a JSON string; binary
     * frames are counted and dropped. */
    cJSON_Delete(call_ok(c, &ep_nojson, NULL, 0));
    CHECK_INT(apicc_client_ws_next_event(c, 0, &ev), APICC_OK);
    CHECK(cJSON_IsString(ev) &&
          strcmp(ev->valuestring, "this is not JSON") == 0);
    cJSON_Delete(ev);
    CHECK_INT(session(c).dropped_events, 1);
    apicc_client_free(c);
}

static int handler_calls;
static void on_event(void *user, const cJSON *ev)
{
    (void)ev;
    *(int *)user += 1;
    handler_calls++;
}

TEST(events_callback)
{
    apicc_client *c = new_client();
    int count = 0;
    apicc_client_ws_set_event_handler(c, on_event, &count);
    apicc_arg n2 = int_arg("n", 2);
    cJSON_Delete(call_ok(c, &ep_event, &n2, 1));
    CHECK_INT(count, 2);
    CHECK_INT(session(c).queued_events, 0);
    apicc_client_ws_set_event_handler(c, NULL, NULL);
    cJSON_Delete(call_ok(c, &ep_event, &n2, 1));
    CHECK_INT(count, 2);
    CHECK_INT(session(c).queued_events, 2);
    apicc_client_free(c);
}

TEST(unsolicited_error_ends_session)
{
    apicc_client *c = logged_in_client();
    cJSON_Delete(call_ok(c, &ep_logon, NULL, 0));
    CHECK_INT(session(c).logged_on, 1);
    cJSON_Delete(call_ok(c, &ep_unsolicited, NULL, 0));
    CHECK_INT(session(c).logged_on, 0);
    cJSON *ev = NULL;
    CHECK_INT(apicc_client_ws_next_event(c, 0, &ev), APICC_OK);
    CHECK(num_at(ev, "status") == 401);
    CHECK(cJSON_IsNull(cJSON_GetObjectItem(ev, "id")));
    cJSON_Delete(ev);
    apicc_client_free(c);
}

TEST(reconnect_after_drop)
{
    apicc_client *c = logged_in_client();
    cJSON_Delete(call_ok(c, &ep_logon, NULL, 0));
    cJSON *out = NULL;
    CHECK_INT(apicc_call(c, &ep_drop, NULL, 0, NULL, &out), APICC_ERR_CLOSED);
    CHECK(strstr(apicc_client_error(c)->message, "drop") != NULL);
    apicc_ws_session s = session(c);
    CHECK(!s.connected && !s.logged_on && s.logon_lost);
    CHECK_INT(s.drops, 1);
    CHECK_INT(s.connections, 1);
    /* The next call reconnects; the session says a logon is due. */
    cJSON *r = call_ok(c, &ep_status, NULL, 0);
    CHECK(cJSON_IsNull(cJSON_GetObjectItem(r, "apiKey")));
    cJSON_Delete(r);
    s = session(c);
    CHECK(s.connected && !s.logged_on && s.logon_lost);
    CHECK_INT(s.connections, 2);
    cJSON_Delete(call_ok(c, &ep_logon, NULL, 0));
    s = session(c);
    CHECK(s.logged_on && !s.logon_lost);
    apicc_client_free(c);
}

TEST(idle_drop_noticed)
{
    apicc_client *c = logged_in_client();
    cJSON_Delete(call_ok(c, &ep_logon, NULL, 0));
    cJSON_Delete(call_ok(c, &ep_closelater, NULL, 0));
    /* Waiting for events notices the drop. */
    cJSON *ev = NULL;
    CHECK_INT(apicc_client_ws_next_event(c, 5000, &ev), APICC_ERR_CLOSED);
    CHECK(session(c).logon_lost);
    cJSON_Delete(call_ok(c, &ep_echo, NULL, 0));
    CHECK_INT(session(c).connections, 2);
    apicc_client_free(c);
}

TEST(server_shutdown)
{
    apicc_client *c = new_client();
    cJSON *out = NULL;
    CHECK_INT(apicc_call(c, &ep_shutdown, NULL, 0, NULL, &out),
              APICC_ERR_CLOSED);
    CHECK(strstr(apicc_client_error(c)->message, "1001") != NULL);
    cJSON *ev = NULL;
    CHECK_INT(apicc_client_ws_next_event(c, 0, &ev), APICC_OK);
    CHECK_STR(str_at(cJSON_GetObjectItem(ev, "event"), "e"), "serverShutdown");
    cJSON_Delete(ev);
    cJSON_Delete(call_ok(c, &ep_echo, NULL, 0));
    CHECK_INT(session(c).connections, 2);
    apicc_client_free(c);
}

TEST(timeout_and_late_answer)
{
    apicc_client *c = new_client();
    apicc_client_set_timeout_ms(c, 200);
    apicc_arg ms = int_arg("ms", 1500);
    cJSON *out = NULL;
    CHECK_INT(apicc_call(c, &ep_slow, &ms, 1, NULL, &out), APICC_ERR_TIMEOUT);
    CHECK(strstr(apicc_client_error(c)->message, "slow") != NULL);
    CHECK_INT(session(c).in_flight, 0);
    /* The late answer is an event now. */
    cJSON *ev = NULL;
    CHECK_INT(apicc_client_ws_next_event(c, 10000, &ev), APICC_OK);
    CHECK(num_at(cJSON_GetObjectItem(ev, "result"), "slept") == 1500);
    cJSON_Delete(ev);
    CHECK_INT(session(c).connected, 1);
    apicc_client_free(c);
}

/* The next call's own timeout bounds the wait for its answer; headers
 * and an idempotency key, which a frame cannot carry, are refused. */
TEST(per_call_options)
{
    apicc_client *c = new_client(); /* the client waits 10 s */
    apicc_call_options o = {.timeout_ms = 200};
    apicc_arg ms = int_arg("ms", 1500);
    cJSON *out = NULL;
    CHECK_INT(apicc_client_set_next_call(c, &o), APICC_OK);
    CHECK_INT(apicc_call(c, &ep_slow, &ms, 1, NULL, &out), APICC_ERR_TIMEOUT);
    CHECK(strstr(apicc_client_error(c)->message, "within 200 ms") != NULL);
    /* used once: the next call waits as the client says */
    apicc_arg quick = int_arg("ms", 10);
    cJSON_Delete(call_ok(c, &ep_slow, &quick, 1));
    apicc_header h = {"X-Extra", "1"};
    apicc_call_options with_header = {.headers = &h, .nheaders = 1};
    CHECK_INT(apicc_client_set_next_call(c, &with_header), APICC_OK);
    CHECK_INT(apicc_call(c, &ep_echo, NULL, 0, NULL, &out),
              APICC_ERR_INVALID_ARG);
    CHECK(strstr(apicc_client_error(c)->message, "frame") != NULL);
    apicc_call_options with_key = {.idempotency_key = "k-1"};
    CHECK_INT(apicc_client_set_next_call(c, &with_key), APICC_OK);
    CHECK_INT(apicc_call(c, &ep_echo, NULL, 0, NULL, &out),
              APICC_ERR_INVALID_ARG);
    /* refused options are used up too */
    cJSON_Delete(call_ok(c, &ep_echo, NULL, 0));
    apicc_client_free(c);
}

typedef struct ws_trace_seen {
    int events;
    char method[32];
    char url[256];
    long status;
    size_t sent, got;
    apicc_status result;
} ws_trace_seen;

static void on_trace(const apicc_trace_event *e, void *user)
{
    ws_trace_seen *t = user;
    t->events++;
    snprintf(t->method, sizeof t->method, "%s", e->method);
    snprintf(t->url, sizeof t->url, "%s", e->url);
    t->status = e->status;
    t->sent = e->request_body_bytes;
    t->got = e->response_body_bytes;
    t->result = e->result;
}

/* Every WebSocket call reaches the trace callback: method, URL with its
 * secret query values redacted, status, sizes; a signed call shows no
 * key or signature (frames are shown by size only). */
TEST(calls_are_traced)
{
    char secret_url[200];
    snprintf(secret_url, sizeof secret_url, "%s?listenKey=lk-sekrit-9&x=1",
             url);
    apicc_client *c = apicc_client_new(secret_url);
    apicc_client_set_timeout_ms(c, 10000);
    apicc_client_set_api_key(c, "hmac", "test-key");
    apicc_client_set_hmac_secret(c, "test-secret", 11);
    ws_trace_seen t = {0};
    CHECK_INT(apicc_client_set_trace(c, on_trace, &t), APICC_OK);
    cJSON_Delete(call_ok(c, &ep_logon, NULL, 0));
    CHECK_INT(t.events, 1);
    CHECK_STR(t.method, "session.logon");
    CHECK(strstr(t.url, "listenKey=[redacted]") != NULL);
    CHECK(strstr(t.url, "lk-sekrit-9") == NULL);
    CHECK(strstr(t.url, "&x=1") != NULL);
    CHECK_INT(t.status, 200);
    CHECK(t.sent > 0 && t.got > 0);
    CHECK_INT(t.result, APICC_OK);
    cJSON *out = NULL;
    CHECK_INT(apicc_call(c, &ep_fail, NULL, 0, NULL, &out), APICC_ERR_PROVIDER);
    CHECK_INT(t.events, 2);
    CHECK(t.status >= 400);
    CHECK_INT(t.result, APICC_ERR_PROVIDER);
    apicc_client_set_trace(c, NULL, NULL);
    cJSON_Delete(call_ok(c, &ep_echo, NULL, 0));
    CHECK_INT(t.events, 2);
    apicc_client_free(c);
}

TEST(message_limit)
{
    apicc_client *c = new_client();
    apicc_arg n = int_arg("n", 1 << 20);
    cJSON *r = call_ok(c, &ep_big, &n, 1);
    CHECK(strlen(str_at(r, "data") ? str_at(r, "data") : "") == 1 << 20);
    cJSON_Delete(r);
    apicc_client_set_max_response_bytes(c, 4000);
    apicc_client_ws_reconnect(c);
    apicc_arg n2 = int_arg("n", 5000);
    cJSON *out = NULL;
    CHECK_INT(apicc_call(c, &ep_big, &n2, 1, NULL, &out), APICC_ERR_TOO_LARGE);
    cJSON_Delete(call_ok(c, &ep_echo, NULL, 0));
    apicc_client_free(c);
}

TEST(explicit_connect_and_disconnect)
{
    apicc_client *c = new_client();
    apicc_ws_session s = session(c);
    CHECK(!s.connected && s.connections == 0);
    CHECK_INT(apicc_client_ws_connect(c), APICC_OK);
    CHECK_INT(apicc_client_ws_connect(c), APICC_OK);
    CHECK_INT(session(c).connections, 1);
    apicc_client_ws_disconnect(c);
    s = session(c);
    CHECK(!s.connected && s.drops == 0);
    CHECK_INT(apicc_client_ws_reconnect(c), APICC_OK);
    CHECK_INT(session(c).connections, 2);
    apicc_client_ws_disconnect(c);
    apicc_client_ws_disconnect(c);
    apicc_client_free(c);
    /* Nothing to connect to. */
    c = apicc_client_new("ws://127.0.0.1:1/");
    cJSON *out = NULL;
    CHECK_INT(apicc_call(c, &ep_echo, NULL, 0, NULL, &out),
              APICC_ERR_TRANSPORT);
    CHECK(strstr(apicc_client_error(c)->message, "connect") != NULL);
    apicc_client_free(c);
    c = apicc_client_new("http://127.0.0.1:1/");
    CHECK_INT(apicc_call(c, &ep_echo, NULL, 0, NULL, &out),
              APICC_ERR_INVALID_ARG);
    apicc_client_free(c);
}

int main(void)
{
    apicc_global_init();
    char script[512];
    snprintf(script, sizeof script, "%s/ws_rpc_server.py", test_servers_dir());
    char *argv[] = {(char *)test_python(), script, NULL};
    if (test_server_start(&srv, argv, 15000) != 0) {
        printf("FAIL cannot start tests/servers/ws_rpc_server.py\n");
        harness_failed++;
        return harness_report();
    }
    snprintf(url, sizeof url, "ws://127.0.0.1:%d/ws-api/v3", srv.port);
    RUN(params_and_types);
    RUN(bad_arguments);
    RUN(signed_logon_and_session_state);
    RUN(bad_signature_is_a_provider_error);
    RUN(error_frames);
    RUN(binance_signature_vectors);
    RUN(out_of_order_answers);
    RUN(events_queue);
    RUN(events_callback);
    RUN(unsolicited_error_ends_session);
    RUN(reconnect_after_drop);
    RUN(idle_drop_noticed);
    RUN(server_shutdown);
    RUN(timeout_and_late_answer);
    RUN(per_call_options);
    RUN(calls_are_traced);
    RUN(message_limit);
    RUN(explicit_connect_and_disconnect);
    test_server_stop(&srv);
    apicc_global_cleanup();
    return harness_report();
}
