/*
 * An endpoint's `pagination:`: how a list endpoint says where its next
 * page is.  See spec_load_internal.h; which keys each style needs, and
 * that the names point at real params and members, spec_validate checks.
 */
#include "load/spec_load_internal.h"

static const char *const pagination_keys[] = {
    "style", "items", "param", "next", "next_from_item", "has_more",
    "first", NULL};
static const char *const pagination_required[] = {"style", NULL};

/* A string member with its position. */
static void opt_string_at(ld_ctx *l, const ytree_node *map, const char *key,
                          char **out, spec_pos *pos)
{
    const ytree_node *v = ytree_get(map, key);
    if (!v)
        return;
    *out = ld_string(l, v);
    if (pos)
        *pos = ld_pos(v);
}

spec_pagination *ld_pagination(ld_ctx *l, const ytree_node *n)
{
    if (!ld_want_map(l, n))
        return NULL;
    ld_keys(l, n, "pagination", pagination_keys, pagination_required);
    spec_pagination *p = ld_calloc(l, 1, sizeof *p);
    if (!p)
        return NULL;
    p->pos = ld_pos(n);
    const ytree_node *v = ytree_get(n, "style");
    if (v) {
        int style = SPEC_PAGE_NONE;
        ld_vocab(l, v, "style", &vocab_page_styles, NULL, 0, "", &style);
        p->style = (spec_page_style)style;
        p->style_pos = ld_pos(v);
    }
    opt_string_at(l, n, "items", &p->items, &p->items_pos);
    opt_string_at(l, n, "param", &p->param, &p->param_pos);
    opt_string_at(l, n, "next", &p->next, &p->next_pos);
    opt_string_at(l, n, "next_from_item", &p->next_from_item,
                  &p->next_from_pos);
    opt_string_at(l, n, "has_more", &p->has_more, &p->has_more_pos);
    if ((v = ytree_get(n, "first")) && ld_int(l, v, &p->first))
        p->first_set = 1;
    return p;
}
