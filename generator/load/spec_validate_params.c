/*
 * Checks of params and servers once references are resolved: which
 * shapes a param's style can write, what a constant or JSON param may
 * be, the server an endpoint names, and a server URL's variables.
 */
#include <stdlib.h>
#include <string.h>

#include "base/placeholders.h"
#include "load/spec_validate_params.h"

static int is_scalar(const spec_type *t)
{
    if (t->kind == SPEC_KIND_REF)
        return t->model && t->model->kind == SPEC_MODEL_ENUM;
    return t->kind == SPEC_KIND_STRING || t->kind == SPEC_KIND_INTEGER ||
           t->kind == SPEC_KIND_NUMBER || t->kind == SPEC_KIND_BOOLEAN;
}

static int is_object(const spec_type *t)
{
    return t->kind == SPEC_KIND_REF && t->model &&
           t->model->kind == SPEC_MODEL_OBJECT;
}

static const char *style_word(spec_style s)
{
    const vocab_word *w = vocab_of(&vocab_styles, (int)s);
    return w ? w->word : "";
}

/* An object param is written member by member, so each member must be a
 * value a style can write (JSON content writes anything). */
static void check_object(vd_ctx *v, const spec_param *p)
{
    const spec_model *m = p->type->model;
    if (m->is_list) {
        vd_error(v, p->type->pos, "'%s' is an inline array response; a "
                                  "param needs an enum or object model",
                 m->name);
        return;
    }
    if (p->json)
        return;
    for (size_t i = 0; i < m->nprops; i++)
        if (m->props[i].type && !is_scalar(m->props[i].type)) {
            vd_error(v, p->type->pos, "'%s' has member '%s' that is not a "
                                      "string, number, boolean or enum; "
                                      "an object param without JSON "
                                      "content can only have such members",
                     m->name, m->props[i].json_name);
            return;
        }
}

static void check_const(vd_ctx *v, const spec_param *p)
{
    const spec_type *t = p->type;
    if (!is_scalar(t)) {
        vd_error(v, p->pos, "a const param must be a string, number, "
                            "boolean or enum");
        return;
    }
    if (t->kind != SPEC_KIND_REF)
        return;
    for (size_t i = 0; i < t->model->nvalues; i++)
        if (strcmp(t->model->values[i].value, p->const_value) == 0)
            return;
    vd_error(v, p->pos, "const '%s' is not a value of enum '%s'",
             p->const_value, t->model->name);
}

static void check_param(vd_ctx *v, const spec_param *p, int ws)
{
    const spec_type *t = p->type;
    if (!t || (t->kind == SPEC_KIND_REF && !t->model))
        return; /* reported already */
    if (is_object(t) && ws) {
        vd_error(v, t->pos, "'%s' is an object model; a param can only "
                            "refer to an enum model", t->ref);
        return;
    }
    if (is_object(t))
        check_object(v, p);
    if (p->json && t->kind != SPEC_KIND_ANY && !is_object(t))
        vd_error(v, p->content_pos, "a JSON param must be an object model "
                                    "or type any");
    if (p->json && p->style != SPEC_STYLE_NONE)
        vd_error(v, p->style_pos, "a JSON param has no style");
    if (p->const_value)
        check_const(v, p);
    int shaped = t->kind == SPEC_KIND_ARRAY || is_object(t);
    switch (p->style) {
    case SPEC_STYLE_DEEP_OBJECT:
        if (!is_object(t))
            vd_error(v, p->style_pos, "style deepObject needs an object "
                                      "param");
        break;
    case SPEC_STYLE_SPACE_DELIMITED:
    case SPEC_STYLE_PIPE_DELIMITED:
        if (!shaped)
            vd_error(v, p->style_pos, "style %s needs an array or object "
                                      "param", style_word(p->style));
        break;
    default:
        break;
    }
}

static spec_server *find_server(const spec *s, const char *name)
{
    for (size_t i = 0; i < s->nservers; i++)
        if (s->servers[i].name && strcmp(s->servers[i].name, name) == 0)
            return &s->servers[i];
    return NULL;
}

void vd_params(vd_ctx *v, spec_endpoint *e)
{
    int ws = v->s->transport == SPEC_TRANSPORT_WEBSOCKET;
    for (size_t i = 0; i < e->nparams; i++)
        check_param(v, &e->params[i], ws);
    if (!e->server)
        return;
    e->server_resolved = find_server(v->s, e->server);
    if (!e->server_resolved)
        vd_error(v, e->server_pos, "undefined server '%s'", e->server);
}

static const spec_server_var *find_var(const spec_server *sv,
                                       const char *name, size_t len)
{
    for (size_t i = 0; i < sv->nvars; i++)
        if (sv->vars[i].name && strlen(sv->vars[i].name) == len &&
            memcmp(sv->vars[i].name, name, len) == 0)
            return &sv->vars[i];
    return NULL;
}

/* Every "{name}" of the URL has a variable, every variable a "{name}",
 * and a default is one of the listed values. */
static void check_vars(vd_ctx *v, const spec_server *sv)
{
    const char *at = sv->url;
    placeholder ph;
    int r;
    while ((r = placeholder_next(&at, &ph)) == 1)
        if (!find_var(sv, ph.name, ph.len))
            vd_error(v, sv->url_pos, "server URL variable '{%.*s}' has no "
                                     "entry under 'variables'",
                     (int)ph.len, ph.name);
    if (r < 0)
        vd_error(v, sv->url_pos, "unclosed '{' in server URL '%s'", sv->url);
    for (size_t i = 0; i < sv->nvars; i++) {
        const spec_server_var *var = &sv->vars[i];
        if (!var->name)
            continue;
        char *ph_text = malloc(strlen(var->name) + 3);
        if (!ph_text) {
            v->oom = 1;
            return;
        }
        strcpy(ph_text, "{");
        strcat(ph_text, var->name);
        strcat(ph_text, "}");
        if (!strstr(sv->url, ph_text))
            vd_error(v, var->pos, "server variable '%s' is not in the URL",
                     var->name);
        free(ph_text);
        if (!var->default_value || !var->values)
            continue;
        int listed = 0;
        for (size_t k = 0; k < var->nvalues; k++)
            listed |= var->values[k] &&
                      strcmp(var->values[k], var->default_value) == 0;
        if (!listed)
            vd_error(v, var->default_pos, "default '%s' is not one of the "
                                          "variable's enum values",
                     var->default_value);
    }
}

void vd_servers(vd_ctx *v)
{
    for (size_t i = 0; i < v->s->nservers; i++)
        if (v->s->servers[i].url)
            check_vars(v, &v->s->servers[i]);
}
