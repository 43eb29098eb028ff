/*
 * The view of models and enums: struct members with full C declarations,
 * and the field-table initialisers the runtime walks (apicc/model.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/cname.h"
#include "view/view_escape.h"
#include "view/view_model_types.h"
#include "view/view_parts.h"

void view_field_type_free(field_type *ft)
{
    free(ft->base);
    free(ft->ref_ctype);
    free(ft->doc);
}


/* Fills kind, base and doc for a scalar or reference type. */
static void element_type(view_ctx *v, const spec_type *t, field_type *ft,
                         buf *doc)
{
    switch (t->kind) {
    case SPEC_KIND_STRING:
        ft->kind = "APICC_F_STRING";
        ft->base = str_dup("const char *");
        buf_puts(doc, "string");
        if (t->format)
            buf_printf(doc, " (%s)", t->format);
        return;
    case SPEC_KIND_INTEGER:
        ft->kind = "APICC_F_INT";
        ft->base = str_dup("int64_t ");
        buf_puts(doc, "integer");
        return;
    case SPEC_KIND_NUMBER:
        ft->kind = "APICC_F_NUMBER";
        ft->base = str_dup("double ");
        buf_puts(doc, "number");
        return;
    case SPEC_KIND_BOOLEAN:
        ft->kind = "APICC_F_BOOL";
        ft->base = str_dup("bool ");
        buf_puts(doc, "boolean");
        return;
    case SPEC_KIND_REF:
        if (t->model) {
            ft->ref_ctype = view_model_ctype(v, t->model);
            ft->ref_is_enum = t->model->kind == SPEC_MODEL_ENUM;
            ft->kind = ft->ref_is_enum ? "APICC_F_ENUM" : "APICC_F_OBJECT";
            buf b;
            buf_init(&b);
            buf_printf(&b, "%s%s %s", ft->ref_is_enum ? "" : "const ",
                       ft->ref_ctype ? ft->ref_ctype : "",
                       ft->ref_is_enum ? "" : "*");
            ft->base = buf_take(&b);
            buf_puts(doc, t->model->name);
            return;
        }
        break;
    case SPEC_KIND_FILE:
        ft->kind = "APICC_F_FILE";
        ft->base = str_dup("const apicc_file *");
        buf_puts(doc, "file (multipart)");
        return;
    default:
        break;
    }
    ft->kind = "APICC_F_ANY";
    ft->base = str_dup("const cJSON *");
    buf_puts(doc, "any JSON");
}

/* Works out how a property or param type is stored.  Arrays and maps of
 * arrays or maps are kept as raw JSON: one level of container keeps the C
 * simple, and the rare deeper shape still round-trips. */
void view_type_of(view_ctx *v, const spec_type *t, field_type *ft)
{
    memset(ft, 0, sizeof(*ft));
    ft->shape = "APICC_SHAPE_SINGLE";
    buf doc;
    buf_init(&doc);
    if ((t->kind == SPEC_KIND_ARRAY || t->kind == SPEC_KIND_MAP) && t->items &&
        t->items->kind != SPEC_KIND_ARRAY && t->items->kind != SPEC_KIND_MAP) {
        ft->is_array = t->kind == SPEC_KIND_ARRAY;
        ft->is_map = !ft->is_array;
        ft->shape = ft->is_array ? "APICC_SHAPE_ARRAY" : "APICC_SHAPE_MAP";
        buf_puts(&doc, ft->is_array ? "array of " : "map of string to ");
        element_type(v, t->items, ft, &doc);
    } else if (t->kind == SPEC_KIND_ARRAY || t->kind == SPEC_KIND_MAP) {
        ft->kind = "APICC_F_ANY";
        ft->base = str_dup("const cJSON *");
        buf_puts(&doc, "any JSON");
    } else {
        element_type(v, t, ft, &doc);
    }
    ft->doc = buf_take(&doc);
    if (!ft->base || !ft->doc)
        v->failed = 1;
}

/* Adds one struct member {decl, comment}. */
static void add_member(view_ctx *v, cJSON *members, const char *comment,
                       const char *fmt_type, const char *name)
{
    cJSON *m = view_push(v, members);
    if (!m)
        return;
    view_fmt(v, m, "decl", "%s%s", fmt_type, name);
    view_one_line(v, m, "comment", comment);
}

