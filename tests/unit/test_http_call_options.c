/*
 * Per-call options (apicc_client_set_next_call) against the local HTTP
 * server (tests/servers/http_server.py): extra headers and the
 * idempotency key go out on the next call only, a per-call timeout and a
 * per-call deadline bound that call, and bad options are refused.
 */
#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "http_test.h"
#include "support/test_time.h"

static test_server server;
static char base[64];

static apicc_client *new_client(void)
{
    apicc_client *c = apicc_client_new(base);
    if (!c)
        FAIL("apicc_client_new(%s) failed", base);
    return c;
}

TEST(headers_and_key_go_out_on_the_next_call_only)
{
    apicc_client *c = new_client();
    if (!c)
        return;
    CHECK_INT(apicc_client_add_header(c, "X-Team", "client-wide"), APICC_OK);
    const apicc_header extra[] = {{"X-Request-Tag", "tag-7"},
                                  {"X-Team", "this-call"}};
    apicc_call_options o = {0};
    o.headers = extra;
    o.nheaders = 2;
    o.idempotency_key = "order-2026-0001";
    CHECK_INT(apicc_client_set_next_call(c, &o), APICC_OK);
    apicc_endpoint ep = http_ep("echo_post", "POST", "/echo");
    cJSON *out = NULL;
    CHECK_INT(apicc_call(c, &ep, NULL, 0, NULL, &out), APICC_OK);
    CHECK_STR(json_str(out, "headers.x-request-tag"), "tag-7");
    CHECK_STR(json_str(out, "headers.x-team"), "this-call");
    CHECK_STR(json_str(out, "headers.idempotency-key"), "order-2026-0001");
    cJSON_Delete(out);
    /* The options were used up: the next call sends the client's own. */
    out = NULL;
    CHECK_INT(apicc_call(c, &ep, NULL, 0, NULL, &out), APICC_OK);
    CHECK(json_str(out, "headers.x-request-tag") == NULL);
    CHECK(json_str(out, "headers.idempotency-key") == NULL);
    CHECK_STR(json_str(out, "headers.x-team"), "client-wide");
    cJSON_Delete(out);
    apicc_client_free(c);
}

TEST(a_per_call_timeout_bounds_that_call)
{
    apicc_client *c = new_client();
    if (!c)
        return;
    /* The client waits long; this one call does not. */
    CHECK_INT(apicc_client_set_timeout_ms(c, test_ms(30000)), APICC_OK);
    apicc_call_options o = {0};
    o.timeout_ms = 300;
    CHECK_INT(apicc_client_set_next_call(c, &o), APICC_OK);
    int64_t t0 = apicc__clock_ms();
    apicc_status st;
    cJSON *out = http_get(c, "/hang", &st);
    int64_t took = apicc__clock_ms() - t0;
    CHECK_INT(st, APICC_ERR_TIMEOUT);
    CHECK(out == NULL);
    CHECK(took >= 250 && took < test_ms(5000));
    /* The client's own timeout is back: a normal call works. */
    out = http_get(c, "/echo", &st);
    CHECK_INT(st, APICC_OK);
    cJSON_Delete(out);
    apicc_client_free(c);
}

TEST(a_per_call_deadline_ends_retries)
{
    apicc_client *c = new_client();
    if (!c)
        return;
    CHECK_INT(apicc_client_set_retry(c, 10, 100, 200), APICC_OK);
    apicc_call_options o = {0};
    o.deadline_ms = 400;
    CHECK_INT(apicc_client_set_next_call(c, &o), APICC_OK);
    int64_t t0 = apicc__clock_ms();
    apicc_status st;
    cJSON *out = http_get(c, "/hang", &st);
    int64_t took = apicc__clock_ms() - t0;
    CHECK_INT(st, APICC_ERR_TIMEOUT);
    cJSON_Delete(out);
    CHECK(took < test_ms(5000));
    CHECK(strstr(apicc_client_error(c)->message, "400 ms deadline") != NULL);
    apicc_client_free(c);
}

TEST(bad_options_are_refused_and_set_nothing)
{
    apicc_client *c = new_client();
    if (!c)
        return;
    const apicc_header bad_name[] = {{"X Bad", "v"}};
    const apicc_header bad_value[] = {{"X-Ok", "a\r\nX-Injected: 1"}};
    apicc_call_options o = {0};
    o.headers = bad_name;
    o.nheaders = 1;
    CHECK_INT(apicc_client_set_next_call(c, &o), APICC_ERR_INVALID_ARG);
    o.headers = bad_value;
    CHECK_INT(apicc_client_set_next_call(c, &o), APICC_ERR_INVALID_ARG);
    o.nheaders = 0;
    o.idempotency_key = "k\n";
    CHECK_INT(apicc_client_set_next_call(c, &o), APICC_ERR_INVALID_ARG);
    o.idempotency_key = NULL;
    o.timeout_ms = -1;
    CHECK_INT(apicc_client_set_next_call(c, &o), APICC_ERR_INVALID_ARG);
    CHECK_INT(apicc_client_set_next_call(NULL, &o), APICC_ERR_INVALID_ARG);
    /* Set, then withdrawn with NULL: nothing extra goes out. */
    o.timeout_ms = 0;
    o.idempotency_key = "withdrawn";
    CHECK_INT(apicc_client_set_next_call(c, &o), APICC_OK);
    CHECK_INT(apicc_client_set_next_call(c, NULL), APICC_OK);
    apicc_status st;
    cJSON *out = http_get(c, "/echo", &st);
    CHECK_INT(st, APICC_OK);
    CHECK(json_str(out, "headers.idempotency-key") == NULL);
    cJSON_Delete(out);
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
    RUN(headers_and_key_go_out_on_the_next_call_only);
    RUN(a_per_call_timeout_bounds_that_call);
    RUN(a_per_call_deadline_ends_retries);
    RUN(bad_options_are_refused_and_set_nothing);
    test_server_stop(&server);
    apicc_global_cleanup();
    return harness_report();
}
