/*
 * The view of an endpoint's bodies and answers by media type: the
 * runtime's apicc_media constants, the Content-Type and Accept sent, the
 * form/multipart encoding table, and for per-status answers the result
 * struct (`long status`, then a member per documented answer) and its
 * descriptor table.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "view/view_escape.h"
#include "view/view_parts.h"

static const char *media_const(spec_media m)
{
    switch (m) {
    case SPEC_MEDIA_FORM:
        return "APICC_MEDIA_FORM";
    case SPEC_MEDIA_MULTIPART:
        return "APICC_MEDIA_MULTIPART";
    case SPEC_MEDIA_BYTES:
        return "APICC_MEDIA_BYTES";
    case SPEC_MEDIA_TEXT:
        return "APICC_MEDIA_TEXT";
    case SPEC_MEDIA_JSON:
        break;
    }
    return "APICC_MEDIA_JSON";
}

static int is_bytes(spec_media m)
{
    return m == SPEC_MEDIA_BYTES || m == SPEC_MEDIA_TEXT;
}

static const char *const style_consts[] = {
    "APICC_STYLE_FORM", "APICC_STYLE_DEEP_OBJECT",
    "APICC_STYLE_SPACE_DELIMITED", "APICC_STYLE_PIPE_DELIMITED"};

/* The Content-Type a body goes out with. */
static const char *body_type(const spec_endpoint *e)
{
    if (e->body_type)
        return e->body_type;
    switch (e->body_media) {
    case SPEC_MEDIA_FORM:
        return "application/x-www-form-urlencoded";
    case SPEC_MEDIA_MULTIPART:
        return "multipart/form-data";
    case SPEC_MEDIA_BYTES:
        return "application/octet-stream";
    case SPEC_MEDIA_TEXT:
        return "text/plain";
    case SPEC_MEDIA_JSON:
        break;
    }
    return "application/json";
}

/* Adds `type` to the Accept list unless it is there. */
static void accept_add(buf *b, const char *type)
{
    const char *p = b->data ? b->data : "";
    size_t n = strlen(type);
    while (*p) {
        if (strncmp(p, type, n) == 0 && (p[n] == ',' || p[n] == '\0'))
            return;
        p += strcspn(p, ",");
        p += *p == ',' ? 2 : 0;
    }
    buf_printf(b, "%s%s", b->len ? ", " : "", type);
}

/* The media types the endpoint reads, in the spec's order. */
static char *accept_of(const spec_endpoint *e)
{
    buf b;
    buf_init(&b);
    if (e->nresponses) {
        for (size_t i = 0; i < e->nresponses; i++) {
            const spec_response *r = &e->responses[i];
            if (r->media_type)
                accept_add(&b, r->media_type);
            else if (r->model)
                accept_add(&b, "application/json");
        }
    } else if (e->response_type) {
        accept_add(&b, e->response_type);
    } else if (e->response) {
        accept_add(&b, "application/json");
    }
    return buf_take(&b);
}

/* "201" -> "status_201", "4XX" -> "status_4xx", "default" -> "status_default". */
static char *member_of(const char *key)
{
    buf b;
    buf_init(&b);
    buf_puts(&b, "status_");
    for (const char *p = key; *p; p++)
        buf_printf(&b, "%c", (char)tolower((unsigned char)*p));
    return buf_take(&b);
}

static void add_encoding(view_ctx *v, cJSON *o, const spec_endpoint *e)
{
    cJSON *arr = view_array(v, o, "encoding");
    for (size_t i = 0; arr && i < e->nencoding; i++) {
        const spec_body_encoding *enc = &e->encoding[i];
        cJSON *x = view_push(v, arr);
        if (!x)
            return;
        view_spec_str(v, x, "enc_name", enc->name);
        view_str(v, x, "enc_style",
                 enc->style > 0 && enc->style < 4 ? style_consts[enc->style]
                                                  : NULL);
        view_bool(v, x, "enc_no_explode", enc->no_explode);
        view_spec_str(v, x, "enc_content_type", enc->content_type);
    }
    view_bool(v, o, "has_encoding", e->nencoding > 0);
    view_num(v, o, "nencoding", (double)e->nencoding);
}

