/*
 * Server-sent events (text/event-stream), parsed as the WHATWG HTML
 * standard's "event stream interpretation" says, fed in chunks of any
 * size as they arrive (sse.c).  Never installed.
 *
 * Lines end in CRLF, LF or a lone CR (also split across chunks); a line
 * starting with ':' is a comment; "field: value" loses one space after
 * the colon; `data` lines are joined with LF; `event` names the type
 * ("message" when absent); `id` (without NUL) sets the last event id,
 * which carries over to later events; `retry` with digits only sets the
 * reconnection time; other fields are ignored.  A blank line dispatches
 * the event unless no data came; an event cut off by the end of the
 * stream is dropped.  A leading UTF-8 BOM is skipped.
 *
 * Memory is bounded: a line or an event's data longer than the limit is
 * an error, so a server that never sends a blank line cannot grow the
 * buffers without end.
 *
 * Layer: bottom (no client state, no I/O).
 */
#ifndef APICC_SSE_INTERNAL_H
#define APICC_SSE_INTERNAL_H

#include <stddef.h>

#include "apicc/status.h"
#include "buf_internal.h"

/* One event, valid during the callback only. */
typedef struct apicc__sse_event {
    const char *type; /* "message" unless an `event:` field said */
    const char *data; /* the data lines joined with LF, NUL-terminated */
    size_t data_len;
    const char *id;   /* the last event id so far ("" when none) */
    long retry_ms;    /* the last `retry:` so far; -1 when none */
} apicc__sse_event;

/* Returns 0 to go on, anything else to stop the stream there. */
typedef int (*apicc__sse_fn)(const apicc__sse_event *e, void *user);

typedef struct apicc__sse {
    apicc__buf line;  /* the line being read */
    apicc__buf data;  /* the event's data so far */
    apicc__buf type;  /* the event's type so far */
    apicc__buf id;    /* the last event id */
    long retry_ms;
    size_t max_bytes; /* limit on a line and on an event's data */
    int after_cr;     /* the last byte was CR: a following LF ends nothing */
    int started;      /* past the first bytes (where a BOM may be) */
    int bom_seen;     /* bytes of the BOM matched so far */
    int stopped;      /* the callback asked to stop */
} apicc__sse;

/* An empty parser; max_bytes 0 means APICC_SSE_DEFAULT_MAX. */
#define APICC_SSE_DEFAULT_MAX ((size_t)1 << 20)
void apicc__sse_init(apicc__sse *p, size_t max_bytes);

/*
 * Feeds the next bytes of the stream, calling fn once per complete event.
 * APICC_OK (when fn asked to stop, `stopped` is set and the rest of the
 * bytes, now and later, are ignored); APICC_ERR_TOO_LARGE when a line or
 * an event's data passes the limit; APICC_ERR_NOMEM.
 */
apicc_status apicc__sse_feed(apicc__sse *p, const char *bytes, size_t len,
                             apicc__sse_fn fn, void *user);

/* Wipes and frees what the parser holds (an event cut off by the end of
 * the stream is dropped, as the standard says). */
void apicc__sse_free(apicc__sse *p);

#endif
