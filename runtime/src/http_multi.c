/*
 * Many HTTP calls at once on libcurl's multi interface (apicc/multi.h).
 *
 * Each started call (a job, multi_internal.h) has a transfer state of
 * its own, taken from the multi's pool, so its handle, request and
 * answer never mix with another call's; the multi keeps the connections
 * (and HTTP/2 streams) they share.  An attempt is built and read by the
 * same two halves a blocking call uses (apicc__http_attempt_begin and
 * _end, http.c), so signing, credentials, limits and the reading of the
 * answer are one code.  What differs is waiting: a retry's delay is a
 * timer on the multi rather than a sleep, so the other calls go on.
 *
 * A job is on one list at a time: queued (behind max_in_flight),
 * running (its handle in libcurl), or waiting (for a retry's due time).
 * While its answer is read and its callback runs, the job's transfer
 * state sits in the client's HTTP slot, so everything that reads "the
 * last response" through the client (Retry-After, the status, headers,
 * the body a result is filled from) reads this call's.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "client_internal.h"
#include "http_internal.h"
#include "multi_internal.h"

enum { QUEUED, RUNNING, WAITING, NLISTS, NOWHERE = -1 };

typedef struct job_list {
    apicc__http_job *head, *tail;
    size_t n;
} job_list;

struct apicc_multi {
    CURLM *cm;
    job_list lists[NLISTS];
    size_t max_in_flight;      /* 0: no limit */
    struct apicc__http_state **pool; /* idle transfer states */
    size_t npool, cappool;
    int depth;                 /* inside a completion callback */
    int closing;               /* apicc_multi_free is cancelling */
    /* the user's event loop (apicc_multi_set_event_hooks) */
    apicc_multi_socket_fn on_socket;
    apicc_multi_timer_fn on_timer;
    void *hook_user;
    int64_t curl_due;          /* libcurl's timer, absolute ms; -1: none */
    int64_t timer_set;         /* what the user's timer was set to; -1 */
};

/* ---- lists ---------------------------------------------------------------- */

static void list_add(apicc_multi *m, apicc__http_job *j, int where)
{
    job_list *l = &m->lists[where];
    j->where = where;
    j->prev = l->tail;
    j->next_job = NULL;
    if (l->tail)
        l->tail->next_job = j;
    else
        l->head = j;
    l->tail = j;
    l->n++;
}

static void list_remove(apicc_multi *m, apicc__http_job *j)
{
    if (j->where == NOWHERE)
        return;
    job_list *l = &m->lists[j->where];
    if (j->prev)
        j->prev->next_job = j->next_job;
    else
        l->head = j->next_job;
    if (j->next_job)
        j->next_job->prev = j->prev;
    else
        l->tail = j->prev;
    l->n--;
    j->where = NOWHERE;
    j->prev = j->next_job = NULL;
}

/* ---- transfer states ------------------------------------------------------ */

static struct apicc__http_state *take_state(apicc_multi *m)
{
    if (m->npool)
        return m->pool[--m->npool];
    return apicc__http_state_new();
}

/* Back to the pool, holding nothing of the call: its answer is wiped
 * (it may carry a token) and its client's cookies taken off, since the
 * next call on this handle may be another client's. */
static void give_state(apicc_multi *m, struct apicc__http_state *s)
{
    apicc__buf_reset(&s->body);
    apicc__http_drop_header_copies(s);
    apicc__http_stream_reset(s);
    s->ep = NULL;
    s->recv = NULL;
    apicc__http_unshare_cookies(s);
    if (m->npool == m->cappool) {
        size_t cap = m->cappool ? m->cappool * 2 : 16;
        struct apicc__http_state **p = realloc(m->pool, cap * sizeof *p);
        if (!p) {
            apicc__http_state_free(s);
            return;
        }
        m->pool = p;
        m->cappool = cap;
    }
    m->pool[m->npool++] = s;
}

