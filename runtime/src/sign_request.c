/*
 * Signing one request, the same way for HTTP and WebSocket
 * (auth_internal.h): the transport says where values go and what the
 * request looks like; the order and the rule's choices are made here
 * once, so both transports sign exactly alike.
 *
 * A rule is a list of outputs, each a value computed from nodes
 * (sign_rule.c) and placed in order.  The short form of a rule (the
 * fields algorithm .. timestamp_seconds of apicc_sign_rule) is first
 * rewritten into that list: the API key, the timestamp, then the
 * signature of the payload parts, so there is one way to sign.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "auth_internal.h"
#include "sign_internal.h"

/* ---- the short form as outputs ------------------------------------------ */

typedef struct short_form {
    apicc_sign_rule rule;
    apicc_sign_node *nodes;
    apicc_sign_output outputs[3];
} short_form;

static apicc_sign_op op_of_part(apicc_part_kind k)
{
    switch (k) {
    case APICC_PART_SORTED_PARAMS:
        return APICC_OP_SORTED_PARAMS;
    case APICC_PART_QUERY:
        return APICC_OP_QUERY;
    case APICC_PART_METHOD:
        return APICC_OP_METHOD;
    case APICC_PART_PATH:
        return APICC_OP_PATH;
    case APICC_PART_BODY:
        return APICC_OP_BODY;
    case APICC_PART_TIMESTAMP:
        return APICC_OP_TIMESTAMP;
    case APICC_PART_LITERAL:
        return APICC_OP_LITERAL;
    }
    return (apicc_sign_op)0;
}

static apicc_sign_place place_of(apicc_location in)
{
    switch (in) {
    case APICC_IN_HEADER:
        return APICC_PLACE_HEADER;
    case APICC_IN_QUERY:
        return APICC_PLACE_QUERY;
    case APICC_IN_PARAM:
        return APICC_PLACE_PARAM;
    default:
        return APICC_PLACE_NONE;
    }
}

/* Nodes: 0 encode(1), 1 sign(parts...), 2 key, 3 timestamp, 4.. parts. */
static apicc_status from_short(const apicc_sign_rule *r, short_form *f)
{
    if (!r->parts && r->nparts > 0)
        return APICC_ERR_INVALID_ARG;
    if (r->nparts > SIZE_MAX / sizeof *f->nodes - 4)
        return APICC_ERR_NOMEM;
    f->nodes = calloc(r->nparts + 4, sizeof *f->nodes);
    if (!f->nodes)
        return APICC_ERR_NOMEM;
    const char *unit = r->timestamp_seconds ? "s" : "ms";
    f->nodes[0] = (apicc_sign_node){
        .op = r->encoding == APICC_ENC_BASE64 ? APICC_OP_BASE64 : APICC_OP_HEX,
        .first = 1, .count = 1};
    if (r->encoding != APICC_ENC_BASE64 && r->encoding != APICC_ENC_HEX)
        f->nodes[0].op = (apicc_sign_op)0;
    f->nodes[1] = (apicc_sign_node){.op = APICC_OP_SIGN, .first = 4,
                                    .count = r->nparts};
    f->nodes[2] = (apicc_sign_node){.op = APICC_OP_API_KEY};
    f->nodes[3] = (apicc_sign_node){.op = APICC_OP_TIMESTAMP, .text = unit};
    for (size_t i = 0; i < r->nparts; i++) {
        apicc_sign_node *n = &f->nodes[4 + i];
        n->op = op_of_part(r->parts[i].kind);
        n->text = r->parts[i].kind == APICC_PART_LITERAL ? r->parts[i].literal
                  : r->parts[i].kind == APICC_PART_TIMESTAMP ? unit
                                                             : NULL;
        n->arg = r->percent_encode;
        if (r->parts[i].kind == APICC_PART_LITERAL && !n->text)
            n->op = (apicc_sign_op)0; /* refused when evaluated */
    }
    size_t k = 0;
    if (r->key_in != APICC_IN_NONE)
        f->outputs[k++] = (apicc_sign_output){
            .name = r->key_name, .place = place_of(r->key_in), .node = 2};
    if (r->timestamp_in != APICC_IN_NONE)
        f->outputs[k++] = (apicc_sign_output){.name = r->timestamp_name,
                                              .place = place_of(r->timestamp_in),
                                              .node = 3, .number = 1};
    if (r->signature_in != APICC_IN_NONE) /* else: the key and timestamp
                                               alone (apicc sign's query) */
        f->outputs[k++] = (apicc_sign_output){
            .name = r->signature_name, .place = place_of(r->signature_in),
            .node = 0};
    f->rule = *r;
    f->rule.nodes = f->nodes;
    f->rule.nnodes = r->nparts + 4;
    f->rule.outputs = f->outputs;
    f->rule.noutputs = k;
    return APICC_OK;
}

/* ---- one attempt -------------------------------------------------------- */

typedef struct attempt {
    const apicc_sign_rule *rule;
    const apicc__sign_target *t;
    apicc__sign_env *env;
    apicc__sign_cache cache;
    apicc_arg *params; /* the call's args, then every value placed in the
                          query, params or body */
    size_t nparams;
    apicc_sign_trace_fn trace;
    void *tctx;
} attempt;

int apicc__sign_uses(const apicc_sign_rule *r, apicc_sign_op op,
                     const char **text)
{
    for (size_t i = 0; i < r->nnodes; i++)
        if (r->nodes[i].op == op) {
            if (text)
                *text = r->nodes[i].text;
            return 1;
        }
    return 0;
}

/* Evaluates output k and places it.  *placing is set when the transport
 * failed (it has recorded why). */
