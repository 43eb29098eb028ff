/*
 * Schemas to models and types.
 *
 * A named schema that is an object (or an allOf of objects) becomes an
 * object model of that name; a named string enum becomes an enum model;
 * any other named schema is an alias, inlined where it is used.  Inline
 * objects and string enums are hoisted into models named after where
 * they sit ("<Model>_<prop>"), once per schema node, so a schema reached
 * twice is one model and a recursive one ends.  allOf is merged into one
 * flat model.  oneOf and anyOf keep the value as raw JSON (type any) with
 * a warning, except where they only say "this, or null" or add
 * constraints.  Nullable comes from `nullable` (3.0), `x-nullable` (2.0),
 * a "null" in `type` (3.1) or null among the enum values.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "import/import_doc.h"
#include "import/openapi/openapi.h"

enum {
    T_STRING = 1,
    T_INTEGER = 2,
    T_NUMBER = 4,
    T_BOOLEAN = 8,
    T_ARRAY = 16,
    T_OBJECT = 32,
    T_NULL = 64,
    T_FILE = 128
};

static const cJSON *get(const cJSON *o, const char *key)
{
    return cJSON_GetObjectItemCaseSensitive(o, key);
}

static unsigned type_bit(const char *name)
{
    static const struct {
        const char *name;
        unsigned bit;
    } names[] = {{"string", T_STRING},   {"integer", T_INTEGER},
                 {"number", T_NUMBER},   {"boolean", T_BOOLEAN},
                 {"array", T_ARRAY},     {"object", T_OBJECT},
                 {"null", T_NULL},       {"file", T_FILE}};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(name, names[i].name) == 0)
            return names[i].bit;
    return 0;
}

/* The types `type` names: one string, or a list of them (3.1). */
static unsigned type_bits(oa_ctx *c, const cJSON *s)
{
    const cJSON *t = oa_key(c, s, OA_TYPE);
    if (cJSON_IsString(t))
        return type_bit(t->valuestring);
    unsigned bits = 0;
    const cJSON *e;
    if (!cJSON_IsArray(t))
        return 0;
    cJSON_ArrayForEach(e, t)
    {
        if (cJSON_IsString(e))
            bits |= type_bit(e->valuestring);
    }
    return bits;
}

/* Counts the string values of `enum`; *has_null and *has_other tell of
 * null and of numbers or booleans. */
static size_t enum_strings(oa_ctx *c, const cJSON *s, int *has_null, int *has_other)
{
    const cJSON *en = oa_key(c, s, OA_ENUM), *e;
    size_t n = 0;
    *has_null = *has_other = 0;
    if (!cJSON_IsArray(en))
        return 0;
    cJSON_ArrayForEach(e, en)
    {
        if (cJSON_IsString(e))
            n++;
        else if (cJSON_IsNull(e))
            *has_null = 1;
        else
            *has_other = 1;
    }
    return n;
}

static void read_info(oa_ctx *c, const cJSON *s, oa_info *info)
{
    if (cJSON_IsTrue(oa_key(c, s, OA_NULLABLE)) ||
        cJSON_IsTrue(oa_key(c, s, OA_X_NULLABLE)) ||
        (type_bits(c, s) & T_NULL))
        info->nullable = 1;
    int has_null, other;
    enum_strings(c, s, &has_null, &other);
    if (has_null)
        info->nullable = 1;
    if (cJSON_IsTrue(oa_key(c, s, OA_DEPRECATED)))
        info->deprecated = 1;
    const cJSON *d = oa_key(c, s, OA_DESCRIPTION);
    if (!info->description && cJSON_IsString(d))
        info->description = d->valuestring;
}

/* Whether a schema (after following $ref) describes an object: it has
 * properties, composes objects with allOf, or says type object. */
static int objectish(oa_ctx *c, const cJSON *s)
{
    const cJSON *t = oa_deref(c, s, NULL);
    if (!cJSON_IsObject(t))
        return 0;
    unsigned bits = type_bits(c, t) & ~T_NULL;
    if (bits && bits != T_OBJECT)
        return 0;
    return bits == T_OBJECT || cJSON_IsObject(oa_key(c, t, OA_PROPERTIES)) ||
           cJSON_IsArray(oa_key(c, t, OA_ALLOF));
}