/* ---- the user's timer ----------------------------------------------------- */

/* When the first waiting retry is due (absolute ms); -1: none. */
static int64_t retry_due(const apicc_multi *m)
{
    int64_t due = -1;
    for (apicc__http_job *j = m->lists[WAITING].head; j; j = j->next_job)
        if (due < 0 || j->due < due)
            due = j->due;
    return due;
}

/* The earliest time something is due: libcurl's timer or a retry. */
static int64_t next_due(const apicc_multi *m)
{
    int64_t due = retry_due(m);
    if (m->curl_due >= 0 && (due < 0 || m->curl_due < due))
        due = m->curl_due;
    return due;
}

/* Tells the user's loop when to call back, when that changed. */
static void update_timer(apicc_multi *m)
{
    if (!m->on_timer)
        return;
    int64_t due = next_due(m);
    if (due == m->timer_set)
        return;
    m->timer_set = due;
    if (due < 0) {
        m->on_timer(m->hook_user, -1);
        return;
    }
    int64_t left = due - apicc__clock_ms();
    m->on_timer(m->hook_user, left <= 0 ? 0
                              : left > LONG_MAX ? LONG_MAX
                                                : (long)left);
}

static int on_curl_timer(CURLM *cm, long timeout_ms, void *ud)
{
    (void)cm;
    apicc_multi *m = ud;
    m->curl_due = timeout_ms < 0 ? -1 : apicc__clock_ms() + timeout_ms;
    update_timer(m);
    return 0;
}

static int on_curl_socket(CURL *h, curl_socket_t fd, int what, void *ud,
                          void *sockp)
{
    (void)h;
    (void)sockp;
    apicc_multi *m = ud;
    int w = what == CURL_POLL_REMOVE ? APICC_POLL_REMOVE
            : what == CURL_POLL_IN   ? APICC_POLL_IN
            : what == CURL_POLL_OUT  ? APICC_POLL_OUT
                                     : APICC_POLL_IN | APICC_POLL_OUT;
    m->on_socket(m->hook_user, (int)fd, w);
    return 0;
}

/* ---- attempts ------------------------------------------------------------- */

static void finish(apicc_multi *m, apicc__http_job *j, apicc_status st,
                   const cJSON *resp);

/* Builds and hands attempt number j->attempts + 1 to libcurl. */
static apicc_status start_attempt(apicc_multi *m, apicc__http_job *j)
{
    apicc_client *c = j->c;
    struct apicc__http_state *s = j->s;
    s->attempt = ++j->attempts;
    s->ep = j->ep;
    s->recv = j->recv;
    if (j->attempts > 1)
        apicc__error_reset(c);
    if (j->deadline)
        j->cut = apicc__http_limit_attempt(s, &j->eff,
                                           j->deadline - apicc__clock_ms());
    else
        apicc__http_limit_attempt(s, &j->eff, j->eff.timeout_ms);
    /* The call's own headers and idempotency key, for this attempt. */
    apicc__next_call_swap(c, &j->next);
    apicc_status st = apicc__http_attempt_begin(c, s, j->ep, j->args,
                                                j->nargs, j->body);
    apicc__next_call_swap(c, &j->next);
    if (st != APICC_OK)
        return st;
    curl_easy_setopt(s->h, CURLOPT_PRIVATE, (void *)j);
    /* Over TLS, wait for a connection being set up rather than open
     * another one: once ALPN chose HTTP/2 the calls share it as streams.
     * Plain HTTP is never multiplexed here, and waiting would leave a
     * call behind a slow one until its answer came. */
    curl_easy_setopt(s->h, CURLOPT_PIPEWAIT,
                     strncmp(s->url.data ? s->url.data : "", "https:", 6)
                             == 0
                         ? 1L
                         : 0L);
    CURLMcode mc = curl_multi_add_handle(m->cm, s->h);
    if (mc != CURLM_OK)
        return apicc__fail(c, mc == CURLM_OUT_OF_MEMORY ? APICC_ERR_NOMEM
                                                        : APICC_ERR_TRANSPORT,
                           "%s: cannot start the transfer: %s", j->ep->name,
                           curl_multi_strerror(mc));
    list_add(m, j, RUNNING);
    return APICC_OK;
}

