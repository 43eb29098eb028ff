/*
 * Auth schemes over HTTP against tests/servers/http_server.py: Basic,
 * Bearer (replaced at run time and from a login response), API keys in a
 * header, the query or a cookie, a session cookie, and signed requests
 * (HMAC in the query as Binance checks it, HMAC-SHA512 in headers,
 * Ed25519 and RSA verified here with the public key).  Also: the first
 * scheme with credentials wins, and no secret reaches an error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include "apicc/sign.h"
#include "harness.h"
#include "http_test.h"

static test_server server;
static char base[64];

static const apicc_auth_scheme basic = {.name = "basicAuth",
                                        .kind = APICC_AUTH_BASIC};
static const apicc_auth_scheme bearer = {.name = "bearerAuth",
                                         .kind = APICC_AUTH_BEARER};
static const apicc_auth_scheme key_header = {.name = "key_h",
                                             .kind = APICC_AUTH_APIKEY,
                                             .in = APICC_IN_HEADER,
                                             .param_name = "X-API-Key"};
static const apicc_auth_scheme key_query = {.name = "key_q",
                                            .kind = APICC_AUTH_APIKEY,
                                            .in = APICC_IN_QUERY,
                                            .param_name = "api_key"};
static const apicc_auth_scheme key_cookie = {.name = "key_c",
                                             .kind = APICC_AUTH_APIKEY,
                                             .in = APICC_IN_COOKIE,
                                             .param_name = "api_key"};
static const apicc_auth_scheme key_prefixed = {.name = "key_p",
                                               .kind = APICC_AUTH_APIKEY,
                                               .in = APICC_IN_HEADER,
                                               .param_name = "Authorization",
                                               .prefix = "Token"};
static const apicc_auth_scheme session = {.name = "session",
                                          .kind = APICC_AUTH_SESSION_COOKIE,
                                          .param_name = "session"};

static const apicc_error_shape shape = {"code", "message"};
static const apicc_error_shape binance_shape = {"code", "msg"};

static apicc_client *new_client(void)
{
    apicc_client *c = apicc_client_new(base);
    if (!c)
        FAIL("apicc_client_new(%s) failed", base);
    return c;
}

/* Calls `path` with one scheme; the JSON is deleted unless *out wanted. */
static apicc_status call_with(apicc_client *c, const char *path,
                              const apicc_auth_scheme *s, cJSON **out)
{
    const apicc_auth_scheme *list[] = {s};
    apicc_endpoint ep = http_ep("auth_call", "GET", path);
    ep.auth = list;
    ep.nauth = 1;
    ep.errors = &shape;
    cJSON *j = NULL;
    apicc_status st = apicc_call(c, &ep, NULL, 0, NULL, &j);
    if (out)
        *out = j;
    else
        cJSON_Delete(j);
    return st;
}

TEST(basic)
{
    apicc_client *c = new_client();
    if (!c)
        return;
    CHECK_INT(apicc_client_set_basic(c, "alice", "wonderland"), APICC_OK);
    CHECK_INT(call_with(c, "/auth/basic", &basic, NULL), APICC_OK);
    CHECK_INT(apicc_client_set_basic(c, "alice", "wrong"), APICC_OK);
    CHECK_INT(call_with(c, "/auth/basic", &basic, NULL), APICC_ERR_AUTH);
    const apicc_error *e = apicc_client_error(c);
    CHECK_INT(e->http_status, 401);
    CHECK_STR(e->provider_code, "unauthorized");
    CHECK_STR(e->provider_message, "bad credentials");
    CHECK_INT(apicc_client_set_basic(c, "al:ice", "x"), APICC_ERR_INVALID_ARG);
    CHECK_INT(apicc_client_set_basic(c, NULL, NULL), APICC_OK); /* clears */
    CHECK_INT(call_with(c, "/auth/basic", &basic, NULL),
              APICC_ERR_NO_CREDENTIALS);
    /* A 401 keeps the connection: all of that was one connection. */
    CHECK_INT(apicc_client_connection_count(c), 1);
    apicc_client_free(c);
}

