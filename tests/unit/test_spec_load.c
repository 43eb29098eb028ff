/*
 * The spec loader and validator on good input: the four provider specs
 * and the golden fixtures load and validate without a diagnostic, and
 * the model holds what the files say (servers, auth schemes and signing
 * rules, models with hoisted inline objects and enums, params, bodies,
 * error shape, credentials set and cleared), with positions.  Small
 * inline specs cover the defaults, nested hoisting and the YAML tree.
 * Run from the repository root.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/diag.h"
#include "harness.h"
#include "load/spec.h"
#include "load/spec_load_internal.h"
#include "load/yaml_tree.h"

/* ---- helpers ----------------------------------------------------------- */

/* Prints every diagnostic as a failure of the current case. */
static void fail_diags(diag *d)
{
    for (size_t i = 0; i < d->count; i++) {
        char *s = diag_format(d, i);
        FAIL("unexpected diagnostic: %s", s ? s : "?");
        free(s);
    }
}

/* Loads and validates a file that must be clean; NULL (after failing the
 * case) otherwise. */
static spec *load_clean(const char *path)
{
    diag d;
    diag_init(&d);
    spec *s = spec_load(path, &d);
    if (s && spec_validate(s, &d) != 0) {
        spec_free(s);
        s = NULL;
    }
    if (!s)
        FAIL("%s does not load and validate cleanly", path);
    fail_diags(&d);
    diag_free(&d);
    return s;
}

static spec *load_text(const char *text)
{
    diag d;
    diag_init(&d);
    spec *s = spec_load_buffer("inline.yaml", text, strlen(text), &d);
    if (s && spec_validate(s, &d) != 0) {
        spec_free(s);
        s = NULL;
    }
    if (!s)
        FAIL("inline spec does not load and validate cleanly");
    fail_diags(&d);
    diag_free(&d);
    return s;
}

/* Where `needle` starts in file `path` (first occurrence), 1-based, plus
 * `skip` columns: how tests say "the value after 'name: '" without
 * hard-coding line numbers of files that others edit. */
static spec_pos pos_in(const char *path, const char *needle, int skip)
{
    spec_pos p = {0, 0};
    FILE *f = fopen(path, "rb");
    if (!f)
        return p;
    char line[1024];
    int n = 0;
    while (fgets(line, sizeof line, f)) {
        n++;
        char *hit = strstr(line, needle);
        if (hit) {
            p.line = n;
            p.col = (int)(hit - line) + 1 + skip;
            break;
        }
    }
    fclose(f);
    return p;
}

#define CHECK_POS(got, want)                                                   \
    do {                                                                       \
        spec_pos g__ = (got), w__ = (want);                                    \
        if (g__.line != w__.line || g__.col != w__.col)                        \
            FAIL("%s = %d:%d, want %d:%d", #got, g__.line, g__.col,            \
                 w__.line, w__.col);                                           \
    } while (0)

static const spec_model *model(const spec *s, const char *name)
{
    const spec_model *m = spec_find_model(s, name);
    if (!m)
        FAIL("no model %s", name);
    return m;
}

static const spec_property *prop(const spec_model *m, const char *name)
{
    for (size_t i = 0; m && i < m->nprops; i++)
        if (strcmp(m->props[i].json_name, name) == 0)
            return &m->props[i];
    FAIL("no property %s", name);
    return NULL;
}

static const spec_endpoint *endpoint(const spec *s, const char *name)
{
    for (size_t i = 0; i < s->nendpoints; i++)
        if (strcmp(s->endpoints[i].name, name) == 0)
            return &s->endpoints[i];
    FAIL("no endpoint %s", name);
    return NULL;
}

static const spec_param *param(const spec_endpoint *e, const char *name)
{
    for (size_t i = 0; e && i < e->nparams; i++)
        if (strcmp(e->params[i].name, name) == 0)
            return &e->params[i];
    FAIL("no param %s", name);
    return NULL;
}

/* ---- quatrix: basic, API key, hoisted enum, success, credentials ----- */

#define QUATRIX "specs/quatrix.yaml"

TEST(quatrix_top)
{
    spec *s = load_clean(QUATRIX);
    if (!s)
        return;
    CHECK_STR(s->path, QUATRIX);
    CHECK_INT(s->version, 1);
    CHECK_STR(s->provider, "quatrix");
    CHECK_POS(s->provider_pos, pos_in(QUATRIX, "provider: quatrix", 10));
    CHECK_STR(s->title, "Quatrix API");
    CHECK_STR(s->api_version, "1.0");
    CHECK(s->description && strncmp(s->description, "Session endpoints", 17) == 0);
    CHECK(s->description && s->description[strlen(s->description) - 1] == '\n');
    CHECK_INT(s->transport, SPEC_TRANSPORT_HTTP);
    CHECK_INT(s->nservers, 2);
    if (s->nservers == 2) {
        CHECK_STR(s->servers[0].name, "production");
        CHECK_STR(s->servers[0].url, "https://api.quatrix.it/api/1.0");
        CHECK_INT(s->servers[0].is_default, 1);
        CHECK(s->servers[0].description == NULL);
        CHECK_POS(s->servers[0].pos, pos_in(QUATRIX, "name: production", 6));
        CHECK_POS(s->servers[0].url_pos,
                  pos_in(QUATRIX, "url: https://api.quatrix", 5));
        CHECK_STR(s->servers[1].name, "local");
        CHECK_STR(s->servers[1].url, "http://127.0.0.1:8080/api/1.0");
        CHECK_STR(s->servers[1].description, "a local test server");
        CHECK_INT(s->servers[1].is_default, 0);
    }
    CHECK_INT(s->ndefault_auth, 1);
    if (s->ndefault_auth == 1) {
        CHECK_STR(s->default_auth[0], "api_key");
        CHECK_POS(s->default_auth_pos[0],
                  pos_in(QUATRIX, "default_auth: [api_key]", 15));
    }
    CHECK_STR(s->errors.model, "ErrorModel");
    CHECK_STR(s->errors.code, "code");
    CHECK_STR(s->errors.message, "msg");
    CHECK(s->errors.resolved == spec_find_model(s, "ErrorModel"));
    CHECK_POS(s->errors.model_pos, pos_in(QUATRIX, "model: ErrorModel", 7));
    spec_free(s);
}

