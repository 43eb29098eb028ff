/*
 * Many calls at once, end to end: the client generated from
 * tests/specs/multi.yaml, its `_start` functions on one apicc_multi
 * against tests/servers/http_server.py, driven by the poll loop and by
 * an event loop of the test's own (poll(2) over the sockets and the
 * timer the multi hands out).
 */
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "download_pattern.h"
#include "multi/multi.h"
#include "provider_test.h"

static test_server server;
static char base[128];

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static apicc_client *new_client(void)
{
    apicc_client *c = apicc_client_new(base);
    if (c)
        apicc_client_set_timeout_ms(c, 20000);
    return c;
}

/* ---- many notes, each answered with its own request ---------------------- */

typedef struct note_call {
    int n;           /* the call's number, sent as ?n= */
    int done;        /* callbacks seen (must end at 1) */
    int right;       /* the echo was this call's request */
    apicc_status st;
    int order;       /* when it completed */
} note_call;

static int completed;

static void on_note(void *user, apicc_client *c, apicc_status st,
                    multi_echo *out)
{
    (void)c;
    note_call *k = user;
    k->done++;
    k->st = st;
    k->order = completed++;
    char want_q[64], want_body[64];
    snprintf(want_q, sizeof want_q, "n=%d&tag=t%d", k->n, k->n);
    snprintf(want_body, sizeof want_body, "{\"text\":\"note %d\"}", k->n);
    k->right = st == APICC_OK && out && out->query && out->body &&
               strcmp(out->query, want_q) == 0 &&
               strcmp(out->body, want_body) == 0 &&
               strcmp(out->method, "POST") == 0;
    multi_echo_free(out);
}

/* Starts call k with params and a body that live on this function's
 * stack only: the call must keep its own copy. */
static apicc_status start_note(apicc_multi *m, apicc_client *c, note_call *k)
{
    char text[32], tag[16], box[16];
    snprintf(text, sizeof text, "note %d", k->n);
    snprintf(tag, sizeof tag, "t%d", k->n);
    snprintf(box, sizeof box, "box%d", k->n % 7);
    multi_note body = {.text = text};
    multi_post_note_params p = {.n = k->n, .tag = tag};
    apicc_status st = multi_post_note_start(m, c, box, &p, &body, on_note, k);
    memset(text, 'x', sizeof text - 1); /* gone, as far as the call knows */
    memset(tag, 'y', sizeof tag - 1);
    return st;
}

TEST(many_calls_with_the_poll_loop)
{
    enum { N = 120 };
    apicc_client *c = new_client();
    apicc_multi *m = apicc_multi_new();
    apicc_multi_set_max_in_flight(m, 16);
    static note_call k[N];
    completed = 0;
    int started = 0;
    for (int i = 0; i < N; i++) {
        k[i] = (note_call){.n = i};
        started += start_note(m, c, &k[i]) == APICC_OK;
    }
    CHECK_INT(started, N);
    CHECK(apicc_multi_pending(m) == N);
    CHECK_INT(apicc_multi_run(m), APICC_OK);
    CHECK(apicc_multi_pending(m) == 0);
    int right = 0, once = 0;
    for (int i = 0; i < N; i++) {
        right += k[i].right;
        once += k[i].done == 1;
    }
    CHECK_INT(right, N);
    CHECK_INT(once, N);
    apicc_multi_free(m);
    apicc_client_free(c);
}

/* ---- retries wait on a timer, not in a sleep ----------------------------- */

typedef struct attempts_call {
    int done;
    apicc_status st;
    long attempts;
    int order;
    char message[256];
} attempts_call;

static void on_attempts(void *user, apicc_client *c, apicc_status st,
                        multi_attempts *out)
{
    attempts_call *a = user;
    a->done++;
    a->st = st;
    a->order = completed++;
    a->attempts = out ? (long)out->attempts : -1;
    snprintf(a->message, sizeof a->message, "%s",
             apicc_client_error(c)->message);
    multi_attempts_free(out);
}

