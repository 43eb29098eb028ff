/*
 * apicc_call: hands each endpoint to its transport, then applies the
 * credential updates a successful answer brings.  Dispatch is the top
 * layer: it calls the transports and the credentials, never the reverse.
 */
#include <stddef.h>

#include "auth_internal.h"
#include "call_internal.h"
#include "client_internal.h"
#include "http_internal.h"
#include "ws_internal.h"

static apicc_status call(apicc_client *c, const apicc_endpoint *ep,
                         const apicc_arg *args, size_t nargs,
                         const cJSON *body, const apicc__payload *payload,
                         const apicc__receive *recv, cJSON **out)
{
    apicc__error_reset(c);
    if (!ep || !ep->method || (nargs > 0 && !args))
        return apicc__fail(c, APICC_ERR_INVALID_ARG,
                           "apicc_call: missing endpoint, method or args");
    cJSON *resp = NULL;
    apicc_status st;
    if (ep->transport == APICC_TRANSPORT_WEBSOCKET)
        st = apicc__ws_call(c, ep, args, nargs, body, &resp);
    else if (payload || recv)
        st = apicc__http_exchange(c, ep, args, nargs, payload, recv, &resp);
    else
        st = apicc__http_call(c, ep, args, nargs, body, &resp);
    st = apicc__call_answered(c, ep, st, resp);
    if (st != APICC_OK || !out) {
        cJSON_Delete(resp);
        return st;
    }
    *out = resp;
    return APICC_OK;
}

apicc_status apicc__call_answered(apicc_client *c, const apicc_endpoint *ep,
                                   apicc_status st, const cJSON *resp)
{
    /* A response arrived: its status stays on the error record, so a
     * failure found in the body later (a credential it lacks, a shape the
     * model refuses) still says which answer it was. */
    if (st == APICC_OK && ep->transport == APICC_TRANSPORT_HTTP)
        apicc__error_set_http_status(c, apicc_client_last_http_status(c));
    if (st == APICC_OK)
        st = apicc__apply_credential_updates(c, ep, resp);
    return st;
}

APICC_API apicc_status apicc_call(apicc_client *c, const apicc_endpoint *ep,
                                  const apicc_arg *args, size_t nargs,
                                  const cJSON *body, cJSON **out)
{
    if (out)
        *out = NULL;
    if (!c)
        return APICC_ERR_INVALID_ARG;
    apicc_status st = call(c, ep, args, nargs, body, NULL, NULL, out);
    /* Options set for this call end with it, whatever it came to. */
    apicc__next_call_clear(c);
    return st;
}

apicc_status apicc__call_http(apicc_client *c, const apicc_endpoint *ep,
                              const apicc_arg *args, size_t nargs,
                              const apicc__payload *payload,
                              const apicc__receive *recv, cJSON **out)
{
    if (out)
        *out = NULL;
    if (!c)
        return APICC_ERR_INVALID_ARG;
    static const apicc__receive json = {0};
    apicc_status st = call(c, ep, args, nargs, NULL, payload,
                           recv ? recv : &json, out);
    apicc__next_call_clear(c);
    return st;
}