TEST(quatrix_auth)
{
    spec *s = load_clean(QUATRIX);
    if (!s)
        return;
    CHECK_INT(s->nauths, 2);
    const spec_auth *basic = spec_find_auth(s, "basicAuth");
    const spec_auth *key = spec_find_auth(s, "api_key");
    CHECK(basic && basic == &s->auths[0]);
    CHECK(key && key == &s->auths[1]);
    CHECK(spec_find_auth(s, "nope") == NULL);
    if (basic) {
        CHECK_INT(basic->kind, SPEC_AUTH_BASIC);
        CHECK_STR(basic->description, "The user's email and password.");
        CHECK_POS(basic->pos, pos_in(QUATRIX, "basicAuth:", 0));
    }
    if (key) {
        CHECK_INT(key->kind, SPEC_AUTH_APIKEY);
        CHECK_INT(key->in, SPEC_IN_HEADER);
        CHECK_STR(key->param_name, "X-Auth-Token");
        CHECK(key->prefix == NULL);
    }
    spec_free(s);
}

TEST(quatrix_models)
{
    spec *s = load_clean(QUATRIX);
    if (!s)
        return;
    static const char *const order[] = {
        "SessionLoginResp",   "SessionLoginPostResp",
        "SessionLoginPostResp_auth_type", "UnblockCaptchaReq",
        "SessionUnblockCaptchaResp", "ErrorModel"};
    CHECK_INT(s->nmodels, 6);
    for (size_t i = 0; i < 6 && i < s->nmodels; i++)
        CHECK_STR(s->models[i].name, order[i]);
    const spec_model *post = model(s, "SessionLoginPostResp");
    const spec_model *hoisted = model(s, "SessionLoginPostResp_auth_type");
    if (post && hoisted) {
        CHECK_INT(post->kind, SPEC_MODEL_OBJECT);
        CHECK_INT(post->synthetic, 0);
        CHECK_STR(post->description,
                  "The second factor of a login that answered 207.");
        const spec_property *at = prop(post, "auth_type");
        if (at) {
            CHECK_INT(at->type->kind, SPEC_KIND_REF);
            CHECK_STR(at->type->ref, "SessionLoginPostResp_auth_type");
            CHECK(at->type->model == hoisted);
            CHECK_INT(at->required, 1);
            CHECK_STR(at->description, "Kind of second factor");
            CHECK_POS(at->pos, pos_in(QUATRIX, "auth_type:", 0));
        }
        CHECK_INT(hoisted->kind, SPEC_MODEL_ENUM);
        CHECK_INT(hoisted->synthetic, 1);
        CHECK_POS(hoisted->pos, pos_in(QUATRIX, "auth_type:", 0));
        CHECK_INT(hoisted->nvalues, 2);
        if (hoisted->nvalues == 2) {
            CHECK_STR(hoisted->values[0].value, "2FA");
            CHECK_STR(hoisted->values[1].value, "PIN");
            CHECK(hoisted->values[0].c_name == NULL);
            CHECK_POS(hoisted->values[1].pos, pos_in(QUATRIX, "\"PIN\"", 0));
        }
    }
    const spec_model *resp = model(s, "SessionLoginResp");
    const spec_property *sid = resp ? prop(resp, "session_id") : NULL;
    if (sid) {
        CHECK_INT(sid->type->kind, SPEC_KIND_STRING);
        CHECK_STR(sid->type->format, "uuid");
        CHECK_INT(sid->required, 0);
        CHECK_INT(sid->nullable, 0);
        CHECK(sid->c_name == NULL);
        CHECK_POS(sid->type->pos, pos_in(QUATRIX, "type: string", 6));
    }
    const spec_model *err = model(s, "ErrorModel");
    if (err) {
        const spec_property *code = prop(err, "code");
        const spec_property *details = prop(err, "details");
        if (code) {
            CHECK_INT(code->type->kind, SPEC_KIND_INTEGER);
            CHECK_STR(code->type->format, "int32");
            CHECK_INT(code->required, 1);
        }
        if (details)
            CHECK_INT(details->type->kind, SPEC_KIND_ANY);
    }
    spec_free(s);
}

