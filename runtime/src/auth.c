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
#include "sign_internal.h"

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

/* What one signature scheme holds of its own. */
typedef struct scheme_entry {
    char *scheme;
    unsigned char *secret; /* decoded; NULL when unset */
    size_t secret_len;
    apicc_sign_key *key;   /* from the secret (HMAC) or a PEM file */
    char *passphrase;
} scheme_entry;

struct apicc__creds {
    char *basic;  /* base64("user:password"), ready for the header */
    unsigned char *hmac_raw; /* the client-wide HMAC secret's bytes, for
                                rules that use the secret itself */
    size_t hmac_raw_len;
    scheme_entry *schemes;
    size_t nschemes;
    int64_t last_nonce;
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

static void free_bytes(unsigned char **p, size_t *len)
{
    if (*p) {
        apicc_wipe(*p, *len);
        free(*p);
    }
    *p = NULL;
    *len = 0;
}

static void scheme_entry_clear(scheme_entry *e)
{
    free(e->scheme);
    e->scheme = NULL;
    free_bytes(&e->secret, &e->secret_len);
    apicc_sign_key_free(e->key);
    e->key = NULL;
    free_secret(&e->passphrase);
}

static void clear_all(struct apicc__creds *cr)
{
    free_bytes(&cr->hmac_raw, &cr->hmac_raw_len);
    for (size_t i = 0; i < cr->nschemes; i++)
        scheme_entry_clear(&cr->schemes[i]);
    free(cr->schemes);
    cr->schemes = NULL;
    cr->nschemes = 0;
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
    unsigned char *raw = NULL;
    if (secret) {
        apicc_status st = apicc_sign_key_hmac(secret, len, &k);
        if (st != APICC_OK)
            return apicc__fail(c, st, "HMAC secret: %s%s", apicc_strerror(st),
                               len == 0 ? " (empty)" : "");
        if (!(raw = malloc(len))) {
            apicc_sign_key_free(k);
            return apicc__fail(c, APICC_ERR_NOMEM, "out of memory");
        }
        memcpy(raw, secret, len);
    }
    apicc_sign_key_free(cr->hmac);
    cr->hmac = k;
    free_bytes(&cr->hmac_raw, &cr->hmac_raw_len);
    cr->hmac_raw = raw;
    cr->hmac_raw_len = raw ? len : 0;
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

/* ---- one signature scheme's own credentials ---------------------------- */

static scheme_entry *find_scheme(const struct apicc__creds *cr,
                                 const char *scheme)
{
    for (size_t i = 0; cr && scheme && i < cr->nschemes; i++)
        if (strcmp(cr->schemes[i].scheme, scheme) == 0)
            return &cr->schemes[i];
    return NULL;
}

/* The entry of `scheme`, made when missing; NULL when out of memory. */
static scheme_entry *scheme_slot(apicc_client *c, const char *scheme)
{
    struct apicc__creds *cr = creds_of(c);
    if (!cr)
        return NULL;
    scheme_entry *e = find_scheme(cr, scheme);
    if (e)
        return e;
    scheme_entry *list =
        realloc(cr->schemes, (cr->nschemes + 1) * sizeof *list);
    if (!list)
        return NULL;
    cr->schemes = list;
    e = &list[cr->nschemes];
    *e = (scheme_entry){0};
    if (!(e->scheme = strdup(scheme)))
        return NULL;
    cr->nschemes++;
    return e;
}

static int is_hmac_alg(apicc_sign_alg a)
{
    return a == APICC_SIGN_HMAC_SHA256 || a == APICC_SIGN_HMAC_SHA384 ||
           a == APICC_SIGN_HMAC_SHA512;
}

APICC_API apicc_status apicc_client_set_scheme_secret(
    apicc_client *c, const apicc_auth_scheme *scheme, const char *secret)
{
    if (!c)
        return APICC_ERR_INVALID_ARG;
    if (!scheme || !scheme->name || !scheme->sign)
        return apicc__fail(c, APICC_ERR_INVALID_ARG,
                           "secret: not a signature scheme");
    scheme_entry *e = scheme_slot(c, scheme->name);
    if (!e)
        return apicc__fail(c, APICC_ERR_NOMEM, "out of memory");
    free_bytes(&e->secret, &e->secret_len);
    if (is_hmac_alg(scheme->sign->algorithm)) {
        apicc_sign_key_free(e->key);
        e->key = NULL;
    }
    if (!secret)
        return APICC_OK;
    apicc__buf b = {0};
    int ok = apicc__decode_secret(scheme->sign->secret_encoding, secret, &b);
    apicc_status st = APICC_OK;
    if (!ok)
        st = apicc__fail(c, APICC_ERR_INVALID_ARG,
                         "secret of scheme \"%s\" is empty or not in the "
                         "encoding the scheme says",
                         scheme->name);
    else if (b.failed || !(e->secret = malloc(b.len)))
        st = apicc__fail(c, APICC_ERR_NOMEM, "out of memory");
    if (st == APICC_OK) {
        memcpy(e->secret, b.data, b.len);
        e->secret_len = b.len;
        if (is_hmac_alg(scheme->sign->algorithm) &&
            apicc_sign_key_hmac(e->secret, e->secret_len, &e->key) !=
                APICC_OK)
            st = apicc__fail(c, APICC_ERR_NOMEM, "out of memory");
    }
    apicc__buf_free(&b);
    return st;
}

APICC_API apicc_status apicc_client_set_scheme_private_key_file(
    apicc_client *c, const apicc_auth_scheme *scheme, const char *path)
{
    if (!c)
        return APICC_ERR_INVALID_ARG;
    if (!scheme || !scheme->name)
        return apicc__fail(c, APICC_ERR_INVALID_ARG,
                           "private key: no scheme");
    apicc_sign_key *k = NULL;
    if (path) {
        apicc_status st = apicc_sign_key_pem_file(path, &k);
        if (st == APICC_ERR_IO)
            return apicc__fail(c, st, "cannot read private key file \"%s\"",
                               path);
        if (st != APICC_OK)
            return apicc__fail(c, st,
                               "private key file \"%s\": not an unencrypted "
                               "Ed25519, RSA or P-256 private key in PEM",
                               path);
    }
    scheme_entry *e = scheme_slot(c, scheme->name);
    if (!e) {
        apicc_sign_key_free(k);
        return apicc__fail(c, APICC_ERR_NOMEM, "out of memory");
    }
    apicc_sign_key_free(e->key);
    e->key = k;
    return APICC_OK;
}

APICC_API apicc_status apicc_client_set_passphrase(apicc_client *c,
                                                   const char *scheme,
                                                   const char *passphrase)
{
    if (!c)
        return APICC_ERR_INVALID_ARG;
    if (!scheme)
        return apicc__fail(c, APICC_ERR_INVALID_ARG,
                           "passphrase: no scheme name");
    if (passphrase && !apicc__credential_ok(passphrase))
        return apicc__fail(c, APICC_ERR_INVALID_ARG,
                           "passphrase of scheme \"%s\" is empty or not "
                           "printable ASCII",
                           scheme);
    scheme_entry *e = scheme_slot(c, scheme);
    if (!e)
        return apicc__fail(c, APICC_ERR_NOMEM, "out of memory");
    return replace_secret(c, &e->passphrase, passphrase);
}

const apicc_sign_key *apicc__scheme_sign_key(const apicc_client *c,
                                             const apicc_auth_scheme *s)
{
    const scheme_entry *e = find_scheme(creds_peek(c), s->name);
    if (e && e->key)
        return e->key;
    return s->sign ? apicc__sign_key(c, s->sign->algorithm) : NULL;
}

const unsigned char *apicc__scheme_secret(const apicc_client *c,
                                          const apicc_auth_scheme *s,
                                          size_t *len)
{
    const struct apicc__creds *cr = creds_peek(c);
    const scheme_entry *e = find_scheme(cr, s->name);
    if (e && e->secret) {
        *len = e->secret_len;
        return e->secret;
    }
    *len = cr ? cr->hmac_raw_len : 0;
    return cr ? cr->hmac_raw : NULL;
}

const char *apicc__passphrase(const apicc_client *c, const char *scheme)
{
    const scheme_entry *e = find_scheme(creds_peek(c), scheme);
    return e ? e->passphrase : NULL;
}

int64_t apicc__next_nonce(apicc_client *c, int64_t base)
{
    struct apicc__creds *cr = creds_of(c);
    if (!cr)
        return base;
    if (base <= cr->last_nonce)
        base = cr->last_nonce + 1;
    cr->last_nonce = base;
    return base;
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
    if (is_hmac_alg(alg))
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

/* Whether a signature scheme has what its rule needs. */
static int signature_ready(const apicc_client *c, const apicc_auth_scheme *s)
{
    const apicc_sign_rule *r = s->sign;
    if (!r)
        return 0;
    if (!r->outputs)
        return apicc__scheme_sign_key(c, s) &&
               (r->key_in == APICC_IN_NONE ||
                apicc__api_key(c, s->name) != NULL);
    size_t len = 0;
    if ((r->needs & APICC_NEEDS_API_KEY) && !apicc__api_key(c, s->name))
        return 0;
    if ((r->needs & (APICC_NEEDS_SECRET | APICC_NEEDS_PRIVATE_KEY)) &&
        !apicc__scheme_sign_key(c, s))
        return 0;
    if ((r->needs & APICC_NEEDS_SECRET) && !apicc__scheme_secret(c, s, &len))
        return 0;
    if ((r->needs & APICC_NEEDS_PASSPHRASE) && !apicc__passphrase(c, s->name))
        return 0;
    return 1;
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
        return signature_ready(c, scheme);
    }
    return 0;
}

/* ---- choosing, updating and forgetting ---------------------------------- */

static int is_hmac(const apicc_auth_scheme *s)
{
    return s->sign && is_hmac_alg(s->sign->algorithm);
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

/* The length of the alternative starting at ep->auth[i]: the schemes
 * joined to it (ep->auth_joined) apply together. */
static size_t group_len(const apicc_endpoint *ep, size_t i)
{
    size_t n = 1;
    while (ep->auth_joined && i + n < ep->nauth && ep->auth_joined[i + n])
        n++;
    return n;
}

static int group_ready(apicc_client *c, const apicc_endpoint *ep, size_t i,
                       size_t n)
{
    for (size_t k = i; k < i + n; k++)
        if (!ep->auth[k] || !apicc__has_credentials(c, ep->auth[k]))
            return 0;
    return 1;
}

apicc_status apicc__choose_schemes(apicc_client *c, const apicc_endpoint *ep,
                                   size_t *first, size_t *count)
{
    *first = *count = 0;
    if (ep->nauth == 0 || !ep->auth)
        return APICC_OK;
    for (size_t i = 0; i < ep->nauth; i++)
        if (ep->auth[i])
            remember(c, ep->auth[i]);
    for (size_t i = 0; i < ep->nauth; i += group_len(ep, i))
        if (group_ready(c, ep, i, group_len(ep, i))) {
            *first = i;
            *count = group_len(ep, i);
            return APICC_OK;
        }
    /* "a", "b" + "c": the alternatives, none satisfied */
    char names[256] = "";
    size_t used = 0;
    for (size_t i = 0; i < ep->nauth && used < sizeof names; i++) {
        const char *n = ep->auth[i] && ep->auth[i]->name ? ep->auth[i]->name
                                                         : "?";
        int joined = i && ep->auth_joined && ep->auth_joined[i];
        int w = snprintf(names + used, sizeof names - used, "%s\"%s\"",
                         !i ? "" : joined ? " + " : ", ", n);
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
        for (size_t i = 0; i < cr->nschemes; i++)
            if (strcmp(cr->schemes[i].scheme, name) == 0) {
                scheme_entry_clear(&cr->schemes[i]);
                cr->schemes[i] = cr->schemes[--cr->nschemes];
                break;
            }
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
