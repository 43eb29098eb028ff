/*
 * Loading auth schemes: basic, bearer, API keys, session cookies and
 * signed requests with their payload rule and placements.
 */
#include <stdlib.h>
#include <string.h>

#include "load/spec_load_internal.h"


/* The keys of each type, in the order of spec_auth_kind. */
static const char *const basic_keys[] = {"type", "description", NULL};
static const char *const apikey_keys[] = {"type", "description", "in",
                                          "name", "prefix", NULL};
static const char *const cookie_keys[] = {"type", "description", "cookie",
                                          NULL};
static const char *const signature_keys[] = {
    "type",    "description", "algorithm", "encoding",  "payload",
    "percent_encode", "key",  "signature", "timestamp", "values",
    "secret",  "sort_query",  NULL};
static const char *const all_keys[] = {
    "type",      "description", "in",        "name",     "prefix",
    "cookie",    "algorithm",   "encoding",  "payload",  "percent_encode",
    "key",       "signature",   "timestamp", "values",   "secret",
    "sort_query", NULL};
/* The short form's keys, which `values:` replaces. */
static const char *const short_form_keys[] = {
    "encoding", "payload", "percent_encode", "key", "signature", "timestamp",
    NULL};
static const ld_name secret_encodings[] = {
    {"raw", SPEC_SECRET_RAW}, {"base64", SPEC_SECRET_BASE64},
    {"hex", SPEC_SECRET_HEX}};

static const char *const apikey_required[] = {"in", "name", NULL};
static const char *const signature_required[] = {"algorithm", NULL};

/* The words allowed where only some of a table's are (in this order). */
static const int apikey_in[] = {SPEC_IN_HEADER, SPEC_IN_QUERY,
                                SPEC_IN_COOKIE, SPEC_IN_PARAM};
static const int placement_in[] = {SPEC_IN_HEADER, SPEC_IN_QUERY,
                                   SPEC_IN_PARAM};
/* `{literal: ...}` is a mapping, not a word */
static const int part_words[] = {
#define PART_WORD_(n, w, rt, d) SPEC_PART_##n,
    VOCAB_PART_WORDS(PART_WORD_)
#undef PART_WORD_
};
static const ld_name units[] = {{"ms", 0}, {"s", 1}};

static const char *const placement_keys[] = {"in", "name", NULL};
static const char *const timestamp_keys[] = {"in", "name", "unit", NULL};
static const char *const literal_keys[] = {"literal", NULL};

static const char *const *keys_of(spec_auth_kind kind)
{
    switch (kind) {
    case SPEC_AUTH_BASIC:
    case SPEC_AUTH_BEARER:
        return basic_keys;
    case SPEC_AUTH_APIKEY:
        return apikey_keys;
    case SPEC_AUTH_SESSION_COOKIE:
        return cookie_keys;
    case SPEC_AUTH_SIGNATURE:
        return signature_keys;
    }
    return all_keys;
}

/* Where the key, signature or timestamp goes: {in, name[, unit]}. */
static void ld_placement(ld_ctx *l, const ytree_node *n, const char *what,
                         spec_placement *pl, int *seconds)
{
    if (!ld_want_map(l, n))
        return;
    static const char *const required[] = {"in", "name", NULL};
    ld_keys(l, n, what, seconds ? timestamp_keys : placement_keys, required);
    pl->pos = ld_pos(n);
    const ytree_node *v = ytree_get(n, "in");
    int in;
    if (v && ld_vocab(l, v, "in", &vocab_locations, placement_in, 3, "",
                      &in)) {
        pl->in = (spec_location)in;
        pl->pos = ld_pos(v);
    }
    ld_opt_string(l, n, "name", &pl->name);
    v = ytree_get(n, "unit");
    if (v && seconds)
        ld_enum(l, v, "unit", units, 2, "", seconds);
}

static void ld_part(ld_ctx *l, const ytree_node *n, spec_payload_part *p)
{
    p->pos = ld_pos(n);
    if (n->kind == YTREE_MAP) {
        ld_keys(l, n, "payload part", literal_keys, literal_keys);
        const ytree_node *v = ytree_get(n, "literal");
        if (v) {
            p->kind = SPEC_PART_LITERAL;
            p->literal = ld_string(l, v);
        }
        return;
    }
    int kind;
    if (n->kind == YTREE_SCALAR &&
        ld_vocab(l, n, "payload", &vocab_parts, part_words,
                 sizeof part_words / sizeof part_words[0], "", &kind))
        p->kind = (spec_payload_part_kind)kind;
    else if (n->kind != YTREE_SCALAR)
        ld_error(l, n, "expected a payload part name or {literal: ...}, "
                       "got %s", ld_describe(n));
}

static void ld_payload(ld_ctx *l, const ytree_node *n, spec_signature *sig)
{
    if (!ld_want_seq(l, n))
        return;
    if (n->nitems == 0) {
        ld_error(l, n, "'payload' must list at least one part");
        return;
    }
    sig->parts = ld_calloc(l, n->nitems, sizeof(*sig->parts));
    if (!sig->parts)
        return;
    sig->nparts = n->nitems;
    for (size_t i = 0; i < n->nitems; i++)
        ld_part(l, n->items[i], &sig->parts[i]);
}

