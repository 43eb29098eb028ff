/*
 * The layout of an apicc_client (never installed).  Only the files that
 * own a part of it include this: config.c (settings), error.c (the last
 * error), client_state.c (the slots) and client.c (life cycle).  Every
 * other file reaches the client through their functions, so the parts
 * stay independent.  Bottom layer.
 */
#ifndef APICC_CLIENT_STATE_INTERNAL_H
#define APICC_CLIENT_STATE_INTERNAL_H

#include "client_internal.h"

struct apicc_client {
    apicc__config cfg;
    apicc__error_record rec;
    /* Each part above the bottom keeps its own state behind one pointer,
     * so the others need not know its layout. */
    struct apicc__creds *creds;    /* auth.c */
    struct apicc__http_state *http; /* http.c */
    struct apicc__ws_state *ws;    /* ws_call.c */
    struct apicc__decoding *decoding; /* model_decoding.c */
    apicc__forget_cookies_fn forget_cookies; /* installed by http.c */
};

#endif
