/*
 * Round trips per second of small JSON request/response frames over one
 * WebSocket connection, for bench/ws.sh:
 *
 *   ws_bench raw  URL N [CA_FILE]   apicc_ws: send a request frame, receive
 *                                   the answer, parse it, check the id
 *   ws_bench call URL N [CA_FILE]   apicc_call on an endpoint filled the way
 *                                   generated code fills it (ids, params,
 *                                   matching, result extraction)
 *
 * The server answers {"id", "method", "params"} with
 * {"id", "status": 200, "result": params} (bench/ws_bench_server.py).
 * A short warm-up runs first; the timed loop prints "<round trips/s>".
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "apicc/apicc.h"
#include "apicc/ws.h"

#define WARMUP 200

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int die(const char *what, const char *why)
{
    fprintf(stderr, "ws_bench: %s: %s\n", what, why);
    return 1;
}

/* One raw round trip: the same frame a client library would send. */
static int raw_once(apicc_ws *ws, long i)
{
    char req[160], id[24];
    snprintf(id, sizeof id, "%ld", i);
    int n = snprintf(req, sizeof req,
                     "{\"id\":\"%s\",\"method\":\"echo\",\"params\":"
                     "{\"symbol\":\"BTCUSDT\",\"n\":%ld}}",
                     id, i);
    if (apicc_ws_send(ws, APICC_WS_TEXT, req, (size_t)n) != APICC_OK)
        return -1;
    apicc_ws_message m;
    if (apicc_ws_recv(ws, -1, &m) != APICC_OK)
        return -1;
    cJSON *j = cJSON_ParseWithLength((const char *)m.data, m.len);
    const cJSON *rid = cJSON_GetObjectItemCaseSensitive(j, "id");
    int ok = cJSON_IsString(rid) && strcmp(rid->valuestring, id) == 0;
    cJSON_Delete(j);
    return ok ? 0 : -1;
}

static int run_raw(const char *url, long n, const char *ca)
{
    apicc_ws *ws = apicc_ws_new();
    if (!ws)
        return die("raw", "out of memory");
    if (ca)
        apicc_ws_set_ca_file(ws, ca);
    if (apicc_ws_connect(ws, url) != APICC_OK) {
        int rc = die("connect", apicc_ws_error(ws));
        apicc_ws_free(ws);
        return rc;
    }
    for (long i = 0; i < WARMUP; i++)
        if (raw_once(ws, i) != 0)
            return die("raw", apicc_ws_error(ws));
    double t0 = now_s();
    for (long i = 0; i < n; i++)
        if (raw_once(ws, i) != 0)
            return die("raw", apicc_ws_error(ws));
    double dt = now_s() - t0;
    apicc_ws_close(ws, 1000, NULL);
    apicc_ws_free(ws);
    printf("%.0f\n", (double)n / dt);
    return 0;
}

static const apicc_endpoint echo_ep = {
    .name = "echo",
    .transport = APICC_TRANSPORT_WEBSOCKET,
    .method = "echo",
    .has_response = 1,
};

static int call_once(apicc_client *c, long i)
{
    apicc_arg args[] = {
        {.name = "symbol",
         .in = APICC_IN_PARAM,
         .type = APICC_T_STRING,
         .s = "BTCUSDT"},
        {.name = "n", .in = APICC_IN_PARAM, .type = APICC_T_INT, .i = i},
    };
    cJSON *out = NULL;
    if (apicc_call(c, &echo_ep, args, 2, NULL, &out) != APICC_OK)
        return -1;
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(out, "n");
    int ok = cJSON_IsNumber(v) && (long)v->valuedouble == i;
    cJSON_Delete(out);
    return ok ? 0 : -1;
}

static int run_call(const char *url, long n, const char *ca)
{
    apicc_client *c = apicc_client_new(url);
    if (!c)
        return die("call", "cannot create the client");
    if (ca)
        apicc_client_set_ca_file(c, ca);
    for (long i = 0; i < WARMUP; i++)
        if (call_once(c, i) != 0)
            return die("call", apicc_client_error(c)->message);
    double t0 = now_s();
    for (long i = 0; i < n; i++)
        if (call_once(c, i) != 0)
            return die("call", apicc_client_error(c)->message);
    double dt = now_s() - t0;
    apicc_client_free(c);
    printf("%.0f\n", (double)n / dt);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: ws_bench raw|call URL N [CA_FILE]\n");
        return 2;
    }
    char *end = NULL;
    long n = strtol(argv[3], &end, 10);
    if (!end || *end || n <= 0)
        return die("N", "expected a positive integer");
    const char *ca = argc > 4 ? argv[4] : NULL;
    apicc_global_init();
    int rc;
    if (strcmp(argv[1], "raw") == 0)
        rc = run_raw(argv[2], n, ca);
    else if (strcmp(argv[1], "call") == 0)
        rc = run_call(argv[2], n, ca);
    else
        rc = die("mode", "expected raw or call");
    apicc_global_cleanup();
    return rc;
}
