/*
 * The view of a union model: the tag type with a constant per
 * alternative, the members of the C union, an accessor per alternative,
 * and the tables the runtime walks (apicc_union_desc).  A union sits in
 * the view's `models` list beside the object models (is_union), so
 * bodies, responses, members and elements refer to it like any model.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/cname.h"
#include "base/global_names.h"
#include "load/spec_validate_unions.h"
#include "view/view_escape.h"
#include "view/view_model_types.h"

/* One alternative: its tag constant, member, accessor and table entry. */
static void add_alternative(view_ctx *v, cJSON *alts, const spec_property *p,
                            size_t index, const char *ctype,
                            const char *upper)
{
    field_type ft;
    view_type_of(v, p->type, &ft);
    char *c = cname_derive(p->c_name, p->json_name);
    char *cu = c ? cname_upper(c) : NULL;
    char *constant = cu ? gname_enum_constant(upper, cu) : NULL;
    char *accessor = c ? gname_union_accessor(ctype, c) : NULL;
    cJSON *a = view_push(v, alts);
    if (!a || !ft.base || !constant || !accessor) {
        v->failed = 1;
        goto done;
    }
    int pointer = ft.base[strlen(ft.base) - 1] == '*';
    /* The C type of the member, as an object's member would have it. */
    buf t;
    buf_init(&t);
    if (!ft.is_array)
        buf_puts(&t, ft.base);
    else if (pointer)
        buf_printf(&t, "%sconst *", ft.base);
    else
        buf_printf(&t, "const %s*", ft.base);
    char *type = buf_take(&t);
    if (!type) {
        v->failed = 1;
        goto done;
    }
    view_fmt(v, a, "decl", "%s%s", type, c);
    /* What the accessor returns: the pointer a pointer member holds, else
     * a pointer to the member, so NULL can say "not this alternative". */
    if (ft.is_array || pointer)
        view_str(v, a, "accessor_ret", type);
    else
        view_fmt(v, a, "accessor_ret", "const %s*", ft.base);
    view_bool(v, a, "by_address", !ft.is_array && !pointer);
    free(type);
    view_str(v, a, "c_name", c);
    view_spec_str(v, a, "alt_name", p->json_name);
    view_str(v, a, "constant", constant);
    view_num(v, a, "number", (double)(index + 1));
    view_num(v, a, "index", (double)index);
    view_str(v, a, "accessor_fn", accessor);
    view_str(v, a, "kind", ft.kind);
    view_bool(v, a, "is_array", ft.is_array);
    view_str(v, a, "shape", ft.is_array ? ft.shape : NULL);
    if (ft.ref_ctype && !ft.ref_is_enum)
        view_fmt(v, a, "model_ref", "&%s_desc_", ft.ref_ctype);
    else
        view_str(v, a, "model_ref", NULL);
    if (ft.ref_ctype && ft.ref_is_enum)
        view_fmt(v, a, "enum_ref", "&%s_enum_", ft.ref_ctype);
    else
        view_str(v, a, "enum_ref", NULL);
    view_comment(v, a, "doc_comment", ft.doc);
    view_one_line(v, a, "alt_summary", p->description);
done:
    free(c);
    free(cu);
    free(constant);
    free(accessor);
    view_field_type_free(&ft);
}

static void add_mapping(view_ctx *v, cJSON *o, const spec_model *m)
{
    vd_mapping *map = calloc(m->nmapping + m->nprops + 1, sizeof *map);
    cJSON *arr = view_array(v, o, "mapping");
    if (!map || !arr) {
        v->failed = 1;
        free(map);
        return;
    }
    size_t n = m->discriminator ? vd_union_mapping(m, map) : 0;
    for (size_t i = 0; i < n; i++) {
        cJSON *e = view_push(v, arr);
        if (!e)
            break;
        view_spec_str(v, e, "value", map[i].value);
        view_num(v, e, "alt", (double)map[i].alt);
    }
    view_bool(v, o, "has_mapping", n > 0);
    view_num(v, o, "nmapping", (double)n);
    free(map);
}

/* The runtime's flags for the union, or NULL for none. */
static void add_flags(view_ctx *v, cJSON *o, const spec_model *m)
{
    buf b;
    buf_init(&b);
    const char *sep = "";
    if (m->nullable) {
        buf_printf(&b, "%sAPICC_UNION_NULLABLE", sep);
        sep = " | ";
    }
    if (m->unmatched_error) {
        buf_printf(&b, "%sAPICC_UNION_UNMATCHED_ERROR", sep);
        sep = " | ";
    }
    if (m->ambiguous_error)
        buf_printf(&b, "%sAPICC_UNION_AMBIGUOUS_ERROR", sep);
    char *flags = buf_take(&b);
    view_str(v, o, "union_flags", flags && flags[0] ? flags : NULL);
    free(flags);
}

void view_union(view_ctx *v, cJSON *models, const spec_model *m)
{
    cJSON *o = view_push(v, models);
    char *ctype = view_model_ctype(v, m);
    char *upper = ctype ? cname_upper(ctype) : NULL;
    char *unknown =
        upper ? gname_enum_constant(upper, GNAME_UNKNOWN_VALUE) : NULL;
    char *null = upper ? gname_enum_constant(upper, GNAME_NULL_VALUE) : NULL;
    if (!o || !ctype || !upper || !unknown || !null) {
        v->failed = 1;
        goto done;
    }
    view_spec_str(v, o, "name", m->name);
    view_names(v, o, &gname_union, ctype);
    view_lines(v, o, "model_lines", m->description);
    view_one_line(v, o, "model_summary", m->description);
    view_bool(v, o, "synthetic", m->synthetic);
    view_bool(v, o, "is_list", 0);
    view_bool(v, o, "is_union", 1);
    view_bool(v, o, "has_fields", 0);
    view_str(v, o, "unknown_constant", unknown);
    view_str(v, o, "null_constant", m->nullable ? null : NULL);
    view_num(v, o, "null_number", (double)(m->nprops + 1));
    int arrays = 0;
    for (size_t i = 0; i < m->nprops; i++)
        arrays |= m->props[i].type && m->props[i].type->kind == SPEC_KIND_ARRAY;
    view_bool(v, o, "has_array_alt", arrays);
    view_spec_str(v, o, "discriminator", m->discriminator);
    add_mapping(v, o, m);
    add_flags(v, o, m);
    cJSON *alts = view_array(v, o, "alternatives");
    for (size_t i = 0; alts && i < m->nprops; i++)
        add_alternative(v, alts, &m->props[i], i, ctype, upper);
    if (alts)
        view_mark_ends(v, alts);
    view_num(v, o, "nalts", (double)m->nprops);
done:
    free(ctype);
    free(upper);
    free(unknown);
    free(null);
}
