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

/*
 * Builds the view of a validated spec; `spec_path` is the path printed in
 * the generated files' first line.  Returns NULL when out of memory.
 * Caller frees with view_free, never cJSON_Delete; one view at a time.
 *
 * For speed the view's nodes come from an arena that view_free drops
 * whole (view_arena.h), and the endpoints are built on a second thread.
 * The arena works through cJSON's allocator hooks, which are
 * process-wide: from view_build to view_free every cJSON value made
 * anywhere in the process comes from the arena and is gone after
 * view_free.  apicc builds one view at a time and its render workers
 * only read the view, so nothing else makes cJSON meanwhile; text
 * printed from the view must be copied before view_free.  Both still pay
 * on the generator bench: without the arena it took 32 to 60% longer,
 * without the threads (second thread here, render pool in
 * output/generate.c) 8 to 29% longer, in three runs (bench/README.md).
 */
cJSON *view_build(const spec *s, const char *spec_path);

/* Frees a view (NULL is fine) and the arena it came from. */
void view_free(cJSON *view);

#endif
