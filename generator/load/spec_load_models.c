/*
 * Loading models and types: object models with their properties, enum
 * models, and the types of properties and params.  An inline object
 * (`type: object` with `properties:`) or inline enum (`type: string` with
 * `enum:`) under a property is hoisted into a model of its own named
 * "<Model>_<prop>", placed right after the model it came from, and the
 * property refers to it by name.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/diag.h"
#include "base/global_names.h"
#include "load/spec_load_internal.h"

static const char *const model_keys[] = {
    "description",   "c_name",    "type",      "properties",
    "values",        "additional_properties",  "alternatives",
    "discriminator", "nullable",  "unmatched", "ambiguous", NULL};
/* The keys of each kind of model beyond description, c_name and type,
 * reported where they do not apply. */
static const struct {
    const char *key;
    spec_model_kind kind;
    const char *models;
} model_kind_keys[] = {
    {"properties", SPEC_MODEL_OBJECT, "object"},
    {"additional_properties", SPEC_MODEL_OBJECT, "object"},
    {"values", SPEC_MODEL_ENUM, "enum"},
    {"alternatives", SPEC_MODEL_UNION, "union"},
    {"discriminator", SPEC_MODEL_UNION, "union"},
    {"nullable", SPEC_MODEL_UNION, "union"},
    {"unmatched", SPEC_MODEL_UNION, "union"},
    {"ambiguous", SPEC_MODEL_UNION, "union"},
};
static const char *const property_keys[] = {
    "type",     "$ref",        "format", "required", "nullable",
    "description", "c_name",   "deprecated", "items", "values",
    "properties",  "enum",     "const",  NULL};
static const char *const rest_keys[] = {
    "type",   "$ref",     "items",       "values", "properties",
    "enum",   "format",   "nullable",    "c_name", "description", NULL};
static const char *const element_keys[] = {"type",   "$ref",       "items",
                                           "values", "properties", "enum",
                                           "format", "nullable",   NULL};
static const char *const param_items_keys[] = {"type", "$ref", "format",
                                               NULL};
static const char *const enum_value_keys[] = {"value", "c_name",
                                              "description", NULL};
static const char *const enum_value_required[] = {"value", NULL};

static const ld_name model_types[] = {
    {"object", SPEC_MODEL_OBJECT},
    {"enum", SPEC_MODEL_ENUM},
    {"union", SPEC_MODEL_UNION},
};

/* `object` is no spec_kind: it becomes a reference to a hoisted model,
 * or `any` without properties. */
#define LD_KIND_OBJECT (-1)

/* The type names each mode allows, most general last. */
static const ld_name all_types[] = {
    {"string", SPEC_KIND_STRING}, {"integer", SPEC_KIND_INTEGER},
    {"number", SPEC_KIND_NUMBER}, {"boolean", SPEC_KIND_BOOLEAN},
    {"array", SPEC_KIND_ARRAY},   {"map", SPEC_KIND_MAP},
    {"object", LD_KIND_OBJECT},   {"any", SPEC_KIND_ANY},
    {"file", SPEC_KIND_FILE},
};
#define N_SCALAR_TYPES 4
#define N_PARAM_TYPES 5
#define N_ALL_TYPES 9

/* Reserves the next model slot and returns its index (SIZE_MAX when out
 * of memory).  Callers keep the index, not a pointer: hoisting while a
 * model is read may move the array. */
static size_t new_model(ld_ctx *l)
{
    spec *s = l->s;
    if (s->nmodels == l->models_cap) {
        size_t cap = l->models_cap ? l->models_cap * 2 : 16;
        spec_model *m = realloc(s->models, cap * sizeof(*m));
        if (!m) {
            l->oom = 1;
            return SIZE_MAX;
        }
        s->models = m;
        l->models_cap = cap;
    }
    memset(&s->models[s->nmodels], 0, sizeof(s->models[0]));
    return s->nmodels++;
}

static char *join_name(ld_ctx *l, const char *a, const char *b)
{
    size_t n = strlen(a) + strlen(b) + 2;
    char *s = malloc(n);
    if (!s) {
        l->oom = 1;
        return NULL;
    }
    snprintf(s, n, "%s_%s", a, b);
    return s;
}

