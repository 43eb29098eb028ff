/*
 * The HTTP transport, shared by its own files (never installed):
 * http_request.c builds a request from an endpoint and its arguments,
 * auth_http.c adds credentials to it, http.c sends it (with retries) and
 * http_meta.c answers questions about the last response.
 *
 * Layer: a transport (see client_internal.h).  It uses the credentials
 * (auth_internal.h) and the bottom; only dispatch (call.c, client.c)
 * calls into it.
 *
 * Every buffer here may hold a secret (an API key in the query, an
 * Authorization header), so each one is wiped before its memory is
 * released or reused, growth included (buf_internal.h).
 */
#ifndef APICC_HTTP_INTERNAL_H
#define APICC_HTTP_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <curl/curl.h>

#include "apicc/client.h"
#include "apicc/endpoint.h"
#include "apicc/status.h"
#include "body_internal.h"
#include "buf_internal.h"
#include "client_internal.h"
#include "encode_internal.h"
#include "header_syntax_internal.h"
#include "param_encode_internal.h"

/* ---- requests ----------------------------------------------------------- */

typedef struct apicc__request {
    const char *method;
    apicc__buf path;    /* the path as sent: the base URL's path, then the
                           expanded template; no query */
    apicc__buf query;   /* name=value pairs joined with '&', no '?' */
    apicc__buf cookies; /* "a=1; b=2", sent with the cookie store's own */
    apicc__buf lines;   /* header lines "Name: value", each NUL-ended, in
                           one buffer so a reused request allocates
                           nothing; a replaced line stays as dead bytes */
    size_t *header_at;  /* where each live line starts in `lines` */
    size_t nheaders;
    size_t capheaders;
    const char *body;   /* borrowed; NULL when there is none */
    size_t body_len;
    apicc__buf signed_body; /* the body a signing rule rewrote (a nonce
                               field added); `body` points here then, and
                               it is what goes out */
    int body_streamed;  /* a file or multipart body: not in memory, so a
                           signing rule cannot place a value in it */
    /* Why the last builder call failed: names only, never a value (a value
     * may be a secret). */
    char err[192];
} apicc__request;

void apicc__req_init(apicc__request *r, const char *method);
/* Replaces the path and query with `path_query` ("/a/b?x=1", as a
 * server's next link gives it, already encoded); a byte that cannot be
 * in a URL (space, control, '#') is APICC_ERR_RESPONSE. */
apicc_status apicc__req_link(apicc__request *r, const char *path_query);
/* Wipes and empties the request for the next one, keeping its memory. */
void apicc__req_reset(apicc__request *r, const char *method);
/* Wipes and frees everything the request holds. */
void apicc__req_free(apicc__request *r);

/* Header line i ("Name: value"), 0 <= i < r->nheaders; valid until the
 * request changes. */
const char *apicc__req_header_line(const apicc__request *r, size_t i);

/*
 * Sets the path: the path of `base_url` (without a trailing '/') followed
 * by `tmpl` with each "{name}" replaced by the percent-encoded value of
 * the APICC_IN_PATH argument `name`, written as its style says.
 * "." and ".." as whole values are written "%2E" and "%2E%2E" so a value
 * can never step out of its segment.  A placeholder with no argument, or
 * an unclosed '{', is APICC_ERR_INVALID_ARG.
 */
apicc_status apicc__req_path(apicc__request *r, const char *base_url,
                             const char *tmpl, const apicc_arg *args,
                             size_t nargs);

/* Appends name=value (both percent-encoded) to the query string. */
apicc_status apicc__req_query(apicc__request *r, const char *name,
                              const char *value, size_t len);

/* Sets header `name` to `prefix` + " " + `value` (prefix may be NULL),
 * replacing a header of the same name (case-insensitive).  A bad name, or
 * CR/LF in the value, is APICC_ERR_INVALID_ARG. */
apicc_status apicc__req_header(apicc__request *r, const char *name,
                               const char *prefix, const char *value);

/* Adds a cookie to the request's own Cookie header. */
apicc_status apicc__req_cookie(apicc__request *r, const char *name,
                               const char *value);

/* Places every param where its location says, written as its style
 * says (param_encode_internal.h): the path (through apicc__req_path), the
 * query (APICC_IN_QUERY, and APICC_IN_PARAM, which HTTP has no other
 * place for), headers and cookies. */
apicc_status apicc__req_args(apicc__request *r, const char *base_url,
                             const apicc_endpoint *ep, const apicc_arg *args,
                             size_t nargs);

