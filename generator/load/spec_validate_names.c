/*
 * C names: each item's C name must be a valid identifier (and, for
 * models, properties and params, not a keyword), and the names the
 * generated code declares must not clash.  The generated global names
 * come from base/global_names.h, the same tables the view hands to the
 * templates.
 *
 * Clashes are found by sorting: a spec with thousands of endpoints has
 * tens of thousands of names, too many to compare pairwise.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/cname.h"
#include "base/global_names.h"
#include "load/spec_validate_names.h"

/* One generated C name and the spec item it comes from. */
typedef struct vd_name {
    char *name;           /* the C name (owned) */
    const char *kind;     /* "model", "enum value", "endpoint", ... */
    const char *item;     /* the item's spec name */
    const char *parent;   /* the enum of an enum value, else NULL */
    const void *owner;    /* identity of the item, to report a pair once */
    spec_pos pos;
    size_t seq;           /* order of adding: ties in position */
    size_t owner_seq;     /* order of the item among the table's items */
} vd_name;

typedef struct vd_names {
    vd_name *v;
    size_t n;
    size_t cap;
} vd_names;

/* Returns name, noting when it is NULL (out of memory). */
static char *oom_check(vd_ctx *v, char *name)
{
    if (!name)
        v->oom = 1;
    return name;
}

/* a + b + c, or NULL when out of memory (noted). */
static char *fmt_name(vd_ctx *v, const char *a, const char *b,
                      const char *c)
{
    return oom_check(v, gname_join(a, b, c));
}

static char *vd_cname(vd_ctx *v, const char *explicit_c_name,
                      const char *name, spec_pos pos, int no_keyword,
                      const char *fix)
{
    if (explicit_c_name) {
        const char *c = explicit_c_name;
        size_t n = strlen(c);
        if (!cname_is_identifier(c))
            vd_error(v, pos, "c_name '%s' is not a valid C identifier", c);
        else if (no_keyword && cname_is_keyword(c))
            vd_error(v, pos, "c_name '%s' is a C keyword or reserved "
                             "identifier", c);
        else if (c[n - 1] == '_')
            /* Generated static names end with '_'; a public one that did
             * too could meet one of them. */
            vd_error(v, pos, "c_name '%s' must not end with '_'", c);
        else
            return cname_derive(c, NULL);
        return NULL;
    }
    if (!name)
        return NULL;
    char *c = cname_snake(name);
    if (!c) {
        v->oom = 1;
        return NULL;
    }
    if (!c[0])
        vd_error(v, pos, "'%s' becomes an empty C name; %s", name, fix);
    else if (!cname_is_identifier(c))
        vd_error(v, pos, "'%s' becomes C name '%s', which is not a valid C "
                         "identifier; %s", name, c, fix);
    else if (no_keyword && cname_is_keyword(c))
        vd_error(v, pos, "'%s' becomes C name '%s', which is a C keyword or "
                         "reserved identifier; %s", name, c, fix);
    else
        return c;
    free(c);
    return NULL;
}

static void vd_add(vd_ctx *v, vd_names *t, char *name, const char *kind,
                   const char *item, const char *parent, const void *owner,
                   spec_pos pos)
{
    if (!name)
        return;
    if (t->n == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 64;
        vd_name *p = realloc(t->v, cap * sizeof(*p));
        if (!p) {
            free(name);
            v->oom = 1;
            return;
        }
        t->v = p;
        t->cap = cap;
    }
    vd_name *e = &t->v[t->n];
    e->name = name;
    e->kind = kind;
    e->item = item;
    e->parent = parent;
    e->owner = owner;
    e->pos = pos;
    e->seq = t->n;
    /* An item adds its names one after another. */
    e->owner_seq = 0;
    if (t->n > 0)
        e->owner_seq = t->v[t->n - 1].owner_seq +
                       (t->v[t->n - 1].owner == owner ? 0 : 1);
    t->n++;
}