/* A member the runtime finds by offset, or false when there is none. */
static void add_offset(view_ctx *v, cJSON *f, const char *key,
                       const char *member, int present)
{
    view_str(v, f, key, present ? member : NULL);
}

/* One property: its members in the struct and its field-table entry. */
static void add_property(view_ctx *v, const spec_property *p,
                         cJSON *members, cJSON *fields)
{
    field_type ft;
    view_type_of(v, p->type, &ft);
    char *c = cname_derive(p->c_name, p->json_name);
    if (!c || !ft.base) {
        v->failed = 1;
        free(c);
        view_field_type_free(&ft);
        return;
    }
    size_t n = strlen(c) + 16;
    char *has = malloc(n), *isnull = malloc(n), *count = malloc(n),
         *keys = malloc(n);
    if (!has || !isnull || !count || !keys) {
        v->failed = 1;
        goto done;
    }
    snprintf(has, n, "has_%s", c);
    snprintf(isnull, n, "%s_is_null", c);
    snprintf(count, n, "n_%s", c);
    snprintf(keys, n, "%s_keys", c);
    int container = ft.is_array || ft.is_map;
    size_t blen = strlen(ft.base);
    int pointer = ft.base[blen - 1] == '*';
    /* Only scalars need has_x: an optional pointer is absent when NULL. */
    int has_flag = !p->required && !container && !pointer;

    /* Every pointer member is const, so a request fills from string
     * literals and const arrays with no cast (C with -Wwrite-strings, and
     * C++); the runtime owns and frees what it parses through the field
     * table, which writes through offsets. */
    char *type = NULL;
    buf tb;
    buf_init(&tb);
    if (!container)
        buf_puts(&tb, ft.base);
    else if (pointer)
        buf_printf(&tb, "%sconst *", ft.base);
    else
        buf_printf(&tb, "const %s*", ft.base);
    type = buf_take(&tb);
    add_member(v, members,
               p->rest ? "the members no other member names" : p->description,
               type ? type : "", c);
    free(type);
    if (has_flag)
        add_member(v, members, NULL, "bool ", has);
    if (p->nullable)
        add_member(v, members, NULL, "bool ", isnull);
    if (container)
        add_member(v, members, NULL, "size_t ", count);
    if (ft.is_map)
        add_member(v, members, NULL, "const char *const *", keys);

    cJSON *f = view_push(v, fields);
    if (!f)
        goto done;
    view_str(v, f, "json_name", p->json_name);
    view_str(v, f, "c_name", c);
    view_str(v, f, "kind", ft.kind);
    /* APICC_SHAPE_SINGLE is 0: left out of the table */
    view_str(v, f, "shape", ft.is_array || ft.is_map ? ft.shape : NULL);
    const char *flags = p->required && p->nullable
                            ? "APICC_FIELD_REQUIRED | APICC_FIELD_NULLABLE"
                        : p->required ? "APICC_FIELD_REQUIRED"
                        : p->nullable ? "APICC_FIELD_NULLABLE"
                                      : NULL;
    if (p->rest)
        flags = "APICC_FIELD_REST"; /* never required nor nullable */
    view_str(v, f, "flags", flags);
    view_str(v, f, "const_value", p->const_value);
    add_offset(v, f, "has_member", has, has_flag);
    add_offset(v, f, "null_member", isnull, p->nullable);
    add_offset(v, f, "count_member", count, container);
    add_offset(v, f, "keys_member", keys, ft.is_map);
    if (ft.ref_ctype && !ft.ref_is_enum)
        view_fmt(v, f, "model_ref", "&%s_desc_", ft.ref_ctype);
    else
        view_str(v, f, "model_ref", NULL);
    if (ft.ref_ctype && ft.ref_is_enum)
        view_fmt(v, f, "enum_ref", "&%s_enum_", ft.ref_ctype);
    else
        view_str(v, f, "enum_ref", NULL);
    view_str(v, f, "doc_type", ft.doc);
    view_str(v, f, "doc_ref", ft.ref_ctype ? ft.doc : NULL);
    view_bool(v, f, "required", p->required);
    view_bool(v, f, "nullable", p->nullable);
    view_bool(v, f, "deprecated", p->deprecated);
    view_one_line(v, f, "field_summary", p->description);
done:
    free(has);
    free(isnull);
    free(count);
    free(keys);
    free(c);
    view_field_type_free(&ft);
}

