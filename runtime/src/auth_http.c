/*
 * Credentials on an HTTP request: Basic and Bearer Authorization headers,
 * API keys in a header, the query or a cookie, and signed requests.
 *
 * A signed request is signed by sign_request.c, shared with WebSocket;
 * this file only says where its values go (the query, a header or a
 * cookie) and which parts of the request the payload covers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apicc/sign.h"
#include "auth_internal.h"
#include "client_internal.h"
#include "http_internal.h"

/* Puts `value` (after `prefix` and a space, when there is a prefix) where
 * `in` says.  HTTP has no params object, so APICC_IN_PARAM is the query. */
static apicc_status place(apicc__request *req, apicc_location in,
                          const char *name, const char *prefix,
                          const char *value)
{
    if (!name || !*name) {
        snprintf(req->err, sizeof req->err, "no name for a credential");
        return APICC_ERR_INVALID_ARG;
    }
    if (in == APICC_IN_HEADER)
        return apicc__req_header(req, name, prefix, value);
    apicc__buf joined = {0};
    if (prefix) {
        apicc__buf_puts(&joined, prefix);
        apicc__buf_put(&joined, " ", 1);
    }
    apicc__buf_puts(&joined, value);
    apicc_status st;
    if (joined.failed)
        st = APICC_ERR_NOMEM;
    else if (in == APICC_IN_QUERY || in == APICC_IN_PARAM)
        st = apicc__req_query(req, name, joined.data, joined.len);
    else if (in == APICC_IN_COOKIE)
        st = apicc__req_cookie(req, name, joined.data);
    else {
        snprintf(req->err, sizeof req->err,
                 "credential \"%.64s\" has no header, query or cookie "
                 "location",
                 name);
        st = APICC_ERR_INVALID_ARG;
    }
    apicc__buf_free(&joined);
    return st;
}

/* The request a signature is computed over, with what reports on it. */
typedef struct sign_ctx {
    apicc_client *c;
    const apicc_auth_scheme *scheme;
    apicc__request *req;
} sign_ctx;

/* Puts one value of the signing rule in the request (no prefix). */
static apicc_status sign_place(void *ctx, const apicc_arg *a)
{
    sign_ctx *x = ctx;
    char num[APICC__NUMBER_MAX];
    const char *text = NULL;
    size_t len = 0;
    apicc_status st = apicc__arg_text(a, num, &text, &len);
    if (st == APICC_OK)
        st = place(x->req, a->in, a->name, NULL, text);
    if (st != APICC_OK)
        apicc__fail(x->c, st, "scheme \"%s\": %s", x->scheme->name,
                    x->req->err);
    return st;
}

/* The payload covers the request as built so far. */
static void sign_describe(void *ctx, apicc_sign_input *in)
{
    const apicc__request *req = ((sign_ctx *)ctx)->req;
    in->method = req->method;
    in->path = req->path.data;
    in->query = req->query.data;
    in->body = req->body;
    in->body_len = req->body_len;
}

apicc_status apicc__auth_apply_http(apicc_client *c,
                                    const apicc_auth_scheme *scheme,
                                    apicc__request *req,
                                    const apicc_arg *args, size_t nargs)
{
    const char *secret = NULL;
    apicc_status st;
    switch (scheme->kind) {
    case APICC_AUTH_BASIC:
        secret = apicc__basic_credentials(c);
        st = secret ? apicc__req_header(req, "Authorization", "Basic", secret)
                    : APICC_ERR_NO_CREDENTIALS;
        break;
    case APICC_AUTH_BEARER:
        secret = apicc__bearer_token(c);
        st = secret ? apicc__req_header(req, "Authorization", "Bearer", secret)
                    : APICC_ERR_NO_CREDENTIALS;
        break;
    case APICC_AUTH_APIKEY:
        secret = apicc__api_key(c, scheme->name);
        st = secret ? place(req, scheme->in, scheme->param_name,
                            scheme->prefix, secret)
                    : APICC_ERR_NO_CREDENTIALS;
        break;
    case APICC_AUTH_SESSION_COOKIE:
        return APICC_OK; /* the cookie store sends the session */
    case APICC_AUTH_SIGNATURE:
    {
        sign_ctx x = {.c = c, .scheme = scheme, .req = req};
        apicc__sign_target t = {
            .place = sign_place, .describe = sign_describe, .ctx = &x};
        return apicc__sign_request(c, scheme, args, nargs, &t);
    }
    default:
        return apicc__fail(c, APICC_ERR_INVALID_ARG,
                           "scheme \"%s\" has an unknown kind", scheme->name);
    }
    if (st == APICC_ERR_NO_CREDENTIALS)
        return apicc__fail(c, st, "no credentials for scheme \"%s\"",
                           scheme->name);
    if (st != APICC_OK)
        return apicc__fail(c, st, "scheme \"%s\": %s", scheme->name,
                           st == APICC_ERR_NOMEM ? "out of memory"
                                                 : req->err);
    return APICC_OK;
}
