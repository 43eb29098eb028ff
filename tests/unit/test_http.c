/*
 * The HTTP runtime against a local keep-alive server
 * (tests/servers/http_server.py): connection reuse, what goes on the wire
 * (path, query, headers, cookies, JSON bodies), errors (HTTP statuses,
 * provider error bodies, timeouts, size cap), the cookie store, and the
 * refusal of header injection.  Auth schemes are in test_http_auth.c,
 * retries in test_http_retry.c, TLS in test_http_tls.c, threads in
 * test_http_threads.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "http_test.h"

static test_server server;
static char base[64];

static apicc_client *new_client(void)
{
    apicc_client *c = apicc_client_new(base);
    if (!c)
        FAIL("apicc_client_new(%s) failed", base);
    return c;
}

TEST(keep_alive_reuses_one_connection)
{
    apicc_client *c = new_client();
    if (!c)
        return;
    long before = http_server_connections(c);
    CHECK(before >= 1);
    for (int i = 0; i < 20; i++) {
        apicc_status st;
        cJSON *j = http_get(c, "/echo", &st);
        CHECK_INT(st, APICC_OK);
        cJSON_Delete(j);
    }
    /* The server saw no new connection, and the client opened one. */
    CHECK_INT(http_server_connections(c), before);
    CHECK_INT(apicc_client_connection_count(c), 1);
    apicc_client_free(c);
}

TEST(request_on_the_wire)
{
    apicc_client *c = new_client();
    if (!c)
        return;
    apicc_endpoint ep = http_ep("echo_get", "GET", "/echo/{id}/x");
    apicc_arg args[] = {
        {.name = "id", .in = APICC_IN_PATH, .type = APICC_T_STRING,
         .s = "a/b c"},
        {.name = "symbol", .in = APICC_IN_QUERY, .type = APICC_T_STRING,
         .s = "BTC USDT"},
        {.name = "ids", .in = APICC_IN_QUERY, .type = APICC_T_INT, .i = 1,
         .array = 1},
        {.name = "ids", .in = APICC_IN_QUERY, .type = APICC_T_INT, .i = 2,
         .array = 1},
        {.name = "X-Trace", .in = APICC_IN_HEADER, .type = APICC_T_STRING,
         .s = "t-1"},
        {.name = "pref", .in = APICC_IN_COOKIE, .type = APICC_T_STRING,
         .s = "dark"},
    };
    cJSON *out = NULL;
    CHECK_INT(apicc_call(c, &ep, args, 6, NULL, &out), APICC_OK);
    CHECK_STR(json_str(out, "method"), "GET");
    CHECK_STR(json_str(out, "path"), "/echo/a%2Fb%20c/x");
    CHECK_STR(json_str(out, "query"), "symbol=BTC%20USDT&ids=1&ids=2");
    CHECK_STR(json_str(out, "headers.x-trace"), "t-1");
    CHECK_STR(json_str(out, "headers.accept"), "*/*");
    CHECK_STR(json_str(out, "headers.user-agent"), "apicc/0.1.0");
    CHECK_STR(json_str(out, "cookies.pref"), "dark");
    CHECK_INT(apicc_client_last_http_status(c), 200);
    CHECK_STR(apicc_client_response_header(c, "content-type"),
              "application/json");
    CHECK_STR(apicc_client_response_header(c, "CONTENT-TYPE"),
              "application/json");
    CHECK(apicc_client_response_header(c, "X-Nope") == NULL);
    CHECK_INT(apicc_client_error(c)->status, APICC_OK);
    cJSON_Delete(out);
    apicc_client_free(c);
}

