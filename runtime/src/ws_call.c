/*
 * WebSocket calls on an apicc_client: one connection per client, opened
 * on first use and reopened after a drop; requests carry unique ids and
 * answers are matched by id, so several may be in flight and answers may
 * come in any order; frames that answer nothing become events.
 *
 * A response frame is {"id", "status", "result" | "error", "rateLimits"}
 * (the shape JSON-RPC-like exchange APIs use).  Its status and `error`
 * decide success the way HTTP statuses do in http.c: 401/403 is
 * APICC_ERR_AUTH, a provider code or message APICC_ERR_PROVIDER, any
 * other failure APICC_ERR_HTTP.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/rand.h>

#include "apicc/sign.h"
#include "client_internal.h"
#include "trace_internal.h"
#include "ws_internal.h"

/* ---- state -------------------------------------------------------------- */

struct apicc__ws_state *apicc__ws_state_of(apicc_client *c)
{
    struct apicc__ws_state **slot = apicc__ws_slot(c);
    if (*slot)
        return *slot;
    struct apicc__ws_state *s = calloc(1, sizeof *s);
    unsigned char r[6];
    if (!s || RAND_bytes(r, (int)sizeof r) != 1) {
        free(s);
        apicc__fail(c, APICC_ERR_NOMEM,
                    "cannot set up the WebSocket state (memory or random "
                    "bytes)");
        return NULL;
    }
    char *hex = apicc_hex_encode(r, sizeof r);
    if (!hex) {
        free(s);
        apicc__fail(c, APICC_ERR_NOMEM, "out of memory");
        return NULL;
    }
    snprintf(s->prefix, sizeof s->prefix, "%s", hex);
    free(hex);
    *slot = s;
    return s;
}

/* Wipes and frees a request frame's text: it may carry an API key and a
 * signature. */
static void wipe_text(char *text)
{
    if (text) {
        apicc_wipe(text, strlen(text));
        free(text);
    }
}

void apicc__ws_note_closed(struct apicc__ws_state *s, int deliberate)
{
    if (!s->open)
        return;
    s->open = 0;
    apicc__ws_subs_note_closed(s);
    if (!deliberate)
        s->s.drops++;
    if (s->s.logged_on && !deliberate)
        s->s.logon_lost = 1;
    s->s.logged_on = 0;
    for (size_t i = 0; i < s->npend; i++)
        if (!s->pend[i].reply)
            s->pend[i].lost = 1;
}

/* A fresh connection with the client's current settings. */
static apicc_status configure(apicc_client *c, apicc_ws *ws)
{
    const apicc__config *cfg = apicc__client_config(c);
    apicc_status st =
        apicc_ws_set_timeouts(ws, cfg->connect_timeout_ms, cfg->timeout_ms);
    if (st == APICC_OK)
        st = apicc_ws_set_ca_file(ws, cfg->ca_file);
    if (st == APICC_OK)
        st = apicc_ws_set_ca_path(ws, cfg->ca_path);
    if (st == APICC_OK)
        st = apicc_ws_set_insecure_skip_verify(ws, cfg->insecure);
    if (st == APICC_OK)
        st = apicc_ws_set_proxy(ws, cfg->proxy);
    if (st == APICC_OK)
        st = apicc_ws_set_user_agent(ws, cfg->user_agent);
    if (st == APICC_OK && cfg->max_response)
        st = apicc_ws_set_max_message(ws, cfg->max_response);
    for (size_t i = 0; st == APICC_OK && i < cfg->nheaders; i++) {
        st = apicc_ws_add_header(ws, cfg->header_names[i],
                                 cfg->header_values[i]);
        if (st == APICC_ERR_INVALID_ARG)
            return apicc__fail(c, st,
                               "default header \"%s\" cannot be sent in a "
                               "WebSocket handshake",
                               cfg->header_names[i]);
    }
    if (st != APICC_OK)
        return apicc__fail(c, st, "WebSocket settings: %s", apicc_strerror(st));
    return APICC_OK;
}

