/*
 * The client-level WebSocket API (apicc/ws.h, apicc_client_ws_*): the
 * session state, opening and closing the connection on purpose, requests
 * sent now and waited for later, events, and the last rate limits.
 * The machinery is in ws_call.c.
 */
#include <string.h>

#include "auth_internal.h"
#include "client_internal.h"
#include "ws_internal.h"

/* The state for reading a const client: the slot accessor wants a mutable
 * client, and reading through it changes nothing. */
static const struct apicc__ws_state *peek(const apicc_client *c)
{
    return *apicc__ws_slot((apicc_client *)c);
}

APICC_API apicc_status apicc_client_ws_session(const apicc_client *c,
                                               apicc_ws_session *out)
{
    if (!c || !out)
        return APICC_ERR_INVALID_ARG;
    memset(out, 0, sizeof *out);
    const struct apicc__ws_state *s = peek(c);
    if (!s)
        return APICC_OK;
    *out = s->s;
    out->connected = s->ws && apicc_ws_get_state(s->ws) == APICC_WS_OPEN;
    if (!out->connected)
        out->logged_on = 0;
    out->in_flight = 0;
    for (size_t i = 0; i < s->npend; i++)
        out->in_flight += !s->pend[i].reply && !s->pend[i].lost;
    out->queued_events = s->events.count;
    out->subscriptions = s->nsubs;
    return APICC_OK;
}

APICC_API apicc_status apicc_client_ws_connect(apicc_client *c)
{
    if (!c)
        return APICC_ERR_INVALID_ARG;
    apicc__error_reset(c);
    struct apicc__ws_state *s = apicc__ws_state_of(c);
    if (!s)
        return APICC_ERR_NOMEM;
    if (s->ws && apicc_ws_get_state(s->ws) != APICC_WS_OPEN)
        apicc__ws_note_closed(s, 0);
    return apicc__ws_open_and_replay(c, s);
}

/* The close handshake, keeping the session's logon and subscriptions
 * for a replay. */
static void close_connection(struct apicc__ws_state *s)
{
    if (!s->ws)
        return;
    if (apicc_ws_get_state(s->ws) == APICC_WS_OPEN) {
        apicc__ws_note_closed(s, 1);
        /* A server that never answers the close is not our problem: the
         * wait is bounded by the client's timeout, then the socket goes. */
        apicc_ws_close(s->ws, APICC__WS_CLOSE_NORMAL, NULL);
    }
    apicc__ws_note_closed(s, 0);
}

APICC_API void apicc_client_ws_disconnect(apicc_client *c)
{
    if (!c)
        return;
    apicc__error_reset(c);
    struct apicc__ws_state *s = *apicc__ws_slot(c);
    if (!s)
        return;
    close_connection(s);
    /* Closed on purpose: nothing is replayed on the next connection. */
    apicc__ws_subs_forget(s);
}

APICC_API apicc_status apicc_client_ws_reconnect(apicc_client *c)
{
    if (!c)
        return APICC_ERR_INVALID_ARG;
    apicc__error_reset(c);
    struct apicc__ws_state *s = apicc__ws_state_of(c);
    if (!s)
        return APICC_ERR_NOMEM;
    close_connection(s);
    return apicc__ws_open_and_replay(c, s);
}

APICC_API apicc_status apicc_client_ws_send(apicc_client *c,
                                            const apicc_endpoint *ep,
                                            const apicc_arg *args, size_t nargs,
                                            const cJSON *body, uint64_t *ticket)
{
    if (ticket)
        *ticket = 0;
    if (!c)
        return APICC_ERR_INVALID_ARG;
    apicc__error_reset(c);
    if (!ep || !ep->method || !ticket || (nargs > 0 && !args))
        return apicc__fail(c, APICC_ERR_INVALID_ARG,
                           "apicc_client_ws_send: missing endpoint, method, "
                           "args or ticket");
    struct apicc__ws_state *s = apicc__ws_state_of(c);
    if (!s)
        return APICC_ERR_NOMEM;
    apicc_status st = apicc__ws_prepare(c, s);
    if (st != APICC_OK)
        return st;
    return apicc__ws_send_request(c, ep, args, nargs, body, ticket);
}

