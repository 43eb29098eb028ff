/*
 * The bookkeeping of WebSocket subscriptions: per open subscription a
 * copy of the request that opened it (a logon is signed over a
 * timestamp, so after a reconnect it has to be built and signed again,
 * from the arguments) and the server's current id for it, under a
 * handle of the client's own that outlives reconnects; and the last
 * logon that survives a reconnect.  Sending them again is
 * ws_subscriptions.c's; this file only keeps the table, so the files
 * below it (ws_call.c files answers, ws_typed.c checks an event's id)
 * can use it.
 *
 * Layer: the WebSocket transport (ws_internal.h).
 */
#include <stdlib.h>
#include <string.h>

#include "apicc/sign.h"
#include "ws_internal.h"

/* ---- request copies ----------------------------------------------------- */

char *apicc__ws_dup_or_null(const char *s, int *failed)
{
    if (!s)
        return NULL;
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    if (!p)
        *failed = 1;
    else
        memcpy(p, s, n);
    return p;
}

/* Strings are wiped: a logon's arguments may be anything the user put
 * there. */
static void free_wiped(const char *s)
{
    if (s) {
        apicc_wipe((char *)s, strlen(s));
        free((char *)s);
    }
}

void apicc__ws_request_free(apicc__ws_request_copy *r)
{
    for (size_t i = 0; r->args && i < r->nargs; i++) {
        free_wiped(r->args[i].name);
        free_wiped(r->args[i].s);
        free_wiped(r->args[i].key);
    }
    free(r->args);
    cJSON_Delete(r->body);
    memset(r, 0, sizeof *r);
}

int apicc__ws_request_keep(apicc__ws_request_copy *r, const apicc_endpoint *ep,
                        const apicc_arg *args, size_t nargs,
                        const cJSON *body)
{
    memset(r, 0, sizeof *r);
    r->ep = ep;
    int failed = 0;
    if (nargs) {
        r->args = calloc(nargs, sizeof *r->args);
        if (!r->args)
            return 0;
        r->nargs = nargs;
        for (size_t i = 0; i < nargs; i++) {
            r->args[i] = args[i];
            r->args[i].name = apicc__ws_dup_or_null(args[i].name, &failed);
            r->args[i].s = apicc__ws_dup_or_null(args[i].s, &failed);
            r->args[i].key = apicc__ws_dup_or_null(args[i].key, &failed);
        }
    }
    if (body && !(r->body = cJSON_Duplicate(body, 1)))
        failed = 1;
    if (failed) {
        apicc__ws_request_free(r);
        return 0;
    }
    return 1;
}

/* ---- the table ---------------------------------------------------------- */

void apicc__ws_sub_remove(struct apicc__ws_state *s, size_t i)
{
    apicc__ws_request_free(&s->subs[i].req);
    cJSON_Delete(s->subs[i].id);
    memmove(&s->subs[i], &s->subs[i + 1],
            (s->nsubs - i - 1) * sizeof *s->subs);
    s->nsubs--;
}

int apicc__ws_subs_open_with(const struct apicc__ws_state *s,
                             const apicc_subscription_desc *d,
                             const cJSON *id)
{
    for (size_t i = 0; i < s->nsubs; i++)
        if (s->subs[i].req.ep->subscribe == d && s->subs[i].id &&
            cJSON_Compare(s->subs[i].id, id, 1))
            return 1;
    return 0;
}

/* An argument as the JSON value it goes out as, to compare with an id;
 * NULL for other types or when out of memory. */
static cJSON *arg_json(const apicc_arg *a)
{
    switch (a->type) {
    case APICC_T_STRING:
        return a->s ? cJSON_CreateString(a->s) : NULL;
    case APICC_T_INT:
        return cJSON_CreateNumber((double)a->i);
    case APICC_T_NUMBER:
        return cJSON_CreateNumber(a->d);
    default:
        return NULL;
    }
}

/* A successful call of an unsubscribe endpoint: the subscriptions it
 * names by id, or without the id every one it closes, are forgotten. */
static void note_unsubscribe(struct apicc__ws_state *s,
                             const apicc_endpoint *ep, const apicc_arg *args,
                             size_t nargs)
{
    for (size_t i = s->nsubs; i-- > 0;) {
        const apicc_subscription_desc *d = s->subs[i].req.ep->subscribe;
        if (d->unsubscribe != ep)
            continue;
        const apicc_arg *named = NULL;
        for (size_t k = 0; k < nargs && d->unsubscribe_param; k++)
            if (args[k].name && strcmp(args[k].name, d->unsubscribe_param) == 0)
                named = &args[k];
        int closes = 1;
        if (named) {
            cJSON *v = arg_json(named);
            closes = v && s->subs[i].id && cJSON_Compare(v, s->subs[i].id, 1);
            cJSON_Delete(v);
        }
        if (closes)
            apicc__ws_sub_remove(s, i);
    }
}

static apicc_status add_sub(apicc_client *c, struct apicc__ws_state *s,
                            const apicc_endpoint *ep, const apicc_arg *args,
                            size_t nargs, const cJSON *body)
{
    if (!s->opened_id)
        return apicc__fail(c, APICC_ERR_RESPONSE,
                           "%s: the answer has no subscription id at %s",
                           apicc__ws_ep_name(ep), ep->subscribe->id_path);
    apicc__ws_sub *t = realloc(s->subs, (s->nsubs + 1) * sizeof *t);
    if (!t)
        return apicc__fail(c, APICC_ERR_NOMEM, "out of memory");
    s->subs = t;
    apicc__ws_sub *sub = &s->subs[s->nsubs];
    if (!apicc__ws_request_keep(&sub->req, ep, args, nargs, body))
        return apicc__fail(c, APICC_ERR_NOMEM, "out of memory");
    sub->handle = ++s->next_sub;
    sub->id = s->opened_id;
    s->opened_id = NULL;
    s->nsubs++;
    s->last_sub = sub->handle;
    return APICC_OK;
}

apicc_status apicc__ws_after_call(apicc_client *c, struct apicc__ws_state *s,
                                  const apicc_endpoint *ep,
                                  const apicc_arg *args, size_t nargs,
                                  const cJSON *body)
{
    if (ep->session == APICC_SESSION_LOGON ||
        ep->session == APICC_SESSION_LOGOUT)
        apicc__ws_request_free(&s->logon);
    if (ep->session == APICC_SESSION_LOGON && ep->survives_reconnect &&
        !apicc__ws_request_keep(&s->logon, ep, args, nargs, body))
        return apicc__fail(c, APICC_ERR_NOMEM, "out of memory");
    note_unsubscribe(s, ep, args, nargs);
    if (ep->subscribe)
        return add_sub(c, s, ep, args, nargs, body);
    return APICC_OK;
}

void apicc__ws_subs_note_closed(struct apicc__ws_state *s)
{
    for (size_t i = s->nsubs; i-- > 0;) {
        if (!s->subs[i].req.ep->survives_reconnect) {
            apicc__ws_sub_remove(s, i);
            continue;
        }
        cJSON_Delete(s->subs[i].id);
        s->subs[i].id = NULL;
    }
    if (s->logon.ep || s->nsubs)
        s->replay_due = 1;
}

void apicc__ws_subs_forget(struct apicc__ws_state *s)
{
    apicc__ws_request_free(&s->logon);
    while (s->nsubs)
        apicc__ws_sub_remove(s, s->nsubs - 1);
    free(s->subs);
    s->subs = NULL;
    cJSON_Delete(s->opened_id);
    s->opened_id = NULL;
    s->replay_due = 0;
}

