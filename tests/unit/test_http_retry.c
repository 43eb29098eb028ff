/*
 * The retry policy against tests/servers/http_server.py: 503 and 429 are
 * retried for any method, other statuses never; a failure after the
 * request was sent is retried only for idempotent endpoints; Retry-After
 * (seconds or an HTTP date) is honoured up to the maximum delay; a
 * signed request is signed again, with a fresh timestamp, per attempt.
 *
 * Timing checks are lower bounds only (a wait at least this long), which
 * a slow machine cannot break.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "apicc/sign.h"

#include "harness.h"
#include "http_test.h"

static test_server server;
static char base[64];
static int key_seq;

static apicc_client *new_client(int attempts, long base_ms, long max_ms)
{
    apicc_client *c = apicc_client_new(base);
    if (!c) {
        FAIL("apicc_client_new(%s) failed", base);
        return NULL;
    }
    CHECK_INT(apicc_client_set_retry(c, attempts, base_ms, max_ms), APICC_OK);
    return c;
}

static long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Calls /flaky with a fresh key; returns the status, the key in `key`. */
static apicc_status flaky(apicc_client *c, const char *method,
                          const char *params, char *key, size_t cap)
{
    snprintf(key, cap, "k%d", ++key_seq);
    char path[256];
    snprintf(path, sizeof path, "/flaky?key=%s&%s", key, params);
    apicc_endpoint ep = http_ep("flaky", method, path);
    cJSON *out = NULL;
    apicc_status st = apicc_call(c, &ep, NULL, 0, NULL, &out);
    cJSON_Delete(out);
    return st;
}

TEST(no_retry_by_default)
{
    apicc_client *c = apicc_client_new(base);
    if (!c)
        return;
    char key[32];
    CHECK_INT(flaky(c, "GET", "fail=1&retry_after=0", key, sizeof key),
              APICC_ERR_HTTP);
    CHECK_INT(apicc_client_error(c)->http_status, 503);
    CHECK_INT(http_attempts(c, key), 1);
    apicc_client_free(c);
}

TEST(retries_503_then_succeeds)
{
    apicc_client *c = new_client(3, 1, 20);
    if (!c)
        return;
    char key[32];
    CHECK_INT(flaky(c, "GET", "fail=2", key, sizeof key), APICC_OK);
    CHECK_INT(http_attempts(c, key), 3);
    CHECK_INT(apicc_client_error(c)->status, APICC_OK);
    /* Every attempt went over the same kept-alive connection. */
    CHECK_INT(apicc_client_connection_count(c), 1);
    apicc_client_free(c);
}

TEST(retries_429_and_503_even_for_post)
{
    apicc_client *c = new_client(3, 1, 20);
    if (!c)
        return;
    char key[32];
    CHECK_INT(flaky(c, "POST", "fail=1&status=429&retry_after=0", key,
                    sizeof key),
              APICC_OK);
    CHECK_INT(http_attempts(c, key), 2);
    CHECK_INT(flaky(c, "POST", "fail=2&status=503", key, sizeof key),
              APICC_OK);
    CHECK_INT(http_attempts(c, key), 3);
    apicc_client_free(c);
}

TEST(other_statuses_are_not_retried)
{
    apicc_client *c = new_client(3, 1, 20);
    if (!c)
        return;
    char key[32];
    CHECK_INT(flaky(c, "GET", "fail=1&status=500", key, sizeof key),
              APICC_ERR_HTTP);
    CHECK_INT(http_attempts(c, key), 1);
    CHECK_INT(flaky(c, "GET", "fail=1&status=400", key, sizeof key),
              APICC_ERR_HTTP);
    CHECK_INT(http_attempts(c, key), 1);
    apicc_client_free(c);
}

TEST(gives_up_after_max_attempts)
{
    apicc_client *c = new_client(2, 1, 20);
    if (!c)
        return;
    char key[32];
    CHECK_INT(flaky(c, "GET", "fail=5&retry_after=0", key, sizeof key),
              APICC_ERR_HTTP);
    /* Read the error before the next call on this client replaces it. */
    const apicc_error *e = apicc_client_error(c);
    CHECK_INT(e->http_status, 503);
    CHECK(strstr(e->message, "after 2 attempts") != NULL);
    CHECK_STR(apicc_client_response_header(c, "Retry-After"), "0");
    CHECK_INT(http_attempts(c, key), 2);
    apicc_client_free(c);
}

