/*
 * The view of auth schemes: descriptor initialisers for apicc_auth_scheme
 * and apicc_sign_rule, setter names, and words for the documentation.
 *
 * Static names in generated sources end with '_': derived C names never
 * do (mangling trims it), so they cannot clash with a generated public
 * name.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/cname.h"
#include "view/view_escape.h"
#include "view/view_parts.h"

/* The constant or doc words of a vocabulary value; "0" and "?" for a
 * value the loader never produces. */
static const char *constant_of(const vocab *t, int value)
{
    const vocab_word *w = vocab_of(t, value);
    return w ? w->constant : "0";
}

static const char *doc_of(const vocab *t, int value)
{
    const vocab_word *w = vocab_of(t, value);
    return w ? w->doc : "?";
}

static void add_placement(view_ctx *v, cJSON *o, const char *what,
                          const spec_placement *pl)
{
    char key[32];
    snprintf(key, sizeof key, "%s_in", what);
    view_str(v, o, key,
             pl->in != SPEC_IN_NONE ? view_location_const(pl->in) : NULL);
    snprintf(key, sizeof key, "%s_name", what);
    view_str(v, o, key, pl->in != SPEC_IN_NONE ? pl->name : NULL);
    snprintf(key, sizeof key, "%s_where", what);
    view_str(v, o, key, view_location_word(pl->in));
}

/* A payload literal as the README shows it: quoted and escaped the JSON
 * way, so a "\n" separator reads as one instead of breaking the line. */
static void add_literal_doc(view_ctx *v, cJSON *part, const char *literal)
{
    cJSON *tmp = cJSON_CreateString(literal ? literal : "");
    char *quoted = tmp ? cJSON_PrintUnformatted(tmp) : NULL;
    cJSON_Delete(tmp);
    if (!quoted) {
        v->failed = 1;
        return;
    }
    view_str(v, part, "literal_doc", quoted);
    cJSON_free(quoted);
}

/* The signing rule of a SIGNATURE scheme. */
static void add_sign(view_ctx *v, cJSON *o, const spec_signature *sig,
                     const char *setter)
{
    cJSON *r = cJSON_CreateObject();
    if (!r || !cJSON_AddItemToObject(o, "sign", r)) {
        cJSON_Delete(r);
        v->failed = 1;
        return;
    }
    int alg = (int)sig->algorithm, enc = (int)sig->encoding;
    view_str(v, r, "alg", constant_of(&vocab_sign_algs, alg));
    view_str(v, r, "alg_doc", doc_of(&vocab_sign_algs, alg));
    view_str(v, r, "enc", constant_of(&vocab_encodings, enc));
    view_str(v, r, "enc_doc", doc_of(&vocab_encodings, enc));
    view_bool(v, r, "percent_encode", sig->percent_encode);
    view_bool(v, r, "ts_seconds", sig->timestamp_seconds);
    view_str(v, r, "ts_unit", sig->timestamp_seconds ? "s" : "ms");
    add_placement(v, r, "key", &sig->key);
    add_placement(v, r, "sig", &sig->signature);
    add_placement(v, r, "ts", &sig->timestamp);
    cJSON *parts = view_array(v, r, "parts");
    for (size_t i = 0; parts && i < sig->nparts; i++) {
        cJSON *p = view_push(v, parts);
        if (!p)
            return;
        int kind = (int)sig->parts[i].kind;
        view_str(v, p, "part_kind", constant_of(&vocab_parts, kind));
        view_str(v, p, "part_doc", doc_of(&vocab_parts, kind));
        if (sig->parts[i].kind == SPEC_PART_LITERAL)
            add_literal_doc(v, p, sig->parts[i].literal);
        view_str(v, p, "literal", sig->parts[i].kind == SPEC_PART_LITERAL
                                      ? sig->parts[i].literal
                                      : NULL);
    }
    view_mark_ends(v, parts);
    view_num(v, r, "nparts", (double)sig->nparts);
    /* Which runtime setter takes the key depends on the algorithm: a
     * header that named both would send users to the wrong one. */
    int hmac = sig->algorithm == SPEC_SIGN_HMAC_SHA256 ||
               sig->algorithm == SPEC_SIGN_HMAC_SHA384 ||
               sig->algorithm == SPEC_SIGN_HMAC_SHA512;
    if (sig->outputs)
        view_fmt(v, r, "key_doc",
                 "Every credential the scheme needs is set with %s_credentials.",
                 setter ? setter : "");
    else
        view_str(v, r, "key_doc",
                 hmac ? "The secret key is set with apicc_client_set_hmac_secret."
                      : "The private key (PEM) is set with apicc_client_set_private_key_pem/_file.");
    view_sign_general(v, o, r, sig, setter ? setter : "");
}

