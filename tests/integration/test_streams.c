/*
 * Streaming endpoints end to end: the client generated from
 * tests/specs/streams.yaml reads server-sent events from
 * tests/servers/sse_server.py, which streams a chat completion the way
 * OpenAI-style APIs do (a JSON chunk per event, then "[DONE]") and the
 * event stream examples of the WHATWG standard.  Then the ways a stream
 * ends early: the callback stops it, an event that is not JSON or too
 * large, no event within the timeout, an error status.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "provider_test.h"
#include "streams/streams.h"

static test_server server;
static char base[128];

static apicc_client *new_client(long timeout_ms)
{
    apicc_client *c = apicc_client_new(base);
    if (c)
        apicc_client_set_timeout_ms(c, timeout_ms);
    return c;
}

/* The next request the server printed must start with `want`. */
static int request_was(const char *want)
{
    char line[512];
    if (provider_wait_event(&server, "REQ ", line, sizeof line) != 0)
        return 0;
    line[strcspn(line, "\r\n")] = '\0';
    if (strncmp(line + 4, want, strlen(want)) != 0) {
        printf("  request %s; expected %s\n", line + 4, want);
        return 0;
    }
    return 1;
}

typedef struct text {
    char s[2048];
    int events;
    int stop_after;
} text;

static int on_chunk(void *user, const apicc_sse_event *ev,
                    const streams_chat_chunk *chunk)
{
    text *t = user;
    t->events++;
    if (strcmp(ev->type, "message") != 0 || !chunk->choices ||
        chunk->n_choices != 1)
        return 1;
    const streams_delta *d = chunk->choices[0]->delta;
    if (d && d->content)
        strncat(t->s, d->content, sizeof t->s - strlen(t->s) - 1);
    return 0;
}

TEST(chat_completion_streamed)
{
    apicc_client *c = new_client(5000);
    streams_chat_request req = {.model = "gpt-test", .stream = true,
                                .has_stream = true};
    text t = {{0}, 0, 0};
    CHECK_INT(streams_chat(c, &req, on_chunk, &t), APICC_OK);
    /* six deltas and the finishing chunk; "[DONE]" ends it unseen */
    CHECK_INT(t.events, 7);
    CHECK_STR(t.s, "Hello there!");
    CHECK(request_was("POST /v1/chat/completions accept=text/event-stream "
                      "type=application/json"));
    /* the client is fine for the next call */
    text t2 = {{0}, 0, 0};
    CHECK_INT(streams_chat(c, &req, on_chunk, &t2), APICC_OK);
    CHECK_STR(t2.s, "Hello there!");
    CHECK(request_was("POST /v1/chat/completions"));
    apicc_client_free(c);
}

typedef struct events {
    char log[1024];
    int n;
    int stop_after;
} events;

static int on_tick(void *user, const apicc_sse_event *ev)
{
    events *e = user;
    size_t len = strlen(e->log);
    snprintf(e->log + len, sizeof e->log - len, "[%s|%s|%s|%ld]", ev->type,
             ev->data, ev->id, ev->retry_ms);
    e->n++;
    return e->stop_after && e->n >= e->stop_after;
}

TEST(whatwg_examples)
{
    apicc_client *c = new_client(5000);
    streams_ticks_params p = {.scenario = "whatwg"};
    events e = {{0}, 0, 0};
    CHECK_INT(streams_ticks(c, &p, on_tick, &e), APICC_OK);
    /* The standard's examples, event by event: a comment is nothing,
     * an `id` line without a colon clears the id, one space after the
     * colon goes, `event` names the type, CR and CRLF end lines, two
     * empty data lines give "\n", a piece split across writes is one. */
    CHECK_STR(e.log, "[message|first event|1|-1]"
                     "[message|second event||-1]"
                     "[message| third event||-1]"
                     "[add|73857293||-1]"
                     "[remove|2153||-1]"
                     "[message|YHOO\n+2\n10||-1]"
                     "[message|\n||1500]"
                     "[message|split across writes||1500]");
    CHECK(request_was("GET /ticks?scenario=whatwg accept=text/event-stream"));
    apicc_client_free(c);
}

TEST(the_callback_stops_an_endless_stream)
{
    apicc_client *c = new_client(5000);
    streams_ticks_params p = {.scenario = "forever"};
    events e = {{0}, 0, 5};
    CHECK_INT(streams_ticks(c, &p, on_tick, &e), APICC_OK);
    CHECK_INT(e.n, 5);
    CHECK(strstr(e.log, "[message|tick 5|5|-1]") != NULL);
    CHECK_INT(apicc_client_error(c)->status, APICC_OK);
    CHECK(request_was("GET /ticks?scenario=forever"));
    apicc_client_free(c);
}

