/*
 * The specs of the spec-injection checks (tests/unit/test_spec_inject.c
 * and tests/fuzz/fuzz_spec_inject.c): a spec with one marker per string
 * field that reaches generated C, and random text built from the pieces
 * that break C text.
 */
#ifndef APICC_TESTS_INJECT_SPECS_H
#define APICC_TESTS_INJECT_SPECS_H

#include <stddef.h>

typedef struct inject_field {
    const char *marker; /* "spec_path" is the file's path, not in the text */
    const char *spec;
    const char *prefix; /* keeps the value's required start */
    const char *benign; /* a value the field is valid with */
} inject_field;

extern const inject_field inject_fields[];
extern const size_t inject_nfields;

/* The spec of f with v (n bytes, as a YAML double-quoted scalar; bytes
 * from 0x80 up stay raw, so invalid UTF-8 reaches the reader) in its
 * field and the benign values in the others.  Caller frees. */
char *inject_spec(const inject_field *f, const char *v, size_t n,
                  size_t *len);

/* A random value: f's prefix and up to 12 pieces, a NUL now and then,
 * from the generator state *rng (never 0).  Returns its length. */
size_t inject_random_value(const inject_field *f, unsigned long long *rng,
                           char *out, size_t cap);

#endif
