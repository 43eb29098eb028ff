/*
 * Calls started on a multi (apicc/multi.h), as the HTTP transport sees
 * them (never installed): a job is one call with its arguments and body,
 * which http_multi.c runs attempt by attempt on libcurl's multi
 * interface under the client's retry policy, and hands back through
 * `done` once it ended.  multi_invoke.c (dispatch) makes jobs from
 * operations and turns their answers into typed results.
 *
 * Layer: a transport (see client_internal.h).
 */
#ifndef APICC_MULTI_INTERNAL_H
#define APICC_MULTI_INTERNAL_H

#include <stdint.h>

#include "apicc/multi.h"
#include "body_internal.h"
#include "config_internal.h"

typedef struct apicc__http_job apicc__http_job;

struct apicc__http_job {
    /* Set by the dispatch before apicc__multi_submit; borrowed until
     * dispose. */
    apicc_client *c;
    const apicc_endpoint *ep;
    const apicc_arg *args;
    size_t nargs;
    const apicc__payload *body;  /* NULL: none */
    const apicc__receive *recv;  /* never NULL */
    /* The call ended with `st`: runs while the client's last response
     * is this call's (its status, headers, body) and its error record
     * says why; `resp` is the parsed JSON answer, if any (borrowed). */
    void (*done)(apicc__http_job *j, apicc_status st, const cJSON *resp);
    /* Frees the dispatch's side of the job, after done. */
    void (*dispose)(apicc__http_job *j);

    /* The transport's own (http_multi.c). */
    apicc_multi *m;
    struct apicc__http_state *s; /* this call's handle and buffers */
    struct apicc__next_options next; /* the options set for this call */
    apicc__config eff;  /* its limits: the client's, or the call's own */
    int64_t deadline;   /* absolute ms; 0: none */
    int64_t due;        /* when a waiting retry starts */
    int attempts;       /* made so far */
    int cut;            /* the deadline ended an attempt */
    int where;          /* which list it is on */
    apicc__http_job *prev, *next_job;
};

/*
 * Takes `j` (its client's next-call options included) and starts its
 * first attempt, or queues it behind the multi's limit.  On failure the
 * reason is on the client and the job is not taken (its done and
 * dispose are not called).  Either way the client's next-call options
 * end with this call, as a blocking call's do.
 */
apicc_status apicc__multi_submit(apicc_multi *m, apicc__http_job *j);

#endif