/* allOf members that bring an object; the others only add constraints,
 * a description or nullable. */
static size_t allof_objects(oa_ctx *c, const cJSON *s, const cJSON **one,
                            size_t *one_index)
{
    const cJSON *all = oa_key(c, s, OA_ALLOF), *m;
    size_t n = 0, i = 0;
    cJSON_ArrayForEach(m, all)
    {
        if (cJSON_IsObject(m) &&
            (oa_key(c, m, OA_REF) || oa_key(c, m, OA_TYPE) || oa_key(c, m, OA_PROPERTIES) ||
             oa_key(c, m, OA_ALLOF) || oa_key(c, m, OA_ONEOF) || oa_key(c, m, OA_ANYOF) ||
             oa_key(c, m, OA_ITEMS) || oa_key(c, m, OA_ENUM))) {
            if (n == 0 && one) {
                *one = m;
                *one_index = i;
            }
            n++;
        }
        i++;
    }
    return n;
}

/* Whether s is an inline object that becomes a model of its own. */
static int is_object_model(oa_ctx *c, const cJSON *s)
{
    unsigned bits = type_bits(c, s) & ~T_NULL;
    if (bits && bits != T_OBJECT)
        return 0;
    const cJSON *props = oa_key(c, s, OA_PROPERTIES);
    if (cJSON_IsObject(props) && props->child)
        return 1;
    if (!cJSON_IsArray(oa_key(c, s, OA_ALLOF)))
        return 0;
    const cJSON *m;
    size_t objects = 0;
    cJSON_ArrayForEach(m, oa_key(c, s, OA_ALLOF))
    {
        if (objectish(c, m))
            objects++;
    }
    return objects >= 2;
}

static int is_string_enum(oa_ctx *c, const cJSON *s)
{
    unsigned bits = type_bits(c, s) & ~T_NULL;
    int has_null, other;
    size_t n = enum_strings(c, s, &has_null, &other);
    if (bits == T_STRING)
        return n > 0 || other;
    return bits == 0 && n > 0 && !other;
}

static imp_type *ref_to(oa_ctx *c, size_t model)
{
    if (model == IMP_NONE)
        return imp_type_new(c->sp, IMP_ANY);
    imp_type *t = imp_type_new(c->sp, IMP_REF);
    if (t)
        t->model = model;
    return t;
}

/* ---- named schemas ------------------------------------------------ */

void oa_want(oa_ctx *c, size_t i)
{
    oa_comp *k = &c->comps[i];
    if (k->model == IMP_NONE || k->queued)
        return;
    k->queued = 1;
    c->queue[c->nqueue++] = i; /* sized for every comp */
}

static imp_type *comp_type(oa_ctx *c, size_t i, oa_info *info)
{
    oa_comp *k = &c->comps[i];
    if (k->model != IMP_NONE) {
        if (k->nullable)
            info->nullable = 1;
        oa_want(c, i);
        size_t kinds = oa_inherited_union(c, i);
        return ref_to(c, kinds != IMP_NONE ? kinds : c->comps[i].model);
    }
    if (k->state == 1) {
        oa_warn(c, "schema '%s' contains itself through schemas that are "
                   "no objects; kept as raw JSON (type any)", k->name);
        return imp_type_new(c->sp, IMP_ANY);
    }
    if (k->state == 0) {
        k->state = 1;
        char *saved = oa_ptr_swap(c, k->ptr);
        oa_info ai = {0};
        imp_type *t = oa_schema_type(c, k->node, k->name, IMP_NONE, &ai);
        oa_ptr_restore(c, saved);
        k = &c->comps[i];
        k->alias = t;
        k->nullable |= ai.nullable;
        k->state = 2;
    }
    if (k->nullable)
        info->nullable = 1;
    return k->alias ? imp_type_copy(c->sp, k->alias)
                    : imp_type_new(c->sp, IMP_ANY);
}