TEST(retry_after_seconds_honoured)
{
    /* Backoff alone would wait about 1 ms; Retry-After: 1 asks for a
     * second, capped at the 400 ms maximum. */
    apicc_client *c = new_client(2, 1, 400);
    if (!c)
        return;
    char key[32];
    long t0 = now_ms();
    CHECK_INT(flaky(c, "GET", "fail=1&retry_after=1", key, sizeof key),
              APICC_OK);
    long waited = now_ms() - t0;
    CHECK(waited >= 380);
    CHECK_INT(http_attempts(c, key), 2);
    apicc_client_free(c);
}

TEST(retry_after_http_date_honoured)
{
    apicc_client *c = new_client(2, 1, 400);
    if (!c)
        return;
    char key[32];
    long t0 = now_ms();
    /* A date at least 2 s ahead (second resolution), capped at 400 ms. */
    CHECK_INT(flaky(c, "GET", "fail=1&retry_after=date:3", key, sizeof key),
              APICC_OK);
    CHECK(now_ms() - t0 >= 380);
    CHECK_INT(http_attempts(c, key), 2);
    apicc_client_free(c);
}

TEST(backoff_waits_between_attempts)
{
    /* No Retry-After: base 100 ms, doubling, half of it jitter: at least
     * 50 + 100 ms over the two waits. */
    apicc_client *c = new_client(3, 100, 1000);
    if (!c)
        return;
    char key[32];
    long t0 = now_ms();
    CHECK_INT(flaky(c, "GET", "fail=2", key, sizeof key), APICC_OK);
    CHECK(now_ms() - t0 >= 140);
    CHECK_INT(http_attempts(c, key), 3);
    apicc_client_free(c);
}

TEST(timeouts_after_sending_only_retried_when_idempotent)
{
    apicc_client *c = new_client(2, 1, 10);
    if (!c)
        return;
    CHECK_INT(apicc_client_set_timeout_ms(c, 250), APICC_OK);
    apicc_endpoint get = http_ep("hang", "GET", "/hang");
    cJSON *out = NULL;
    CHECK_INT(apicc_call(c, &get, NULL, 0, NULL, &out), APICC_ERR_TIMEOUT);
    CHECK(strstr(apicc_client_error(c)->message, "after 2 attempts") != NULL);
    apicc_endpoint post = http_ep("hang", "POST", "/hang");
    CHECK_INT(apicc_call(c, &post, NULL, 0, NULL, &out), APICC_ERR_TIMEOUT);
    CHECK(strstr(apicc_client_error(c)->message, "attempts") == NULL);
    /* Marked idempotent by the spec, a POST may be retried. */
    post.idempotent = 1;
    CHECK_INT(apicc_call(c, &post, NULL, 0, NULL, &out), APICC_ERR_TIMEOUT);
    CHECK(strstr(apicc_client_error(c)->message, "after 2 attempts") != NULL);
    /* Marked not idempotent by the spec, a GET is not retried once its
     * request went out. */
    get.idempotent = -1;
    CHECK_INT(apicc_call(c, &get, NULL, 0, NULL, &out), APICC_ERR_TIMEOUT);
    CHECK(strstr(apicc_client_error(c)->message, "attempts") == NULL);
    apicc_client_free(c);
}

TEST(failures_before_sending_are_retried)
{
    apicc_client *c = apicc_client_new("http://127.0.0.1:1");
    if (!c)
        return;
    CHECK_INT(apicc_client_set_retry(c, 3, 1, 5), APICC_OK);
    apicc_endpoint post = http_ep("refused", "POST", "/x");
    cJSON *out = NULL;
    CHECK_INT(apicc_call(c, &post, NULL, 0, NULL, &out),
              APICC_ERR_TRANSPORT);
    CHECK(strstr(apicc_client_error(c)->message, "after 3 attempts") != NULL);
    apicc_client_free(c);
}

/* A call deadline stops the retries: with time for only a part of the
 * attempts, the call fails early and says why.  Counts, not upper time
 * bounds, prove it, so a slow machine cannot break the test. */
TEST(call_deadline_stops_retries)
{
    /* Five tries, each 503 with Retry-After: 1 (capped at 400 ms): the
     * waits alone would take 1.6 s; the deadline leaves room for one or
     * two attempts. */
    apicc_client *c = new_client(5, 1, 400);
    if (!c)
        return;
    CHECK_INT(apicc_client_set_call_deadline_ms(c, 600), APICC_OK);
    char key[32];
    CHECK_INT(flaky(c, "GET", "fail=5&retry_after=1", key, sizeof key),
              APICC_ERR_HTTP);
    CHECK(strstr(apicc_client_error(c)->message,
                 "the call's 600 ms deadline passed") != NULL);
    CHECK_INT(apicc_client_error(c)->http_status, 503);
    int tries = http_attempts(c, key);
    CHECK(tries >= 1 && tries <= 2);
    /* With the deadline off again, all five are made. */
    CHECK_INT(apicc_client_set_call_deadline_ms(c, 0), APICC_OK);
    CHECK_INT(apicc_client_set_retry(c, 5, 1, 5), APICC_OK);
    CHECK_INT(flaky(c, "GET", "fail=5&retry_after=0", key, sizeof key),
              APICC_ERR_HTTP);
    CHECK(strstr(apicc_client_error(c)->message, "deadline") == NULL);
    CHECK(strstr(apicc_client_error(c)->message, "after 5 attempts") != NULL);
    CHECK_INT(http_attempts(c, key), 5);
    apicc_client_free(c);
}

