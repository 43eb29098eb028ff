/*
 * WebSocket request frames: {"id": ..., "method": ..., "params": {...}}
 * built from an endpoint and its arguments, with the credentials of the
 * chosen scheme in the params: a signature scheme is signed by
 * sign_request.c, as for HTTP, with its API key, timestamp and signature
 * in the params; an API-key scheme placed in the params adds its key.
 *
 * Numbers go on the wire as raw JSON text written by the same formatter
 * the signed payload uses, so the server verifies exactly the digits we
 * signed (cJSON's own printer could choose another form, and would lose
 * 64-bit integers above 2^53).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apicc/sign.h"
#include "auth_internal.h"
#include "client_internal.h"
#include "encode_internal.h"
#include "ws_internal.h"

/* An argument's JSON value, or NULL (bad value or out of memory; *why
 * says which). */
static cJSON *arg_value(const apicc_arg *a, const char **why)
{
    char num[APICC__NUMBER_MAX];
    cJSON *v = NULL;
    *why = "out of memory";
    switch (a->type) {
    case APICC_T_STRING:
        if (!a->s) {
            *why = "a NULL string value";
            return NULL;
        }
        v = cJSON_CreateString(a->s);
        break;
    case APICC_T_INT:
        snprintf(num, sizeof num, "%" PRId64, a->i);
        v = cJSON_CreateRaw(num);
        break;
    case APICC_T_NUMBER:
        if (apicc__format_number(a->d, num) == 0) {
            *why = "a NaN or infinite number";
            return NULL;
        }
        v = cJSON_CreateRaw(num);
        break;
    case APICC_T_BOOL:
        v = cJSON_CreateBool(a->b);
        break;
    default:
        *why = "an unknown value type";
        return NULL;
    }
    return v;
}

/* Adds one argument to params; array elements gather in a JSON array. */
static apicc_status add_arg(apicc_client *c, const apicc_endpoint *ep,
                            cJSON *params, const apicc_arg *a)
{
    if (!a->name || !*a->name)
        return apicc__fail(c, APICC_ERR_INVALID_ARG, "%s: a param has no name",
                           apicc__ws_ep_name(ep));
    if (a->in != APICC_IN_PARAM && a->in != APICC_IN_NONE)
        return apicc__fail(c, APICC_ERR_INVALID_ARG,
                           "%s: param \"%s\" is not a frame param (only "
                           "params travel in a WebSocket frame)",
                           apicc__ws_ep_name(ep), a->name);
    const char *why;
    cJSON *v = arg_value(a, &why);
    if (!v)
        return apicc__fail(
            c,
            strcmp(why, "out of memory") == 0 ? APICC_ERR_NOMEM
                                              : APICC_ERR_INVALID_ARG,
            "%s: param \"%s\": %s", apicc__ws_ep_name(ep), a->name, why);
    cJSON *have = cJSON_GetObjectItemCaseSensitive(params, a->name);
    if (have && !(a->array && cJSON_IsArray(have))) {
        cJSON_Delete(v);
        return apicc__fail(c, APICC_ERR_INVALID_ARG,
                           "%s: param \"%s\" given twice",
                           apicc__ws_ep_name(ep), a->name);
    }
    if (a->array && !have) {
        have = cJSON_AddArrayToObject(params, a->name);
        if (!have) {
            cJSON_Delete(v);
            return apicc__fail(c, APICC_ERR_NOMEM, "out of memory");
        }
    }
    if (a->array ? !cJSON_AddItemToArray(have, v)
                 : !cJSON_AddItemToObject(params, a->name, v)) {
        cJSON_Delete(v);
        return apicc__fail(c, APICC_ERR_NOMEM, "out of memory");
    }
    return APICC_OK;
}

/* Adds a value a scheme supplies; a caller's param of that name is an
 * error, since the server would see two. */
static apicc_status add_own(apicc_client *c, const apicc_endpoint *ep,
                            cJSON *params, const char *name, cJSON *v)
{
    if (!v)
        return apicc__fail(c, APICC_ERR_NOMEM, "out of memory");
    if (cJSON_GetObjectItemCaseSensitive(params, name)) {
        cJSON_Delete(v);
        return apicc__fail(c, APICC_ERR_INVALID_ARG,
                           "%s: param \"%s\" is added by the auth scheme",
                           apicc__ws_ep_name(ep), name);
    }
    if (!cJSON_AddItemToObject(params, name, v)) {
        cJSON_Delete(v);
        return apicc__fail(c, APICC_ERR_NOMEM, "out of memory");
    }
    return APICC_OK;
}