static void ld_enum_value(ld_ctx *l, const ytree_node *n, spec_enum_value *v)
{
    v->pos = ld_pos(n);
    if (n->kind == YTREE_MAP) {
        ld_keys(l, n, "enum value", enum_value_keys, enum_value_required);
        const ytree_node *val = ytree_get(n, "value");
        if (val) {
            v->value = ld_string(l, val);
            v->pos = ld_pos(val);
        }
        ld_opt_string(l, n, "c_name", &v->c_name);
        ld_opt_string(l, n, "description", &v->description);
    } else if (n->kind == YTREE_SCALAR) {
        v->value = ld_string(l, n);
    } else {
        ld_error(l, n, "expected a string or a mapping, got %s",
                 ld_describe(n));
    }
}

/* The values of an enum model (`values:`) or inline enum (`enum:`). */
static void ld_enum_values(ld_ctx *l, const ytree_node *n, const char *key,
                           spec_model *m)
{
    if (!ld_want_seq(l, n))
        return;
    if (n->nitems == 0) {
        ld_error(l, n, "'%s' must list at least one value", key);
        return;
    }
    m->values = ld_calloc(l, n->nitems, sizeof(*m->values));
    if (!m->values)
        return;
    m->nvalues = n->nitems;
    for (size_t i = 0; i < n->nitems; i++)
        ld_enum_value(l, n->items[i], &m->values[i]);
}

static void ld_properties(ld_ctx *l, const ytree_node *n,
                          const char *model_name, spec_model *m);

/* Hoists an inline object or enum into model `name`; 1 when done. */
static int hoist(ld_ctx *l, const ytree_node *body, int is_enum,
                 const char *name, const ytree_node *at)
{
    size_t idx = new_model(l);
    if (idx == SIZE_MAX)
        return 0;
    spec_model m;
    memset(&m, 0, sizeof m);
    m.name = ld_strdup(l, name);
    m.pos = ld_pos(at);
    m.synthetic = 1;
    if (is_enum) {
        m.kind = SPEC_MODEL_ENUM;
        ld_enum_values(l, body, "enum", &m);
    } else {
        m.kind = SPEC_MODEL_OBJECT;
        ld_properties(l, body, name, &m);
    }
    l->s->models[idx] = m;
    return m.name != NULL;
}

/* Keys that only some types take, reported where they do not apply. */
static void check_type_keys(ld_ctx *l, const ytree_node *map, int kind)
{
    static const struct {
        const char *key;
        int kind;
        const char *type;
    } only[] = {
        {"items", SPEC_KIND_ARRAY, "array"},
        {"values", SPEC_KIND_MAP, "map"},
        {"properties", LD_KIND_OBJECT, "object"},
        {"enum", SPEC_KIND_STRING, "string"},
    };
    for (size_t i = 0; i < sizeof only / sizeof only[0]; i++) {
        const ytree_node *key = ld_key(map, only[i].key);
        if (key && kind != only[i].kind)
            ld_error(l, key, "'%s' only applies to type %s", only[i].key,
                     only[i].type);
    }
}

/* The items of an array or the values of a map. */
static spec_type *ld_element(ld_ctx *l, const ytree_node *map,
                             const char *key, ld_type_mode mode,
                             const char *hoist_name,
                             const ytree_node *hoist_at)
{
    const ytree_node *n = ytree_get(map, key);
    if (!n)
        return NULL; /* reported with the other missing keys */
    if (!ld_want_map(l, n))
        return NULL;
    ld_type_mode child =
        mode == LD_TYPE_PARAM ? LD_TYPE_PARAM_ITEMS : LD_TYPE_ELEMENT;
    ld_keys(l, n, key,
            child == LD_TYPE_PARAM_ITEMS ? param_items_keys : element_keys,
            NULL);
    return ld_type(l, n, child, key, hoist_name, hoist_at);
}

/* The hoisted model's name, or NULL where nothing may be hoisted (the
 * key that asked for it is reported as unknown there). */
static char *hoisted_ref(ld_ctx *l, const ytree_node *body, int is_enum,
                         const char *hoist_name, const ytree_node *hoist_at)
{
    if (!hoist_name)
        return NULL;
    hoist(l, body, is_enum, hoist_name, hoist_at);
    return ld_strdup(l, hoist_name);
}