TEST(bearer_replaced_at_run_time)
{
    apicc_client *c = new_client();
    if (!c)
        return;
    CHECK_INT(apicc_client_set_bearer(c, "old-token"), APICC_OK);
    CHECK_INT(call_with(c, "/auth/bearer", &bearer, NULL), APICC_ERR_AUTH);
    CHECK_INT(apicc_client_set_bearer(c, "s3cr3t-token"), APICC_OK);
    CHECK_INT(call_with(c, "/auth/bearer", &bearer, NULL), APICC_OK);
    CHECK_INT(apicc_client_set_bearer(c, ""), APICC_ERR_INVALID_ARG);
    CHECK_INT(apicc_client_set_bearer(c, NULL), APICC_OK);
    CHECK_INT(call_with(c, "/auth/bearer", &bearer, NULL),
              APICC_ERR_NO_CREDENTIALS);
    apicc_client_free(c);
}

TEST(api_keys_in_header_query_cookie)
{
    apicc_client *c = new_client();
    if (!c)
        return;
    CHECK_INT(apicc_client_set_api_key(c, "key_h", "k-123"), APICC_OK);
    CHECK_INT(apicc_client_set_api_key(c, "key_q", "k-123"), APICC_OK);
    CHECK_INT(apicc_client_set_api_key(c, "key_c", "k-123"), APICC_OK);
    CHECK_INT(call_with(c, "/auth/header", &key_header, NULL), APICC_OK);
    CHECK_INT(call_with(c, "/auth/query", &key_query, NULL), APICC_OK);
    CHECK_INT(call_with(c, "/auth/cookie", &key_cookie, NULL), APICC_OK);
    /* Each scheme puts its key in its own place only. */
    CHECK_INT(call_with(c, "/auth/query", &key_header, NULL), APICC_ERR_AUTH);
    CHECK_INT(apicc_client_set_api_key(c, "key_q", "k-999"), APICC_OK);
    CHECK_INT(call_with(c, "/auth/query", &key_query, NULL), APICC_ERR_AUTH);
    /* A prefix is joined with one space. */
    CHECK_INT(apicc_client_set_api_key(c, "key_p", "abc"), APICC_OK);
    cJSON *out = NULL;
    CHECK_INT(call_with(c, "/echo", &key_prefixed, &out), APICC_OK);
    CHECK_STR(json_str(out, "headers.authorization"), "Token abc");
    cJSON_Delete(out);
    /* Query keys are percent-encoded like any value. */
    CHECK_INT(apicc_client_set_api_key(c, "key_q", "a+b c"), APICC_OK);
    CHECK_INT(call_with(c, "/echo", &key_query, &out), APICC_OK);
    CHECK_STR(json_str(out, "query"), "api_key=a%2Bb%20c");
    cJSON_Delete(out);
    /* A key that would break a cookie is refused when it is used. */
    CHECK_INT(apicc_client_set_api_key(c, "key_c", "a;b"), APICC_OK);
    CHECK_INT(call_with(c, "/echo", &key_cookie, NULL),
              APICC_ERR_INVALID_ARG);
    CHECK_INT(apicc_client_set_api_key(c, NULL, "x"), APICC_ERR_INVALID_ARG);
    apicc_client_free(c);
}

