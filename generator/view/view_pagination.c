/*
 * The view of an endpoint's `pagination:`: the runtime descriptor's
 * values, the C names of what a paginated endpoint adds (the pager, its
 * typed next page, the walk over items, the item callback type) and
 * their prototypes, which take the same arguments as the endpoint's own
 * function.  Read by the templates' pagination parts; see
 * docs/templates.md.
 */
#include <stdlib.h>

#include "base/buf.h"
#include "base/global_names.h"
#include "view/view_escape.h"
#include "view/view_parts.h"

static const char *style_const(spec_page_style s)
{
    const vocab_word *w = vocab_of(&vocab_page_styles, (int)s);
    return w ? w->constant : "0";
}

/* "RET NAME(apicc_client *c<args>TAIL)" into o[key]. */
static void proto(view_ctx *v, cJSON *o, const char *key, const char *ret,
                  const char *name, const char *args, const char *tail)
{
    view_fmt(v, o, key, "%s%s(apicc_client *c%s%s)", ret, name, args, tail);
}

/* How the next page is found, in a sentence for the generated README. */
static void page_doc(view_ctx *v, cJSON *o, const spec_pagination *p)
{
    buf b;
    buf_init(&b);
    switch (p->style) {
    case SPEC_PAGE_LINK:
        buf_puts(&b, "The next page is the `Link` header's `rel=\"next\"` "
                     "link; the list ends without one");
        break;
    case SPEC_PAGE_CURSOR:
        if (p->next)
            buf_printf(&b, "The answer's `%s` is sent back as `%s`; the "
                           "list ends when it is absent or empty",
                       p->next, p->param);
        else
            buf_printf(&b, "The last item's `%s` is sent as `%s`; the list "
                           "ends with an empty page",
                       p->next_from_item, p->param);
        break;
    case SPEC_PAGE_NUMBER:
        buf_printf(&b, "`%s` counts pages up from %lld", p->param,
                   p->first_set ? p->first : 1LL);
        break;
    case SPEC_PAGE_OFFSET:
        buf_printf(&b, "`%s` moves on by the items read, from %lld",
                   p->param, p->first_set ? p->first : 0LL);
        break;
    default:
        break;
    }
    if (p->has_more)
        buf_printf(&b, "; the list ends when `%s` is false", p->has_more);
    else if (p->style == SPEC_PAGE_NUMBER || p->style == SPEC_PAGE_OFFSET)
        buf_puts(&b, "; an empty page ends the list");
    char *s = buf_take(&b);
    if (!s)
        v->failed = 1;
    view_str(v, o, "page_doc", s);
    free(s);
}

void view_pagination(view_ctx *v, cJSON *o, const spec_endpoint *e,
                     const char *fn, const char *args)
{
    const spec_pagination *p = e->pagination;
    view_bool(v, o, "has_pagination", p != NULL);
    if (!p) {
        view_str(v, o, "pagination", NULL);
        return;
    }
    cJSON *pg = cJSON_CreateObject();
    if (!pg || !cJSON_AddItemToObject(o, "pagination", pg)) {
        cJSON_Delete(pg);
        v->failed = 1;
        return;
    }
    view_names(v, pg, &gname_endpoint_pages, fn);
    view_str(v, pg, "page_style", style_const(p->style));
    view_spec_str(v, pg, "page_items", p->items);
    view_spec_str(v, pg, "page_param", p->param);
    view_spec_str(v, pg, "page_next", p->next);
    view_spec_str(v, pg, "page_next_from_item", p->next_from_item);
    view_spec_str(v, pg, "page_has_more", p->has_more);
    if (p->first_set)
        view_fmt(v, pg, "page_first", "%lld", p->first);
    else
        view_str(v, pg, "page_first", NULL);
    view_str(v, pg, "page_style_word",
             vocab_of(&vocab_page_styles, (int)p->style)
                 ? vocab_of(&vocab_page_styles, (int)p->style)->word
                 : NULL);
    page_doc(v, pg, p);
    char *item = p->item_model ? view_model_ctype(v, p->item_model) : NULL;
    char *resp = e->response_model ? view_model_ctype(v, e->response_model)
                                   : NULL;
    char *pages = gname_join(fn, gname_endpoint_pages.v[0].suffix, "");
    char *each = gname_join(fn, gname_endpoint_pages.v[2].suffix, "");
    char *item_fn = gname_join(fn, gname_endpoint_pages.v[3].suffix, "");
    if (!item || !resp || !pages || !each || !item_fn) {
        v->failed = 1;
    } else {
        view_str(v, pg, "item_c_type", item);
        view_str(v, pg, "page_c_type", resp);
        proto(v, pg, "pages_prototype", "apicc_pager *", pages, args, "");
        buf tail;
        buf_init(&tail);
        buf_printf(&tail, ",\n    %s fn, void *user, apicc_page_limits *limits",
                   item_fn);
        char *t = buf_take(&tail);
        if (!t)
            v->failed = 1;
        else
            proto(v, pg, "each_prototype", "apicc_status ", each, args, t);
        free(t);
    }
    free(item);
    free(resp);
    free(pages);
    free(each);
    free(item_fn);
}