TEST(retries_wait_while_other_calls_go_on)
{
    apicc_client *c = new_client();
    apicc_client_set_retry(c, 3, 300, 1000);
    apicc_multi *m = apicc_multi_new();
    completed = 0;
    attempts_call flaky = {0};
    multi_flaky_params fp = {.key = "multi-retry", .fail = 2};
    CHECK_INT(multi_flaky_start(m, c, &fp, on_attempts, &flaky), APICC_OK);
    /* Started after it, answered while it waits for its retries. */
    note_call quick = {.n = 7};
    CHECK_INT(start_note(m, c, &quick), APICC_OK);
    CHECK_INT(apicc_multi_run(m), APICC_OK);
    CHECK_INT(flaky.st, APICC_OK);
    CHECK(flaky.attempts == 3);
    CHECK(quick.right && quick.order == 0 && flaky.order == 1);

    /* Out of attempts: the failure says how many were made. */
    attempts_call worse = {0};
    multi_flaky_params wp = {.key = "multi-retry-2", .fail = 5};
    CHECK_INT(multi_flaky_start(m, c, &wp, on_attempts, &worse), APICC_OK);
    CHECK_INT(apicc_multi_run(m), APICC_OK);
    CHECK_INT(worse.st, APICC_ERR_HTTP);
    CHECK(strstr(worse.message, "after 3 attempts") != NULL);
    apicc_multi_free(m);
    apicc_client_free(c);
}

TEST(a_call_timeout_ends_that_call_only)
{
    apicc_client *c = new_client();
    apicc_multi *m = apicc_multi_new();
    completed = 0;
    apicc_call_options o = {.timeout_ms = 300};
    CHECK_INT(apicc_client_set_next_call(c, &o), APICC_OK);
    attempts_call hung = {0};
    CHECK_INT(multi_hang_start(m, c, on_attempts, &hung), APICC_OK);
    /* The options were the hang's: this call has the client's 20 s. */
    note_call quick = {.n = 3};
    CHECK_INT(start_note(m, c, &quick), APICC_OK);
    CHECK_INT(apicc_multi_run(m), APICC_OK);
    CHECK_INT(hung.st, APICC_ERR_TIMEOUT);
    CHECK_INT(quick.st, APICC_OK);
    CHECK(quick.right);
    CHECK_INT(quick.order, 0);
    apicc_multi_free(m);
    apicc_client_free(c);
}

/* ---- the call's own options go with it, retries included ---------------- */

typedef struct header_call {
    int done;
    char tag[64];
    char key[64];
} header_call;

static void on_headers(void *user, apicc_client *c, apicc_status st,
                       multi_echo *out)
{
    (void)c;
    header_call *h = user;
    h->done++;
    const char *tag = NULL, *key = NULL;
    for (size_t i = 0; st == APICC_OK && out && i < out->n_headers; i++) {
        if (strcmp(out->headers_keys[i], "x-tag") == 0)
            tag = out->headers[i];
        if (strcmp(out->headers_keys[i], "idempotency-key") == 0)
            key = out->headers[i];
    }
    snprintf(h->tag, sizeof h->tag, "%s", tag ? tag : "");
    snprintf(h->key, sizeof h->key, "%s", key ? key : "");
    multi_echo_free(out);
}

TEST(next_call_options_belong_to_the_started_call)
{
    apicc_client *c = new_client();
    apicc_multi *m = apicc_multi_new();
    apicc_header hdr = {"X-Tag", "first"};
    apicc_call_options o = {.headers = &hdr, .nheaders = 1,
                            .idempotency_key = "idem-1"};
    CHECK_INT(apicc_client_set_next_call(c, &o), APICC_OK);
    header_call one = {0}, two = {0};
    multi_note body = {.text = "x"};
    multi_post_note_params p = {.n = 1};
    CHECK_INT(multi_post_note_start(m, c, "h", &p, &body, on_headers, &one),
              APICC_OK);
    CHECK_INT(multi_post_note_start(m, c, "h", &p, &body, on_headers, &two),
              APICC_OK);
    CHECK_INT(apicc_multi_run(m), APICC_OK);
    CHECK_STR(one.tag, "first");
    CHECK_STR(one.key, "idem-1");
    CHECK_STR(two.tag, "");
    CHECK_STR(two.key, "");
    apicc_multi_free(m);
    apicc_client_free(c);
}

