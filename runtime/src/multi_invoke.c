/*
 * apicc_invoke_start: an operation started on a multi (apicc/multi.h).
 *
 * It is a blocking operation (invoke.c) cut in two: the params and the
 * body become a job now, with the same functions, and the answer becomes
 * the typed result when the job ends, again with the same functions; in
 * between the transport runs it (http_multi.c).  The job owns copies of
 * everything the caller passed, so the caller's params and body may go
 * as soon as the call started; only a file or multipart body is read
 * from the caller's memory while it is sent.
 */
#include <stdlib.h>
#include <string.h>

#include "apicc/multi.h"
#include "apicc/sign.h"
#include "call_internal.h"
#include "client_internal.h"
#include "invoke_params_internal.h"
#include "multi_internal.h"

typedef struct started {
    apicc__http_job job; /* first: the transport hands it back */
    const apicc_operation *op;
    apicc__call_args args;
    char *copies;        /* the args' strings, copied; wiped when freed */
    size_t copies_len;
    apicc__payload payload;
    apicc__buf text;     /* the body as sent, when in memory */
    apicc__receive recv;
    void *result;        /* the result struct or the download */
    int result_borrowed; /* the caller's (apicc_invoke_start_into) */
    apicc_done_fn done;
    void (*fn)(void);
    void *user;
} started;

/* Copies every string the args point to into one block the call owns:
 * the caller's params may be gone before the call is sent (or sent
 * again). */
static int own_strings(started *w)
{
    apicc_arg *a = w->args.args;
    size_t n = w->args.nargs, need = 0;
    for (size_t i = 0; i < n; i++) {
        if (a[i].s)
            need += strlen(a[i].s) + 1;
        if (a[i].key)
            need += strlen(a[i].key) + 1;
    }
    if (!need)
        return 1;
    char *p = malloc(need);
    if (!p)
        return 0;
    w->copies = p;
    w->copies_len = need;
    for (size_t i = 0; i < n; i++) {
        if (a[i].s) {
            size_t len = strlen(a[i].s) + 1;
            memcpy(p, a[i].s, len);
            a[i].s = p;
            p += len;
        }
        if (a[i].key) {
            size_t len = strlen(a[i].key) + 1;
            memcpy(p, a[i].key, len);
            a[i].key = p;
            p += len;
        }
    }
    return 1;
}

/* A body in the caller's memory (bytes or text) becomes the call's. */
static int own_body(started *w)
{
    if (w->payload.kind != APICC__PAYLOAD_MEMORY ||
        w->payload.data == w->text.data)
        return 1;
    apicc__buf_reset(&w->text);
    apicc__buf_put(&w->text, w->payload.data, w->payload.len);
    if (w->text.failed)
        return 0;
    w->payload.data = w->text.data ? w->text.data : "";
    return 1;
}

static void dispose(apicc__http_job *j)
{
    started *w = (started *)(void *)j;
    apicc__call_args_free(&w->args);
    if (w->copies) {
        apicc_wipe(w->copies, w->copies_len); /* a param may be a key */
        free(w->copies);
    }
    apicc__buf_free(&w->text);
    if (w->result && !w->result_borrowed) {
        if (w->op->nresponses > 0)
            apicc_result_free(w->op, w->result);
        else
            apicc_download_free(w->result);
        free(w->result);
    }
    free(w);
}

/* The call ended: the answer into the typed result, then the callback. */
static void done(apicc__http_job *j, apicc_status st, const cJSON *resp)
{
    started *w = (started *)(void *)j;
    const apicc_operation *op = w->op;
    apicc_client *c = j->c;
    st = apicc__call_answered(c, &op->endpoint, st, resp);
    void *model = NULL;
    if (st != APICC_ERR_CANCELLED)
        st = apicc__invoke_answer(c, op, st, resp, w->result,
                                  op->response ? &model : NULL);
    void *out = op->nresponses > 0 || !op->response ? w->result : model;
    w->done(w->fn, w->user, c, st, out);
}

/* Whether the answer of `op` goes into storage the call allocates: a
 * result struct, or a download held in memory. */
