/*
 * The `events:` list: messages a WebSocket connection receives unasked,
 * each recognised by one string member and read into a model.  See
 * spec_load_internal.h; the cross-checks (the model exists, the names are
 * unique, the provider speaks WebSocket) are spec_validate_events.c's.
 */
#include "load/spec_load_internal.h"

static const char *const event_keys[] = {"name",    "description", "model",
                                         "payload", "when",        NULL};
static const char *const event_required[] = {"name", "model", "when", NULL};
static const char *const when_keys[] = {"path", "equals", NULL};

static void ld_event(ld_ctx *l, const ytree_node *n, spec_event *e)
{
    if (!ld_want_map(l, n))
        return;
    ld_keys(l, n, "event", event_keys, event_required);
    const ytree_node *v;
    if ((v = ytree_get(n, "name"))) {
        e->name = ld_string(l, v);
        e->pos = ld_pos(v);
    } else {
        e->pos = ld_pos(n);
    }
    ld_opt_string(l, n, "description", &e->description);
    if ((v = ytree_get(n, "model"))) {
        e->model = ld_string(l, v);
        e->model_pos = ld_pos(v);
    }
    if ((v = ytree_get(n, "payload"))) {
        e->payload = ld_string(l, v);
        e->payload_pos = ld_pos(v);
    }
    if ((v = ytree_get(n, "when")) && ld_want_map(l, v)) {
        ld_keys(l, v, "when", when_keys, when_keys);
        e->when_pos = ld_pos(v);
        ld_opt_string(l, v, "path", &e->when_path);
        ld_opt_string(l, v, "equals", &e->when_equals);
    }
}

void ld_events(ld_ctx *l, const ytree_node *n)
{
    if (!ld_want_seq(l, n) || n->nitems == 0)
        return;
    spec *s = l->s;
    s->events = ld_calloc(l, n->nitems, sizeof *s->events);
    if (!s->events)
        return;
    s->nevents = n->nitems;
    for (size_t i = 0; i < n->nitems; i++)
        ld_event(l, n->items[i], &s->events[i]);
}
