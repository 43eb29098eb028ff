/*
 * Streaming endpoints: an answer of server-sent events
 * (text/event-stream), handed to a callback one event at a time as it
 * arrives, each read into the endpoint's model when the spec names one.
 * The generated function of an endpoint with `stream:` calls
 * apicc_invoke_stream; see docs/spec-format.md, "Streams".
 */
#ifndef APICC_STREAM_H
#define APICC_STREAM_H

#include <stddef.h>

#include "client.h"
#include "export.h"
#include "model.h"

#ifdef __cplusplus
extern "C" {
#endif

/* One event, borrowed for the callback (WHATWG "event stream
 * interpretation"). */
typedef struct apicc_sse_event {
    const char *type; /* "message" unless the event named another */
    const char *data; /* the data lines joined with LF, NUL-terminated */
    size_t data_len;
    const char *id;   /* the last event id so far, "" when none */
    long retry_ms;    /* the last `retry:` so far, -1 when none */
} apicc_sse_event;

/* Calls the typed callback `fn` (stored as void (*)(void)) with an event
 * and its data read into the model (NULL without one); returns what the
 * callback returns, nonzero to stop.  Generated code supplies it. */
typedef int (*apicc_stream_deliver_fn)(void (*fn)(void), void *user,
                                       const apicc_sse_event *event,
                                       const void *data);

/*
 * Calls a streaming operation (op->stream) and hands every event to `fn`
 * through `deliver`, in order, until the stream ends, the event data
 * equals op->stream->done (not delivered), or the callback returns
 * nonzero: all APICC_OK.  Limits apply per event, not to the whole
 * stream: the client's timeout (or the next call's) is the longest wait
 * for the next event, and its response size limit the largest event.
 * An event whose data does not match the model, or one over the limit,
 * ends the stream with APICC_ERR_RESPONSE or APICC_ERR_TOO_LARGE; the
 * events before it were delivered.
 */
APICC_API apicc_status apicc_invoke_stream(apicc_client *c,
                                           const apicc_operation *op,
                                           const void *params,
                                           const void *body,
                                           apicc_stream_deliver_fn deliver,
                                           void (*fn)(void), void *user);

#ifdef __cplusplus
}
#endif
#endif