TEST(quatrix_endpoints)
{
    spec *s = load_clean(QUATRIX);
    if (!s)
        return;
    CHECK_INT(s->nendpoints, 5);
    const spec_endpoint *get = endpoint(s, "session_login_get");
    if (get) {
        CHECK(get == &s->endpoints[0]);
        CHECK_POS(get->pos, pos_in(QUATRIX, "name: session_login_get", 6));
        CHECK_STR(get->summary, "Log in and get session ID details");
        CHECK(get->description && strstr(get->description, "X-Auth-Token"));
        CHECK_STR(get->method, "GET");
        CHECK_STR(get->path, "/session/login");
        CHECK_INT(get->nparams, 0);
        CHECK(get->body == NULL && get->body_model == NULL);
        CHECK_STR(get->response, "SessionLoginResp");
        CHECK(get->response_model == spec_find_model(s, "SessionLoginResp"));
        CHECK(get->error == NULL && get->error_model == NULL);
        CHECK_INT(get->auth_set, 1);
        CHECK_INT(get->nauth, 1);
        if (get->nauth == 1)
            CHECK_STR(get->auth[0], "basicAuth");
        CHECK_INT(get->nsuccess, 2);
        if (get->nsuccess == 2) {
            CHECK_INT(get->success[0], 200);
            CHECK_INT(get->success[1], 207);
        }
        CHECK_INT(get->nsets, 1);
        if (get->nsets == 1) {
            CHECK_STR(get->sets[0].scheme, "api_key");
            CHECK_STR(get->sets[0].from, "session_id");
            CHECK(get->sets[0].auth == spec_find_auth(s, "api_key"));
        }
        CHECK_INT(get->nclears, 0);
        CHECK_INT(get->deprecated, 0);
    }
    const spec_endpoint *post = endpoint(s, "session_login_post");
    if (post) {
        CHECK_STR(post->method, "POST");
        CHECK_STR(post->body, "SessionLoginPostResp");
        CHECK(post->body_model == spec_find_model(s, "SessionLoginPostResp"));
        CHECK_INT(post->body_required, 1);
        CHECK_INT(post->auth_set, 0);
        CHECK(post->success == NULL);
    }
    const spec_endpoint *keep = endpoint(s, "session_keepalive_get");
    if (keep)
        CHECK(keep->response == NULL && keep->response_model == NULL);
    const spec_endpoint *out = endpoint(s, "session_logout_get");
    if (out) {
        CHECK_INT(out->nclears, 1);
        if (out->nclears == 1)
            CHECK_STR(out->clears[0], "api_key");
    }
    const spec_endpoint *cap = endpoint(s, "session_unblock_captcha_post");
    if (cap) {
        CHECK_STR(cap->path, "/session/unblock-captcha");
        CHECK_STR(cap->error, "SessionUnblockCaptchaResp");
        CHECK(cap->error_model ==
              spec_find_model(s, "SessionUnblockCaptchaResp"));
    }
    spec_free(s);
}

/* ---- binance: WebSocket, signatures, hoisted enums, arrays ------------ */

#define BINANCE "specs/binance_spot.yaml"

TEST(binance)
{
    spec *s = load_clean(BINANCE);
    if (!s)
        return;
    CHECK_STR(s->provider, "binance_spot");
    CHECK_STR(s->api_version, "v3");
    CHECK_INT(s->transport, SPEC_TRANSPORT_WEBSOCKET);
    CHECK_INT(s->nservers, 3);
    if (s->nservers == 3) {
        CHECK_STR(s->servers[0].url, "wss://ws-api.binance.com:443/ws-api/v3");
        CHECK_INT(s->servers[0].is_default, 1);
        CHECK_STR(s->servers[1].name, "testnet");
        CHECK_INT(s->servers[1].is_default, 0);
        CHECK_STR(s->servers[2].url, "ws://127.0.0.1:8090/ws-api/v3");
    }
    CHECK_INT(s->ndefault_auth, 0);
    const spec_auth *ed = spec_find_auth(s, "ed25519");
    const spec_auth *mac = spec_find_auth(s, "hmac");
    if (ed) {
        CHECK_INT(ed->kind, SPEC_AUTH_SIGNATURE);
        CHECK_INT(ed->sig.algorithm, SPEC_SIGN_ED25519);
        CHECK_INT(ed->sig.encoding, SPEC_ENC_BASE64);
        CHECK_INT(ed->sig.nparts, 1);
        if (ed->sig.nparts == 1)
            CHECK_INT(ed->sig.parts[0].kind, SPEC_PART_SORTED_PARAMS);
        CHECK_INT(ed->sig.percent_encode, 0);
        CHECK_INT(ed->sig.key.in, SPEC_IN_PARAM);
        CHECK_STR(ed->sig.key.name, "apiKey");
        CHECK_INT(ed->sig.signature.in, SPEC_IN_PARAM);
        CHECK_STR(ed->sig.signature.name, "signature");
        CHECK_INT(ed->sig.timestamp.in, SPEC_IN_PARAM);
        CHECK_STR(ed->sig.timestamp.name, "timestamp");
        CHECK_INT(ed->sig.timestamp_seconds, 0);
        CHECK_STR(ed->description, "An Ed25519 API key; the private key signs.");
    } else {
        FAIL("no ed25519 scheme");
    }
    if (mac) {
        CHECK_INT(mac->sig.algorithm, SPEC_SIGN_HMAC_SHA256);
        CHECK_INT(mac->sig.encoding, SPEC_ENC_HEX);
    } else {
        FAIL("no hmac scheme");
    }
    CHECK_STR(s->errors.code, "error.code");
    CHECK_STR(s->errors.message, "error.msg");
    static const char *const order[] = {
        "SessionResult", "RateLimit", "RateLimit_rateLimitType",
        "RateLimit_interval", "ErrorDetail", "ErrorResponse"};
    /* then the User Data Stream's models */
    CHECK_INT(s->nmodels, 10);
    for (size_t i = 0; i < 6 && i < s->nmodels; i++)
        CHECK_STR(s->models[i].name, order[i]);
    const spec_model *iv = model(s, "RateLimit_interval");
    if (iv) {
        CHECK_INT(iv->synthetic, 1);
        CHECK_INT(iv->nvalues, 4);
        if (iv->nvalues == 4)
            CHECK_STR(iv->values[3].value, "DAY");
    }
    const spec_model *sr = model(s, "SessionResult");
    const spec_property *since = sr ? prop(sr, "authorizedSince") : NULL;
    if (since) {
        CHECK_INT(since->type->kind, SPEC_KIND_INTEGER);
        CHECK_INT(since->nullable, 1);
        CHECK_INT(since->required, 0);
    }
    const spec_model *er = model(s, "ErrorResponse");
    if (er) {
        const spec_property *rl = prop(er, "rateLimits");
        const spec_property *e = prop(er, "error");
        if (rl) {
            CHECK_INT(rl->type->kind, SPEC_KIND_ARRAY);
            CHECK(rl->type->items && rl->type->items->kind == SPEC_KIND_REF);
            CHECK(rl->type->items &&
                  rl->type->items->model == spec_find_model(s, "RateLimit"));
        }
        if (e)
            CHECK(e->type->model == spec_find_model(s, "ErrorDetail"));
    }
    CHECK_INT(s->nendpoints, 5);
    const spec_endpoint *sub = endpoint(s, "user_data_stream_subscribe");
    if (sub && sub->subscribe) {
        CHECK_STR(sub->subscribe->id, "subscriptionId");
        CHECK_STR(sub->subscribe->unsubscribe, "user_data_stream_unsubscribe");
        CHECK(sub->subscribe->unsubscribe_resolved ==
              endpoint(s, "user_data_stream_unsubscribe"));
        CHECK_INT(sub->subscribe->nevents, 1);
        CHECK(s->nevents == 2 && s->events[0].subscription == sub &&
              s->events[1].subscription == NULL);
    } else {
        FAIL("user_data_stream_subscribe has no subscribe");
    }
    const spec_endpoint *logon = endpoint(s, "session_logon");
    if (logon) {
        CHECK_STR(logon->method, "session.logon");
        CHECK_POS(logon->method_pos,
                  pos_in(BINANCE, "method: session.logon", 8));
        CHECK(logon->path == NULL);
        CHECK_INT(logon->nauth, 3);
        if (logon->nauth == 3) {
            CHECK_STR(logon->auth[0], "ed25519");
            CHECK_STR(logon->auth[1], "rsa");
            CHECK_STR(logon->auth[2], "hmac");
            CHECK_POS(logon->auth_pos[2],
                      pos_in(BINANCE, "auth: [ed25519, rsa, hmac]", 21));
        }
        const spec_param *rw = param(logon, "recvWindow");
        if (rw) {
            CHECK_INT(rw->in, SPEC_IN_PARAM);
            CHECK_INT(rw->type->kind, SPEC_KIND_NUMBER);
            CHECK_INT(rw->required, 0);
            CHECK(rw->description && strncmp(rw->description, "The value", 9) == 0);
        }
    }
    const spec_endpoint *st = endpoint(s, "session_status");
    if (st) {
        CHECK_INT(st->auth_set, 1);
        CHECK_INT(st->nauth, 0);
    }
    spec_free(s);
}