/* Adds every name of `forms` for an item whose stem is `stem`. */
static void forms_add(vd_ctx *v, vd_names *t, const gname_forms *forms,
                      const char *stem, const char *kind, const char *item,
                      const void *owner, spec_pos pos)
{
    for (size_t i = 0; i < forms->n; i++)
        vd_add(v, t, oom_check(v, gname_join(stem, forms->v[i].suffix, "")),
               kind, item, NULL, owner, pos);
}

static void vd_names_free(vd_names *t)
{
    for (size_t i = 0; i < t->n; i++)
        free(t->v[i].name);
    free(t->v);
    memset(t, 0, sizeof(*t));
}

/* By name, then by position in the file, then by order of adding. */
static int cmp_name(const void *pa, const void *pb)
{
    const vd_name *a = pa, *b = pb;
    int c = strcmp(a->name, b->name);
    if (c)
        return c;
    if (a->pos.line != b->pos.line)
        return a->pos.line < b->pos.line ? -1 : 1;
    if (a->pos.col != b->pos.col)
        return a->pos.col < b->pos.col ? -1 : 1;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* "model 'Foo'", "value 'red' of enum 'Color'". */
static void describe(const vd_name *e, char *out, size_t size)
{
    if (e->parent)
        snprintf(out, size, "%s '%s' of enum '%s'", e->kind, e->item,
                 e->parent);
    else
        snprintf(out, size, "%s '%s'", e->kind, e->item);
}

/* One clash found: a later entry and the first entry of its name. */
typedef struct clash {
    const vd_name *a; /* later */
    const vd_name *b; /* first */
} clash;

/* Groups clashes by the pair of items, in the order the items were
 * added, and within a pair puts the first name added first. */
static int cmp_clash_pair(const void *pa, const void *pb)
{
    const clash *x = pa, *y = pb;
    if (x->a->owner_seq != y->a->owner_seq)
        return x->a->owner_seq < y->a->owner_seq ? -1 : 1;
    if (x->b->owner_seq != y->b->owner_seq)
        return x->b->owner_seq < y->b->owner_seq ? -1 : 1;
    return x->a->seq < y->a->seq ? -1 : x->a->seq > y->a->seq;
}

static void vd_clashes(vd_ctx *v, vd_names *t)
{
    if (t->n > 1)
        qsort(t->v, t->n, sizeof(*t->v), cmp_name);
    clash *found = NULL;
    size_t nfound = 0, cap = 0, first = 0;
    for (size_t i = 1; i < t->n; i++) {
        if (strcmp(t->v[first].name, t->v[i].name) != 0) {
            first = i;
            continue;
        }
        if (nfound == cap) {
            size_t c = cap ? cap * 2 : 16;
            clash *p = realloc(found, c * sizeof(*p));
            if (!p) {
                v->oom = 1;
                break;
            }
            found = p;
            cap = c;
        }
        found[nfound].a = &t->v[i];
        found[nfound].b = &t->v[first];
        nfound++;
    }
    /* Items that share several names (models "Foo" and "foo" share four)
     * are reported once.  Sorting by the order names were added keeps
     * the messages in the same order on every run. */
    if (nfound > 1)
        qsort(found, nfound, sizeof(*found), cmp_clash_pair);
    for (size_t i = 0; i < nfound; i++) {
        const vd_name *a = found[i].a, *b = found[i].b;
        if (a->owner == b->owner)
            continue;
        if (i > 0 && found[i - 1].a->owner_seq == a->owner_seq &&
            found[i - 1].b->owner_seq == b->owner_seq)
            continue;
        char da[300], db[300];
        describe(a, da, sizeof da);
        describe(b, db, sizeof db);
        vd_error(v, a->pos, "%s and %s both become C name %s", da, db,
                 a->name);
    }
    free(found);
    vd_names_free(t);
}

/* ---- struct members ---------------------------------------------------- */

/* Whether the view stores a property as a C array or map (with a count):
 * one level only, deeper containers stay raw JSON. */
static int is_container(const spec_type *t)
{
    return t && (t->kind == SPEC_KIND_ARRAY || t->kind == SPEC_KIND_MAP) &&
           t->items && t->items->kind != SPEC_KIND_ARRAY &&
           t->items->kind != SPEC_KIND_MAP;
}

void vd_model_members(vd_ctx *v, const spec_model *m)
{
    vd_names t = {0};
    /* A union's alternatives are members of its C union: no flags. */
    int alternatives = m->kind == SPEC_MODEL_UNION;
    for (size_t i = 0; i < m->nprops; i++) {
        const spec_property *p = &m->props[i];
        if (!p->json_name)
            continue;
        char *c = vd_cname(v, p->c_name, p->json_name, p->pos, 1,
                           "set c_name");
        if (!c)
            continue;
        /* The member itself first: a clash is reported with the first
         * name the pair shares, and "x" says more than "has_x". */
        char *has = p->required || alternatives
                        ? NULL
                        : fmt_name(v, "has_", c, "");
        char *isnull = p->nullable ? fmt_name(v, c, "_is_null", "") : NULL;
        int container = is_container(p->type) && !alternatives;
        char *count = container ? fmt_name(v, "n_", c, "") : NULL;
        char *keys = container && p->type->kind == SPEC_KIND_MAP
                         ? fmt_name(v, c, "_keys", "")
                         : NULL;
        const char *k = alternatives ? "alternative" : "property";
        const char *item = p->json_name;
        vd_add(v, &t, c, k, item, NULL, p, p->pos);
        vd_add(v, &t, has, k, item, NULL, p, p->pos);
        vd_add(v, &t, isnull, k, item, NULL, p, p->pos);
        vd_add(v, &t, count, k, item, NULL, p, p->pos);
        vd_add(v, &t, keys, k, item, NULL, p, p->pos);
    }
    vd_clashes(v, &t);
}

/* Whether a param gets a has_x flag: optional scalars that have no NULL
 * to say "absent" (strings do). */
static int param_has_flag(const spec_param *p)
{
    const spec_type *t = p->type;
    if (!t || p->required || t->kind == SPEC_KIND_ARRAY)
        return 0;
    if (t->kind == SPEC_KIND_REF)
        return t->model && t->model->kind == SPEC_MODEL_ENUM;
    return t->kind == SPEC_KIND_INTEGER || t->kind == SPEC_KIND_NUMBER ||
           t->kind == SPEC_KIND_BOOLEAN;
}

void vd_param_members(vd_ctx *v, const spec_endpoint *e, const char *skip)
{
    vd_names t = {0};
    for (size_t i = 0; i < e->nparams; i++) {
        const spec_param *p = &e->params[i];
        if ((skip && skip[i]) || p->const_value)
            continue; /* a constant has no member */
        char *c = vd_cname(v, p->c_name, p->name, p->pos, 1, "set c_name");
        if (!c)
            continue;
        char *has = param_has_flag(p) ? fmt_name(v, "has_", c, "") : NULL;
        char *count = p->type && p->type->kind == SPEC_KIND_ARRAY
                          ? fmt_name(v, "n_", c, "")
                          : NULL;
        vd_add(v, &t, c, "param", p->name, NULL, p, p->pos);
        vd_add(v, &t, has, "param", p->name, NULL, p, p->pos);
        vd_add(v, &t, count, "param", p->name, NULL, p, p->pos);
    }
    vd_clashes(v, &t);
}

/* ---- global names ---------------------------------------------------- */

/* An explicit enum value c_name follows the enum's prefix, so it may
 * start with a digit, but it must hold nothing else than [A-Za-z0-9_]. */
static int enum_c_name_ok(vd_ctx *v, const spec_enum_value *ev)
{
    const char *c = ev->c_name;
    if (!c)
        return 1;
    size_t n = strlen(c);
    if (n > 0 && strspn(c, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                           "0123456789_") == n &&
        c[n - 1] != '_')
        return 1;
    vd_error(v, ev->pos, "c_name '%s' of an enum value must hold only "
                         "letters, digits and '_', and not end with '_'", c);
    return 0;
}

/* The names of an enum model: its type, two functions, and a constant
 * per value plus UNKNOWN. */
static void enum_names(vd_ctx *v, vd_names *t, const spec_model *m,
                       const char *ctype)
{
    forms_add(v, t, &gname_enum, ctype, "enum", m->name, m, m->pos);
    char *upper = cname_upper(ctype);
    if (!upper) {
        v->oom = 1;
        return;
    }
    vd_add(v, t, oom_check(v, gname_enum_constant(upper, GNAME_UNKNOWN_VALUE)),
           "enum", m->name, NULL, m, m->pos);
    /* Repeated values are reported by spec_validate.c; their constants
     * would only say it again. */
    const char **names = calloc(m->nvalues ? m->nvalues : 1, sizeof(*names));
    char *repeat = NULL;
    if (names) {
        for (size_t i = 0; i < m->nvalues; i++)
            names[i] = m->values[i].value;
        repeat = vd_repeats(v, names, NULL, m->nvalues, NULL);
    }
    free(names);
    if (!repeat) {
        v->oom = 1;
        free(upper);
        return;
    }
    for (size_t i = 0; i < m->nvalues; i++) {
        const spec_enum_value *ev = &m->values[i];
        if (!ev->value || repeat[i] || !enum_c_name_ok(v, ev))
            continue;
        char *suffix = cname_upper(ev->c_name ? ev->c_name : ev->value);
        if (!suffix) {
            v->oom = 1;
            break;
        }
        if (!suffix[0]) {
            vd_error(v, ev->pos, "enum value '%s' becomes an empty C name; "
                                 "set c_name", ev->value);
        } else {
            vd_add(v, t, oom_check(v, gname_enum_constant(upper, suffix)),
                   "value", ev->value, m->name, ev, ev->pos);
        }
        free(suffix);
    }
    free(repeat);
    free(upper);
}

/* The names of a union model: its type and functions, the tag type, a
 * tag constant and an accessor per alternative, UNKNOWN and NULL. */
static void union_names(vd_ctx *v, vd_names *t, const spec_model *m,
                        const char *ctype)
{
    forms_add(v, t, &gname_union, ctype, "union", m->name, m, m->pos);
    char *upper = cname_upper(ctype);
    if (!upper) {
        v->oom = 1;
        return;
    }
    vd_add(v, t, oom_check(v, gname_enum_constant(upper, GNAME_UNKNOWN_VALUE)),
           "union", m->name, NULL, m, m->pos);
    if (m->nullable)
        vd_add(v, t, oom_check(v, gname_enum_constant(upper, GNAME_NULL_VALUE)),
               "union", m->name, NULL, m, m->pos);
    for (size_t i = 0; i < m->nprops; i++) {
        const spec_property *p = &m->props[i];
        char *c = p->json_name ? cname_derive(p->c_name, p->json_name) : NULL;
        char *cu = c ? cname_upper(c) : NULL;
        /* Two alternatives of one C name are reported as members
         * (vd_model_members); their global names would say it again. */
        int again = 0;
        for (size_t k = 0; c && k < i && !again; k++) {
            const spec_property *q = &m->props[k];
            char *d = q->json_name ? cname_derive(q->c_name, q->json_name)
                                   : NULL;
            again = d && strcmp(c, d) == 0;
            free(d);
        }
        if (c && cu && c[0] && !again) {
            vd_add(v, t, oom_check(v, gname_enum_constant(upper, cu)),
                   "alternative", p->json_name, NULL, p, p->pos);
            vd_add(v, t, oom_check(v, gname_union_accessor(ctype, c)),
                   "alternative", p->json_name, NULL, p, p->pos);
        }
        free(c);
        free(cu);
    }
    free(upper);
}

static void model_names(vd_ctx *v, vd_names *t, const spec_model *m,
                        const char *prefix)
{
    char *c = vd_cname(v, m->c_name, m->name, m->pos, 1, "set c_name");
    if (!c)
        return;
    char *ctype = oom_check(v, gname_stem(prefix, c));
    free(c);
    if (!ctype)
        return;
    if (m->kind == SPEC_MODEL_ENUM)
        enum_names(v, t, m, ctype);
    else if (m->kind == SPEC_MODEL_UNION)
        union_names(v, t, m, ctype);
    else
        forms_add(v, t, &gname_object, ctype, "model", m->name, m, m->pos);
    free(ctype);
}

static void endpoint_names(vd_ctx *v, vd_names *t, const spec_endpoint *e,
                           const char *prefix, int http)
{
    char *c = vd_cname(v, NULL, e->name, e->pos, 0, "rename it");
    if (!c)
        return;
    char *fn = oom_check(v, gname_stem(prefix, c));
    free(c);
    if (!fn)
        return;
    if (e->nparams)
        forms_add(v, t, &gname_endpoint_params, fn, "endpoint", e->name, e,
                  e->pos);
    forms_add(v, t, &gname_endpoint, fn, "endpoint", e->name, e, e->pos);
    if (e->pagination)
        forms_add(v, t, &gname_endpoint_pages, fn, "endpoint", e->name, e,
                  e->pos);
    if (e->stream)
        forms_add(v, t, &gname_endpoint_stream, fn, "endpoint", e->name, e,
                  e->pos);
    else if (http)
        forms_add(v, t, &gname_endpoint_start, fn, "endpoint", e->name, e,
                  e->pos);
    free(fn);
}

static void event_names(vd_ctx *v, vd_names *t, const spec_event *e,
                        const char *prefix)
{
    if (!e->name)
        return;
    char *c = vd_cname(v, NULL, e->name, e->pos, 0, "rename it");
    if (!c)
        return;
    vd_add(v, t, oom_check(v, gname_event_on(prefix, c)), "event", e->name,
           NULL, e, e->pos);
    char *stem = oom_check(v, gname_stem(prefix, c));
    free(c);
    if (!stem)
        return;
    forms_add(v, t, &gname_event, stem, "event", e->name, e, e->pos);
    free(stem);
}

void vd_global_names(vd_ctx *v)
{
    const spec *s = v->s;
    /* Without a usable provider the loader has complained; the other
     * names can still be checked against each other. */
    const char *p = s->provider ? s->provider : "provider";
    vd_names t = {0};
    forms_add(v, &t, &gname_provider, p, "provider", p, s, s->provider_pos);
    for (size_t i = 0; i < s->nauths; i++) {
        const spec_auth *a = &s->auths[i];
        char *c = vd_cname(v, NULL, a->name, a->pos, 0, "rename it");
        if (c)
            vd_add(v, &t, oom_check(v, gname_setter(p, c)), "auth scheme",
                   a->name, NULL, a, a->pos);
        free(c);
    }
    for (size_t i = 0; i < s->nmodels; i++)
        if (s->models[i].name && !v->model_repeat[i])
            model_names(v, &t, &s->models[i], p);
    for (size_t i = 0; i < s->nendpoints; i++) {
        const spec_endpoint *e = &s->endpoints[i];
        if (e->name && !v->endpoint_repeat[i])
            endpoint_names(v, &t, e, p,
                           s->transport != SPEC_TRANSPORT_WEBSOCKET);
    }
    for (size_t i = 0; i < s->nevents; i++)
        event_names(v, &t, &s->events[i], p);
    vd_clashes(v, &t);
}
