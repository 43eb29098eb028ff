/*
 * What the generated README's example for each endpoint sets before the
 * call, so that the example, copied as it is, compiles and runs against
 * the provider: the credential of the endpoint's first scheme (from
 * environment variables named after the provider) and a plausible value
 * for each required scalar param.
 */
#ifndef APICC_GEN_VIEW_EXAMPLES_H
#define APICC_GEN_VIEW_EXAMPLES_H

#include <cjson/cJSON.h>

#include "view/view_util.h"

/* Adds `example_setup` (a list of {line}: C statements) to each endpoint
 * object of `endpoints`, which lists the spec's endpoints in order. */
void view_examples(view_ctx *v, cJSON *endpoints);

#endif
