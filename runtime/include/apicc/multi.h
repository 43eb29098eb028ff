/*
 * Many calls at once on one thread: a multi runs any number of HTTP
 * calls side by side over libcurl's multi interface (connections reused
 * across calls, HTTP/2 multiplexed where the server offers it) and hands
 * each typed result to a completion callback.  The blocking functions
 * are unchanged; the generated `<p>_<x>_start` of an HTTP endpoint starts
 * the same call on a multi.
 *
 * A started call follows the same rules as a blocking one: the client's
 * retry policy (each retry re-signed, its wait a timer rather than a
 * sleep), timeouts and the call's deadline, credentials, the next call's
 * options, and the client's cookies (sent, and kept from its answer:
 * one jar per client, whichever way its calls run).  Everything runs on the thread that drives the multi, either
 * with the poll loop (apicc_multi_poll, apicc_multi_run) or from the
 * user's own event loop (apicc_multi_set_event_hooks); a multi and the
 * clients of its calls are used from that one thread only.
 */
#ifndef APICC_MULTI_H
#define APICC_MULTI_H

#include <stddef.h>

#include "client.h"
#include "export.h"
#include "model.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct apicc_multi apicc_multi;

/* A new multi with no calls; NULL when out of memory. */
APICC_API apicc_multi *apicc_multi_new(void);

/*
 * Ends the calls still pending, each with APICC_ERR_CANCELLED through
 * its callback, then frees the multi.  NULL is fine.  Must not be called
 * from a completion callback.
 */
APICC_API void apicc_multi_free(apicc_multi *m);

/*
 * The most transfers on the wire at once (0, the default: no limit);
 * calls started beyond it wait their turn in the order they were
 * started.  Over HTTP/2 one connection carries many of them.
 */
APICC_API apicc_status apicc_multi_set_max_in_flight(apicc_multi *m,
                                                     size_t max);

/* Calls started and not completed yet (waiting, on the wire, or waiting
 * to be retried). */
APICC_API size_t apicc_multi_pending(const apicc_multi *m);

/*
 * The poll loop, one turn: waits at most `wait_ms` for network activity
 * or a timer, then moves every ready transfer on and runs the completion
 * callbacks of the calls that ended.  *pending (may be NULL) receives
 * apicc_multi_pending.  APICC_ERR_INVALID_ARG when event hooks are set
 * (the user's loop drives the multi then) or when called from a
 * completion callback.
 */
APICC_API apicc_status apicc_multi_poll(apicc_multi *m, long wait_ms,
                                        size_t *pending);

/* Turns the poll loop until no call is pending. */
APICC_API apicc_status apicc_multi_run(apicc_multi *m);

/* ---- driving the multi from the user's event loop ---------------------- */

enum {
    APICC_POLL_IN = 1,    /* wait until the socket is readable */
    APICC_POLL_OUT = 2,   /* wait until it is writable */
    APICC_POLL_REMOVE = 4 /* stop watching it */
};

/* The timer passed to apicc_multi_socket_ready when it expired. */
#define APICC_MULTI_TIMEOUT (-1)

/* Watch `fd` for `what` (APICC_POLL_IN and/or APICC_POLL_OUT), replacing
 * what was watched before, or stop watching it (APICC_POLL_REMOVE). */
typedef void (*apicc_multi_socket_fn)(void *user, int fd, int what);
/* Call apicc_multi_socket_ready(m, APICC_MULTI_TIMEOUT, 0) in
 * `timeout_ms` (0: as soon as possible), replacing any timer set before;
 * -1 removes the timer. */
typedef void (*apicc_multi_timer_fn)(void *user, long timeout_ms);

/*
 * Hands the multi's sockets and its one timer to the user's event loop
 * (epoll, libuv, ...).  Set before the first call is started; from then
 * on the loop calls apicc_multi_socket_ready and apicc_multi_poll is
 * refused.
 */
APICC_API apicc_status apicc_multi_set_event_hooks(apicc_multi *m,
                                                   apicc_multi_socket_fn sock,
                                                   apicc_multi_timer_fn timer,
                                                   void *user);

/*
 * Tells the multi that `fd` is ready for `what` (APICC_POLL_IN and/or
 * APICC_POLL_OUT), or with fd APICC_MULTI_TIMEOUT that its timer
 * expired; moves the transfers on and runs the completion callbacks of
 * the calls that ended.
 */
APICC_API apicc_status apicc_multi_socket_ready(apicc_multi *m, int fd,
                                                int what);

/* ---- starting calls (generated `<p>_<x>_start` functions) ------------- */

/*
 * Calls the typed completion callback `fn` (stored as void (*)(void))
 * with the call's outcome and answer; generated code supplies it.  `out`
 * is what the operation answers: a model the callback owns (freed with
 * the model's _free), the result struct of an operation with per-status
 * answers (borrowed for the callback; a member set to NULL is kept by
 * the callback), an apicc_download held in memory (borrowed), or NULL.
 */
typedef void (*apicc_done_fn)(void (*fn)(void), void *user, apicc_client *c,
                              apicc_status st, void *out);

/*
 * Starts `op` on the multi with `c`'s settings and credentials; `done`
 * and `fn` are required.  The
 * params and the body are read now: the call keeps its own copy of
 * them, except for what a multipart body or a file body points to
 * (files are read while they are sent), which must stay valid until the
 * callback.  Answers read as bytes go to memory (within the response
 * size limit), or where apicc_invoke_start_into says.  On success the call is pending and `done` is called
 * exactly once, from apicc_multi_poll, apicc_multi_socket_ready or
 * apicc_multi_free; during it apicc_client_error, the last HTTP status
 * and the response headers of `c` describe this call.  A call that
 * cannot start (a missing required param, no credentials, out of
 * memory) returns its error with the reason on the client, and `done` is
 * not called (a call that waited its turn behind max_in_flight reports
 * such a failure through `done`).  Streaming and WebSocket operations are refused
 * (APICC_ERR_INVALID_ARG); a paginated one fetches the page its params
 * name.  `c` must outlive its pending calls.
 */
APICC_API apicc_status apicc_invoke_start(apicc_multi *m, apicc_client *c,
                                          const apicc_operation *op,
                                          const void *params,
                                          const void *body,
                                          apicc_done_fn done,
                                          void (*fn)(void), void *user);

/*
 * apicc_invoke_start with the answer going into storage of the caller's,
 * as apicc_invoke_into does for a blocking call: `out` is an
 * apicc_download for an operation answering bytes or text (its to_path
 * or to_fn streams them, with no size limit; neither keeps them in
 * memory), or the result struct of one with answers by status (emptied
 * first; a download member's choice is kept).  It must stay valid until
 * the callback, which gets it as `out`; the caller frees what it holds
 * after.  NULL is apicc_invoke_start; `out` for another kind of
 * operation is APICC_ERR_INVALID_ARG.
 */
APICC_API apicc_status apicc_invoke_start_into(apicc_multi *m,
                                               apicc_client *c,
                                               const apicc_operation *op,
                                               const void *params,
                                               const void *body, void *out,
                                               apicc_done_fn done,
                                               void (*fn)(void), void *user);

#ifdef __cplusplus
}
#endif
#endif