TEST(json_bodies_and_methods)
{
    apicc_client *c = new_client();
    if (!c)
        return;
    static const char *const methods[] = {"POST", "PUT", "PATCH", "DELETE"};
    for (size_t i = 0; i < 4; i++) {
        apicc_endpoint ep = http_ep("echo_body", methods[i], "/echo");
        cJSON *body = cJSON_CreateObject();
        cJSON_AddNumberToObject(body, "qty", 1.5);
        cJSON_AddStringToObject(body, "note", "caf\xc3\xa9 \"q\"");
        cJSON *out = NULL;
        CHECK_INT(apicc_call(c, &ep, NULL, 0, body, &out), APICC_OK);
        CHECK_STR(json_str(out, "method"), methods[i]);
        CHECK_STR(json_str(out, "headers.content-type"), "application/json");
        cJSON *sent = cJSON_Parse(json_str(out, "body"));
        CHECK(sent && cJSON_Compare(sent, body, 1));
        cJSON_Delete(sent);
        cJSON_Delete(out);
        cJSON_Delete(body);
    }
    /* A body-less POST after them, then a GET: nothing carries over. */
    apicc_endpoint post = http_ep("post", "POST", "/echo");
    cJSON *out = NULL;
    CHECK_INT(apicc_call(c, &post, NULL, 0, NULL, &out), APICC_OK);
    CHECK_STR(json_str(out, "method"), "POST");
    CHECK_STR(json_str(out, "headers.content-length"), "0");
    CHECK_STR(json_str(out, "body"), "");
    cJSON_Delete(out);
    apicc_status st;
    out = http_get(c, "/echo", &st);
    CHECK_INT(st, APICC_OK);
    CHECK_STR(json_str(out, "method"), "GET");
    CHECK(json_str(out, "headers.content-length") == NULL);
    cJSON_Delete(out);
    /* HEAD: no body expected or read. */
    apicc_endpoint head = http_ep("head", "HEAD", "/echo");
    head.has_response = 0;
    CHECK_INT(apicc_call(c, &head, NULL, 0, NULL, &out), APICC_OK);
    CHECK(out == NULL);
    CHECK_INT(apicc_client_connection_count(c), 1);
    apicc_client_free(c);
}

TEST(default_headers_and_user_agent)
{
    apicc_client *c = new_client();
    if (!c)
        return;
    CHECK_INT(apicc_client_add_header(c, "X-Client", "one"), APICC_OK);
    CHECK_INT(apicc_client_add_header(c, "x-client", "two"), APICC_OK);
    CHECK_INT(apicc_client_add_header(c, "X-Gone", "x"), APICC_OK);
    CHECK_INT(apicc_client_add_header(c, "X-Gone", NULL), APICC_OK);
    CHECK_INT(apicc_client_set_user_agent(c, "tester/2"), APICC_OK);
    apicc_status st;
    cJSON *out = http_get(c, "/echo", &st);
    CHECK_INT(st, APICC_OK);
    CHECK_STR(json_str(out, "headers.x-client"), "two");
    CHECK(json_str(out, "headers.x-gone") == NULL);
    CHECK_STR(json_str(out, "headers.user-agent"), "tester/2");
    cJSON_Delete(out);
    /* A header argument replaces a default of the same name. */
    apicc_endpoint ep = http_ep("echo", "GET", "/echo");
    apicc_arg a = {.name = "X-Client", .in = APICC_IN_HEADER,
                   .type = APICC_T_STRING, .s = "arg"};
    CHECK_INT(apicc_call(c, &ep, &a, 1, NULL, &out), APICC_OK);
    CHECK_STR(json_str(out, "headers.x-client"), "arg");
    cJSON_Delete(out);
    apicc_client_free(c);
}