TEST(first_scheme_with_credentials_wins)
{
    apicc_client *c = new_client();
    if (!c)
        return;
    const apicc_auth_scheme *list[] = {&key_header, &bearer};
    apicc_endpoint ep = http_ep("alt", "GET", "/echo");
    ep.auth = list;
    ep.nauth = 2;
    cJSON *out = NULL;
    CHECK_INT(apicc_call(c, &ep, NULL, 0, NULL, &out),
              APICC_ERR_NO_CREDENTIALS);
    const char *msg = apicc_client_error(c)->message;
    CHECK(strstr(msg, "key_h") && strstr(msg, "bearerAuth"));
    CHECK_INT(apicc_client_set_bearer(c, "t-1"), APICC_OK);
    CHECK_INT(apicc_call(c, &ep, NULL, 0, NULL, &out), APICC_OK);
    CHECK_STR(json_str(out, "headers.authorization"), "Bearer t-1");
    CHECK(json_str(out, "headers.x-api-key") == NULL);
    cJSON_Delete(out);
    CHECK_INT(apicc_client_set_api_key(c, "key_h", "k-1"), APICC_OK);
    CHECK_INT(apicc_call(c, &ep, NULL, 0, NULL, &out), APICC_OK);
    CHECK_STR(json_str(out, "headers.x-api-key"), "k-1");
    CHECK(json_str(out, "headers.authorization") == NULL);
    cJSON_Delete(out);
    /* Forgetting one scheme by name falls back to the other. */
    apicc_client_clear_credentials(c, "key_h");
    CHECK_INT(apicc_call(c, &ep, NULL, 0, NULL, &out), APICC_OK);
    CHECK_STR(json_str(out, "headers.authorization"), "Bearer t-1");
    cJSON_Delete(out);
    apicc_client_clear_credentials(c, "bearerAuth");
    CHECK_INT(apicc_call(c, &ep, NULL, 0, NULL, &out),
              APICC_ERR_NO_CREDENTIALS);
    apicc_client_free(c);
}

TEST(session_cookie)
{
    apicc_client *c = new_client();
    if (!c)
        return;
    CHECK_INT(call_with(c, "/session/check", &session, NULL), APICC_ERR_AUTH);
    apicc_status st;
    cJSON *out = http_get(c, "/session/login", &st);
    CHECK_INT(st, APICC_OK);
    cJSON_Delete(out);
    CHECK_STR(apicc_client_cookie(c, "session"), "sess-42");
    CHECK_INT(call_with(c, "/session/check", &session, NULL), APICC_OK);
    /* Clearing the session scheme drops its cookie only. */
    out = http_get(c, "/cookie/set?name=pref&value=dark", &st);
    cJSON_Delete(out);
    apicc_client_clear_credentials(c, "session");
    CHECK(apicc_client_cookie(c, "session") == NULL);
    CHECK_STR(apicc_client_cookie(c, "pref"), "dark");
    CHECK_INT(call_with(c, "/session/check", &session, NULL), APICC_ERR_AUTH);
    apicc_client_free(c);
}

TEST(credentials_from_login_and_logout)
{
    apicc_client *c = new_client();
    if (!c)
        return;
    const apicc_credential_update sets[] = {{&bearer, "token.id"},
                                            {&key_header, "token.id"}};
    apicc_endpoint login = http_ep("login", "POST", "/session/login");
    login.sets = sets;
    login.nsets = 2;
    cJSON *out = NULL;
    CHECK_INT(apicc_call(c, &login, NULL, 0, NULL, &out), APICC_OK);
    CHECK_STR(json_str(out, "user"), "alice");
    cJSON_Delete(out);
    CHECK_INT(call_with(c, "/echo", &bearer, &out), APICC_OK);
    CHECK_STR(json_str(out, "headers.authorization"), "Bearer tok-new");
    cJSON_Delete(out);
    CHECK_INT(call_with(c, "/echo", &key_header, &out), APICC_OK);
    CHECK_STR(json_str(out, "headers.x-api-key"), "tok-new");
    cJSON_Delete(out);
    /* A response without the field is a malformed response. */
    const apicc_credential_update missing[] = {{&bearer, "token.nope"}};
    login.sets = missing;
    login.nsets = 1;
    CHECK_INT(apicc_call(c, &login, NULL, 0, NULL, &out), APICC_ERR_RESPONSE);
    CHECK(out == NULL);
    CHECK(strstr(apicc_client_error(c)->message, "token.nope") != NULL);
    /* Logout forgets the bearer token and the session cookie. */
    const apicc_auth_scheme *clears[] = {&bearer, &session};
    apicc_endpoint logout = http_ep("logout", "POST", "/echo");
    logout.clears = clears;
    logout.nclears = 2;
    CHECK_STR(apicc_client_cookie(c, "session"), "sess-42");
    CHECK_INT(apicc_call(c, &logout, NULL, 0, NULL, &out), APICC_OK);
    cJSON_Delete(out);
    CHECK_INT(call_with(c, "/echo", &bearer, NULL), APICC_ERR_NO_CREDENTIALS);
    CHECK(apicc_client_cookie(c, "session") == NULL);
    CHECK_INT(call_with(c, "/echo", &key_header, NULL), APICC_OK);
    apicc_client_free(c);
}

