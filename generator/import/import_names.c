/*
 * Finishing an imported spec: dropping hoisted models nobody uses, the
 * order models are written in, and C names the validator accepts.
 *
 * The names follow spec_validate_names.c: every generated global name
 * (base/global_names.h: <p>_<model>, <p>_<model>_free,
 * <p>_<endpoint>_params, <p>_set_<auth>, <P>_<ENUM>_<VALUE>, ...) must be
 * distinct, struct members (x, has_x,
 * x_is_null, n_x, x_keys) distinct per struct, and C names valid
 * identifiers that are no keywords.  Names are claimed in file order
 * (auth schemes, models, endpoints), so an earlier item keeps its name
 * and a later one gets a suffix.  Since every global name starts with
 * "<p>_", the registry holds names without that prefix.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/cname.h"
#include "base/global_names.h"
#include "import/import_ir.h"
#include "import/import_map.h"

/* ---- pruning ------------------------------------------------------ */

/* A large API describes more than its operations use: GitHub's has 969
 * named schemas and 1,223 operations, which reach under a third of the
 * models the schemas make (webhook payloads are the rest).  Leaving the
 * others out keeps the client to what it calls; --all-models keeps them
 * (their _from_json still parses webhook payloads). */

static void mark_type(const imp_type *t, char *used, size_t *stack,
                      size_t *top)
{
    for (; t; t = t->items) {
        if (t->kind == IMP_REF && t->model != IMP_NONE && !used[t->model]) {
            used[t->model] = 1;
            stack[(*top)++] = t->model;
        }
    }
}

static void mark(size_t m, char *used, size_t *stack, size_t *top)
{
    if (m != IMP_NONE && !used[m]) {
        used[m] = 1;
        stack[(*top)++] = m;
    }
}

size_t imp_prune(imp_spec *s, int keep_named)
{
    size_t n = s->nmodels ? s->nmodels : 1;
    char *used = calloc(n, 1);
    size_t *stack = malloc(n * sizeof(*stack));
    size_t top = 0;
    if (!used || !stack) {
        free(used);
        free(stack);
        s->oom = 1;
        return 0;
    }
    for (size_t i = 0; keep_named && i < s->nmodels; i++)
        if (!s->models[i].hoisted)
            mark(i, used, stack, &top);
    mark(s->errors_model, used, stack, &top);
    for (size_t i = 0; i < s->nendpoints; i++) {
        const imp_endpoint *e = &s->endpoints[i];
        mark(e->body, used, stack, &top);
        mark_type(e->body_list, used, stack, &top);
        mark(e->response, used, stack, &top);
        mark_type(e->response_list, used, stack, &top);
        for (size_t k = 0; k < e->nresponses; k++) {
            mark(e->responses[k].model, used, stack, &top);
            mark_type(e->responses[k].list, used, stack, &top);
        }
        mark(e->error, used, stack, &top);
        for (size_t k = 0; k < e->nparams; k++)
            mark_type(e->params[k].type, used, stack, &top);
    }
    while (top > 0) {
        const imp_model *m = &s->models[stack[--top]];
        for (size_t k = 0; k < m->nprops; k++)
            mark_type(m->props[k].type, used, stack, &top);
    }
    size_t named = 0;
    for (size_t i = 0; i < s->nmodels; i++) {
        s->models[i].drop = !used[i];
        named += !used[i] && !s->models[i].hoisted;
    }
    free(used);
    free(stack);
    return named;
}

/* ---- order --------------------------------------------------------- */

/* The nearest kept ancestor a model is written after (IMP_NONE: top). */
static size_t kept_parent(const imp_spec *s, size_t i)
{
    size_t p = s->models[i].parent;
    while (p != IMP_NONE && s->models[p].drop)
        p = s->models[p].parent;
    return p;
}

typedef struct order_ctx {
    const imp_spec *s;
    size_t *first_child, *next_sibling, *last_child;
    size_t *out;
    size_t n;
} order_ctx;

