/*
 * Operations: the one function every generated endpoint function calls.
 * It reads the generated params struct through its table, turns it and
 * the body into a call, and parses the response into the generated
 * response struct (see apicc/model.h).
 */
#include <stdio.h>
#include <stdlib.h>

#include "apicc/model.h"
#include "client_internal.h"

#define CAT(base, off) ((const void *)((const char *)(base) + (off)))

/* How many values param `p` contributes (0: not sent). */
static size_t param_count(const apicc_param_desc *p, const void *params)
{
    if (!params)
        return 0;
    if (p->array) {
        const void *items = *(const void *const *)CAT(params, p->offset);
        size_t n = *(const size_t *)CAT(params, p->count_offset);
        return items ? n : 0;
    }
    if (p->kind == APICC_F_STRING)
        return *(const char *const *)CAT(params, p->offset) ? 1 : 0;
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

/* Fills `a` from the value at `slot`; fails on an enum value that has no
 * wire string (UNKNOWN). */
static apicc_status fill_arg(apicc_client *c, const apicc_param_desc *p,
                             const void *slot, apicc_arg *a)
{
    a->name = p->name;
    a->in = p->in;
    a->array = p->array;
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
    case APICC_F_ENUM: {
        a->type = APICC_T_STRING;
        a->s = apicc_enum_to_string(p->enumd, *(const int *)slot);
        if (a->s)
            return APICC_OK;
        char msg[160];
        snprintf(msg, sizeof msg, "param \"%s\" has no valid enum value",
                 p->name);
        return apicc_client_fail(c, APICC_ERR_INVALID_ARG, msg);
    }
    default:
        a->type = APICC_T_STRING;
        a->s = *(const char *const *)slot;
        if (a->s)
            return APICC_OK;
        char msg[160];
        snprintf(msg, sizeof msg, "param \"%s\" has a NULL element", p->name);
        return apicc_client_fail(c, APICC_ERR_INVALID_ARG, msg);
    }
}

/* Builds the argument list; *out is malloc'd (NULL when there are none). */
static apicc_status build_args(apicc_client *c, const apicc_operation *op,
                               const void *params, apicc_arg **out,
                               size_t *nout)
{
    *out = NULL;
    *nout = 0;
    size_t total = 0;
    for (size_t i = 0; i < op->nparams; i++) {
        const apicc_param_desc *p = &op->params[i];
        size_t n = param_count(p, params);
        if (n == 0 && p->required) {
            char msg[160];
            snprintf(msg, sizeof msg, "missing required param \"%s\"",
                     p->name);
            return apicc_client_fail(c, APICC_ERR_INVALID_ARG, msg);
        }
        total += n;
    }
    if (total == 0)
        return APICC_OK;
    apicc_arg *args = calloc(total, sizeof(*args));
    if (!args)
        return apicc_client_fail(c, APICC_ERR_NOMEM, "out of memory");
    size_t k = 0;
    for (size_t i = 0; i < op->nparams; i++) {
        const apicc_param_desc *p = &op->params[i];
        size_t n = param_count(p, params);
        const char *base = (const char *)CAT(params, p->offset);
        if (p->array)
            base = *(const char *const *)base;
        for (size_t j = 0; j < n; j++) {
            const void *slot = base + j * (p->array ? kind_size(p->kind) : 0);
            apicc_status st = fill_arg(c, p, slot, &args[k++]);
            if (st != APICC_OK) {
                free(args);
                return st;
            }
        }
    }
    *out = args;
    *nout = total;
    return APICC_OK;
}

/* Parses the response body into op->response. */
static apicc_status parse_response(apicc_client *c, const apicc_operation *op,
                                   const cJSON *json, void **out)
{
    if (!json) {
        char msg[160];
        snprintf(msg, sizeof msg, "%s: expected a JSON %s, got an empty body",
                 op->endpoint.name, op->response->name);
        return apicc_client_fail(c, APICC_ERR_RESPONSE, msg);
    }
    apicc_json_error err;
    apicc_status st = apicc__decode_response(c, op->response, json, out, &err);
    if (st != APICC_OK) {
        char msg[320];
        snprintf(msg, sizeof msg, "%s: response does not match the model: %s",
                 op->endpoint.name, err.message);
        return apicc_client_fail(c, st, msg);
    }
    return APICC_OK;
}

apicc_status apicc_invoke(apicc_client *c, const apicc_operation *op,
                          const void *params, const void *body, void **out)
{
    if (out)
        *out = NULL;
    if (!c || !op)
        return APICC_ERR_INVALID_ARG;
    if (op->body && !body && op->body_required) {
        char msg[160];
        snprintf(msg, sizeof msg, "%s: a request body is required",
                 op->endpoint.name);
        return apicc_client_fail(c, APICC_ERR_INVALID_ARG, msg);
    }
    apicc_arg *args = NULL;
    size_t nargs = 0;
    apicc_status st = build_args(c, op, params, &args, &nargs);
    if (st != APICC_OK)
        return st;
    cJSON *body_json = NULL;
    if (op->body && body) {
        body_json = apicc_model_to_json(op->body, body);
        if (!body_json) {
            free(args);
            return apicc_client_fail(c, APICC_ERR_NOMEM, "out of memory");
        }
    }
    cJSON *resp = NULL;
    st = apicc_call(c, &op->endpoint, args, nargs, body_json, &resp);
    free(args);
    cJSON_Delete(body_json);
    if (st == APICC_OK && op->response && out)
        st = parse_response(c, op, resp, out);
    cJSON_Delete(resp);
    return st;
}
