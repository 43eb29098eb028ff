/*
 * The view of an endpoint's `stream:`: the C type of its event callback,
 * the model each event is read into, and the data that ends the stream.
 * Read by the templates' stream parts; see docs/templates.md.
 */
#include <stdlib.h>

#include "base/global_names.h"
#include "view/view_escape.h"
#include "view/view_parts.h"

char *view_stream_fn_type(const char *fn)
{
    return gname_join(fn, gname_endpoint_stream.v[0].suffix, "");
}

void view_stream(view_ctx *v, cJSON *o, const spec_endpoint *e,
                 const char *fn)
{
    const spec_stream *st = e->stream;
    if (!st) {
        view_str(v, o, "stream", NULL);
        return;
    }
    cJSON *so = cJSON_CreateObject();
    if (!so || !cJSON_AddItemToObject(o, "stream", so)) {
        cJSON_Delete(so);
        v->failed = 1;
        return;
    }
    view_names(v, so, &gname_endpoint_stream, fn);
    view_spec_str(v, so, "stream_done", st->done);
    char *model = st->resolved ? view_model_ctype(v, st->resolved) : NULL;
    if (st->resolved && !model)
        v->failed = 1;
    view_bool(v, so, "stream_model", model != NULL);
    view_str(v, so, "stream_c_type", model);
    if (model)
        view_fmt(v, so, "stream_model_desc", "&%s_desc_", model);
    else
        view_str(v, so, "stream_model_desc", NULL);
    view_comment(v, so, "stream_model_name",
                 st->resolved ? st->resolved->name : NULL);
    free(model);
}