/* The frame a signature is computed over. */
typedef struct sign_ctx {
    apicc_client *c;
    const apicc_endpoint *ep;
    cJSON *params;
} sign_ctx;

/* Adds one value of the signing rule to the params (a number as the raw
 * digits the payload signed). */
static apicc_status sign_place(void *ctx, const apicc_arg *a)
{
    sign_ctx *x = ctx;
    const char *why;
    return add_own(x->c, x->ep, x->params, a->name, arg_value(a, &why));
}

/* The payload covers the method and the params (sign_request.c adds
 * those): a frame has no path, query or body of its own. */
static void sign_describe(void *ctx, apicc_sign_input *in)
{
    in->method = ((sign_ctx *)ctx)->ep->method;
}

/* Signs the frame (sign_request.c) once its rule is known to put every
 * value in the params, the only place a frame has. */
static apicc_status sign_frame(apicc_client *c, const apicc_endpoint *ep,
                               const apicc_auth_scheme *s, cJSON *params,
                               const apicc_arg *args, size_t nargs)
{
    const apicc_sign_rule *r = s->sign;
    int params_only = r && r->outputs;
    for (size_t i = 0; params_only && i < r->noutputs; i++)
        params_only = (r->outputs[i].place == APICC_PLACE_PARAM ||
                       r->outputs[i].place == APICC_PLACE_NONE) &&
                      !r->outputs[i].first;
    if (!r || (!r->outputs &&
               (r->signature_in != APICC_IN_PARAM ||
                (r->key_in != APICC_IN_NONE && r->key_in != APICC_IN_PARAM) ||
                (r->timestamp_in != APICC_IN_NONE &&
                 r->timestamp_in != APICC_IN_PARAM))) ||
        (r->outputs && !params_only))
        return apicc__fail(c, APICC_ERR_INVALID_ARG,
                           "%s: signature scheme \"%s\" must place its key, "
                           "timestamp and signature in the frame params",
                           apicc__ws_ep_name(ep), s->name ? s->name : "?");
    sign_ctx x = {.c = c, .ep = ep, .params = params};
    apicc__sign_target t = {
        .place = sign_place, .describe = sign_describe, .ctx = &x};
    return apicc__sign_request(c, s, args, nargs, &t);
}

/* Puts one scheme's credentials into params. */
static apicc_status add_scheme(apicc_client *c, const apicc_endpoint *ep,
                               const apicc_auth_scheme *s, cJSON *params,
                               const apicc_arg *args, size_t nargs,
                               int has_body)
{
    apicc_status st;
    if (s->kind == APICC_AUTH_SIGNATURE) {
        if (has_body)
            return apicc__fail(c, APICC_ERR_INVALID_ARG,
                               "%s: a signed WebSocket request takes params, "
                               "not a body",
                               apicc__ws_ep_name(ep));
        return sign_frame(c, ep, s, params, args, nargs);
    }
    if (s->kind == APICC_AUTH_APIKEY && s->in == APICC_IN_PARAM &&
        s->param_name) {
        const char *key = apicc__api_key(c, s->name);
        size_t n = strlen(key) + (s->prefix ? strlen(s->prefix) + 1 : 0) + 1;
        char *v = malloc(n);
        if (!v)
            return apicc__fail(c, APICC_ERR_NOMEM, "out of memory");
        snprintf(v, n, "%s%s%s", s->prefix ? s->prefix : "",
                 s->prefix ? " " : "", key);
        st = add_own(c, ep, params, s->param_name, cJSON_CreateString(v));
        apicc_wipe(v, n);
        free(v);
        return st;
    }
    return apicc__fail(c, APICC_ERR_INVALID_ARG,
                       "%s: auth scheme \"%s\" cannot be sent in a WebSocket "
                       "frame (only signatures and API keys in params)",
                       apicc__ws_ep_name(ep), s->name ? s->name : "?");
}

/* The call's args, then every param from `from` on (what the schemes
 * before put in the frame: an API key, a timestamp), as string args a
 * signature's sorted params take in.  `out` holds nargs + every member of
 * params; the strings are params' own, which outlive the signing. */
static size_t args_with_placed(const apicc_arg *args, size_t nargs,
                               const cJSON *from, apicc_arg *out)
{
    if (nargs > 0)
        memcpy(out, args, nargs * sizeof *args);
    size_t n = nargs;
    for (const cJSON *m = from; m; m = m->next)
        if (m->string && m->valuestring) /* a string, or a number's digits */
            out[n++] = (apicc_arg){.name = m->string, .in = APICC_IN_PARAM,
                                   .type = APICC_T_STRING,
                                   .s = m->valuestring};
    return n;
}

