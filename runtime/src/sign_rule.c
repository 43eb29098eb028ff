/*
 * Evaluating a signing rule's nodes (endpoint.h's apicc_sign_node) for
 * one attempt: every part, transform, key source and algorithm a
 * provider's signing rule is made of, and nothing provider-specific.
 *
 * Children always follow their parent in the node array (the generator
 * writes them so, and anything else is refused), so an evaluation ends
 * even on a hostile table; an output that names itself, directly or not,
 * is a cycle and refused too.  Every intermediate buffer may hold a
 * secret or a key and is wiped when freed (apicc__buf_free).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sign_internal.h"

static apicc_status eval_children(const apicc_sign_rule *rule, size_t i,
                                  const apicc__sign_env *env,
                                  apicc__sign_cache *cache, size_t from,
                                  apicc__buf *out)
{
    const apicc_sign_node *n = &rule->nodes[i];
    apicc_status st = APICC_OK;
    for (size_t k = from; k < n->count && st == APICC_OK; k++)
        st = apicc__sign_eval(rule, n->first + k, env, cache, out);
    return st;
}

static apicc_status put_text(apicc__buf *out, const char *s)
{
    if (s)
        apicc__buf_puts(out, s);
    return APICC_OK;
}

static apicc_status need(apicc__buf *out, const void *s, size_t n)
{
    if (!s)
        return APICC_ERR_NO_CREDENTIALS;
    apicc__buf_put(out, s, n);
    return APICC_OK;
}

/* The sorted params, through the one builder the short form uses. */
static apicc_status sorted_params(const apicc__sign_env *env, int encode,
                                  apicc__buf *out)
{
    static const apicc_payload_part part = {APICC_PART_SORTED_PARAMS, NULL};
    apicc_sign_rule r = {.parts = &part, .nparts = 1,
                         .percent_encode = encode,
                         .signature_name = env->skip_param};
    char *text = NULL;
    apicc_status st = apicc_sign_payload(&r, &env->in, &text);
    if (st == APICC_OK) {
        apicc__buf_puts(out, text);
        apicc_wipe(text, strlen(text));
        free(text);
    }
    return st;
}

void apicc__json_quote(apicc__buf *out, const char *s, size_t n)
{
    apicc__buf_put(out, "\"", 1);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        char esc[8];
        if (c == '"' || c == '\\') {
            esc[0] = '\\';
            esc[1] = (char)c;
            apicc__buf_put(out, esc, 2);
        } else if (c < 0x20) {
            snprintf(esc, sizeof esc, "\\u%04x", c);
            apicc__buf_puts(out, esc);
        } else {
            apicc__buf_put(out, (const char *)&s[i], 1);
        }
    }
    apicc__buf_put(out, "\"", 1);
}

/* The members of an object's text, after a comma when there are any. */
static apicc_status json_members(apicc__buf *out, const char *s, size_t n)
{
    while (n > 0 && (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r')) {
        s++;
        n--;
    }
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\n' ||
                     s[n - 1] == '\t' || s[n - 1] == '\r'))
        n--;
    if (n == 0)
        return APICC_OK; /* no body: nothing to add */
    if (n < 2 || s[0] != '{' || s[n - 1] != '}')
        return APICC_ERR_INVALID_ARG;
    size_t a = 1, b = n - 1;
    while (a < b && (s[a] == ' ' || s[a] == '\n'))
        a++;
    if (a < b) {
        apicc__buf_put(out, ",", 1);
        apicc__buf_put(out, s + a, b - a);
    }
    return APICC_OK;
}

