/*
 * Signing one request, the same way for HTTP and WebSocket
 * (auth_internal.h): the transport says where values go and what the
 * request looks like; the order and the rule's choices are made here
 * once, so both transports sign exactly alike.
 */
#include <stdlib.h>
#include <string.h>

#include "auth_internal.h"

static void free_secret(char *p)
{
    if (p) {
        apicc_wipe(p, strlen(p));
        free(p);
    }
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

/* Places the key and the timestamp the rule adds (the last entries of
 * `params`, after the call's own `nargs`). */
static apicc_status place_added(const apicc__sign_target *t,
                                const apicc_arg *params, size_t nargs,
                                size_t nparams)
{
    apicc_status st = APICC_OK;
    for (size_t i = nargs; st == APICC_OK && i < nparams; i++)
        st = t->place(t->ctx, &params[i]);
    return st;
}

/* Builds the payload and signs it; *sig is the signature's text. */
static apicc_status sign_payload(apicc_client *c,
                                 const apicc_auth_scheme *scheme,
                                 const apicc_sign_key *skey,
                                 const apicc__sign_target *t,
                                 const apicc_arg *params, size_t nparams,
                                 int64_t ts, char **sig)
{
    const apicc_sign_rule *rule = scheme->sign;
    apicc_sign_input in = {0};
    t->describe(t->ctx, &in);
    in.params = params;
    in.nparams = nparams;
    in.timestamp = ts;
    char *payload = NULL;
    apicc_status st = apicc_sign_payload(rule, &in, &payload);
    if (st == APICC_OK)
        st = apicc_sign(rule->algorithm, rule->encoding, skey, payload,
                        strlen(payload), sig);
    if (st == APICC_ERR_SIGN)
        apicc__fail(c, st,
                    "scheme \"%s\": signing failed (does the key suit the "
                    "algorithm?)",
                    scheme->name);
    else if (st != APICC_OK)
        apicc__fail(c, st, "scheme \"%s\": cannot build the signed payload",
                    scheme->name);
    /* The payload may hold the API key. */
    free_secret(payload);
    return st;
}

apicc_status apicc__sign_request(apicc_client *c,
                                 const apicc_auth_scheme *scheme,
                                 const apicc_arg *args, size_t nargs,
                                 const apicc__sign_target *t)
{
    const apicc_sign_rule *rule = scheme->sign;
    if (!rule)
        return apicc__fail(c, APICC_ERR_INVALID_ARG,
                           "signature scheme \"%s\" has no rule",
                           scheme->name);
    const apicc_sign_key *skey = apicc__sign_key(c, rule->algorithm);
    const char *key = apicc__api_key(c, scheme->name);
    if (!skey || (rule->key_in != APICC_IN_NONE && !key))
        return apicc__fail(c, APICC_ERR_NO_CREDENTIALS,
                           "no key for signature scheme \"%s\"",
                           scheme->name);
    int64_t ts = apicc__now_ms(c);
    if (rule->timestamp_seconds)
        ts /= 1000;
    apicc_arg *params = NULL;
    size_t nparams = 0;
    if (signed_params(rule, key, ts, args, nargs, &params, &nparams) !=
        APICC_OK)
        return apicc__fail(c, APICC_ERR_NOMEM, "out of memory");
    char *sig = NULL;
    apicc_status st = place_added(t, params, nargs, nparams);
    if (st == APICC_OK)
        st = sign_payload(c, scheme, skey, t, params, nparams, ts, &sig);
    if (st == APICC_OK) {
        apicc_arg s = {.name = rule->signature_name,
                       .in = rule->signature_in,
                       .type = APICC_T_STRING,
                       .s = sig};
        st = t->place(t->ctx, &s);
    }
    free_secret(sig); /* the signature is a credential */
    free(params);
    return st;
}
