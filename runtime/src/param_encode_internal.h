/*
 * Param values as text on the wire (never installed): one param's
 * arguments (a scalar, the elements of an array or the members of an
 * object) written as its style says (OpenAPI 3.1 "Style Values", see
 * docs/spec-format.md "Param styles"), percent-encoded as RFC 3986 says
 * for paths and queries and as RFC 6265 allows for cookies.
 *
 * Bottom layer (see client_internal.h): depends on the encoders and the
 * buffer only, so tests/unit/test_param_encode.c checks it against the
 * specification's table on its own.
 */
#ifndef APICC_PARAM_ENCODE_INTERNAL_H
#define APICC_PARAM_ENCODE_INTERNAL_H

#include <stddef.h>

#include "apicc/endpoint.h"
#include "apicc/status.h"
#include "buf_internal.h"
#include "encode_internal.h"

/* The text of an argument's value: strings as they are, integers in
 * decimal, numbers as apicc__format_number writes them (the form signed
 * payloads use), booleans "true"/"false".  `num` is scratch space.  A NULL
 * string, NaN or infinity is APICC_ERR_INVALID_ARG. */
apicc_status apicc__arg_text(const apicc_arg *a, char num[APICC__NUMBER_MAX],
                             const char **text, size_t *len);

/* How many arguments from args[i] on are one param: 1 for a scalar, the
 * run of elements (`array`) or members (`key`) of the same name and
 * location otherwise. */
size_t apicc__param_group(const apicc_arg *args, size_t i, size_t nargs);

/*
 * Appends one param (args[0..n), as apicc__param_group found them) to
 * `out`, by its location (args[0].in):
 *   path:   the text that replaces "{name}": "blue", ".blue", ";color=blue"
 *   query:  name=value pairs joined with '&' (no leading '&')
 *   header: the header's value, not encoded (CR and LF are refused later)
 *   cookie: name=value pairs joined with "; "
 * Values are percent-encoded (path, query: all but RFC 3986 unreserved,
 * or with allow_reserved also the reserved characters but '#', '&' and
 * '='; cookie: every byte outside RFC 6265's cookie-octet, and '%'), so
 * the delimiters a style puts between items stay the only ones.  A style
 * the location or the value's shape cannot have is APICC_ERR_INVALID_ARG
 * with `why` set (names only, never a value).
 */
apicc_status apicc__encode_param(apicc__buf *out, const apicc_arg *args,
                                 size_t n, const char **why);

#endif
