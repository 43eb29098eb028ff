/*
 * Where the view applies the C text rules to spec strings, so each rule
 * is applied in one place: every string of a spec that a C template
 * prints goes through one of these.
 *
 *   comment text   view_comment, or the `_comment` twin of view_spec_str:
 *                  safe raw ({{{x}}}) or escaped ({{x}}) in a block comment
 *                  (base/c_text.h says how)
 *   string literal the exact value, printed as {{x}} between quotes: the
 *                  engine's C escaping (tmpl_escape_for) makes any bytes a
 *                  well-formed literal
 *   identifier     derived by base/cname.h from names the validator has
 *                  checked, never the spec text itself
 *
 * tests/unit/test_c_text.c holds the templates to this: a spec key that
 * carries exact spec text appears in a C template only as {{x}} inside a
 * string literal.
 */
#ifndef APICC_GEN_VIEW_ESCAPE_H
#define APICC_GEN_VIEW_ESCAPE_H

#include <cjson/cJSON.h>

#include "view/view_util.h"

/* Adds `key` as s made safe for a C comment, or false when s is NULL. */
void view_comment(view_ctx *v, cJSON *obj, const char *key, const char *s);

/* view_comment of a formatted string: for sentences that quote spec text. */
#if defined(__GNUC__)
__attribute__((format(printf, 4, 5)))
#endif
void view_comment_fmt(view_ctx *v, cJSON *obj, const char *key,
                      const char *fmt, ...);

/* Adds `key` with s exactly (for a string literal and for documents that
 * are not C) and `<key>_comment` as view_comment does; both false when s
 * is NULL. */
void view_spec_str(view_ctx *v, cJSON *obj, const char *key, const char *s);

#endif
