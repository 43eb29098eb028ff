/*
 * Pagination (apicc_pager_*, model.h): one endpoint called page after
 * page, reading where the next page is from the typed answer (a cursor
 * member, a has-more flag, the items' count) or from its Link header.
 * Everything it reads goes through the model tables, so a spec's
 * `pagination:` works for every provider without code of its own.
 *
 * Layer: dispatch (calls apicc_invoke like generated code does).
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apicc/model.h"
#include "client_internal.h"
#include "link_internal.h"

#define AT(base, off) ((const char *)(base) + (off))

struct apicc_pager {
    apicc_client *c;
    const apicc_operation *op;
    const apicc_pagination *pg;
    void *params;  /* our copy of the caller's params struct */
    char *cursor;  /* CURSOR: the string cursor the copy points to */
    char *link;    /* LINK: the next page's path and query */
    int64_t number; /* NUMBER: page; OFFSET: offset; CURSOR: an integer */
    int started;
    int done;
    /* What advance found wrong with the last page's way on (a next link
     * elsewhere, a page naming itself): the page is still the caller's,
     * and the next call reports this instead of going on. */
    apicc_status refused;
    char refused_why[160];
    /* Hashes of every link or cursor followed: a server that sends the
     * walk round in a circle is refused instead of followed for ever. */
    uint64_t *seen;
    size_t nseen, capseen;
    long pages;
    long items;
};

/* ---- reading the typed answer ------------------------------------------- */

static const apicc_field_desc *field_named(const apicc_model_desc *d,
                                           const char *name, size_t n)
{
    for (size_t i = 0; d && i < d->nfields; i++)
        if (strlen(d->fields[i].json_name) == n &&
            memcmp(d->fields[i].json_name, name, n) == 0)
            return &d->fields[i];
    return NULL;
}

/* Follows the dotted path through nested models from the struct v of d;
 * the last field and the struct that holds it, or NULL when a member on
 * the way is absent. */
static const apicc_field_desc *walk(const apicc_model_desc *d, const void *v,
                                    const char *path, const void **holder)
{
    for (;;) {
        const char *dot = strchr(path, '.');
        size_t n = dot ? (size_t)(dot - path) : strlen(path);
        const apicc_field_desc *f = field_named(d, path, n);
        if (!f || !v)
            return NULL;
        if (!dot) {
            *holder = v;
            return f;
        }
        if (f->kind != APICC_F_OBJECT || f->shape != APICC_SHAPE_SINGLE)
            return NULL;
        v = *(const void *const *)AT(v, f->offset);
        d = f->model;
        path = dot + 1;
    }
}

/* Whether an optional scalar field is present. */
static int present(const apicc_field_desc *f, const void *holder)
{
    return f->has_offset == APICC_NO_OFFSET ||
           *(const bool *)AT(holder, f->has_offset);
}

/* The text of a string or integer member: a fresh string, or NULL when
 * absent, null or empty. */
static char *text_of(const apicc_field_desc *f, const void *holder)
{
    if (f->shape != APICC_SHAPE_SINGLE)
        return NULL;
    if (f->kind == APICC_F_STRING) {
        const char *s = *(const char *const *)AT(holder, f->offset);
        return s && *s ? strdup(s) : NULL;
    }
    if (f->kind == APICC_F_INT && present(f, holder)) {
        char buf[24];
        snprintf(buf, sizeof buf, "%" PRId64,
                 *(const int64_t *)AT(holder, f->offset));
        return strdup(buf);
    }
    return NULL;
}

/* The member of the answer that holds the items (a list model's own
 * array when the answer is a bare array), or NULL when the tables do
 * not hold an array of objects there. */
static const apicc_field_desc *items_field(const apicc_pager *p)
{
    const apicc_model_desc *d = p->op->response;
    const apicc_field_desc *f =
        p->pg->items ? field_named(d, p->pg->items, strlen(p->pg->items))
                     : (d->nfields ? &d->fields[0] : NULL);
    if (!f || f->shape != APICC_SHAPE_ARRAY || f->kind != APICC_F_OBJECT)
        return NULL;
    return f;
}

