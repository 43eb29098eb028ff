/*
 * What mustache sees of a cJSON value: name lookup through the context
 * stack, truthiness, text form, and the three escapings.
 */
#ifndef APICC_GEN_MUSTACHE_VALUE_H
#define APICC_GEN_MUSTACHE_VALUE_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "base/buf.h"
#include "mustache/mustache.h"

/* The length of a name's first part ("a" of "a.b.c"), 0 for "." (the
 * implicit iterator).  Computed once per tag when the template is parsed. */
size_t mvalue_first_part(const char *name);

/* Resolves "." or a dotted name against the context stack (ctx[n-1] is
 * the innermost): the first part (`first` bytes, as mvalue_first_part
 * says) is searched from the innermost context outwards, the rest only
 * inside what the first part found.  NULL when missing. */
const cJSON *mvalue_lookup(const cJSON *const *ctx, size_t n,
                           const char *name, size_t first);

/* false, null, a missing value and an empty array are falsy; everything
 * else (including "" and 0, as JSON data has no other notion) is truthy. */
int mvalue_truthy(const cJSON *v);

/* The text of a value without allocating: strings as they are, numbers in
 * their shortest exact form (written into tmp, which needs cap >= 64),
 * true/false, and nothing for null, missing values, objects and arrays.
 * *text points into the value, at a constant, or into tmp.  Returns its
 * length. */
size_t mvalue_scalar(const cJSON *v, char *tmp, size_t cap,
                     const char **text);

/* Appends s (n bytes) escaped as `how` says. */
void mvalue_escape(const char *s, size_t n, tmpl_escape how, buf *out);

#endif
