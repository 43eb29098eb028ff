/*
 * WebSocket subscriptions and the replay after a reconnect: the
 * transport's call entry point (apicc__ws_call), which keeps the
 * subscription table (ws_sub_table.c) up to date after each call and,
 * before a request goes out on a new connection, sends the surviving
 * logon and subscriptions again; and the public subscription functions
 * (apicc/ws.h).
 *
 * Layer: the WebSocket transport (ws_internal.h), above ws_call.c.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth_internal.h"
#include "ws_internal.h"

/* ---- the replay --------------------------------------------------------- */

/* Sends a kept request and waits for its answer, as apicc_call would. */
static apicc_status resend(apicc_client *c, const apicc__ws_request_copy *r)
{
    uint64_t ticket = 0;
    cJSON *out = NULL;
    apicc_status st = apicc__ws_send_request(c, r->ep, r->args, r->nargs,
                                             r->body, &ticket);
    if (st == APICC_OK)
        st = apicc__ws_wait(c, ticket, &out);
    if (st == APICC_OK)
        st = apicc__apply_credential_updates(c, r->ep, out);
    cJSON_Delete(out);
    return st;
}

static apicc_status replay(apicc_client *c, struct apicc__ws_state *s)
{
    apicc_status st = APICC_OK;
    if (s->logon.ep)
        st = resend(c, &s->logon);
    for (size_t i = 0; st == APICC_OK && i < s->nsubs; i++) {
        cJSON_Delete(s->opened_id);
        s->opened_id = NULL;
        st = resend(c, &s->subs[i].req);
        if (st == APICC_OK && !s->opened_id)
            st = apicc__fail(c, APICC_ERR_RESPONSE,
                             "%s: the answer has no subscription id at %s",
                             apicc__ws_ep_name(s->subs[i].req.ep),
                             s->subs[i].req.ep->subscribe->id_path);
        if (st == APICC_OK) {
            s->subs[i].id = s->opened_id;
            s->opened_id = NULL;
        }
    }
    return st;
}

apicc_status apicc__ws_open_and_replay(apicc_client *c,
                                       struct apicc__ws_state *s)
{
    apicc_status st = apicc__ws_ensure_open(c, s);
    if (st != APICC_OK || !s->replay_due || s->replaying)
        return st;
    s->replay_due = 0;
    s->replaying = 1;
    st = replay(c, s);
    s->replaying = 0;
    if (st == APICC_OK) {
        s->s.replays++;
        return st;
    }
    /* Half a session (logged on, not subscribed) would look fine and
     * deliver nothing: drop it, so the next call starts over. */
    char why[512];
    snprintf(why, sizeof why, "%s", apicc_client_error(c)->message);
    apicc__ws_note_closed(s, 1);
    apicc_ws_free(s->ws);
    s->ws = NULL;
    return apicc__fail(c, st, "WebSocket reconnect: replaying the session: %s",
                       why);
}

apicc_status apicc__ws_prepare(apicc_client *c, struct apicc__ws_state *s)
{
    if (s->replaying || apicc__ws_drain(c, s))
        return APICC_OK;
    apicc__ws_note_closed(s, 0);
    return s->replay_due ? apicc__ws_open_and_replay(c, s) : APICC_OK;
}

/* ---- the transport's call (ws_internal.h) ------------------------------- */

apicc_status apicc__ws_call(apicc_client *c, const apicc_endpoint *ep,
                            const apicc_arg *args, size_t nargs,
                            const cJSON *body, cJSON **out)
{
    *out = NULL;
    uint64_t ticket = 0;
    struct apicc__ws_state *s = apicc__ws_state_of(c);
    if (!s)
        return APICC_ERR_NOMEM;
    s->last_sub = 0;
    apicc_status st = apicc__ws_prepare(c, s);
    if (st == APICC_OK)
        st = apicc__ws_send_request(c, ep, args, nargs, body, &ticket);
    if (st == APICC_OK)
        st = apicc__ws_wait(c, ticket, out);
    if (st == APICC_OK)
        st = apicc__ws_after_call(c, s, ep, args, nargs, body);
    if (st != APICC_OK) {
        cJSON_Delete(*out);
        *out = NULL;
    }
    return st;
}

/* ---- the public side (apicc/ws.h) --------------------------------------- */

APICC_API apicc_subscription
apicc_client_ws_last_subscription(const apicc_client *c)
{
    const struct apicc__ws_state *s =
        c ? *apicc__ws_slot((apicc_client *)c) : NULL;
    return s ? s->last_sub : 0;
}

static apicc__ws_sub *find_sub(const struct apicc__ws_state *s,
                               apicc_subscription sub)
{
    for (size_t i = 0; s && i < s->nsubs; i++)
        if (s->subs[i].handle == sub)
            return &s->subs[i];
    return NULL;
}

APICC_API const cJSON *apicc_client_ws_subscription_id(const apicc_client *c,
                                                       apicc_subscription sub)
{
    const apicc__ws_sub *t =
        c ? find_sub(*apicc__ws_slot((apicc_client *)c), sub) : NULL;
    return t ? t->id : NULL;
}

APICC_API apicc_status apicc_client_ws_unsubscribe(apicc_client *c,
                                                   apicc_subscription sub)
{
    if (!c)
        return APICC_ERR_INVALID_ARG;
    apicc__error_reset(c);
    struct apicc__ws_state *s = *apicc__ws_slot(c);
    const apicc__ws_sub *t = find_sub(s, sub);
    /* After a drop, reconnect first: the id to name is the new one. */
    if (t && s->replay_due) {
        apicc_status st = apicc__ws_open_and_replay(c, s);
        if (st != APICC_OK)
            return st;
        t = find_sub(s, sub);
    }
    if (!t)
        return apicc__fail(c, APICC_ERR_INVALID_ARG,
                           "no open subscription %llu",
                           (unsigned long long)sub);
    /* Without an id (a drop, not yet re-opened) there is nothing on the
     * server to close: forgetting it is all there is to do. */
    if (!t->id) {
        apicc__ws_sub_remove(s, (size_t)(t - s->subs));
        return APICC_OK;
    }
    const apicc_subscription_desc *d = t->req.ep->subscribe;
    apicc_arg a = {.name = d->unsubscribe_param, .in = APICC_IN_PARAM};
    if (cJSON_IsString(t->id)) {
        a.type = APICC_T_STRING;
        a.s = t->id->valuestring;
    } else if (cJSON_IsNumber(t->id) &&
               t->id->valuedouble == floor(t->id->valuedouble) &&
               fabs(t->id->valuedouble) < 9007199254740992.0) {
        a.type = APICC_T_INT;
        a.i = (int64_t)t->id->valuedouble;
    } else {
        return apicc__fail(c, APICC_ERR_INVALID_ARG,
                           "subscription %llu has an id that is neither a "
                           "string nor an integer",
                           (unsigned long long)sub);
    }
    /* The id's text is copied: the call may re-open subscriptions after
     * a reconnect and replace it. */
    char *text = NULL;
    if (a.type == APICC_T_STRING) {
        int failed = 0;
        text = apicc__ws_dup_or_null(a.s, &failed);
        if (failed)
            return apicc__fail(c, APICC_ERR_NOMEM, "out of memory");
        a.s = text;
    }
    cJSON *out = NULL;
    apicc_status st = apicc__ws_call(c, d->unsubscribe, &a, 1, NULL, &out);
    cJSON_Delete(out);
    free(text);
    return st;
}