/* ---- answers by status, downloads, no answer ----------------------------- */

typedef struct result_call {
    int done;
    apicc_status st;
    long status;
    char text[64];
    size_t len;
    int pattern_ok;
} result_call;

static void on_status(void *user, apicc_client *c, apicc_status st,
                      multi_by_status_result *out)
{
    result_call *r = user;
    r->done++;
    r->st = st;
    r->status = out ? out->status : -1;
    if (out && out->status_200)
        snprintf(r->text, sizeof r->text, "%s", out->status_200->status);
    else if (out && out->status_4xx)
        snprintf(r->text, sizeof r->text, "4xx:%s", out->status_4xx->status);
    /* the HTTP status is this call's, read through the client */
    if (apicc_client_last_http_status(c) != r->status)
        r->status = -2;
}

static void on_download(void *user, apicc_client *c, apicc_status st,
                        apicc_download *out)
{
    (void)c;
    result_call *r = user;
    r->done++;
    r->st = st;
    r->len = out ? out->len : 0;
    r->pattern_ok = !out || !out->data ||
                    pattern_ok((const unsigned char *)out->data, out->len, 0);
}

static void on_ping(void *user, apicc_client *c, apicc_status st)
{
    (void)c;
    result_call *r = user;
    r->done++;
    r->st = st;
}

TEST(answers_by_status_downloads_and_none)
{
    apicc_client *c = new_client();
    apicc_multi *m = apicc_multi_new();
    result_call ok = {0}, missing = {0}, bytes = {0}, ping = {0};
    multi_by_status_params p200 = {.code = 200}, p404 = {.code = 404};
    multi_download_params pd = {.n = 70000};
    CHECK_INT(multi_by_status_start(m, c, &p200, NULL, on_status, &ok),
              APICC_OK);
    CHECK_INT(multi_by_status_start(m, c, &p404, NULL, on_status, &missing),
              APICC_OK);
    CHECK_INT(multi_download_start(m, c, &pd, NULL, on_download, &bytes),
              APICC_OK);
    CHECK_INT(multi_ping_start(m, c, on_ping, &ping), APICC_OK);
    CHECK_INT(apicc_multi_run(m), APICC_OK);
    CHECK_INT(ok.st, APICC_OK);
    CHECK(ok.status == 200);
    CHECK_STR(ok.text, "as asked");
    CHECK_INT(missing.st, APICC_ERR_HTTP);
    CHECK(missing.status == 404);
    CHECK_STR(missing.text, "4xx:as asked");
    CHECK_INT(bytes.st, APICC_OK);
    CHECK(bytes.len == 70000 && bytes.pattern_ok);
    CHECK_INT(ping.st, APICC_OK);
    CHECK(ping.done == 1);
    apicc_multi_free(m);
    apicc_client_free(c);
}

/* ---- downloads streamed while other calls run ---------------------------- */

/* Downloads to files and to a callback, started together, with the
 * response cap far below their sizes (a streamed answer has none), and
 * one kept in memory beside them, which the cap still bounds. */