/* Fills t from `type:`; returns 0 when the type is unusable. */
static int ld_named_type(ld_ctx *l, const ytree_node *map,
                         const ytree_node *ty, ld_type_mode mode,
                         const char *what, const char *hoist_name,
                         const ytree_node *hoist_at, spec_type *t)
{
    size_t count = mode == LD_TYPE_PARAM_ITEMS ? N_SCALAR_TYPES
                   : mode == LD_TYPE_PARAM     ? N_PARAM_TYPES
                                               : N_ALL_TYPES;
    int kind;
    if (!ld_enum(l, ty, "type", all_types, count, "", &kind))
        return 0;
    check_type_keys(l, map, kind);
    t->pos = ld_pos(ty);
    const ytree_node *body;
    switch (kind) {
    case SPEC_KIND_ARRAY:
    case SPEC_KIND_MAP: {
        const char *key = kind == SPEC_KIND_ARRAY ? "items" : "values";
        t->kind = (spec_kind)kind;
        if (!ytree_get(map, key))
            ld_error(l, map, "missing required key '%s' in %s", key, what);
        else
            t->items = ld_element(l, map, key, mode, hoist_name, hoist_at);
        return 1;
    }
    case LD_KIND_OBJECT:
        body = ytree_get(map, "properties");
        t->kind = SPEC_KIND_ANY;
        if (body && (t->ref = hoisted_ref(l, body, 0, hoist_name, hoist_at)))
            t->kind = SPEC_KIND_REF;
        return 1;
    case SPEC_KIND_STRING:
        body = ytree_get(map, "enum");
        t->kind = SPEC_KIND_STRING;
        if (body && (t->ref = hoisted_ref(l, body, 1, hoist_name, hoist_at)))
            t->kind = SPEC_KIND_REF;
        return 1;
    default:
        t->kind = (spec_kind)kind;
        return 1;
    }
}

spec_type *ld_type(ld_ctx *l, const ytree_node *map, ld_type_mode mode,
                   const char *what, const char *hoist_name,
                   const ytree_node *hoist_at)
{
    const ytree_node *ref = ytree_get(map, "$ref");
    const ytree_node *ty = ytree_get(map, "type");
    if (!ref && !ty) {
        ld_error(l, map, "missing required key 'type' (or '$ref') in %s",
                 what);
        return NULL;
    }
    spec_type *t = ld_calloc(l, 1, sizeof(*t));
    if (!t)
        return NULL;
    int ok;
    if (ref) {
        if (ty) {
            const ytree_node *a = ld_key(map, "type"), *b = ld_key(map, "$ref");
            int b_later = b->line > a->line ||
                          (b->line == a->line && b->col > a->col);
            ld_error(l, b_later ? b : a,
                     "'type' and '$ref' cannot both be given");
        }
        check_type_keys(l, map, SPEC_KIND_REF);
        t->kind = SPEC_KIND_REF;
        t->pos = ld_pos(ref);
        t->ref = ld_string(l, ref);
        ok = t->ref != NULL;
    } else {
        ok = ld_named_type(l, map, ty, mode, what, hoist_name, hoist_at, t);
    }
    if (!ok) {
        spec_type_free(t);
        return NULL;
    }
    ld_opt_string(l, map, "format", &t->format);
    if (mode == LD_TYPE_ELEMENT)
        ld_opt_bool(l, map, "nullable", &t->nullable);
    return t;
}

static void ld_property(ld_ctx *l, const ytree_node *key,
                        const ytree_node *n, const char *model_name,
                        spec_property *p)
{
    p->json_name = ld_strdup(l, key->text);
    p->pos = ld_pos(key);
    if (!ld_want_map(l, n))
        return;
    ld_keys(l, n, "property", property_keys, NULL);
    char *hoist_name = join_name(l, model_name, key->text);
    if (hoist_name)
        p->type = ld_type(l, n, LD_TYPE_PROPERTY, "property", hoist_name,
                          key);
    free(hoist_name);
    ld_opt_bool(l, n, "required", &p->required);
    ld_opt_bool(l, n, "nullable", &p->nullable);
    ld_opt_bool(l, n, "deprecated", &p->deprecated);
    ld_opt_string(l, n, "description", &p->description);
    ld_opt_string(l, n, "c_name", &p->c_name);
    const ytree_node *c = ytree_get(n, "const");
    if (c) {
        p->const_value = ld_string(l, c);
        if (p->type && p->type->kind != SPEC_KIND_STRING)
            ld_error(l, ld_key(n, "const"), "'const' only applies to type "
                                            "string");
    }
}

