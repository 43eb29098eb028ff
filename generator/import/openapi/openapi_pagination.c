/*
 * Pagination recognised in an OpenAPI or Swagger document, for the
 * spec's `pagination:` (see docs/spec-format.md): the document itself
 * has no word for it, so the importer reads what providers write
 * instead, in this order:
 *
 *   - `x-speakeasy-pagination` (type offsetLimit or cursor; inputs in
 *     the parameters; outputs results and nextCursor as simple JSONPath,
 *     `results[(@.length-1)].id` meaning the last item's id),
 *   - `x-fern-pagination` (cursor + next_cursor, or offset with an
 *     optional step; results; has_next_page),
 *   - a `Link` header on a success response (GitHub's lists),
 *   - Stripe's list shape: an object with `data` (the items), `has_more`
 *     and a `starting_after` param, paged by the last item's `id`.
 *
 * Operations are noted while they are read and decided once the models
 * are filled, since what is kept must pass `apicc validate` as it is: a
 * member or param that the rule names must exist with the right type,
 * or the rule is left out with a warning saying why.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "import/import_doc.h"
#include "import/openapi/openapi.h"

struct oa_paged {
    size_t ep;
    const cJSON *op;
    char *ptr; /* the operation's JSON pointer, for warnings */
};

static const cJSON *get(const cJSON *o, const char *key)
{
    return cJSON_IsObject(o) ? cJSON_GetObjectItemCaseSensitive(o, key)
                             : NULL;
}

void oa_pagination_note(oa_ctx *c, size_t ep, const cJSON *op)
{
    if (c->npaged == c->paged_cap) {
        size_t cap = c->paged_cap ? c->paged_cap * 2 : 32;
        struct oa_paged *v = realloc(c->paged, cap * sizeof *v);
        if (!v) {
            c->sp->oom = 1;
            return;
        }
        c->paged = v;
        c->paged_cap = cap;
    }
    char *ptr = imp_save(c->sp, c->ptr.data ? c->ptr.data : "");
    c->paged[c->npaged++] = (struct oa_paged){ep, op, ptr};
}

void oa_pagination_free(oa_ctx *c)
{
    free(c->paged);
    c->paged = NULL;
    c->npaged = c->paged_cap = 0;
}

/* ---- what the endpoint has -------------------------------------------- */

static const imp_prop *prop_named(const imp_spec *s, size_t model,
                                  const char *name, size_t n)
{
    if (model == IMP_NONE || model >= s->nmodels || s->models[model].is_enum)
        return NULL;
    const imp_model *m = &s->models[model];
    for (size_t i = 0; i < m->nprops; i++)
        if (strlen(m->props[i].json_name) == n &&
            memcmp(m->props[i].json_name, name, n) == 0)
            return &m->props[i];
    return NULL;
}

/* The kind at a dotted path from `model`; -1 when the path names none. */
static int kind_at(const imp_spec *s, size_t model, const char *path)
{
    for (;;) {
        const char *dot = strchr(path, '.');
        size_t n = dot ? (size_t)(dot - path) : strlen(path);
        const imp_prop *p = prop_named(s, model, path, n);
        if (!p || !p->type)
            return -1;
        if (!dot)
            return (int)p->type->kind;
        if (p->type->kind != IMP_REF)
            return -1;
        model = p->type->model;
        path = dot + 1;
    }
}

/* The object model of the page's items, or IMP_NONE with *why set. */
static size_t item_model(const imp_spec *s, const imp_endpoint *e,
                         const char *items, const char **why)
{
    const imp_type *t = NULL;
    if (e->response_list) {
        if (items) {
            *why = "the answer is an array, not an object holding one";
            return IMP_NONE;
        }
        t = e->response_list;
    } else if (e->response == IMP_NONE) {
        *why = "the operation has no JSON response";
        return IMP_NONE;
    } else if (!items) {
        *why = "no member holds the items";
        return IMP_NONE;
    } else {
        const imp_prop *p = prop_named(s, e->response, items, strlen(items));
        t = p ? p->type : NULL;
    }
    if (!t || t->kind != IMP_ARRAY || !t->items ||
        t->items->kind != IMP_REF || t->items->model >= s->nmodels ||
        s->models[t->items->model].is_enum) {
        *why = "the items are not an array of objects";
        return IMP_NONE;
    }
    return t->items->model;
}

static const imp_param *param_named(const imp_endpoint *e, const char *name)
{
    for (size_t i = 0; name && i < e->nparams; i++)
        if (strcmp(e->params[i].name, name) == 0)
            return &e->params[i];
    return NULL;
}

