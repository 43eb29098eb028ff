/*
 * Several clients in parallel threads, one client per thread (the
 * documented rule): every call succeeds with its own answer, each client
 * keeps its own single connection, its own cookies and its own last error.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "http_test.h"

#define THREADS 6
#define CALLS 40

static test_server server;
static char base[64];

typedef struct worker {
    int id;
    int ok;         /* calls that returned what this thread sent */
    long connections;
    int cookie_ok;
} worker;

static void *work(void *arg)
{
    worker *w = arg;
    apicc_client *c = apicc_client_new(base);
    if (!c)
        return NULL;
    char tag[32], path[96];
    snprintf(tag, sizeof tag, "t%d", w->id);
    snprintf(path, sizeof path, "/cookie/set?name=who&value=%s", tag);
    apicc_status st;
    cJSON_Delete(http_get(c, path, &st));
    apicc_endpoint ep = http_ep("echo", "GET", "/echo/{tag}");
    for (int i = 0; i < CALLS; i++) {
        apicc_arg args[] = {{.name = "tag", .in = APICC_IN_PATH,
                             .type = APICC_T_STRING, .s = tag},
                            {.name = "i", .in = APICC_IN_QUERY,
                             .type = APICC_T_INT, .i = i}};
        cJSON *out = NULL;
        if (apicc_call(c, &ep, args, 2, NULL, &out) == APICC_OK) {
            char want_path[64], want_query[32];
            snprintf(want_path, sizeof want_path, "/echo/%s", tag);
            snprintf(want_query, sizeof want_query, "i=%d", i);
            const char *p = json_str(out, "path");
            const char *q = json_str(out, "query");
            const char *who = json_str(out, "cookies.who");
            if (p && q && who && strcmp(p, want_path) == 0 &&
                strcmp(q, want_query) == 0 && strcmp(who, tag) == 0)
                w->ok++;
        }
        cJSON_Delete(out);
    }
    w->connections = apicc_client_connection_count(c);
    const char *who = apicc_client_cookie(c, "who");
    w->cookie_ok = who && strcmp(who, tag) == 0;
    apicc_client_free(c);
    return NULL;
}

TEST(clients_in_parallel_threads)
{
    pthread_t th[THREADS];
    worker w[THREADS];
    int started[THREADS] = {0};
    for (int i = 0; i < THREADS; i++) {
        w[i] = (worker){.id = i};
        started[i] = pthread_create(&th[i], NULL, work, &w[i]) == 0;
        CHECK(started[i]);
    }
    for (int i = 0; i < THREADS; i++) {
        if (!started[i])
            continue;
        pthread_join(th[i], NULL);
        CHECK_INT(w[i].ok, CALLS);
        CHECK_INT(w[i].connections, 1);
        CHECK(w[i].cookie_ok);
    }
}

/* Errors live on each client: a thread whose calls fail never sees
 * another thread's success, and the other way round. */
typedef struct failer {
    int fail; /* this thread's calls fail with a 404 */
    int right; /* calls whose status and error matched */
} failer;

static void *fail_work(void *arg)
{
    failer *f = arg;
    apicc_client *c = apicc_client_new(base);
    if (!c)
        return NULL;
    const char *path = f->fail ? "/status?code=404" : "/echo";
    for (int i = 0; i < CALLS; i++) {
        apicc_status st;
        cJSON *out = http_get(c, path, &st);
        const apicc_error *e = apicc_client_error(c);
        if (f->fail ? st == APICC_ERR_HTTP && e->http_status == 404 &&
                          e->status == APICC_ERR_HTTP
                    : st == APICC_OK && e->status == APICC_OK &&
                          e->http_status == 200)
            f->right++;
        cJSON_Delete(out);
    }
    apicc_client_free(c);
    return NULL;
}

TEST(errors_stay_on_their_client)
{
    pthread_t th[THREADS];
    failer f[THREADS];
    int started[THREADS] = {0};
    for (int i = 0; i < THREADS; i++) {
        f[i] = (failer){.fail = i % 2};
        started[i] = pthread_create(&th[i], NULL, fail_work, &f[i]) == 0;
        CHECK(started[i]);
    }
    for (int i = 0; i < THREADS; i++) {
        if (!started[i])
            continue;
        pthread_join(th[i], NULL);
        CHECK_INT(f[i].right, CALLS);
    }
}

int main(void)
{
    /* Once, before any thread starts, as client.h asks. */
    if (apicc_global_init() != APICC_OK ||
        http_server_start(&server, NULL, NULL) != 0) {
        printf("FAIL setup: cannot start the test server\n");
        printf("0 passed, 1 failed\n");
        return 1;
    }
    http_base_url(base, sizeof base, "http", server.port);
    RUN(clients_in_parallel_threads);
    RUN(errors_stay_on_their_client);
    test_server_stop(&server);
    apicc_global_cleanup();
    return harness_report();
}
