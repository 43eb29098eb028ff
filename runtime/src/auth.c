/*
 * Credentials: the store on each client (Basic, Bearer, API keys by
 * scheme name, signing keys), the choice of scheme for a call, and the
 * updates a login or logout endpoint makes.  Adding credentials to an
 * HTTP request is in auth_http.c.
 *
 * Every secret is a private copy, wiped (apicc_wipe, a cleanse the
 * compiler cannot remove) when it is replaced, cleared or freed.  No
 * message written here contains a value: only scheme and field names.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apicc/sign.h"
#include "auth_internal.h"
#include "buf_internal.h"
#include "header_syntax_internal.h"
#include "json_parse.h"

typedef struct key_entry {
    char *scheme;
    char *key;
} key_entry;

/* A scheme seen in a call, remembered by value (descriptors built on the
 * stack may be gone later) so credentials kept by kind, such as Basic and
 * Bearer, can be cleared by scheme name. */
typedef struct seen_scheme {
    char *name;
    apicc_auth_kind kind;
    char *cookie; /* SESSION_COOKIE: its cookie name, or NULL */
    int signs_with_hmac;
} seen_scheme;

struct apicc__creds {
    char *basic;  /* base64("user:password"), ready for the header */
    char *bearer;
    key_entry *keys;
    size_t nkeys;
    apicc_sign_key *hmac;
    apicc_sign_key *pkey;
    seen_scheme *seen;
    size_t nseen;
};

/* ---- the store ---------------------------------------------------------- */

static void free_secret(char **p)
{
    if (*p) {
        apicc_wipe(*p, strlen(*p));
        free(*p);
        *p = NULL;
    }
}

static void clear_all(struct apicc__creds *cr)
{
    free_secret(&cr->basic);
    free_secret(&cr->bearer);
    for (size_t i = 0; i < cr->nkeys; i++) {
        free(cr->keys[i].scheme);
        free_secret(&cr->keys[i].key);
    }
    free(cr->keys);
    cr->keys = NULL;
    cr->nkeys = 0;
    apicc_sign_key_free(cr->hmac);
    apicc_sign_key_free(cr->pkey);
    cr->hmac = cr->pkey = NULL;
}

void apicc__creds_free(struct apicc__creds *cr)
{
    if (!cr)
        return;
    clear_all(cr);
    for (size_t i = 0; i < cr->nseen; i++) {
        free(cr->seen[i].name);
        free(cr->seen[i].cookie);
    }
    free(cr->seen);
    free(cr);
}

/* The client's store, created on first use; NULL when out of memory. */
static struct apicc__creds *creds_of(apicc_client *c)
{
    struct apicc__creds **slot = apicc__creds_slot(c);
    if (!*slot)
        *slot = calloc(1, sizeof **slot);
    return *slot;
}

static const struct apicc__creds *creds_peek(const apicc_client *c)
{
    /* The slot accessor wants a mutable client; reading through it
     * changes nothing. */
    return *apicc__creds_slot((apicc_client *)c);
}

/* Copies a secret into *slot, wiping the old one.  NULL clears. */
static apicc_status replace_secret(apicc_client *c, char **slot,
                                   const char *value)
{
    char *copy = NULL;
    if (value && !(copy = strdup(value)))
        return apicc__fail(c, APICC_ERR_NOMEM, "out of memory");
    free_secret(slot);
    *slot = copy;
    return APICC_OK;
}

APICC_API apicc_status apicc_client_set_basic(apicc_client *c,
                                              const char *user,
                                              const char *password)
{
    if (!c)
        return APICC_ERR_INVALID_ARG;
    struct apicc__creds *cr = creds_of(c);
    if (!cr)
        return apicc__fail(c, APICC_ERR_NOMEM, "out of memory");
    if (!user) {
        free_secret(&cr->basic);
        return APICC_OK;
    }
    if (strchr(user, ':')) /* RFC 7617: the user-id has no colon */
        return apicc__fail(c, APICC_ERR_INVALID_ARG,
                           "Basic user name contains ':'");
    if (!password)
        password = "";
    apicc__buf pair = {0};
    apicc__buf_puts(&pair, user);
    apicc__buf_put(&pair, ":", 1);
    apicc__buf_puts(&pair, password);
    char *b64 = pair.failed ? NULL : apicc_base64_encode(pair.data, pair.len);
    apicc__buf_free(&pair);
    if (!b64)
        return apicc__fail(c, APICC_ERR_NOMEM, "out of memory");
    free_secret(&cr->basic);
    cr->basic = b64;
    return APICC_OK;
}

