/*
 * Part of a spec, under other C names, without editing the spec file:
 * `apicc generate --only` and `--rename`.  A user who calls 20 of a
 * provider's 1,200 endpoints vendors a client of those 20 and the models
 * they reach, under names of their choosing.
 */
#ifndef APICC_GEN_SPEC_SELECT_H
#define APICC_GEN_SPEC_SELECT_H

#include <stddef.h>

#include "load/spec.h"

struct diag;

typedef struct spec_select {
    /* Endpoints to keep, each "NAME" (a glob: * and ? as in the shell)
     * or "path:/PREFIX" (HTTP paths starting so).  None: all of them. */
    const char **only;
    size_t nonly;
    /* "OLD=NEW": an endpoint's name, or a model's spec or C name. */
    const char **renames;
    size_t nrenames;
} spec_select;

/*
 * Keeps the endpoints `only` picks and the models they reach (bodies,
 * responses, errors, params, and their members in turn, with the
 * provider's default error model), then applies the renames.  Runs
 * between spec_load and spec_validate, which then checks the result like
 * any spec (a rename that clashes is an error there).  A selector that
 * picks nothing and a rename whose old name is nowhere are errors: a typo
 * must not pass silently.  Returns 0, or -1 after reporting in d.
 */
int spec_select_apply(spec *s, const spec_select *sel, struct diag *d);

#endif