/* `additional_properties:` of an object model: a map property of the
 * members no other property names, last among the properties. */
static void ld_rest(ld_ctx *l, const ytree_node *key, const ytree_node *n,
                    const char *model_name, spec_model *m)
{
    if (!ld_want_map(l, n))
        return;
    ld_keys(l, n, "additional_properties", rest_keys, NULL);
    spec_property *props =
        realloc(m->props, (m->nprops + 1) * sizeof(*m->props));
    if (!props) {
        l->oom = 1;
        return;
    }
    m->props = props;
    spec_property *p = &m->props[m->nprops++];
    memset(p, 0, sizeof *p);
    p->json_name = ld_strdup(l, key->text);
    p->pos = ld_pos(key);
    p->rest = 1;
    p->type = ld_calloc(l, 1, sizeof(*p->type));
    if (!p->type)
        return;
    p->type->kind = SPEC_KIND_MAP;
    p->type->pos = ld_pos(n);
    char *hoist_name = join_name(l, model_name, key->text);
    if (hoist_name)
        p->type->items = ld_type(l, n, LD_TYPE_ELEMENT, key->text,
                                 hoist_name, key);
    free(hoist_name);
    ld_opt_string(l, n, "c_name", &p->c_name);
    ld_opt_string(l, n, "description", &p->description);
}

static void ld_properties(ld_ctx *l, const ytree_node *n,
                          const char *model_name, spec_model *m)
{
    if (!ld_want_map(l, n))
        return;
    m->props = ld_calloc(l, n->npairs, sizeof(*m->props));
    if (!m->props)
        return;
    m->nprops = n->npairs;
    for (size_t i = 0; i < n->npairs; i++)
        ld_property(l, n->pairs[i].key, n->pairs[i].value, model_name,
                    &m->props[i]);
}

static void ld_model(ld_ctx *l, const ytree_node *key, const ytree_node *n)
{
    size_t idx = new_model(l);
    if (idx == SIZE_MAX)
        return;
    spec_model m;
    memset(&m, 0, sizeof m);
    m.name = ld_strdup(l, key->text);
    m.pos = ld_pos(key);
    m.kind = SPEC_MODEL_OBJECT;
    if (ld_want_map(l, n)) {
        ld_keys(l, n, "model", model_keys, NULL);
        const ytree_node *v = ytree_get(n, "type");
        const ytree_node *props = ld_key(n, "properties");
        const ytree_node *values = ld_key(n, "values");
        int kind;
        int known = !v || ld_enum(l, v, "type", model_types, 3, "", &kind);
        if (v && known)
            m.kind = (spec_model_kind)kind;
        else if (!known && values && !props)
            m.kind = SPEC_MODEL_ENUM; /* what the rest of it says */
        else if (!known && ld_key(n, "alternatives"))
            m.kind = SPEC_MODEL_UNION;
        ld_opt_string(l, n, "description", &m.description);
        ld_opt_string(l, n, "c_name", &m.c_name);
        for (size_t i = 0; known && i < sizeof model_kind_keys /
                                            sizeof model_kind_keys[0]; i++) {
            const ytree_node *k = ld_key(n, model_kind_keys[i].key);
            if (k && m.kind != model_kind_keys[i].kind)
                ld_error(l, k, "'%s' only applies to %s models",
                         model_kind_keys[i].key, model_kind_keys[i].models);
        }
        if (m.kind == SPEC_MODEL_ENUM) {
            if (values)
                ld_enum_values(l, ytree_get(n, "values"), "values", &m);
            else if (known)
                ld_error(l, n, "missing required key 'values' in model");
        } else if (m.kind == SPEC_MODEL_UNION) {
            ld_union(l, n, key->text, &m);
        } else {
            if (props)
                ld_properties(l, ytree_get(n, "properties"), key->text, &m);
            const ytree_node *rest = ld_key(n, "additional_properties");
            if (rest)
                ld_rest(l, rest, ytree_get(n, "additional_properties"),
                        key->text, &m);
        }
    }
    l->s->models[idx] = m;
}

