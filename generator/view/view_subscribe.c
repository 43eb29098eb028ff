/*
 * The view of an endpoint's `subscribe:` and `survives_reconnect:`
 * (WebSocket): the subscription descriptor's name and paths, the
 * unsubscribe endpoint's operation and param, and, per event of a
 * subscription, the descriptor it belongs to.  Read by the templates'
 * subscription parts; see docs/templates.md.
 */
#include <stdlib.h>

#include "base/buf.h"
#include "view/view_escape.h"
#include "view/view_parts.h"

/* The subscription descriptor of the endpoint named `name` (its
 * operation's variable with "subscription_" after it), malloc'd. */
static char *subscription_var(view_ctx *v, const char *name)
{
    char *fn = view_global(v, NULL, name);
    if (!fn)
        return NULL;
    buf b;
    buf_init(&b);
    buf_printf(&b, "%s_op_subscription_", fn);
    free(fn);
    return buf_take(&b);
}

void view_subscribe(view_ctx *v, cJSON *o, const spec_endpoint *e)
{
    view_bool(v, o, "survives_reconnect", e->survives_reconnect);
    const spec_subscribe *sb = e->subscribe;
    if (!sb || !sb->unsubscribe_resolved) {
        view_str(v, o, "subscribe", NULL);
        return;
    }
    cJSON *so = cJSON_CreateObject();
    if (!so || !cJSON_AddItemToObject(o, "subscribe", so)) {
        cJSON_Delete(so);
        v->failed = 1;
        return;
    }
    char *var = subscription_var(v, e->name);
    char *ufn = view_global(v, NULL, sb->unsubscribe_resolved->name);
    if (!var || !ufn) {
        v->failed = 1;
    } else {
        view_str(v, so, "subscription_var", var);
        view_fmt(v, so, "unsubscribe_op_var", "%s_op_", ufn);
        view_str(v, so, "unsubscribe_fn", ufn);
    }
    view_spec_str(v, so, "subscription_id_path", sb->id);
    view_spec_str(v, so, "subscription_event_id_path", sb->event_id);
    view_spec_str(v, so, "unsubscribe_param", sb->param);
    free(var);
    free(ufn);
}

void view_event_subscription(view_ctx *v, cJSON *o, const spec_event *ev)
{
    if (!ev->subscription || !ev->subscription->subscribe ||
        !ev->subscription->subscribe->unsubscribe_resolved) {
        view_str(v, o, "event_subscription", NULL);
        return;
    }
    char *var = subscription_var(v, ev->subscription->name);
    if (!var)
        v->failed = 1;
    view_str(v, o, "event_subscription", var);
    free(var);
}