/* ---- signed requests ---------------------------------------------------- */

static const apicc_payload_part query_part[] = {{APICC_PART_QUERY, NULL}};
static const apicc_sign_rule binance_rule = {
    .algorithm = APICC_SIGN_HMAC_SHA256,
    .encoding = APICC_ENC_HEX,
    .parts = query_part,
    .nparts = 1,
    .key_in = APICC_IN_HEADER,
    .key_name = "X-API-KEY",
    .signature_in = APICC_IN_QUERY,
    .signature_name = "signature",
    .timestamp_in = APICC_IN_QUERY,
    .timestamp_name = "timestamp",
};
static const apicc_auth_scheme binance = {.name = "binance_hmac",
                                          .kind = APICC_AUTH_SIGNATURE,
                                          .sign = &binance_rule};

TEST(hmac_query_signature_checked_by_server)
{
    apicc_client *c = new_client();
    if (!c)
        return;
    const apicc_auth_scheme *list[] = {&binance};
    apicc_endpoint ep = http_ep("order", "GET", "/signed");
    ep.auth = list;
    ep.nauth = 1;
    ep.errors = &binance_shape;
    apicc_arg args[] = {{.name = "symbol", .in = APICC_IN_QUERY,
                         .type = APICC_T_STRING, .s = "BTCUSDT"},
                        {.name = "qty", .in = APICC_IN_QUERY,
                         .type = APICC_T_NUMBER, .d = 0.25}};
    cJSON *out = NULL;
    CHECK_INT(apicc_call(c, &ep, args, 2, NULL, &out),
              APICC_ERR_NO_CREDENTIALS);
    CHECK_INT(apicc_client_set_api_key(c, "binance_hmac", "test-key"),
              APICC_OK);
    CHECK_INT(apicc_call(c, &ep, args, 2, NULL, &out),
              APICC_ERR_NO_CREDENTIALS); /* still no secret */
    CHECK_INT(apicc_client_set_hmac_secret(c, "test-secret", 11), APICC_OK);
    apicc_client_set_fixed_time_ms(c, 1700000000000);
    CHECK_INT(apicc_call(c, &ep, args, 2, NULL, &out), APICC_OK);
    CHECK_STR(json_str(out, "signed"),
              "symbol=BTCUSDT&qty=0.25&timestamp=1700000000000");
    cJSON_Delete(out);
    /* The real clock, too. */
    apicc_client_set_fixed_time_ms(c, 0);
    CHECK_INT(apicc_call(c, &ep, args, 2, NULL, &out), APICC_OK);
    cJSON_Delete(out);
    CHECK_INT(apicc_client_set_hmac_secret(c, "wrong-secret", 12), APICC_OK);
    CHECK_INT(apicc_call(c, &ep, args, 2, NULL, &out), APICC_ERR_AUTH);
    CHECK_STR(apicc_client_error(c)->provider_code, "-1022");
    CHECK_INT(apicc_client_set_hmac_secret(c, "", 0), APICC_ERR_INVALID_ARG);
    apicc_client_free(c);
}

static const apicc_payload_part header_parts[] = {
    {APICC_PART_TIMESTAMP, NULL}, {APICC_PART_LITERAL, "\n"},
    {APICC_PART_METHOD, NULL},    {APICC_PART_LITERAL, "\n"},
    {APICC_PART_PATH, NULL},      {APICC_PART_LITERAL, "\n"},
    {APICC_PART_QUERY, NULL},     {APICC_PART_LITERAL, "\n"},
    {APICC_PART_BODY, NULL}};