apicc_status apicc__ws_ensure_open(apicc_client *c, struct apicc__ws_state *s)
{
    if (s->ws && apicc_ws_get_state(s->ws) == APICC_WS_OPEN)
        return APICC_OK;
    apicc__ws_note_closed(s, 0);
    /* A new handle each time, so settings changed since are applied. */
    apicc_ws_free(s->ws);
    s->ws = apicc_ws_new();
    if (!s->ws)
        return apicc__fail(c, APICC_ERR_NOMEM, "out of memory");
    apicc_status st = configure(c, s->ws);
    if (st != APICC_OK)
        return st;
    st = apicc_ws_connect(s->ws, apicc__client_config(c)->base_url);
    if (st != APICC_OK) {
        if (st == APICC_ERR_HTTP)
            apicc__error_set_response(c, apicc_ws_http_status(s->ws), NULL, 0);
        return apicc__fail(c, st, "WebSocket connect: %s",
                           apicc_ws_error(s->ws));
    }
    s->open = 1;
    s->s.connections++;
    return APICC_OK;
}

/* ---- incoming frames ---------------------------------------------------- */

/* Hands an event to a typed handler (ws_typed.c), the callback, or
 * queues it (ws_events.c).  `ev` may be in the state's arena: handlers
 * only read it while they run; the queue keeps a tree of its own. */
static void deliver_event(struct apicc__ws_state *s, cJSON *ev)
{
    int taken = s->ntyped && apicc__ws_typed_offer(s, ev);
    if (!taken && s->handler) {
        s->handler(s->user, ev);
        taken = 1;
    }
    if (taken) {
        apicc__json_arena_release(&s->arena, ev);
        return;
    }
    ev = apicc__json_arena_keep(&s->arena, ev);
    if (!ev) {
        s->s.dropped_events++;
        return;
    }
    apicc__ws_events_push(&s->events, ev, &s->s.dropped_events);
}

/* The request an answer's id names, or NULL. */
static apicc__ws_pending *match(struct apicc__ws_state *s, const cJSON *id)
{
    if (!cJSON_IsString(id) || !id->valuestring)
        return NULL;
    size_t plen = strlen(s->prefix);
    const char *v = id->valuestring;
    if (strncmp(v, s->prefix, plen) != 0 || v[plen] != '-')
        return NULL;
    char *end = NULL;
    uint64_t t = strtoull(v + plen + 1, &end, 10);
    if (!end || *end)
        return NULL;
    for (size_t i = 0; i < s->npend; i++)
        if (s->pend[i].ticket == t && !s->pend[i].reply && !s->pend[i].lost)
            return &s->pend[i];
    return NULL;
}

/* The frame's status, 0 when it has none.  cJSON saturates valueint, so
 * a hostile 1e300 cannot overflow a conversion. */
static long status_of(const cJSON *frame)
{
    const cJSON *st = cJSON_GetObjectItemCaseSensitive(frame, "status");
    return cJSON_IsNumber(st) ? (long)st->valueint : 0;
}

static int is_error_frame(const cJSON *frame)
{
    const cJSON *e = cJSON_GetObjectItemCaseSensitive(frame, "error");
    long st = status_of(frame);
    return (e && !cJSON_IsNull(e)) || st >= 300 || st < 0;
}

/* Files one text message. */
static void file_text(struct apicc__ws_state *s, const char *text, size_t len)
{
    cJSON *json = apicc__json_arena_parse(&s->arena, text, len);
    if (!json) {
        /* Not JSON: still an event, as a JSON string. */
        cJSON *str = cJSON_CreateString(text);
        if (str)
            deliver_event(s, str);
        else
            s->s.dropped_events++;
        return;
    }
    apicc__ws_pending *p =
        cJSON_IsObject(json)
            ? match(s, cJSON_GetObjectItemCaseSensitive(json, "id"))
            : NULL;
    if (!p) {
        /* An unsolicited 401 means the server revoked the session. */
        if (cJSON_IsObject(json) && status_of(json) == 401 && s->s.logged_on) {
            s->s.logged_on = 0;
            s->s.logon_lost = 1;
        }
        deliver_event(s, json);
        return;
    }
    json = apicc__json_arena_keep(&s->arena, json); /* the answer is kept */
    if (!json) {
        s->s.dropped_events++;
        return;
    }
    cJSON *rl = cJSON_DetachItemFromObjectCaseSensitive(json, "rateLimits");
    if (rl) {
        cJSON_Delete(s->rate_limits);
        s->rate_limits = rl;
    }
    if (is_error_frame(json)) {
        p->text = malloc(len + 1);
        if (p->text) {
            memcpy(p->text, text, len + 1);
            p->len = len;
        }
    }
    p->got_bytes = len;
    p->reply = json;
}