/* NULL when the rule holds against the endpoint as imported; else why
 * not. */
static const char *problem(const imp_spec *s, const imp_endpoint *e,
                           const imp_pagination *p)
{
    const char *why = NULL;
    size_t item = item_model(s, e, p->items, &why);
    if (item == IMP_NONE)
        return why;
    int cursor = strcmp(p->style, "cursor") == 0;
    if (strcmp(p->style, "link") != 0) {
        const imp_param *q = param_named(e, p->param);
        if (!q)
            return "the param it sets is not among the operation's";
        if ((q->in != IMP_IN_QUERY && q->in != IMP_IN_HEADER) || !q->type ||
            !(q->type->kind == IMP_INTEGER ||
              (cursor && q->type->kind == IMP_STRING)))
            return "the param it sets is not a query or header param of "
                   "the right type";
    }
    if (cursor && !p->next == !p->next_from_item)
        return "it does not say where the next cursor is";
    if (p->next) {
        int k = kind_at(s, e->response, p->next);
        if (k != IMP_STRING && k != IMP_INTEGER)
            return "the next cursor is not a string or integer member";
    }
    if (p->next_from_item) {
        int k = kind_at(s, item, p->next_from_item);
        if (k != IMP_STRING && k != IMP_INTEGER)
            return "the items have no string or integer member for the "
                   "cursor";
    }
    if (p->has_more && kind_at(s, e->response, p->has_more) != IMP_BOOLEAN)
        return "the has-more member is not a boolean";
    return NULL;
}

/* ---- reading the extensions ------------------------------------------ */

/* A simple JSONPath into the answer ("$.a.b", "$response.a.b") as a
 * dotted path: *out NULL for the answer itself.  0 when it is anything
 * else (brackets, wildcards, filters). */
static int dotted(imp_spec *s, const char *jp, const char *root,
                  const char **out)
{
    *out = NULL;
    size_t n = strlen(root);
    if (!jp || strncmp(jp, root, n) != 0)
        return 0;
    jp += n;
    if (!*jp)
        return 1;
    if (*jp != '.' || !jp[1])
        return 0;
    jp++;
    for (const char *q = jp; *q; q++)
        if (*q == '[' || *q == '*' || *q == '@' || *q == '?' ||
            (*q == '.' && (q[1] == '.' || !q[1])))
            return 0;
    *out = imp_save(s, jp);
    return *out != NULL;
}

/* Speakeasy's `results[(@.length-1)].member`: the last item's member. */
static int last_item_member(imp_spec *s, const char *jp, const char *results,
                            const char **out)
{
    const char *mark = jp ? strstr(jp, "[(@.length-1)].") : NULL;
    if (!mark || !results || strlen(results) != (size_t)(mark - jp) ||
        strncmp(jp, results, (size_t)(mark - jp)) != 0)
        return 0;
    const char *member = mark + strlen("[(@.length-1)].");
    if (!*member || strpbrk(member, ".[*@?"))
        return 0;
    *out = imp_save(s, member);
    return *out != NULL;
}

static const char *speakeasy(oa_ctx *c, const cJSON *x, imp_pagination *p)
{
    const char *type = imp_get_str(x, "type");
    const cJSON *outputs = get(x, "outputs");
    const cJSON *in;
    const char *results = imp_get_str(outputs, "results");
    if (!type || (strcmp(type, "offsetLimit") != 0 &&
                  strcmp(type, "cursor") != 0))
        return "only types offsetLimit and cursor can be said in the spec";
    if (!results || !dotted(c->sp, results, "$", &p->items))
        return "outputs.results is not a simple path into the answer";
    cJSON_ArrayForEach(in, get(x, "inputs"))
    {
        const char *it = imp_get_str(in, "type");
        const char *where = imp_get_str(in, "in");
        if (!it || strcmp(it, "limit") == 0)
            continue;
        if (!where || strcmp(where, "parameters") != 0)
            return "an input is not in the parameters";
        if (strcmp(it, "offset") == 0 || strcmp(it, "page") == 0 ||
            strcmp(it, "cursor") == 0) {
            p->param = imp_save(c->sp, imp_get_str(in, "name"));
            p->style = strcmp(it, "page") == 0     ? "page"
                       : strcmp(it, "offset") == 0 ? "offset"
                                                   : "cursor";
        }
    }
    if (!p->style || !p->param)
        return "no offset, page or cursor input";
    if (strcmp(p->style, "cursor") == 0) {
        const char *nc = imp_get_str(outputs, "nextCursor");
        if (!last_item_member(c->sp, nc, results, &p->next_from_item) &&
            !dotted(c->sp, nc, "$", &p->next))
            return "outputs.nextCursor is not a simple path";
    }
    return NULL;
}