static const apicc_sign_rule header_rule = {
    .algorithm = APICC_SIGN_HMAC_SHA512,
    .encoding = APICC_ENC_BASE64,
    .parts = header_parts,
    .nparts = 9,
    .key_in = APICC_IN_HEADER,
    .key_name = "X-Key",
    .signature_in = APICC_IN_HEADER,
    .signature_name = "X-Sig",
    .timestamp_in = APICC_IN_HEADER,
    .timestamp_name = "X-Ts",
    .timestamp_seconds = 1,
};
static const apicc_auth_scheme header_signed = {.name = "hdr_sig",
                                                .kind = APICC_AUTH_SIGNATURE,
                                                .sign = &header_rule};

TEST(hmac_sha512_signature_in_headers)
{
    apicc_client *c = new_client();
    if (!c)
        return;
    CHECK_INT(apicc_client_set_api_key(c, "hdr_sig", "key-1"), APICC_OK);
    CHECK_INT(apicc_client_set_hmac_secret(c, "s3", 2), APICC_OK);
    apicc_client_set_fixed_time_ms(c, 1700000000999);
    const apicc_auth_scheme *list[] = {&header_signed};
    apicc_endpoint ep = http_ep("place", "POST", "/echo/orders/{id}");
    ep.auth = list;
    ep.nauth = 1;
    apicc_arg args[] = {{.name = "id", .in = APICC_IN_PATH,
                         .type = APICC_T_STRING, .s = "o 1"},
                        {.name = "dry", .in = APICC_IN_QUERY,
                         .type = APICC_T_BOOL, .b = 1}};
    cJSON *body = cJSON_Parse("{\"side\":\"buy\",\"qty\":2}");
    cJSON *out = NULL;
    CHECK_INT(apicc_call(c, &ep, args, 2, body, &out), APICC_OK);
    CHECK_STR(json_str(out, "headers.x-key"), "key-1");
    CHECK_STR(json_str(out, "headers.x-ts"), "1700000000");
    const char *sent_body = json_str(out, "body");
    char payload[512];
    snprintf(payload, sizeof payload, "1700000000\nPOST\n%s\n%s\n%s",
             "/echo/orders/o%201", "dry=true", sent_body ? sent_body : "");
    apicc_sign_key *k = NULL;
    char *want = NULL;
    CHECK_INT(apicc_sign_key_hmac("s3", 2, &k), APICC_OK);
    CHECK_INT(apicc_sign(APICC_SIGN_HMAC_SHA512, APICC_ENC_BASE64, k, payload,
                         strlen(payload), &want),
              APICC_OK);
    CHECK_STR(json_str(out, "headers.x-sig"), want);
    free(want);
    apicc_sign_key_free(k);
    cJSON_Delete(out);
    cJSON_Delete(body);
    apicc_client_free(c);
}

/* A nonce put first in the body, then a signature of the body as sent
 * (the shape of Kraken's rule): nodes 0 nonce, 1 hex(2), 2 sign(3),
 * 3 body. */
static const apicc_sign_node body_nodes[] = {
    {.op = APICC_OP_NONCE, .text = "ms"},
    {.op = APICC_OP_HEX, .first = 2, .count = 1},
    {.op = APICC_OP_SIGN, .first = 3, .count = 1},
    {.op = APICC_OP_BODY}};
static const apicc_sign_output body_outputs[] = {
    {.name = "nonce", .place = APICC_PLACE_BODY, .first = 1, .node = 0},
    {.name = "X-Sig", .place = APICC_PLACE_HEADER, .node = 1}};
static const apicc_sign_rule body_rule = {
    .algorithm = APICC_SIGN_HMAC_SHA256,
    .nodes = body_nodes, .nnodes = 4,
    .outputs = body_outputs, .noutputs = 2,
    .needs = APICC_NEEDS_SECRET};
