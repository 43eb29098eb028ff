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

#endif