static imp_type *ref_type(oa_ctx *c, const cJSON *s, const char *name,
                          size_t parent, oa_info *info)
{
    /* Siblings of $ref count (3.1 allows them; 3.0 documents write them
     * anyway and mean them). */
    read_info(c, s, info);
    const char *tptr;
    const cJSON *t = oa_deref(c, s, &tptr);
    if (!t)
        return imp_type_new(c->sp, IMP_ANY);
    size_t comp = imp_pmap_get(&c->comp_by_node, t, IMP_NONE);
    if (comp != IMP_NONE)
        return comp_type(c, comp, info);
    char *saved = oa_ptr_swap(c, tptr ? tptr : "");
    imp_type *r = oa_schema_type(c, t, name, parent, info);
    oa_ptr_restore(c, saved);
    return r;
}

/* ---- alternatives ------------------------------------------------ */

int oa_is_null_schema(oa_ctx *c, const cJSON *m)
{
    unsigned bits = type_bits(c, m);
    int has_null, other;
    size_t n = enum_strings(c, m, &has_null, &other);
    return bits == T_NULL || (bits == 0 && has_null && !n && !other);
}

/* A member that only adds constraints (required, not, a title). */
int oa_constraint_only(oa_ctx *c, const cJSON *m)
{
    static const oa_keyword keys[] = {
        OA_REF,   OA_TYPE,  OA_PROPERTIES, OA_ITEMS, OA_ALLOF,
        OA_ONEOF, OA_ANYOF, OA_ENUM,       OA_CONST, OA_ADDITIONAL};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        if (oa_key(c, m, keys[i]))
            return 0;
    return 1;
}

/* The scalar kind of a member, 0 when it is no plain scalar. */
static unsigned scalar_bits(oa_ctx *c, const cJSON *m)
{
    const cJSON *t = oa_deref(c, m, NULL);
    if (!t || oa_key(c, t, OA_ENUM))
        return 0;
    unsigned bits = type_bits(c, t) & ~T_NULL;
    if (bits == T_STRING || bits == T_INTEGER || bits == T_NUMBER ||
        bits == T_BOOLEAN)
        return bits;
    return 0;
}

/* oneOf/anyOf: NULL when they decide nothing (only null and
 * constraints), else the type. */
static imp_type *alternatives(oa_ctx *c, const cJSON *s, const char *key,
                              oa_keyword kw, const char *name, size_t parent,
                              oa_info *info)
{
    const cJSON *alts = oa_key(c, s, kw), *m, *one = NULL;
    size_t n = 0, i = 0, one_i = 0;
    unsigned kinds = 0;
    int all_scalar = 1;
    cJSON_ArrayForEach(m, alts)
    {
        if (cJSON_IsObject(m) && !oa_constraint_only(c, m) && oa_is_null_schema(c, m)) {
            info->nullable = 1;
        } else if (cJSON_IsObject(m) && !oa_constraint_only(c, m)) {
            if (!one) {
                one = m;
                one_i = i;
            }
            n++;
            unsigned b = scalar_bits(c, m);
            if (!b)
                all_scalar = 0;
            kinds |= b;
        }
        i++;
    }
    if (n == 0)
        return NULL;
    if (n == 1) {
        size_t len = oa_push(c, key);
        oa_push_index(c, one_i);
        imp_type *t = oa_schema_type(c, one, name, parent, info);
        oa_pop(c, len);
        return t;
    }
    if (all_scalar && (kinds == T_STRING || kinds == T_INTEGER ||
                       kinds == T_BOOLEAN || kinds == T_NUMBER ||
                       kinds == (T_INTEGER | T_NUMBER)))
        return imp_type_new(c->sp, kinds == T_STRING    ? IMP_STRING
                                   : kinds == T_INTEGER ? IMP_INTEGER
                                   : kinds == T_BOOLEAN ? IMP_BOOLEAN
                                                        : IMP_NUMBER);
    return oa_union(c, s, key, kw, name, parent, info->nullable);
}

