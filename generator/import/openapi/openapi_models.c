/*
 * Object and enum models from schemas: the properties of an object and of
 * the allOf members it is made of, flattened into one model; the values
 * of an enum; and hoisting, which turns an inline object or enum into a
 * model of its own (see openapi_schema.c for when).
 *
 * A property a later allOf member restates wins; `required` of every
 * member counts.  oneOf/anyOf alternatives that only add `required` are
 * constraints and change nothing; alternatives with properties are not
 * merged (reported).  A cycle of allOf is cut (reported).
 *
 * This file and openapi_schema.c call each other on purpose: it is the
 * schema's own recursion (a property's schema may be an inline object,
 * hoisted here into a model whose properties are schemas again), not a
 * layer calling upwards.  The depth is bounded where it starts
 * (openapi_schema.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "import/import_doc.h"
#include "import/openapi/openapi.h"

char *oa_unique_model_name(oa_ctx *c, const char *base)
{
    size_t n = strlen(base) + 24;
    char *name = malloc(n);
    if (!name) {
        c->sp->oom = 1;
        return NULL;
    }
    snprintf(name, n, "%s", base);
    for (size_t k = 2; imp_map_get(&c->model_names, name, 0); k++)
        snprintf(name, n, "%s_%zu", base, k);
    if (!imp_map_put(&c->model_names, name, 1))
        c->sp->oom = 1;
    return name;
}

/* ---- object models ----------------------------------------------- */

typedef struct prop_src {
    const char *key;
    const cJSON *schema;
    char *ptr;
} prop_src;

typedef struct collected {
    prop_src *v;
    size_t n, cap;
    imp_map required;
    const cJSON *visiting[32];
    size_t nvisiting;
} collected;

static void add_src(oa_ctx *c, collected *acc, const char *key,
                    const cJSON *schema)
{
    for (size_t i = 0; i < acc->n; i++) {
        if (strcmp(acc->v[i].key, key) == 0) {
            /* A later allOf member restates the property: it wins. */
            free(acc->v[i].ptr);
            acc->v[i].schema = schema;
            acc->v[i].ptr = imp_strdup(c->sp, c->ptr.data);
            return;
        }
    }
    if (acc->n == acc->cap) {
        size_t cap = acc->cap ? acc->cap * 2 : 16;
        prop_src *v = realloc(acc->v, cap * sizeof(*v));
        if (!v) {
            c->sp->oom = 1;
            return;
        }
        acc->v = v;
        acc->cap = cap;
    }
    acc->v[acc->n].key = key;
    acc->v[acc->n].schema = schema;
    acc->v[acc->n].ptr = imp_strdup(c->sp, c->ptr.data);
    acc->n++;
}

static void collect(oa_ctx *c, const cJSON *s, collected *acc);

static void collect_member(oa_ctx *c, const cJSON *m, collected *acc)
{
    const char *tptr;
    const cJSON *t = oa_deref(c, m, &tptr);
    if (!t)
        return;
    char *saved = tptr ? oa_ptr_swap(c, tptr) : NULL;
    collect(c, t, acc);
    if (tptr)
        oa_ptr_restore(c, saved);
}

/* Warns about oneOf/anyOf alternatives that bring properties: they are
 * not merged (alternatives that only add `required` are constraints). */
static void alternatives_in_object(oa_ctx *c, const cJSON *s)
{
    static const char *const keys[] = {"oneOf", "anyOf"};
    static const oa_keyword kw[] = {OA_ONEOF, OA_ANYOF};
    for (size_t k = 0; k < 2; k++) {
        const cJSON *alts = oa_key(c, s, kw[k]), *m;
        int brings = 0;
        cJSON_ArrayForEach(m, alts)
        {
            if (cJSON_IsObject(m) && (oa_key(c, m, OA_REF) || oa_key(c, m, OA_PROPERTIES)))
                brings = 1;
        }
        if (brings) {
            size_t len = oa_push(c, keys[k]);
            oa_warn(c, "the properties of %s alternatives are not merged "
                       "into the model", keys[k]);
            oa_pop(c, len);
        }
    }
}

