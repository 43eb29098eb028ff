/*
 * Loading union models (`type: union`): the alternatives, each a type as
 * under `items:` (a model, a scalar, an array), the optional
 * discriminator with its mapping, and what a value no alternative fits
 * (or two fit) becomes.  The alternatives are kept as the model's
 * properties (spec.h), so references, selection, freeing and C member
 * names work for them as for an object's members.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/diag.h"
#include "load/spec_load_internal.h"

static const char *const alternative_keys[] = {
    "type",   "$ref",   "items",       "values", "properties",
    "enum",   "format", "c_name", "description", NULL};
static const char *const discriminator_keys[] = {"property", "mapping",
                                                 NULL};
static const char *const discriminator_required[] = {"property", NULL};

static const ld_name unmatched_names[] = {{"unknown", 0}, {"error", 1}};
static const ld_name ambiguous_names[] = {{"first", 0}, {"error", 1}};

/* The name an alternative goes by when it has no c_name: its model's
 * name, the scalar type's name, or "<element>_list" for an array. */
static char *alternative_name(ld_ctx *l, const spec_type *t)
{
    static const char *const scalar[] = {
        [SPEC_KIND_STRING] = "string", [SPEC_KIND_INTEGER] = "integer",
        [SPEC_KIND_NUMBER] = "number", [SPEC_KIND_BOOLEAN] = "boolean",
        [SPEC_KIND_ANY] = "any"};
    if (t->kind == SPEC_KIND_REF)
        return ld_strdup(l, t->ref ? t->ref : "");
    if ((t->kind == SPEC_KIND_ARRAY || t->kind == SPEC_KIND_MAP) && t->items) {
        char *inner = alternative_name(l, t->items);
        if (!inner)
            return NULL;
        size_t n = strlen(inner) + 6;
        char *s = malloc(n);
        if (s)
            snprintf(s, n, "%s_%s", inner,
                     t->kind == SPEC_KIND_ARRAY ? "list" : "map");
        else
            l->oom = 1;
        free(inner);
        return s;
    }
    const char *name = (size_t)t->kind < sizeof scalar / sizeof scalar[0]
                           ? scalar[t->kind]
                           : NULL;
    return ld_strdup(l, name ? name : "value");
}

static void ld_alternative(ld_ctx *l, const ytree_node *n,
                           const char *model_name, size_t index,
                           spec_property *p)
{
    p->pos = ld_pos(n);
    p->required = 1;
    if (!ld_want_map(l, n))
        return;
    ld_keys(l, n, "alternative", alternative_keys, NULL);
    /* An inline object or enum is hoisted as "<Union>_<n>". */
    char hoist[32];
    snprintf(hoist, sizeof hoist, "%zu", index + 1);
    size_t len = strlen(model_name) + sizeof hoist + 2;
    char *hoist_name = malloc(len);
    if (!hoist_name) {
        l->oom = 1;
        return;
    }
    snprintf(hoist_name, len, "%s_%s", model_name, hoist);
    p->type = ld_type(l, n, LD_TYPE_ELEMENT, "alternative", hoist_name, n);
    free(hoist_name);
    ld_opt_string(l, n, "c_name", &p->c_name);
    ld_opt_string(l, n, "description", &p->description);
    if (p->type)
        p->json_name = alternative_name(l, p->type);
}

static void ld_mapping(ld_ctx *l, const ytree_node *n, spec_model *m)
{
    if (!ld_want_map(l, n))
        return;
    m->mapping = ld_calloc(l, n->npairs ? n->npairs : 1, sizeof(*m->mapping));
    if (!m->mapping)
        return;
    for (size_t i = 0; i < n->npairs; i++) {
        spec_mapping *e = &m->mapping[m->nmapping];
        const ytree_node *model = n->pairs[i].value;
        e->value = ld_strdup(l, n->pairs[i].key->text);
        e->pos = ld_pos(n->pairs[i].key);
        e->model = ld_string(l, model);
        m->nmapping++;
        if (!e->model)
            continue;
        /* OpenAPI writes mapping targets as references: take the last
         * segment, so "#/components/schemas/Cat" works as "Cat" does. */
        const char *slash = strrchr(e->model, '/');
        if (slash)
            memmove(e->model, slash + 1, strlen(slash + 1) + 1);
    }
}

static void ld_discriminator(ld_ctx *l, const ytree_node *n, spec_model *m)
{
    if (!ld_want_map(l, n))
        return;
    ld_keys(l, n, "discriminator", discriminator_keys,
            discriminator_required);
    const ytree_node *prop = ytree_get(n, "property");
    if (prop) {
        m->discriminator = ld_string(l, prop);
        m->discriminator_pos = ld_pos(prop);
    }
    const ytree_node *mapping = ytree_get(n, "mapping");
    if (mapping)
        ld_mapping(l, mapping, m);
}

void ld_union(ld_ctx *l, const ytree_node *n, const char *model_name,
              spec_model *m)
{
    const ytree_node *alts = ytree_get(n, "alternatives");
    if (!alts) {
        ld_error(l, n, "missing required key 'alternatives' in union model");
    } else if (ld_want_seq(l, alts)) {
        if (alts->nitems == 0)
            ld_error(l, alts, "'alternatives' must list at least one type");
        m->props = ld_calloc(l, alts->nitems ? alts->nitems : 1,
                             sizeof(*m->props));
        if (m->props) {
            m->nprops = alts->nitems;
            for (size_t i = 0; i < alts->nitems; i++)
                ld_alternative(l, alts->items[i], model_name, i,
                               &m->props[i]);
        }
    }
    const ytree_node *disc = ytree_get(n, "discriminator");
    if (disc)
        ld_discriminator(l, disc, m);
    ld_opt_bool(l, n, "nullable", &m->nullable);
    const ytree_node *v = ytree_get(n, "unmatched");
    if (v)
        ld_enum(l, v, "unmatched", unmatched_names, 2, "",
                &m->unmatched_error);
    v = ytree_get(n, "ambiguous");
    if (v)
        ld_enum(l, v, "ambiguous", ambiguous_names, 2, "",
                &m->ambiguous_error);
}
