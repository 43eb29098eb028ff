/*
 * The slots on a client where the layers above the bottom keep their
 * state (client_internal.h).
 */
#include "client_state_internal.h"

struct apicc__http_state **apicc__http_slot(apicc_client *c)
{
    return &c->http;
}

struct apicc__http_state *apicc__http_state_of(const apicc_client *c)
{
    return c ? c->http : NULL;
}

struct apicc__ws_state **apicc__ws_slot(apicc_client *c)
{
    return &c->ws;
}

struct apicc__decoding **apicc__decoding_slot(apicc_client *c)
{
    return &c->decoding;
}

const struct apicc__decoding *apicc__decoding_of(const apicc_client *c)
{
    return c ? c->decoding : NULL;
}

struct apicc__creds **apicc__creds_slot(apicc_client *c)
{
    return &c->creds;
}

void apicc__set_cookie_forgetter(apicc_client *c, apicc__forget_cookies_fn fn)
{
    c->forget_cookies = fn;
}

void apicc__forget_cookies(apicc_client *c, const char *name)
{
    if (c->forget_cookies)
        c->forget_cookies(c, name);
}
