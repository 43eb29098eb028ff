/*
 * Text encoders shared by the runtime's own files (never installed): the
 * RFC 3986 percent-encoder and the number formatter used for signed
 * payloads, so a query string built elsewhere in the runtime writes values
 * exactly as the signature saw them.  The public encoders (hex, base64)
 * are in apicc/sign.h.
 *
 * Bottom layer (see client_internal.h): depends on nothing.
 */
#ifndef APICC_ENCODE_INTERNAL_H
#define APICC_ENCODE_INTERNAL_H

#include <stddef.h>

/*
 * Percent-encodes `len` bytes of `s` (RFC 3986): the unreserved characters
 * A-Z a-z 0-9 - . _ ~ are kept, every other byte becomes "%XX" with
 * upper-case hex (a space is "%20", never "+").  Bytes are taken as they
 * are, so UTF-8 text becomes one "%XX" per byte.  Writes the encoded text
 * to `dst` when it is not NULL (no terminating NUL) and returns its length
 * either way, so a caller can size a buffer with a first call on NULL.
 * The length is at most 3 * len.  Thread-safe.
 */
size_t apicc__percent_encode_to(char *dst, const char *s, size_t len);

/*
 * The same into a new NUL-terminated string.  Returns NULL when out of
 * memory (or when 3 * len + 1 overflows).  Caller frees with free().
 */
char *apicc__percent_encode(const char *s, size_t len);

/* Room for any number apicc__format_number writes, with its NUL. */
#define APICC__NUMBER_MAX 32

/*
 * Writes `d` as the shortest decimal text that reads back as the same
 * double, in ECMAScript's Number-to-String form (what JSON.stringify
 * prints): plain decimal for 1e-6 <= |d| < 1e21 ("5000", "0.1",
 * "6000.346", "-0.0001"), else an exponent ("1e+21", "1.5e-7").  Zero
 * and negative zero are "0".  The decimal point is always '.', whatever
 * the process locale.  Writes a NUL-terminated string to `out` (at least
 * APICC__NUMBER_MAX bytes) and returns its length, or 0 (with `out`
 * empty) for NaN and infinities, which have no such text.  Thread-safe
 * unless another thread changes the locale meanwhile.
 */
size_t apicc__format_number(double d, char *out);

#endif