TEST(header_injection_refused)
{
    apicc_client *c = new_client();
    if (!c)
        return;
    long before = http_server_connections(c);
    apicc_endpoint ep = http_ep("echo", "GET", "/echo");
    apicc_arg a = {.name = "X-Note", .in = APICC_IN_HEADER,
                   .type = APICC_T_STRING, .s = "hi\r\nX-Admin: yes"};
    cJSON *out = NULL;
    CHECK_INT(apicc_call(c, &ep, &a, 1, NULL, &out), APICC_ERR_INVALID_ARG);
    CHECK(out == NULL);
    CHECK(strstr(apicc_client_error(c)->message, "X-Note") != NULL);
    a.s = "hi\nX-Admin: yes";
    CHECK_INT(apicc_call(c, &ep, &a, 1, NULL, &out), APICC_ERR_INVALID_ARG);
    /* A cookie value cannot add a cookie either: what RFC 6265 leaves
     * out of a cookie value is percent-encoded (param_encode.c). */
    apicc_arg ck = {.name = "pref", .in = APICC_IN_COOKIE,
                    .type = APICC_T_STRING, .s = "x; admin=1"};
    CHECK_INT(apicc_call(c, &ep, &ck, 1, NULL, &out), APICC_OK);
    CHECK_STR(json_str(out, "headers.cookie"), "pref=x%3B%20admin=1");
    cJSON_Delete(out);
    out = NULL;
    CHECK_INT(apicc_client_add_header(c, "X-A", "v\r\nX-B: w"),
              APICC_ERR_INVALID_ARG);
    CHECK_INT(apicc_client_add_header(c, "X-A\r\nX-B", "v"),
              APICC_ERR_INVALID_ARG);
    CHECK_INT(apicc_client_set_user_agent(c, "ua\r\nX-B: w"),
              APICC_ERR_INVALID_ARG);
    CHECK_INT(apicc_client_set_bearer(c, "tok\nX-B: w"),
              APICC_ERR_INVALID_ARG);
    CHECK_INT(apicc_client_set_api_key(c, "k", "key\r\n"),
              APICC_ERR_INVALID_ARG);
    /* A method is a token too: no request line injection. */
    apicc_endpoint bad = http_ep("bad", "GET / HTTP/1.1\r\nX:", "/echo");
    CHECK_INT(apicc_call(c, &bad, NULL, 0, NULL, &out),
              APICC_ERR_INVALID_ARG);
    /* Nothing was sent, and the connection is still the first one. */
    CHECK_INT(http_server_connections(c), before);
    apicc_client_free(c);
}

TEST(http_error_status)
{
    apicc_client *c = new_client();
    if (!c)
        return;
    apicc_status st;
    cJSON *out = http_get(c, "/status?code=404", &st);
    CHECK_INT(st, APICC_ERR_HTTP);
    CHECK(out == NULL);
    const apicc_error *e = apicc_client_error(c);
    CHECK_INT(e->status, APICC_ERR_HTTP);
    CHECK_INT(e->http_status, 404);
    CHECK(e->provider_code == NULL && e->provider_message == NULL);
    CHECK(e->body && strstr(e->body, "as asked"));
    CHECK(e->message && strstr(e->message, "404"));
    CHECK_INT(apicc_client_last_http_status(c), 404);
    CHECK_STR(apicc_client_response_header(c, "x-ratelimit-remaining"), "7");
    /* A listed success status other than 2xx. */
    apicc_endpoint ep = http_ep("accepts_404", "GET", "/status?code=404");
    static const int ok404[] = {404};
    ep.success = ok404;
    ep.nsuccess = 1;
    CHECK_INT(apicc_call(c, &ep, NULL, 0, NULL, &out), APICC_OK);
    CHECK_STR(json_str(out, "status"), "as asked");
    CHECK_INT(apicc_client_error(c)->status, APICC_OK);
    CHECK(apicc_client_error(c)->body == NULL);
    cJSON_Delete(out);
    /* ...which makes a 200 a failure. */
    ep.path = "/status?code=200";
    CHECK_INT(apicc_call(c, &ep, NULL, 0, NULL, &out), APICC_ERR_HTTP);
    apicc_client_free(c);
}

