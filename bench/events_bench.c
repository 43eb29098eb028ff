/*
 * Events per second a WebSocket subscription delivers to a typed handler,
 * for bench/events.sh: the generated client of bench/events.yaml asks
 * the server (bench/events_server.js) for N trade events, and its
 * handler receives each read into the Trade model; the loop ends at the
 * untyped "done" frame, which the queue returns.
 *
 *   events_bench URL N      prints "<events/s>"
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "evbench/evbench.h"

typedef struct tally {
    long n;
    long long sum;
} tally;

static void on_trade(void *user, const evbench_trade *ev)
{
    tally *t = user;
    if (ev->price == NULL || ev->symbol == NULL)
        abort();
    t->sum += ev->trade_id;
    t->n++;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: events_bench URL N\n");
        return 2;
    }
    long n = atol(argv[2]);
    apicc_global_init();
    apicc_client *c = evbench_client_new(argv[1]);
    apicc_client_set_timeout_ms(c, 60000);
    tally t = {0, 0};
    evbench_on_trade(c, on_trade, &t);
    double start = now_s();
    evbench_stream_params p = {.n = n};
    apicc_status st = evbench_stream(c, &p);
    cJSON *done = NULL;
    if (st == APICC_OK)
        st = apicc_client_ws_next_event(c, 60000, &done);
    double s = now_s() - start;
    if (st != APICC_OK || t.n != n) {
        fprintf(stderr, "events_bench: %s after %ld of %ld events: %s\n",
                apicc_status_name(st), t.n, n,
                apicc_client_error(c)->message);
        return 1;
    }
    cJSON_Delete(done);
    printf("%.0f\n", (double)n / s);
    apicc_client_free(c);
    apicc_global_cleanup();
    return 0;
}