/* ---- ibkr: session cookie, maps, many upper-case keys ---------------- */

TEST(ibkr)
{
    spec *s = load_clean("specs/ibkr.yaml");
    if (!s)
        return;
    CHECK_STR(s->provider, "ibkr");
    CHECK_INT(s->nservers, 1);
    CHECK_INT(s->nauths, 1);
    if (s->nauths == 1) {
        CHECK_STR(s->auths[0].name, "session");
        CHECK_INT(s->auths[0].kind, SPEC_AUTH_SESSION_COOKIE);
        CHECK(s->auths[0].param_name == NULL);
    }
    CHECK_INT(s->ndefault_auth, 1);
    CHECK_STR(s->errors.model, "SystemError");
    CHECK_STR(s->errors.code, "statusCode");
    CHECK_STR(s->errors.message, "error");
    const spec_model *sso = model(s, "SsoValidateResponse");
    if (sso) {
        CHECK_INT(sso->nprops, 18);
        const spec_property *f = prop(sso, "features");
        if (f) {
            CHECK_INT(f->type->kind, SPEC_KIND_MAP);
            CHECK(f->type->items && f->type->items->kind == SPEC_KIND_ANY);
        }
        const spec_property *q = prop(sso, "QUALIFIED_FOR_MOBILE_AUTH");
        if (q)
            CHECK_INT(q->nullable, 1);
    }
    const spec_model *as = model(s, "AuthStatus");
    const spec_property *pr = as ? prop(as, "prompts") : NULL;
    if (pr) {
        CHECK_INT(pr->type->kind, SPEC_KIND_ARRAY);
        CHECK(pr->type->items && pr->type->items->kind == SPEC_KIND_STRING);
    }
    CHECK_INT(s->nendpoints, 5);
    const spec_endpoint *t = endpoint(s, "tickle_post");
    if (t) {
        CHECK_STR(t->method, "POST");
        CHECK(t->response_model == spec_find_model(s, "TickleResponse"));
        CHECK_INT(t->auth_set, 0);
    }
    spec_free(s);
}

/* ---- koyeb: bearer, header params, JSON names with c_name ------------- */

TEST(koyeb)
{
    spec *s = load_clean("specs/koyeb.yaml");
    if (!s)
        return;
    CHECK_STR(s->provider, "koyeb");
    const spec_auth *b = spec_find_auth(s, "Bearer");
    CHECK(b && b->kind == SPEC_AUTH_BEARER);
    const spec_model *any = model(s, "GoogleProtobufAny");
    const spec_property *t = any ? prop(any, "@type") : NULL;
    if (t) {
        CHECK_STR(t->c_name, "type_url");
        CHECK_INT(t->type->kind, SPEC_KIND_STRING);
    }
    const spec_model *lr = model(s, "LogoutReply");
    if (lr)
        CHECK_INT(lr->nprops, 0);
    const spec_model *tok = model(s, "Token");
    const spec_property *ex = tok ? prop(tok, "expires_at") : NULL;
    if (ex)
        CHECK_STR(ex->type->format, "date-time");
    const spec_endpoint *login = endpoint(s, "login");
    if (login) {
        CHECK_INT(login->auth_set, 1);
        CHECK_INT(login->nauth, 0);
        CHECK_STR(login->body, "LoginRequest");
        CHECK(login->error_model == spec_find_model(s, "ErrorWithFields"));
        const spec_param *fp = param(login, "seon-fp");
        if (fp) {
            CHECK_INT(fp->in, SPEC_IN_HEADER);
            CHECK_INT(fp->type->kind, SPEC_KIND_STRING);
            CHECK_STR(fp->description, "Seon Fingerprint");
        }
        CHECK_INT(login->nsets, 1);
        if (login->nsets == 1) {
            CHECK_STR(login->sets[0].from, "token.id");
            CHECK(login->sets[0].auth == b);
        }
    }
    const spec_endpoint *out = endpoint(s, "logout");
    if (out) {
        CHECK_STR(out->method, "DELETE");
        CHECK_INT(out->nclears, 1);
    }
    const spec_endpoint *r = endpoint(s, "refresh_token");
    if (r)
        CHECK_STR(r->method, "PUT");
    spec_free(s);
}