static void visit(order_ctx *o, size_t i)
{
    o->out[o->n++] = i;
    for (size_t c = o->first_child[i]; c != IMP_NONE; c = o->next_sibling[c])
        visit(o, c);
}

size_t *imp_model_order(imp_spec *s, size_t *n)
{
    size_t cap = s->nmodels ? s->nmodels : 1;
    order_ctx o = {s, malloc(cap * sizeof(size_t)),
                   malloc(cap * sizeof(size_t)),
                   malloc(cap * sizeof(size_t)),
                   malloc(cap * sizeof(size_t)), 0};
    *n = 0;
    if (!o.first_child || !o.next_sibling || !o.last_child || !o.out) {
        s->oom = 1;
        free(o.out);
        o.out = NULL;
        goto done;
    }
    for (size_t i = 0; i < s->nmodels; i++)
        o.first_child[i] = o.next_sibling[i] = o.last_child[i] = IMP_NONE;
    for (size_t i = 0; i < s->nmodels; i++) {
        size_t p = s->models[i].drop ? IMP_NONE : kept_parent(s, i);
        if (p == IMP_NONE)
            continue;
        if (o.last_child[p] == IMP_NONE)
            o.first_child[p] = i;
        else
            o.next_sibling[o.last_child[p]] = i;
        o.last_child[p] = i;
    }
    for (size_t i = 0; i < s->nmodels; i++)
        if (!s->models[i].drop && kept_parent(s, i) == IMP_NONE)
            visit(&o, i);
    *n = o.n;
done:
    free(o.first_child);
    free(o.next_sibling);
    free(o.last_child);
    return o.out;
}

/* ---- helpers --------------------------------------------------------- */

typedef struct names_ctx {
    imp_spec *s;
    imp_map lower;   /* global names without "<p>_" */
    imp_map upper;   /* enum constants without "<P>_" */
    imp_map members; /* one struct's members, emptied for the next */
    imp_map models;  /* names of the models written (model_name_set) */
} names_ctx;

static char *fmt(imp_spec *s, const char *a, const char *b, const char *c)
{
    size_t n = strlen(a) + strlen(b) + strlen(c) + 1;
    char *p = malloc(n);
    if (!p) {
        s->oom = 1;
        return NULL;
    }
    snprintf(p, n, "%s%s%s", a, b, c);
    return p;
}

/* a b c into tmp (cut to fit): snprintf is measurably slow here, with
 * tens of thousands of names in a large document. */
static void cat3(char *tmp, size_t size, const char *a, const char *b,
                 const char *c)
{
    size_t o = 0;
    const char *parts[3] = {a, b, c};
    for (size_t i = 0; i < 3; i++) {
        size_t n = strlen(parts[i]);
        if (n > size - 1 - o)
            n = size - 1 - o;
        memcpy(tmp + o, parts[i], n);
        o += n;
    }
    tmp[o] = '\0';
}

/* Whether s may be a keyword or reserved identifier: cname_is_keyword
 * compares with fifty words, and most names are longer than any. */
static int maybe_keyword(const char *s)
{
    return s[0] == '_' || strlen(s) <= 14;
}

/* A usable C name stem for `name`: its snake_case form, with a word in
 * front when that is empty or starts with a digit ("+1" -> plus_1), and
 * `kind` after a keyword ("default" -> default_field).  *derived tells
 * whether the stem is what the validator derives from name itself. */
static char *c_base(imp_spec *s, const char *name, const char *kind,
                    int *derived)
{
    char *c = cname_snake(name ? name : "");
    if (!c) {
        s->oom = 1;
        return NULL;
    }
    *derived = 0;
    if (!c[0] || (c[0] >= '0' && c[0] <= '9')) {
        const char *word = name && name[0] == '+'   ? "plus"
                           : name && name[0] == '-' ? "minus"
                                                    : kind;
        char *p = fmt(s, word, c[0] ? "_" : "", c);
        free(c);
        c = p;
    } else if (maybe_keyword(c) && cname_is_keyword(c)) {
        char *p = fmt(s, c, "_", kind);
        free(c);
        c = p;
    } else {
        *derived = 1;
    }
    return c;
}

