/*
 * Tracing (apicc_client_set_trace, apicc_trace_print) against the local
 * HTTP server: every attempt reaches the callback with its method, URL,
 * status, headers, timing and body sizes, and an output scan finds none
 * of the credentials used (Basic, Bearer, API keys in a header, the query
 * and a cookie, a signature's key and value; a session cookie set by the
 * server shows as name=[redacted]) while the non-secret parts are all there.
 */
#define _GNU_SOURCE /* open_memstream */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "http_test.h"

static test_server server;
static char base[64];

/* Everything the trace printed, and how many events came. */
typedef struct sink {
    char *text;
    size_t len;
    FILE *f;
    int events;
    long last_status;
    size_t last_body;
} sink;

static void collect(const apicc_trace_event *e, void *user)
{
    sink *k = user;
    k->events++;
    k->last_status = e->status;
    k->last_body = e->response_body_bytes;
    apicc_trace_print(e, k->f);
}

static const char *const secrets[] = {
    "basic-sekrit-6", "YWxpY2U6YmFzaWMtc2Vrcml0LTY", /* base64 user:pass */
    "bearer-sekrit-1", "hdr-sekrit-2", "query-sekrit-3", "cookie-sekrit-4",
    "sig-key-sekrit-5", "dflt-sekrit-8",
};

static const apicc_auth_scheme basic = {.name = "basic",
                                        .kind = APICC_AUTH_BASIC};
static const apicc_auth_scheme bearer = {.name = "bearer",
                                         .kind = APICC_AUTH_BEARER};
/* Names that do not sound secret: the scheme is what marks them. */
static const apicc_auth_scheme in_header = {
    .name = "in_header", .kind = APICC_AUTH_APIKEY, .in = APICC_IN_HEADER,
    .param_name = "X-Cred"};
static const apicc_auth_scheme in_query = {
    .name = "in_query", .kind = APICC_AUTH_APIKEY, .in = APICC_IN_QUERY,
    .param_name = "qc"};
static const apicc_auth_scheme in_cookie = {
    .name = "in_cookie", .kind = APICC_AUTH_APIKEY, .in = APICC_IN_COOKIE,
    .param_name = "cc"};
static const apicc_payload_part sig_parts[] = {
    {.kind = APICC_PART_QUERY}};
static const apicc_sign_rule sig_rule = {
    .algorithm = APICC_SIGN_HMAC_SHA256, .encoding = APICC_ENC_HEX,
    .parts = sig_parts, .nparts = 1, .key_in = APICC_IN_HEADER,
    .key_name = "X-Who", .signature_in = APICC_IN_QUERY,
    .signature_name = "sg", .timestamp_in = APICC_IN_QUERY,
    .timestamp_name = "ts"};
static const apicc_auth_scheme signed_scheme = {
    .name = "signed", .kind = APICC_AUTH_SIGNATURE, .sign = &sig_rule};

/* Calls GET /echo/visible?page=2 with one scheme. */
static void call_with(apicc_client *c, const apicc_auth_scheme *scheme)
{
    const apicc_auth_scheme *const list[] = {scheme};
    apicc_endpoint ep = http_ep("echo_visible", "GET", "/echo/visible");
    ep.auth = list;
    ep.nauth = 1;
    apicc_arg page = {.name = "page", .in = APICC_IN_QUERY,
                      .type = APICC_T_INT, .i = 2};
    cJSON *out = NULL;
    CHECK_INT(apicc_call(c, &ep, &page, 1, NULL, &out), APICC_OK);
    cJSON_Delete(out);
}