static apicc_status place_output(attempt *a, size_t k, int *placing)
{
    const apicc_sign_output *o = &a->rule->outputs[k];
    if (a->rule->sort_query && a->t->sort_query)
        a->t->sort_query(a->t->ctx);
    a->env->in = (apicc_sign_input){0};
    a->t->describe(a->t->ctx, &a->env->in);
    a->env->in.params = a->params;
    a->env->in.nparams = a->nparams;
    const apicc__buf *v = NULL;
    apicc_status st = apicc__sign_output(a->rule, k, a->env, &a->cache, &v);
    if (st != APICC_OK)
        return st;
    if (a->trace)
        a->trace(a->tctx, o->name ? o->name : "body", v->data, v->len);
    if (o->place == APICC_PLACE_NONE)
        return APICC_OK;
    if (!o->name && o->place != APICC_PLACE_BODY)
        return APICC_ERR_INVALID_ARG;
    apicc_arg arg = {.name = o->name, .type = APICC_T_STRING, .s = v->data};
    if (o->number) {
        char *end = NULL;
        long long n = strtoll(v->data, &end, 10);
        if (end && *end == '\0' && end != v->data) {
            arg.type = APICC_T_INT;
            arg.i = (int64_t)n;
        }
    }
    arg.in = o->place == APICC_PLACE_HEADER  ? APICC_IN_HEADER
             : o->place == APICC_PLACE_QUERY ? APICC_IN_QUERY
                                             : APICC_IN_PARAM;
    *placing = 1;
    if (o->place == APICC_PLACE_BODY || o->first) {
        if (!a->t->place_at)
            return APICC_ERR_INVALID_ARG;
        st = a->t->place_at(a->t->ctx, &arg, o->place, o->first);
    } else {
        st = a->t->place(a->t->ctx, &arg);
    }
    *placing = 0;
    if (st != APICC_OK) {
        *placing = 1;
        return st;
    }
    /* name=value members (query, params, body fields) are params the
     * sorted-params part sees; the value stays in the cache, which lives
     * as long as the attempt. */
    if (o->place != APICC_PLACE_HEADER && o->name)
        a->params[a->nparams++] = arg;
    return APICC_OK;
}

apicc_status apicc__sign_run(const apicc_sign_rule *rule,
                             apicc__sign_env *env,
                             const apicc__sign_target *t,
                             const apicc_arg *args, size_t nargs,
                             apicc_sign_trace_fn trace, void *tctx,
                             int *placing)
{
    short_form f = {0};
    *placing = 0;
    if (!rule->outputs) {
        apicc_status st = from_short(rule, &f);
        if (st != APICC_OK)
            return st;
        env->skip_param = rule->signature_name;
        rule = &f.rule;
    }
    attempt a = {.rule = rule, .t = t, .env = env, .trace = trace,
                 .tctx = tctx};
    apicc_status st = APICC_OK;
    size_t n = rule->noutputs;
    a.cache.n = n;
    a.cache.values = calloc(n ? n : 1, sizeof *a.cache.values);
    a.cache.state = calloc(n ? n : 1, 1);
    a.params = malloc((nargs + n + 1) * sizeof *a.params);
    if (!a.cache.values || !a.cache.state || !a.params)
        st = APICC_ERR_NOMEM;
    else if (nargs > 0)
        memcpy(a.params, args, nargs * sizeof *args);
    a.nparams = nargs;
    for (size_t k = 0; st == APICC_OK && k < n; k++)
        st = place_output(&a, k, placing);
    for (size_t i = 0; a.cache.values && i < a.cache.n; i++)
        apicc__buf_free(&a.cache.values[i]);
    free(a.cache.values);
    free(a.cache.state);
    free(a.params);
    free(f.nodes);
    return st;
}

apicc_status apicc__sign_request(apicc_client *c,
                                 const apicc_auth_scheme *scheme,
                                 const apicc_arg *args, size_t nargs,
                                 const apicc__sign_target *t)
{
    const char *name = scheme->name ? scheme->name : "?";
    const apicc_sign_rule *rule = scheme->sign;
    if (!rule)
        return apicc__fail(c, APICC_ERR_INVALID_ARG,
                           "signature scheme \"%s\" has no rule", name);
    apicc__sign_env env = {0};
    env.api_key = apicc__api_key(c, scheme->name);
    env.secret = apicc__scheme_secret(c, scheme, &env.secret_len);
    env.passphrase = apicc__passphrase(c, scheme->name);
    env.key = apicc__scheme_sign_key(c, scheme);
    env.now_ms = apicc__now_ms(c); /* afresh on every attempt */
    env.header = t->header;
    env.host = t->host ? t->host(t->ctx) : NULL;
    env.ctx = t->ctx;
    const char *unit = NULL;
    if (rule->outputs && apicc__sign_uses(rule, APICC_OP_NONCE, &unit)) {
        int64_t base = apicc__nonce_base(env.now_ms, unit);
        if (base < 0)
            return apicc__fail(c, APICC_ERR_INVALID_ARG,
                               "scheme \"%s\": unknown nonce unit", name);
        env.nonce = apicc__next_nonce(c, base);
    }
    int placing = 0;
    apicc_status st =
        apicc__sign_run(rule, &env, t, args, nargs, NULL, NULL, &placing);
    if (st == APICC_OK || placing)
        return st; /* a transport records its own failure */
    switch (st) {
    case APICC_ERR_NO_CREDENTIALS:
        return apicc__fail(c, st, "no key for signature scheme \"%s\"", name);
    case APICC_ERR_SIGN:
        return apicc__fail(c, st,
                           "scheme \"%s\": signing failed (does the key suit "
                           "the algorithm?)",
                           name);
    case APICC_ERR_NOMEM:
        return apicc__fail(c, st, "out of memory");
    default:
        return apicc__fail(c, st,
                           "scheme \"%s\": cannot build the signed payload",
                           name);
    }
}
