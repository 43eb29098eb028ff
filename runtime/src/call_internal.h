/*
 * The dispatch layer's own entry for HTTP calls whose body is not a JSON
 * tree or whose answer is not parsed as JSON (never installed).  Layer:
 * dispatch (see client_internal.h); invoke.c calls it.
 */
#ifndef APICC_CALL_INTERNAL_H
#define APICC_CALL_INTERNAL_H

#include "apicc/client.h"
#include "body_internal.h"

/* apicc_call for an HTTP endpoint with any body (NULL: none) and way of
 * reading (NULL: JSON); credential updates and the next call's options
 * are handled as apicc_call does. */
apicc_status apicc__call_http(apicc_client *c, const apicc_endpoint *ep,
                              const apicc_arg *args, size_t nargs,
                              const apicc__payload *payload,
                              const apicc__receive *recv, cJSON **out);

/* Fills an answer read as bytes into `d` (invoke.c, result.c): the
 * buffered body copied (NUL-terminated), or the streamed length. */
apicc_status apicc__download_fill(apicc_client *c, apicc_download *d,
                                  const char *what);

/* The documented answer of `op` for `status`: the exact status, else
 * its range ("4XX"), else `default`; NULL when none (result.c). */
const apicc_response_desc *apicc__response_for(const apicc_operation *op,
                                               long status);

#endif