/* The page's items: the array and its count. */
static const void *const *items_of(const apicc_pager *p, const void *page,
                                   size_t *n)
{
    const apicc_field_desc *f = items_field(p);
    *n = 0;
    if (!f)
        return NULL;
    const void *const *arr = *(const void *const *const *)AT(page, f->offset);
    *n = arr ? *(const size_t *)AT(page, f->count_offset) : 0;
    return arr;
}

/* has_more, when the endpoint has one: 0 when the answer says there is
 * no more (or does not say). */
static int has_more(const apicc_pager *p, const void *page)
{
    if (!p->pg->has_more)
        return 1;
    const void *holder = NULL;
    const apicc_field_desc *f =
        walk(p->op->response, page, p->pg->has_more, &holder);
    return f && f->kind == APICC_F_BOOL && f->shape == APICC_SHAPE_SINGLE &&
           present(f, holder) && *(const bool *)AT(holder, f->offset);
}

/* ---- the params of the next page ---------------------------------------- */

/* Points the param the pager sets at the cursor or number. */
static apicc_status set_param(apicc_pager *p)
{
    const apicc_operation *op = p->op;
    for (size_t i = 0; i < op->nparams; i++) {
        const apicc_param_desc *d = &op->params[i];
        if (strcmp(d->name, p->pg->param) != 0 || d->array)
            continue;
        char *slot = (char *)p->params + d->offset;
        if (d->kind == APICC_F_STRING) {
            *(const char **)slot = p->cursor;
        } else if (d->kind == APICC_F_INT) {
            *(int64_t *)slot = p->number;
            if (d->has_offset != APICC_NO_OFFSET)
                *(bool *)((char *)p->params + d->has_offset) = true;
        } else {
            break;
        }
        return APICC_OK;
    }
    return apicc__fail(p->c, APICC_ERR_INVALID_ARG,
                       "%s: no string or integer param \"%s\" to page with",
                       op->endpoint.name, p->pg->param);
}

/* The number the caller's params start from, if they set the param. */
static int caller_number(const apicc_pager *p, int64_t *out)
{
    for (size_t i = 0; i < p->op->nparams; i++) {
        const apicc_param_desc *d = &p->op->params[i];
        if (strcmp(d->name, p->pg->param) != 0 || d->kind != APICC_F_INT ||
            d->array)
            continue;
        if (d->has_offset != APICC_NO_OFFSET &&
            !*(const bool *)AT(p->params, d->has_offset))
            return 0;
        *out = *(const int64_t *)AT(p->params, d->offset);
        return 1;
    }
    return 0;
}

/* ---- where the next page is --------------------------------------------- */

/* Whether `text` was followed before (FNV-1a, 64 bits); remembers it.
 * -1 when out of memory. */
static int seen_before(apicc_pager *p, const char *text)
{
    uint64_t h = 0xcbf29ce484222325u;
    for (const unsigned char *s = (const unsigned char *)text; *s; s++)
        h = (h ^ *s) * 0x100000001b3u;
    for (size_t i = 0; i < p->nseen; i++)
        if (p->seen[i] == h)
            return 1;
    if (p->nseen == p->capseen) {
        size_t cap = p->capseen ? p->capseen * 2 : 16;
        uint64_t *v = realloc(p->seen, cap * sizeof *v);
        if (!v)
            return -1;
        p->seen = v;
        p->capseen = cap;
    }
    p->seen[p->nseen++] = h;
    return 0;
}

/* Records why the list cannot go on; the next apicc_pager_next says so. */
static apicc_status refuse(apicc_pager *p, const char *why)
{
    p->refused = APICC_ERR_RESPONSE;
    snprintf(p->refused_why, sizeof p->refused_why, "%s: %s",
             p->op->endpoint.name, why);
    p->done = 1;
    return APICC_OK;
}

/* The part of an absolute URL up to its path: "https://h:1". */
static size_t origin_len(const char *url)
{
    const char *p = strstr(url, "://");
    if (!p)
        return 0;
    p += 3;
    return (size_t)(p - url) + strcspn(p, "/?#");
}

