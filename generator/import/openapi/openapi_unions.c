/*
 * oneOf and anyOf to union models (spec `type: union`).
 *
 * The alternatives keep their order: the runtime takes the first that a
 * value fits, which is oneOf's meaning for well-formed documents and
 * anyOf's documented reading.  A `discriminator` becomes the union's,
 * with its mapping written out in full (an implicit value is the schema's
 * name, which the spec's own default, the model's name, may not be once
 * names are made unique; and the one value the alternative's member can
 * take, which is what documents that give no mapping actually send).
 * An alternative the runtime cannot hold (no
 * fixed shape, arrays of arrays) is left out: a value of it reads as
 * UNKNOWN, its JSON kept.  A map alternative becomes an object model of
 * its entries.  Like an inline object, a union is one model per schema
 * node, registered before its alternatives are read, so a union that
 * contains itself ends.  Beyond that, inline unions that say the same
 * (the same keyword, alternatives, discriminator and nullability; their
 * descriptions aside) are one model, named after the first: an API that
 * answers several operations with the same inline oneOf gets one type
 * for all of them, not one per operation.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "import/import_doc.h"
#include "import/openapi/openapi.h"

static imp_type *ref_type(oa_ctx *c, size_t model)
{
    imp_type *t = imp_type_new(c->sp, IMP_REF);
    if (t)
        t->model = model;
    return t;
}

/* The name an alternative goes by, as the spec loader derives it: the
 * model's name, the scalar's, "<element>_list" for an array. */
static char *alternative_name(oa_ctx *c, const imp_type *t)
{
    static const char *const words[] = {"string", "integer", "number",
                                        "boolean", "", "", "", "any"};
    buf b;
    buf_init(&b);
    int lists = 0;
    for (; t && t->kind == IMP_ARRAY; t = t->items)
        lists++;
    if (t && t->kind == IMP_REF)
        buf_puts(&b, c->sp->models[t->model].name);
    else
        buf_puts(&b, t ? words[t->kind] : "any");
    while (lists-- > 0)
        buf_puts(&b, "_list");
    char *s = buf_take(&b);
    if (!s)
        c->sp->oom = 1;
    return s;
}

static int same_type(const imp_type *a, const imp_type *b)
{
    for (; a && b; a = a->items, b = b->items)
        if (a->kind != b->kind || a->model != b->model)
            return 0;
    return !a && !b;
}

/* A map alternative as an object model of its entries alone. */
static imp_type *map_model(oa_ctx *c, imp_type *map, const char *name,
                           size_t parent)
{
    char *unique = oa_unique_model_name(c, name);
    size_t idx = unique ? imp_add_model(c->sp, unique) : IMP_NONE;
    free(unique);
    if (idx == IMP_NONE)
        return NULL;
    c->sp->models[idx].parent = parent;
    c->sp->models[idx].hoisted = 1;
    imp_prop *p = imp_add_prop(c->sp, idx, "additional_properties");
    if (!p)
        return NULL;
    p->rest = 1;
    p->type = map->items ? map->items : imp_type_new(c->sp, IMP_ANY);
    return ref_type(c, idx);
}

/* Reads alternative i of the union (model idx) and adds it, unless the
 * runtime cannot hold it or an earlier alternative is the same type. */
static void add_alternative(oa_ctx *c, size_t idx, const cJSON *alt,
                            const char *key, size_t i, const char *name)
{
    size_t len = oa_push(c, key);
    oa_push_index(c, i);
    char hoist[64];
    snprintf(hoist, sizeof hoist, "%zu", i + 1);
    buf hb;
    buf_init(&hb);
    buf_printf(&hb, "%s_%s", name, hoist);
    char *hname = buf_take(&hb);
    oa_info ai = {0};
    imp_type *t = hname ? oa_schema_type(c, alt, hname, idx, &ai) : NULL;
    if (t && t->kind == IMP_MAP && hname)
        t = map_model(c, t, hname, idx);
    free(hname);
    oa_pop(c, len);
    if (!t)
        return;
    imp_model *m = &c->sp->models[idx];
    if (ai.nullable)
        m->nullable = 1;
    if (t->kind == IMP_ANY ||
        (t->kind == IMP_ARRAY && t->items &&
         (t->items->kind == IMP_ARRAY || t->items->kind == IMP_MAP)))
        return;
    for (size_t k = 0; k < m->nprops; k++)
        if (same_type(m->props[k].type, t))
            return;
    char *alt_name = alternative_name(c, t);
    imp_prop *p = alt_name ? imp_add_prop(c->sp, idx, alt_name) : NULL;
    free(alt_name);
    if (!p)
        return;
    p->type = t;
    p->required = 1;
    p->description = imp_text(c->sp, ai.description);
}

/* The model a mapping target ("#/components/schemas/Cat") names, or
 * IMP_NONE. */
