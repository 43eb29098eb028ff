/*
 * WebSocket subscriptions and the replay after a reconnect, against
 * tests/servers/ws_rpc_server.py (Binance's User Data Stream shape):
 * a generated subscribe call hands back a handle, the subscription's
 * events reach the typed handler, unsubscribing stops them (a late
 * event with the closed id goes to the raw events, not the handler).
 * When the server drops the connection, the next call reconnects, logs
 * on again with a fresh signature (the server checks it, and says the
 * timestamp it signed) and re-opens the subscription under a new id,
 * and events keep reaching the handler (tests/specs/ws_subs.yaml).  A
 * spec without survives_reconnect (ws_subs_plain.yaml) keeps the old
 * behaviour: the logon is reported lost and the subscription is gone.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "provider_test.h"
#include "ws_subs/ws_subs.h"
#include "ws_subs_plain/ws_subs_plain.h"

static test_server srv;
static char url[128];

typedef struct seen {
    int count;
    int64_t last_seq;
    int balances;
} seen;

static void on_position(void *user, const ws_subs_account_position *ev)
{
    seen *s = user;
    s->count++;
    s->last_seq = ev->seq;
    s->balances += (int)ev->n_balances;
    CHECK_STR(ev->event_type, "outboundAccountPosition");
}

static void on_plain_position(void *user,
                              const ws_subs_plain_account_position *ev)
{
    ((seen *)user)->count++;
    (void)ev;
}

static int raw_count;
static void on_raw(void *user, const cJSON *ev)
{
    (void)user;
    if (cJSON_GetObjectItem(ev, "subscriptionId"))
        raw_count++;
}

static apicc_ws_session session(const apicc_client *c)
{
    apicc_ws_session s;
    apicc_client_ws_session(c, &s);
    return s;
}

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

static apicc_client *logged_on(int64_t *logon_ts)
{
    apicc_client *c = ws_subs_client_new(url);
    apicc_client_set_timeout_ms(c, 10000);
    ws_subs_set_hmac(c, "test-key");
    apicc_client_set_hmac_secret(c, "test-secret", strlen("test-secret"));
    ws_subs_session *s = NULL;
    CHECK_INT(ws_subs_logon(c, &s), APICC_OK);
    if (s) {
        *logon_ts = s->logon_timestamp;
        ws_subs_session_free(s);
    }
    return c;
}

static int64_t logon_timestamp_now(apicc_client *c)
{
    ws_subs_session *s = NULL;
    int64_t ts = 0;
    CHECK_INT(ws_subs_status(c, &s), APICC_OK);
    if (s) {
        ts = s->logon_timestamp;
        ws_subs_session_free(s);
    }
    return ts;
}

static apicc_status push(apicc_client *c, int64_t n)
{
    ws_subs_push_params p = {.n = n};
    return ws_subs_push(c, &p);
}

TEST(subscribe_receive_unsubscribe)
{
    int64_t ts = 0;
    apicc_client *c = logged_on(&ts);
    seen s = {0};
    raw_count = 0;
    apicc_client_ws_set_event_handler(c, on_raw, NULL);
    CHECK_INT(ws_subs_on_account_position(c, on_position, &s), APICC_OK);
    /* before subscribing, nothing is pushed */
    CHECK_INT(push(c, 3), APICC_OK);
    CHECK_INT(s.count, 0);

    ws_subs_subscribed *r = NULL;
    apicc_subscription sub = 0;
    CHECK_INT(ws_subs_user_data_subscribe(c, NULL, &r, &sub), APICC_OK);
    CHECK(sub != 0);
    CHECK(r != NULL);
    const cJSON *id = apicc_client_ws_subscription_id(c, sub);
    CHECK(cJSON_IsNumber(id) && r && id->valuedouble == (double)r->subscription_id);
    ws_subs_subscribed_free(r);
    CHECK_INT(session(c).subscriptions, 1);

    CHECK_INT(push(c, 5), APICC_OK);
    CHECK_INT(s.count, 5);
    CHECK_INT(s.last_seq, 4);
    CHECK_INT(s.balances, 5);
    CHECK_INT(raw_count, 0);

    /* an event naming an id that is not open is not the handler's */
    ws_subs_push_params p = {.n = 1, .extra_id = 99999, .has_extra_id = true};
    CHECK_INT(ws_subs_push(c, &p), APICC_OK);
    CHECK_INT(s.count, 6);
    CHECK_INT(raw_count, 1);

    int64_t old_id = (int64_t)apicc_client_ws_subscription_id(c, sub)->valuedouble;
    CHECK_INT(apicc_client_ws_unsubscribe(c, sub), APICC_OK);
    CHECK(apicc_client_ws_subscription_id(c, sub) == NULL);
    CHECK_INT(session(c).subscriptions, 0);
    CHECK_INT(push(c, 4), APICC_OK);
    CHECK_INT(s.count, 6);
    /* a late event of the closed subscription goes raw */
    p.extra_id = old_id;
    CHECK_INT(ws_subs_push(c, &p), APICC_OK);
    CHECK_INT(s.count, 6);
    CHECK_INT(raw_count, 2);
    /* unsubscribing twice is the caller's mistake */
    CHECK_INT(apicc_client_ws_unsubscribe(c, sub), APICC_ERR_INVALID_ARG);
    apicc_client_free(c);
}

