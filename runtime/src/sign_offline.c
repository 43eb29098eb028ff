/*
 * A signing rule run on a request held in memory rather than on a
 * client's way out: `apicc sign --spec` shows with it each value of a
 * rule, from the same evaluation and placement code a call uses
 * (sign_request.c, sign_place.c), so a user can compare step by step
 * with a provider's documentation.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "auth_internal.h"
#include "encode_internal.h"
#include "sign_internal.h"

typedef struct mem_req {
    const apicc_sign_request *in;
    apicc__buf query;
    apicc__buf body;
    int has_body;
    char **names;  /* headers, by name and value */
    char **values;
    size_t n;
} mem_req;

static apicc_status put_header(mem_req *m, const char *name, const char *v)
{
    for (size_t i = 0; i < m->n; i++)
        if (strcasecmp(m->names[i], name) == 0) {
            char *copy = strdup(v);
            if (!copy)
                return APICC_ERR_NOMEM;
            apicc_wipe(m->values[i], strlen(m->values[i]));
            free(m->values[i]);
            m->values[i] = copy;
            return APICC_OK;
        }
    char **nn = realloc(m->names, (m->n + 1) * sizeof *nn);
    if (nn)
        m->names = nn;
    char **vv = nn ? realloc(m->values, (m->n + 1) * sizeof *vv) : NULL;
    if (vv)
        m->values = vv;
    if (!nn || !vv)
        return APICC_ERR_NOMEM;
    m->names[m->n] = strdup(name);
    m->values[m->n] = strdup(v);
    if (!m->names[m->n] || !m->values[m->n]) {
        free(m->names[m->n]);
        free(m->values[m->n]);
        return APICC_ERR_NOMEM;
    }
    m->n++;
    return APICC_OK;
}

static apicc_status text_of(const apicc_arg *a, char num[APICC__NUMBER_MAX],
                            const char **text, size_t *len)
{
    if (a->type == APICC_T_STRING) {
        if (!a->s)
            return APICC_ERR_INVALID_ARG;
        *text = a->s;
        *len = strlen(a->s);
        return APICC_OK;
    }
    if (a->type == APICC_T_INT) {
        *len = (size_t)snprintf(num, APICC__NUMBER_MAX, "%lld",
                                (long long)a->i);
        *text = num;
        return APICC_OK;
    }
    return APICC_ERR_INVALID_ARG;
}

static apicc_status mem_place(void *ctx, const apicc_arg *a)
{
    mem_req *m = ctx;
    char num[APICC__NUMBER_MAX];
    const char *text = NULL;
    size_t len = 0;
    apicc_status st = text_of(a, num, &text, &len);
    if (st != APICC_OK)
        return st;
    if (a->in == APICC_IN_HEADER)
        return put_header(m, a->name, text);
    if (m->query.len > 0)
        apicc__buf_put(&m->query, "&", 1);
    apicc__buf_put_encoded(&m->query, a->name, strlen(a->name));
    apicc__buf_put(&m->query, "=", 1);
    apicc__buf_put_encoded(&m->query, text, len);
    return m->query.failed ? APICC_ERR_NOMEM : APICC_OK;
}

static apicc_status mem_place_at(void *ctx, const apicc_arg *a,
                                 apicc_sign_place where, int first)
{
    mem_req *m = ctx;
    char num[APICC__NUMBER_MAX];
    const char *text = NULL;
    size_t len = 0;
    apicc_status st = text_of(a, num, &text, &len);
    if (st != APICC_OK)
        return st;
    if (where == APICC_PLACE_QUERY || where == APICC_PLACE_PARAM)
        return apicc__prepend_query(&m->query, a->name, text, len)
                   ? APICC_OK
                   : APICC_ERR_NOMEM;
    if (where != APICC_PLACE_BODY)
        return APICC_ERR_INVALID_ARG;
    apicc__buf b = {0};
    if (!apicc__body_with(&b, m->body.data ? m->body.data : "", m->body.len,
                          a->name, text, len, first,
                          a->type == APICC_T_INT)) {
        apicc__buf_free(&b);
        return APICC_ERR_NOMEM;
    }
    apicc__buf_free(&m->body);
    m->body = b;
    m->has_body = 1;
    return APICC_OK;
}

static void mem_describe(void *ctx, apicc_sign_input *in)
{
    mem_req *m = ctx;
    in->method = m->in->method;
    in->path = m->in->path;
    in->query = m->query.data ? m->query.data : "";
    in->body = m->has_body ? (m->body.data ? m->body.data : "") : NULL;
    in->body_len = m->has_body ? m->body.len : 0;
}

static const char *mem_header(void *ctx, const char *name)
{
    mem_req *m = ctx;
    for (size_t i = 0; i < m->n; i++)
        if (strcasecmp(m->names[i], name) == 0)
            return m->values[i];
    return NULL;
}

static const char *mem_host(void *ctx)
{
    mem_req *m = ctx;
    const char *h = mem_header(ctx, "Host");
    return h ? h : m->in->host;
}

