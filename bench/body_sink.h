/*
 * The answer body in memory, as the bare-libcurl baselines of the
 * benchmarks (bench/http_bench.c, bench/multi_bare.c) collect it: a
 * growing buffer kept one byte ahead for a terminating NUL, and the
 * libcurl write callback that fills it.
 */
#ifndef APICC_BENCH_BODY_SINK_H
#define APICC_BENCH_BODY_SINK_H

#include <stdlib.h>
#include <string.h>

typedef struct body_sink {
    char *data;
    size_t len;
    size_t cap;
} body_sink;

/* CURLOPT_WRITEFUNCTION with a body_sink as CURLOPT_WRITEDATA. */
static inline size_t body_sink_write(char *p, size_t size, size_t n, void *ud)
{
    body_sink *s = ud;
    size_t len = size * n;
    if (s->len + len + 1 > s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 4096;
        while (cap < s->len + len + 1)
            cap *= 2;
        char *d = realloc(s->data, cap);
        if (!d)
            return 0;
        s->data = d;
        s->cap = cap;
    }
    memcpy(s->data + s->len, p, len);
    s->len += len;
    return len;
}

#endif