/* The next link of the last answer as a path and query on our server;
 * NULL with *st set when there is none (APICC_OK) or it is refused. */
static char *next_link(apicc_pager *p, apicc_status *st)
{
    *st = APICC_OK;
    const char *h = apicc_client_response_header(p->c, "Link");
    const char *uri;
    size_t n;
    if (!h || !apicc__link_find(h, "next", &uri, &n))
        return NULL;
    const char *base = apicc_client_base_url(p->c);
    size_t o = origin_len(uri);
    if (o) {
        /* an absolute link must stay on the client's server: credentials
         * go with every page */
        size_t bo = origin_len(base);
        if (o != bo || strncmp(uri, base, o) != 0) {
            *st = refuse(p, "the next link leaves the server the client "
                            "talks to");
            return NULL;
        }
        uri += o;
        n -= o;
    }
    if (n == 0 || uri[0] != '/') {
        *st = refuse(p, "the next link is not a path on the server");
        return NULL;
    }
    char *link = malloc(n + 1);
    if (!link) {
        *st = apicc__fail(p->c, APICC_ERR_NOMEM, "out of memory");
        return NULL;
    }
    memcpy(link, uri, n);
    link[n] = '\0';
    return link;
}

/* After a page: where the next one is, or done. */
static apicc_status advance(apicc_pager *p, const void *page)
{
    size_t n = 0;
    const void *const *items = items_of(p, page, &n);
    p->pages++;
    p->items += (long)n;
    if (!has_more(p, page)) {
        p->done = 1;
        return APICC_OK;
    }
    const apicc_pagination *pg = p->pg;
    apicc_status st = APICC_OK;
    switch (pg->style) {
    case APICC_PAGE_LINK: {
        char *link = next_link(p, &st);
        int again = link ? seen_before(p, link) : 0;
        if (again) {
            free(link);
            return again < 0 ? apicc__fail(p->c, APICC_ERR_NOMEM,
                                           "out of memory")
                             : refuse(p, "the next link names a page "
                                         "already read");
        }
        free(p->link);
        p->link = link;
        if (!link)
            p->done = 1;
        return st;
    }
    case APICC_PAGE_CURSOR: {
        char *next = NULL;
        const void *holder = NULL;
        const apicc_field_desc *f = NULL;
        if (pg->next)
            f = walk(p->op->response, page, pg->next, &holder);
        else if (n > 0 && items[n - 1])
            f = walk(items_field(p)->model, items[n - 1],
                     pg->next_from_item, &holder);
        if (f)
            next = text_of(f, holder);
        if (!next || (pg->next_from_item && n == 0)) {
            free(next);
            p->done = 1;
            return APICC_OK;
        }
        int again = seen_before(p, next);
        if (again) {
            free(next);
            return again < 0 ? apicc__fail(p->c, APICC_ERR_NOMEM,
                                           "out of memory")
                             : refuse(p, "the next cursor names a page "
                                         "already read");
        }
        free(p->cursor);
        p->cursor = next;
        p->number = strtoll(next, NULL, 10);
        return APICC_OK;
    }
    case APICC_PAGE_NUMBER:
        p->number++;
        break;
    case APICC_PAGE_OFFSET:
        p->number += (int64_t)n;
        break;
    }
    if (n == 0)
        p->done = 1; /* an empty page is the end */
    return APICC_OK;
}

/* ---- the public functions ----------------------------------------------- */

APICC_API apicc_pager *apicc_pager_new(apicc_client *c,
                                       const apicc_operation *op,
                                       const void *params)
{
    if (!c)
        return NULL;
    if (!op || !op->pagination || !op->response) {
        apicc__fail(c, APICC_ERR_INVALID_ARG,
                    "%s: the endpoint is not paginated",
                    op && op->endpoint.name ? op->endpoint.name : "?");
        return NULL;
    }
    apicc_pager *p = calloc(1, sizeof *p);
    void *copy = calloc(1, op->params_size ? op->params_size : 1);
    if (!p || !copy) {
        free(p);
        free(copy);
        apicc__fail(c, APICC_ERR_NOMEM, "out of memory");
        return NULL;
    }
    if (params && op->params_size)
        memcpy(copy, params, op->params_size);
    p->c = c;
    p->op = op;
    p->pg = op->pagination;
    p->params = copy;
    if (p->pg->style == APICC_PAGE_NUMBER || p->pg->style == APICC_PAGE_OFFSET) {
        if (!caller_number(p, &p->number))
            p->number = p->pg->first ? p->pg->first
                        : p->pg->style == APICC_PAGE_NUMBER ? 1 : 0;
    }
    return p;
}