apicc_status apicc__ws_pump_one(apicc_client *c, struct apicc__ws_state *s,
                                int64_t deadline)
{
    if (!s->ws || apicc_ws_get_state(s->ws) != APICC_WS_OPEN) {
        apicc__ws_note_closed(s, 0);
        return apicc__fail(c, APICC_ERR_CLOSED, "not connected");
    }
    apicc_ws_message m;
    apicc_status st = apicc__ws_recv_until(s->ws, deadline, &m);
    if (st == APICC_ERR_TIMEOUT)
        return st;
    if (st != APICC_OK) {
        apicc__ws_note_closed(s, 0);
        return apicc__fail(c, st, "WebSocket: %s", apicc_ws_error(s->ws));
    }
    if (m.type == APICC_WS_TEXT)
        file_text(s, (const char *)m.data, m.len);
    else if (m.type == APICC_WS_BINARY)
        s->s.dropped_events++; /* a JSON API has no use for them */
    return APICC_OK;
}

/* ---- requests ----------------------------------------------------------- */

int apicc__ws_drain(apicc_client *c, struct apicc__ws_state *s)
{
    int64_t now = apicc__clock_ms();
    while (s->ws && apicc_ws_get_state(s->ws) == APICC_WS_OPEN &&
           apicc__ws_pump_one(c, s, now) == APICC_OK)
        ;
    apicc__error_reset(c);
    return s->ws && apicc_ws_get_state(s->ws) == APICC_WS_OPEN;
}

apicc_status apicc__ws_send_request(apicc_client *c, const apicc_endpoint *ep,
                                    const apicc_arg *args, size_t nargs,
                                    const cJSON *body, uint64_t *ticket)
{
    *ticket = 0;
    const apicc__config *cfg = apicc__client_config(c);
    /* A frame has no headers: asked for, they would silently not go out. */
    if (cfg->next.nheaders || cfg->next.idempotency_key)
        return apicc__fail(c, APICC_ERR_INVALID_ARG,
                           "%s: per-call headers and idempotency keys are "
                           "for HTTP calls; a WebSocket frame has none",
                           apicc__ws_ep_name(ep));
    struct apicc__ws_state *s = apicc__ws_state_of(c);
    if (!s)
        return APICC_ERR_NOMEM;
    if (s->npend == s->cappend) {
        size_t cap = s->cappend ? s->cappend * 2 : 8;
        apicc__ws_pending *p = realloc(s->pend, cap * sizeof *p);
        if (!p)
            return apicc__fail(c, APICC_ERR_NOMEM, "out of memory");
        s->pend = p;
        s->cappend = cap;
    }
    /* The replay's own requests (ws_subscriptions.c) must go out on the
     * connection it replays on, or not at all. */
    if (!apicc__ws_drain(c, s) && s->replaying)
        return apicc__fail(c, APICC_ERR_CLOSED,
                           "%s: the connection ended during the replay of "
                           "the session",
                           apicc__ws_ep_name(ep));
    uint64_t t = s->next_ticket + 1;
    char id[48];
    snprintf(id, sizeof id, "%s-%" PRIu64, s->prefix, t);
    /* The frame is built before connecting, so a call that cannot be sent
     * (a bad argument, no credentials) costs no handshake. When a
     * connection had to be opened it is built again: a signed request's
     * timestamp must not be older by the handshake. */
    int was_open = s->ws && apicc_ws_get_state(s->ws) == APICC_WS_OPEN;
    char *text = NULL;
    apicc_status st =
        apicc__ws_build_request(c, ep, args, nargs, body, id, &text);
    if (st != APICC_OK)
        return st;
    if (!was_open) {
        wipe_text(text);
        text = NULL;
        st = apicc__ws_ensure_open(c, s);
        if (st == APICC_OK)
            st = apicc__ws_build_request(c, ep, args, nargs, body, id, &text);
        if (st != APICC_OK)
            return st;
    }
    s->next_ticket = t;
    size_t sent = strlen(text);
    int64_t sent_ms = apicc__clock_ms();
    st = apicc_ws_send(s->ws, APICC_WS_TEXT, text, sent);
    wipe_text(text);
    if (st != APICC_OK) {
        apicc__ws_note_closed(s, 0);
        return apicc__fail(c, st, "%s: sending the request: %s",
                           apicc__ws_ep_name(ep), apicc_ws_error(s->ws));
    }
    s->pend[s->npend++] = (apicc__ws_pending){
        .ticket = t, .ep = ep, .sent_ms = sent_ms, .sent_bytes = sent};
    *ticket = t;
    return APICC_OK;
}