TEST(provider_error_fields)
{
    apicc_client *c = new_client();
    if (!c)
        return;
    static const apicc_error_shape flat = {"code", "msg"};
    static const apicc_error_shape nested = {"error.code", "error.message"};
    apicc_endpoint ep = http_ep("err", "GET", "/error?status=400");
    ep.errors = &flat;
    cJSON *out = NULL;
    CHECK_INT(apicc_call(c, &ep, NULL, 0, NULL, &out), APICC_ERR_PROVIDER);
    const apicc_error *e = apicc_client_error(c);
    CHECK_INT(e->http_status, 400);
    CHECK_STR(e->provider_code, "-1022");
    CHECK_STR(e->provider_message,
              "Signature for this request is not valid.");
    ep.path = "/error?status=422&shape=nested";
    ep.errors = &nested;
    CHECK_INT(apicc_call(c, &ep, NULL, 0, NULL, &out), APICC_ERR_PROVIDER);
    CHECK_STR(e->provider_code, "invalid_argument");
    CHECK_STR(e->provider_message, "field x is wrong");
    /* An auth failure stays an auth failure, with the provider's words. */
    ep.path = "/error?status=401&shape=nested";
    CHECK_INT(apicc_call(c, &ep, NULL, 0, NULL, &out), APICC_ERR_AUTH);
    CHECK_STR(e->provider_code, "invalid_argument");
    /* A numeric code too long for a double keeps every digit. */
    ep.path = "/error?status=400&shape=long_code";
    ep.errors = &flat;
    CHECK_INT(apicc_call(c, &ep, NULL, 0, NULL, &out), APICC_ERR_PROVIDER);
    CHECK_STR(e->provider_code, "90071992547409931");
    ep.errors = &nested;
    /* A shape that does not match leaves the fields empty. */
    ep.path = "/error?status=400";
    CHECK_INT(apicc_call(c, &ep, NULL, 0, NULL, &out), APICC_ERR_HTTP);
    CHECK(e->provider_code == NULL && e->provider_message == NULL);
    apicc_client_free(c);
}

TEST(error_body_truncated_to_4k)
{
    apicc_client *c = new_client();
    if (!c)
        return;
    apicc_endpoint ep = http_ep("big_error", "GET", "/large?n=10000");
    static const int only201[] = {201};
    ep.success = only201;
    ep.nsuccess = 1;
    cJSON *out = NULL;
    CHECK_INT(apicc_call(c, &ep, NULL, 0, NULL, &out), APICC_ERR_HTTP);
    const char *body = apicc_client_error(c)->body;
    CHECK(body != NULL);
    CHECK_INT(body ? strlen(body) : 0, 4096);
    apicc_client_free(c);
}

TEST(response_size_cap)
{
    apicc_client *c = new_client();
    if (!c)
        return;
    CHECK_INT(apicc_client_set_max_response_bytes(c, 1000), APICC_OK);
    apicc_status st;
    cJSON *out = http_get(c, "/large?n=500", &st);
    CHECK_INT(st, APICC_OK);
    CHECK(cJSON_IsString(out));
    cJSON_Delete(out);
    out = http_get(c, "/large?n=5000", &st); /* Content-Length says so */
    CHECK_INT(st, APICC_ERR_TOO_LARGE);
    CHECK(out == NULL);
    out = http_get(c, "/large?n=100000&chunked=1", &st); /* found reading */
    CHECK_INT(st, APICC_ERR_TOO_LARGE);
    /* The client works on afterwards. */
    out = http_get(c, "/echo", &st);
    CHECK_INT(st, APICC_OK);
    cJSON_Delete(out);
    apicc_client_free(c);
}

TEST(bodies_that_are_not_json)
{
    apicc_client *c = new_client();
    if (!c)
        return;
    apicc_status st;
    cJSON *out = http_get(c, "/notjson", &st);
    CHECK_INT(st, APICC_ERR_RESPONSE);
    CHECK_STR(apicc_client_error(c)->body, "hello, not json");
    CHECK_INT(apicc_client_error(c)->http_status, 200);
    apicc_endpoint ep = http_ep("no_response", "GET", "/notjson");
    ep.has_response = 0;
    CHECK_INT(apicc_call(c, &ep, NULL, 0, NULL, &out), APICC_OK);
    CHECK(out == NULL);
    out = http_get(c, "/empty", &st); /* 204 */
    CHECK_INT(st, APICC_OK);
    CHECK(out == NULL);
    /* A NULL out is allowed: the response is dropped. */
    CHECK_INT(apicc_call(c, &ep, NULL, 0, NULL, NULL), APICC_OK);
    apicc_client_free(c);
}

