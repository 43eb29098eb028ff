/*
 * The cross-checks of WebSocket subscriptions (an endpoint's
 * `subscribe:`) and of `survives_reconnect:`: the paths are dotted
 * paths, the unsubscribe endpoint exists and takes the id param, each
 * listed event exists and belongs to one subscription only, and only a
 * logon or a subscribe can be sent again after a reconnect.
 */
#include <string.h>

#include "load/spec_validate_ctx.h"

static spec_endpoint *find_endpoint(const spec *s, const char *name)
{
    for (size_t i = 0; name && i < s->nendpoints; i++)
        if (strcmp(s->endpoints[i].name, name) == 0)
            return &s->endpoints[i];
    return NULL;
}

static spec_event *find_event(const spec *s, const char *name)
{
    for (size_t i = 0; name && i < s->nevents; i++)
        if (s->events[i].name && strcmp(s->events[i].name, name) == 0)
            return &s->events[i];
    return NULL;
}

static int has_param(const spec_endpoint *e, const char *name)
{
    for (size_t i = 0; name && i < e->nparams; i++)
        if (e->params[i].name && strcmp(e->params[i].name, name) == 0)
            return 1;
    return 0;
}

static void check_unsubscribe(vd_ctx *v, spec_endpoint *e,
                              spec_subscribe *sb)
{
    spec_endpoint *u = find_endpoint(v->s, sb->unsubscribe);
    if (!u) {
        if (sb->unsubscribe)
            vd_error(v, sb->unsubscribe_pos,
                     "subscribe.unsubscribe '%s' is not an endpoint",
                     sb->unsubscribe);
        return;
    }
    if (u == e) {
        vd_error(v, sb->unsubscribe_pos,
                 "subscribe.unsubscribe names the subscribing endpoint "
                 "'%s' itself", e->name);
        return;
    }
    if (u->subscribe) {
        vd_error(v, sb->unsubscribe_pos,
                 "subscribe.unsubscribe '%s' opens a subscription itself",
                 u->name);
        return;
    }
    sb->unsubscribe_resolved = u;
    if (sb->param && !has_param(u, sb->param))
        vd_error(v, sb->param_pos,
                 "subscribe.param '%s' is not a param of '%s'", sb->param,
                 u->name);
}

static void check_subscribe(vd_ctx *v, spec_endpoint *e)
{
    spec_subscribe *sb = e->subscribe;
    if (sb->id && !vd_dotted_path_ok(sb->id))
        vd_error(v, sb->id_pos,
                 "subscribe.id '%s' is not a dotted path of member names",
                 sb->id);
    if (sb->event_id && !vd_dotted_path_ok(sb->event_id))
        vd_error(v, sb->event_id_pos,
                 "subscribe.event_id '%s' is not a dotted path of member "
                 "names", sb->event_id);
    if (sb->nevents && !sb->event_id)
        vd_error(v, sb->pos,
                 "subscribe.events needs subscribe.event_id: where an "
                 "event carries its subscription's id");
    if (e->nresponses)
        vd_error(v, sb->pos,
                 "a subscribe answers with one model (response:), not "
                 "responses: by status");
    check_unsubscribe(v, e, sb);
    for (size_t i = 0; i < sb->nevents; i++) {
        spec_event *ev = find_event(v->s, sb->events[i]);
        if (!ev)
            vd_error(v, sb->events_pos[i],
                     "subscribe.events: '%s' is not an event",
                     sb->events[i]);
        else if (ev->subscription && ev->subscription != e)
            vd_error(v, sb->events_pos[i],
                     "event '%s' already belongs to the subscription of "
                     "'%s'", sb->events[i], ev->subscription->name);
        else
            ev->subscription = e;
    }
}

void vd_subscriptions(vd_ctx *v)
{
    spec *s = v->s;
    for (size_t i = 0; i < s->nendpoints; i++) {
        spec_endpoint *e = &s->endpoints[i];
        if (e->subscribe)
            check_subscribe(v, e);
        if (e->survives_reconnect && !e->subscribe &&
            e->session != SPEC_SESSION_LOGON)
            vd_error(v, e->survives_reconnect_pos,
                     "survives_reconnect is for a 'session: logon' or "
                     "'subscribe' endpoint; '%s' is neither", e->name);
    }
}
