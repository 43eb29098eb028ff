/*
 * The WebSocket call faults of the catalogue (docs/reliability.md) that a
 * JSON request/response server can commit, against
 * tests/servers/ws_rpc_server.py: a server that stops answering in the
 * middle of a call, answers with an id nobody asked for, or drops the
 * connection while a call waits.  (Broken frames and handshakes are in
 * test_ws_hostile.c.)  Each case prints its catalogue line.
 */
#include <stdio.h>
#include <string.h>

#include "apicc/apicc.h"
#include "harness.h"
#include "support/server.h"

static test_server srv;
static char url[128];

static apicc_status call(apicc_client *c, const char *method, cJSON **out)
{
    apicc_endpoint ep;
    memset(&ep, 0, sizeof ep);
    ep.name = method;
    ep.transport = APICC_TRANSPORT_WEBSOCKET;
    ep.method = method;
    ep.has_response = 1;
    return apicc_call(c, &ep, NULL, 0, NULL, out);
}

/* Checks the exact message the caller reads, then prints the fault's
 * catalogue line. */
static void print_fault(const char *name, apicc_client *c, const char *want)
{
    const apicc_error *e = apicc_client_error(c);
    if (strcmp(e->message, want) != 0)
        FAIL("%s: message \"%s\", want \"%s\"", name, e->message, want);
    printf("FAULT %s | %s | %ld | %s | -\n", name,
           apicc_status_name(e->status), e->http_status, e->message);
}

TEST(server_stops_answering_mid_call)
{
    apicc_client *c = apicc_client_new(url);
    apicc_client_set_timeout_ms(c, 700);
    cJSON *out = NULL;
    CHECK_INT(call(c, "silent", &out), APICC_ERR_TIMEOUT);
    CHECK(out == NULL);
    print_fault("ws.call_never_answered", c,
                "silent: no answer within 700 ms");
    /* the connection is still usable for the next call */
    CHECK_INT(call(c, "session.status", &out), APICC_OK);
    cJSON_Delete(out);
    apicc_client_free(c);
}

TEST(answer_with_an_id_nobody_asked_for)
{
    apicc_client *c = apicc_client_new(url);
    apicc_client_set_timeout_ms(c, 700);
    cJSON *out = NULL;
    /* a stray answer, then the real one: the call gets the real one */
    CHECK_INT(call(c, "wrongid", &out), APICC_OK);
    cJSON_Delete(out);
    out = NULL;
    /* only a stray answer: the call times out */
    CHECK_INT(call(c, "wrongidonly", &out), APICC_ERR_TIMEOUT);
    print_fault("ws.call_unknown_id", c,
                "wrongidonly: no answer within 700 ms");
    /* the stray frames are not lost: they wait as events */
    int strays = 0;
    cJSON *ev = NULL;
    while (apicc_client_ws_next_event(c, 0, &ev) == APICC_OK) {
        const cJSON *id = cJSON_GetObjectItemCaseSensitive(ev, "id");
        if (cJSON_IsString(id) && strcmp(id->valuestring, "nobody-asked") == 0)
            strays++;
        cJSON_Delete(ev);
    }
    CHECK_INT(strays, 2);
    apicc_client_free(c);
}

TEST(connection_dropped_during_a_call)
{
    apicc_client *c = apicc_client_new(url);
    apicc_client_set_timeout_ms(c, 2000);
    cJSON *out = NULL;
    CHECK_INT(call(c, "drop", &out), APICC_ERR_CLOSED);
    print_fault("ws.call_dropped", c,
                "drop: the connection ended before the answer (the server "
                "dropped the connection without a close frame)");
    apicc_ws_session s;
    CHECK_INT(apicc_client_ws_session(c, &s), APICC_OK);
    CHECK_INT(s.drops, 1);
    /* the next call reconnects */
    CHECK_INT(call(c, "session.status", &out), APICC_OK);
    cJSON_Delete(out);
    apicc_client_free(c);
}

TEST(error_frame)
{
    apicc_client *c = apicc_client_new(url);
    cJSON *out = NULL;
    CHECK_INT(call(c, "fail", &out), APICC_ERR_HTTP);
    CHECK(out == NULL);
    CHECK_INT(apicc_client_error(c)->http_status, 400);
    print_fault("ws.call_error_frame", c, "fail: status 400");
    apicc_client_free(c);
}

int main(void)
{
    char script[512];
    snprintf(script, sizeof script, "%s/ws_rpc_server.py", test_servers_dir());
    char *argv[] = {(char *)test_python(), script, NULL};
    if (test_server_start(&srv, argv, 15000) != 0) {
        printf("FAIL cannot start ws_rpc_server.py\n0 passed, 1 failed\n");
        return 1;
    }
    snprintf(url, sizeof url, "ws://127.0.0.1:%d/", srv.port);
    RUN(server_stops_answering_mid_call);
    RUN(answer_with_an_id_nobody_asked_for);
    RUN(connection_dropped_during_a_call);
    RUN(error_frame);
    test_server_stop(&srv);
    return harness_report();
}