static const apicc_auth_scheme body_signed = {.name = "body_sig",
                                              .kind = APICC_AUTH_SIGNATURE,
                                              .sign = &body_rule};

/* What the server echoed as the body must be `want`, signed as sent. */
static void check_signed_body(cJSON *out, const char *want, const char *type)
{
    CHECK_STR(json_str(out, "body"), want);
    CHECK_STR(json_str(out, "headers.content-type"), type);
    apicc_sign_key *k = NULL;
    char *sig = NULL;
    CHECK_INT(apicc_sign_key_hmac("s3", 2, &k), APICC_OK);
    CHECK_INT(apicc_sign(APICC_SIGN_HMAC_SHA256, APICC_ENC_HEX, k, want,
                         strlen(want), &sig),
              APICC_OK);
    CHECK_STR(json_str(out, "headers.x-sig"), sig);
    free(sig);
    apicc_sign_key_free(k);
}

/* The body a signing rule rewrote is the body that goes out: a JSON
 * object gains the member first; a POST without a body gains a form body,
 * typed as one; each attempt signs the bytes it sends. */
TEST(value_placed_in_the_body_is_sent)
{
    apicc_client *c = new_client();
    if (!c)
        return;
    CHECK_INT(apicc_client_set_hmac_secret(c, "s3", 2), APICC_OK);
    apicc_client_set_fixed_time_ms(c, 1700000000000);
    const apicc_auth_scheme *list[] = {&body_signed};
    apicc_endpoint ep = http_ep("place", "POST", "/echo/orders");
    ep.auth = list;
    ep.nauth = 1;
    cJSON *body = cJSON_Parse("{\"side\":\"buy\"}");
    cJSON *out = NULL;
    CHECK_INT(apicc_call(c, &ep, NULL, 0, body, &out), APICC_OK);
    check_signed_body(out, "{\"nonce\":\"1700000000000\",\"side\":\"buy\"}",
                      "application/json");
    cJSON_Delete(out);
    out = NULL;
    CHECK_INT(apicc_call(c, &ep, NULL, 0, NULL, &out), APICC_OK);
    check_signed_body(out, "nonce=1700000000001",
                      "application/x-www-form-urlencoded");
    cJSON_Delete(out);
    cJSON_Delete(body);
    apicc_client_free(c);
}

/* Undoes percent-encoding in place. */
static void percent_decode(char *s)
{
    char *o = s;
    for (char *p = s; *p; p++) {
        if (p[0] == '%' && p[1] && p[2]) {
            char hex[3] = {p[1], p[2], 0};
            *o++ = (char)strtol(hex, NULL, 16);
            p += 2;
        } else {
            *o++ = *p;
        }
    }
    *o = '\0';
}

/* Checks a base64 signature of `payload` with the public half of pkey. */
static int verify(EVP_PKEY *pkey, int rsa, const char *payload,
                  const char *b64)
{
    unsigned char sig[1024];
    int n = EVP_DecodeBlock(sig, (const unsigned char *)b64,
                            (int)strlen(b64));
    if (n <= 0)
        return 0;
    size_t len = (size_t)n;
    size_t blen = strlen(b64);
    while (blen > 0 && b64[blen - 1] == '=') { /* DecodeBlock keeps padding */
        len--;
        blen--;
    }
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    int ok = md &&
             EVP_DigestVerifyInit(md, NULL, rsa ? EVP_sha256() : NULL, NULL,
                                  pkey) == 1 &&
             EVP_DigestVerify(md, sig, len, (const unsigned char *)payload,
                              strlen(payload)) == 1;
    EVP_MD_CTX_free(md);
    return ok;
}

static const apicc_payload_part sorted_part[] = {
    {APICC_PART_SORTED_PARAMS, NULL}};

