/*
 * The view of how params are written: each param's style (resolved to
 * its location's default when the spec says none), and the constants an
 * endpoint always sends (its `const:` params and the provider's
 * `headers:`), which have no member in the params struct.
 */
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>

#include "view/view_escape.h"
#include "view/view_parts.h"

/* The style a param is written in: the spec's, or its location's usual
 * one (path and header: simple; query and cookie: form). */
static spec_style resolved_style(const spec_param *p)
{
    if (p->style != SPEC_STYLE_NONE)
        return p->style;
    return p->in == SPEC_IN_PATH || p->in == SPEC_IN_HEADER
               ? SPEC_STYLE_SIMPLE
               : SPEC_STYLE_FORM;
}

void view_param_style(view_ctx *v, cJSON *o, const spec_param *p)
{
    int http = p->in != SPEC_IN_PARAM;
    spec_style style = resolved_style(p);
    /* OpenAPI: explode defaults to true for form, false otherwise */
    int explode = p->explode >= 0 ? p->explode : style == SPEC_STYLE_FORM;
    const vocab_word *w = vocab_of(&vocab_styles, (int)style);
    view_str(v, o, "style", http && !p->json && w ? w->constant : NULL);
    view_bool(v, o, "explode", http && !p->json && explode);
    view_bool(v, o, "allow_reserved", p->allow_reserved);
    view_bool(v, o, "json", p->json);
    /* Said where it matters: a value with several items, a style of its
     * own, reserved characters kept. */
    const spec_type *t = p->type;
    int shaped = t && (t->kind == SPEC_KIND_ARRAY ||
                       (t->kind == SPEC_KIND_REF && t->model &&
                        t->model->kind == SPEC_MODEL_OBJECT));
    const char *kept = p->allow_reserved ? ", reserved characters kept" : "";
    if (p->json)
        view_str(v, o, "style_doc", "JSON");
    else if (http && w && (shaped || p->style != SPEC_STYLE_NONE))
        view_fmt(v, o, "style_doc", "%s%s%s", w->word,
                 shaped && explode ? ", exploded" : "", kept);
    else if (http && p->allow_reserved)
        view_str(v, o, "style_doc", "reserved characters kept");
    else
        view_str(v, o, "style_doc", NULL);
    view_spec_str(v, o, "default_value", p->default_value);
}

/* Whether the endpoint has a param (constant or not) named `name` in a
 * header: a provider header of that name gives way to it. */
static int has_header(const spec_endpoint *e, const char *name)
{
    for (size_t i = 0; i < e->nparams; i++)
        if (e->params[i].in == SPEC_IN_HEADER && e->params[i].name &&
            strcasecmp(e->params[i].name, name) == 0)
            return 1;
    return 0;
}

static void add_constant(view_ctx *v, cJSON *arr, const char *name,
                         spec_location in, const char *value,
                         const char *description)
{
    cJSON *o = view_push(v, arr);
    if (!o)
        return;
    view_spec_str(v, o, "param_name", name);
    view_str(v, o, "in", view_location_const(in));
    view_str(v, o, "in_doc", view_location_word(in));
    view_spec_str(v, o, "const_value", value);
    view_one_line(v, o, "param_summary", description);
}

size_t view_constants(view_ctx *v, cJSON *o, const spec_endpoint *e)
{
    cJSON *arr = view_array(v, o, "constants");
    if (!arr)
        return 0;
    for (size_t i = 0; i < e->nparams; i++) {
        const spec_param *p = &e->params[i];
        if (p->const_value)
            add_constant(v, arr, p->name, p->in, p->const_value,
                         p->description);
    }
    if (e->path) /* HTTP */
        for (size_t i = 0; i < v->s->nheaders; i++)
            if (!has_header(e, v->s->headers[i].name))
                add_constant(v, arr, v->s->headers[i].name, SPEC_IN_HEADER,
                             v->s->headers[i].value, NULL);
    view_mark_ends(v, arr);
    size_t n = (size_t)cJSON_GetArraySize(arr);
    view_bool(v, o, "has_constants", n > 0);
    return n;
}