TEST(the_generated_unsubscribe_closes_it_too)
{
    int64_t ts = 0;
    apicc_client *c = logged_on(&ts);
    seen s = {0};
    CHECK_INT(ws_subs_on_account_position(c, on_position, &s), APICC_OK);
    apicc_subscription a = 0, b = 0;
    CHECK_INT(ws_subs_user_data_subscribe(c, NULL, NULL, &a), APICC_OK);
    CHECK_INT(ws_subs_user_data_subscribe(c, NULL, NULL, &b), APICC_OK);
    CHECK(a != b);
    CHECK_INT(session(c).subscriptions, 2);
    CHECK_INT(push(c, 2), APICC_OK);
    CHECK_INT(s.count, 4);
    /* by id: only that one */
    ws_subs_user_data_unsubscribe_params u = {
        .subscription_id =
            (int64_t)apicc_client_ws_subscription_id(c, a)->valuedouble,
        .has_subscription_id = true};
    CHECK_INT(ws_subs_user_data_unsubscribe(c, &u), APICC_OK);
    CHECK_INT(session(c).subscriptions, 1);
    CHECK(apicc_client_ws_subscription_id(c, a) == NULL);
    CHECK(apicc_client_ws_subscription_id(c, b) != NULL);
    CHECK_INT(push(c, 2), APICC_OK);
    CHECK_INT(s.count, 6);
    /* without an id: all of them, as the server does */
    ws_subs_user_data_unsubscribe_params all = {0};
    CHECK_INT(ws_subs_user_data_unsubscribe(c, &all), APICC_OK);
    CHECK_INT(session(c).subscriptions, 0);
    CHECK_INT(push(c, 2), APICC_OK);
    CHECK_INT(s.count, 6);
    /* a call that opens nothing hands back no subscription */
    CHECK(apicc_client_ws_last_subscription(c) == 0);
    apicc_client_free(c);
}

