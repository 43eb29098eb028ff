/*
 * WebSocket endpoint calls: placeholder until the WebSocket client lands.
 */
#include "client_internal.h"

apicc_status apicc__ws_call(apicc_client *c, const apicc_endpoint *ep,
                            const apicc_arg *args, size_t nargs,
                            const cJSON *body, cJSON **out)
{
    (void)ep;
    (void)args;
    (void)nargs;
    (void)body;
    *out = NULL;
    return apicc__fail(c, APICC_ERR_INVALID_ARG,
                       "WebSocket calls are not available in this build");
}

void apicc__ws_cleanup(apicc_client *c)
{
    (void)c;
}
