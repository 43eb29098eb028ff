/*
 * Loading an endpoint's params: where each goes, its type, and how it is
 * written there (style, explode, allow_reserved, content), with the
 * values the spec fixes (const) or documents (default).  Which style a
 * shape can take is checked by spec_validate once `$ref`s are resolved.
 */
#include <stdlib.h>
#include <string.h>

#include "load/spec_load_internal.h"

static const char *const param_keys[] = {
    "name",     "in",      "type",           "$ref",    "items",
    "format",   "required", "description",   "c_name",  "deprecated",
    "style",    "explode", "allow_reserved", "content", "default",
    "const",    NULL};
static const char *const param_required[] = {"name", NULL};

static const int http_in[] = {SPEC_IN_PATH, SPEC_IN_QUERY, SPEC_IN_HEADER,
                              SPEC_IN_COOKIE};
static const int ws_in[] = {SPEC_IN_PARAM};

/* The styles each location can take (OpenAPI 3.1 "Style Values"). */
static const int path_styles[] = {SPEC_STYLE_SIMPLE, SPEC_STYLE_LABEL,
                                  SPEC_STYLE_MATRIX};
static const int query_styles[] = {SPEC_STYLE_FORM,
                                   SPEC_STYLE_SPACE_DELIMITED,
                                   SPEC_STYLE_PIPE_DELIMITED,
                                   SPEC_STYLE_DEEP_OBJECT};
static const int header_styles[] = {SPEC_STYLE_SIMPLE};
static const int cookie_styles[] = {SPEC_STYLE_FORM};

static int is_ws(const ld_ctx *l)
{
    return l->s->transport == SPEC_TRANSPORT_WEBSOCKET;
}

static void ld_param_in(ld_ctx *l, const ytree_node *n, spec_param *p)
{
    const ytree_node *v = ytree_get(n, "in");
    p->in = is_ws(l) ? SPEC_IN_PARAM : SPEC_IN_QUERY;
    if (!v)
        return;
    int in;
    if (is_ws(l)) {
        if (ld_vocab(l, v, "in", &vocab_locations, ws_in, 1,
                     " in a websocket spec", &in))
            p->in = (spec_location)in;
    } else if (ld_vocab(l, v, "in", &vocab_locations, http_in, 4,
                        " in an http spec", &in)) {
        p->in = (spec_location)in;
    }
}

static void ld_style(ld_ctx *l, const ytree_node *v, spec_param *p)
{
    const int *only = query_styles;
    size_t n = 4;
    const char *where = " for a query param";
    switch (p->in) {
    case SPEC_IN_PATH:
        only = path_styles, n = 3, where = " for a path param";
        break;
    case SPEC_IN_HEADER:
        only = header_styles, n = 1, where = " for a header param";
        break;
    case SPEC_IN_COOKIE:
        only = cookie_styles, n = 1, where = " for a cookie param";
        break;
    default:
        break;
    }
    int style;
    p->style_pos = ld_pos(v);
    if (ld_vocab(l, v, "style", &vocab_styles, only, n, where, &style))
        p->style = (spec_style)style;
}

/* A scalar's text for `const:` and `default:`. */
static char *ld_scalar_text(ld_ctx *l, const ytree_node *v, const char *key)
{
    if (v->kind != YTREE_SCALAR || ytree_resolve(v) == YTREE_NULL) {
        ld_error(l, v, "'%s' must be a string, number or boolean", key);
        return NULL;
    }
    return ld_strdup(l, v->text);
}

/* `content:` names the one media type a param's value is written in;
 * JSON is the one the runtime writes. */
static void ld_content(ld_ctx *l, const ytree_node *v, spec_param *p)
{
    char *media = ld_string(l, v);
    if (!media)
        return;
    p->content_pos = ld_pos(v);
    size_t n = strlen(media);
    if (strcmp(media, "application/json") == 0 ||
        (n > 5 && strcmp(media + n - 5, "+json") == 0))
        p->json = 1;
    else
        ld_error(l, v, "a param's content can only be JSON "
                       "(application/json), not '%s'", media);
    free(media);
}

/* `type: any` is for JSON content alone: raw JSON the caller builds. */
static int ld_any_type(ld_ctx *l, const ytree_node *n, spec_param *p)
{
    const ytree_node *ty = ytree_get(n, "type");
    if (!ty || ty->kind != YTREE_SCALAR || strcmp(ty->text, "any") != 0)
        return 0;
    if (!ytree_get(n, "content")) {
        ld_error(l, ty, "a param of type any needs 'content: "
                        "application/json'");
        return 1;
    }
    p->type = ld_calloc(l, 1, sizeof(*p->type));
    if (p->type) {
        p->type->kind = SPEC_KIND_ANY;
        p->type->pos = ld_pos(ty);
    }
    return 1;
}

static void ld_http_keys(ld_ctx *l, const ytree_node *n, spec_param *p)
{
    static const char *const keys[] = {"style", "explode", "allow_reserved",
                                       "content", "const", NULL};
    if (is_ws(l)) {
        for (size_t i = 0; keys[i]; i++)
            if (ytree_get(n, keys[i]))
                ld_error(l, ld_key(n, keys[i]),
                         "'%s' is not allowed in a websocket spec", keys[i]);
        return;
    }
    const ytree_node *v;
    if ((v = ytree_get(n, "style")))
        ld_style(l, v, p);
    if ((v = ytree_get(n, "explode")))
        ld_bool(l, v, &p->explode);
    if ((v = ytree_get(n, "allow_reserved"))) {
        ld_bool(l, v, &p->allow_reserved);
        if (p->in != SPEC_IN_QUERY)
            ld_error(l, ld_key(n, "allow_reserved"),
                     "'allow_reserved' only applies to query params");
    }
    if ((v = ytree_get(n, "content")))
        ld_content(l, v, p);
    if ((v = ytree_get(n, "const")))
        p->const_value = ld_scalar_text(l, v, "const");
}

void ld_param(ld_ctx *l, const ytree_node *n, spec_param *p)
{
    p->pos = ld_pos(n);
    p->explode = -1;
    if (!ld_want_map(l, n))
        return;
    ld_keys(l, n, "param", param_keys, param_required);
    const ytree_node *v = ytree_get(n, "name");
    if (v) {
        p->name = ld_string(l, v);
        p->pos = ld_pos(v);
    }
    ld_param_in(l, n, p);
    if (!ld_any_type(l, n, p))
        p->type = ld_type(l, n, LD_TYPE_PARAM, "param", NULL, NULL);
    v = ytree_get(n, "required");
    if (v && ld_bool(l, v, &p->required) && !p->required &&
        p->in == SPEC_IN_PATH)
        ld_error(l, v, "path params are always required");
    if (p->in == SPEC_IN_PATH)
        p->required = 1;
    ld_opt_string(l, n, "description", &p->description);
    ld_opt_string(l, n, "c_name", &p->c_name);
    ld_opt_bool(l, n, "deprecated", &p->deprecated);
    if ((v = ytree_get(n, "default")))
        p->default_value = ld_scalar_text(l, v, "default");
    ld_http_keys(l, n, p);
}