APICC_API apicc_status apicc_client_set_bearer(apicc_client *c,
                                               const char *token)
{
    if (!c)
        return APICC_ERR_INVALID_ARG;
    struct apicc__creds *cr = creds_of(c);
    if (!cr)
        return apicc__fail(c, APICC_ERR_NOMEM, "out of memory");
    if (token && !apicc__credential_ok(token))
        return apicc__fail(c, APICC_ERR_INVALID_ARG,
                           "bearer token is empty or not printable ASCII");
    return replace_secret(c, &cr->bearer, token);
}

static key_entry *find_key(const struct apicc__creds *cr, const char *scheme)
{
    for (size_t i = 0; cr && i < cr->nkeys; i++)
        if (strcmp(cr->keys[i].scheme, scheme) == 0)
            return &cr->keys[i];
    return NULL;
}

static void remove_key(struct apicc__creds *cr, const char *scheme)
{
    key_entry *e = scheme ? find_key(cr, scheme) : NULL;
    if (!e)
        return;
    free(e->scheme);
    free_secret(&e->key);
    *e = cr->keys[--cr->nkeys];
}

APICC_API apicc_status apicc_client_set_api_key(apicc_client *c,
                                                const char *scheme,
                                                const char *key)
{
    if (!c)
        return APICC_ERR_INVALID_ARG;
    if (!scheme || !*scheme)
        return apicc__fail(c, APICC_ERR_INVALID_ARG,
                           "API key: no scheme name");
    struct apicc__creds *cr = creds_of(c);
    if (!cr)
        return apicc__fail(c, APICC_ERR_NOMEM, "out of memory");
    if (!key) {
        remove_key(cr, scheme);
        return APICC_OK;
    }
    if (!apicc__credential_ok(key))
        return apicc__fail(c, APICC_ERR_INVALID_ARG,
                           "API key of scheme \"%s\" is empty or not "
                           "printable ASCII",
                           scheme);
    key_entry *e = find_key(cr, scheme);
    if (e)
        return replace_secret(c, &e->key, key);
    key_entry *keys = realloc(cr->keys, (cr->nkeys + 1) * sizeof *keys);
    if (!keys)
        return apicc__fail(c, APICC_ERR_NOMEM, "out of memory");
    cr->keys = keys;
    e = &keys[cr->nkeys];
    e->scheme = strdup(scheme);
    e->key = strdup(key);
    if (!e->scheme || !e->key) {
        free(e->scheme);
        free_secret(&e->key);
        return apicc__fail(c, APICC_ERR_NOMEM, "out of memory");
    }
    cr->nkeys++;
    return APICC_OK;
}

APICC_API apicc_status apicc_client_set_hmac_secret(apicc_client *c,
                                                    const char *secret,
                                                    size_t len)
{
    if (!c)
        return APICC_ERR_INVALID_ARG;
    struct apicc__creds *cr = creds_of(c);
    if (!cr)
        return apicc__fail(c, APICC_ERR_NOMEM, "out of memory");
    apicc_sign_key *k = NULL;
    if (secret) {
        apicc_status st = apicc_sign_key_hmac(secret, len, &k);
        if (st != APICC_OK)
            return apicc__fail(c, st, "HMAC secret: %s%s", apicc_strerror(st),
                               len == 0 ? " (empty)" : "");
    }
    apicc_sign_key_free(cr->hmac);
    cr->hmac = k;
    return APICC_OK;
}

static apicc_status set_pkey(apicc_client *c, apicc_sign_key *k)
{
    struct apicc__creds *cr = creds_of(c);
    if (!cr) {
        apicc_sign_key_free(k);
        return apicc__fail(c, APICC_ERR_NOMEM, "out of memory");
    }
    apicc_sign_key_free(cr->pkey);
    cr->pkey = k;
    return APICC_OK;
}

APICC_API apicc_status apicc_client_set_private_key_pem(apicc_client *c,
                                                        const char *pem,
                                                        size_t len)
{
    if (!c)
        return APICC_ERR_INVALID_ARG;
    apicc_sign_key *k = NULL;
    if (pem) {
        apicc_status st = apicc_sign_key_pem(pem, len, &k);
        if (st != APICC_OK)
            return apicc__fail(c, st,
                               "private key: not an unencrypted Ed25519 or "
                               "RSA private key in PEM");
    }
    return set_pkey(c, k);
}