/* Starts queued calls while the limit allows. */
static void pump(apicc_multi *m)
{
    while (m->lists[QUEUED].head &&
           (!m->max_in_flight || m->lists[RUNNING].n < m->max_in_flight)) {
        apicc__http_job *j = m->lists[QUEUED].head;
        list_remove(m, j);
        apicc_status st = start_attempt(m, j);
        if (st != APICC_OK)
            finish(m, j, st, NULL);
    }
}

/* Runs `fn` with the job's transfer state as the client's, so the
 * answer reads through the client; restores the client's own after. */
static struct apicc__http_state *lend_state(apicc__http_job *j)
{
    struct apicc__http_state **slot = apicc__http_slot(j->c);
    struct apicc__http_state *own = *slot;
    *slot = j->s;
    return own;
}

static void return_state(apicc__http_job *j, struct apicc__http_state *own)
{
    *apicc__http_slot(j->c) = own;
}

/* The job ended: its callback, then its memory.  The next-call options
 * it took end with it (wiped). */
static void finish(apicc_multi *m, apicc__http_job *j, apicc_status st,
                   const cJSON *resp)
{
    struct apicc__http_state *own = lend_state(j);
    m->depth++;
    j->done(j, st, resp);
    m->depth--;
    return_state(j, own);
    apicc__next_call_swap(j->c, &j->next);
    apicc__next_call_clear(j->c);
    apicc__next_call_swap(j->c, &j->next);
    give_state(m, j->s);
    j->s = NULL;
    j->dispose(j);
}

/* A transfer of libcurl's ended with `rc`: read it, then end the call
 * or schedule its retry. */
static void transfer_done(apicc_multi *m, apicc__http_job *j, CURLcode rc)
{
    apicc_client *c = j->c;
    list_remove(m, j);
    curl_multi_remove_handle(m->cm, j->s->h);
    struct apicc__http_state *own = lend_state(j);
    apicc__error_reset(c);
    cJSON *resp = NULL;
    apicc__next_call_swap(c, &j->next);
    apicc__outcome o = apicc__http_attempt_end(c, j->s, j->ep, rc, &resp);
    apicc__next_call_swap(c, &j->next);
    int tries = apicc__client_config(c)->retry_max_attempts;
    int again = o.st != APICC_OK && o.retry && j->attempts < tries;
    if (again) {
        long wait = apicc__http_retry_delay_ms(&j->eff, j->s,
                                               j->attempts + 1,
                                               o.retry_after_ms);
        int64_t due = apicc__clock_ms() + wait;
        if (j->deadline && due >= j->deadline) {
            j->cut = 1;
            again = 0;
        } else {
            j->due = due;
        }
    } else {
        j->cut = j->cut && o.st == APICC_ERR_TIMEOUT;
    }
    if (again) {
        return_state(j, own);
        cJSON_Delete(resp);
        list_add(m, j, WAITING);
        return;
    }
    if (o.st != APICC_OK)
        apicc__http_explain(c, o.st, j->attempts, j->cut,
                            j->eff.call_deadline_ms);
    return_state(j, own);
    finish(m, j, o.st, resp);
    cJSON_Delete(resp);
}

/* Reads libcurl's news of ended transfers. */
static void read_done(apicc_multi *m)
{
    CURLMsg *msg;
    int left;
    while ((msg = curl_multi_info_read(m->cm, &left)) != NULL) {
        if (msg->msg != CURLMSG_DONE)
            continue;
        void *p = NULL;
        curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &p);
        /* msg is invalid once the handle is removed: take the code */
        CURLcode rc = msg->data.result;
        transfer_done(m, p, rc);
    }
}

