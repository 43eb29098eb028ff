/*
 * Checks of params and servers (spec_validate_params.c), run by
 * spec_validate once references are resolved.
 */
#ifndef APICC_GEN_SPEC_VALIDATE_PARAMS_H
#define APICC_GEN_SPEC_VALIDATE_PARAMS_H

#include "load/spec_validate_ctx.h"

/* An endpoint's params (styles against shapes, constants, JSON content)
 * and the server it names, which it resolves. */
void vd_params(vd_ctx *v, spec_endpoint *e);

/* The variables of every server URL. */
void vd_servers(vd_ctx *v);

#endif