APICC_API apicc_status apicc_client_set_private_key_file(apicc_client *c,
                                                         const char *path)
{
    if (!c)
        return APICC_ERR_INVALID_ARG;
    apicc_sign_key *k = NULL;
    if (path) {
        apicc_status st = apicc_sign_key_pem_file(path, &k);
        if (st == APICC_ERR_IO)
            return apicc__fail(c, st, "cannot read private key file \"%s\"",
                               path);
        if (st != APICC_OK)
            return apicc__fail(c, st,
                               "private key file \"%s\": not an unencrypted "
                               "Ed25519 or RSA private key in PEM",
                               path);
    }
    return set_pkey(c, k);
}

/* ---- reading the store -------------------------------------------------- */

const char *apicc__api_key(const apicc_client *c, const char *scheme)
{
    const key_entry *e = scheme ? find_key(creds_peek(c), scheme) : NULL;
    return e ? e->key : NULL;
}

const apicc_sign_key *apicc__sign_key(const apicc_client *c,
                                      apicc_sign_alg alg)
{
    const struct apicc__creds *cr = creds_peek(c);
    if (!cr)
        return NULL;
    if (alg == APICC_SIGN_HMAC_SHA256 || alg == APICC_SIGN_HMAC_SHA512)
        return cr->hmac;
    return cr->pkey;
}

const char *apicc__basic_credentials(const apicc_client *c)
{
    const struct apicc__creds *cr = creds_peek(c);
    return cr ? cr->basic : NULL;
}

const char *apicc__bearer_token(const apicc_client *c)
{
    const struct apicc__creds *cr = creds_peek(c);
    return cr ? cr->bearer : NULL;
}

int apicc__has_credentials(const apicc_client *c,
                           const apicc_auth_scheme *scheme)
{
    const struct apicc__creds *cr = creds_peek(c);
    switch (scheme->kind) {
    case APICC_AUTH_BASIC:
        return cr && cr->basic;
    case APICC_AUTH_BEARER:
        return cr && cr->bearer;
    case APICC_AUTH_APIKEY:
        return apicc__api_key(c, scheme->name) != NULL;
    case APICC_AUTH_SESSION_COOKIE:
        return 1;
    case APICC_AUTH_SIGNATURE:
        if (!scheme->sign || !apicc__sign_key(c, scheme->sign->algorithm))
            return 0;
        return scheme->sign->key_in == APICC_IN_NONE ||
               apicc__api_key(c, scheme->name) != NULL;
    }
    return 0;
}

/* ---- choosing, updating and forgetting ---------------------------------- */

static int is_hmac(const apicc_auth_scheme *s)
{
    return s->sign && (s->sign->algorithm == APICC_SIGN_HMAC_SHA256 ||
                       s->sign->algorithm == APICC_SIGN_HMAC_SHA512);
}

/* Remembers a scheme by value; best effort (a failure only means it cannot
 * be cleared by name later). */
static void remember(apicc_client *c, const apicc_auth_scheme *s)
{
    struct apicc__creds *cr = creds_of(c);
    if (!cr || !s->name)
        return;
    for (size_t i = 0; i < cr->nseen; i++)
        if (strcmp(cr->seen[i].name, s->name) == 0)
            return;
    seen_scheme *seen = realloc(cr->seen, (cr->nseen + 1) * sizeof *seen);
    if (!seen)
        return;
    cr->seen = seen;
    seen_scheme *e = &seen[cr->nseen];
    e->name = strdup(s->name);
    e->kind = s->kind;
    e->cookie = s->param_name && s->kind == APICC_AUTH_SESSION_COOKIE
                    ? strdup(s->param_name)
                    : NULL;
    e->signs_with_hmac = is_hmac(s);
    if (!e->name) {
        free(e->cookie);
        return;
    }
    cr->nseen++;
}

apicc_status apicc__choose_scheme(apicc_client *c, const apicc_endpoint *ep,
                                  const apicc_auth_scheme **out)
{
    *out = NULL;
    if (ep->nauth == 0 || !ep->auth)
        return APICC_OK;
    for (size_t i = 0; i < ep->nauth; i++)
        if (ep->auth[i])
            remember(c, ep->auth[i]);
    for (size_t i = 0; i < ep->nauth; i++)
        if (ep->auth[i] && apicc__has_credentials(c, ep->auth[i])) {
            *out = ep->auth[i];
            return APICC_OK;
        }
    char names[256] = "";
    size_t used = 0;
    for (size_t i = 0; i < ep->nauth && used < sizeof names; i++) {
        const char *n = ep->auth[i] && ep->auth[i]->name ? ep->auth[i]->name
                                                         : "?";
        int w = snprintf(names + used, sizeof names - used, "%s\"%s\"",
                         i ? ", " : "", n);
        if (w < 0)
            break;
        used += (size_t)w;
    }
    return apicc__fail(c, APICC_ERR_NO_CREDENTIALS,
                       "%s: no credentials set for %s", ep->name, names);
}

