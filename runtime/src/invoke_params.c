/*
 * A generated params struct as call arguments (invoke_params_internal.h).
 *
 * Each param contributes nothing (absent), one argument (a scalar, a
 * constant, a JSON text), one per element (an array) or one per member
 * (an object, as its model writes it to JSON: only scalar members can
 * take a style, so a nested member is refused with the param's name).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "invoke_params_internal.h"

#define CAT(base, off) ((const void *)((const char *)(base) + (off)))

static const void *pointer_at(const void *params, size_t off)
{
    return *(const void *const *)CAT(params, off);
}

/* How many values param `p` contributes before objects are split (0: not
 * sent). */
static size_t param_count(const apicc_param_desc *p, const void *params)
{
    if (p->constant)
        return 1;
    if (!params)
        return 0;
    if (p->array) {
        size_t n = *(const size_t *)CAT(params, p->count_offset);
        return pointer_at(params, p->offset) ? n : 0;
    }
    if (p->kind == APICC_F_STRING || p->kind == APICC_F_OBJECT ||
        p->kind == APICC_F_ANY)
        return pointer_at(params, p->offset) ? 1 : 0;
    if (p->has_offset != APICC_NO_OFFSET)
        return *(const bool *)CAT(params, p->has_offset) ? 1 : 0;
    return 1;
}

static size_t kind_size(apicc_field_kind kind)
{
    switch (kind) {
    case APICC_F_INT:
        return sizeof(int64_t);
    case APICC_F_NUMBER:
        return sizeof(double);
    case APICC_F_BOOL:
        return sizeof(bool);
    case APICC_F_ENUM:
        return sizeof(int);
    default:
        return sizeof(const char *);
    }
}

static apicc_status fail_param(apicc_client *c, apicc_status st,
                               const char *what, const char *name)
{
    char msg[160];
    snprintf(msg, sizeof msg, "param \"%s\" %s", name, what);
    return apicc_client_fail(c, st, msg);
}

/* Room for `more` arguments. */
static int grow(apicc__call_args *a, size_t *cap, size_t more)
{
    if (a->nargs + more <= *cap)
        return 1;
    size_t n = *cap ? *cap : 8;
    while (n < a->nargs + more)
        n *= 2;
    apicc_arg *g = realloc(a->args, n * sizeof *g);
    if (!g)
        return 0;
    a->args = g;
    *cap = n;
    return 1;
}

static int keep_ptr(void ***v, size_t *n, void *p)
{
    void **g = realloc(*v, (*n + 1) * sizeof *g);
    if (!g)
        return 0;
    *v = g;
    g[(*n)++] = p;
    return 1;
}

/* An argument for `p` with its style, not yet valued. */
static apicc_arg blank(const apicc_param_desc *p)
{
    apicc_arg a = {0};
    a.name = p->name;
    a.in = p->in;
    a.array = p->array;
    a.style = p->style;
    a.explode = p->explode;
    a.allow_reserved = p->allow_reserved;
    return a;
}

/* Fills `a` from the scalar at `slot`. */
static apicc_status fill_scalar(apicc_client *c, const apicc_param_desc *p,
                                const void *slot, apicc_arg *a)
{
    switch (p->kind) {
    case APICC_F_INT:
        a->type = APICC_T_INT;
        a->i = *(const int64_t *)slot;
        return APICC_OK;
    case APICC_F_NUMBER:
        a->type = APICC_T_NUMBER;
        a->d = *(const double *)slot;
        return APICC_OK;
    case APICC_F_BOOL:
        a->type = APICC_T_BOOL;
        a->b = *(const bool *)slot ? 1 : 0;
        return APICC_OK;
    case APICC_F_ENUM:
        a->type = APICC_T_STRING;
        a->s = apicc_enum_to_string(p->enumd, *(const int *)slot);
        return a->s ? APICC_OK
                    : fail_param(c, APICC_ERR_INVALID_ARG,
                                 "has no valid enum value", p->name);
    default:
        a->type = APICC_T_STRING;
        a->s = *(const char *const *)slot;
        return a->s ? APICC_OK
                    : fail_param(c, APICC_ERR_INVALID_ARG,
                                 "has a NULL element", p->name);
    }
}

/* A JSON member as an argument; 0 when it is not a scalar. */
static int member_arg(const cJSON *m, apicc_arg *a)
{
    if (cJSON_IsString(m)) {
        a->type = APICC_T_STRING;
        a->s = m->valuestring;
    } else if (cJSON_IsBool(m)) {
        a->type = APICC_T_BOOL;
        a->b = cJSON_IsTrue(m);
    } else if (cJSON_IsNumber(m)) {
        double d = m->valuedouble;
        /* integers as integers: "100", never "1e+2" */
        if (d == floor(d) && fabs(d) < 9007199254740992.0) {
            a->type = APICC_T_INT;
            a->i = (int64_t)d;
        } else {
            a->type = APICC_T_NUMBER;
            a->d = d;
        }
    } else {
        return 0;
    }
    return 1;
}