/* Whether none of the names stem + suffixes[i] is in map. */
static int all_free(const imp_map *map, const char *stem,
                    const char *const *suffixes, size_t n)
{
    char tmp[512];
    for (size_t i = 0; i < n; i++) {
        cat3(tmp, sizeof tmp, stem, suffixes[i], "");
        if (imp_map_get(map, tmp, 0))
            return 0;
    }
    return 1;
}

static void claim(imp_spec *s, imp_map *map, const char *stem,
                  const char *const *suffixes, size_t n)
{
    char tmp[512];
    for (size_t i = 0; i < n; i++) {
        cat3(tmp, sizeof tmp, stem, suffixes[i], "");
        if (!imp_map_put(map, tmp, 1))
            s->oom = 1;
    }
}

/* A name a candidate must also leave free: `suffix` added to it is not
 * in `map` (an endpoint's list model among the model names). */
typedef struct also_free {
    const imp_map *map;
    const char *suffix;
} also_free;

/* The first of base, base_2, base_3... for which every suffixed name is
 * free in map, and, when `also` is given, that name too (and claims the
 * suffixed names); caller frees.  Takes base. */
static char *pick(imp_spec *s, imp_map *map, char *base,
                  const char *const *suffixes, size_t n,
                  const also_free *also)
{
    if (!base)
        return NULL;
    char cand[512];
    snprintf(cand, sizeof cand, "%.400s", base);
    for (size_t k = 2; !all_free(map, cand, suffixes, n) ||
                       (also && !all_free(also->map, cand, &also->suffix, 1));
         k++)
        snprintf(cand, sizeof cand, "%.400s_%zu", base, k);
    claim(s, map, cand, suffixes, n);
    free(base);
    return imp_strdup(s, cand);
}

/* Sets *c_name to picked unless it is what the validator derives by
 * itself (`derived` names that: NULL when it derives nothing usable).
 * Takes picked (malloc'd). */
static void set_c_name(imp_spec *s, char **c_name, const char *derived,
                       char *picked)
{
    if (!picked)
        return;
    if (!*c_name && derived && strcmp(derived, picked) == 0) {
        free(picked);
        return;
    }
    *c_name = imp_keep(s, picked);
}

/* ---- global names ---------------------------------------------------- */

/* The suffixes of an item's global names (global_names.h), as pick()
 * and claim() take them; `lead` goes before each (a list model's names
 * follow its endpoint's name). */
typedef struct suffix_list {
    char text[16][64];
    const char *v[16];
    size_t n;
} suffix_list;

static void add_forms(suffix_list *l, const char *lead,
                      const gname_forms *forms)
{
    for (size_t i = 0; i < forms->n && l->n < 16; i++) {
        snprintf(l->text[l->n], sizeof l->text[0], "%s%s", lead,
                 forms->v[i].suffix);
        l->v[l->n] = l->text[l->n];
        l->n++;
    }
}

static void auth_names(names_ctx *n)
{
    imp_spec *s = n->s;
    static const char *const set[] = {""};
    for (size_t i = 0; i < s->nauths; i++) {
        imp_auth *a = &s->auths[i];
        int unused;
        char *base = c_base(s, a->name, "auth", &unused);
        /* The registry leaves out "<p>": "set_<auth>" */
        char *stem = base ? fmt(s, &GNAME_SETTER_INFIX[1], base, "") : NULL;
        free(base);
        char *picked = pick(s, &n->lower, stem, set, 1, NULL);
        if (!picked)
            continue;
        /* An auth scheme has no c_name: the name itself changes. */
        char *derived = cname_snake(a->name);
        if (derived && strcmp(derived, picked + 4) != 0) {
            imp_note(s, &a->note, "renamed from '%s': that name gives no "
                                  "usable or distinct C name", a->name);
            a->name = imp_save(s, picked + 4);
        }
        free(derived);
        free(picked);
    }
}