/* Applies a one-input transform to the children's bytes. */
static apicc_status transform(const apicc_sign_rule *rule, size_t i,
                              const apicc__sign_env *env,
                              apicc__sign_cache *cache, apicc__buf *out)
{
    const apicc_sign_node *n = &rule->nodes[i];
    apicc__buf in = {0};
    apicc_status st = eval_children(rule, i, env, cache,
                                    n->op == APICC_OP_HMAC ? 1 : 0, &in);
    if (st == APICC_OK && in.failed)
        st = APICC_ERR_NOMEM;
    const char *d = in.data ? in.data : "";
    unsigned char md[64];
    size_t mdlen = 0;
    char *text = NULL;
    if (st != APICC_OK)
        goto done;
    switch (n->op) {
    case APICC_OP_SHA256:
    case APICC_OP_SHA384:
    case APICC_OP_SHA512:
        mdlen = apicc__digest(n->op == APICC_OP_SHA256   ? "sha256"
                              : n->op == APICC_OP_SHA384 ? "sha384"
                                                         : "sha512",
                              d, in.len, md);
        if (mdlen == 0)
            st = APICC_ERR_SIGN;
        apicc__buf_put(out, (const char *)md, mdlen);
        break;
    case APICC_OP_HMAC: {
        apicc__buf key = {0};
        if (n->count < 1)
            st = APICC_ERR_INVALID_ARG;
        else
            st = apicc__sign_eval(rule, n->first, env, cache, &key);
        if (st == APICC_OK) {
            mdlen = apicc__hmac(n->text, key.data, key.len, d, in.len, md);
            if (mdlen == 0)
                st = APICC_ERR_INVALID_ARG; /* an unknown digest */
            apicc__buf_put(out, (const char *)md, mdlen);
        }
        apicc__buf_free(&key);
        break;
    }
    case APICC_OP_SIGN: {
        unsigned char *sig = NULL;
        size_t siglen = 0;
        if (!env->key)
            st = APICC_ERR_NO_CREDENTIALS;
        else
            st = apicc__sign_raw(rule->algorithm, env->key, d, in.len, &sig,
                                 &siglen);
        if (st == APICC_OK)
            apicc__buf_put(out, (const char *)sig, siglen);
        if (sig) {
            apicc_wipe(sig, siglen);
            free(sig);
        }
        break;
    }
    case APICC_OP_HEX:
    case APICC_OP_BASE64:
        text = n->op == APICC_OP_HEX ? apicc_hex_encode(d, in.len)
                                     : apicc_base64_encode(d, in.len);
        if (!text)
            st = APICC_ERR_NOMEM;
        else {
            apicc__buf_puts(out, text);
            apicc_wipe(text, strlen(text));
            free(text);
        }
        break;
    case APICC_OP_BASE64URL:
        apicc__base64url_to(out, d, in.len);
        break;
    case APICC_OP_URLENCODE:
        apicc__buf_put_encoded(out, d, in.len);
        break;
    case APICC_OP_HEX_DECODE:
        if (!apicc__hex_decode_to(out, d, in.len))
            st = APICC_ERR_INVALID_ARG;
        break;
    case APICC_OP_BASE64_DECODE:
        if (!apicc__base64_decode_to(out, d, in.len))
            st = APICC_ERR_INVALID_ARG;
        break;
    case APICC_OP_JSON_STRING:
        apicc__json_quote(out, d, in.len);
        break;
    case APICC_OP_JSON_MEMBERS:
        st = json_members(out, d, in.len);
        break;
    case APICC_OP_LOWER:
        for (size_t k = 0; k < in.len; k++) {
            char c = d[k];
            if (c >= 'A' && c <= 'Z')
                c = (char)(c - 'A' + 'a');
            apicc__buf_put(out, &c, 1);
        }
        break;
    case APICC_OP_CONCAT:
        apicc__buf_put(out, d, in.len);
        break;
    default:
        st = APICC_ERR_INVALID_ARG;
    }
done:
    apicc_wipe(md, sizeof md);
    apicc__buf_free(&in);
    return st;
}

static apicc_status value_of(const apicc_sign_rule *rule, const char *name,
                             const apicc__sign_env *env,
                             apicc__sign_cache *cache, apicc__buf *out)
{
    for (size_t k = 0; name && k < rule->noutputs; k++)
        if (rule->outputs[k].name && strcmp(rule->outputs[k].name, name) == 0) {
            const apicc__buf *v = NULL;
            apicc_status st = apicc__sign_output(rule, k, env, cache, &v);
            if (st == APICC_OK)
                apicc__buf_put(out, v->data ? v->data : "", v->len);
            return st;
        }
    return APICC_ERR_INVALID_ARG;
}