static size_t result_size(const apicc_operation *op)
{
    if (op->nresponses > 0)
        return op->result_size;
    if (!op->response && (op->response_media == APICC_MEDIA_BYTES ||
                          op->response_media == APICC_MEDIA_TEXT))
        return sizeof(apicc_download);
    return 0;
}

APICC_API apicc_status apicc_invoke_start(apicc_multi *m, apicc_client *c,
                                          const apicc_operation *op,
                                          const void *params,
                                          const void *body,
                                          apicc_done_fn done_fn,
                                          void (*fn)(void), void *user)
{
    return apicc_invoke_start_into(m, c, op, params, body, NULL, done_fn, fn,
                                   user);
}

APICC_API apicc_status apicc_invoke_start_into(apicc_multi *m,
                                               apicc_client *c,
                                               const apicc_operation *op,
                                               const void *params,
                                               const void *body, void *out,
                                               apicc_done_fn done_fn,
                                               void (*fn)(void), void *user)
{
    if (!c)
        return APICC_ERR_INVALID_ARG;
    apicc__error_reset(c);
    if (!m || !op || !done_fn || !fn) {
        apicc__next_call_clear(c);
        return apicc__fail(c, APICC_ERR_INVALID_ARG,
                           "apicc_invoke_start: missing multi, operation or "
                           "callback");
    }
    if (op->endpoint.transport != APICC_TRANSPORT_HTTP || op->stream ||
        (op->nresponses > 0 && op->result_size == 0)) {
        apicc__next_call_clear(c);
        return apicc__fail(c, APICC_ERR_INVALID_ARG,
                           "%s: only an HTTP call that is not a stream can "
                           "be started on a multi", op->endpoint.name);
    }
    apicc_status st = apicc__invoke_check_body(c, op, body);
    size_t size = result_size(op);
    if (st == APICC_OK && out && !size)
        st = apicc__fail(c, APICC_ERR_INVALID_ARG,
                         "%s: answers into storage of the caller's are for "
                         "bytes, text or answers by status",
                         op->endpoint.name);
    started *w = st == APICC_OK ? calloc(1, sizeof *w) : NULL;
    if (st == APICC_OK && !w)
        st = apicc__fail(c, APICC_ERR_NOMEM, "out of memory");
    int args_made = 0, has = 0;
    if (st == APICC_OK) {
        w->op = op;
        if (out) {
            w->result = out;
            w->result_borrowed = 1;
            if (op->nresponses > 0) /* reused: starts empty, as blocking */
                apicc_result_free(op, out);
        } else if (size && !(w->result = calloc(1, size))) {
            st = apicc__fail(c, APICC_ERR_NOMEM, "out of memory");
        }
    }
    if (st == APICC_OK) {
        st = apicc__params_to_args(c, op, params, &w->args);
        args_made = st == APICC_OK;
    }
    if (st == APICC_OK && !own_strings(w))
        st = apicc__fail(c, APICC_ERR_NOMEM, "out of memory");
    if (st == APICC_OK)
        st = apicc__invoke_payload(c, op, body, &w->payload, &w->text, &has);
    if (st == APICC_OK && has && !own_body(w))
        st = apicc__fail(c, APICC_ERR_NOMEM, "out of memory");
    if (st == APICC_OK) {
        /* bytes go where the caller's download says (a file, a
         * callback); storage of the call's own holds them in memory */
        w->recv = apicc__invoke_receive(c, op,
                                        w->result_borrowed ? w->result : NULL);
        w->done = done_fn;
        w->fn = fn;
        w->user = user;
        w->job.c = c;
        w->job.ep = &op->endpoint;
        w->job.args = w->args.args;
        w->job.nargs = w->args.nargs;
        w->job.body = has ? &w->payload : NULL;
        w->job.recv = &w->recv;
        w->job.done = done;
        w->job.dispose = dispose;
        st = apicc__multi_submit(m, &w->job);
        if (st == APICC_OK)
            return APICC_OK;
    } else {
        apicc__next_call_clear(c);
    }
    if (w) {
        if (!args_made)
            memset(&w->args, 0, sizeof w->args);
        dispose(&w->job);
    }
    return st;
}
