/*
 * allOf with a discriminator: inheritance.  A named object schema (the
 * base) says which member tells its kinds apart, and named schemas
 * extend it with allOf [{$ref: base}, ...], directly or through another
 * kind.  A value the document calls a base is then one of those kinds,
 * so a reference to the base reads as a union model of the kinds, the
 * base itself last (for the kinds the document does not list), with the
 * base's discriminator.  The base model stays what the kinds are merged
 * from.
 *
 * OpenAPI 3 writes the discriminator as {propertyName, mapping}; Swagger
 * 2.0 as the member's name alone, its values being the schemas' names.
 * A base that has oneOf/anyOf of its own is a union already and is left
 * to openapi_unions.c.
 */
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "import/import_doc.h"
#include "import/openapi/openapi.h"

/* Whether named schema j's allOf refers to named schema i. */
static int extends(oa_ctx *c, size_t j, size_t i)
{
    const char *ptr = c->comps[i].ptr;
    const cJSON *m;
    cJSON_ArrayForEach(m, oa_key(c, c->comps[j].node, OA_ALLOF))
    {
        const cJSON *ref = cJSON_IsObject(m) ? oa_key(c, m, OA_REF) : NULL;
        if (ptr && cJSON_IsString(ref) && ref->valuestring[0] == '#' &&
            strcmp(ref->valuestring + 1, ptr) == 0)
            return 1;
    }
    return 0;
}

static int listed(const size_t *v, size_t n, size_t x)
{
    for (size_t k = 0; k < n; k++)
        if (v[k] == x)
            return 1;
    return 0;
}

/* The object-model kinds of base i, in document order of discovery:
 * those extending it, then those extending them.  *n set; caller frees. */
static size_t *kinds_of(oa_ctx *c, size_t i, size_t *n)
{
    size_t *v = malloc(c->ncomps * sizeof *v);
    *n = 0;
    if (!v) {
        c->sp->oom = 1;
        return NULL;
    }
    /* v doubles as the work list: kinds found are searched in turn. */
    size_t parent = i;
    for (size_t head = 0;; head++) {
        for (size_t j = 0; j < c->ncomps; j++) {
            const oa_comp *k = &c->comps[j];
            if (j == i || k->model == IMP_NONE ||
                c->sp->models[k->model].is_enum || listed(v, *n, j))
                continue;
            if (extends(c, j, parent))
                v[(*n)++] = j;
        }
        if (head >= *n)
            break;
        parent = v[head];
    }
    return v;
}

/* The union of base i's kinds (and i), with its discriminator; IMP_NONE
 * when out of memory. */
static size_t kinds_union(oa_ctx *c, size_t i, const size_t *kinds,
                          size_t n, const cJSON *disc)
{
    buf b;
    buf_init(&b);
    buf_printf(&b, "%s_kinds", c->comps[i].name);
    char *base = buf_take(&b);
    char *unique = base ? oa_unique_model_name(c, base) : NULL;
    free(base);
    size_t idx = unique ? imp_add_model(c->sp, unique) : IMP_NONE;
    free(unique);
    if (idx == IMP_NONE) {
        c->sp->oom = 1;
        return IMP_NONE;
    }
    /* Written after the base, and left out when nothing refers to it. */
    c->sp->models[idx].parent = c->comps[i].model;
    c->sp->models[idx].hoisted = 1;
    c->sp->models[idx].is_union = 1;
    c->sp->models[idx].description =
        imp_save(c->sp, "One of the kinds that extend the model by allOf, "
                        "by the discriminator.");
    for (size_t k = 0; k <= n; k++) {
        size_t comp = k < n ? kinds[k] : i;
        size_t model = c->comps[comp].model;
        oa_want(c, comp);
        imp_prop *p = imp_add_prop(c->sp, idx, c->sp->models[model].name);
        imp_type *t = imp_type_new(c->sp, IMP_REF);
        if (!p || !t)
            return IMP_NONE;
        t->model = model;
        p->type = t;
        p->required = 1;
    }
    char *saved = oa_ptr_swap(c, c->comps[i].ptr);
    if (cJSON_IsString(disc)) /* Swagger 2.0 */
        oa_union_discriminator(c, idx, disc->valuestring, NULL);
    else {
        const cJSON *prop =
            cJSON_GetObjectItemCaseSensitive(disc, "propertyName");
        if (cJSON_IsString(prop))
            oa_union_discriminator(
                c, idx, prop->valuestring,
                cJSON_GetObjectItemCaseSensitive(disc, "mapping"));
    }
    oa_ptr_restore(c, saved);
    return idx;
}

size_t oa_inherited_union(oa_ctx *c, size_t i)
{
    oa_comp *k = &c->comps[i];
    if (k->kinds_state)
        return k->kinds;
    k->kinds_state = 1;
    k->kinds = IMP_NONE;
    const cJSON *disc = oa_key(c, k->node, OA_DISCRIMINATOR);
    if (k->model == IMP_NONE || c->sp->models[k->model].is_enum ||
        !(cJSON_IsString(disc) || cJSON_IsObject(disc)) ||
        oa_key(c, k->node, OA_ONEOF) || oa_key(c, k->node, OA_ANYOF))
        return IMP_NONE;
    size_t n;
    size_t *kinds = kinds_of(c, i, &n);
    if (kinds && n > 0)
        c->comps[i].kinds = kinds_union(c, i, kinds, n, disc);
    free(kinds);
    return c->comps[i].kinds;
}
