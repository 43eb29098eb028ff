/*
 * Checks of union models beyond their references (spec_validate.c) and
 * C names (spec_validate_names.c): what an alternative may be, and that
 * a discriminator can tell the alternatives apart.
 */
#include <stdlib.h>
#include <string.h>

#include "load/spec_validate_ctx.h"
#include "load/spec_validate_unions.h"

/* Whether the runtime can hold t as an alternative: a scalar, a model,
 * any JSON, or an array of one of those. */
static int alternative_ok(vd_ctx *v, const spec_model *m,
                          const spec_property *p)
{
    const spec_type *t = p->type;
    if (t->kind == SPEC_KIND_MAP) {
        vd_error(v, t->pos, "alternative '%s' of union '%s' is a map; name "
                            "an object model with additional_properties",
                 p->json_name, m->name);
        return 0;
    }
    if (t->kind == SPEC_KIND_ARRAY && t->items &&
        (t->items->kind == SPEC_KIND_ARRAY ||
         t->items->kind == SPEC_KIND_MAP)) {
        vd_error(v, t->pos, "alternative '%s' of union '%s' is an array of "
                            "%s; name an object model that holds them",
                 p->json_name, m->name,
                 t->items->kind == SPEC_KIND_ARRAY ? "arrays" : "maps");
        return 0;
    }
    if (t->kind == SPEC_KIND_REF && t->model == m) {
        vd_error(v, t->pos, "union '%s' lists itself as an alternative",
                 m->name);
        return 0;
    }
    return 1;
}

/* The index of the alternative that is model `name`, or -1. */
static long alternative_of(const spec_model *m, const char *name)
{
    for (size_t i = 0; i < m->nprops; i++) {
        const spec_type *t = m->props[i].type;
        if (t && t->kind == SPEC_KIND_REF && t->ref &&
            strcmp(t->ref, name) == 0)
            return (long)i;
    }
    return -1;
}

static void check_discriminator(vd_ctx *v, const spec_model *m)
{
    for (size_t i = 0; i < m->nprops; i++) {
        const spec_type *t = m->props[i].type;
        if (!t)
            continue;
        if (t->kind != SPEC_KIND_REF ||
            (t->model && (t->model->kind != SPEC_MODEL_OBJECT ||
                          t->model->is_list)))
            vd_error(v, t->pos, "alternative '%s' of union '%s' is no "
                                "object model; a discriminator needs one "
                                "in every alternative",
                     m->props[i].json_name, m->name);
    }
    for (size_t i = 0; i < m->nmapping; i++) {
        const spec_mapping *e = &m->mapping[i];
        if (!e->value || !e->model)
            continue;
        if (alternative_of(m, e->model) < 0)
            vd_error(v, e->pos, "discriminator value '%s' names '%s', "
                                "which is no alternative of union '%s'",
                     e->value, e->model, m->name);
        for (size_t k = 0; k < i; k++)
            if (m->mapping[k].value &&
                strcmp(m->mapping[k].value, e->value) == 0) {
                vd_error(v, e->pos, "duplicate discriminator value '%s' "
                                    "(first at line %d)",
                         e->value, m->mapping[k].pos.line);
                break;
            }
    }
}

void vd_union(vd_ctx *v, const spec_model *m)
{
    for (size_t i = 0; i < m->nprops; i++)
        if (m->props[i].type)
            alternative_ok(v, m, &m->props[i]);
    if (m->discriminator)
        check_discriminator(v, m);
}

size_t vd_union_mapping(const spec_model *m, vd_mapping *out)
{
    size_t n = 0;
    for (size_t i = 0; i < m->nmapping; i++) {
        long k = m->mapping[i].model
                     ? alternative_of(m, m->mapping[i].model)
                     : -1;
        if (k < 0 || !m->mapping[i].value)
            continue;
        out[n].value = m->mapping[i].value;
        out[n].alt = (size_t)k;
        n++;
    }
    /* A model alternative no explicit value names goes by its model's
     * name, as OpenAPI's implicit mapping has it. */
    for (size_t k = 0; k < m->nprops; k++) {
        const spec_type *t = m->props[k].type;
        if (!t || t->kind != SPEC_KIND_REF || !t->ref)
            continue;
        int named = 0;
        for (size_t i = 0; i < n && !named; i++)
            named = out[i].alt == k;
        if (!named) {
            out[n].value = t->ref;
            out[n].alt = k;
            n++;
        }
    }
    return n;
}