/* Turns an answer into the call's result. */
static apicc_status take_reply(apicc_client *c, struct apicc__ws_state *s,
                               apicc__ws_pending *p, cJSON **out)
{
    const apicc_endpoint *ep = p->ep;
    long status = status_of(p->reply);
    int ok = !is_error_frame(p->reply);
    if (ok && ep->success && ep->nsuccess) {
        ok = 0;
        for (size_t i = 0; i < ep->nsuccess; i++)
            ok |= ep->success[i] == status;
    }
    if (!ok) {
        apicc__error_set_response(c, status, p->text, p->len);
        apicc__error_set_provider(c, p->reply, ep->errors);
        const apicc_error *e = apicc_client_error(c);
        apicc_status st = APICC_ERR_HTTP;
        if (status == 401 || status == 403)
            st = APICC_ERR_AUTH;
        else if (e->provider_code || e->provider_message)
            st = APICC_ERR_PROVIDER;
        return apicc__fail(c, st, "%s: status %ld%s%s%s%s",
                           apicc__ws_ep_name(ep), status,
                           e->provider_code ? ", error " : "",
                           e->provider_code ? e->provider_code : "",
                           e->provider_message ? ": " : "",
                           e->provider_message ? e->provider_message : "");
    }
    apicc__error_set_response(c, status, NULL, 0);
    if (ep->session == APICC_SESSION_LOGON) {
        s->s.logged_on = 1;
        s->s.logon_lost = 0;
    } else if (ep->session == APICC_SESSION_LOGOUT) {
        s->s.logged_on = 0;
    }
    cJSON *result = cJSON_DetachItemFromObjectCaseSensitive(p->reply, "result");
    if (ep->subscribe) {
        /* kept for apicc__ws_after_call, or the replay */
        cJSON_Delete(s->opened_id);
        s->opened_id = cJSON_Duplicate(
            apicc__json_at(result, ep->subscribe->id_path), 1);
    }
    if (result &&
        (cJSON_IsNull(result) || (!ep->has_response && ep->nsets == 0))) {
        cJSON_Delete(result);
        result = NULL;
    }
    *out = result;
    return APICC_OK;
}

static void remove_pending(struct apicc__ws_state *s, size_t i)
{
    cJSON_Delete(s->pend[i].reply);
    if (s->pend[i].text)
        apicc_wipe(s->pend[i].text, s->pend[i].len);
    free(s->pend[i].text);
    s->pend[i] = s->pend[--s->npend];
}

static apicc__ws_pending *find(struct apicc__ws_state *s, uint64_t t,
                               size_t *idx)
{
    for (size_t i = 0; i < s->npend; i++)
        if (s->pend[i].ticket == t) {
            *idx = i;
            return &s->pend[i];
        }
    return NULL;
}