static void ld_signature(ld_ctx *l, const ytree_node *n, spec_signature *sig)
{
    const ytree_node *v = ytree_get(n, "algorithm");
    int val;
    if (v &&
        ld_vocab(l, v, "algorithm", &vocab_sign_algs, NULL, 0, "", &val))
        sig->algorithm = (spec_sign_alg)val;
    if ((v = ytree_get(n, "secret")) &&
        ld_enum(l, v, "secret", secret_encodings, 3, "", &val))
        sig->secret_encoding = (spec_secret_encoding)val;
    ld_opt_bool(l, n, "sort_query", &sig->sort_query);
    if ((v = ytree_get(n, "values"))) {
        for (size_t i = 0; i < n->npairs; i++)
            if (ld_in_list(n->pairs[i].key->text, short_form_keys))
                ld_error(l, n->pairs[i].key,
                         "'%s' does not go with 'values' (write it as a "
                         "value)",
                         n->pairs[i].key->text);
        ld_sign_values(l, v, sig);
        return;
    }
    static const char *const short_required[] = {"payload", "signature",
                                                 NULL};
    ld_missing(l, n, "auth scheme", short_required);
    int hmac = sig->algorithm == SPEC_SIGN_HMAC_SHA256 ||
               sig->algorithm == SPEC_SIGN_HMAC_SHA384 ||
               sig->algorithm == SPEC_SIGN_HMAC_SHA512;
    sig->encoding = hmac ? SPEC_ENC_HEX : SPEC_ENC_BASE64;
    v = ytree_get(n, "encoding");
    if (v &&
        ld_vocab(l, v, "encoding", &vocab_encodings, NULL, 0, "", &val))
        sig->encoding = (spec_encoding)val;
    if ((v = ytree_get(n, "payload")))
        ld_payload(l, v, sig);
    ld_opt_bool(l, n, "percent_encode", &sig->percent_encode);
    if ((v = ytree_get(n, "key")))
        ld_placement(l, v, "key placement", &sig->key, NULL);
    if ((v = ytree_get(n, "signature")))
        ld_placement(l, v, "signature placement", &sig->signature,
                     NULL);
    if ((v = ytree_get(n, "timestamp")))
        ld_placement(l, v, "timestamp placement", &sig->timestamp,
                     &sig->timestamp_seconds);
}

/* Keys of another type get a message that says so; others are unknown. */
static void check_auth_keys(ld_ctx *l, const ytree_node *n, int known,
                            spec_auth_kind kind, const char *type_name)
{
    const char *const *allowed = known ? keys_of(kind) : all_keys;
    for (size_t i = 0; i < n->npairs; i++) {
        const ytree_node *key = n->pairs[i].key;
        if (ld_in_list(key->text, allowed))
            continue;
        if (ld_in_list(key->text, all_keys))
            ld_error(l, key, "key '%s' does not apply to auth type '%s'",
                     key->text, type_name);
        else
            ld_unknown_key(l, key, "auth scheme", allowed);
    }
}

static void ld_auth(ld_ctx *l, const ytree_node *key, const ytree_node *n,
                    spec_auth *a)
{
    a->name = ld_strdup(l, key->text);
    a->pos = ld_pos(key);
    /* A scheme whose type cannot be read stays an API key, the kind every
     * reference accepts, so its uses raise no second error. */
    a->kind = SPEC_AUTH_APIKEY;
    if (!ld_want_map(l, n))
        return;
    const ytree_node *t = ytree_get(n, "type");
    int kind = SPEC_AUTH_APIKEY;
    int known =
        t && ld_vocab(l, t, "type", &vocab_auth_kinds, NULL, 0, "", &kind);
    a->kind = (spec_auth_kind)kind;
    check_auth_keys(l, n, known, a->kind, known ? t->text : "");
    static const char *const type_required[] = {"type", NULL};
    ld_missing(l, n, "auth scheme", type_required);
    ld_opt_string(l, n, "description", &a->description);
    if (!known)
        return;
    const ytree_node *v;
    switch (a->kind) {
    case SPEC_AUTH_APIKEY:
        ld_missing(l, n, "auth scheme", apikey_required);
        if ((v = ytree_get(n, "in")) &&
            ld_vocab(l, v, "in", &vocab_locations, apikey_in, 4, "", &kind))
            a->in = (spec_location)kind;
        ld_opt_string(l, n, "name", &a->param_name);
        ld_opt_string(l, n, "prefix", &a->prefix);
        if ((v = ytree_get(n, "name")))
            a->param_pos = ld_pos(v);
        if ((v = ytree_get(n, "prefix")))
            a->prefix_pos = ld_pos(v);
        break;
    case SPEC_AUTH_SESSION_COOKIE:
        ld_opt_string(l, n, "cookie", &a->param_name);
        if ((v = ytree_get(n, "cookie")))
            a->param_pos = ld_pos(v);
        break;
    case SPEC_AUTH_SIGNATURE:
        ld_missing(l, n, "auth scheme", signature_required);
        ld_signature(l, n, &a->sig);
        break;
    case SPEC_AUTH_BASIC:
    case SPEC_AUTH_BEARER:
        break;
    }
}

void ld_auths(ld_ctx *l, const ytree_node *map)
{
    if (!ld_want_map(l, map))
        return;
    spec *s = l->s;
    s->auths = ld_calloc(l, map->npairs, sizeof(*s->auths));
    if (!s->auths)
        return;
    s->nauths = map->npairs;
    for (size_t i = 0; i < map->npairs; i++)
        ld_auth(l, map->pairs[i].key, map->pairs[i].value, &s->auths[i]);
}
