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
#include <strings.h>

#include "apicc/sign.h"
#include "auth_internal.h"
#include "client_internal.h"
#include "http_internal.h"
#include "sign_internal.h"

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
    apicc__buf host; /* sign_host's answer */
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

/* A value placed first in the query, or in the body: a JSON object body
 * gains a string member (first or last), any other body a form field
 * name=value (percent-encoded), and a value without a name replaces the
 * body.  The new body is the request's own (signed_body), which is what
 * goes out (http.c).  A request without a body gains a form body, typed
 * as one (Kraken's private calls carry the nonce alone); a file or
 * multipart body, not in memory, takes no value. */
static apicc_status sign_place_at(void *ctx, const apicc_arg *a,
                                  apicc_sign_place where, int first)
{
    sign_ctx *x = ctx;
    apicc__request *req = x->req;
    char num[APICC__NUMBER_MAX];
    const char *text = NULL;
    size_t len = 0;
    apicc_status st = apicc__arg_text(a, num, &text, &len);
    if (st != APICC_OK)
        return apicc__fail(x->c, st, "scheme \"%s\": bad signed value",
                           x->scheme->name);
    const char *old = req->body ? req->body : "";
    size_t oldlen = req->body ? req->body_len : 0;
    if (where == APICC_PLACE_QUERY || where == APICC_PLACE_PARAM)
        return apicc__prepend_query(&req->query, a->name, text, len)
                   ? APICC_OK
                   : apicc__fail(x->c, APICC_ERR_NOMEM, "out of memory");
    if (where != APICC_PLACE_BODY)
        return apicc__fail(x->c, APICC_ERR_INVALID_ARG,
                           "scheme \"%s\": \"%s\" cannot go first there",
                           x->scheme->name, a->name);
    if (req->body_streamed)
        return apicc__fail(x->c, APICC_ERR_INVALID_ARG,
                           "scheme \"%s\": \"%s\" cannot go into a file or "
                           "multipart body",
                           x->scheme->name, a->name ? a->name : "body");
    if (!req->body && a->name &&
        apicc__req_header(req, "Content-Type", NULL,
                          "application/x-www-form-urlencoded") != APICC_OK)
        return apicc__fail(x->c, APICC_ERR_NOMEM, "out of memory");
    apicc__buf b = {0};
    if (!apicc__body_with(&b, old, oldlen, a->name, text, len, first,
                          a->type == APICC_T_INT)) {
        apicc__buf_free(&b);
        return apicc__fail(x->c, APICC_ERR_NOMEM, "out of memory");
    }
    /* The old body may be signed_body itself: swap, then free the old. */
    apicc__buf prev = req->signed_body;
    req->signed_body = b;
    req->body = req->signed_body.data ? req->signed_body.data : "";
    req->body_len = req->signed_body.len;
    apicc__buf_free(&prev);
    return APICC_OK;
}

/* The value of a header the request already has, or NULL. */
static const char *sign_header(void *ctx, const char *name)
{
    const apicc__request *req = ((sign_ctx *)ctx)->req;
    size_t n = strlen(name);
    for (size_t i = 0; i < req->nheaders; i++) {
        const char *line = apicc__req_header_line(req, i);
        if (strncasecmp(line, name, n) == 0 && line[n] == ':') {
            line += n + 1;
            while (*line == ' ')
                line++;
            return line;
        }
    }
    return NULL;
}

/* The Host header when the caller sets one, else the base URL's
 * authority (host[:port]), which libcurl sends. */
static const char *sign_host(void *ctx)
{
    sign_ctx *x = ctx;
    const char *h = sign_header(ctx, "Host");
    if (h)
        return h;
    const apicc__config *cfg = apicc__client_config(x->c);
    const char *url = cfg ? cfg->base_url : NULL;
    const char *p = url ? strstr(url, "://") : NULL;
    if (!p)
        return NULL;
    p += 3;
    size_t n = strcspn(p, "/?#");
    apicc__buf_reset(&x->host);
    apicc__buf_put(&x->host, p, n);
    return x->host.failed ? NULL : x->host.data;
}

/* Sorts the query's pairs by name (sign_place.c). */
static void sign_sort_query(void *ctx)
{
    apicc__sort_query(&((sign_ctx *)ctx)->req->query);
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
        apicc__sign_target t = {.place = sign_place,
                                .describe = sign_describe,
                                .place_at = sign_place_at,
                                .header = sign_header,
                                .host = sign_host,
                                .sort_query = sign_sort_query,
                                .ctx = &x};
        st = apicc__sign_request(c, scheme, args, nargs, &t);
        apicc__buf_free(&x.host);
        return st;
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