static void collect(oa_ctx *c, const cJSON *s, collected *acc)
{
    for (size_t i = 0; i < acc->nvisiting; i++) {
        if (acc->visiting[i] == s) {
            oa_warn(c, "allOf leads back to this schema; the cycle is cut");
            return;
        }
    }
    if (acc->nvisiting == sizeof acc->visiting / sizeof acc->visiting[0]) {
        oa_warn(c, "allOf nested too deeply; the rest is left out");
        return;
    }
    acc->visiting[acc->nvisiting++] = s;
    const cJSON *m, *all = oa_key(c, s, OA_ALLOF);
    size_t i = 0, len;
    cJSON_ArrayForEach(m, all)
    {
        len = oa_push(c, "allOf");
        oa_push_index(c, i++);
        collect_member(c, m, acc);
        oa_pop(c, len);
    }
    const cJSON *props = oa_key(c, s, OA_PROPERTIES);
    if (cJSON_IsObject(props)) {
        len = oa_push(c, "properties");
        cJSON_ArrayForEach(m, props)
        {
            size_t l2 = oa_push(c, m->string);
            add_src(c, acc, m->string, m);
            oa_pop(c, l2);
        }
        oa_pop(c, len);
    }
    const cJSON *req = oa_key(c, s, OA_REQUIRED);
    cJSON_ArrayForEach(m, req)
    {
        if (cJSON_IsString(m) && !imp_map_put(&acc->required, m->valuestring, 1))
            c->sp->oom = 1;
    }
    alternatives_in_object(c, s);
    acc->nvisiting--;
}

/* Appends a pointer token to b, unescaped. */
static void put_token(buf *b, const char *tok, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (tok[i] == '~' && i + 1 < n && (tok[i + 1] == '0' ||
                                           tok[i + 1] == '1')) {
            buf_putc(b, tok[i + 1] == '0' ? '~' : '/');
            i++;
        } else {
            buf_putc(b, tok[i]);
        }
    }
}

/*
 * The name an inline schema at property `key` of model `model` is hoisted
 * under.  Inside a named schema it is named after where it is written
 * ("/components/schemas/repo/properties/owner" gives repo_owner), so the
 * name does not depend on which model reached the schema first: a model
 * merged from repo by allOf shares repo's nested models.  Elsewhere it is
 * "<model>_<key>".  Caller frees.
 */
static char *hoist_name(oa_ctx *c, const char *ptr, const char *model,
                        const char *key)
{
    const char *base = c->version == 20 ? "/definitions/"
                                        : "/components/schemas/";
    size_t blen = strlen(base);
    buf b;
    buf_init(&b);
    if (ptr && strncmp(ptr, base, blen) == 0) {
        const char *p = ptr + blen;
        size_t n = strcspn(p, "/");
        put_token(&b, p, n);
        for (p += n; *p == '/';) {
            p++;
            n = strcspn(p, "/");
            if (n == 10 && strncmp(p, "properties", 10) == 0 && p[n] == '/') {
                p += n + 1;
                n = strcspn(p, "/");
                buf_putc(&b, '_');
                put_token(&b, p, n);
            }
            p += n;
        }
    } else {
        buf_printf(&b, "%s_%s", model, key);
    }
    char *name = buf_take(&b);
    if (!name)
        c->sp->oom = 1;
    return name;
}

static void other_members(oa_ctx *c, size_t idx, const cJSON *s);

/* Fills object model idx from schema s: the properties of s and of its
 * allOf members, flattened. */
static void fill_object(oa_ctx *c, size_t idx, const cJSON *s)
{
    collected acc;
    memset(&acc, 0, sizeof acc);
    imp_map_init(&acc.required);
    collect(c, s, &acc);
    char *mname = imp_strdup(c->sp, c->sp->models[idx].name);
    for (size_t i = 0; i < acc.n && mname; i++) {
        prop_src *src = &acc.v[i];
        char *saved = oa_ptr_swap(c, src->ptr ? src->ptr : "");
        oa_info info = {0};
        char *hoist = hoist_name(c, src->ptr, mname, src->key);
        imp_type *t = oa_schema_type(c, src->schema, hoist ? hoist : mname,
                                     idx, &info);
        free(hoist);
        oa_ptr_restore(c, saved);
        imp_prop *p = imp_add_prop(c->sp, idx, src->key);
        if (!p) {
            break;
        }
        p->type = t;
        /* const (3.1, or as 3.0 documents write it) on a string */
        const cJSON *k = oa_key(c, src->schema, OA_CONST);
        if (t && t->kind == IMP_STRING && cJSON_IsString(k))
            t->const_value = imp_save(c->sp, k->valuestring);
        p->required = imp_map_get(&acc.required, src->key, 0) != 0;
        /* A member with no type may be any JSON value, null too (a
         * required `metadata` sent as null must still decode). */
        p->nullable = info.nullable || (t && t->kind == IMP_ANY);
        p->deprecated = info.deprecated;
        p->description = imp_text(c->sp, info.description);
    }
    free(mname);
    other_members(c, idx, s);
    for (size_t i = 0; i < acc.n; i++)
        free(acc.v[i].ptr);
    free(acc.v);
    imp_map_free(&acc.required);
}