TEST(timeout_on_a_server_that_never_answers)
{
    apicc_client *c = new_client();
    if (!c)
        return;
    CHECK_INT(apicc_client_set_timeout_ms(c, 300), APICC_OK);
    apicc_status st;
    cJSON *out = http_get(c, "/hang", &st);
    CHECK_INT(st, APICC_ERR_TIMEOUT);
    CHECK(out == NULL);
    const apicc_error *e = apicc_client_error(c);
    CHECK(e->transport_message != NULL);
    CHECK_INT(e->http_status, 0);
    CHECK_INT(apicc_client_last_http_status(c), 0);
    /* The next call opens a fresh connection and works. */
    out = http_get(c, "/echo", &st);
    CHECK_INT(st, APICC_OK);
    cJSON_Delete(out);
    CHECK_INT(apicc_client_connection_count(c), 2);
    apicc_client_free(c);
}

TEST(connection_refused)
{
    /* Port 1 on loopback: nothing listens there in a test sandbox. */
    apicc_client *c = apicc_client_new("http://127.0.0.1:1");
    CHECK(c != NULL);
    if (!c)
        return;
    apicc_status st;
    cJSON *out = http_get(c, "/x", &st);
    CHECK_INT(st, APICC_ERR_TRANSPORT);
    CHECK(out == NULL);
    CHECK(apicc_client_error(c)->transport_message != NULL);
    apicc_client_free(c);
}

TEST(cookie_store)
{
    apicc_client *c = new_client();
    apicc_client *other = new_client();
    if (!c || !other)
        return;
    CHECK(apicc_client_cookie(c, "pref") == NULL);
    apicc_status st;
    cJSON *out = http_get(c, "/cookie/set?name=pref&value=dark", &st);
    CHECK_INT(st, APICC_OK);
    cJSON_Delete(out);
    CHECK_STR(apicc_client_cookie(c, "pref"), "dark");
    out = http_get(c, "/cookie/set?name=lang&value=en", &st);
    cJSON_Delete(out);
    out = http_get(c, "/echo", &st);
    CHECK_STR(json_str(out, "cookies.pref"), "dark");
    CHECK_STR(json_str(out, "cookies.lang"), "en");
    cJSON_Delete(out);
    /* A configuration change keeps them. */
    CHECK_INT(apicc_client_set_timeout_ms(c, 20000), APICC_OK);
    out = http_get(c, "/echo", &st);
    CHECK_STR(json_str(out, "cookies.pref"), "dark");
    cJSON_Delete(out);
    out = http_get(c, "/cookie/set?name=late&value=1", &st);
    cJSON_Delete(out);
    CHECK_STR(apicc_client_cookie(c, "late"), "1");
    /* Cookies are per client. */
    out = http_get(other, "/echo", &st);
    CHECK(json_str(out, "cookies.pref") == NULL);
    CHECK(apicc_client_cookie(other, "pref") == NULL);
    cJSON_Delete(out);
    /* Forgetting everything drops the cookies too. */
    apicc_client_clear_credentials(c, NULL);
    CHECK(apicc_client_cookie(c, "pref") == NULL);
    out = http_get(c, "/echo", &st);
    CHECK(json_str(out, "cookies.pref") == NULL);
    CHECK(json_str(out, "cookies.lang") == NULL);
    cJSON_Delete(out);
    apicc_client_free(c);
    apicc_client_free(other);
}

/* The test server also answers absolute-form requests, as a forward
 * proxy would: the target host is never resolved, the proxy is asked. */