TEST(started_downloads_stream_to_files_and_callbacks)
{
    enum { FILES = 4, FNS = 2 };
    apicc_client *c = new_client();
    apicc_multi *m = apicc_multi_new();
    CHECK_INT(apicc_client_set_max_response_bytes(c, 65536), APICC_OK);
    char paths[FILES][64];
    apicc_download to_file[FILES], to_fn[FNS];
    result_call file_calls[FILES], fn_calls[FNS], kept = {0}, too_big = {0};
    counted seen[FNS];
    memset(file_calls, 0, sizeof file_calls);
    memset(fn_calls, 0, sizeof fn_calls);
    for (int i = 0; i < FILES; i++) {
        snprintf(paths[i], sizeof paths[i], "/tmp/apicc-multi-dl-%ld-%d",
                 (long)getpid(), i);
        to_file[i] = (apicc_download){.to_path = paths[i]};
        multi_download_params p = {.n = 300000 + i * 1001};
        CHECK_INT(multi_download_start(m, c, &p, &to_file[i], on_download,
                                       &file_calls[i]),
                  APICC_OK);
    }
    for (int i = 0; i < FNS; i++) {
        seen[i] = (counted){0, 1, 0};
        to_fn[i] = (apicc_download){.to_fn = count_chunk, .user = &seen[i]};
        multi_download_params p = {.n = 200000 + i * 77};
        CHECK_INT(multi_download_start(m, c, &p, &to_fn[i], on_download,
                                       &fn_calls[i]),
                  APICC_OK);
    }
    multi_download_params small = {.n = 1000}, large = {.n = 100000};
    CHECK_INT(multi_download_start(m, c, &small, NULL, on_download, &kept),
              APICC_OK);
    CHECK_INT(multi_download_start(m, c, &large, NULL, on_download, &too_big),
              APICC_OK);
    CHECK_INT(apicc_multi_run(m), APICC_OK);
    for (int i = 0; i < FILES; i++) {
        size_t n = 300000 + (size_t)i * 1001;
        if (file_calls[i].done != 1 || file_calls[i].st != APICC_OK ||
            file_calls[i].len != n || to_file[i].data != NULL ||
            !file_has_pattern(paths[i], n))
            FAIL("download %d to a file: %s, %zu bytes", i,
                 apicc_status_name(file_calls[i].st), file_calls[i].len);
        apicc_download_free(&to_file[i]);
        remove(paths[i]);
    }
    for (int i = 0; i < FNS; i++) {
        size_t n = 200000 + (size_t)i * 77;
        if (fn_calls[i].done != 1 || fn_calls[i].st != APICC_OK ||
            seen[i].bytes != n || !seen[i].ok)
            FAIL("download %d to a callback: %s, %zu bytes", i,
                 apicc_status_name(fn_calls[i].st), seen[i].bytes);
    }
    CHECK_INT(kept.st, APICC_OK);
    CHECK(kept.len == 1000 && kept.pattern_ok);
    CHECK_INT(too_big.st, APICC_ERR_TOO_LARGE);
    apicc_multi_free(m);
    apicc_client_free(c);
}

/* ---- what does not start ------------------------------------------------- */

static int never_called;

static void on_never(void *user, apicc_client *c, apicc_status st,
                     multi_attempts *out)
{
    (void)user;
    (void)c;
    (void)st;
    never_called++;
    multi_attempts_free(out);
}

TEST(a_call_that_cannot_start_says_so_at_once)
{
    apicc_client *c = new_client();
    apicc_multi *m = apicc_multi_new();
    never_called = 0;
    /* a required param missing */
    multi_flaky_params fp = {.key = NULL, .fail = 1};
    CHECK_INT(multi_flaky_start(m, c, &fp, on_never, NULL),
              APICC_ERR_INVALID_ARG);
    CHECK(strstr(apicc_client_error(c)->message, "key") != NULL);
    CHECK(apicc_multi_pending(m) == 0);
    CHECK_INT(multi_flaky_start(NULL, c, &fp, on_never, NULL),
              APICC_ERR_INVALID_ARG);
    CHECK_INT(multi_hang_start(m, c, NULL, NULL), APICC_ERR_INVALID_ARG);
    CHECK_INT(apicc_multi_run(m), APICC_OK);
    CHECK_INT(never_called, 0);
    apicc_multi_free(m);
    apicc_client_free(c);
}