/* additionalProperties beside properties: the members the properties do
 * not name go into a map member (`additional_properties:`), kept rather
 * than dropped.  `true` or `{}` keeps them as raw JSON. */
static void other_members(oa_ctx *c, size_t idx, const cJSON *s)
{
    const cJSON *ap = oa_key(c, s, OA_ADDITIONAL);
    if (!(cJSON_IsTrue(ap) || cJSON_IsObject(ap)) ||
        c->sp->models[idx].nprops == 0)
        return;
    for (size_t i = 0; i < c->sp->models[idx].nprops; i++)
        if (strcmp(c->sp->models[idx].props[i].json_name,
                   "additional_properties") == 0)
            return; /* the name is taken; the C member would clash */
    imp_type *t;
    if (cJSON_IsObject(ap) && ap->child) {
        buf b;
        buf_init(&b);
        buf_printf(&b, "%s_value", c->sp->models[idx].name);
        char *name = buf_take(&b);
        size_t len = oa_push(c, "additionalProperties");
        oa_info info = {0};
        t = name ? oa_schema_type(c, ap, name, idx, &info) : NULL;
        oa_pop(c, len);
        free(name);
        if (t)
            t->nullable = info.nullable;
    } else {
        t = imp_type_new(c->sp, IMP_ANY);
    }
    if (!t)
        return;
    if (t->kind == IMP_MAP) /* a map of maps: its values as raw JSON */
        t = imp_type_new(c->sp, IMP_ANY);
    imp_prop *p = t ? imp_add_prop(c->sp, idx, "additional_properties") : NULL;
    if (!p)
        return;
    p->type = t;
    p->rest = 1;
}

static void fill_enum(oa_ctx *c, size_t idx, const cJSON *s)
{
    const cJSON *e;
    cJSON_ArrayForEach(e, oa_key(c, s, OA_ENUM))
    {
        char tmp[64];
        const char *v = imp_scalar_text(e, tmp, sizeof tmp);
        if (v)
            imp_add_value(c->sp, idx, v);
    }
}

size_t oa_hoist(oa_ctx *c, const cJSON *s, const char *name, size_t parent,
                int is_enum)
{
    size_t idx = imp_pmap_get(&c->hoisted, s, IMP_NONE);
    if (idx != IMP_NONE)
        return idx;
    char *unique = oa_unique_model_name(c, name);
    if (!unique)
        return IMP_NONE;
    idx = imp_add_model(c->sp, unique);
    free(unique);
    if (idx == IMP_NONE || !imp_pmap_put(&c->hoisted, s, idx)) {
        c->sp->oom = 1;
        return IMP_NONE;
    }
    imp_model *m = &c->sp->models[idx];
    m->parent = parent;
    m->hoisted = 1;
    m->is_enum = is_enum;
    const cJSON *d = oa_key(c, s, OA_DESCRIPTION);
    m->description = imp_text(c->sp, cJSON_IsString(d) ? d->valuestring
                                                        : NULL);
    if (is_enum)
        fill_enum(c, idx, s);
    else
        fill_object(c, idx, s);
    return idx;
}

size_t oa_object_model(oa_ctx *c, const cJSON *s, const char *name)
{
    return oa_hoist(c, s, name, IMP_NONE, 0);
}

void oa_fill_model(oa_ctx *c, size_t idx, const cJSON *s)
{
    if (c->sp->models[idx].is_enum)
        fill_enum(c, idx, s);
    else
        fill_object(c, idx, s);
}
