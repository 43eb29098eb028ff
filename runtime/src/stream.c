/*
 * Streaming endpoints (apicc_invoke_stream, apicc/stream.h): the call
 * goes out like any other (apicc_invoke_into with a download whose
 * callback is ours), and each chunk of a successful answer is fed to the
 * server-sent events parser, which hands complete events back here to
 * be read into the model and given to the caller.  An error answer is
 * not streamed, so it reaches the error record as for any call.
 *
 * Layer: dispatch (calls apicc_invoke_into like generated code does).
 */
#include <stdio.h>
#include <string.h>

#include "apicc/stream.h"
#include "client_internal.h"
#include "json_parse.h"
#include "sse_internal.h"

typedef struct stream_state {
    apicc_client *c;
    const apicc_operation *op;
    apicc_stream_deliver_fn deliver;
    void (*fn)(void);
    void *user;
    apicc__sse sse;
    apicc__json_arena arena; /* each event's JSON, read and dropped */
    long wait_ms;       /* the longest wait for the next event; 0: none */
    int64_t last_event; /* when the last event (or the call) began */
    long events;        /* delivered so far */
    int ended;          /* the done marker or the caller ended it */
    apicc_status failed; /* why we stopped it, or APICC_OK */
    char why[256];
} stream_state;

static int fail(stream_state *s, apicc_status st, const char *why)
{
    s->failed = st;
    snprintf(s->why, sizeof s->why, "%s", why);
    return 1;
}

/* One complete event from the parser. */
static int on_event(const apicc__sse_event *e, void *user)
{
    stream_state *s = user;
    const apicc_stream_desc *d = s->op->stream;
    s->last_event = apicc__clock_ms();
    if (d->done && strcmp(e->data, d->done) == 0) {
        s->ended = 1;
        return 1;
    }
    apicc_sse_event pub = {e->type, e->data, e->data_len, e->id,
                           e->retry_ms};
    void *v = NULL;
    if (d->model) {
        cJSON *json = apicc__json_arena_parse(&s->arena, e->data, e->data_len);
        apicc_json_error err;
        if (!json) {
            snprintf(s->why, sizeof s->why, "event %ld is not JSON",
                     s->events + 1);
            s->failed = APICC_ERR_RESPONSE;
            return 1;
        }
        apicc_status st =
            apicc__decode_response(s->c, d->model, json, &v, &err);
        apicc__json_arena_release(&s->arena, json);
        if (st != APICC_OK) {
            /* the model's message is short; cut it if it is not */
            snprintf(s->why, sizeof s->why, "event %ld does not match the "
                                            "model: %.180s",
                     s->events + 1, err.message);
            s->failed = st;
            return 1;
        }
    }
    s->events++;
    int stop = s->deliver(s->fn, s->user, &pub, v);
    apicc_model_free(d->model, v);
    if (stop)
        s->ended = 1;
    return stop;
}

/* A chunk of the answer as it arrives (the download's callback). */
static int on_chunk(const char *data, size_t len, void *user)
{
    stream_state *s = user;
    if (s->wait_ms > 0 && apicc__clock_ms() - s->last_event > s->wait_ms) {
        char why[96];
        snprintf(why, sizeof why, "no event for %ld ms", s->wait_ms);
        return fail(s, APICC_ERR_TIMEOUT, why);
    }
    apicc_status st = apicc__sse_feed(&s->sse, data, len, on_event, s);
    if (st == APICC_ERR_TOO_LARGE)
        return fail(s, st, "an event is larger than the response size "
                           "limit");
    if (st != APICC_OK)
        return fail(s, st, "out of memory");
    return s->ended || s->failed != APICC_OK;
}

APICC_API apicc_status apicc_invoke_stream(apicc_client *c,
                                           const apicc_operation *op,
                                           const void *params,
                                           const void *body,
                                           apicc_stream_deliver_fn deliver,
                                           void (*fn)(void), void *user)
{
    if (!c)
        return APICC_ERR_INVALID_ARG;
    if (!op || !op->stream || !deliver || !fn)
        return apicc__fail(c, APICC_ERR_INVALID_ARG,
                           "%s: %s", op && op->endpoint.name
                                         ? op->endpoint.name
                                         : "apicc_invoke_stream",
                           op && op->stream ? "no event callback"
                                            : "not a streaming endpoint");
    const apicc__config *cfg = apicc__client_config(c);
    stream_state s = {.c = c, .op = op, .deliver = deliver, .fn = fn,
                      .user = user};
    s.wait_ms = cfg->next.timeout_ms > 0 ? cfg->next.timeout_ms
                                         : cfg->timeout_ms;
    s.last_event = apicc__clock_ms();
    apicc__sse_init(&s.sse, cfg->max_response);
    apicc_download d = {.to_fn = on_chunk, .user = &s};
    apicc_status st = apicc_invoke_into(c, op, params, body, &d);
    apicc__sse_free(&s.sse);
    apicc__json_arena_free(&s.arena);
    apicc_download_free(&d);
    if (s.failed != APICC_OK)
        return apicc__fail(c, s.failed, "%s: %s", op->endpoint.name, s.why);
    if (s.ended && st == APICC_ERR_TRANSPORT) {
        /* our callback stopped the transfer: the stream ended as asked */
        apicc__error_reset(c);
        return APICC_OK;
    }
    return st;
}