TEST(call_deadline_shortens_an_attempt)
{
    /* A 20 s timeout, but 300 ms for the whole call: the hanging server's
     * attempt is cut at the deadline and not retried. */
    apicc_client *c = new_client(3, 1, 10);
    if (!c)
        return;
    CHECK_INT(apicc_client_set_timeout_ms(c, 20000), APICC_OK);
    CHECK_INT(apicc_client_set_call_deadline_ms(c, 300), APICC_OK);
    apicc_endpoint get = http_ep("hang", "GET", "/hang");
    cJSON *out = NULL;
    long t0 = now_ms();
    CHECK_INT(apicc_call(c, &get, NULL, 0, NULL, &out), APICC_ERR_TIMEOUT);
    CHECK(now_ms() - t0 >= 290);
    const char *msg = apicc_client_error(c)->message;
    CHECK(strstr(msg, "the call's 300 ms deadline passed") != NULL);
    CHECK(strstr(msg, "after 3 attempts") == NULL);
    CHECK_INT(apicc_client_set_call_deadline_ms(c, -1),
              APICC_ERR_INVALID_ARG);
    apicc_client_free(c);
}

/* A Binance-style rule: key in a header, timestamp and signature in the
 * query, so the server can check what each attempt signed. */
static const apicc_payload_part query_part[] = {{APICC_PART_QUERY, NULL}};
static const apicc_sign_rule query_rule = {
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
static const apicc_auth_scheme signed_scheme = {.name = "hmac",
                                                .kind = APICC_AUTH_SIGNATURE,
                                                .sign = &query_rule};

static int64_t wall_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

TEST(retry_signs_again_with_a_fresh_timestamp)
{
    /* The first well-signed attempt gets 503; the retry waits at least
     * 50 ms (base 100, half of it jitter), so a signature made once for
     * the whole call would carry a timestamp from before the wait. */
    apicc_client *c = new_client(2, 100, 1000);
    if (!c)
        return;
    CHECK_INT(apicc_client_set_api_key(c, "hmac", "test-key"), APICC_OK);
    CHECK_INT(apicc_client_set_hmac_secret(c, "test-secret", 11), APICC_OK);
    const apicc_auth_scheme *list[] = {&signed_scheme};
    apicc_endpoint ep = http_ep("order", "GET", "/signed");
    ep.auth = list;
    ep.nauth = 1;
    char key[32];
    snprintf(key, sizeof key, "k%d", ++key_seq);
    apicc_arg args[] = {{.name = "key", .in = APICC_IN_QUERY,
                         .type = APICC_T_STRING, .s = key},
                        {.name = "fail", .in = APICC_IN_QUERY,
                         .type = APICC_T_INT, .i = 1}};
    cJSON *out = NULL;
    int64_t t0 = wall_ms();
    CHECK_INT(apicc_call(c, &ep, args, 2, NULL, &out), APICC_OK);
    CHECK_INT(http_attempts(c, key), 2);
    const char *signed_q = json_str(out, "signed");
    const char *ts = signed_q ? strstr(signed_q, "&timestamp=") : NULL;
    CHECK(ts != NULL);
    if (ts) {
        int64_t when = strtoll(ts + strlen("&timestamp="), NULL, 10);
        CHECK(when >= t0 + 45);
        CHECK(when <= wall_ms());
    }
    cJSON_Delete(out);
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
    RUN(no_retry_by_default);
    RUN(retries_503_then_succeeds);
    RUN(retries_429_and_503_even_for_post);
    RUN(other_statuses_are_not_retried);
    RUN(gives_up_after_max_attempts);
    RUN(retry_after_seconds_honoured);
    RUN(retry_after_http_date_honoured);
    RUN(backoff_waits_between_attempts);
    RUN(timeouts_after_sending_only_retried_when_idempotent);
    RUN(failures_before_sending_are_retried);
    RUN(call_deadline_stops_retries);
    RUN(call_deadline_shortens_an_attempt);
    RUN(retry_signs_again_with_a_fresh_timestamp);
    test_server_stop(&server);
    apicc_global_cleanup();
    return harness_report();
}
