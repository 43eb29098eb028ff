/*
 * An endpoint's `stream:`: its answer is a stream of server-sent events,
 * each read into `model` when given, until the event whose data is
 * `done`.  See spec_load_internal.h; spec_validate resolves the model
 * and checks the endpoint around it.
 */
#include "load/spec_load_internal.h"

static const char *const stream_keys[] = {"model", "done", NULL};

spec_stream *ld_stream(ld_ctx *l, const ytree_node *n)
{
    if (!ld_want_map(l, n))
        return NULL;
    ld_keys(l, n, "stream", stream_keys, NULL);
    spec_stream *st = ld_calloc(l, 1, sizeof *st);
    if (!st)
        return NULL;
    st->pos = ld_pos(n);
    const ytree_node *v = ytree_get(n, "model");
    if (v) {
        st->model = ld_string(l, v);
        st->model_pos = ld_pos(v);
    }
    if ((v = ytree_get(n, "done")))
        st->done = ld_string(l, v);
    return st;
}