APICC_API apicc_status apicc_client_ws_wait(apicc_client *c, uint64_t ticket,
                                            cJSON **out)
{
    if (out)
        *out = NULL;
    if (!c || !out)
        return APICC_ERR_INVALID_ARG;
    apicc__error_reset(c);
    cJSON *resp = NULL;
    struct apicc__ws_state *s = *apicc__ws_slot(c);
    const apicc_endpoint *ep = NULL;
    for (size_t i = 0; s && i < s->npend; i++)
        if (s->pend[i].ticket == ticket)
            ep = s->pend[i].ep;
    apicc_status st = apicc__ws_wait(c, ticket, &resp);
    /* apicc_call does this for calls it makes; a wait is the end of one. */
    if (st == APICC_OK && ep)
        st = apicc__apply_credential_updates(c, ep, resp);
    if (st != APICC_OK) {
        cJSON_Delete(resp);
        return st;
    }
    *out = resp;
    return APICC_OK;
}

APICC_API void apicc_client_ws_set_event_handler(apicc_client *c,
                                                 apicc_ws_event_fn fn,
                                                 void *user)
{
    struct apicc__ws_state *s = c ? apicc__ws_state_of(c) : NULL;
    if (!s)
        return;
    s->handler = fn;
    s->user = fn ? user : NULL;
}

APICC_API apicc_status apicc_client_ws_on(apicc_client *c,
                                          const apicc_event_desc *ev,
                                          void (*handler)(void), void *user)
{
    if (!c)
        return APICC_ERR_INVALID_ARG;
    if (!ev || !ev->when_path || !ev->when_equals || !ev->model ||
        !ev->deliver)
        return apicc__fail(c, APICC_ERR_INVALID_ARG,
                           "an event descriptor needs when_path, "
                           "when_equals, a model and deliver");
    struct apicc__ws_state *s = apicc__ws_state_of(c);
    if (!s)
        return APICC_ERR_NOMEM;
    apicc_status st = apicc__ws_typed_set(s, ev, handler, user);
    if (st != APICC_OK)
        return apicc__fail(c, st, "out of memory");
    return APICC_OK;
}

/* Takes the oldest queued event, or NULL. */
static cJSON *pop_event(struct apicc__ws_state *s)
{
    return apicc__ws_events_pop(&s->events);
}

APICC_API apicc_status apicc_client_ws_next_event(apicc_client *c,
                                                  long timeout_ms, cJSON **out)
{
    if (out)
        *out = NULL;
    if (!c || !out)
        return APICC_ERR_INVALID_ARG;
    apicc__error_reset(c);
    struct apicc__ws_state *s = *apicc__ws_slot(c);
    if (s && (*out = pop_event(s)) != NULL)
        return APICC_OK;
    if (!s || !s->ws || apicc_ws_get_state(s->ws) != APICC_WS_OPEN) {
        if (s)
            apicc__ws_note_closed(s, 0);
        return apicc__fail(c, APICC_ERR_CLOSED,
                           "no WebSocket connection to wait on");
    }
    long ms = timeout_ms < 0 ? apicc__client_config(c)->timeout_ms : timeout_ms;
    int64_t deadline = apicc__clock_ms() + ms;
    for (;;) {
        apicc_status st = apicc__ws_pump_one(c, s, deadline);
        if ((*out = pop_event(s)) != NULL) {
            apicc__error_reset(c);
            return APICC_OK;
        }
        if (st == APICC_ERR_TIMEOUT)
            return apicc__fail(c, st, "no event within %ld ms", ms);
        if (st != APICC_OK)
            return st;
    }
}

APICC_API const cJSON *apicc_client_ws_rate_limits(const apicc_client *c)
{
    const struct apicc__ws_state *s = c ? peek(c) : NULL;
    return s ? s->rate_limits : NULL;
}