/* ---- the golden fixtures ---------------------------------------------- */

#define EVERYTHING "tests/golden/everything/spec.yaml"

TEST(everything_auth)
{
    spec *s = load_clean(EVERYTHING);
    if (!s)
        return;
    CHECK_INT(s->nservers, 3);
    if (s->nservers == 3) {
        CHECK_INT(s->servers[0].is_default, 0);
        CHECK_INT(s->servers[1].is_default, 1);
        CHECK_INT(s->servers[2].nvars, 1);
    }
    CHECK_INT(s->nauths, 7);
    const spec_auth *kc = spec_find_auth(s, "key_cookie");
    if (kc) {
        CHECK_INT(kc->in, SPEC_IN_COOKIE);
        CHECK_STR(kc->param_name, "apikey");
        CHECK_STR(kc->prefix, "Key");
    }
    const spec_auth *kq = spec_find_auth(s, "key_query");
    if (kq)
        CHECK_INT(kq->in, SPEC_IN_QUERY);
    const spec_auth *sess = spec_find_auth(s, "session");
    if (sess) {
        CHECK_INT(sess->kind, SPEC_AUTH_SESSION_COOKIE);
        CHECK_STR(sess->param_name, "SID");
    }
    const spec_auth *sg = spec_find_auth(s, "signed");
    if (sg) {
        static const spec_payload_part_kind kinds[] = {
            SPEC_PART_METHOD,  SPEC_PART_LITERAL,   SPEC_PART_PATH,
            SPEC_PART_LITERAL, SPEC_PART_QUERY,     SPEC_PART_LITERAL,
            SPEC_PART_TIMESTAMP, SPEC_PART_LITERAL, SPEC_PART_BODY};
        CHECK_INT(sg->sig.algorithm, SPEC_SIGN_HMAC_SHA512);
        CHECK_INT(sg->sig.encoding, SPEC_ENC_BASE64);
        CHECK_INT(sg->sig.percent_encode, 1);
        CHECK_INT(sg->sig.nparts, 9);
        for (size_t i = 0; i < 9 && i < sg->sig.nparts; i++) {
            CHECK_INT(sg->sig.parts[i].kind, kinds[i]);
            if (kinds[i] == SPEC_PART_LITERAL)
                CHECK_STR(sg->sig.parts[i].literal, "\n");
            else
                CHECK(sg->sig.parts[i].literal == NULL);
        }
        CHECK_INT(sg->sig.key.in, SPEC_IN_HEADER);
        CHECK_STR(sg->sig.key.name, "X-Key");
        CHECK_STR(sg->sig.signature.name, "X-Signature");
        CHECK_INT(sg->sig.timestamp.in, SPEC_IN_HEADER);
        CHECK_STR(sg->sig.timestamp.name, "X-Timestamp");
        CHECK_INT(sg->sig.timestamp_seconds, 1);
    }
    CHECK_INT(s->ndefault_auth, 2);
    spec_free(s);
}

TEST(everything_models)
{
    spec *s = load_clean(EVERYTHING);
    if (!s)
        return;
    /* List models of inline array responses come after the spec's own. */
    static const char *const order[] = {
        "Problem", "Problem_error", "Color", "Widget", "Widget_shade",
        "Owner",   "Empty",         "Point", "list_widgets_response",
        "list_tags_response"};
    CHECK_INT(s->nmodels, 10);
    for (size_t i = 0; i < 10 && i < s->nmodels; i++)
        CHECK_STR(s->models[i].name, order[i]);
    const spec_model *lw = model(s, "list_widgets_response");
    if (lw) {
        CHECK(lw->is_list && lw->synthetic && lw->nprops == 1);
        const spec_property *items = lw->nprops ? &lw->props[0] : NULL;
        if (items) {
            CHECK_STR(items->json_name, "items");
            CHECK_INT(items->required, 1);
            CHECK_STR(items->description, "The widgets, oldest first.");
            CHECK(items->type && items->type->kind == SPEC_KIND_ARRAY &&
                  items->type->items &&
                  items->type->items->model == model(s, "Widget"));
        }
    }
    for (size_t i = 0; i < s->nendpoints; i++)
        if (strcmp(s->endpoints[i].name, "list_widgets") == 0)
            CHECK(s->endpoints[i].response_model == lw);
    const spec_model *pe = model(s, "Problem_error");
    if (pe) {
        CHECK_INT(pe->kind, SPEC_MODEL_OBJECT);
        CHECK_INT(pe->synthetic, 1);
        CHECK_INT(pe->nprops, 2);
        const spec_property *c = prop(pe, "code");
        if (c)
            CHECK_INT(c->required, 1);
    }
    const spec_model *pr = model(s, "Problem");
    const spec_property *err = pr ? prop(pr, "error") : NULL;
    if (err)
        CHECK(err->type->kind == SPEC_KIND_REF && err->type->model == pe);
    const spec_model *color = model(s, "Color");
    if (color) {
        CHECK_INT(color->kind, SPEC_MODEL_ENUM);
        CHECK_STR(color->description, "Paint colors.");
        CHECK_INT(color->nvalues, 3);
        if (color->nvalues == 3) {
            CHECK_STR(color->values[1].value, "dark-green");
            CHECK_STR(color->values[1].c_name, "green");
            CHECK_STR(color->values[2].value, "2FA");
            CHECK_POS(color->values[1].pos,
                      pos_in(EVERYTHING, "dark-green", 0));
        }
    }
    const spec_model *w = model(s, "Widget");
    if (w) {
        CHECK_INT(w->nprops, 17);
        const spec_property *id = prop(w, "id");
        if (id)
            CHECK_STR(id->description, "Widget id, \"quoted\"");
        const spec_property *ratio = prop(w, "ratio");
        if (ratio)
            CHECK(ratio->nullable && ratio->required);
        const spec_property *grid = prop(w, "grid");
        if (grid) {
            const spec_type *t = grid->type;
            CHECK(t->kind == SPEC_KIND_ARRAY && t->items &&
                  t->items->kind == SPEC_KIND_ARRAY && t->items->items &&
                  t->items->items->kind == SPEC_KIND_INTEGER);
        }
        const spec_property *owners = prop(w, "owners");
        if (owners)
            CHECK(owners->type->kind == SPEC_KIND_MAP &&
                  owners->type->items->model == spec_find_model(s, "Owner"));
        const spec_property *colors = prop(w, "colors");
        if (colors)
            CHECK(colors->type->items->model == color);
        const spec_property *shade = prop(w, "shade");
        if (shade)
            CHECK(shade->type->model == spec_find_model(s, "Widget_shade"));
        const spec_property *raw = prop(w, "raw");
        if (raw)
            CHECK(raw->type->kind == SPEC_KIND_ANY && raw->nullable);
        const spec_property *at = prop(w, "@type");
        if (at)
            CHECK_STR(at->c_name, "type_url");
        const spec_property *old = prop(w, "old");
        if (old)
            CHECK_INT(old->deprecated, 1);
    }
    const spec_model *owner = model(s, "Owner");
    const spec_property *parent = owner ? prop(owner, "parent") : NULL;
    if (parent)
        CHECK(parent->type->model == owner); /* refers to itself */
    spec_free(s);
}

