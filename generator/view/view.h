/*
 * The view: a validated spec turned into the cJSON tree that templates
 * read, with everything they need beyond the spec already worked out (C
 * names, full C declarations, descriptor initialisers, first/last markers,
 * comment lines made safe for C).
 *
 * Orders are fixed so output is deterministic: servers, auth schemes,
 * models, enums and endpoints keep the spec's order (auth schemes as they
 * appear under `auth:`); fields and params keep their declaration order.
 * docs/templates.md lists every key.
 */
#ifndef APICC_GEN_VIEW_H
#define APICC_GEN_VIEW_H

#include <cjson/cJSON.h>

#include "load/spec.h"

/* Builds the view of a validated spec; `spec_path` is the path printed in
 * the generated files' first line.  Returns NULL when out of memory.
 * Caller frees with cJSON_Delete. */
cJSON *view_build(const spec *s, const char *spec_path);

#endif