/* Forgets what one scheme uses: by kind for Basic, Bearer and session
 * cookies, by name for API keys; a signature scheme also drops the key it
 * signs with. */
static void forget(apicc_client *c, const char *name, apicc_auth_kind kind,
                   const char *cookie, int hmac)
{
    struct apicc__creds *cr = creds_of(c);
    if (!cr)
        return;
    switch (kind) {
    case APICC_AUTH_BASIC:
        free_secret(&cr->basic);
        break;
    case APICC_AUTH_BEARER:
        free_secret(&cr->bearer);
        break;
    case APICC_AUTH_APIKEY:
        remove_key(cr, name);
        break;
    case APICC_AUTH_SESSION_COOKIE:
        apicc__forget_cookies(c, cookie);
        break;
    case APICC_AUTH_SIGNATURE:
        remove_key(cr, name);
        apicc_sign_key_free(hmac ? cr->hmac : cr->pkey);
        if (hmac)
            cr->hmac = NULL;
        else
            cr->pkey = NULL;
        break;
    }
}

APICC_API void apicc_client_clear_credentials(apicc_client *c,
                                              const char *scheme)
{
    if (!c)
        return;
    struct apicc__creds *cr = creds_of(c);
    if (!scheme) {
        if (cr)
            clear_all(cr);
        apicc__forget_cookies(c, NULL);
        return;
    }
    if (!cr)
        return;
    remove_key(cr, scheme);
    for (size_t i = 0; i < cr->nseen; i++)
        if (strcmp(cr->seen[i].name, scheme) == 0)
            forget(c, scheme, cr->seen[i].kind, cr->seen[i].cookie,
                   cr->seen[i].signs_with_hmac);
}

/* Sets one credential from a response field. */
static apicc_status apply_set(apicc_client *c, const apicc_endpoint *ep,
                              const apicc_credential_update *u,
                              const cJSON *response)
{
    const apicc_auth_scheme *s = u->scheme;
    if (!cJSON_IsObject(response))
        return apicc__fail(c, APICC_ERR_RESPONSE,
                           "%s: expected a JSON object in the response, got "
                           "%s",
                           ep->name, apicc__json_kind(response));
    const cJSON *v = apicc__json_at(response, u->from);
    /* "abc\u0000def" would otherwise be taken as "abc" */
    int cut = cJSON_IsString(v) && apicc__json_string_has_nul(v);
    if (!cut && (!cJSON_IsString(v) || !v->valuestring || !*v->valuestring))
        return apicc__fail(c, APICC_ERR_RESPONSE,
                           "%s: the response has no string \"%s\" for "
                           "scheme \"%s\"",
                           ep->name, u->from ? u->from : "",
                           s->name ? s->name : "?");
    apicc_status st;
    if (cut)
        st = APICC_ERR_INVALID_ARG;
    else if (s->kind == APICC_AUTH_BEARER)
        st = apicc_client_set_bearer(c, v->valuestring);
    else if (s->kind == APICC_AUTH_APIKEY || s->kind == APICC_AUTH_SIGNATURE)
        st = apicc_client_set_api_key(c, s->name, v->valuestring);
    else
        return apicc__fail(c, APICC_ERR_INVALID_ARG,
                           "%s: scheme \"%s\" cannot be set from a response",
                           ep->name, s->name ? s->name : "?");
    if (st == APICC_ERR_INVALID_ARG) /* cut short, CR or LF, not ASCII */
        return apicc__fail(c, APICC_ERR_RESPONSE,
                           "%s: \"%s\" in the response is not a usable "
                           "credential",
                           ep->name, u->from);
    if (st == APICC_OK)
        remember(c, s);
    return st;
}

apicc_status apicc__apply_credential_updates(apicc_client *c,
                                             const apicc_endpoint *ep,
                                             const cJSON *response)
{
    for (size_t i = 0; i < ep->nsets && ep->sets; i++) {
        if (!ep->sets[i].scheme)
            continue;
        apicc_status st = apply_set(c, ep, &ep->sets[i], response);
        if (st != APICC_OK)
            return st;
    }
    for (size_t i = 0; i < ep->nclears && ep->clears; i++) {
        const apicc_auth_scheme *s = ep->clears[i];
        if (s)
            forget(c, s->name, s->kind, s->param_name, is_hmac(s));
    }
    return APICC_OK;
}