/* How long to wait for an answer: the call's own timeout or deadline
 * (apicc_client_set_next_call), whichever is shorter, else the
 * client's timeout. */
static long wait_limit_ms(const apicc__config *cfg)
{
    long ms = cfg->next.timeout_ms > 0 ? cfg->next.timeout_ms
                                       : cfg->timeout_ms;
    if (cfg->next.deadline_ms > 0 && cfg->next.deadline_ms < ms)
        ms = cfg->next.deadline_ms;
    return ms;
}

/* Shows the call to the client's trace callback: the frame's method, the
 * connection's URL (redacted like an HTTP one), the answer's status and
 * the sizes.  A frame has no headers; its params are not shown. */
static void trace(apicc_client *c, const apicc__ws_pending *p,
                  apicc_status result)
{
    const apicc__config *cfg = apicc__client_config(c);
    char *url = apicc__trace_redact_url(p->ep, cfg->base_url);
    apicc_trace_event e = {
        .endpoint = p->ep->name,
        .method = p->ep->method,
        .url = url ? url : "(out of memory)",
        .attempt = 1,
        .request_body_bytes = p->sent_bytes,
        .status = p->reply ? status_of(p->reply) : 0,
        .response_body_bytes = p->reply ? p->got_bytes : 0,
        .elapsed_ms = (long)(apicc__clock_ms() - p->sent_ms),
        .result = result,
    };
    cfg->trace(&e, cfg->trace_user);
    apicc__trace_free(url);
}

apicc_status apicc__ws_wait(apicc_client *c, uint64_t ticket, cJSON **out)
{
    *out = NULL;
    struct apicc__ws_state *s = *apicc__ws_slot(c);
    size_t i = 0;
    apicc__ws_pending *p = s ? find(s, ticket, &i) : NULL;
    if (!p)
        return apicc__fail(c, APICC_ERR_INVALID_ARG,
                           "no request in flight with ticket %" PRIu64, ticket);
    const char *name = apicc__ws_ep_name(p->ep);
    long ms = wait_limit_ms(apicc__client_config(c));
    int64_t deadline = apicc__clock_ms() + ms;
    apicc_status st = APICC_OK;
    while (!p->reply && !p->lost && st == APICC_OK) {
        st = apicc__ws_pump_one(c, s, deadline);
        p = find(s, ticket, &i); /* the table is not reordered, but be sure */
    }
    if (p->reply) {
        apicc__error_reset(c);
        st = take_reply(c, s, p, out);
    } else if (st != APICC_OK && st != APICC_ERR_TIMEOUT &&
               st != APICC_ERR_CLOSED) {
        /* The connection failed in a way worth its own status (a message
         * over the limit, a protocol violation): keep it. */
        char why[512];
        snprintf(why, sizeof why, "%s", apicc_client_error(c)->message);
        st = apicc__fail(c, st, "%s: %s", name, why);
    } else if (p->lost || st == APICC_ERR_CLOSED) {
        st = apicc__fail(c, APICC_ERR_CLOSED,
                         "%s: the connection ended before the answer (%s)",
                         name, s->ws ? apicc_ws_error(s->ws) : "closed");
    } else if (st == APICC_ERR_TIMEOUT) {
        st = apicc__fail(c, st, "%s: no answer within %ld ms", name, ms);
    }
    if (apicc__client_config(c)->trace)
        trace(c, p, st);
    remove_pending(s, i);
    return st;
}

/* ---- the transport's release (ws_internal.h) ----------------------------- */

void apicc__ws_cleanup(apicc_client *c)
{
    struct apicc__ws_state **slot = apicc__ws_slot(c);
    struct apicc__ws_state *s = *slot;
    if (!s)
        return;
    apicc_ws_free(s->ws);
    while (s->npend)
        remove_pending(s, 0);
    free(s->pend);
    apicc__ws_events_clear(&s->events);
    apicc__ws_typed_clear(s);
    apicc__ws_subs_forget(s);
    cJSON_Delete(s->rate_limits);
    apicc__json_arena_free(&s->arena);
    free(s);
    *slot = NULL;
}
