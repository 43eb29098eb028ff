/*
 * The view of a spec's `events:` (WebSocket messages received unasked):
 * per event its C names (the handler type and the function that sets
 * it), the model its payload is read into, and the strings that
 * recognise it.  Read by the templates' events parts; see
 * docs/templates.md.
 */
#include <stdlib.h>

#include "base/cname.h"
#include "base/global_names.h"
#include "view/view_escape.h"
#include "view/view_parts.h"

static void add_event(view_ctx *v, cJSON *arr, const spec_event *e)
{
    cJSON *o = view_push(v, arr);
    char *c = cname_derive(NULL, e->name);
    char *stem = c ? gname_stem(v->prefix, c) : NULL;
    char *on = c ? gname_event_on(v->prefix, c) : NULL;
    char *model = e->resolved ? view_model_ctype(v, e->resolved) : NULL;
    if (!o || !c || !stem || !on || !model) {
        v->failed = 1;
    } else {
        view_comment(v, o, "event_name", e->name);
        view_names(v, o, &gname_event, stem);
        view_str(v, o, "on_fn", on);
        view_str(v, o, "event_model", model);
        view_comment(v, o, "event_model_name", e->resolved->name);
        view_spec_str(v, o, "when_path", e->when_path);
        view_spec_str(v, o, "when_equals", e->when_equals);
        view_spec_str(v, o, "payload_path", e->payload);
        view_lines(v, o, "event_description_lines", e->description);
        view_text(v, o, "event_description", e->description);
        view_event_subscription(v, o, e);
    }
    free(c);
    free(stem);
    free(on);
    free(model);
}

cJSON *view_events(view_ctx *v)
{
    cJSON *arr = cJSON_CreateArray();
    if (!arr) {
        v->failed = 1;
        return NULL;
    }
    for (size_t i = 0; i < v->s->nevents; i++)
        add_event(v, arr, &v->s->events[i]);
    return arr;
}