static const char *const list_keys[] = {"type", "items", "description",
                                        NULL};
static const char *const list_required[] = {"type", "items", NULL};
static const char *const value_keys[] = {"type", "format", "description",
                                         NULL};
static const char *const value_required[] = {"type", NULL};

/* The types a JSON body or answer may be written inline as, besides an
 * array: a bare scalar, or any JSON. */
static int value_type(const char *t)
{
    static const char *const kinds[] = {"string", "integer", "number",
                                        "boolean", "any"};
    for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++)
        if (strcmp(t, kinds[i]) == 0)
            return 1;
    return 0;
}

static void drop_property(spec_property *p)
{
    spec_type_free(p->type);
    free(p->json_name);
    free(p->description);
    free(p->const_value);
}

char *ld_list_model(ld_ctx *l, const ytree_node *map, const char *endpoint,
                    const char *suffix)
{
    if (!ld_want_map(l, map))
        return NULL;
    size_t before = l->d->errors;
    /* The type first: the keys of anything but an array are beside the
     * point. */
    const ytree_node *ty = ytree_get(map, "type");
    if (ty && (ty->kind != YTREE_SCALAR ||
               (strcmp(ty->text, "array") != 0 && !value_type(ty->text)))) {
        ld_error(l, ty, "an inline response must be 'type: array' or a "
                        "scalar (string, integer, number, boolean, any); "
                        "name an object model for anything else");
        return NULL;
    }
    /* A scalar: a value model, whose one member `value` is the JSON. */
    int scalar = ty && strcmp(ty->text, "array") != 0;
    ld_keys(l, map, "response", scalar ? value_keys : list_keys,
            scalar ? value_required : list_required);
    if (!ty || (!scalar && !ytree_get(map, "items")))
        return NULL;
    char *name = suffix ? gname_join(endpoint, suffix, "")
                        : gname_list_model(endpoint);
    if (!name) {
        l->oom = 1;
        return NULL;
    }
    /* The slot first, so a model hoisted from the items follows it. */
    size_t idx = new_model(l);
    if (idx == SIZE_MAX) {
        free(name);
        return NULL;
    }
    spec_property p;
    memset(&p, 0, sizeof p);
    char *hoist_name = join_name(l, name, "items");
    if (hoist_name)
        p.type = ld_type(l, map, LD_TYPE_PROPERTY, "response", hoist_name,
                         map);
    free(hoist_name);
    /* One level of container: the elements are what the C array holds. */
    if (p.type && p.type->items && (p.type->items->kind == SPEC_KIND_ARRAY ||
                                    p.type->items->kind == SPEC_KIND_MAP))
        ld_error(l, ytree_get(map, "items"),
                 "the items of an inline array response cannot be arrays "
                 "or maps; name an object model that holds them");
    p.json_name = ld_strdup(l, scalar ? "value" : "items");
    p.required = 1;
    p.pos = ld_pos(map);
    ld_opt_string(l, map, "description", &p.description);
    spec_model m;
    memset(&m, 0, sizeof m);
    m.name = name; /* the model owns it */
    m.pos = ld_pos(map);
    m.kind = SPEC_MODEL_OBJECT;
    m.synthetic = 1;
    m.is_list = 1;
    m.props = ld_calloc(l, 1, sizeof(*m.props));
    if (m.props) {
        m.props[0] = p;
        m.nprops = 1;
    } else {
        drop_property(&p);
    }
    l->s->models[idx] = m;
    if (l->d->errors != before || !p.type)
        return NULL;
    return ld_strdup(l, name);
}

void ld_models(ld_ctx *l, const ytree_node *map)
{
    if (!ld_want_map(l, map))
        return;
    for (size_t i = 0; i < map->npairs && !l->oom; i++)
        ld_model(l, map->pairs[i].key, map->pairs[i].value);
}