/* Starts the retries whose wait is over. */
static void start_due(apicc_multi *m)
{
    int64_t now = apicc__clock_ms();
    apicc__http_job *j = m->lists[WAITING].head;
    while (j) {
        apicc__http_job *after = j->next_job;
        if (j->due <= now) {
            list_remove(m, j);
            apicc__error_reset(j->c);
            apicc_status st = start_attempt(m, j);
            if (st != APICC_OK)
                finish(m, j, st, NULL);
        }
        j = after;
    }
}

/* After libcurl moved: ended transfers, due retries, queued calls. */
static void settle(apicc_multi *m)
{
    read_done(m);
    start_due(m);
    pump(m);
    update_timer(m);
}

/* ---- the public interface ------------------------------------------------- */

APICC_API apicc_multi *apicc_multi_new(void)
{
    apicc_multi *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    m->cm = curl_multi_init();
    if (!m->cm) {
        free(m);
        return NULL;
    }
    m->curl_due = -1;
    m->timer_set = -1;
    return m;
}

APICC_API apicc_status apicc_multi_set_max_in_flight(apicc_multi *m,
                                                     size_t max)
{
    if (!m)
        return APICC_ERR_INVALID_ARG;
    m->max_in_flight = max;
    pump(m);
    update_timer(m);
    return APICC_OK;
}

APICC_API size_t apicc_multi_pending(const apicc_multi *m)
{
    if (!m)
        return 0;
    return m->lists[QUEUED].n + m->lists[RUNNING].n + m->lists[WAITING].n;
}

APICC_API apicc_status apicc_multi_set_event_hooks(apicc_multi *m,
                                                   apicc_multi_socket_fn sock,
                                                   apicc_multi_timer_fn timer,
                                                   void *user)
{
    if (!m || !sock || !timer || apicc_multi_pending(m))
        return APICC_ERR_INVALID_ARG;
    m->on_socket = sock;
    m->on_timer = timer;
    m->hook_user = user;
    curl_multi_setopt(m->cm, CURLMOPT_SOCKETFUNCTION, on_curl_socket);
    curl_multi_setopt(m->cm, CURLMOPT_SOCKETDATA, m);
    curl_multi_setopt(m->cm, CURLMOPT_TIMERFUNCTION, on_curl_timer);
    curl_multi_setopt(m->cm, CURLMOPT_TIMERDATA, m);
    return APICC_OK;
}

APICC_API apicc_status apicc_multi_socket_ready(apicc_multi *m, int fd,
                                                int what)
{
    if (!m || !m->on_socket || m->depth)
        return APICC_ERR_INVALID_ARG;
    int running = 0, ev = 0;
    if (what & APICC_POLL_IN)
        ev |= CURL_CSELECT_IN;
    if (what & APICC_POLL_OUT)
        ev |= CURL_CSELECT_OUT;
    CURLMcode mc;
    if (fd == APICC_MULTI_TIMEOUT) {
        /* the timer we set is spent: a new one is set by settle */
        m->timer_set = -1;
        mc = curl_multi_socket_action(m->cm, CURL_SOCKET_TIMEOUT, 0,
                                      &running);
    } else {
        mc = curl_multi_socket_action(m->cm, (curl_socket_t)fd, ev,
                                      &running);
    }
    settle(m);
    return mc == CURLM_OK ? APICC_OK : APICC_ERR_TRANSPORT;
}