static size_t mapping_target(oa_ctx *c, const char *ref)
{
    cJSON *tmp = cJSON_CreateObject();
    if (!tmp || !cJSON_AddStringToObject(tmp, "$ref", ref)) {
        cJSON_Delete(tmp);
        c->sp->oom = 1;
        return IMP_NONE;
    }
    const cJSON *t = oa_deref(c, tmp, NULL);
    /* oa_key remembers the last node by address: forget the one freed */
    c->keys.node = NULL;
    cJSON_Delete(tmp);
    size_t comp = t ? imp_pmap_get(&c->comp_by_node, t, IMP_NONE) : IMP_NONE;
    return comp == IMP_NONE ? IMP_NONE : c->comps[comp].model;
}

/* Whether model `target` is one of union idx's alternatives. */
static int is_alternative(const imp_model *m, size_t target)
{
    for (size_t k = 0; k < m->nprops; k++)
        if (m->props[k].type->kind == IMP_REF &&
            m->props[k].type->model == target)
            return 1;
    return 0;
}

static int mapped(const imp_model *m, size_t target)
{
    for (size_t k = 0; k < m->nmapping; k++)
        if (m->mapping[k].model == target)
            return 1;
    return 0;
}

static int value_mapped(const imp_model *m, const char *value)
{
    for (size_t k = 0; k < m->nmapping; k++)
        if (strcmp(m->mapping[k].value, value) == 0)
            return 1;
    return 0;
}

/* The one string member `property` of object schema s can hold (a
 * one-value enum or a const), looked for in s and the allOf members it
 * is made of; NULL when none or several. */
static const char *only_value(oa_ctx *c, const cJSON *s, const char *property,
                              int depth)
{
    s = s ? oa_deref(c, s, NULL) : NULL;
    if (!s || depth > 8)
        return NULL;
    const cJSON *p = cJSON_GetObjectItemCaseSensitive(
        oa_key(c, s, OA_PROPERTIES), property);
    if (p) {
        p = oa_deref(c, p, NULL);
        const cJSON *k = oa_key(c, p, OA_CONST);
        if (cJSON_IsString(k))
            return k->valuestring;
        const cJSON *e = oa_key(c, p, OA_ENUM);
        if (cJSON_GetArraySize(e) == 1 && cJSON_IsString(e->child))
            return e->child->valuestring;
        return NULL;
    }
    const cJSON *m;
    cJSON_ArrayForEach(m, oa_key(c, s, OA_ALLOF))
    {
        const char *v = only_value(c, m, property, depth + 1);
        if (v)
            return v;
    }
    return NULL;
}

void oa_union_discriminator(oa_ctx *c, size_t idx, const char *property,
                            const cJSON *mapping)
{
    const imp_model *m = &c->sp->models[idx];
    for (size_t k = 0; k < m->nprops; k++) {
        const imp_type *t = m->props[k].type;
        if (t->kind != IMP_REF || c->sp->models[t->model].is_enum ||
            c->sp->models[t->model].is_union) {
            size_t len = oa_push(c, "discriminator");
            oa_warn(c, "discriminator left out: alternative %zu is no "
                       "object; the first alternative that fits is taken",
                    k + 1);
            oa_pop(c, len);
            return;
        }
    }
    c->sp->models[idx].discriminator = imp_save(c->sp, property);
    const cJSON *e;
    cJSON_ArrayForEach(e, mapping)
    {
        if (!cJSON_IsString(e) || !e->string)
            continue;
        size_t target = mapping_target(c, e->valuestring);
        if (target != IMP_NONE && is_alternative(&c->sp->models[idx], target))
            imp_add_mapping(c->sp, idx, e->string, target);
    }
    /* Implicit values: the schema's name. */
    for (size_t k = 0; k < c->sp->models[idx].nprops; k++) {
        size_t target = c->sp->models[idx].props[k].type->model;
        if (mapped(&c->sp->models[idx], target))
            continue;
        for (size_t i = 0; i < c->ncomps; i++)
            if (c->comps[i].model == target) {
                imp_add_mapping(c->sp, idx, c->comps[i].name, target);
                break;
            }
    }
    /* And the one value an alternative's discriminator member can take
     * (`enum: [function]` or `const: function`): documents that give no
     * mapping send that value, not the schema's name (OpenAI's tool
     * calls, output items and content parts). */
    for (size_t k = 0; k < c->sp->models[idx].nprops; k++) {
        size_t target = c->sp->models[idx].props[k].type->model;
        const char *v = NULL;
        for (size_t i = 0; i < c->ncomps && !v; i++)
            if (c->comps[i].model == target)
                v = only_value(c, c->comps[i].node, property, 0);
        if (v && !value_mapped(&c->sp->models[idx], v))
            imp_add_mapping(c->sp, idx, v, target);
    }
}

/* The discriminator object of OpenAPI 3 ({propertyName, mapping}) of
 * union s. */