/* ---- plain types -------------------------------------------------- */

static unsigned infer_bits(oa_ctx *c, const cJSON *s)
{
    const cJSON *v = oa_key(c, s, OA_CONST);
    if (!v) {
        const cJSON *en = oa_key(c, s, OA_ENUM);
        v = cJSON_IsArray(en) ? en->child : NULL;
        while (v && cJSON_IsNull(v))
            v = v->next;
    }
    if (v) {
        if (cJSON_IsString(v))
            return T_STRING;
        if (cJSON_IsBool(v))
            return T_BOOLEAN;
        if (cJSON_IsNumber(v))
            return fabs(v->valuedouble) < 9e15 &&
                           v->valuedouble == floor(v->valuedouble)
                       ? T_INTEGER
                       : T_NUMBER;
    }
    if (oa_key(c, s, OA_ITEMS) || oa_key(c, s, OA_PREFIX_ITEMS))
        return T_ARRAY;
    if (oa_key(c, s, OA_PROPERTIES) || oa_key(c, s, OA_ADDITIONAL))
        return T_OBJECT;
    if (cJSON_IsString(oa_key(c, s, OA_FORMAT)))
        return T_STRING;
    return 0;
}

static imp_type *element(oa_ctx *c, const cJSON *s, const char *key,
                         oa_keyword kw, const char *name, size_t parent)
{
    const cJSON *e = oa_key(c, s, kw);
    if (!cJSON_IsObject(e))
        return imp_type_new(c->sp, IMP_ANY);
    size_t len = oa_push(c, key);
    oa_info info = {0};
    imp_type *t = oa_schema_type(c, e, name, parent, &info);
    oa_pop(c, len);
    if (t)
        t->nullable = info.nullable;
    return t;
}

/* A tuple (3.1's prefixItems) whose places all have one scalar type or
 * one model maps to an array of that type; one of mixed types is kept
 * as raw JSON (reported).  A C array cannot say how long the tuple is,
 * nor give each place its own type. */
static imp_type *tuple_items(oa_ctx *c, const cJSON *s, const char *name,
                             size_t parent)
{
    const cJSON *places = oa_key(c, s, OA_PREFIX_ITEMS), *e;
    imp_type *one = NULL;
    size_t i = 0;
    size_t len = oa_push(c, "prefixItems");
    cJSON_ArrayForEach(e, places)
    {
        size_t l2 = oa_push_index(c, i++);
        oa_info info = {0};
        imp_type *t = cJSON_IsObject(e)
                          ? oa_schema_type(c, e, name, parent, &info)
                          : imp_type_new(c->sp, IMP_ANY);
        if (t && (t->kind == IMP_ARRAY || t->kind == IMP_MAP ||
                  (one && (one->kind != t->kind || one->model != t->model)))) {
            oa_warn(c, "prefixItems of different types kept as raw JSON "
                       "(type any)");
            t = imp_type_new(c->sp, IMP_ANY);
            one = NULL;
        }
        oa_pop(c, l2);
        if (!t || t->kind == IMP_ANY) {
            one = t;
            break;
        }
        one = t;
    }
    oa_pop(c, len);
    return one ? one : imp_type_new(c->sp, IMP_ANY);
}

static imp_type *container(oa_ctx *c, const cJSON *s, imp_kind kind,
                           const char *name, size_t parent)
{
    imp_type *t = imp_type_new(c->sp, kind);
    if (!t)
        return NULL;
    if (kind == IMP_ARRAY && !oa_key(c, s, OA_ITEMS) &&
        cJSON_IsArray(oa_key(c, s, OA_PREFIX_ITEMS))) {
        t->items = tuple_items(c, s, name, parent);
    } else if (kind == IMP_ARRAY) {
        t->items = element(c, s, "items", OA_ITEMS, name, parent);
    } else {
        const cJSON *ap = oa_key(c, s, OA_ADDITIONAL);
        if (cJSON_IsObject(ap) && ap->child)
            t->items = element(c, s, "additionalProperties", OA_ADDITIONAL,
                               name, parent);
        else
            t->items = imp_type_new(c->sp, IMP_ANY);
    }
    if (!t->items) {
        return NULL;
    }
    return t;
}