APICC_API apicc_status apicc_pager_next(apicc_pager *p,
                                        const apicc_operation *op,
                                        void **page)
{
    if (page)
        *page = NULL;
    if (!p)
        return APICC_ERR_INVALID_ARG;
    if (!page || (op && op != p->op))
        return apicc__fail(p->c, APICC_ERR_INVALID_ARG,
                           "%s: %s", p->op->endpoint.name,
                           page ? "the pager belongs to another endpoint"
                                : "no place for the page");
    if (p->refused)
        return apicc__fail(p->c, p->refused, "%s", p->refused_why);
    if (p->done)
        return APICC_OK;
    apicc_status st = APICC_OK;
    int numbered = p->pg->style == APICC_PAGE_NUMBER ||
                   p->pg->style == APICC_PAGE_OFFSET;
    if (numbered || (p->started && p->pg->style == APICC_PAGE_CURSOR))
        st = set_param(p);
    if (st == APICC_OK && p->started && p->pg->style == APICC_PAGE_LINK)
        st = apicc__next_call_link(p->c, p->link);
    if (st != APICC_OK)
        return st;
    void *v = NULL;
    st = apicc_invoke(p->c, p->op, p->params, NULL, &v);
    if (st != APICC_OK) {
        /* a call refused before it went out leaves the link set */
        apicc__next_call_clear(p->c);
        return st;
    }
    p->started = 1;
    st = advance(p, v);
    if (st != APICC_OK) {
        apicc_model_free(p->op->response, v);
        return st;
    }
    *page = v;
    return APICC_OK;
}

APICC_API long apicc_pager_pages(const apicc_pager *p)
{
    return p ? p->pages : 0;
}

APICC_API long apicc_pager_items(const apicc_pager *p)
{
    return p ? p->items : 0;
}

APICC_API void apicc_pager_free(apicc_pager *p)
{
    if (!p)
        return;
    free(p->cursor);
    free(p->link);
    free(p->seen);
    free(p->params);
    free(p);
}

APICC_API apicc_status apicc_pager_each(apicc_client *c,
                                        const apicc_operation *op,
                                        const void *params,
                                        apicc_item_deliver_fn deliver,
                                        void (*fn)(void), void *user,
                                        apicc_page_limits *limits)
{
    if (!deliver || !fn)
        return c ? apicc__fail(c, APICC_ERR_INVALID_ARG,
                               "apicc_pager_each: no item callback")
                 : APICC_ERR_INVALID_ARG;
    apicc_pager *p = apicc_pager_new(c, op, params);
    if (!p)
        return apicc_client_error(c)->status;
    long max_pages = limits ? limits->max_pages : 0;
    long max_items = limits ? limits->max_items : 0;
    long delivered = 0;
    apicc_status st = APICC_OK;
    int stop = 0;
    while (!stop && (max_pages <= 0 || p->pages < max_pages)) {
        void *page = NULL;
        st = apicc_pager_next(p, NULL, &page);
        if (st != APICC_OK || !page)
            break;
        size_t n = 0;
        const void *const *items = items_of(p, page, &n);
        for (size_t i = 0; i < n && !stop; i++) {
            if (max_items > 0 && delivered >= max_items) {
                stop = 1;
                break;
            }
            delivered++;
            stop = deliver(fn, user, items[i]) != 0;
        }
        if (max_items > 0 && delivered >= max_items)
            stop = 1;
        apicc_model_free(op->response, page);
    }
    if (limits) {
        limits->pages = p->pages;
        limits->items = delivered;
    }
    apicc_pager_free(p);
    return st;
}