TEST(a_drop_replays_the_logon_and_resubscribes)
{
    int64_t ts = 0;
    apicc_client *c = logged_on(&ts);
    seen s = {0};
    CHECK_INT(ws_subs_on_account_position(c, on_position, &s), APICC_OK);
    apicc_subscription sub = 0, named = 0;
    CHECK_INT(ws_subs_user_data_subscribe(c, NULL, NULL, &sub), APICC_OK);
    double first_id = apicc_client_ws_subscription_id(c, sub)->valuedouble;
    /* a second one whose request has a string param, copied for the
     * replay (the caller's buffer is gone by then) */
    char shape[16];
    snprintf(shape, sizeof shape, "%s", "string");
    ws_subs_user_data_subscribe_params sp = {.shape = shape};
    CHECK_INT(ws_subs_user_data_subscribe(c, &sp, NULL, &named), APICC_OK);
    char first_named[32];
    snprintf(first_named, sizeof first_named, "%s",
             apicc_client_ws_subscription_id(c, named)->valuestring);
    memset(shape, 'x', sizeof shape - 1);
    CHECK_INT(push(c, 1), APICC_OK);
    CHECK_INT(s.count, 2);

    sleep_ms(5); /* so the new logon's timestamp is later */
    CHECK_INT(ws_subs_drop(c), APICC_ERR_CLOSED);
    apicc_ws_session st = session(c);
    CHECK(!st.connected);
    CHECK_INT(st.subscriptions, 2); /* kept for the replay */
    CHECK(apicc_client_ws_subscription_id(c, sub) == NULL);

    /* the next call reconnects, logs on again and resubscribes first */
    CHECK_INT(push(c, 3), APICC_OK);
    CHECK_INT(s.count, 8);
    const cJSON *nid = apicc_client_ws_subscription_id(c, named);
    CHECK(cJSON_IsString(nid) && strcmp(nid->valuestring, first_named) != 0);
    st = session(c);
    CHECK(st.connected && st.logged_on && !st.logon_lost);
    CHECK_INT(st.connections, 2);
    CHECK_INT(st.replays, 1);
    const cJSON *id = apicc_client_ws_subscription_id(c, sub);
    CHECK(id != NULL && id->valuedouble != first_id);
    /* signed again: the server verified a later timestamp */
    int64_t ts2 = logon_timestamp_now(c);
    CHECK(ts2 > ts);

    /* the handles still close the re-opened subscriptions */
    CHECK_INT(apicc_client_ws_unsubscribe(c, sub), APICC_OK);
    CHECK_INT(apicc_client_ws_unsubscribe(c, named), APICC_OK);
    CHECK_INT(push(c, 3), APICC_OK);
    CHECK_INT(s.count, 8);
    apicc_client_free(c);
}

TEST(an_explicit_reconnect_replays_too)
{
    int64_t ts = 0;
    apicc_client *c = logged_on(&ts);
    seen s = {0};
    CHECK_INT(ws_subs_on_account_position(c, on_position, &s), APICC_OK);
    apicc_subscription sub = 0;
    CHECK_INT(ws_subs_user_data_subscribe(c, NULL, NULL, &sub), APICC_OK);
    CHECK_INT(apicc_client_ws_reconnect(c), APICC_OK);
    apicc_ws_session st = session(c);
    CHECK(st.logged_on);
    CHECK_INT(st.replays, 1);
    CHECK(apicc_client_ws_subscription_id(c, sub) != NULL);
    CHECK_INT(push(c, 2), APICC_OK);
    CHECK_INT(s.count, 2);
    /* a deliberate disconnect forgets the session: nothing replayed */
    apicc_client_ws_disconnect(c);
    CHECK_INT(session(c).subscriptions, 0);
    CHECK_INT(push(c, 2), APICC_OK);
    CHECK_INT(s.count, 2);
    st = session(c);
    CHECK(!st.logged_on);
    CHECK_INT(st.replays, 1);
    apicc_client_free(c);
}

TEST(a_failed_replay_fails_the_call_and_retries_later)
{
    int64_t ts = 0;
    apicc_client *c = logged_on(&ts);
    apicc_subscription sub = 0;
    CHECK_INT(ws_subs_user_data_subscribe(c, NULL, NULL, &sub), APICC_OK);
    CHECK_INT(ws_subs_drop(c), APICC_ERR_CLOSED);
    /* the logon can no longer be signed correctly */
    apicc_client_set_hmac_secret(c, "wrong-secret", strlen("wrong-secret"));
    CHECK(push(c, 1) != APICC_OK);
    CHECK(strstr(apicc_client_error(c)->message, "replaying") != NULL);
    CHECK(!session(c).connected);
    /* put right, the next call replays and goes out */
    apicc_client_set_hmac_secret(c, "test-secret", strlen("test-secret"));
    seen s = {0};
    CHECK_INT(ws_subs_on_account_position(c, on_position, &s), APICC_OK);
    CHECK_INT(push(c, 2), APICC_OK);
    CHECK_INT(s.count, 2);
    CHECK(session(c).logged_on);
    apicc_client_free(c);
}

