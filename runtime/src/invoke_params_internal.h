/*
 * A generated params struct as call arguments (never installed): read
 * through the operation's param table, with constants added, object
 * params split into their members and JSON params printed.
 *
 * Layer: dispatch (see client_internal.h); used by invoke.c.
 */
#ifndef APICC_INVOKE_PARAMS_INTERNAL_H
#define APICC_INVOKE_PARAMS_INTERNAL_H

#include <stddef.h>

#include "apicc/model.h"

/* The arguments of one call, and what they point into. */
typedef struct apicc__call_args {
    apicc_arg *args;
    size_t nargs;
    cJSON **trees; /* object params as JSON: their members' text */
    size_t ntrees;
    char **texts;  /* JSON params as text */
    size_t ntexts;
} apicc__call_args;

/* Builds the arguments of `op` from `params` (may be NULL): a missing
 * required param, an enum value without a wire string or a NULL element
 * fails with the reason recorded on the client. */
apicc_status apicc__params_to_args(apicc_client *c, const apicc_operation *op,
                                   const void *params, apicc__call_args *out);

/* Frees what apicc__params_to_args built; the struct is empty after. */
void apicc__call_args_free(apicc__call_args *a);

#endif
