/*
 * Typed WebSocket events: a spec's `events:` (tests/specs/ws_events.yaml)
 * generate handler setters, and frames the server pushes unasked reach
 * the typed handler read into their model, against
 * tests/servers/ws_rpc_server.py.  Frames no typed handler takes, and
 * frames whose payload does not match the model, go on to the raw
 * handler or the queue; a removed handler takes nothing more.
 */
#include <stdio.h>
#include <string.h>

#include "provider_test.h"
#include "ws_events/ws_events.h"

static test_server srv;
static char url[128];

typedef struct seen {
    int count;
    int64_t sum; /* of the events' n */
    int64_t last_n;
    int shutdowns;
    int64_t shutdown_ms;
} seen;

static void on_test(void *user, const ws_events_test_event *ev)
{
    seen *s = user;
    s->count++;
    s->sum += ev->n;
    s->last_n = ev->n;
    CHECK_STR(ev->e, "testEvent");
}

static void on_shutdown(void *user, const ws_events_shutdown_notice *ev)
{
    seen *s = user;
    s->shutdowns++;
    s->shutdown_ms = ev->at_ms;
}

static void never(void *user, const ws_events_strict *ev)
{
    (void)ev;
    ((seen *)user)->count += 1000;
}

static int raw_count;
static void on_raw(void *user, const cJSON *ev)
{
    (void)user;
    (void)ev;
    raw_count++;
}

static apicc_client *client(void)
{
    apicc_client *c = ws_events_client_new(url);
    apicc_client_set_timeout_ms(c, 10000);
    return c;
}

static apicc_ws_session session(const apicc_client *c)
{
    apicc_ws_session s;
    apicc_client_ws_session(c, &s);
    return s;
}

TEST(typed_handler_gets_each_event)
{
    apicc_client *c = client();
    seen s = {0};
    CHECK_INT(ws_events_on_test_event(c, on_test, &s), APICC_OK);
    ws_events_push_events_params p = {.n = 25};
    CHECK_INT(ws_events_push_events(c, &p), APICC_OK);
    CHECK_INT(s.count, 25);
    CHECK_INT(s.sum, 24 * 25 / 2);
    CHECK_INT(s.last_n, 24);
    /* nothing went to the queue */
    CHECK_INT(session(c).queued_events, 0);
    CHECK_INT(session(c).dropped_typed, 0);
    apicc_client_free(c);
}

TEST(other_events_still_reach_the_raw_handler)
{
    apicc_client *c = client();
    seen s = {0};
    raw_count = 0;
    apicc_client_ws_set_event_handler(c, on_raw, NULL);
    CHECK_INT(ws_events_on_server_shutdown(c, on_shutdown, &s), APICC_OK);
    ws_events_push_events_params p = {.n = 3};
    CHECK_INT(ws_events_push_events(c, &p), APICC_OK);
    CHECK_INT(raw_count, 3); /* testEvent has no typed handler here */
    CHECK_INT(s.shutdowns, 0);
    /* the server pushes serverShutdown, then closes */
    CHECK(ws_events_shutdown(c) != APICC_OK);
    CHECK_INT(s.shutdowns, 1);
    CHECK(s.shutdown_ms > 1600000000000LL);
    CHECK_INT(raw_count, 3);
    apicc_client_free(c);
}

TEST(a_payload_that_does_not_match_goes_on_raw)
{
    apicc_client *c = client();
    seen s = {0};
    CHECK_INT(ws_events_on_strict_test(c, never, &s), APICC_OK);
    ws_events_push_events_params p = {.n = 4};
    CHECK_INT(ws_events_push_events(c, &p), APICC_OK);
    CHECK_INT(s.count, 0);
    CHECK_INT(session(c).dropped_typed, 4);
    CHECK_INT(session(c).queued_events, 4);
    cJSON *ev = NULL;
    CHECK_INT(apicc_client_ws_next_event(c, 0, &ev), APICC_OK);
    CHECK(cJSON_GetObjectItem(ev, "event") != NULL);
    cJSON_Delete(ev);
    apicc_client_free(c);
}

TEST(removing_and_replacing_handlers)
{
    apicc_client *c = client();
    seen a = {0}, b = {0};
    CHECK_INT(ws_events_on_test_event(c, on_test, &a), APICC_OK);
    /* the same event again: replaces, never doubles */
    CHECK_INT(ws_events_on_test_event(c, on_test, &b), APICC_OK);
    ws_events_push_events_params p = {.n = 2};
    CHECK_INT(ws_events_push_events(c, &p), APICC_OK);
    CHECK_INT(a.count, 0);
    CHECK_INT(b.count, 2);
    CHECK_INT(ws_events_on_test_event(c, NULL, NULL), APICC_OK);
    CHECK_INT(ws_events_push_events(c, &p), APICC_OK);
    CHECK_INT(b.count, 2);
    CHECK_INT(session(c).queued_events, 2);
    /* removing what was never set is fine */
    CHECK_INT(ws_events_on_server_shutdown(c, NULL, NULL), APICC_OK);
    CHECK_INT(apicc_client_ws_on(c, NULL, NULL, NULL), APICC_ERR_INVALID_ARG);
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
    RUN(typed_handler_gets_each_event);
    RUN(other_events_still_reach_the_raw_handler);
    RUN(a_payload_that_does_not_match_goes_on_raw);
    RUN(removing_and_replacing_handlers);
    test_server_stop(&srv);
    apicc_global_cleanup();
    return harness_report();
}