TEST(freeing_the_multi_cancels_what_is_pending)
{
    apicc_client *c = new_client();
    apicc_multi *m = apicc_multi_new();
    apicc_multi_set_max_in_flight(m, 1);
    attempts_call a = {0}, b = {0};
    CHECK_INT(multi_hang_start(m, c, on_attempts, &a), APICC_OK);
    CHECK_INT(multi_hang_start(m, c, on_attempts, &b), APICC_OK); /* queued */
    size_t pending = 0;
    CHECK_INT(apicc_multi_poll(m, 50, &pending), APICC_OK);
    CHECK(pending == 2);
    apicc_multi_free(m);
    CHECK(a.done == 1 && b.done == 1);
    CHECK_INT(a.st, APICC_ERR_CANCELLED);
    CHECK_INT(b.st, APICC_ERR_CANCELLED);
    CHECK(strstr(a.message, "cancelled") != NULL);
    apicc_client_free(c);
}

/* ---- a callback starts the next call ------------------------------------- */

typedef struct chain {
    apicc_multi *m;
    int left;
    int ok;
} chain;

static void on_chain(void *user, apicc_client *c, apicc_status st,
                     multi_echo *out)
{
    chain *ch = user;
    multi_echo_free(out);
    ch->ok += st == APICC_OK;
    if (--ch->left > 0) {
        multi_note body = {.text = "again"};
        multi_post_note_params p = {.n = ch->left};
        if (multi_post_note_start(ch->m, c, "chain", &p, &body, on_chain,
                                  ch) != APICC_OK)
            ch->left = -100;
    }
}

TEST(a_callback_may_start_calls)
{
    apicc_client *c = new_client();
    apicc_multi *m = apicc_multi_new();
    chain ch = {m, 5, 0};
    multi_note body = {.text = "first"};
    multi_post_note_params p = {.n = 5};
    CHECK_INT(multi_post_note_start(m, c, "chain", &p, &body, on_chain, &ch),
              APICC_OK);
    CHECK_INT(apicc_multi_run(m), APICC_OK);
    CHECK_INT(ch.ok, 5);
    CHECK_INT(ch.left, 0);
    /* poll is refused from inside a callback: checked by the state, and
     * from outside it works again */
    size_t pending = 1;
    CHECK_INT(apicc_multi_poll(m, 0, &pending), APICC_OK);
    CHECK(pending == 0);
    apicc_multi_free(m);
    apicc_client_free(c);
}

/* ---- the user's event loop ----------------------------------------------- */

typedef struct loop {
    struct pollfd fds[64];
    int nfds;
    long timer_ms; /* -1: none */
    int timer_calls;
} loop;

static void on_socket(void *user, int fd, int what)
{
    loop *l = user;
    int i = 0;
    while (i < l->nfds && l->fds[i].fd != fd)
        i++;
    if (what & APICC_POLL_REMOVE) {
        if (i < l->nfds)
            l->fds[i] = l->fds[--l->nfds];
        return;
    }
    if (i == l->nfds) {
        if (l->nfds == 64)
            return;
        l->nfds++;
    }
    l->fds[i].fd = fd;
    l->fds[i].events = (short)(((what & APICC_POLL_IN) ? POLLIN : 0) |
                               ((what & APICC_POLL_OUT) ? POLLOUT : 0));
}

static void on_timer(void *user, long ms)
{
    loop *l = user;
    l->timer_ms = ms;
    l->timer_calls++;
}

