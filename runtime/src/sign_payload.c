/*
 * Signed payloads: the exact bytes a signing rule (apicc_sign_rule) says
 * to sign for one request, built part by part with no separators of its
 * own (LITERAL parts supply them).
 *
 * The one part with logic is SORTED_PARAMS: the request's name=value
 * params, minus the signature itself, sorted bytewise by name (stably, so
 * the elements of an array param keep their order) and joined with "&".
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apicc/sign.h"
#include "encode_internal.h"

/* A growable string; after a failed allocation every append is ignored,
 * so the builder checks once at the end. */
typedef struct pbuf {
    char *data;
    size_t len;
    size_t cap;
    int failed;
} pbuf;

/* Makes room for `n` more bytes and the NUL; returns 0 on failure. */
static int reserve(pbuf *b, size_t n)
{
    if (b->failed)
        return 0;
    if (n > SIZE_MAX - b->len - 1) {
        b->failed = 1;
        return 0;
    }
    size_t need = b->len + n + 1;
    if (need <= b->cap)
        return 1;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < need)
        cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    char *p = realloc(b->data, cap);
    if (!p) {
        b->failed = 1;
        return 0;
    }
    b->data = p;
    b->cap = cap;
    return 1;
}

static void put(pbuf *b, const char *s, size_t n)
{
    if (n == 0 || !reserve(b, n))
        return;
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

static void puts_(pbuf *b, const char *s)
{
    put(b, s, strlen(s));
}

/* Appends `n` bytes of value text, percent-encoded when asked. */
static void put_value(pbuf *b, const char *s, size_t n, int encode)
{
    if (!encode) {
        put(b, s, n);
        return;
    }
    size_t need = apicc__percent_encode_to(NULL, s, n);
    if (need == 0 || !reserve(b, need))
        return;
    apicc__percent_encode_to(b->data + b->len, s, n);
    b->len += need;
    b->data[b->len] = '\0';
}

/* Whether a param is a name=value member of the request (query, frame
 * params, form) rather than a header, cookie or path segment. */
static int is_kv_param(const apicc_arg *a)
{
    return a->in != APICC_IN_HEADER && a->in != APICC_IN_COOKIE &&
           a->in != APICC_IN_PATH;
}

typedef struct entry {
    const apicc_arg *arg;
    size_t index; /* position in the input: the tie-break that makes the
                     sort stable */
} entry;

static int entry_cmp(const void *x, const void *y)
{
    const entry *a = x, *b = y;
    int c = strcmp(a->arg->name, b->arg->name);
    if (c != 0)
        return c;
    return a->index < b->index ? -1 : a->index > b->index;
}

/* Writes one value's text; fails on a value that has none. */
static apicc_status put_arg_value(pbuf *b, const apicc_arg *a, int encode)
{
    char num[APICC__NUMBER_MAX];
    size_t n;
    switch (a->type) {
    case APICC_T_STRING:
        if (!a->s)
            return APICC_ERR_INVALID_ARG;
        put_value(b, a->s, strlen(a->s), encode);
        return APICC_OK;
    case APICC_T_INT:
        n = (size_t)snprintf(num, sizeof num, "%" PRId64, a->i);
        put_value(b, num, n, encode);
        return APICC_OK;
    case APICC_T_NUMBER:
        n = apicc__format_number(a->d, num);
        if (n == 0)
            return APICC_ERR_INVALID_ARG; /* NaN or infinity */
        put_value(b, num, n, encode);
        return APICC_OK;
    case APICC_T_BOOL:
        puts_(b, a->b ? "true" : "false");
        return APICC_OK;
    }
    return APICC_ERR_INVALID_ARG;
}

static apicc_status put_sorted_params(pbuf *b, const apicc_sign_rule *rule,
                                      const apicc_sign_input *in)
{
    if (in->nparams == 0)
        return APICC_OK;
    if (!in->params)
        return APICC_ERR_INVALID_ARG;
    if (in->nparams > SIZE_MAX / sizeof(entry))
        return APICC_ERR_NOMEM;
    entry *list = malloc(in->nparams * sizeof *list);
    if (!list)
        return APICC_ERR_NOMEM;
    size_t n = 0;
    for (size_t i = 0; i < in->nparams; i++) {
        const apicc_arg *a = &in->params[i];
        if (!a->name) {
            free(list);
            return APICC_ERR_INVALID_ARG;
        }
        if (!is_kv_param(a))
            continue;
        if (rule->signature_name && strcmp(a->name, rule->signature_name) == 0)
            continue;
        list[n].arg = a;
        list[n].index = i;
        n++;
    }
    qsort(list, n, sizeof *list, entry_cmp);
    apicc_status st = APICC_OK;
    for (size_t i = 0; i < n && st == APICC_OK; i++) {
        if (i > 0)
            put(b, "&", 1);
        puts_(b, list[i].arg->name);
        put(b, "=", 1);
        st = put_arg_value(b, list[i].arg, rule->percent_encode);
    }
    free(list);
    return st;
}

static apicc_status put_part(pbuf *b, const apicc_payload_part *part,
                             const apicc_sign_rule *rule,
                             const apicc_sign_input *in)
{
    char num[24];
    switch (part->kind) {
    case APICC_PART_SORTED_PARAMS:
        return put_sorted_params(b, rule, in);
    case APICC_PART_QUERY:
        if (in->query)
            puts_(b, in->query);
        return APICC_OK;
    case APICC_PART_METHOD:
        if (in->method)
            puts_(b, in->method);
        return APICC_OK;
    case APICC_PART_PATH:
        if (in->path)
            puts_(b, in->path);
        return APICC_OK;
    case APICC_PART_BODY:
        if (!in->body && in->body_len > 0)
            return APICC_ERR_INVALID_ARG;
        put(b, in->body, in->body_len);
        return APICC_OK;
    case APICC_PART_TIMESTAMP:
        snprintf(num, sizeof num, "%" PRId64, in->timestamp);
        puts_(b, num);
        return APICC_OK;
    case APICC_PART_LITERAL:
        if (!part->literal)
            return APICC_ERR_INVALID_ARG;
        puts_(b, part->literal);
        return APICC_OK;
    }
    return APICC_ERR_INVALID_ARG;
}

APICC_API apicc_status apicc_sign_payload(const apicc_sign_rule *rule,
                                          const apicc_sign_input *in,
                                          char **out)
{
    if (!out)
        return APICC_ERR_INVALID_ARG;
    *out = NULL;
    if (!rule || !in || (!rule->parts && rule->nparts > 0))
        return APICC_ERR_INVALID_ARG;
    pbuf b = {0};
    apicc_status st = APICC_OK;
    for (size_t i = 0; i < rule->nparts && st == APICC_OK; i++)
        st = put_part(&b, &rule->parts[i], rule, in);
    if (st == APICC_OK && !b.failed && !b.data)
        b.data = calloc(1, 1); /* an empty payload is "" */
    if (st == APICC_OK && (b.failed || !b.data))
        st = APICC_ERR_NOMEM;
    if (st != APICC_OK) {
        free(b.data);
        return st;
    }
    *out = b.data;
    return APICC_OK;
}