/* Writes the full URL: the scheme and authority of `base_url`, then the
 * request's path and query.  Wiped and freed by the caller. */
apicc_status apicc__req_url(const apicc__request *r, const char *base_url,
                            apicc__buf *out);

/* ---- the transport's state on a client (http.c, http_meta.c) ---------- */

/*
 * One libcurl easy handle per client, kept across calls so its connection
 * (and TLS session, and CA store) stays alive, and one request reused by
 * every call.  The last response stays until the next call: its body
 * here, its headers in libcurl (curl_easy_header), copied out on demand.
 */
struct apicc__http_state {
    CURL *h;
    unsigned long applied;    /* config generation set on the handle */
    int configured;           /* settings were put on the handle before */
    char errbuf[CURL_ERROR_SIZE];
    apicc__request req;
    apicc__buf url;
    apicc__buf body;
    size_t max_body;
    int too_large;
    char **header_copies;     /* values handed out by
                                 apicc_client_response_header, each its own
                                 block so earlier ones stay valid */
    size_t ncopies;
    long status;
    long connections;         /* opened so far, from CURLINFO_NUM_CONNECTS */
    char *cookie;             /* apicc_client_cookie's last answer */
    /* The client's cookies, in a libcurl share so that transfers of its
     * calls started on a multi (other handles) read and set them too:
     * `jar` is owned by a client's own state, `shared` is the jar the
     * handle uses now (its client's, while lent to a started call). */
    CURLSH *jar;
    CURLSH *shared;
    struct curl_slist *nodes; /* the request's header list, built over the
                                 request's own lines (never copied) */
    size_t capnodes;
    uint64_t rng;             /* jitter for retry delays */
    /* This call's body and reading (http_body.c, http_download.c) */
    const apicc_endpoint *ep;
    const apicc__receive *recv; /* NULL: a JSON answer */
    curl_mime *mime;          /* a multipart body, per attempt */
    FILE *upload;             /* a body streamed from a file, per attempt */
    FILE *sink;               /* a download's file, during an answer */
    int sink_failed;          /* the file could not be written */
    int sink_aborted;         /* the download callback said stop */
    size_t streamed;          /* bytes handed to the download */
    /* This attempt (http.c) */
    int attempt;              /* its number, 1 for the first */
    int64_t started_ms;       /* when it was handed to libcurl */
};

/* Puts the cookies of client `c` on `s`, a handle a call of c's
 * started on a multi uses (so it sends the session cookie a blocking
 * call got, and the client keeps what its answer sets); and takes them
 * off again when the handle goes back to the pool. */
apicc_status apicc__http_share_cookies(apicc_client *c,
                                       struct apicc__http_state *s);
void apicc__http_unshare_cookies(struct apicc__http_state *s);

/* Frees the response header copies (http_meta.c). */
void apicc__http_drop_header_copies(struct apicc__http_state *s);

/* Forgets the cookie `name` held for later requests, or every cookie
 * when name is NULL (http_meta.c); installed as the client's cookie
 * hook when the state is made. */
void apicc__http_clear_cookies(apicc_client *c, const char *name);

/* ---- the transport's entry points (http.c) ------------------------------ */

/* Sends one call, with the client's retry policy; called by apicc_call. */
apicc_status apicc__http_call(apicc_client *c, const apicc_endpoint *ep,
                              const apicc_arg *args, size_t nargs,
                              const cJSON *body, cJSON **out);
/* The same with any body and way of reading (invoke.c): `body` NULL
 * sends none; with `recv->raw` the answer is not parsed (*out stays
 * NULL) and apicc__http_last_body gives it. */
apicc_status apicc__http_exchange(apicc_client *c, const apicc_endpoint *ep,
                                  const apicc_arg *args, size_t nargs,
                                  const apicc__payload *body,
                                  const apicc__receive *recv, cJSON **out);

/* The last answer's buffered body (empty when it was streamed) and its
 * Content-Type ("" when none); valid until the next call. */
void apicc__http_last_body(const apicc_client *c, const char **data,
                           size_t *len, const char **content_type);

/* Bytes the last call streamed to its download. */
size_t apicc__http_streamed(const apicc_client *c);

/* ---- one attempt in two halves (http.c), for the multi ------------------ */

/* A transfer state of its own, not a client's: a started call's
 * (http_multi.c).  NULL when out of memory. */
struct apicc__http_state *apicc__http_state_new(void);
void apicc__http_state_free(struct apicc__http_state *s);

/* Puts c's settings on s's handle unless they are there already (a
 * generation names one client's settings at one time). */