static void discriminator(oa_ctx *c, size_t idx, const cJSON *s,
                          oa_keyword kw, const cJSON *d)
{
    const cJSON *prop = cJSON_GetObjectItemCaseSensitive(d, "propertyName");
    if (!cJSON_IsString(prop))
        return;
    oa_union_discriminator(c, idx, prop->valuestring,
                           cJSON_GetObjectItemCaseSensitive(d, "mapping"));
    if (!c->sp->models[idx].discriminator)
        return;
    /* An inline alternative has no schema name: only the one value of
     * its member can name it. */
    const cJSON *alt;
    cJSON_ArrayForEach(alt, oa_key(c, s, kw))
    {
        size_t target = imp_pmap_get(&c->hoisted, alt, IMP_NONE);
        const char *v = target != IMP_NONE
                            ? only_value(c, alt, prop->valuestring, 0)
                            : NULL;
        if (v && is_alternative(&c->sp->models[idx], target) &&
            !value_mapped(&c->sp->models[idx], v))
            imp_add_mapping(c->sp, idx, v, target);
    }
}

/* A new union model for s; *out is its index. */
static imp_type *read_union(oa_ctx *c, const cJSON *s, const char *key,
                            oa_keyword kw, const char *name, size_t parent,
                            int nullable, size_t *out)
{
    size_t idx;
    char *unique = oa_unique_model_name(c, name);
    idx = unique ? imp_add_model(c->sp, unique) : IMP_NONE;
    free(unique);
    if (idx == IMP_NONE || !imp_pmap_put(&c->hoisted, s, idx)) {
        c->sp->oom = 1;
        return NULL;
    }
    *out = idx;
    imp_model *m = &c->sp->models[idx];
    m->parent = parent;
    m->hoisted = 1;
    m->is_union = 1;
    m->nullable = nullable;
    const cJSON *d = oa_key(c, s, OA_DESCRIPTION);
    m->description = imp_text(c->sp, cJSON_IsString(d) ? d->valuestring
                                                        : NULL);
    const cJSON *alt;
    size_t i = 0;
    cJSON_ArrayForEach(alt, oa_key(c, s, kw))
    {
        if (cJSON_IsObject(alt) && !oa_constraint_only(c, alt) &&
            !oa_is_null_schema(c, alt))
            add_alternative(c, idx, alt, key, i, name);
        i++;
    }
    const cJSON *disc = oa_key(c, s, OA_DISCRIMINATOR);
    if (cJSON_IsObject(disc) && c->sp->models[idx].nprops)
        discriminator(c, idx, s, kw, disc);
    if (c->sp->models[idx].nprops == 0) {
        size_t len = oa_push(c, key);
        oa_warn(c, "%s with no alternative of a fixed shape kept as raw "
                   "JSON (type any)", key);
        oa_pop(c, len);
        return imp_type_new(c->sp, IMP_ANY);
    }
    return ref_type(c, idx);
}

/* Whether an alternative of s is a named schema ($ref).  Only such
 * unions are shared: "one of these schemas" means the same wherever it
 * is written, while a union of scalars (string or integer) is a detail
 * of its place, and a type named after another place would mislead. */
static int names_a_schema(oa_ctx *c, const cJSON *s, oa_keyword kw)
{
    const cJSON *alt;
    cJSON_ArrayForEach(alt, oa_key(c, s, kw))
    {
        if (oa_key(c, alt, OA_REF))
            return 1;
    }
    return 0;
}

/* The text that says what union s is, for union_by_shape; NULL when
 * out of memory.  References are written as they are: after bundling
 * (openapi_files.c) every $ref is local to the one document, so the same
 * text names the same schemas. */
static char *shape_text(oa_ctx *c, const cJSON *s, oa_keyword kw,
                        int nullable)
{
    char *alts = cJSON_PrintUnformatted(oa_key(c, s, kw));
    const cJSON *d = oa_key(c, s, OA_DISCRIMINATOR);
    char *disc = d ? cJSON_PrintUnformatted(d) : NULL;
    buf b;
    buf_init(&b);
    if (alts && (disc || !d))
        buf_printf(&b, "%s %d %s %s", kw == OA_ANYOF ? "anyOf" : "oneOf",
                   nullable, alts, disc ? disc : "-");
    else
        b.failed = 1;
    free(alts);
    free(disc);
    char *text = buf_take(&b);
    if (!text)
        c->sp->oom = 1;
    return text;
}

imp_type *oa_union(oa_ctx *c, const cJSON *s, const char *key, oa_keyword kw,
                   const char *name, size_t parent, int nullable)
{
    size_t idx = imp_pmap_get(&c->hoisted, s, IMP_NONE);
    if (idx != IMP_NONE)
        return ref_type(c, idx); /* also while it is being read */
    if (!names_a_schema(c, s, kw))
        return read_union(c, s, key, kw, name, parent, nullable, &idx);
    char *shape = shape_text(c, s, kw, nullable);
    if (!shape)
        return NULL;
    idx = imp_map_get(&c->union_by_shape, shape, IMP_NONE);
    if (idx != IMP_NONE) {
        free(shape);
        if (!imp_pmap_put(&c->hoisted, s, idx)) {
            c->sp->oom = 1;
            return NULL;
        }
        return ref_type(c, idx);
    }
    imp_type *t = read_union(c, s, key, kw, name, parent, nullable, &idx);
    /* Only a union that became a model is shared: one kept as raw JSON
     * is reported, and so is each other place that writes it. */
    if (t && t->kind == IMP_REF &&
        !imp_map_put(&c->union_by_shape, shape, idx))
        c->sp->oom = 1;
    free(shape);
    return t;
}