APICC_API apicc_status apicc_multi_poll(apicc_multi *m, long wait_ms,
                                        size_t *pending)
{
    if (pending)
        *pending = apicc_multi_pending(m);
    if (!m || m->on_socket || m->depth || wait_ms < 0)
        return APICC_ERR_INVALID_ARG;
    if (apicc_multi_pending(m) == 0)
        return APICC_OK;
    /* Wait no longer than the first retry's due time; libcurl bounds the
     * wait by its own timers. */
    int64_t due = retry_due(m);
    if (due >= 0) {
        int64_t left = due - apicc__clock_ms();
        if (left < wait_ms)
            wait_ms = left < 0 ? 0 : (long)left;
    }
    int running = 0;
    CURLMcode mc = curl_multi_poll(m->cm, NULL, 0,
                                   wait_ms > INT_MAX ? INT_MAX : (int)wait_ms,
                                   NULL);
    if (mc == CURLM_OK)
        mc = curl_multi_perform(m->cm, &running);
    settle(m);
    if (pending)
        *pending = apicc_multi_pending(m);
    return mc == CURLM_OK ? APICC_OK : APICC_ERR_TRANSPORT;
}

APICC_API apicc_status apicc_multi_run(apicc_multi *m)
{
    if (!m)
        return APICC_ERR_INVALID_ARG;
    size_t pending = apicc_multi_pending(m);
    while (pending) {
        apicc_status st = apicc_multi_poll(m, 1000, &pending);
        if (st != APICC_OK)
            return st;
    }
    return APICC_OK;
}

apicc_status apicc__multi_submit(apicc_multi *m, apicc__http_job *j)
{
    apicc_client *c = j->c;
    if (m->closing)
        return apicc__fail(c, APICC_ERR_CANCELLED,
                           "%s: the multi is being freed", j->ep->name);
    j->m = m;
    j->where = NOWHERE;
    j->attempts = 0;
    j->cut = 0;
    int own = 0;
    j->eff = apicc__http_limits(apicc__client_config(c), &own);
    j->deadline = j->eff.call_deadline_ms
                      ? apicc__clock_ms() + j->eff.call_deadline_ms
                      : 0;
    memset(&j->next, 0, sizeof j->next);
    apicc__next_call_swap(c, &j->next); /* the call takes its options */
    apicc_status st = APICC_OK;
    if (!j->ep->name || !apicc__header_name_ok(j->ep->method))
        st = apicc__fail(c, APICC_ERR_INVALID_ARG,
                         "endpoint without a name or a valid method");
    if (st == APICC_OK && !(j->s = take_state(m)))
        st = apicc__fail(c, APICC_ERR_NOMEM, "out of memory");
    if (st == APICC_OK)
        st = apicc__http_configure(c, j->s);
    if (st == APICC_OK)
        st = apicc__http_share_cookies(c, j->s);
    int now = st == APICC_OK &&
              (!m->max_in_flight || m->lists[RUNNING].n < m->max_in_flight);
    if (now)
        st = start_attempt(m, j);
    if (st != APICC_OK) {
        if (j->s)
            give_state(m, j->s);
        j->s = NULL;
        apicc__next_call_swap(c, &j->next);
        apicc__next_call_clear(c);
        return st;
    }
    if (!now)
        list_add(m, j, QUEUED);
    update_timer(m);
    return APICC_OK;
}

/* Ends every pending call with APICC_ERR_CANCELLED. */
static void cancel_all(apicc_multi *m)
{
    for (int w = 0; w < NLISTS; w++) {
        apicc__http_job *j;
        while ((j = m->lists[w].head) != NULL) {
            list_remove(m, j);
            if (w == RUNNING) {
                curl_multi_remove_handle(m->cm, j->s->h);
                apicc__http_attempt_abandon(j->s);
            }
            apicc__error_reset(j->c);
            apicc__fail(j->c, APICC_ERR_CANCELLED,
                        "%s: cancelled: the multi was freed", j->ep->name);
            finish(m, j, APICC_ERR_CANCELLED, NULL);
        }
    }
}

APICC_API void apicc_multi_free(apicc_multi *m)
{
    if (!m || m->depth)
        return;
    m->closing = 1;
    cancel_all(m);
    for (size_t i = 0; i < m->npool; i++)
        apicc__http_state_free(m->pool[i]);
    free(m->pool);
    curl_multi_cleanup(m->cm);
    free(m);
}