TEST(an_event_that_is_not_json_ends_the_stream)
{
    apicc_client *c = new_client(5000);
    streams_chat_request req = {.model = "m", .scenario = "badjson"};
    text t = {{0}, 0, 0};
    CHECK_INT(streams_chat(c, &req, on_chunk, &t), APICC_ERR_RESPONSE);
    CHECK_INT(t.events, 2); /* the ones before it were delivered */
    CHECK_STR(apicc_client_error(c)->message, "chat: event 3 is not JSON");
    CHECK(request_was("POST /v1/chat/completions"));
    apicc_client_free(c);
}

TEST(limits_apply_per_event)
{
    /* A stream longer than the timeout is fine while events come: the
     * chat above took longer than nothing; here the gap is the limit. */
    apicc_client *c = new_client(1000);
    streams_ticks_params p = {.scenario = "slow"};
    events e = {{0}, 0, 0};
    CHECK_INT(streams_ticks(c, &p, on_tick, &e), APICC_ERR_TIMEOUT);
    CHECK_STR(e.log, "[message|one||-1]");
    CHECK(request_was("GET /ticks?scenario=slow"));

    /* Comments keep the connection busy but are not events. */
    events e2 = {{0}, 0, 0};
    p.scenario = "pings";
    CHECK_INT(streams_ticks(c, &p, on_tick, &e2), APICC_ERR_TIMEOUT);
    CHECK_INT(e2.n, 0);
    CHECK(strstr(apicc_client_error(c)->message, "no event for 1000 ms") !=
          NULL);
    CHECK(request_was("GET /ticks?scenario=pings"));

    /* The size limit is per event. */
    apicc_client_set_max_response_bytes(c, 1 << 20);
    events e3 = {{0}, 0, 0};
    p.scenario = "big";
    CHECK_INT(streams_ticks(c, &p, on_tick, &e3), APICC_ERR_TOO_LARGE);
    CHECK_INT(e3.n, 0);
    CHECK(request_was("GET /ticks?scenario=big"));
    apicc_client_free(c);

    /* A stream that delivered events is not retried, even where the
     * policy retries a GET whose connection dropped: its events would
     * come twice. */
    apicc_client *r = new_client(1000);
    apicc_client_set_retry(r, 3, 10, 50);
    events e4 = {{0}, 0, 0};
    p.scenario = "cut";
    CHECK_INT(streams_ticks(r, &p, on_tick, &e4), APICC_ERR_TRANSPORT);
    CHECK_STR(e4.log, "[message|one||-1]");
    CHECK(strstr(apicc_client_error(r)->message, "attempts") == NULL);
    CHECK(request_was("GET /ticks?scenario=cut"));
    apicc_client_free(r);
}

TEST(an_error_status_is_an_error)
{
    apicc_client *c = new_client(5000);
    streams_chat_request req = {.model = "m", .scenario = "error"};
    text t = {{0}, 0, 0};
    CHECK_INT(streams_chat(c, &req, on_chunk, &t), APICC_ERR_HTTP);
    CHECK_INT(t.events, 0);
    CHECK_INT(apicc_client_error(c)->http_status, 429);
    CHECK(strstr(apicc_client_error(c)->body, "rate_limit_exceeded") !=
          NULL);
    CHECK(request_was("POST /v1/chat/completions"));
    /* no callback: refused before anything is sent */
    CHECK_INT(streams_chat(c, &req, NULL, NULL), APICC_ERR_INVALID_ARG);
    apicc_client_free(c);
}

int main(void)
{
    if (apicc_global_init() != APICC_OK ||
        provider_server_start(&server, "sse_server.py", NULL) != 0) {
        printf("FAIL setup: cannot start the test server\n");
        printf("0 passed, 1 failed\n");
        return 1;
    }
    provider_url(base, sizeof base, "http", server.port, NULL);
    RUN(chat_completion_streamed);
    RUN(whatwg_examples);
    RUN(the_callback_stops_an_endless_stream);
    RUN(an_event_that_is_not_json_ends_the_stream);
    RUN(limits_apply_per_event);
    RUN(an_error_status_is_an_error);
    test_server_stop(&server);
    apicc_global_cleanup();
    return harness_report();
}