static char *upper_of(imp_spec *s, const char *name)
{
    char *u = cname_upper(name);
    if (!u)
        s->oom = 1;
    return u;
}

static void enum_values(names_ctx *n, imp_model *m, const char *ctype)
{
    imp_spec *s = n->s;
    char *up = upper_of(s, ctype);
    if (!up)
        return;
    static const char *const none[] = {""};
    for (size_t i = 0; i < m->nvalues; i++) {
        imp_value *v = &m->values[i];
        char *suffix = upper_of(s, v->value);
        /* "+1" and "-1" would both be 1. */
        if (suffix && (v->value[0] == '+' || v->value[0] == '-') &&
            suffix[0] >= '0' && suffix[0] <= '9') {
            char *spelled = fmt(s, v->value[0] == '+' ? "PLUS_" : "MINUS_",
                                suffix, "");
            free(suffix);
            suffix = spelled;
        }
        if (suffix && !suffix[0]) {
            free(suffix);
            char num[32];
            snprintf(num, sizeof num, "VALUE_%zu", i + 1);
            suffix = imp_strdup(s, num);
        }
        if (!suffix)
            break;
        char *stem = fmt(s, up, "_", suffix);
        /* "unknown" would meet <P>_<E>_UNKNOWN: say which one it is. */
        if (stem && imp_map_get(&n->upper, stem, 0)) {
            char *alt = fmt(s, stem, "_VALUE", "");
            if (alt && !imp_map_get(&n->upper, alt, 0)) {
                free(stem);
                stem = alt;
            } else {
                free(alt);
            }
        }
        char *picked = pick(s, &n->upper, stem, none, 1, NULL);
        char *derived = upper_of(s, v->value);
        if (picked && derived && strcmp(picked + strlen(up) + 1, derived))
            v->c_name = imp_save(s, picked + strlen(up) + 1);
        free(derived);
        free(picked);
        free(suffix);
    }
    free(up);
}

static int enum_unknown_free(names_ctx *n, const char *base)
{
    char *up = upper_of(n->s, base);
    int ok = 1;
    if (up) {
        char tmp[512];
        snprintf(tmp, sizeof tmp, "%s_%s", up, GNAME_UNKNOWN_VALUE);
        ok = !imp_map_get(&n->upper, tmp, 0);
    }
    free(up);
    return ok;
}

static void model_names(names_ctx *n, size_t idx)
{
    imp_spec *s = n->s;
    imp_model *m = &s->models[idx];
    int derived = 0;
    char *base = m->c_name ? imp_strdup(s, m->c_name)
                           : c_base(s, m->name, "model", &derived);
    if (!base)
        return;
    suffix_list forms = {.n = 0};
    add_forms(&forms, "", m->is_enum    ? &gname_enum
                          : m->is_union ? &gname_union
                                        : &gname_object);
    const char *const *fns = forms.v;
    size_t nfns = forms.n;
    /* base, then base_model, base_model_2, ... */
    char cand[512];
    snprintf(cand, sizeof cand, "%.400s", base);
    for (size_t k = 1; !all_free(&n->lower, cand, fns, nfns) ||
                       (m->is_enum && !enum_unknown_free(n, cand));
         k++) {
        if (k == 1)
            snprintf(cand, sizeof cand, "%.400s_model", base);
        else
            snprintf(cand, sizeof cand, "%.400s_model_%zu", base, k);
    }
    claim(s, &n->lower, cand, fns, nfns);
    if (m->is_enum) {
        char *up = upper_of(s, cand);
        if (up) {
            char tmp[512];
            snprintf(tmp, sizeof tmp, "%s_%s", up, GNAME_UNKNOWN_VALUE);
            if (!imp_map_put(&n->upper, tmp, 1))
                s->oom = 1;
        }
        free(up);
        enum_values(n, m, cand);
    }
    set_c_name(s, &m->c_name, derived ? base : NULL, imp_strdup(s, cand));
    free(base);
}