static void mem_sort_query(void *ctx)
{
    apicc__sort_query(&((mem_req *)ctx)->query);
}

static void mem_free(mem_req *m)
{
    for (size_t i = 0; i < m->n; i++) {
        free(m->names[i]);
        apicc_wipe(m->values[i], strlen(m->values[i]));
        free(m->values[i]);
    }
    free(m->names);
    free(m->values);
    apicc__buf_free(&m->query);
    apicc__buf_free(&m->body);
}

/* Moves the signed request out of `m`. */
static apicc_status take(mem_req *m, apicc_signed_request *out)
{
    out->query = strdup(m->query.data ? m->query.data : "");
    out->body = malloc(m->body.len + 1);
    out->headers = calloc(m->n ? m->n : 1, sizeof *out->headers);
    if (!out->query || !out->body || !out->headers)
        return APICC_ERR_NOMEM;
    memcpy(out->body, m->body.data ? m->body.data : "", m->body.len);
    out->body[m->body.len] = '\0';
    out->body_len = m->body.len;
    for (size_t i = 0; i < m->n; i++) {
        size_t len = strlen(m->names[i]) + strlen(m->values[i]) + 3;
        if (!(out->headers[i] = malloc(len)))
            return APICC_ERR_NOMEM;
        snprintf(out->headers[i], len, "%s: %s", m->names[i], m->values[i]);
        out->nheaders = i + 1;
    }
    return APICC_OK;
}

APICC_API apicc_status apicc_sign_offline(const apicc_sign_rule *rule,
                                          const apicc_sign_request *req,
                                          const apicc_sign_credentials *cr,
                                          int64_t now_ms, int64_t nonce,
                                          apicc_sign_trace_fn trace,
                                          void *ctx,
                                          apicc_signed_request *out)
{
    if (!out)
        return APICC_ERR_INVALID_ARG;
    memset(out, 0, sizeof *out);
    if (!rule || !req || !cr)
        return APICC_ERR_INVALID_ARG;
    mem_req m = {.in = req};
    apicc_status st = APICC_OK;
    if (req->body) {
        apicc__buf_put(&m.body, req->body, req->body_len);
        m.has_body = 1;
    }
    for (size_t i = 0; st == APICC_OK && i < req->nargs; i++)
        if (req->args[i].in == APICC_IN_HEADER ||
            req->args[i].in == APICC_IN_QUERY ||
            req->args[i].in == APICC_IN_PARAM)
            st = mem_place(&m, &req->args[i]);
    apicc__buf secret = {0};
    apicc__sign_env env = {0};
    env.api_key = cr->api_key;
    if (st == APICC_OK && cr->secret) {
        if (!apicc__decode_secret(rule->secret_encoding, cr->secret, &secret))
            st = APICC_ERR_INVALID_ARG;
        env.secret = (const unsigned char *)secret.data;
        env.secret_len = secret.len;
    }
    env.passphrase = cr->passphrase;
    env.key = cr->key;
    /* An HMAC rule signs with the decoded secret, as a client's
     * per-scheme secret does. */
    apicc_sign_key *own = NULL;
    int hmac = rule->algorithm == APICC_SIGN_HMAC_SHA256 ||
               rule->algorithm == APICC_SIGN_HMAC_SHA384 ||
               rule->algorithm == APICC_SIGN_HMAC_SHA512;
    if (st == APICC_OK && !env.key && hmac && secret.len > 0) {
        st = apicc_sign_key_hmac(secret.data, secret.len, &own);
        env.key = own;
    }
    env.now_ms = now_ms;
    env.nonce = nonce;
    env.header = mem_header;
    env.ctx = &m;
    env.host = mem_host(&m);
    apicc__sign_target t = {.place = mem_place,
                            .describe = mem_describe,
                            .place_at = mem_place_at,
                            .header = mem_header,
                            .host = mem_host,
                            .sort_query = mem_sort_query,
                            .ctx = &m};
    int placing = 0;
    if (st == APICC_OK)
        st = apicc__sign_run(rule, &env, &t, req->args, req->nargs, trace,
                             ctx, &placing);
    if (st == APICC_OK)
        st = take(&m, out);
    if (st != APICC_OK)
        apicc_signed_request_free(out);
    apicc_sign_key_free(own);
    apicc__buf_free(&secret);
    mem_free(&m);
    return st;
}

APICC_API void apicc_signed_request_free(apicc_signed_request *r)
{
    if (!r)
        return;
    if (r->query) {
        apicc_wipe(r->query, strlen(r->query));
        free(r->query);
    }
    for (size_t i = 0; r->headers && i < r->nheaders; i++) {
        apicc_wipe(r->headers[i], strlen(r->headers[i]));
        free(r->headers[i]);
    }
    free(r->headers);
    if (r->body) {
        apicc_wipe(r->body, r->body_len);
        free(r->body);
    }
    memset(r, 0, sizeof *r);
}
