/*
 * The parts of the view that view.c puts together; each builds one list
 * of the view from the spec, using only view_util.h below it.
 */
#ifndef APICC_GEN_VIEW_PARTS_H
#define APICC_GEN_VIEW_PARTS_H

#include <cjson/cJSON.h>

#include "view/view_util.h"

cJSON *view_models(view_ctx *v);   /* view_models.c */
cJSON *view_enums(view_ctx *v);    /* view_models.c */
cJSON *view_endpoints(view_ctx *v); /* view_endpoints.c */
/* An endpoint's bodies, answers, Content-Type and Accept (view_bodies.c);
 * `fn` is the endpoint's function name. */
void view_endpoint_bodies(view_ctx *v, cJSON *o, const spec_endpoint *e,
                          const char *fn);
cJSON *view_auths(view_ctx *v);    /* view_auth.c */
cJSON *view_events(view_ctx *v);   /* view_events.c */
/* An endpoint's pagination keys into its view object o; args are the
 * arguments after the client (view_pagination.c). */
void view_pagination(view_ctx *v, cJSON *o, const spec_endpoint *e,
                     const char *fn, const char *args);
/* An endpoint's stream keys into o (view_stream.c), and the C type of
 * its event callback (malloc'd, or NULL). */
/* An endpoint's subscription keys into o, and an event's descriptor of
 * the subscription it belongs to (view_subscribe.c). */
void view_subscribe(view_ctx *v, cJSON *o, const spec_endpoint *e);
void view_event_subscription(view_ctx *v, cJSON *o, const spec_event *ev);
void view_stream(view_ctx *v, cJSON *o, const spec_endpoint *e,
                 const char *fn);
char *view_stream_fn_type(const char *fn);
/* An endpoint's call started on a multi into o (view_start.c): `args`
 * are the arguments after the client, `body_decl` the body's (both
 * with a leading ", " or empty). */
void view_start(view_ctx *v, cJSON *o, const spec_endpoint *e, const char *fn,
                const char *args, const char *body_decl);

/* An endpoint's auth_joined flags (see spec_endpoint) into `o` as
 * has_auth_joined and auth_joined: [{joined}] (view_auth.c). */
void view_auth_joined(view_ctx *v, cJSON *o, const unsigned char *joined,
                      size_t n);

struct spec_signature;
/* The general form of a signing rule into `rule` (r), and its
 * credentials setter into the scheme's object `o` (view_sign.c). */
void view_sign_general(view_ctx *v, cJSON *o, cJSON *r,
                       const struct spec_signature *sig, const char *setter);

/* view_params.c: a param's style keys (style, explode, allow_reserved,
 * json, style_doc, default_value) on its object `o`; an endpoint's
 * `constants` list and `has_constants` on `o`, returning how many. */
void view_param_style(view_ctx *v, cJSON *o, const spec_param *p);
size_t view_constants(view_ctx *v, cJSON *o, const spec_endpoint *e);

/* view_servers.c: the `servers` list, `default_url`, `default_server`
 * and `has_server_vars` on the root; an endpoint's `server` and
 * `endpoint_server_url`; a server's URL with its variables at their
 * defaults (malloc'd, NULL when out of memory). */
void view_servers(view_ctx *v, cJSON *root);
void view_endpoint_server(view_ctx *v, cJSON *o, const spec_endpoint *e);
char *view_server_url(const spec_server *sv);

#endif