static void add_responses(view_ctx *v, cJSON *o, const spec_endpoint *e,
                          const char *fn)
{
    view_bool(v, o, "has_responses", e->nresponses > 0);
    view_num(v, o, "nresponses", (double)e->nresponses);
    if (e->nresponses) {
        view_fmt(v, o, "result_type", "%s_result", fn);
        view_fmt(v, o, "result_free_fn", "%s_result_free", fn);
    } else {
        view_str(v, o, "result_type", NULL);
        view_str(v, o, "result_free_fn", NULL);
    }
    cJSON *arr = view_array(v, o, "responses");
    for (size_t i = 0; arr && i < e->nresponses; i++) {
        const spec_response *r = &e->responses[i];
        cJSON *x = view_push(v, arr);
        char *member = member_of(r->key ? r->key : "");
        if (!x || !member) {
            free(member);
            v->failed = 1;
            return;
        }
        view_num(v, x, "status_code", r->status);
        view_spec_str(v, x, "status_key", r->key);
        view_str(v, x, "resp_media", media_const(r->media));
        view_bool(v, x, "resp_is_download", is_bytes(r->media));
        view_spec_str(v, x, "resp_type", r->media_type);
        if (is_bytes(r->media)) {
            view_str(v, x, "member", member);
            view_fmt(v, x, "member_decl", "apicc_download %s", member);
            view_str(v, x, "resp_desc", NULL);
            view_str(v, x, "resp_model_name", NULL);
            view_str(v, x, "resp_model_comment", NULL);
            view_str(v, x, "resp_c_type", NULL);
        } else if (r->resolved) {
            char *ct = view_model_ctype(v, r->resolved);
            view_str(v, x, "member", member);
            view_fmt(v, x, "member_decl", "%s *%s", ct ? ct : "", member);
            view_fmt(v, x, "resp_desc", "&%s_desc_", ct ? ct : "");
            view_str(v, x, "resp_model_name", r->resolved->name);
            view_comment(v, x, "resp_model_comment", r->resolved->name);
            view_str(v, x, "resp_c_type", ct);
            free(ct);
        } else {
            view_str(v, x, "member", NULL);
            view_str(v, x, "member_decl", NULL);
            view_str(v, x, "resp_desc", NULL);
            view_str(v, x, "resp_model_name", NULL);
            view_str(v, x, "resp_model_comment", NULL);
            view_str(v, x, "resp_c_type", NULL);
        }
        free(member);
    }
    if (arr)
        view_mark_ends(v, arr);
}

void view_endpoint_bodies(view_ctx *v, cJSON *o, const spec_endpoint *e,
                          const char *fn)
{
    int has_body = e->body_model || is_bytes(e->body_media);
    view_bool(v, o, "has_body", has_body);
    view_bool(v, o, "body_is_file", is_bytes(e->body_media));
    view_str(v, o, "body_media", e->body_media != SPEC_MEDIA_JSON
                                     ? media_const(e->body_media)
                                     : NULL);
    view_spec_str(v, o, "body_type", e->body_type);
    view_spec_str(v, o, "content_type_doc", has_body ? body_type(e) : NULL);
    add_encoding(v, o, e);
    view_bool(v, o, "response_is_download", is_bytes(e->response_media));
    view_str(v, o, "response_media", is_bytes(e->response_media)
                                         ? media_const(e->response_media)
                                         : NULL);
    add_responses(v, o, e, fn);
    view_bool(v, o, "uses_into",
              e->nresponses > 0 || is_bytes(e->response_media));
    /* WebSocket answers come in frames: no Accept to send */
    char *accept = v->s->transport == SPEC_TRANSPORT_HTTP ? accept_of(e)
                                                           : NULL;
    view_spec_str(v, o, "accept", accept && *accept ? accept : NULL);
    free(accept);
}