static void check_pkey_signature(const char *type, apicc_sign_alg alg)
{
    EVP_PKEY *pkey = strcmp(type, "RSA") == 0
                         ? EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)2048)
                         : EVP_PKEY_Q_keygen(NULL, NULL, type);
    BIO *bio = BIO_new(BIO_s_mem());
    char *pem = NULL;
    long pem_len = 0;
    if (!pkey || !bio ||
        !PEM_write_bio_PrivateKey(bio, pkey, NULL, NULL, 0, NULL, NULL) ||
        (pem_len = BIO_get_mem_data(bio, &pem)) <= 0) {
        FAIL("cannot make a %s key", type);
        EVP_PKEY_free(pkey);
        BIO_free(bio);
        return;
    }
    apicc_sign_rule rule = {
        .algorithm = alg,
        .encoding = APICC_ENC_BASE64,
        .parts = sorted_part,
        .nparts = 1,
        .percent_encode = 1,
        .key_in = APICC_IN_QUERY,
        .key_name = "apiKey",
        .signature_in = APICC_IN_QUERY,
        .signature_name = "signature",
        .timestamp_in = APICC_IN_QUERY,
        .timestamp_name = "timestamp",
    };
    apicc_auth_scheme scheme = {.name = "pk", .kind = APICC_AUTH_SIGNATURE,
                                .sign = &rule};
    const apicc_auth_scheme *list[] = {&scheme};
    apicc_endpoint ep = http_ep("pk_call", "GET", "/echo");
    ep.auth = list;
    ep.nauth = 1;
    apicc_client *c = new_client();
    if (c) {
        CHECK_INT(apicc_client_set_api_key(c, "pk", "my key"), APICC_OK);
        CHECK_INT(apicc_client_set_private_key_pem(c, pem, (size_t)pem_len),
                  APICC_OK);
        apicc_client_set_fixed_time_ms(c, 1700000000000);
        apicc_arg args[] = {{.name = "symbol", .in = APICC_IN_QUERY,
                             .type = APICC_T_STRING, .s = "BTC USDT"},
                            {.name = "side", .in = APICC_IN_QUERY,
                             .type = APICC_T_STRING, .s = "BUY"}};
        cJSON *out = NULL;
        CHECK_INT(apicc_call(c, &ep, args, 2, NULL, &out), APICC_OK);
        const char *q = json_str(out, "query");
        const char *prefix = "symbol=BTC%20USDT&side=BUY&apiKey=my%20key"
                             "&timestamp=1700000000000&signature=";
        CHECK(q && strncmp(q, prefix, strlen(prefix)) == 0);
        if (q && strncmp(q, prefix, strlen(prefix)) == 0) {
            char sig[1024];
            snprintf(sig, sizeof sig, "%s", q + strlen(prefix));
            percent_decode(sig);
            CHECK(verify(pkey, alg == APICC_SIGN_RSA_SHA256,
                         "apiKey=my%20key&side=BUY&symbol=BTC%20USDT"
                         "&timestamp=1700000000000",
                         sig));
        }
        cJSON_Delete(out);
        /* A key of the wrong type fails to sign, and says so. */
        CHECK_INT(apicc_client_set_hmac_secret(c, "x", 1), APICC_OK);
        rule.algorithm = alg == APICC_SIGN_ED25519 ? APICC_SIGN_RSA_SHA256
                                                   : APICC_SIGN_ED25519;
        CHECK_INT(apicc_call(c, &ep, args, 2, NULL, &out), APICC_ERR_SIGN);
        apicc_client_free(c);
    }
    BIO_free(bio);
    EVP_PKEY_free(pkey);
}

TEST(ed25519_signature_verifies)
{
    check_pkey_signature("ED25519", APICC_SIGN_ED25519);
}

TEST(rsa_signature_verifies)
{
    check_pkey_signature("RSA", APICC_SIGN_RSA_SHA256);
}