/* The value of an object or JSON param as a cJSON tree (owned by `out`
 * when *owned). */
static cJSON *json_of(const apicc_param_desc *p, const void *ptr, int *owned)
{
    if (p->kind == APICC_F_ANY) {
        *owned = 0;
        return (cJSON *)ptr;
    }
    *owned = 1;
    return apicc_model_to_json(p->model, ptr);
}

static apicc_status add_structured(apicc_client *c, const apicc_param_desc *p,
                                   const void *ptr, apicc__call_args *out,
                                   size_t *cap)
{
    int owned;
    cJSON *tree = json_of(p, ptr, &owned);
    if (!tree)
        return apicc_client_fail(c, APICC_ERR_NOMEM, "out of memory");
    if (owned && !keep_ptr((void ***)&out->trees, &out->ntrees, tree)) {
        cJSON_Delete(tree);
        return apicc_client_fail(c, APICC_ERR_NOMEM, "out of memory");
    }
    if (p->json) {
        char *text = cJSON_PrintUnformatted(tree);
        if (!text || !keep_ptr((void ***)&out->texts, &out->ntexts, text)) {
            free(text);
            return apicc_client_fail(c, APICC_ERR_NOMEM, "out of memory");
        }
        if (!grow(out, cap, 1))
            return apicc_client_fail(c, APICC_ERR_NOMEM, "out of memory");
        apicc_arg a = blank(p);
        a.type = APICC_T_STRING;
        a.s = text;
        out->args[out->nargs++] = a;
        return APICC_OK;
    }
    if (!cJSON_IsObject(tree))
        return fail_param(c, APICC_ERR_INVALID_ARG, "is not an object",
                          p->name);
    const cJSON *m;
    cJSON_ArrayForEach(m, tree)
    {
        if (cJSON_IsNull(m))
            continue;
        apicc_arg a = blank(p);
        a.key = m->string;
        if (!member_arg(m, &a))
            return fail_param(c, APICC_ERR_INVALID_ARG,
                              "has a member that is not a string, number "
                              "or boolean",
                              p->name);
        if (!grow(out, cap, 1))
            return apicc_client_fail(c, APICC_ERR_NOMEM, "out of memory");
        out->args[out->nargs++] = a;
    }
    return APICC_OK;
}

static apicc_status add_param(apicc_client *c, const apicc_param_desc *p,
                              const void *params, size_t n,
                              apicc__call_args *out, size_t *cap)
{
    if (p->constant) {
        if (!grow(out, cap, 1))
            return apicc_client_fail(c, APICC_ERR_NOMEM, "out of memory");
        apicc_arg a = blank(p);
        a.type = APICC_T_STRING;
        a.s = p->constant;
        out->args[out->nargs++] = a;
        return APICC_OK;
    }
    if (p->kind == APICC_F_OBJECT || p->kind == APICC_F_ANY)
        return add_structured(c, p, pointer_at(params, p->offset), out, cap);
    if (!grow(out, cap, n))
        return apicc_client_fail(c, APICC_ERR_NOMEM, "out of memory");
    const char *base = (const char *)CAT(params, p->offset);
    if (p->array)
        base = *(const char *const *)base;
    for (size_t j = 0; j < n; j++) {
        const void *slot = base + j * (p->array ? kind_size(p->kind) : 0);
        apicc_arg a = blank(p);
        apicc_status st = fill_scalar(c, p, slot, &a);
        if (st != APICC_OK)
            return st;
        out->args[out->nargs++] = a;
    }
    return APICC_OK;
}

apicc_status apicc__params_to_args(apicc_client *c, const apicc_operation *op,
                                   const void *params, apicc__call_args *out)
{
    apicc__call_args empty = {0};
    *out = empty;
    size_t cap = 0;
    for (size_t i = 0; i < op->nparams; i++) {
        const apicc_param_desc *p = &op->params[i];
        size_t n = param_count(p, params);
        if (n == 0 && p->required) {
            char msg[160];
            snprintf(msg, sizeof msg, "missing required param \"%s\"",
                     p->name);
            return apicc_client_fail(c, APICC_ERR_INVALID_ARG, msg);
        }
    }
    for (size_t i = 0; i < op->nparams; i++) {
        const apicc_param_desc *p = &op->params[i];
        size_t n = param_count(p, params);
        if (n == 0)
            continue;
        apicc_status st = add_param(c, p, params, n, out, &cap);
        if (st != APICC_OK) {
            apicc__call_args_free(out);
            return st;
        }
    }
    return APICC_OK;
}

void apicc__call_args_free(apicc__call_args *a)
{
    free(a->args);
    for (size_t i = 0; i < a->ntrees; i++)
        cJSON_Delete(a->trees[i]);
    free(a->trees);
    for (size_t i = 0; i < a->ntexts; i++)
        free(a->texts[i]);
    free(a->texts);
    apicc__call_args empty = {0};
    *a = empty;
}
