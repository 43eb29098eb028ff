/*
 * Union models: their own checks (spec_validate_unions.c), and the
 * discriminator mapping as the view writes it.
 */
#ifndef APICC_GEN_SPEC_VALIDATE_UNIONS_H
#define APICC_GEN_SPEC_VALIDATE_UNIONS_H

#include <stddef.h>

#include "load/spec.h"

struct vd_ctx;

/* Reports what union m's alternatives and discriminator cannot be. */
void vd_union(struct vd_ctx *v, const spec_model *m);

/* One discriminator value and the index of the alternative it names. */
typedef struct vd_mapping {
    const char *value; /* borrowed from the spec */
    size_t alt;
} vd_mapping;

/* The full mapping of union m into out (room for nmapping + nprops
 * entries): the explicit values, then each model alternative no value
 * names, by its model's name.  Returns the count. */
size_t vd_union_mapping(const spec_model *m, vd_mapping *out);

#endif
