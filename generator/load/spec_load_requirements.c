/*
 * `auth:` and `default_auth:` lists: alternatives, each a scheme name or a
 * list of names that apply together (OpenAPI's security requirements: an
 * OR of ANDs).  Kept flat, as the generated descriptor is: the names in
 * order, and a flag per name telling whether it joins the one before.
 */
#include "spec_load_internal.h"

#include <stdlib.h>

typedef struct auth_list {
    char **names;
    spec_pos *pos;
    unsigned char *joined;
    size_t n;
} auth_list;

/* Appends one name; returns 0 when it was not a string. */
static int push(ld_ctx *l, const ytree_node *n, auth_list *out, int joined)
{
    char *s = ld_string(l, n);
    if (!s)
        return 0;
    out->names[out->n] = s;
    out->pos[out->n] = ld_pos(n);
    out->joined[out->n] = (unsigned char)joined;
    out->n++;
    return 1;
}

int ld_auth_list(ld_ctx *l, const ytree_node *n, char ***names,
                 spec_pos **pos, unsigned char **joined, size_t *count)
{
    auth_list list = {0}, *out = &list;
    *names = NULL;
    *pos = NULL;
    *joined = NULL;
    *count = 0;
    if (!ld_want_seq(l, n))
        return 0;
    size_t total = 0;
    for (size_t i = 0; i < n->nitems; i++)
        total += n->items[i]->kind == YTREE_SEQ ? n->items[i]->nitems : 1;
    size_t cap = total ? total : 1;
    out->names = ld_calloc(l, cap, sizeof *out->names);
    out->pos = ld_calloc(l, cap, sizeof *out->pos);
    out->joined = ld_calloc(l, cap, sizeof *out->joined);
    if (!out->names || !out->pos || !out->joined) {
        free(out->names);
        free(out->pos);
        free(out->joined);
        return 0;
    }
    for (size_t i = 0; i < n->nitems; i++) {
        const ytree_node *item = n->items[i];
        if (item->kind != YTREE_SEQ) {
            push(l, item, out, 0);
            continue;
        }
        if (item->nitems == 0) {
            ld_error(l, item, "an empty list of schemes that apply together "
                              "(write [] for no auth)");
            continue;
        }
        /* The first of the group starts an alternative; a name that was
         * not a string leaves the rest joined to what came before it. */
        size_t start = out->n;
        for (size_t k = 0; k < item->nitems; k++)
            push(l, item->items[k], out, out->n > start);
    }
    *names = out->names;
    *pos = out->pos;
    *joined = out->joined;
    *count = out->n;
    return 1;
}