static void endpoint_names(names_ctx *n, imp_endpoint *e)
{
    imp_spec *s = n->s;
    /* The endpoint's function, its params struct, and for an array
     * response the list model's type and functions: that model is named
     * after the endpoint ("<name>_response") and takes no c_name, so the
     * endpoint's name is what must keep them, and the model's own name
     * among the models written, distinct. */
    suffix_list forms = {.n = 0};
    add_forms(&forms, "", &gname_endpoint);
    if (e->nparams)
        add_forms(&forms, "", &gname_endpoint_params);
    if (e->pagination.style)
        add_forms(&forms, "", &gname_endpoint_pages);
    if (!s->websocket)
        add_forms(&forms, "", &gname_endpoint_start);
    const also_free list = {&n->models, GNAME_LIST_MODEL_SUFFIX};
    if (e->response_list)
        add_forms(&forms, GNAME_LIST_MODEL_SUFFIX, &gname_object);
    const char *const *fns = forms.v;
    size_t nfns = forms.n;
    int model_clash =
        e->response_list && !all_free(list.map, e->name, &list.suffix, 1);
    /* Only another endpoint or the provider's functions are there yet:
     * endpoints claim their names before models. */
    char *picked = pick(s, &n->lower, imp_strdup(s, e->name), fns, nfns,
                        e->response_list ? &list : NULL);
    if (picked && strcmp(picked, e->name) != 0) {
        if (model_clash)
            imp_note(s, &e->note, "renamed from '%s': its array response "
                                  "would be the model '%s_response', a "
                                  "name taken", e->name, e->name);
        else
            imp_note(s, &e->note, "renamed from '%s': its C names are taken",
                     e->name);
        e->name = imp_save(s, picked);
    }
    free(picked);
}

/* The names of the models written, for endpoint_names; left empty
 * when no endpoint has an array response. */
static void model_name_set(names_ctx *n)
{
    imp_spec *s = n->s;
    size_t i;
    for (i = 0; i < s->nendpoints && !s->endpoints[i].response_list; i++)
        ;
    if (i == s->nendpoints)
        return;
    for (i = 0; i < s->nmodels; i++)
        if (!s->models[i].drop &&
            !imp_map_put(&n->models, s->models[i].name, 1))
            s->oom = 1;
}

/* ---- struct members --------------------------------------------------- */

static int is_container(const imp_type *t)
{
    return t && (t->kind == IMP_ARRAY || t->kind == IMP_MAP) && t->items &&
           t->items->kind != IMP_ARRAY && t->items->kind != IMP_MAP;
}

/* Picks a member name for which each of the prefixed and suffixed forms
 * is free; forms are "<pre>|<post>" pairs. */
typedef struct form {
    const char *pre, *post;
} form;

/* Does not take base. */
static char *pick_member(imp_spec *s, imp_map *map, const char *base,
                         const form *forms, size_t nforms)
{
    if (!base)
        return NULL;
    char cand[512], tmp[1100];
    snprintf(cand, sizeof cand, "%.400s", base);
    for (size_t k = 2;; k++) {
        int ok = 1;
        for (size_t i = 0; i < nforms && ok; i++) {
            cat3(tmp, sizeof tmp, forms[i].pre, cand, forms[i].post);
            ok = !imp_map_get(map, tmp, 0);
        }
        if (ok)
            break;
        snprintf(cand, sizeof cand, "%.400s_%zu", base, k);
    }
    for (size_t i = 0; i < nforms; i++) {
        cat3(tmp, sizeof tmp, forms[i].pre, cand, forms[i].post);
        if (!imp_map_put(map, tmp, 1))
            s->oom = 1;
    }
    return imp_strdup(s, cand);
}

