/*
 * The dispatch layer's own entry for HTTP calls whose body is not a JSON
 * tree or whose answer is not parsed as JSON (never installed).  Layer:
 * dispatch (see client_internal.h); invoke.c calls it.
 */
#ifndef APICC_CALL_INTERNAL_H
#define APICC_CALL_INTERNAL_H

#include "apicc/client.h"
#include "body_internal.h"
#include "buf_internal.h"

/* apicc_call for an HTTP endpoint with any body (NULL: none) and way of
 * reading (NULL: JSON); credential updates and the next call's options
 * are handled as apicc_call does. */
apicc_status apicc__call_http(apicc_client *c, const apicc_endpoint *ep,
                              const apicc_arg *args, size_t nargs,
                              const apicc__payload *payload,
                              const apicc__receive *recv, cJSON **out);

/* What every call does once its answer came (call.c): the status kept on
 * the error record, the credential updates the answer brings. */
apicc_status apicc__call_answered(apicc_client *c, const apicc_endpoint *ep,
                                  apicc_status st, const cJSON *resp);

/* ---- the halves of an operation (invoke.c), shared with a started call
 * (multi_invoke.c) ------------------------------------------------------ */

/* Refuses a missing required body; APICC_OK otherwise. */
apicc_status apicc__invoke_check_body(apicc_client *c,
                                      const apicc_operation *op,
                                      const void *body);
/* The request body as the operation's media type says (*has 0: none);
 * `text` receives memory the caller wipes and frees. */
apicc_status apicc__invoke_payload(apicc_client *c, const apicc_operation *op,
                                   const void *body, apicc__payload *p,
                                   apicc__buf *text, int *has);
/* How the answer of `op` is read; `out` is the result struct or the
 * download (may be NULL). */
apicc__receive apicc__invoke_receive(apicc_client *c,
                                     const apicc_operation *op, void *out);
/* Turns the answer of an HTTP call that came to `st` into the result
 * struct or download `out`, or the model *model_out (either may be
 * NULL); takes nothing from `resp`. */
apicc_status apicc__invoke_answer(apicc_client *c, const apicc_operation *op,
                                  apicc_status st, const cJSON *resp,
                                  void *out, void **model_out);

/* Fills an answer read as bytes into `d` (invoke.c, result.c): the
 * buffered body copied (NUL-terminated), or the streamed length. */
apicc_status apicc__download_fill(apicc_client *c, apicc_download *d,
                                  const char *what);

/* The documented answer of `op` for `status`: the exact status, else
 * its range ("4XX"), else `default`; NULL when none (result.c). */
const apicc_response_desc *apicc__response_for(const apicc_operation *op,
                                               long status);

#endif