TEST(everything_endpoints)
{
    spec *s = load_clean(EVERYTHING);
    if (!s)
        return;
    const spec_endpoint *g = endpoint(s, "get_widget");
    if (g) {
        CHECK_STR(g->path, "/widgets/{widget_id}/parts/{part}");
        CHECK_INT(g->nparams, 9);
        const spec_param *wid = param(g, "widget_id");
        if (wid)
            CHECK(wid->in == SPEC_IN_PATH && wid->required);
        const spec_param *part = param(g, "part");
        if (part)
            CHECK(part->type->kind == SPEC_KIND_INTEGER && part->required);
        const spec_param *fields = param(g, "fields");
        if (fields)
            CHECK(fields->in == SPEC_IN_QUERY &&
                  fields->type->kind == SPEC_KIND_ARRAY &&
                  fields->type->items->kind == SPEC_KIND_STRING);
        const spec_param *color = param(g, "color");
        if (color)
            CHECK(color->type->kind == SPEC_KIND_REF &&
                  color->type->model == spec_find_model(s, "Color"));
        const spec_param *rid = param(g, "X-Request-Id");
        if (rid) {
            CHECK_INT(rid->in, SPEC_IN_HEADER);
            CHECK_STR(rid->description, "Trace id");
        }
        const spec_param *pref = param(g, "pref");
        if (pref)
            CHECK(pref->in == SPEC_IN_COOKIE && pref->deprecated);
        CHECK_INT(g->nsuccess, 2);
        CHECK_INT(g->auth_set, 0);
    }
    const spec_endpoint *c = endpoint(s, "create_widget");
    if (c) {
        CHECK(c->error_model == spec_find_model(s, "Problem"));
        CHECK_INT(c->nauth, 1);
    }
    const spec_endpoint *p = endpoint(s, "put_owner");
    if (p) {
        CHECK_INT(p->body_required, 0);
        CHECK_INT(p->nauth, 3);
        CHECK(p->summary == NULL);
        CHECK(p->nsets == 1 && p->sets[0].auth == spec_find_auth(s, "token"));
    }
    const spec_endpoint *d = endpoint(s, "delete_widget");
    if (d)
        CHECK(d->deprecated && d->auth_set && d->nauth == 0);
    const spec_endpoint *l = endpoint(s, "logout");
    if (l) {
        CHECK_INT(l->nclears, 2);
        if (l->nclears == 2) {
            CHECK_STR(l->clears[1], "key_header");
            CHECK_POS(l->clears_pos[1],
                      pos_in(EVERYTHING, "clears_credential: [token, key_header]",
                             27));
        }
    }
    spec_free(s);
}

#define WSFIX "tests/golden/websocket/spec.yaml"

/* Loads a file that must load without a diagnostic, without validating. */
static spec *load_only(const char *path)
{
    diag d;
    diag_init(&d);
    spec *s = spec_load(path, &d);
    if (!s)
        FAIL("%s does not load", path);
    fail_diags(&d);
    diag_free(&d);
    return s;
}

TEST(golden_websocket_validates)
{
    spec *s = load_clean(WSFIX);
    spec_free(s);
}

TEST(golden_websocket)
{
    spec *s = load_only(WSFIX);
    if (!s)
        return;
    CHECK_STR(s->provider, "wsfix");
    CHECK(s->api_version == NULL && s->description == NULL);
    CHECK_INT(s->transport, SPEC_TRANSPORT_WEBSOCKET);
    CHECK(s->nservers == 1 && s->servers[0].is_default);
    const spec_auth *ed = spec_find_auth(s, "ed");
    const spec_auth *mac = spec_find_auth(s, "mac");
    /* Encodings default by algorithm. */
    CHECK(ed && ed->sig.encoding == SPEC_ENC_BASE64);
    CHECK(mac && mac->sig.encoding == SPEC_ENC_HEX);
    CHECK(s->errors.model == NULL && s->errors.resolved == NULL);
    CHECK_STR(s->errors.code, "error.code");
    CHECK_INT(s->nmodels, 4);
    CHECK_INT(s->nendpoints, 5);
    if (s->nendpoints == 5) {
        CHECK_INT(s->endpoints[0].survives_reconnect, 1);
        CHECK(s->endpoints[3].subscribe != NULL &&
              s->endpoints[3].survives_reconnect);
        const spec_param *sym = param(&s->endpoints[0], "symbols");
        if (sym)
            CHECK(sym->in == SPEC_IN_PARAM &&
                  sym->type->kind == SPEC_KIND_ARRAY);
        CHECK_INT(s->endpoints[1].auth_set, 0);
    }
    spec_free(s);
}