TEST(an_event_loop_of_its_own_drives_the_multi)
{
    enum { N = 40 };
    apicc_client *c = new_client();
    apicc_client_set_retry(c, 3, 100, 500);
    apicc_multi *m = apicc_multi_new();
    loop l = {.timer_ms = -1};
    CHECK_INT(apicc_multi_set_event_hooks(m, on_socket, on_timer, &l),
              APICC_OK);
    static note_call k[N];
    for (int i = 0; i < N; i++) {
        k[i] = (note_call){.n = 1000 + i};
        CHECK_INT(start_note(m, c, &k[i]), APICC_OK);
    }
    attempts_call flaky = {0};
    multi_flaky_params fp = {.key = "multi-loop", .fail = 1};
    CHECK_INT(multi_flaky_start(m, c, &fp, on_attempts, &flaky), APICC_OK);
    /* the poll loop is the user's now */
    CHECK_INT(apicc_multi_poll(m, 0, NULL), APICC_ERR_INVALID_ARG);
    int64_t end = now_ms() + 20000;
    while (apicc_multi_pending(m) && now_ms() < end) {
        int wait = l.timer_ms < 0 ? 1000 : (int)l.timer_ms;
        int n = poll(l.fds, (nfds_t)l.nfds, wait);
        if (n == 0 || l.timer_ms == 0) {
            l.timer_ms = -1;
            apicc_multi_socket_ready(m, APICC_MULTI_TIMEOUT, 0);
            continue;
        }
        struct pollfd ready[64];
        int nready = 0;
        for (int i = 0; i < l.nfds; i++)
            if (l.fds[i].revents)
                ready[nready++] = l.fds[i];
        for (int i = 0; i < nready; i++) {
            int what = ((ready[i].revents & (POLLIN | POLLHUP | POLLERR))
                            ? APICC_POLL_IN
                            : 0) |
                       ((ready[i].revents & POLLOUT) ? APICC_POLL_OUT : 0);
            apicc_multi_socket_ready(m, ready[i].fd, what);
        }
    }
    CHECK(apicc_multi_pending(m) == 0);
    int right = 0;
    for (int i = 0; i < N; i++)
        right += k[i].right && k[i].done == 1;
    CHECK_INT(right, N);
    CHECK_INT(flaky.st, APICC_OK);
    CHECK(flaky.attempts == 2);
    CHECK(l.timer_calls > 0);
    apicc_multi_free(m);
    apicc_client_free(c);
}

/* ---- signed calls, retried with a new signature ------------------------- */

typedef struct signed_call {
    int done;
    apicc_status st;
    char payload[256];
} signed_call;

static void on_signed(void *user, apicc_client *c, apicc_status st,
                      multi_signed_answer *out)
{
    (void)c;
    signed_call *k = user;
    k->done++;
    k->st = st;
    snprintf(k->payload, sizeof k->payload, "%s",
             out && out->payload ? out->payload : "");
    multi_signed_answer_free(out);
}

TEST(signed_calls_are_signed_per_attempt)
{
    apicc_client *c = new_client();
    apicc_client_set_retry(c, 3, 20, 100);
    CHECK_INT(multi_set_hmac(c, "test-key"), APICC_OK);
    CHECK_INT(apicc_client_set_hmac_secret(c, "test-secret", 11), APICC_OK);
    apicc_multi *m = apicc_multi_new();
    enum { N = 8 };
    signed_call k[N];
    char keys[N][32];
    for (int i = 0; i < N; i++) {
        k[i] = (signed_call){0};
        snprintf(keys[i], sizeof keys[i], "multi-signed-%d", i);
        /* every other call is refused once (503) and signed again */
        multi_signed_params p = {.key = keys[i], .fail = i % 2};
        CHECK_INT(multi_signed_start(m, c, &p, on_signed, &k[i]), APICC_OK);
    }
    CHECK_INT(apicc_multi_run(m), APICC_OK);
    int ok = 0;
    for (int i = 0; i < N; i++) {
        char want[64];
        snprintf(want, sizeof want, "key=multi-signed-%d&fail=%d&timestamp=",
                 i, i % 2);
        ok += k[i].st == APICC_OK && k[i].done == 1 &&
              strncmp(k[i].payload, want, strlen(want)) == 0;
    }
    CHECK_INT(ok, N);
    apicc_multi_free(m);
    apicc_client_free(c);
}

/* ---- HTTP/2: the calls are streams of one connection --------------------- */

