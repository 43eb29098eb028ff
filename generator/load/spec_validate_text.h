/*
 * The validator's text rules (spec_validate_text.c): text a spec places on
 * the wire or in generated comments must be sendable and one line.
 */
#ifndef APICC_GEN_SPEC_VALIDATE_TEXT_H
#define APICC_GEN_SPEC_VALIDATE_TEXT_H

#include "load/spec_validate_ctx.h"

/* Refuses text that cannot be sent or shown where the spec puts it. */
void vd_text(vd_ctx *v);

#endif
