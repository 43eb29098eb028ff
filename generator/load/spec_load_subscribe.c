/*
 * An endpoint's `subscribe:` (WebSocket only): its success opens a
 * subscription, named by the id at `id` in the answer's result; the
 * listed events carry it at `event_id`; the `unsubscribe` endpoint,
 * called with it in `param`, closes it.  See spec_load_internal.h; the
 * cross-checks (the events and the endpoint exist, the param is the
 * unsubscribe endpoint's) are spec_validate_subscribe.c's.
 */
#include "load/spec_load_internal.h"

static const char *const subscribe_keys[] = {
    "id", "event_id", "events", "unsubscribe", "param", NULL};
static const char *const subscribe_required[] = {"id", "unsubscribe",
                                                 "param", NULL};

/* A string member with the position of its value. */
static void ld_at(ld_ctx *l, const ytree_node *map, const char *key,
                  char **out, spec_pos *pos)
{
    const ytree_node *v = ytree_get(map, key);
    if (!v)
        return;
    *out = ld_string(l, v);
    *pos = ld_pos(v);
}

spec_subscribe *ld_subscribe(ld_ctx *l, const ytree_node *n)
{
    if (!ld_want_map(l, n))
        return NULL;
    ld_keys(l, n, "subscribe", subscribe_keys, subscribe_required);
    spec_subscribe *sb = ld_calloc(l, 1, sizeof *sb);
    if (!sb)
        return NULL;
    sb->pos = ld_pos(n);
    ld_at(l, n, "id", &sb->id, &sb->id_pos);
    ld_at(l, n, "event_id", &sb->event_id, &sb->event_id_pos);
    ld_at(l, n, "unsubscribe", &sb->unsubscribe, &sb->unsubscribe_pos);
    ld_at(l, n, "param", &sb->param, &sb->param_pos);
    const ytree_node *v = ytree_get(n, "events");
    if (v)
        ld_string_list(l, v, &sb->events, &sb->events_pos, &sb->nevents);
    return sb;
}