apicc_status apicc__http_configure(apicc_client *c,
                                   struct apicc__http_state *s);

/* The limits of the call about to start: the next call's timeout and
 * deadline over the client's; *own_limits says whether they differ. */
apicc__config apicc__http_limits(const apicc__config *cfg, int *own_limits);

/* What one attempt came to. */
typedef struct apicc__outcome {
    apicc_status st;
    int retry;           /* the policy allows another attempt */
    long retry_after_ms; /* from Retry-After; -1 when absent */
} apicc__outcome;

/* Builds attempt number s->attempt (credentials and signature included)
 * and puts it on s's handle, ready for libcurl; on failure nothing is
 * left on the handle and the reason is on the client. */
apicc_status apicc__http_attempt_begin(apicc_client *c,
                                       struct apicc__http_state *s,
                                       const apicc_endpoint *ep,
                                       const apicc_arg *args, size_t nargs,
                                       const apicc__payload *body);
/* Reads the answer of the transfer that ended with `rc`, shows the
 * attempt to the trace callback, and takes it off the handle.  Reads
 * the response headers through the client, so s must be the client's
 * state (its slot) meanwhile. */
apicc__outcome apicc__http_attempt_end(apicc_client *c,
                                       struct apicc__http_state *s,
                                       const apicc_endpoint *ep, CURLcode rc,
                                       cJSON **out);

/* Takes an attempt that will not be read (a cancelled call) off the
 * handle, wiping what it built. */
void apicc__http_attempt_abandon(struct apicc__http_state *s);

/* The wait before attempt number `next` (2, 3, ...). */
long apicc__http_retry_delay_ms(const apicc__config *cfg,
                                struct apicc__http_state *s, int next,
                                long retry_after);
/* Bounds the next attempt by `left` ms of the call's deadline, or by
 * its own timeout; 1 when the deadline is what bounds it. */
int apicc__http_limit_attempt(struct apicc__http_state *s,
                              const apicc__config *cfg, int64_t left);
/* Adds to a failed call's message how many attempts it took and whether
 * its deadline passed (nothing for one attempt within it). */
void apicc__http_explain(apicc_client *c, apicc_status st, int attempts,
                         int cut, long deadline_ms);

/* ---- bodies and downloads (http_body.c, http_download.c) --------------- */

/* Puts `p` on the handle as the request body (none: an empty one, for
 * the methods that carry a body); on failure `err` says why. */
CURLcode apicc__http_set_body(struct apicc__http_state *s,
                              const apicc__payload *p, char *err,
                              size_t errlen);
/* Takes the body off the handle and frees what the attempt made. */
void apicc__http_release_body(struct apicc__http_state *s);

/* Whether the call streams a successful answer (a download with a path
 * or a callback). */
int apicc__http_streams(const struct apicc__http_state *s);
/* Whether `status` counts as success for `ep`. */
int apicc__http_success(const apicc_endpoint *ep, long status);
/* Hands a chunk to the download when it belongs to a successful answer
 * being streamed (*handled then 1); 0 stops the transfer. */
int apicc__http_stream_chunk(struct apicc__http_state *s, const char *data,
                             size_t len, int *handled);
/* Ends an attempt's stream; 0 when the file could not be written. */
int apicc__http_stream_end(struct apicc__http_state *s, int success);
/* Forgets what the previous attempt streamed. */
void apicc__http_stream_reset(struct apicc__http_state *s);

/* Frees the client's HTTP state (apicc_client_free). */
void apicc__http_cleanup(apicc_client *c);

/* ---- tracing (http_trace.c) -------------------------------------------- */

/* Hands the attempt just made (the request still in s->req and s->url,
 * the answer in s->body and the handle) to the client's trace callback,
 * every credential redacted.  Called only when a callback is set. */
void apicc__http_trace(apicc_client *c, const struct apicc__http_state *s,
                       const apicc_endpoint *ep, int attempt, int64_t ms,
                       apicc_status result);

/* ---- credentials on a request (auth_http.c) ----------------------------- */

/* Adds what `scheme` needs to the request (auth_http.c): an Authorization
 * header, an API key in a header, the query or a cookie, or a signature
 * computed over the request as built so far (the rule's key and timestamp
 * are added first).  `args` are the call's arguments, for SORTED_PARAMS.
 * Failures are recorded on the client without any secret. */
apicc_status apicc__auth_apply_http(apicc_client *c,
                                    const apicc_auth_scheme *scheme,
                                    apicc__request *req,
                                    const apicc_arg *args, size_t nargs);

#endif