/* Puts the chosen alternative's credentials into params, scheme by
 * scheme in the spec's order.  What a scheme placed counts among the
 * params of the schemes after it, so a signature covers the key placed
 * before it, as over HTTP it covers the key in the query. */
static apicc_status add_auth(apicc_client *c, const apicc_endpoint *ep,
                             cJSON *params, const apicc_arg *args, size_t nargs,
                             int has_body)
{
    size_t first = 0, count = 0;
    apicc_status st = apicc__choose_schemes(c, ep, &first, &count);
    /* the last member before any credential (cJSON keeps the tail in
     * child->prev) */
    const cJSON *before = params->child ? params->child->prev : NULL;
    apicc_arg *all = NULL;
    for (size_t i = first; i < first + count && st == APICC_OK; i++) {
        const apicc_arg *a = args;
        size_t n = nargs;
        const cJSON *placed = before ? before->next : params->child;
        if (placed) {
            size_t cap = nargs + (size_t)cJSON_GetArraySize(params);
            apicc_arg *grown = realloc(all, cap * sizeof *grown);
            if (!grown) {
                st = apicc__fail(c, APICC_ERR_NOMEM, "out of memory");
                break;
            }
            all = grown;
            n = args_with_placed(args, nargs, placed, all);
            a = all;
        }
        st = add_scheme(c, ep, ep->auth[i], params, a, n, has_body);
    }
    free(all); /* pointers into params only: wiped with them */
    return st;
}

/* Copies the members of a JSON object body into params. */
static apicc_status add_body(apicc_client *c, const apicc_endpoint *ep,
                             cJSON *params, const cJSON *body)
{
    if (!cJSON_IsObject(body))
        return apicc__fail(c, APICC_ERR_INVALID_ARG,
                           "%s: a WebSocket request body must be a JSON "
                           "object (its members become params)",
                           apicc__ws_ep_name(ep));
    for (const cJSON *m = body->child; m; m = m->next) {
        if (!m->string)
            continue;
        if (cJSON_GetObjectItemCaseSensitive(params, m->string))
            return apicc__fail(c, APICC_ERR_INVALID_ARG,
                               "%s: param \"%s\" given twice",
                               apicc__ws_ep_name(ep), m->string);
        cJSON *copy = cJSON_Duplicate(m, 1);
        if (!copy || !cJSON_AddItemToObject(params, m->string, copy)) {
            cJSON_Delete(copy);
            return apicc__fail(c, APICC_ERR_NOMEM, "out of memory");
        }
    }
    return APICC_OK;
}

/* Wipes every string in a tree (keys and signatures) before it is
 * freed; the depth is that of the params, which callers build. */
static void wipe_strings(cJSON *j)
{
    for (cJSON *n = j; n; n = n->next) {
        if (n->valuestring)
            apicc_wipe(n->valuestring, strlen(n->valuestring));
        if (n->child)
            wipe_strings(n->child);
    }
}

apicc_status apicc__ws_build_request(apicc_client *c, const apicc_endpoint *ep,
                                     const apicc_arg *args, size_t nargs,
                                     const cJSON *body, const char *id,
                                     char **out)
{
    *out = NULL;
    cJSON *frame = cJSON_CreateObject();
    cJSON *params = cJSON_CreateObject();
    apicc_status st = APICC_OK;
    if (!frame || !params || !cJSON_AddStringToObject(frame, "id", id) ||
        !cJSON_AddStringToObject(frame, "method", ep->method))
        st = apicc__fail(c, APICC_ERR_NOMEM, "out of memory");
    for (size_t i = 0; st == APICC_OK && i < nargs; i++)
        st = add_arg(c, ep, params, &args[i]);
    if (st == APICC_OK && body)
        st = add_body(c, ep, params, body);
    if (st == APICC_OK)
        st = add_auth(c, ep, params, args, nargs, body != NULL);
    /* An empty params object may be left out (and Binance's examples
     * do). */
    if (st == APICC_OK && params->child) {
        if (cJSON_AddItemToObject(frame, "params", params))
            params = NULL;
        else
            st = apicc__fail(c, APICC_ERR_NOMEM, "out of memory");
    }
    if (st == APICC_OK) {
        *out = cJSON_PrintUnformatted(frame);
        if (!*out)
            st = apicc__fail(c, APICC_ERR_NOMEM, "out of memory");
    }
    wipe_strings(params);
    cJSON_Delete(params);
    wipe_strings(frame);
    cJSON_Delete(frame);
    return st;
}