static imp_type *plain_type(oa_ctx *c, const cJSON *s, const char *name,
                            size_t parent)
{
    unsigned bits = type_bits(c, s) & ~T_NULL;
    if (!bits)
        bits = infer_bits(c, s);
    if (bits == (T_INTEGER | T_NUMBER))
        bits = T_NUMBER;
    imp_kind kind;
    switch (bits) {
    case 0:
        return imp_type_new(c->sp, IMP_ANY);
    case T_STRING:
    case T_FILE:
        kind = IMP_STRING;
        break;
    case T_INTEGER:
        kind = IMP_INTEGER;
        break;
    case T_NUMBER:
        kind = IMP_NUMBER;
        break;
    case T_BOOLEAN:
        kind = IMP_BOOLEAN;
        break;
    case T_ARRAY:
        return container(c, s, IMP_ARRAY, name, parent);
    case T_OBJECT: {
        const cJSON *ap = oa_key(c, s, OA_ADDITIONAL);
        if (ap && !cJSON_IsFalse(ap))
            return container(c, s, IMP_MAP, name, parent);
        return imp_type_new(c->sp, IMP_ANY);
    }
    default:
        oa_warn(c, "a value of several types kept as raw JSON (type any)");
        return imp_type_new(c->sp, IMP_ANY);
    }
    imp_type *t = imp_type_new(c->sp, kind);
    if (t) {
        const cJSON *fn = oa_key(c, s, OA_FORMAT);
        const char *f = cJSON_IsString(fn) ? fn->valuestring : NULL;
        if (bits == T_FILE)
            f = "binary";
        t->format = imp_save(c->sp, f);
    }
    return t;
}

static imp_type *schema_type(oa_ctx *c, const cJSON *s, const char *name,
                             size_t parent, oa_info *info)
{
    if (!cJSON_IsObject(s))
        return imp_type_new(c->sp, IMP_ANY); /* `true`, `{}`: anything */
    if (oa_key(c, s, OA_REF))
        return ref_type(c, s, name, parent, info);
    read_info(c, s, info);
    if (is_object_model(c, s))
        return ref_to(c, oa_hoist(c, s, name, parent, 0));
    if (is_string_enum(c, s))
        return ref_to(c, oa_hoist(c, s, name, parent, 1));
    const cJSON *one = NULL;
    size_t one_i = 0;
    if (cJSON_IsArray(oa_key(c, s, OA_ALLOF)) &&
        allof_objects(c, s, &one, &one_i) == 1) {
        size_t len = oa_push(c, "allOf");
        oa_push_index(c, one_i);
        imp_type *t = oa_schema_type(c, one, name, parent, info);
        oa_pop(c, len);
        return t;
    }
    static const char *const alts[] = {"oneOf", "anyOf"};
    static const oa_keyword kw[] = {OA_ONEOF, OA_ANYOF};
    for (size_t i = 0; i < 2; i++) {
        if (!cJSON_IsArray(oa_key(c, s, kw[i])))
            continue;
        imp_type *t = alternatives(c, s, alts[i], kw[i], name, parent, info);
        if (t)
            return t;
    }
    return plain_type(c, s, name, parent);
}

imp_type *oa_schema_type(oa_ctx *c, const cJSON *s, const char *name,
                         size_t parent, oa_info *info)
{
    /* Objects and named schemas end recursion by becoming models; only
     * arrays of themselves through references outside the named schemas
     * could go on for ever. */
    if (c->depth >= 64) {
        oa_warn(c, "schema nested too deeply; kept as raw JSON (type any)");
        return imp_type_new(c->sp, IMP_ANY);
    }
    c->depth++;
    imp_type *t = schema_type(c, s, name, parent, info);
    c->depth--;
    return t;
}