TEST(ids_of_other_shapes)
{
    int64_t ts = 0;
    apicc_client *c = logged_on(&ts);
    seen s = {0};
    CHECK_INT(ws_subs_on_account_position(c, on_position, &s), APICC_OK);
    /* a string id: events carry it, and unsubscribing sends it */
    ws_subs_user_data_subscribe_params sp = {.shape = "string"};
    apicc_subscription sub = 0;
    CHECK_INT(ws_subs_user_data_subscribe(c, &sp, NULL, &sub), APICC_OK);
    CHECK(cJSON_IsString(apicc_client_ws_subscription_id(c, sub)));
    CHECK_INT(push(c, 2), APICC_OK);
    CHECK_INT(s.count, 2);
    CHECK_INT(apicc_client_ws_unsubscribe(c, sub), APICC_OK);
    CHECK_INT(push(c, 2), APICC_OK);
    CHECK_INT(s.count, 2);
    /* an answer without the id: the call says so, nothing is kept */
    sp.shape = "none";
    sub = 99;
    CHECK_INT(ws_subs_user_data_subscribe(c, &sp, NULL, &sub),
              APICC_ERR_RESPONSE);
    CHECK(sub == 0);
    CHECK(strstr(apicc_client_error(c)->message, "no subscription id") != NULL);
    CHECK_INT(session(c).subscriptions, 0);
    /* an object id is matched in events, but cannot be sent back */
    sp.shape = "object";
    CHECK_INT(ws_subs_user_data_subscribe(c, &sp, NULL, &sub), APICC_OK);
    CHECK_INT(push(c, 1), APICC_OK);
    CHECK_INT(s.count, 3);
    CHECK_INT(apicc_client_ws_unsubscribe(c, sub), APICC_ERR_INVALID_ARG);
    apicc_client_free(c);
}

TEST(without_survives_reconnect_a_drop_ends_them)
{
    apicc_client *c = ws_subs_plain_client_new(url);
    apicc_client_set_timeout_ms(c, 10000);
    ws_subs_plain_set_hmac(c, "test-key");
    apicc_client_set_hmac_secret(c, "test-secret", strlen("test-secret"));
    CHECK_INT(ws_subs_plain_logon(c, NULL), APICC_OK);
    seen s = {0};
    CHECK_INT(ws_subs_plain_on_account_position(c, on_plain_position, &s),
              APICC_OK);
    apicc_subscription sub = 0;
    CHECK_INT(ws_subs_plain_user_data_subscribe(c, NULL, NULL, &sub), APICC_OK);
    ws_subs_plain_push_params p = {.n = 2};
    CHECK_INT(ws_subs_plain_push(c, &p), APICC_OK);
    CHECK_INT(s.count, 2);
    CHECK_INT(ws_subs_plain_drop(c), APICC_ERR_CLOSED);
    CHECK_INT(session(c).subscriptions, 0);
    CHECK_INT(ws_subs_plain_push(c, &p), APICC_OK);
    apicc_ws_session st = session(c);
    CHECK(!st.logged_on && st.logon_lost);
    CHECK_INT(st.replays, 0);
    CHECK_INT(s.count, 2);
    CHECK_INT(apicc_client_ws_unsubscribe(c, sub), APICC_ERR_INVALID_ARG);
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
    provider_url(url, sizeof url, "ws", srv.port, "/ws-api/v3");
    RUN(subscribe_receive_unsubscribe);
    RUN(the_generated_unsubscribe_closes_it_too);
    RUN(a_drop_replays_the_logon_and_resubscribes);
    RUN(an_explicit_reconnect_replays_too);
    RUN(a_failed_replay_fails_the_call_and_retries_later);
    RUN(ids_of_other_shapes);
    RUN(without_survives_reconnect_a_drop_ends_them);
    test_server_stop(&srv);
    apicc_global_cleanup();
    return harness_report();
}
