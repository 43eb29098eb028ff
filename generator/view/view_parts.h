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
cJSON *view_auths(view_ctx *v);    /* view_auth.c */

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