/* A sentence for the documentation: how the scheme is sent. */
static void add_doc(view_ctx *v, cJSON *o, const spec_auth *a)
{
    switch (a->kind) {
    case SPEC_AUTH_BASIC:
        view_str(v, o, "auth_doc", "HTTP Basic (user and password)");
        return;
    case SPEC_AUTH_BEARER:
        view_str(v, o, "auth_doc", "Bearer token in the Authorization header");
        return;
    case SPEC_AUTH_APIKEY:
        view_comment_fmt(v, o, "auth_doc", "API key in %s `%s`%s%s%s", view_location_word(a->in),
                 a->param_name ? a->param_name : "",
                 a->prefix ? " with prefix `" : "", a->prefix ? a->prefix : "",
                 a->prefix ? "`" : "");
        return;
    case SPEC_AUTH_SESSION_COOKIE:
        view_comment_fmt(v, o, "auth_doc", "Session cookie%s%s%s kept by the client",
                 a->param_name ? " `" : "",
                 a->param_name ? a->param_name : "",
                 a->param_name ? "`" : "");
        return;
    case SPEC_AUTH_SIGNATURE:
        if (a->sig.outputs)
            view_fmt(v, o, "auth_doc", "Signed request (%s)",
                     doc_of(&vocab_sign_algs, (int)a->sig.algorithm));
        else
            view_fmt(v, o, "auth_doc", "Signed request (%s, %s)",
                     doc_of(&vocab_sign_algs, (int)a->sig.algorithm),
                     doc_of(&vocab_encodings, (int)a->sig.encoding));
        return;
    }
}

static int name_in(const char *name, char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(list[i], name) == 0)
            return 1;
    return 0;
}

/* Whether any endpoint refers to the scheme: an unused static descriptor
 * would be a compiler warning in the generated source. */
static int scheme_used(const spec *s, const char *name)
{
    for (size_t i = 0; i < s->nendpoints; i++) {
        const spec_endpoint *e = &s->endpoints[i];
        if (e->auth_set ? name_in(name, e->auth, e->nauth)
                        : name_in(name, s->default_auth, s->ndefault_auth))
            return 1;
        if (name_in(name, e->clears, e->nclears))
            return 1;
        for (size_t k = 0; k < e->nsets; k++)
            if (strcmp(e->sets[k].scheme, name) == 0)
                return 1;
    }
    return 0;
}

void view_auth_joined(view_ctx *v, cJSON *o,
                      const unsigned char *joined, size_t n)
{
    int any = 0;
    for (size_t i = 0; joined && i < n; i++)
        any |= joined[i] != 0;
    /* Written only when some alternative joins schemes, so a spec of
     * alternatives alone generates what it always did. */
    view_bool(v, o, "has_auth_joined", any);
    if (!any)
        return;
    cJSON *arr = view_array(v, o, "auth_joined");
    for (size_t i = 0; arr && i < n; i++) {
        cJSON *e = view_push(v, arr);
        if (!e)
            return;
        view_num(v, e, "joined", joined[i] ? 1 : 0);
    }
    /* The README joins names with "and" inside an alternative. */
    cJSON *list = cJSON_GetObjectItemCaseSensitive(o, "auth_list");
    for (size_t i = 0; i + 1 < n; i++)
        view_bool(v, cJSON_GetArrayItem(list, (int)i), "and_next",
                  joined[i + 1]);
}

cJSON *view_auths(view_ctx *v)
{
    cJSON *arr = cJSON_CreateArray();
    if (!arr) {
        v->failed = 1;
        return NULL;
    }
    for (size_t i = 0; i < v->s->nauths; i++) {
        const spec_auth *a = &v->s->auths[i];
        cJSON *o = view_push(v, arr);
        char *c = cname_snake(a->name);
        if (!o || !c) {
            free(c);
            v->failed = 1;
            break;
        }
        view_str(v, o, "scheme_name", a->name);
        /* A general rule's credentials setter names the descriptor. */
        view_bool(v, o, "used", scheme_used(v->s, a->name) ||
                                    (a->kind == SPEC_AUTH_SIGNATURE &&
                                     a->sig.outputs));
        view_fmt(v, o, "scheme_var", "%s_%s_scheme_", v->prefix, c);
        char *setter = gname_setter(v->prefix, c);
        if (!setter)
            v->failed = 1;
        view_str(v, o, "setter", setter);
        view_str(v, o, "scheme_kind",
                 constant_of(&vocab_auth_kinds, (int)a->kind));
        view_bool(v, o, "is_basic", a->kind == SPEC_AUTH_BASIC);
        view_bool(v, o, "is_bearer", a->kind == SPEC_AUTH_BEARER);
        view_bool(v, o, "is_apikey", a->kind == SPEC_AUTH_APIKEY);
        view_bool(v, o, "is_session_cookie",
                  a->kind == SPEC_AUTH_SESSION_COOKIE);
        view_bool(v, o, "is_signature", a->kind == SPEC_AUTH_SIGNATURE);
        view_bool(v, o, "has_setter", a->kind != SPEC_AUTH_SESSION_COOKIE);
        view_str(v, o, "scheme_in", a->in != SPEC_IN_NONE
                                        ? view_location_const(a->in)
                                        : NULL);
        view_str(v, o, "scheme_param", a->param_name);
        view_str(v, o, "scheme_prefix", a->prefix);
        view_lines(v, o, "scheme_lines", a->description);
        add_doc(v, o, a);
        if (a->kind == SPEC_AUTH_SIGNATURE)
            add_sign(v, o, &a->sig, setter);
        else
            view_str(v, o, "sign", NULL);
        /* The setter the README names: a general rule's takes every
         * piece at once. */
        const cJSON *cred = cJSON_GetObjectItemCaseSensitive(o, "cred_setter");
        view_str(v, o, "doc_setter",
                 cJSON_IsString(cred) ? cred->valuestring : setter);
        free(setter);
        free(c);
    }
    view_mark_ends(v, arr);
    return arr;
}
