/*
 * How a spec type is stored in C, shared by the views of object models
 * (view_models.c, which owns the rules) and union models
 * (view_unions.c).
 */
#ifndef APICC_GEN_VIEW_MODEL_TYPES_H
#define APICC_GEN_VIEW_MODEL_TYPES_H

#include <cjson/cJSON.h>

#include "load/spec.h"
#include "view/view_util.h"

typedef struct field_type {
    const char *kind;  /* "APICC_F_STRING" ... */
    const char *shape; /* "APICC_SHAPE_SINGLE" ... */
    int is_array;
    int is_map;
    char *base;        /* C type of one element: "char *", "int64_t " */
    char *ref_ctype;   /* referenced model or enum C type, or NULL */
    int ref_is_enum;
    char *doc;         /* for documentation: "string", "array of Token" */
} field_type;

/* Works out how t is stored (view_models.c); free with
 * view_field_type_free. */
void view_type_of(view_ctx *v, const spec_type *t, field_type *ft);
void view_field_type_free(field_type *ft);

/* Appends union model m to the view's models (view_unions.c). */
void view_union(view_ctx *v, cJSON *models, const spec_model *m);

#endif
