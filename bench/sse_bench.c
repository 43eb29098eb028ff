/*
 * Events per second a server-sent events stream delivers to a typed
 * callback, for bench/sse.sh: the generated client of bench/sse.yaml
 * asks bench/sse_server.js for N trades, and its callback receives each
 * read into the Trade model, until "[DONE]".
 *
 *   sse_bench URL N      prints "<events/s>"
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "ssebench/ssebench.h"

typedef struct tally {
    long n;
    long long sum;
} tally;

static int on_trade(void *user, const apicc_sse_event *event,
                    const ssebench_trade *t)
{
    tally *y = user;
    (void)event;
    if (t->price == NULL || t->symbol == NULL)
        abort();
    y->sum += t->trade_id;
    y->n++;
    return 0;
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
        fprintf(stderr, "usage: sse_bench URL N\n");
        return 2;
    }
    long n = atol(argv[2]);
    apicc_global_init();
    apicc_client *c = ssebench_client_new(argv[1]);
    tally y = {0, 0};
    double start = now_s();
    ssebench_trades_params p = {.n = n};
    apicc_status st = ssebench_trades(c, &p, on_trade, &y);
    double s = now_s() - start;
    if (st != APICC_OK || y.n != n) {
        fprintf(stderr, "sse_bench: %s after %ld of %ld events: %s\n",
                apicc_status_name(st), y.n, n,
                apicc_client_error(c)->message);
        return 1;
    }
    printf("%.0f\n", (double)n / s);
    apicc_client_free(c);
    apicc_global_cleanup();
    return 0;
}