/* ---- inline specs ------------------------------------------------------ */

static const char defaults_spec[] =
    "apicc: 1\n"
    "provider: demo\n"
    "title: Demo\n"
    "servers:\n"
    "  - { name: a, url: 'https://a.example.com' }\n"
    "  - { name: b, url: 'https://b.example.com', default: true }\n"
    "models:\n"
    "  Order:\n"
    "    properties:\n"
    "      lines:\n"
    "        type: array\n"
    "        items:\n"
    "          type: object\n"
    "          properties:\n"
    "            sku: { type: string, required: true }\n"
    "            meta: { type: object, properties: { note: { type: string } } }\n"
    "            kind: { type: string, enum: [a, b] }\n"
    "      extra: { type: object }\n"
    "      counts: { type: map, values: { type: integer, nullable: true } }\n"
    "  Level:\n"
    "    type: enum\n"
    "    values:\n"
    "      - { value: hi, c_name: high, description: The top }\n"
    "      - lo\n"
    "endpoints:\n"
    "  - name: get_order\n"
    "    method: GET\n"
    "    path: /orders/{id}\n"
    "    params:\n"
    "      - { name: id, in: path, type: integer }\n"
    "      - { name: q, type: string }\n"
    "      - { name: level, $ref: Level }\n"
    "    response: Order\n";

TEST(defaults_and_hoisting)
{
    spec *s = load_text(defaults_spec);
    if (!s)
        return;
    CHECK_INT(s->transport, SPEC_TRANSPORT_HTTP);
    CHECK(s->nservers == 2 && !s->servers[0].is_default &&
          s->servers[1].is_default);
    CHECK(s->title && s->api_version == NULL);
    /* Hoisted in order: each model, then what it hoists, depth first. */
    static const char *const order[] = {"Order", "Order_lines",
                                        "Order_lines_meta",
                                        "Order_lines_kind", "Level"};
    CHECK_INT(s->nmodels, 5);
    for (size_t i = 0; i < 5 && i < s->nmodels; i++)
        CHECK_STR(s->models[i].name, order[i]);
    const spec_model *o = model(s, "Order");
    if (o) {
        const spec_property *lines = prop(o, "lines");
        if (lines)
            CHECK(lines->type->kind == SPEC_KIND_ARRAY &&
                  lines->type->items->model == spec_find_model(s, "Order_lines"));
        const spec_property *extra = prop(o, "extra");
        if (extra)
            CHECK_INT(extra->type->kind, SPEC_KIND_ANY);
        const spec_property *counts = prop(o, "counts");
        if (counts)
            CHECK(counts->type->items && counts->type->items->nullable);
    }
    const spec_model *kind = model(s, "Order_lines_kind");
    if (kind)
        CHECK(kind->kind == SPEC_MODEL_ENUM && kind->synthetic);
    const spec_model *level = model(s, "Level");
    if (level && level->nvalues == 2) {
        CHECK_STR(level->values[0].c_name, "high");
        CHECK_STR(level->values[0].description, "The top");
        CHECK(level->values[1].c_name == NULL);
    }
    const spec_endpoint *e = s->nendpoints ? &s->endpoints[0] : NULL;
    if (e && e->nparams == 3) {
        /* Path params are required without saying so; others default to
         * query and optional. */
        CHECK(e->params[0].in == SPEC_IN_PATH && e->params[0].required);
        CHECK(e->params[1].in == SPEC_IN_QUERY && !e->params[1].required);
        CHECK(e->params[2].type->model == level);
        CHECK_INT(e->body_required, 1);
        CHECK_INT(e->auth_set, 0);
    } else {
        FAIL("want one endpoint with three params");
    }
    spec_free(s);
}

TEST(websocket_defaults)
{
    static const char text[] =
        "apicc: 1\nprovider: w\ntitle: W\ntransport: websocket\n"
        "servers: [{ name: x, url: 'ws://127.0.0.1:1/' }]\n"
        "auth:\n"
        "  rsa: { type: signature, algorithm: rsa-sha256, payload: [body],\n"
        "         signature: { in: param, name: sig } }\n"
        "endpoints:\n"
        "  - { name: ping, method: ping, params: [{ name: n, type: integer }] }\n";
    spec *s = load_text(text);
    if (!s)
        return;
    const spec_auth *rsa = spec_find_auth(s, "rsa");
    if (rsa) {
        CHECK_INT(rsa->sig.encoding, SPEC_ENC_BASE64);
        CHECK_INT(rsa->sig.key.in, SPEC_IN_NONE);
        CHECK_INT(rsa->sig.timestamp.in, SPEC_IN_NONE);
    }
    if (s->nendpoints == 1 && s->endpoints[0].nparams == 1)
        CHECK_INT(s->endpoints[0].params[0].in, SPEC_IN_PARAM);
    spec_free(s);
}

/* The example at the top of docs/spec-format.md is a valid spec. */
TEST(documented_example)
{
    FILE *f = fopen("docs/spec-format.md", "rb");
    if (!f) {
        FAIL("docs/spec-format.md not found");
        return;
    }
    char line[512], text[8192];
    size_t len = 0;
    int state = 0; /* 0: before the section, 1: in it, 2: in the block */
    while (state < 3 && fgets(line, sizeof line, f)) {
        if (state == 0 && strncmp(line, "## A small example", 18) == 0)
            state = 1;
        else if (state == 1 && strncmp(line, "```yaml", 7) == 0)
            state = 2;
        else if (state == 2 && strncmp(line, "```", 3) == 0)
            state = 3;
        else if (state == 2 && len + strlen(line) < sizeof text)
            len += (size_t)snprintf(text + len, sizeof text - len, "%s", line);
    }
    fclose(f);
    CHECK_INT(state, 3);
    if (state != 3)
        return;
    spec *s = load_text(text);
    if (s) {
        CHECK_STR(s->provider, "shop");
        CHECK(spec_find_model(s, "Item_size") != NULL);
        CHECK(spec_find_model(s, "Error_error") != NULL);
    }
    spec_free(s);
}