TEST(proxy)
{
    apicc_client *c = apicc_client_new("http://api.apicc-test.invalid");
    if (!c)
        return;
    CHECK_INT(apicc_client_set_proxy(c, base), APICC_OK);
    apicc_status st;
    cJSON *out = http_get(c, "/echo/p", &st);
    CHECK_INT(st, APICC_OK);
    CHECK_STR(json_str(out, "path"), "/echo/p");
    CHECK_STR(json_str(out, "headers.host"), "api.apicc-test.invalid");
    cJSON_Delete(out);
    /* Without the proxy the made-up host cannot be resolved. */
    CHECK_INT(apicc_client_set_proxy(c, NULL), APICC_OK);
    out = http_get(c, "/echo/p", &st);
    CHECK(st == APICC_ERR_RESOLVE || st == APICC_ERR_TRANSPORT);
    CHECK(out == NULL);
    apicc_client_free(c);
}

TEST(configuration_checks)
{
    CHECK(apicc_client_new(NULL) == NULL);
    CHECK(apicc_client_new("") == NULL);
    CHECK(apicc_client_new("ftp://h") == NULL);
    CHECK(apicc_client_new("http://") == NULL);
    CHECK(apicc_client_new("http://h /x") == NULL);
    CHECK(apicc_client_new("http://h\r\n") == NULL);
    apicc_client *c = new_client();
    if (!c)
        return;
    CHECK_STR(apicc_client_base_url(c), base);
    CHECK_INT(apicc_client_set_retry(c, 0, 1, 1), APICC_ERR_INVALID_ARG);
    CHECK_INT(apicc_client_set_retry(c, 2, 10, 5), APICC_ERR_INVALID_ARG);
    CHECK_INT(apicc_client_set_retry(c, 2, -1, 5), APICC_ERR_INVALID_ARG);
    CHECK_INT(apicc_client_error(c)->status, APICC_ERR_INVALID_ARG);
    CHECK_INT(apicc_client_set_timeout_ms(c, -1), APICC_ERR_INVALID_ARG);
    CHECK_INT(apicc_client_set_connect_timeout_ms(c, -1),
              APICC_ERR_INVALID_ARG);
    CHECK_INT(apicc_client_set_timeout_ms(c, 0), APICC_OK);
    CHECK_INT(apicc_client_add_header(c, "", "v"), APICC_ERR_INVALID_ARG);
    /* NULL everywhere is refused, never a crash. */
    CHECK_INT(apicc_client_set_timeout_ms(NULL, 1), APICC_ERR_INVALID_ARG);
    CHECK_INT(apicc_call(NULL, NULL, NULL, 0, NULL, NULL),
              APICC_ERR_INVALID_ARG);
    CHECK_INT(apicc_client_error(NULL)->status, APICC_ERR_INVALID_ARG);
    CHECK_INT(apicc_call(c, NULL, NULL, 0, NULL, NULL), APICC_ERR_INVALID_ARG);
    apicc_client_free(NULL);
    apicc_client_fail(c, APICC_ERR_RESPONSE, "parse failed");
    CHECK_INT(apicc_client_error(c)->status, APICC_ERR_RESPONSE);
    CHECK_STR(apicc_client_error(c)->message, "parse failed");
    apicc_client_free(c);
    /* An HTTP endpoint on a WebSocket base URL cannot be sent. */
    c = apicc_client_new("ws://127.0.0.1:1/ws");
    CHECK(c != NULL);
    apicc_status st;
    http_get(c, "/x", &st);
    CHECK_INT(st, APICC_ERR_INVALID_ARG);
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
    RUN(keep_alive_reuses_one_connection);
    RUN(request_on_the_wire);
    RUN(json_bodies_and_methods);
    RUN(default_headers_and_user_agent);
    RUN(header_injection_refused);
    RUN(http_error_status);
    RUN(provider_error_fields);
    RUN(error_body_truncated_to_4k);
    RUN(response_size_cap);
    RUN(bodies_that_are_not_json);
    RUN(timeout_on_a_server_that_never_answers);
    RUN(connection_refused);
    RUN(cookie_store);
    RUN(proxy);
    RUN(configuration_checks);
    test_server_stop(&server);
    apicc_global_cleanup();
    return harness_report();
}
