/*
 * The client's insides, shared by the runtime's own files (never
 * installed).  Functions here use the apicc__ prefix.
 *
 * The runtime is built in layers, top first.  A file calls only files of
 * its own layer or of the layers below, and no files call each other in
 * a cycle (tests/cli/test_runtime_layers.sh reads this map and checks):
 *
 *   dispatch     client.c (life cycle), call.c (apicc_call), invoke.c,
 *                pager.c (pagination), stream.c (event streams),
 *                result.c (answers by status, downloads) (call_internal.h),
 *                invoke_params.c (params structs into arguments),
 *                multi_invoke.c (operations started on a multi)
 *   transports   HTTP: http_request.c, auth_http.c, http.c, http_meta.c,
 *                http_trace.c, http_body.c (bodies on the handle),
 *                http_download.c (streamed answers) (http_internal.h),
 *                http_multi.c (many calls at once) (multi_internal.h);
 *                WebSocket: ws_*.c, among them ws_sub_table.c
 *                (open subscriptions, the logon kept) and
 *                ws_subscriptions.c (the replay after a reconnect)
 *                (ws_internal.h)
 *   credentials  auth.c (the store, the choice of scheme, updates),
 *                sign_request.c (signing one request, for both
 *                transports), sign.c, sign_payload.c (auth_internal.h),
 *                sign_rule.c (a rule's nodes), sign_place.c,
 *                sign_digest.c, sign_time.c, sign_offline.c (a rule
 *                run on a request in memory) (sign_internal.h)
 *   bottom       this header: config.c (settings), call_options.c
 *                (options for the next call), error.c (the last
 *                error), client_state.c (slots for the layers above),
 *                json_path.c, json_parse.c (bounded parsing of answers),
 *                json_arena.c (the memory of trees read and dropped),
 *                form_encode.c (form bodies, body_internal.h),
 *                clock.c, buf.c, header_syntax.c, encode.c,
 *                trace_redact.c (credentials out of traces),
 *                sse.c (server-sent events), link_header.c (RFC 8288),
 *                param_encode.c (param styles on the wire),
 *                server_url.c (the URL per endpoint, server variables),
 *                global.c, model.c (answers into structs), model_union.c
 *                (union models), model_path.c (their messages),
 *                model_decoding.c (the client's decoding mode), status.c,
 *                version.c, wipe_alloc.c (allocation functions that wipe
 *                what they free); defaults_internal.h (every default)
 *
 * The one call that must go up, forgetting a session cookie when
 * credentials are cleared, goes through a hook the HTTP transport
 * installs (apicc__forget_cookies), so no file depends on one above it.
 */
#ifndef APICC_CLIENT_INTERNAL_H
#define APICC_CLIENT_INTERNAL_H

#include "apicc/client.h"
#include "apicc/model.h"
#include "clock_internal.h"
#include "config_internal.h"
#include "error_internal.h"
#include "json_internal.h"

struct apicc__http_state; /* http.c */
struct apicc__ws_state;   /* ws_call.c */
struct apicc__creds;      /* auth.c */

/* ---- slots for the layers above (client_state.c) ------------------------ */

/* Transport state slots on the client, owned by http.c and ws_call.c. */
struct apicc__http_state **apicc__http_slot(apicc_client *c);
struct apicc__ws_state **apicc__ws_slot(apicc_client *c);

/* The HTTP state for readers of a const client (response metadata);
 * NULL before the first HTTP call. */
struct apicc__http_state *apicc__http_state_of(const apicc_client *c);

/* The decoding slot (mode and what lenient decoding left out), owned by
 * model_decoding.c; NULL until apicc_client_set_decoding. */
struct apicc__decoding;
struct apicc__decoding **apicc__decoding_slot(apicc_client *c);
const struct apicc__decoding *apicc__decoding_of(const apicc_client *c);
void apicc__decoding_free(apicc_client *c);

/* Parses a response body into `d` in the client's decoding mode, keeping
 * what lenient decoding left out on the client (model_decoding.c). */
apicc_status apicc__decode_response(apicc_client *c, const apicc_model_desc *d,
                                    const cJSON *json, void **out,
                                    apicc_json_error *err);

/* The credentials slot on the client, owned by auth.c. */
struct apicc__creds **apicc__creds_slot(apicc_client *c);

/* Forgets the cookie `name` held for later requests, or every cookie when
 * name is NULL.  The cookie store belongs to the HTTP transport, which
 * installs the function when it creates the store; before that there is
 * no cookie to forget, and apicc__forget_cookies does nothing. */
typedef void (*apicc__forget_cookies_fn)(apicc_client *c, const char *name);
void apicc__set_cookie_forgetter(apicc_client *c, apicc__forget_cookies_fn fn);
void apicc__forget_cookies(apicc_client *c, const char *name);

#endif