static const char *fern(oa_ctx *c, const cJSON *x, imp_pagination *p)
{
    const char *results = imp_get_str(x, "results");
    if (!results || !dotted(c->sp, results, "$response", &p->items))
        return "results is not a simple path into the response";
    const char *cursor = imp_get_str(x, "cursor");
    const char *offset = imp_get_str(x, "offset");
    const char *from = cursor ? cursor : offset;
    if (!from || !dotted(c->sp, from, "$request", &p->param) || !p->param ||
        strchr(p->param, '.'))
        return "the cursor or offset is not a request param";
    if (cursor) {
        p->style = "cursor";
        if (!dotted(c->sp, imp_get_str(x, "next_cursor"), "$response",
                    &p->next) ||
            !p->next)
            return "next_cursor is not a simple path into the response";
    } else {
        /* Without a step the offset counts pages. */
        p->style = get(x, "step") ? "offset" : "page";
    }
    const char *more = imp_get_str(x, "has_next_page");
    if (more && (!dotted(c->sp, more, "$response", &p->has_more) ||
                 !p->has_more))
        return "has_next_page is not a simple path into the response";
    return NULL;
}

/* ---- conventions ------------------------------------------------------ */

/* Whether a success response declares a Link header. */
static int link_header(oa_ctx *c, const cJSON *op)
{
    const cJSON *r;
    cJSON_ArrayForEach(r, get(op, "responses"))
    {
        if (!r->string || r->string[0] != '2')
            continue;
        const char *ptr = NULL;
        const cJSON *resp = oa_deref(c, r, &ptr);
        const cJSON *h;
        cJSON_ArrayForEach(h, get(resp, "headers"))
            if (h->string && strcasecmp(h->string, "Link") == 0)
                return 1;
    }
    return 0;
}

static void link_rule(oa_ctx *c, const imp_endpoint *e, imp_pagination *p)
{
    p->style = "link";
    if (e->response_list || e->response == IMP_NONE)
        return;
    /* An object answer: its one array of objects holds the items. */
    const imp_model *m = &c->sp->models[e->response];
    for (size_t i = 0; i < m->nprops; i++) {
        const imp_type *t = m->props[i].type;
        if (!t || t->kind != IMP_ARRAY || !t->items ||
            t->items->kind != IMP_REF)
            continue;
        if (p->items) {
            p->items = NULL; /* two arrays: which is meant is not said */
            return;
        }
        p->items = m->props[i].json_name;
    }
}

static int stripe_like(const imp_spec *s, const imp_endpoint *e,
                       imp_pagination *p)
{
    const imp_param *q = param_named(e, "starting_after");
    if (!q || e->response == IMP_NONE ||
        kind_at(s, e->response, "has_more") != IMP_BOOLEAN ||
        kind_at(s, e->response, "data") != IMP_ARRAY)
        return 0;
    p->style = "cursor";
    p->items = "data";
    p->param = "starting_after";
    p->next_from_item = "id";
    p->has_more = "has_more";
    return 1;
}

/* ---- deciding --------------------------------------------------------- */

static void decide(oa_ctx *c, const struct oa_paged *pg)
{
    imp_endpoint *e = &c->sp->endpoints[pg->ep];
    imp_pagination p = {0};
    const char *source = NULL, *why = NULL;
    const cJSON *x;
    if ((x = get(pg->op, "x-speakeasy-pagination"))) {
        source = "x-speakeasy-pagination";
        why = speakeasy(c, x, &p);
    } else if ((x = get(pg->op, "x-fern-pagination"))) {
        source = "x-fern-pagination";
        why = fern(c, x, &p);
    } else if (strcmp(e->method, "GET") == 0 && link_header(c, pg->op)) {
        source = "the Link response header";
        link_rule(c, e, &p);
    } else if (strcmp(e->method, "GET") == 0 && stripe_like(c->sp, e, &p)) {
        source = "the list shape (data, has_more, starting_after)";
    } else {
        return;
    }
    if (!why && p.style)
        why = problem(c->sp, e, &p);
    char *saved = oa_ptr_swap(c, pg->ptr);
    if (why) {
        oa_warn(c, "pagination from %s left out: %s", source, why);
    } else {
        e->pagination = p;
        imp_note(c->sp, &e->note, "pagination from %s", source);
    }
    oa_ptr_restore(c, saved);
}

void oa_pagination(oa_ctx *c)
{
    for (size_t i = 0; i < c->npaged; i++)
        decide(c, &c->paged[i]);
}