static void add_model(view_ctx *v, cJSON *arr, const spec_model *m)
{
    cJSON *o = view_push(v, arr);
    char *ctype = view_model_ctype(v, m);
    if (!o || !ctype) {
        free(ctype);
        return;
    }
    view_spec_str(v, o, "name", m->name);
    view_names(v, o, &gname_object, ctype);
    view_lines(v, o, "model_lines", m->description);
    view_one_line(v, o, "model_summary", m->description);
    view_bool(v, o, "synthetic", m->synthetic);
    view_bool(v, o, "is_list", m->is_list);
    /* a list model whose one member is a scalar or any JSON */
    view_bool(v, o, "is_value",
              m->is_list && m->nprops == 1 && m->props[0].type &&
                  m->props[0].type->kind != SPEC_KIND_ARRAY);
    view_bool(v, o, "is_union", 0);
    cJSON *members = view_array(v, o, "members");
    cJSON *fields = view_array(v, o, "fields");
    for (size_t i = 0; members && fields && i < m->nprops; i++)
        add_property(v, &m->props[i], members, fields);
    view_bool(v, o, "has_fields", m->nprops > 0);
    view_num(v, o, "nfields", (double)m->nprops);
    if (fields)
        view_mark_ends(v, fields);
    free(ctype);
}

cJSON *view_models(view_ctx *v)
{
    cJSON *arr = cJSON_CreateArray();
    if (!arr) {
        v->failed = 1;
        return NULL;
    }
    for (size_t i = 0; i < v->s->nmodels; i++)
        if (v->s->models[i].kind == SPEC_MODEL_OBJECT)
            add_model(v, arr, &v->s->models[i]);
        else if (v->s->models[i].kind == SPEC_MODEL_UNION)
            view_union(v, arr, &v->s->models[i]);
    view_mark_ends(v, arr);
    return arr;
}

static void add_enum(view_ctx *v, cJSON *arr, const spec_model *m)
{
    cJSON *o = view_push(v, arr);
    char *ctype = view_model_ctype(v, m);
    char *upper = ctype ? cname_upper(ctype) : NULL;
    if (!o || !ctype || !upper) {
        v->failed = 1;
        free(ctype);
        free(upper);
        return;
    }
    view_spec_str(v, o, "name", m->name);
    view_names(v, o, &gname_enum, ctype);
    view_lines(v, o, "enum_lines", m->description);
    view_one_line(v, o, "enum_summary", m->description);
    char *unknown = gname_enum_constant(upper, GNAME_UNKNOWN_VALUE);
    if (!unknown)
        v->failed = 1;
    view_str(v, o, "unknown_constant", unknown);
    free(unknown);
    view_num(v, o, "nvalues", (double)m->nvalues);
    cJSON *values = view_array(v, o, "values");
    for (size_t i = 0; values && i < m->nvalues; i++) {
        const spec_enum_value *ev = &m->values[i];
        cJSON *e = view_push(v, values);
        char *suffix = ev->c_name ? cname_upper(ev->c_name)
                                  : cname_upper(ev->value);
        if (!e || !suffix) {
            v->failed = 1;
            free(suffix);
            break;
        }
        view_str(v, e, "value", ev->value);
        char *constant = gname_enum_constant(upper, suffix);
        if (!constant)
            v->failed = 1;
        view_str(v, e, "constant", constant);
        free(constant);
        view_num(v, e, "number", (double)(i + 1));
        free(suffix);
    }
    if (values)
        view_mark_ends(v, values);
    free(ctype);
    free(upper);
}

cJSON *view_enums(view_ctx *v)
{
    cJSON *arr = cJSON_CreateArray();
    if (!arr) {
        v->failed = 1;
        return NULL;
    }
    for (size_t i = 0; i < v->s->nmodels; i++)
        if (v->s->models[i].kind == SPEC_MODEL_ENUM)
            add_enum(v, arr, &v->s->models[i]);
    view_mark_ends(v, arr);
    return arr;
}
