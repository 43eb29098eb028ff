/*
 * The client's life cycle: making one (settings at their defaults, no
 * error) and freeing it, which releases every layer's state.  It sits at
 * the top with dispatch (call.c), the only place that knows every part.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "apicc/sign.h"
#include "auth_internal.h"
#include "client_state_internal.h"
#include "http_internal.h"
#include "ws_internal.h"

/* ---- life cycle --------------------------------------------------------- */

APICC_API apicc_client *apicc_client_new(const char *base_url)
{
    if (!base_url || !apicc__url_ok(base_url, 1))
        return NULL;
    if (apicc_global_init() != APICC_OK)
        return NULL;
    apicc_client *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    if (!apicc__config_init(&c->cfg, base_url)) {
        apicc_client_free(c);
        return NULL;
    }
    apicc__error_reset(c);
    return c;
}

APICC_API void apicc_client_free(apicc_client *c)
{
    if (!c)
        return;
    apicc__http_cleanup(c);
    apicc__ws_cleanup(c);
    apicc__creds_free(c->creds);
    apicc__decoding_free(c);
    apicc__config_free(&c->cfg);
    apicc__error_free(c);
    apicc_wipe(c, sizeof *c);
    free(c);
}

APICC_API const char *apicc_client_base_url(const apicc_client *c)
{
    return c ? c->cfg.base_url : NULL;
}
