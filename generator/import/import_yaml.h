/*
 * Writing an imported spec (import_ir.h) as spec YAML.
 */
#ifndef APICC_GEN_IMPORT_EMIT_H
#define APICC_GEN_IMPORT_EMIT_H

#include "import/import_ir.h"

/* The spec as YAML in a malloc'd string (caller frees); NULL when out of
 * memory.  Writes the models imp_prune kept, in imp_model_order. */
char *imp_emit(imp_spec *s);

#endif