apicc_status apicc__sign_eval(const apicc_sign_rule *rule, size_t i,
                              const apicc__sign_env *env,
                              apicc__sign_cache *cache, apicc__buf *out)
{
    if (!rule->nodes || i >= rule->nnodes)
        return APICC_ERR_INVALID_ARG;
    const apicc_sign_node *n = &rule->nodes[i];
    if (n->count > 0 && (n->first <= i || n->first > rule->nnodes ||
                         n->count > rule->nnodes - n->first))
        return APICC_ERR_INVALID_ARG;
    const apicc_sign_input *in = &env->in;
    char num[32];
    switch (n->op) {
    case APICC_OP_LITERAL:
        if (!n->text)
            return APICC_ERR_INVALID_ARG;
        return put_text(out, n->text);
    case APICC_OP_METHOD:
        return put_text(out, in->method);
    case APICC_OP_HOST:
        return put_text(out, env->host);
    case APICC_OP_PATH:
        return put_text(out, in->path);
    case APICC_OP_PATH_QUERY:
        put_text(out, in->path);
        if (in->query && *in->query) {
            apicc__buf_put(out, "?", 1);
            apicc__buf_puts(out, in->query);
        }
        return APICC_OK;
    case APICC_OP_QUERY:
        return put_text(out, in->query);
    case APICC_OP_SORTED_PARAMS:
        return sorted_params(env, n->arg != 0, out);
    case APICC_OP_BODY:
        if (!in->body && in->body_len > 0)
            return APICC_ERR_INVALID_ARG;
        apicc__buf_put(out, in->body, in->body_len);
        return APICC_OK;
    case APICC_OP_HEADER:
        if (!n->text)
            return APICC_ERR_INVALID_ARG;
        return put_text(out, env->header ? env->header(env->ctx, n->text)
                                         : NULL);
    case APICC_OP_TIMESTAMP:
        return apicc__format_time(out, env->now_ms, n->arg,
                                  n->text ? n->text : "ms")
                   ? APICC_OK
                   : APICC_ERR_INVALID_ARG;
    case APICC_OP_NONCE:
        snprintf(num, sizeof num, "%" PRId64, env->nonce);
        return put_text(out, num);
    case APICC_OP_API_KEY:
        return need(out, env->api_key,
                    env->api_key ? strlen(env->api_key) : 0);
    case APICC_OP_SECRET:
        return need(out, env->secret, env->secret_len);
    case APICC_OP_PASSPHRASE:
        return need(out, env->passphrase,
                    env->passphrase ? strlen(env->passphrase) : 0);
    case APICC_OP_VALUE:
        return value_of(rule, n->text, env, cache, out);
    case APICC_OP_RANDOM_HEX: {
        unsigned char bytes[64];
        if (n->arg <= 0 || n->arg > 64 ||
            !apicc__random(bytes, (size_t)n->arg))
            return APICC_ERR_INVALID_ARG;
        char *hex = apicc_hex_encode(bytes, (size_t)n->arg);
        if (!hex)
            return APICC_ERR_NOMEM;
        apicc__buf_puts(out, hex);
        free(hex);
        return APICC_OK;
    }
    default:
        return transform(rule, i, env, cache, out);
    }
}

apicc_status apicc__sign_output(const apicc_sign_rule *rule, size_t k,
                                const apicc__sign_env *env,
                                apicc__sign_cache *cache,
                                const apicc__buf **value)
{
    if (k >= cache->n || k >= rule->noutputs)
        return APICC_ERR_INVALID_ARG;
    if (cache->state[k] == 1)
        return APICC_ERR_INVALID_ARG; /* a value that needs itself */
    if (cache->state[k] == 0) {
        cache->state[k] = 1;
        apicc_status st = apicc__sign_eval(rule, rule->outputs[k].node, env,
                                           cache, &cache->values[k]);
        if (st == APICC_OK && cache->values[k].failed)
            st = APICC_ERR_NOMEM;
        if (st != APICC_OK) {
            cache->state[k] = 0;
            return st;
        }
        if (!cache->values[k].data)
            apicc__buf_puts(&cache->values[k], ""); /* never NULL */
        cache->state[k] = 2;
    }
    *value = &cache->values[k];
    return APICC_OK;
}