const char *oa_type_words(const imp_type *t)
{
    switch (t ? t->kind : IMP_ANY) {
    case IMP_STRING:
        return "a string";
    case IMP_INTEGER:
        return "an integer";
    case IMP_NUMBER:
        return "a number";
    case IMP_BOOLEAN:
        return "a boolean";
    case IMP_ARRAY:
        return "an array";
    case IMP_MAP:
        return "a map";
    case IMP_REF:
        return "an enum";
    case IMP_FILE:
        return "a file";
    case IMP_ANY:
        break;
    }
    return "a value of no fixed shape";
}

/* ---- registration ------------------------------------------------- */

/* Whether named schema s is a model: objects (also empty ones, so a
 * response can still name them) and string enums. */
static int named_kind(oa_ctx *c, const cJSON *s)
{
    if (!cJSON_IsObject(s) || oa_key(c, s, OA_REF))
        return 0;
    if (is_object_model(c, s))
        return 1;
    if (is_string_enum(c, s))
        return 2;
    unsigned bits = type_bits(c, s) & ~T_NULL;
    const cJSON *ap = oa_key(c, s, OA_ADDITIONAL);
    int map = ap && !cJSON_IsFalse(ap);
    if ((bits == T_OBJECT || (bits == 0 && oa_key(c, s, OA_PROPERTIES))) && !map &&
        !oa_key(c, s, OA_ALLOF) && !oa_key(c, s, OA_ONEOF) && !oa_key(c, s, OA_ANYOF))
        return 1;
    return 0;
}

void oa_schemas(oa_ctx *c)
{
    const cJSON *all;
    const char *base;
    if (c->version == 20) {
        all = get(c->root, "definitions");
        base = "/definitions";
    } else {
        all = get(get(c->root, "components"), "schemas");
        base = "/components/schemas";
    }
    size_t n = (size_t)cJSON_GetArraySize(all);
    if (!cJSON_IsObject(all) || n == 0)
        return;
    c->comps = calloc(n, sizeof(*c->comps));
    c->queue = malloc(n * sizeof(*c->queue));
    if (!c->comps || !c->queue) {
        c->sp->oom = 1;
        return;
    }
    const cJSON *s;
    oa_pop(c, 0);
    buf_puts(&c->ptr, base);
    cJSON_ArrayForEach(s, all)
    {
        oa_comp *k = &c->comps[c->ncomps];
        size_t len = oa_push(c, s->string);
        k->name = s->string;
        k->node = s;
        k->ptr = imp_strdup(c->sp, c->ptr.data);
        k->model = IMP_NONE;
        oa_pop(c, len);
        if (!imp_pmap_put(&c->comp_by_node, s, c->ncomps))
            c->sp->oom = 1;
        oa_info info = {0};
        read_info(c, s, &info);
        k->nullable = info.nullable;
        int kind = named_kind(c, s);
        if (kind) {
            char *name = oa_unique_model_name(c, s->string);
            k->model = name ? imp_add_model(c->sp, name) : IMP_NONE;
            free(name);
            if (k->model != IMP_NONE) {
                c->sp->models[k->model].is_enum = kind == 2;
                c->sp->models[k->model].description =
                    imp_text(c->sp, info.description);
            }
        }
        c->ncomps++;
    }
    oa_pop(c, 0);
}

void oa_schemas_fill(oa_ctx *c, int all)
{
    for (size_t i = 0; all && i < c->ncomps; i++)
        oa_want(c, i);
    /* A queue, not recursion: a chain of models referring to models can
     * be as long as the document. */
    while (c->queue_head < c->nqueue) {
        const oa_comp *k = &c->comps[c->queue[c->queue_head++]];
        char *saved = oa_ptr_swap(c, k->ptr);
        oa_fill_model(c, k->model, k->node);
        oa_ptr_restore(c, saved);
    }
}

void oa_schemas_free(oa_ctx *c)
{
    for (size_t i = 0; i < c->ncomps; i++) {
        free(c->comps[i].ptr);
    }
    free(c->comps);
    free(c->queue);
    c->comps = NULL;
    c->queue = NULL;
    c->ncomps = c->nqueue = c->queue_head = 0;
}
