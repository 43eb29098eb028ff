/*
 * Typed WebSocket events (apicc_client_ws_on): a table of handlers, each
 * with the generated descriptor that recognises its frames and the model
 * its payload is read into.  A frame is offered to them before the raw
 * handler or the queue, and goes there when none takes it, so a spec
 * that declares some events loses none of the others.
 *
 * Layer: the WebSocket transport; reads frames with the bottom's JSON
 * paths and model tables.
 */
#include <stdlib.h>
#include <string.h>

#include "apicc/model.h"
#include "ws_internal.h"

apicc_status apicc__ws_typed_set(struct apicc__ws_state *s,
                                 const apicc_event_desc *desc,
                                 void (*handler)(void), void *user)
{
    for (size_t i = 0; i < s->ntyped; i++) {
        if (s->typed[i].desc != desc)
            continue;
        if (handler) {
            s->typed[i].handler = handler;
            s->typed[i].user = user;
        } else {
            memmove(&s->typed[i], &s->typed[i + 1],
                    (s->ntyped - i - 1) * sizeof *s->typed);
            s->ntyped--;
        }
        return APICC_OK;
    }
    if (!handler)
        return APICC_OK;
    apicc__ws_typed *t = realloc(s->typed, (s->ntyped + 1) * sizeof *t);
    if (!t)
        return APICC_ERR_NOMEM;
    s->typed = t;
    s->typed[s->ntyped++] = (apicc__ws_typed){desc, handler, user};
    return APICC_OK;
}

/* Whether the frame is this descriptor's event. */
static int recognises(const struct apicc__ws_state *s,
                      const apicc_event_desc *d, const cJSON *ev)
{
    const cJSON *v = apicc__json_at(ev, d->when_path);
    if (!cJSON_IsString(v) || !v->valuestring ||
        strcmp(v->valuestring, d->when_equals) != 0)
        return 0;
    /* An event of a subscription is typed only while that subscription
     * is open (ws_subscriptions.c): after an unsubscribe, a late one is
     * a raw event. */
    if (!d->subscription || !d->subscription->event_id_path)
        return 1;
    const cJSON *id = apicc__json_at(ev, d->subscription->event_id_path);
    return id && apicc__ws_subs_open_with(s, d->subscription, id);
}

int apicc__ws_typed_offer(struct apicc__ws_state *s, const cJSON *ev)
{
    for (size_t i = 0; i < s->ntyped; i++) {
        const apicc__ws_typed *t = &s->typed[i];
        if (!recognises(s, t->desc, ev))
            continue;
        const cJSON *payload =
            t->desc->payload_path ? apicc__json_at(ev, t->desc->payload_path)
                                  : ev;
        void *value = NULL;
        apicc_json_error err;
        if (!payload || apicc_model_from_json(t->desc->model, payload,
                                              &value, &err) != APICC_OK) {
            s->s.dropped_typed++;
            return 0;
        }
        t->desc->deliver(t->handler, t->user, value);
        apicc_model_free(t->desc->model, value);
        return 1;
    }
    return 0;
}

void apicc__ws_typed_clear(struct apicc__ws_state *s)
{
    free(s->typed);
    s->typed = NULL;
    s->ntyped = 0;
}