TEST(every_credential_redacted_the_rest_shown)
{
    sink k = {0};
    k.f = open_memstream(&k.text, &k.len);
    apicc_client *c = apicc_client_new(base);
    CHECK(c != NULL && k.f != NULL);
    if (!c || !k.f) {
        apicc_client_free(c);
        return;
    }
    CHECK_INT(apicc_client_set_trace(c, collect, &k), APICC_OK);
    CHECK_INT(apicc_client_add_header(c, "X-Team", "visible-team"), APICC_OK);
    CHECK_INT(apicc_client_add_header(c, "Idempotency-Key", "op-visible-9"),
              APICC_OK);
    CHECK_INT(apicc_client_add_header(c, "X-Api-Token", "dflt-sekrit-8"),
              APICC_OK);
    CHECK_INT(apicc_client_set_basic(c, "alice", "basic-sekrit-6"), APICC_OK);
    CHECK_INT(apicc_client_set_bearer(c, "bearer-sekrit-1"), APICC_OK);
    CHECK_INT(apicc_client_set_api_key(c, "in_header", "hdr-sekrit-2"),
              APICC_OK);
    CHECK_INT(apicc_client_set_api_key(c, "in_query", "query-sekrit-3"),
              APICC_OK);
    CHECK_INT(apicc_client_set_api_key(c, "in_cookie", "cookie-sekrit-4"),
              APICC_OK);
    CHECK_INT(apicc_client_set_api_key(c, "signed", "sig-key-sekrit-5"),
              APICC_OK);
    CHECK_INT(apicc_client_set_hmac_secret(c, "hmac", 4), APICC_OK);
    call_with(c, &basic);
    call_with(c, &bearer);
    call_with(c, &in_header);
    call_with(c, &in_query);
    call_with(c, &in_cookie);
    call_with(c, &signed_scheme);
    apicc_status st;
    /* (the server takes the cookie's value from a plain query param) */
    cJSON *j = http_get(c, "/cookie/set?name=sid&value=ck7", &st);
    CHECK_INT(st, APICC_OK);
    cJSON_Delete(j);
    j = http_get(c, "/status?code=404", &st);
    cJSON_Delete(j);
    CHECK_INT(k.events, 8);
    CHECK_INT(k.last_status, 404);
    CHECK(k.last_body > 0);
    fclose(k.f);
    const char *t = k.text ? k.text : "";
    for (size_t i = 0; i < sizeof secrets / sizeof secrets[0]; i++)
        if (strstr(t, secrets[i]))
            FAIL("secret %s in the trace:\n%s", secrets[i], t);
    /* The signature's value is computed; its name stays, its value not. */
    CHECK(strstr(t, "&sg=[redacted]") != NULL);
    const char *shown[] = {
        "apicc: GET http://127.0.0.1:",
        "/echo/visible?page=2",
        "-> 200 in ",
        "-> 404 in ",
        "(echo_visible, attempt 1, sent 0 B, got ",
        "apicc: > User-Agent: apicc/",
        "apicc: > X-Team: visible-team",
        "apicc: > Idempotency-Key: op-visible-9",
        "apicc: > X-Api-Token: [redacted]",
        "apicc: > Authorization: [redacted]",
        "apicc: > X-Cred: [redacted]",
        "qc=[redacted]",
        "apicc: > Cookie: cc=[redacted]",
        "apicc: > X-Who: [redacted]",
        "apicc: < Set-Cookie: sid=[redacted]; Path=/",
        "apicc: < Content-Type: application/json",
    };
    for (size_t i = 0; i < sizeof shown / sizeof shown[0]; i++)
        if (!strstr(t, shown[i]))
            FAIL("\"%s\" missing from the trace:\n%s", shown[i], t);
    free(k.text);
    apicc_client_free(c);
}

TEST(no_response_and_switching_off)
{
    sink k = {0};
    k.f = open_memstream(&k.text, &k.len);
    apicc_client *c = apicc_client_new("http://127.0.0.1:1");
    CHECK(c != NULL && k.f != NULL);
    if (!c || !k.f) {
        apicc_client_free(c);
        return;
    }
    CHECK_INT(apicc_client_set_trace(c, collect, &k), APICC_OK);
    apicc_status st;
    cJSON *j = http_get(c, "/x", &st);
    CHECK(st != APICC_OK);
    cJSON_Delete(j);
    CHECK_INT(k.events, 1);
    CHECK_INT(k.last_status, 0);
    CHECK_INT(apicc_client_set_trace(c, NULL, NULL), APICC_OK);
    j = http_get(c, "/x", &st);
    cJSON_Delete(j);
    CHECK_INT(k.events, 1);
    fclose(k.f);
    CHECK(k.text && strstr(k.text, "-> no response (") != NULL);
    free(k.text);
    apicc_client_free(c);
}

int main(void)
{
    if (apicc_global_init() != APICC_OK || http_server_start(&server, NULL,
                                                             NULL) != 0) {
        printf("FAIL setup: cannot start the test server\n");
        printf("0 passed, 1 failed\n");
        return 1;
    }
    http_base_url(base, sizeof base, "http", server.port);
    RUN(every_credential_redacted_the_rest_shown);
    RUN(no_response_and_switching_off);
    test_server_stop(&server);
    apicc_global_cleanup();
    return harness_report();
}
