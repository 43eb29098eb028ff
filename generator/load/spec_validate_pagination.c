/*
 * An endpoint's `pagination:`, checked against the endpoint it pages:
 * the keys its style needs and no others, a response whose items are an
 * array of objects, and a param of the right type for the pager to set.
 * See spec_validate_ctx.h.
 */
#include <string.h>

#include "load/spec_validate_ctx.h"

static const char *style_word(spec_page_style s)
{
    const vocab_word *w = vocab_of(&vocab_page_styles, (int)s);
    return w ? w->word : "?";
}

/* The response's array of items: the list model's own array, or the
 * member `items` names.  Reports what is wrong and returns NULL. */
static const spec_property *items_of(vd_ctx *v, const spec_endpoint *e,
                                     const spec_pagination *p)
{
    const spec_model *m = e->response_model;
    if (e->nresponses) {
        vd_error(v, p->pos, "pagination needs one 'response:', not "
                            "'responses:' per status");
        return NULL;
    }
    if (!m) {
        vd_error(v, p->pos, "pagination needs a response: the page that "
                            "holds the items");
        return NULL;
    }
    if (m->is_list) {
        if (p->items)
            vd_error(v, p->items_pos, "the response is an array: leave out "
                                      "'items'");
        return m->nprops ? &m->props[0] : NULL;
    }
    if (!p->items) {
        vd_error(v, p->pos, "pagination needs 'items': the member of %s "
                            "that holds a page's items", m->name);
        return NULL;
    }
    for (size_t i = 0; i < m->nprops; i++)
        if (m->props[i].json_name && strcmp(m->props[i].json_name,
                                            p->items) == 0)
            return &m->props[i];
    vd_error(v, p->items_pos, "%s has no member '%s'", m->name, p->items);
    return NULL;
}

static const spec_param *param_named(const spec_endpoint *e,
                                     const char *name)
{
    for (size_t i = 0; i < e->nparams; i++)
        if (e->params[i].name && strcmp(e->params[i].name, name) == 0)
            return &e->params[i];
    return NULL;
}

/* The property at the dotted path from model m, or NULL when a member
 * on the way is missing or not an object. */
static const spec_property *member_at(const spec_model *m, const char *path)
{
    while (m && m->kind == SPEC_MODEL_OBJECT) {
        const char *dot = strchr(path, '.');
        size_t n = dot ? (size_t)(dot - path) : strlen(path);
        const spec_property *found = NULL;
        for (size_t i = 0; i < m->nprops && !found; i++)
            if (m->props[i].json_name &&
                strlen(m->props[i].json_name) == n &&
                memcmp(m->props[i].json_name, path, n) == 0)
                found = &m->props[i];
        if (!found || !dot)
            return found;
        const spec_type *t = found->type;
        m = t && t->kind == SPEC_KIND_REF ? t->model : NULL;
        path = dot + 1;
    }
    return NULL;
}

/* A path the pager reads must name a member of the kind it expects:
 * the pager finds it through the model tables, so a typo would only
 * show as a list that never pages. */
static void check_member(vd_ctx *v, const spec_model *m, const char *key,
                         const char *path, spec_pos pos, int want_bool)
{
    if (!path || !m || !vd_dotted_path_ok(path))
        return;
    const spec_property *p = member_at(m, path);
    const spec_type *t = p ? p->type : NULL;
    int ok = t && (want_bool ? t->kind == SPEC_KIND_BOOLEAN
                             : t->kind == SPEC_KIND_STRING ||
                                   t->kind == SPEC_KIND_INTEGER);
    if (!p)
        vd_error(v, pos, "%s '%s' names no member of %s", key, path,
                 m->name);
    else if (!ok)
        vd_error(v, pos, "%s '%s' must be %s", key, path,
                 want_bool ? "a boolean" : "a string or an integer");
}

/* A key the style does not use is a mistake, not something to ignore. */
static void not_for(vd_ctx *v, const spec_pagination *p, const char *key,
                    const void *given, spec_pos pos)
{
    if (given)
        vd_error(v, pos.line ? pos : p->pos,
                 "'%s' does not apply to pagination style %s", key,
                 style_word(p->style));
}

void vd_pagination(vd_ctx *v, spec_endpoint *e)
{
    spec_pagination *p = e->pagination;
    if (!p->style)
        return; /* the loader reported it */
    const spec_property *items = items_of(v, e, p);
    if (items) {
        const spec_type *t = items->type;
        if (!t || t->kind != SPEC_KIND_ARRAY || !t->items ||
            t->items->kind != SPEC_KIND_REF || !t->items->model ||
            t->items->model->kind != SPEC_MODEL_OBJECT)
            vd_error(v, p->items_pos.line ? p->items_pos : p->pos,
                     "pagination items must be an array of objects "
                     "('%s' is not)", items->json_name);
        else
            p->item_model = t->items->model;
    }
    int cursor = p->style == SPEC_PAGE_CURSOR;
    if (p->style == SPEC_PAGE_LINK) {
        not_for(v, p, "param", p->param, p->param_pos);
    } else if (!p->param) {
        vd_error(v, p->pos, "pagination style %s needs 'param': the param "
                            "the pager sets", style_word(p->style));
    } else {
        const spec_param *q = param_named(e, p->param);
        if (!q) {
            vd_error(v, p->param_pos, "%s has no param '%s'", e->name,
                     p->param);
        } else if (q->in != SPEC_IN_QUERY && q->in != SPEC_IN_HEADER) {
            vd_error(v, p->param_pos, "the pager sets '%s' in the query or "
                                      "a header; it is a %s param",
                     p->param, vocab_of(&vocab_locations, (int)q->in)
                                   ? vocab_of(&vocab_locations,
                                              (int)q->in)->word
                                   : "?");
        } else if (!q->type || (q->type->kind != SPEC_KIND_INTEGER &&
                                !(cursor &&
                                  q->type->kind == SPEC_KIND_STRING))) {
            vd_error(v, p->param_pos, "param '%s' must be %s for the pager",
                     p->param, cursor ? "a string or an integer"
                                      : "an integer");
        } else {
            p->param_resolved = q;
        }
    }
    if (cursor) {
        if (!p->next == !p->next_from_item)
            vd_error(v, p->pos, "pagination style cursor needs one of "
                                "'next' (where the next cursor is) and "
                                "'next_from_item' (a member of the last "
                                "item)");
    } else {
        not_for(v, p, "next", p->next, p->next_pos);
        not_for(v, p, "next_from_item", p->next_from_item, p->next_from_pos);
    }
    if (p->first_set && p->style != SPEC_PAGE_NUMBER &&
        p->style != SPEC_PAGE_OFFSET)
        vd_error(v, p->pos, "'first' does not apply to pagination style %s",
                 style_word(p->style));
    check_member(v, e->response_model, "next", p->next, p->next_pos, 0);
    check_member(v, p->item_model, "next_from_item", p->next_from_item,
                 p->next_from_pos, 0);
    check_member(v, e->response_model, "has_more", p->has_more,
                 p->has_more_pos, 1);
    if (p->next && !vd_dotted_path_ok(p->next))
        vd_error(v, p->next_pos, "next '%s' is not a dotted path of member "
                                 "names", p->next);
    if (p->has_more && !vd_dotted_path_ok(p->has_more))
        vd_error(v, p->has_more_pos, "has_more '%s' is not a dotted path of "
                                     "member names", p->has_more);
}