static void model_members(imp_spec *s, imp_map *map, imp_model *m)
{
    imp_map_clear(map);
    for (size_t i = 0; i < m->nprops; i++) {
        imp_prop *p = &m->props[i];
        form forms[5];
        size_t nf = 0;
        forms[nf++] = (form){"", ""};
        /* a union's alternatives are members of a C union: no flags */
        if (m->is_union) {
            int derived = 0;
            char *base = p->c_name ? imp_strdup(s, p->c_name)
                                   : c_base(s, p->json_name, "field",
                                            &derived);
            set_c_name(s, &p->c_name, NULL,
                       pick_member(s, map, base, forms, nf));
            free(base);
            continue;
        }
        if (!p->required) {
            forms[nf++] = (form){"has_", ""};
        }
        if (p->nullable) {
            forms[nf++] = (form){"", "_is_null"};
        }
        if (is_container(p->type)) {
            forms[nf++] = (form){"n_", ""};
            if (p->type->kind == IMP_MAP) {
                forms[nf++] = (form){"", "_keys"};
            }
        }
        int derived = 0;
        char *base = p->c_name ? imp_strdup(s, p->c_name)
                               : c_base(s, p->json_name, "field", &derived);
        set_c_name(s, &p->c_name, derived ? base : NULL,
                   pick_member(s, map, base, forms, nf));
        free(base);
    }
}

static int param_has_flag(const imp_spec *s, const imp_param *p)
{
    const imp_type *t = p->type;
    if (!t || p->required || t->kind == IMP_ARRAY)
        return 0;
    if (t->kind == IMP_REF)
        return t->model != IMP_NONE && s->models[t->model].is_enum;
    return t->kind == IMP_INTEGER || t->kind == IMP_NUMBER ||
           t->kind == IMP_BOOLEAN;
}

static void param_members(imp_spec *s, imp_map *map, imp_endpoint *e)
{
    imp_map_clear(map);
    for (size_t i = 0; i < e->nparams; i++) {
        imp_param *p = &e->params[i];
        form forms[3];
        size_t nf = 0;
        forms[nf++] = (form){"", ""};
        if (param_has_flag(s, p)) {
            forms[nf++] = (form){"has_", ""};
        }
        if (p->type && p->type->kind == IMP_ARRAY) {
            forms[nf++] = (form){"n_", ""};
        }
        int derived = 0;
        char *base = p->c_name ? imp_strdup(s, p->c_name)
                               : c_base(s, p->name, "param", &derived);
        set_c_name(s, &p->c_name, derived ? base : NULL,
                   pick_member(s, map, base, forms, nf));
        free(base);
    }
}

void imp_names(imp_spec *s)
{
    names_ctx n;
    n.s = s;
    imp_map_init(&n.lower);
    imp_map_init(&n.upper);
    imp_map_init(&n.members);
    imp_map_init(&n.models);
    model_name_set(&n);
    /* Four names a model, up to six an endpoint (two, and four of the
     * list model of an array response): no rehashing on the way. */
    if (!imp_map_reserve(&n.lower, 4 * s->nmodels + 6 * s->nendpoints + 8))
        s->oom = 1;
    static const char *const provider_fns[] = {"client_new", "server_url",
                                               "server_url_with"};
    claim(s, &n.lower, "", provider_fns, 3);
    auth_names(&n);
    /* Endpoints before models: a function name is what users type most,
     * so where "createApp" meets the model "CreateApp", the model's C
     * name gets the suffix. */
    for (size_t i = 0; i < s->nendpoints; i++) {
        endpoint_names(&n, &s->endpoints[i]);
        param_members(s, &n.members, &s->endpoints[i]);
    }
    size_t count;
    size_t *order = imp_model_order(s, &count);
    for (size_t i = 0; order && i < count; i++) {
        model_names(&n, order[i]);
        if (!s->models[order[i]].is_enum)
            model_members(s, &n.members, &s->models[order[i]]);
    }
    free(order);
    imp_map_free(&n.lower);
    imp_map_free(&n.upper);
    imp_map_free(&n.members);
    imp_map_free(&n.models);
}
