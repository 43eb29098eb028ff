/*
 * The apicc side of bench/multi.sh: the generated client of
 * bench/multi.yaml calling GET /item, whose answer is read into the Item
 * model ({"id":1,"name":...}) and checked.
 *
 *   multi_bench seq BASE_URL N CA_FILE       blocking mbench_get_item
 *                                            calls, one after another
 *   multi_bench multi K BASE_URL N CA_FILE   K mbench_get_item_start calls
 *                                            in flight on one apicc_multi,
 *                                            refilled from the callback
 *
 * The client is left at its defaults but for the CA file: HTTP/2 over
 * TLS where the server offers it, so the listener of BASE_URL decides the
 * protocol (bench/multi.sh runs one HTTP/1.1 and one HTTP/2 listener).
 * A first batch (K calls, or 50 sequential ones) opens the connections
 * and is not counted; then prints "<calls/s> <client CPU µs per call>
 * <peak RSS KiB>" (CPU: user + system of this process over the timed
 * calls, getrusage).  Any failed call makes it fail.
 *
 * With MULTI_BENCH_KEEP_ALLOCATORS=1 in the environment the runtime leaves
 * libcurl's and cJSON's allocation functions alone
 * (APICC_GLOBAL_KEEP_ALLOCATORS), so what wiping their freed memory costs
 * can be told apart from the rest.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sys/resource.h>

#include "mbench/mbench.h"

#define SEQ_WARMUP 50

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

/* 1 when a call ended well with the item the server answers; the first
 * few failures are told (the count comes at the end). */
static int item_ok(apicc_client *c, apicc_status st, const mbench_item *it)
{
    static int told;
    if (st != APICC_OK) {
        if (told++ < 3)
            fprintf(stderr, "multi_bench: %s: %s\n",
                    apicc_status_name(st), apicc_client_error(c)->message);
        return 0;
    }
    return it != NULL && it->id == 1 && it->name != NULL;
}

/* Blocking calls one after another; the number that failed. */
static long run_seq(apicc_client *c, long n)
{
    long failed = 0;
    for (long i = 0; i < n; i++) {
        mbench_item *it = NULL;
        apicc_status st = mbench_get_item(c, &it);
        failed += !item_ok(c, st, it);
        mbench_item_free(it);
    }
    return failed;
}

typedef struct batch {
    apicc_multi *m;
    apicc_client *c;
    long total;
    long started;
    long done;
    long failed;
} batch;

static void on_item(void *user, apicc_client *c, apicc_status st,
                    mbench_item *out);

static void start_one(batch *b)
{
    b->started++;
    apicc_status st = mbench_get_item_start(b->m, b->c, on_item, b);
    if (st != APICC_OK) {
        fprintf(stderr, "multi_bench: start: %s: %s\n",
                apicc_status_name(st), apicc_client_error(b->c)->message);
        b->failed++;
        b->done++;
    }
}

/* Each call that ends makes room for the next one. */
static void on_item(void *user, apicc_client *c, apicc_status st,
                    mbench_item *out)
{
    batch *b = user;
    b->failed += !item_ok(c, st, out);
    b->done++;
    mbench_item_free(out);
    if (b->started < b->total)
        start_one(b);
}

/* `total` calls with k in flight; the number that failed. */
static long run_multi(apicc_multi *m, apicc_client *c, long k, long total)
{
    batch b = {.m = m, .c = c, .total = total};
    for (long i = 0; i < k && b.started < total; i++)
        start_one(&b);
    size_t pending = apicc_multi_pending(m);
    while (pending > 0) {
        apicc_status st = apicc_multi_poll(m, 1000, &pending);
        if (st != APICC_OK) {
            fprintf(stderr, "multi_bench: poll: %s\n", apicc_status_name(st));
            return total;
        }
    }
    if (b.done != total) {
        fprintf(stderr, "multi_bench: %ld of %ld calls ended\n", b.done,
                total);
        return total;
    }
    return b.failed;
}

int main(int argc, char **argv)
{
    int multi = argc == 6 && strcmp(argv[1], "multi") == 0;
    if (!multi && !(argc == 5 && strcmp(argv[1], "seq") == 0)) {
        fprintf(stderr, "usage: multi_bench seq BASE_URL N CA_FILE\n"
                        "       multi_bench multi K BASE_URL N CA_FILE\n");
        return 2;
    }
    long k = multi ? strtol(argv[2], NULL, 10) : 1;
    const char *base = argv[multi ? 3 : 2], *ca = argv[multi ? 5 : 4];
    long n = strtol(argv[multi ? 4 : 3], NULL, 10);
    const char *keep = getenv("MULTI_BENCH_KEEP_ALLOCATORS");
    unsigned flags = keep && strcmp(keep, "1") == 0
                         ? APICC_GLOBAL_KEEP_ALLOCATORS
                         : 0u;
    if (n <= 0 || k <= 0 || apicc_global_init_flags(flags) != APICC_OK)
        return 2;
    apicc_client *c = mbench_client_new(base);
    if (!c || apicc_client_set_ca_file(c, ca) != APICC_OK)
        return 2;

    long failed = 0;
    double t0 = 0, t1 = 0, c0 = 0, c1 = 0;
    if (!multi) {
        failed += run_seq(c, SEQ_WARMUP);
        c0 = cpu_s();
        t0 = now_s();
        failed += run_seq(c, n);
        t1 = now_s();
        c1 = cpu_s();
    } else {
        apicc_multi *m = apicc_multi_new();
        if (!m)
            return 2;
        failed += run_multi(m, c, k, k);
        c0 = cpu_s();
        t0 = now_s();
        failed += run_multi(m, c, k, n);
        t1 = now_s();
        c1 = cpu_s();
        apicc_multi_free(m);
    }
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    apicc_client_free(c);
    apicc_global_cleanup();
    if (failed) {
        fprintf(stderr, "multi_bench: %ld calls failed\n", failed);
        return 1;
    }
    printf("%.0f %.2f %ld\n", (double)n / (t1 - t0),
           (c1 - c0) * 1e6 / (double)n, ru.ru_maxrss);
    return 0;
}
