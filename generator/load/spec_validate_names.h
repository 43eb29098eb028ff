/*
 * The C-name checks of the validator (spec_validate_names.c): valid
 * identifiers, keywords, and clashes between generated names.  Called by
 * spec_validate.c.
 */
#ifndef APICC_GEN_SPEC_VALIDATE_NAMES_H
#define APICC_GEN_SPEC_VALIDATE_NAMES_H

#include "load/spec_validate_ctx.h"

/* Checks the struct members of an object model or a params struct.
 * skip (may be NULL) marks params reported as duplicates already. */
void vd_model_members(vd_ctx *v, const spec_model *m);
void vd_param_members(vd_ctx *v, const spec_endpoint *e, const char *skip);

/* Checks every generated global name of the spec for clashes. */
void vd_global_names(vd_ctx *v);

#endif
