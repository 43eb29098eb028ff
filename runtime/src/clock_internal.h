/*
 * The runtime's clocks (never installed).  Bottom layer: depends on
 * nothing else in the runtime.
 */
#ifndef APICC_CLOCK_INTERNAL_H
#define APICC_CLOCK_INTERNAL_H

#include <stdint.h>

/* Milliseconds on a monotonic clock, for deadlines (HTTP and WebSocket):
 * it never steps back when the wall clock is set. */
int64_t apicc__clock_ms(void);

/* Milliseconds since the epoch on the wall clock, for timestamps a server
 * compares with its own (a client's fixed time is applied by
 * apicc__now_ms, config_internal.h). */
int64_t apicc__wall_ms(void);

#endif
