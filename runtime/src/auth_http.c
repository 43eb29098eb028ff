/*
 * Credentials on an HTTP request: Basic and Bearer Authorization headers,
 * API keys in a header, the query or a cookie, and signed requests.
 *
 * A signed request is built in the order its rule implies: the rule's API
 * key and timestamp join the request first (in the query, a header or a
 * cookie), then the payload is built from the request as it now stands
 * (sign_payload.c), signed (sign.c), and the signature placed last, so a
 * query-string signature ends the query as providers expect
 * ("...&timestamp=...&signature=...").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apicc/sign.h"
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

/* The request's arguments plus the rule's key and timestamp, which the
 * payload's SORTED_PARAMS must see.  *out is malloc'd. */
static apicc_status signed_params(const apicc_sign_rule *rule,
                                  const char *key, int64_t ts,
                                  const apicc_arg *args, size_t nargs,
                                  apicc_arg **out, size_t *n)
{
    *out = malloc((nargs + 2) * sizeof **out);
    if (!*out)
        return APICC_ERR_NOMEM;
    if (nargs > 0)
        memcpy(*out, args, nargs * sizeof *args);
    *n = nargs;
    if (rule->key_in != APICC_IN_NONE)
        (*out)[(*n)++] = (apicc_arg){.name = rule->key_name,
                                     .in = rule->key_in,
                                     .type = APICC_T_STRING,
                                     .s = key};
    if (rule->timestamp_in != APICC_IN_NONE)
        (*out)[(*n)++] = (apicc_arg){.name = rule->timestamp_name,
                                     .in = rule->timestamp_in,
                                     .type = APICC_T_INT,
                                     .i = ts};
    return APICC_OK;
}

/* Adds the key and the timestamp to the request. */
static apicc_status add_key_and_time(apicc__request *req,
                                     const apicc_sign_rule *rule,
                                     const char *key, int64_t ts)
{
    apicc_status st = APICC_OK;
    if (rule->key_in != APICC_IN_NONE)
        st = place(req, rule->key_in, rule->key_name, NULL, key);
    if (st == APICC_OK && rule->timestamp_in != APICC_IN_NONE) {
        char num[APICC__NUMBER_MAX];
        apicc_arg t = {.type = APICC_T_INT, .i = ts};
        const char *text;
        size_t len;
        apicc__arg_text(&t, num, &text, &len);
        st = place(req, rule->timestamp_in, rule->timestamp_name, NULL, text);
    }
    return st;
}

static apicc_status sign_request(apicc_client *c,
                                 const apicc_auth_scheme *scheme,
                                 apicc__request *req, const apicc_arg *args,
                                 size_t nargs)
{
    const apicc_sign_rule *rule = scheme->sign;
    const apicc_sign_key *skey = apicc__sign_key(c, rule->algorithm);
    const char *key = apicc__api_key(c, scheme->name);
    if (!skey || (rule->key_in != APICC_IN_NONE && !key))
        return apicc__fail(c, APICC_ERR_NO_CREDENTIALS,
                           "no key for signature scheme \"%s\"",
                           scheme->name);
    int64_t ts = apicc__now_ms(c);
    if (rule->timestamp_seconds)
        ts /= 1000;
    apicc_status st = add_key_and_time(req, rule, key, ts);
    if (st != APICC_OK)
        return apicc__fail(c, st, "scheme \"%s\": %s", scheme->name,
                           req->err);
    apicc_arg *params = NULL;
    size_t nparams = 0;
    char *payload = NULL, *sig = NULL;
    st = signed_params(rule, key, ts, args, nargs, &params, &nparams);
    if (st == APICC_OK) {
        apicc_sign_input in = {.method = req->method,
                               .path = req->path.data,
                               .query = req->query.data,
                               .body = req->body,
                               .body_len = req->body_len,
                               .params = params,
                               .nparams = nparams,
                               .timestamp = ts};
        st = apicc_sign_payload(rule, &in, &payload);
    }
    if (st == APICC_OK)
        st = apicc_sign(rule->algorithm, rule->encoding, skey, payload,
                        strlen(payload), &sig);
    if (st == APICC_OK) {
        st = place(req, rule->signature_in, rule->signature_name, NULL, sig);
        if (st != APICC_OK)
            apicc__fail(c, st, "scheme \"%s\": %s", scheme->name, req->err);
    } else if (st == APICC_ERR_SIGN) {
        apicc__fail(c, st,
                    "scheme \"%s\": signing failed (does the key suit the "
                    "algorithm?)",
                    scheme->name);
    } else {
        apicc__fail(c, st, "scheme \"%s\": cannot build the signed payload",
                    scheme->name);
    }
    /* The payload may hold the API key; the signature is a credential. */
    if (payload) {
        apicc_wipe(payload, strlen(payload));
        free(payload);
    }
    if (sig) {
        apicc_wipe(sig, strlen(sig));
        free(sig);
    }
    free(params);
    return st;
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
        if (!scheme->sign)
            return apicc__fail(c, APICC_ERR_INVALID_ARG,
                               "signature scheme \"%s\" has no rule",
                               scheme->name);
        return sign_request(c, scheme, req, args, nargs);
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