static void on_h2_note(void *user, apicc_client *c, apicc_status st,
                       multi_echo *out)
{
    (void)c;
    note_call *k = user;
    char want_q[64];
    snprintf(want_q, sizeof want_q, "n=%d&tag=t%d", k->n, k->n);
    k->done++;
    k->st = st;
    k->right = st == APICC_OK && out && out->query && out->method &&
               strcmp(out->query, want_q) == 0 &&
               strcmp(out->method, "POST") == 0;
    multi_echo_free(out);
}

TEST(http2_calls_share_one_connection)
{
    if (system("command -v nginx >/dev/null 2>&1 || "
               "test -x /usr/sbin/nginx") != 0) {
        harness_skip("http2_calls_share_one_connection",
                     "nginx is not installed (./setup.sh installs it)");
        return;
    }
    enum { N = 60 };
    test_server ng;
    static const char *const none[] = {NULL};
    if (provider_server_start(&ng, "nginx_h2.py", none) != 0) {
        CHECK(!"nginx started");
        return;
    }
    char line[512] = "", url[128], ca[600], log[600];
    test_server_read_line(&ng, line, sizeof line, 10000);
    CHECK(strncmp(line, "DIR ", 4) == 0);
    snprintf(ca, sizeof ca, "%s/cert.pem", line + 4);
    snprintf(log, sizeof log, "%s/access.log", line + 4);
    provider_url(url, sizeof url, "https", ng.port, NULL);
    apicc_client *c = apicc_client_new(url);
    apicc_client_set_ca_file(c, ca);
    apicc_client_set_timeout_ms(c, 20000);
    apicc_multi *m = apicc_multi_new();
    static note_call k[N];
    for (int i = 0; i < N; i++) {
        k[i] = (note_call){.n = i};
        char tag[16];
        snprintf(tag, sizeof tag, "t%d", i);
        multi_note body = {.text = "h2"};
        multi_post_note_params p = {.n = i, .tag = tag};
        CHECK_INT(multi_post_note_start(m, c, "h2", &p, &body, on_h2_note,
                                        &k[i]),
                  APICC_OK);
    }
    CHECK_INT(apicc_multi_run(m), APICC_OK);
    int right = 0;
    for (int i = 0; i < N; i++)
        right += k[i].right && k[i].done == 1;
    CHECK_INT(right, N);
    /* nginx's log: one line per request, "<connection> <protocol> ..." */
    FILE *f = fopen(log, "r");
    long first = -1;
    int lines = 0, same = 0, h2 = 0;
    char buf[512];
    while (f && fgets(buf, sizeof buf, f)) {
        long conn = strtol(buf, NULL, 10);
        if (first < 0)
            first = conn;
        lines++;
        same += conn == first;
        h2 += strstr(buf, " HTTP/2.0 ") != NULL;
    }
    if (f)
        fclose(f);
    CHECK_INT(lines, N);
    CHECK_INT(h2, N);
    CHECK_INT(same, N);
    apicc_multi_free(m);
    apicc_client_free(c);
    test_server_stop(&ng);
}


/* ---- cookies: one jar per client, shared with its started calls ---------- */

typedef struct session_call {
    int done;
    apicc_status st;
    int ok; /* the server saw the session cookie */
} session_call;

static void on_session(void *user, apicc_client *c, apicc_status st,
                       multi_session_state *out)
{
    (void)c;
    session_call *k = user;
    k->done++;
    k->st = st;
    k->ok = st == APICC_OK && out && out->session &&
            strcmp(out->session, "ok") == 0;
    multi_session_state_free(out);
}

static void on_login(void *user, apicc_client *c, apicc_status st,
                     multi_login_answer *out)
{
    (void)c;
    session_call *k = user;
    k->done++;
    k->st = st;
    k->ok = st == APICC_OK && out && out->user &&
            strcmp(out->user, "alice") == 0;
    multi_login_answer_free(out);
}

