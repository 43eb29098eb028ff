/*
 * Requests per second of one way to call a small JSON endpoint, for
 * bench/http.sh:
 *
 *   http_bench reuse BASE_URL N [CA_FILE]   one libcurl easy handle reused
 *   http_bench fresh BASE_URL N [CA_FILE]   a new easy handle per request
 *                                           (openapi-generator's C client)
 *   http_bench apicc BASE_URL N [CA_FILE]   apicc_call on an endpoint filled
 *                                           the way generated code fills it
 *
 * Every mode asks for BASE_URL/json?symbol=BTCUSDT, parses the body with
 * cJSON and checks "ok" is true, so all three do the same work.  A short
 * warm-up runs first; the timed loop prints "<req/s> <client CPU µs per
 * request>" on one line (CPU: user + system time of this process).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sys/resource.h>

#include <cjson/cJSON.h>
#include <curl/curl.h>

#include "apicc/apicc.h"
#include "body_sink.h"

#define WARMUP 50

static int body_ok(const body_sink *s)
{
    cJSON *j = cJSON_ParseWithLength(s->data, s->len);
    int ok = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(j, "ok"));
    cJSON_Delete(j);
    return ok;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double cpu_s(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
           (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
}

static void setup(CURL *h, const char *url, const char *ca, body_sink *s)
{
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, body_sink_write);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, s);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    if (ca)
        curl_easy_setopt(h, CURLOPT_CAINFO, ca);
}

/* One request on handle h (set up already); 1 when the answer is ok. */
static int perform(CURL *h, body_sink *s)
{
    s->len = 0;
    return curl_easy_perform(h) == CURLE_OK && body_ok(s);
}

static long run_reuse(const char *url, const char *ca, long n)
{
    body_sink s = {0};
    CURL *h = curl_easy_init();
    long good = 0;
    setup(h, url, ca, &s);
    for (long i = 0; i < n; i++)
        good += perform(h, &s);
    curl_easy_cleanup(h);
    free(s.data);
    return good;
}

static long run_fresh(const char *url, const char *ca, long n)
{
    body_sink s = {0};
    long good = 0;
    for (long i = 0; i < n; i++) {
        CURL *h = curl_easy_init();
        setup(h, url, ca, &s);
        good += perform(h, &s);
        curl_easy_cleanup(h);
    }
    free(s.data);
    return good;
}

/* What a generated endpoint descriptor for GET /json looks like. */
static const apicc_endpoint ticker = {
    .name = "ticker_get",
    .transport = APICC_TRANSPORT_HTTP,
    .method = "GET",
    .path = "/json",
    .has_response = 1,
};

static long run_apicc(apicc_client *c, long n)
{
    long good = 0;
    for (long i = 0; i < n; i++) {
        apicc_arg arg = {.name = "symbol", .in = APICC_IN_QUERY,
                         .type = APICC_T_STRING, .s = "BTCUSDT"};
        cJSON *out = NULL;
        if (apicc_call(c, &ticker, &arg, 1, NULL, &out) == APICC_OK &&
            cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(out, "ok")))
            good++;
        cJSON_Delete(out);
    }
    return good;
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: %s reuse|fresh|apicc BASE_URL N [CA_FILE]\n",
                argv[0]);
        return 2;
    }
    const char *mode = argv[1], *base = argv[2];
    long n = strtol(argv[3], NULL, 10);
    const char *ca = argc > 4 ? argv[4] : NULL;
    char url[512];
    snprintf(url, sizeof url, "%s/json?symbol=BTCUSDT", base);
    if (n <= 0 || apicc_global_init() != APICC_OK)
        return 2;

    long good = 0;
    double t0 = 0, t1 = 0, c0 = 0, c1 = 0;
    if (strcmp(mode, "reuse") == 0) {
        run_reuse(url, ca, WARMUP);
        c0 = cpu_s();
        t0 = now_s();
        good = run_reuse(url, ca, n);
        t1 = now_s();
        c1 = cpu_s();
    } else if (strcmp(mode, "fresh") == 0) {
        run_fresh(url, ca, WARMUP / 5);
        c0 = cpu_s();
        t0 = now_s();
        good = run_fresh(url, ca, n);
        t1 = now_s();
        c1 = cpu_s();
    } else if (strcmp(mode, "apicc") == 0) {
        apicc_client *c = apicc_client_new(base);
        if (!c || (ca && apicc_client_set_ca_file(c, ca) != APICC_OK))
            return 2;
        run_apicc(c, WARMUP);
        c0 = cpu_s();
        t0 = now_s();
        good = run_apicc(c, n);
        t1 = now_s();
        c1 = cpu_s();
        if (good < n)
            fprintf(stderr, "apicc: %s\n", apicc_client_error(c)->message);
        apicc_client_free(c);
    } else {
        fprintf(stderr, "unknown mode %s\n", mode);
        return 2;
    }
    apicc_global_cleanup();
    if (good != n) {
        fprintf(stderr, "%s: %ld of %ld requests failed\n", mode, n - good,
                n);
        return 1;
    }
    printf("%.0f %.2f\n", (double)n / (t1 - t0), (c1 - c0) * 1e6 / (double)n);
    return 0;
}
