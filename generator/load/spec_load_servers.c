/*
 * Loading what goes to every request of a server: a server URL's
 * variables ("{region}") and the constant headers of the provider.
 */
#include <stdlib.h>
#include <string.h>

#include "load/spec_load_internal.h"

static const char *const var_keys[] = {"default", "enum", "description",
                                       NULL};
static const char *const var_required[] = {"default", NULL};

static void ld_var(ld_ctx *l, const ytree_node *key, const ytree_node *n,
                   spec_server_var *v)
{
    v->name = ld_strdup(l, key->text);
    v->pos = ld_pos(key);
    if (!ld_want_map(l, n))
        return;
    ld_keys(l, n, "server variable", var_keys, var_required);
    const ytree_node *d = ytree_get(n, "default");
    if (d) {
        v->default_value = ld_string(l, d);
        v->default_pos = ld_pos(d);
    }
    ld_opt_string(l, n, "description", &v->description);
    const ytree_node *e = ytree_get(n, "enum");
    if (!e)
        return;
    spec_pos *pos = NULL;
    ld_string_list(l, e, &v->values, &pos, &v->nvalues);
    free(pos);
    if (e->kind == YTREE_SEQ && e->nitems == 0)
        ld_error(l, e, "'enum' must list at least one value");
}

void ld_server_vars(ld_ctx *l, const ytree_node *n, spec_server *sv)
{
    if (!ld_want_map(l, n))
        return;
    sv->vars = ld_calloc(l, n->npairs ? n->npairs : 1, sizeof(*sv->vars));
    if (!sv->vars)
        return;
    sv->nvars = n->npairs;
    for (size_t i = 0; i < n->npairs; i++)
        ld_var(l, n->pairs[i].key, n->pairs[i].value, &sv->vars[i]);
}

void ld_const_headers(ld_ctx *l, const ytree_node *n)
{
    spec *s = l->s;
    if (!ld_want_map(l, n))
        return;
    if (s->transport == SPEC_TRANSPORT_WEBSOCKET) {
        ld_error(l, n, "'headers' is not allowed in a websocket spec");
        return;
    }
    s->headers = ld_calloc(l, n->npairs ? n->npairs : 1, sizeof(*s->headers));
    if (!s->headers)
        return;
    s->nheaders = n->npairs;
    for (size_t i = 0; i < n->npairs; i++) {
        spec_const_header *h = &s->headers[i];
        h->name = ld_strdup(l, n->pairs[i].key->text);
        h->pos = ld_pos(n->pairs[i].key);
        h->value = ld_string(l, n->pairs[i].value);
    }
}
