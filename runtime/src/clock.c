/*
 * The two clocks: monotonic for deadlines, the wall clock for signed
 * timestamps.  One place, so every deadline in the runtime measures time
 * the same way.
 */
#include <time.h>

#include "clock_internal.h"

static int64_t ms_of(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t apicc__clock_ms(void)
{
    return ms_of(CLOCK_MONOTONIC);
}

int64_t apicc__wall_ms(void)
{
    return ms_of(CLOCK_REALTIME);
}
