/*
 * The view of an endpoint's call started on a multi (apicc/multi.h): the
 * `<p>_<x>_start` prototype and the type of its completion callback,
 * whose last parameter is what the blocking function answers through
 * *out.  HTTP endpoints that are not streams have one.  One that answers
 * bytes or text, or answers by status, also takes `out` as its blocking
 * function does (storage of the caller's, NULL for the call's own), so
 * a download can go to a file or a callback.  Read by the templates'
 * start parts; see docs/templates.md.
 */
#include <stdlib.h>

#include "base/buf.h"
#include "base/global_names.h"
#include "view/view_escape.h"
#include "view/view_parts.h"

/* The answer's parameter of the callback ("" when there is none) and the
 * type the runtime's `void *out` is cast to (NULL: none). */
static char *done_out(view_ctx *v, const spec_endpoint *e, const char *fn,
                      char **cast)
{
    *cast = NULL;
    char *type = NULL;
    if (e->nresponses)
        type = gname_join(fn, "_result", "");
    else if (e->response_media == SPEC_MEDIA_BYTES ||
             e->response_media == SPEC_MEDIA_TEXT)
        type = gname_join("apicc_download", "", "");
    else if (e->response_model)
        type = view_model_ctype(v, e->response_model);
    else
        return gname_join("", "", "");
    if (!type)
        return NULL;
    *cast = type;
    return gname_join(", ", type, " *out");
}

void view_start(view_ctx *v, cJSON *o, const spec_endpoint *e, const char *fn,
                const char *args, const char *body_decl)
{
    if (e->stream || v->s->transport == SPEC_TRANSPORT_WEBSOCKET) {
        view_str(v, o, "start", NULL);
        return;
    }
    cJSON *so = cJSON_CreateObject();
    if (!so || !cJSON_AddItemToObject(o, "start", so)) {
        cJSON_Delete(so);
        v->failed = 1;
        return;
    }
    view_names(v, so, &gname_endpoint_start, fn);
    char *start = gname_join(fn, gname_endpoint_start.v[0].suffix, "");
    char *done = gname_join(fn, gname_endpoint_start.v[1].suffix, "");
    char *cast = NULL;
    char *out = done_out(v, e, fn, &cast);
    /* answers into storage the caller may give: bytes and results */
    int into = cast && (e->nresponses || !e->response_model);
    buf b;
    buf_init(&b);
    if (start && done && out)
        buf_printf(&b,
                   "apicc_status %s(apicc_multi *m, apicc_client *c%s%s,\n"
                   "    %s%s%s done, void *user)",
                   start, args, body_decl, into ? cast : "",
                   into ? " *out, " : "", done);
    char *proto = buf_take(&b);
    buf_init(&b);
    if (done && out)
        buf_printf(&b,
                   "typedef void (*%s)(void *user, apicc_client *c,\n"
                   "    apicc_status st%s)",
                   done, out);
    char *typedef_ = buf_take(&b);
    if (!proto || !typedef_)
        v->failed = 1;
    view_str(v, so, "start_prototype", proto);
    view_str(v, so, "done_typedef", typedef_);
    view_bool(v, so, "done_has_out", cast != NULL);
    view_bool(v, so, "start_into", into);
    view_str(v, so, "done_out_type", cast);
    view_bool(v, so, "done_out_owned",
              cast && !e->nresponses && e->response_model);
    free(proto);
    free(typedef_);
    free(cast);
    free(out);
    free(done);
    free(start);
}