TEST(missing_file)
{
    diag d;
    diag_init(&d);
    CHECK(spec_load("tests/no/such/spec.yaml", &d) == NULL);
    CHECK_INT(d.count, 1);
    char *msg = diag_format(&d, 0);
    CHECK(msg && strstr(msg, "tests/no/such/spec.yaml: error: cannot open"));
    free(msg);
    diag_free(&d);
}

/* ---- the YAML tree and the suggestion helper --------------------------- */

TEST(yaml_tree_positions)
{
    static const char text[] = "a: 1\n"
                               "b:\n"
                               "  - 'x'\n"
                               "  - { c: ~, d: 2.5e3 }\n";
    diag d;
    diag_init(&d);
    ytree_node *root = ytree_parse("t.yaml", text, strlen(text), &d);
    CHECK_INT(d.count, 0);
    if (!root) {
        diag_free(&d);
        FAIL("no tree");
        return;
    }
    CHECK(root->kind == YTREE_MAP && root->npairs == 2);
    CHECK(root->line == 1 && root->col == 1);
    const ytree_node *a = ytree_get(root, "a");
    CHECK(a && a->line == 1 && a->col == 4 && ytree_resolve(a) == YTREE_INT);
    const ytree_node *b = ytree_get(root, "b");
    CHECK(b && b->kind == YTREE_SEQ && b->nitems == 2 && b->line == 3 &&
          b->col == 3);
    if (b && b->nitems == 2) {
        CHECK(!b->items[0]->plain && ytree_resolve(b->items[0]) == YTREE_STR);
        CHECK_STR(b->items[0]->text, "x");
        const ytree_node *m = b->items[1];
        CHECK(m->kind == YTREE_MAP && m->line == 4 && m->col == 5);
        CHECK(m->npairs == 2 && m->pairs[1].key->line == 4 &&
              m->pairs[1].key->col == 13);
        CHECK(ytree_resolve(ytree_get(m, "c")) == YTREE_NULL);
        CHECK(ytree_resolve(ytree_get(m, "d")) == YTREE_FLOAT);
    }
    CHECK(ytree_get(root, "zz") == NULL);
    ytree_free(root);
    diag_free(&d);
}

TEST(yaml_tree_scalars)
{
    static const char text[] = "[yes, No, TRUE, 0x1F, 0o17, -3, .5, .inf, "
                               "1.2.3, '1', ~, null, '', 2FA]";
    static const ytree_scalar_type want[] = {
        YTREE_STR,   YTREE_STR,   YTREE_BOOL, YTREE_INT,  YTREE_INT,
        YTREE_INT,   YTREE_FLOAT, YTREE_FLOAT, YTREE_STR, YTREE_STR,
        YTREE_NULL,  YTREE_NULL,  YTREE_STR,  YTREE_STR};
    diag d;
    diag_init(&d);
    ytree_node *root = ytree_parse("t.yaml", text, strlen(text), &d);
    CHECK(root && root->nitems == sizeof want / sizeof want[0]);
    for (size_t i = 0; root && i < root->nitems; i++)
        if (ytree_resolve(root->items[i]) != want[i])
            FAIL("item %zu (%s) reads as %d, want %d", i,
                 root->items[i]->text, (int)ytree_resolve(root->items[i]),
                 (int)want[i]);
    ytree_free(root);
    diag_free(&d);
}

TEST(yaml_tree_duplicates_dropped)
{
    static const char text[] = "k: 1\nj: 2\nk: 3\nk: 4\n";
    diag d;
    diag_init(&d);
    ytree_node *root = ytree_parse("t.yaml", text, strlen(text), &d);
    CHECK_INT(d.count, 2);
    CHECK(root && root->npairs == 2);
    CHECK(root && strcmp(ytree_get(root, "k")->text, "1") == 0);
    char *m = diag_format(&d, 1);
    CHECK_STR(m, "t.yaml:4:1: error: duplicate key 'k' (first at line 1)");
    free(m);
    ytree_free(root);
    diag_free(&d);
}

TEST(suggestions)
{
    static const char *const keys[] = {"summary", "description", "method",
                                       "in", "name"};
    CHECK_STR(spec_suggest("sumary", keys, 5), "summary");
    CHECK_STR(spec_suggest("Summary", keys, 5), "summary");
    CHECK_STR(spec_suggest("descripiton", keys, 5), "description");
    CHECK_STR(spec_suggest("mehtod", keys, 5), "method");
    CHECK_STR(spec_suggest("on", keys, 5), "in");
    CHECK(spec_suggest("colour", keys, 5) == NULL);
    CHECK(spec_suggest("xy", keys, 5) == NULL);
}

int main(void)
{
    RUN(quatrix_top);
    RUN(quatrix_auth);
    RUN(quatrix_models);
    RUN(quatrix_endpoints);
    RUN(binance);
    RUN(ibkr);
    RUN(koyeb);
    RUN(everything_auth);
    RUN(everything_models);
    RUN(everything_endpoints);
    RUN(golden_websocket);
    RUN(golden_websocket_validates);
    RUN(defaults_and_hoisting);
    RUN(websocket_defaults);
    RUN(documented_example);
    RUN(missing_file);
    RUN(yaml_tree_positions);
    RUN(yaml_tree_scalars);
    RUN(yaml_tree_duplicates_dropped);
    RUN(suggestions);
    return harness_report();
}