TEST(private_key_errors)
{
    apicc_client *c = new_client();
    if (!c)
        return;
    CHECK_INT(apicc_client_set_private_key_pem(c, "not a key", 9),
              APICC_ERR_SIGN);
    CHECK_INT(apicc_client_set_private_key_file(c, "/nonexistent/key.pem"),
              APICC_ERR_IO);
    CHECK(strstr(apicc_client_error(c)->message, "/nonexistent/key.pem"));
    CHECK_INT(apicc_client_set_private_key_pem(c, NULL, 0), APICC_OK);
    apicc_client_free(c);
}

/* ---- secrets ------------------------------------------------------------ */

static const char *const secrets[] = {"pw-SECRET-1", "tok-SECRET-2",
                                      "key-SECRET-3", "hmac-SECRET-4"};

static int leaks(const char *s)
{
    if (!s)
        return 0;
    for (size_t i = 0; i < sizeof secrets / sizeof secrets[0]; i++)
        if (strstr(s, secrets[i]))
            return 1;
    return 0;
}

static void check_no_secret(apicc_client *c, const char *when)
{
    const apicc_error *e = apicc_client_error(c);
    int bad = leaks(e->message) || leaks(e->provider_code) ||
              leaks(e->provider_message) || leaks(e->body) ||
              leaks(e->transport_message);
    harness_count(when, !bad, e->message);
}

TEST(no_secret_in_any_error)
{
    apicc_client *c = new_client();
    if (!c)
        return;
    apicc_client_set_basic(c, "alice", secrets[0]);
    apicc_client_set_bearer(c, secrets[1]);
    apicc_client_set_api_key(c, "key_h", secrets[2]);
    apicc_client_set_api_key(c, "binance_hmac", secrets[2]);
    apicc_client_set_hmac_secret(c, secrets[3], strlen(secrets[3]));
    call_with(c, "/auth/basic", &basic, NULL); /* 401 */
    check_no_secret(c, "basic 401");
    call_with(c, "/auth/bearer", &bearer, NULL);
    check_no_secret(c, "bearer 401");
    call_with(c, "/signed", &binance, NULL);
    check_no_secret(c, "signature 401");
    call_with(c, "/auth/cookie", &key_cookie, NULL); /* no such key */
    check_no_secret(c, "no credentials");
    apicc_client_set_timeout_ms(c, 200);
    call_with(c, "/hang", &bearer, NULL);
    check_no_secret(c, "timeout");
    /* Refused values are named, never quoted. */
    apicc_client_set_bearer(c, "tok-SECRET-2\r\n");
    check_no_secret(c, "bad bearer");
    apicc_client_set_api_key(c, "key_h", "key-SECRET-3\n");
    check_no_secret(c, "bad api key");
    apicc_client_set_basic(c, "pw-SECRET-1:", "x");
    check_no_secret(c, "bad basic user");
    apicc_client *down = apicc_client_new("http://127.0.0.1:1");
    if (down) {
        apicc_client_set_api_key(down, "key_q", secrets[2]);
        call_with(down, "/x", &key_query, NULL);
        check_no_secret(down, "connection refused");
        apicc_client_free(down);
    }
    apicc_client_free(c);
}

int main(void)
{
    if (apicc_global_init() != APICC_OK ||
        http_server_start(&server, NULL, NULL) != 0) {
        printf("FAIL setup: cannot start the test server\n");
        printf("0 passed, 1 failed\n");
        return 1;
    }
    http_base_url(base, sizeof base, "http", server.port);
    RUN(basic);
    RUN(bearer_replaced_at_run_time);
    RUN(api_keys_in_header_query_cookie);
    RUN(first_scheme_with_credentials_wins);
    RUN(session_cookie);
    RUN(credentials_from_login_and_logout);
    RUN(hmac_query_signature_checked_by_server);
    RUN(hmac_sha512_signature_in_headers);
    RUN(value_placed_in_the_body_is_sent);
    RUN(ed25519_signature_verifies);
    RUN(rsa_signature_verifies);
    RUN(private_key_errors);
    RUN(no_secret_in_any_error);
    test_server_stop(&server);
    apicc_global_cleanup();
    return harness_report();
}