TEST(started_calls_share_their_clients_cookies)
{
    apicc_multi *m = apicc_multi_new();
    /* a: logs on with a blocking call; its started calls send the
     * session cookie the answer set */
    apicc_client *a = new_client();
    multi_login_answer *who = NULL;
    CHECK_INT(multi_login(a, &who), APICC_OK);
    multi_login_answer_free(who);
    /* b: logs on with a started call; its later blocking call, and the
     * client's cookie reader, have the cookie */
    apicc_client *b = new_client();
    session_call b_login = {0};
    CHECK_INT(multi_login_start(m, b, on_login, &b_login), APICC_OK);
    /* z: never logs on, its calls run beside a's on the same pooled
     * handles and must not see a's cookie */
    apicc_client *z = new_client();
    enum { N = 6 };
    session_call a_calls[N], z_calls[N];
    memset(a_calls, 0, sizeof a_calls);
    memset(z_calls, 0, sizeof z_calls);
    for (int i = 0; i < N; i++) {
        CHECK_INT(multi_session_check_start(m, a, on_session, &a_calls[i]),
                  APICC_OK);
        CHECK_INT(multi_session_check_start(m, z, on_session, &z_calls[i]),
                  APICC_OK);
    }
    CHECK_INT(apicc_multi_run(m), APICC_OK);
    CHECK(b_login.done == 1 && b_login.ok);
    for (int i = 0; i < N; i++) {
        if (!(a_calls[i].done == 1 && a_calls[i].ok))
            FAIL("a's started call %d: %s", i,
                 apicc_status_name(a_calls[i].st));
        if (!(z_calls[i].done == 1 && z_calls[i].st == APICC_ERR_AUTH &&
              !z_calls[i].ok))
            FAIL("z's started call %d: %s", i,
                 apicc_status_name(z_calls[i].st));
    }
    multi_session_state *state = NULL;
    CHECK_INT(multi_session_check(b, &state), APICC_OK);
    CHECK(state && state->session && strcmp(state->session, "ok") == 0);
    multi_session_state_free(state);
    const char *cookie = apicc_client_cookie(b, "session");
    CHECK_STR(cookie ? cookie : "(none)", "sess-42");
    /* z's blocking call has no session either */
    state = NULL;
    CHECK_INT(multi_session_check(z, &state), APICC_ERR_AUTH);
    multi_session_state_free(state);
    /* a cleared jar is cleared for started calls too */
    apicc_client_clear_credentials(a, NULL);
    session_call after = {0};
    CHECK_INT(multi_session_check_start(m, a, on_session, &after), APICC_OK);
    CHECK_INT(apicc_multi_run(m), APICC_OK);
    CHECK(after.done == 1 && !after.ok);
    apicc_multi_free(m);
    apicc_client_free(a);
    apicc_client_free(b);
    apicc_client_free(z);
}

int main(void)
{
    if (apicc_global_init() != APICC_OK ||
        provider_server_start(&server, "http_server.py", NULL) != 0) {
        printf("FAIL setup: cannot start the test server\n");
        printf("0 passed, 1 failed\n");
        return 1;
    }
    provider_url(base, sizeof base, "http", server.port, NULL);
    RUN(many_calls_with_the_poll_loop);
    RUN(retries_wait_while_other_calls_go_on);
    RUN(a_call_timeout_ends_that_call_only);
    RUN(next_call_options_belong_to_the_started_call);
    RUN(answers_by_status_downloads_and_none);
    RUN(started_downloads_stream_to_files_and_callbacks);
    RUN(a_call_that_cannot_start_says_so_at_once);
    RUN(freeing_the_multi_cancels_what_is_pending);
    RUN(a_callback_may_start_calls);
    RUN(an_event_loop_of_its_own_drives_the_multi);
    RUN(signed_calls_are_signed_per_attempt);
    RUN(http2_calls_share_one_connection);
    RUN(started_calls_share_their_clients_cookies);
    test_server_stop(&server);
    apicc_global_cleanup();
    return harness_report();
}
