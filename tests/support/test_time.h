/*
 * Bounded waits in tests, scaled for slow runs.
 *
 * Under valgrind a test program runs tens of times slower, and a wait
 * sized for a normal run (a server's start, a TLS handshake within the
 * connect timeout) can pass before the work is done.  `make memcheck`
 * sets APICC_TEST_TIME_SCALE, and every wait a test sizes goes through
 * test_ms so that one number stretches them all.
 */
#ifndef APICC_TESTS_TEST_TIME_H
#define APICC_TESTS_TEST_TIME_H

#include <stdlib.h>

/* APICC_TEST_TIME_SCALE as a whole number from 1 to 100 (1 when unset or
 * not a number). */
static inline long test_time_scale(void)
{
    const char *s = getenv("APICC_TEST_TIME_SCALE");
    long n = s ? strtol(s, NULL, 10) : 1;
    return n >= 1 && n <= 100 ? n : 1;
}

/* `ms` stretched by the run's time scale. */
static inline int test_ms(long ms)
{
    long scaled = ms * test_time_scale();
    return scaled > 2000000000L ? 2000000000 : (int)scaled;
}

#endif
