/*
 * The lowest layer of the view: the context of one build and the helpers
 * that add keys, used by view.c (the top) and by its parts view_auth.c,
 * view_models.c and view_endpoints.c (view_parts.h).
 */
#ifndef APICC_GEN_VIEW_UTIL_H
#define APICC_GEN_VIEW_UTIL_H

#include <stdarg.h>

#include <cjson/cJSON.h>

#include "base/global_names.h"
#include "load/spec.h"

/* Everything the view's parts share while building one view. */
typedef struct view_ctx {
    const spec *s;
    const char *prefix; /* "quatrix" */
    const char *upper;  /* "QUATRIX" */
    int failed;         /* out of memory somewhere */
} view_ctx;

/* Adds a string, or `false` when s is NULL, so a section over a missing
 * value never falls through to an outer context's key of the same name. */
void view_str(view_ctx *v, cJSON *obj, const char *key, const char *s);
/* view_str for prose: trailing blanks and newlines (a YAML block scalar
 * ends with one) are dropped, so templates control the spacing. */
void view_text(view_ctx *v, cJSON *obj, const char *key, const char *s);
void view_bool(view_ctx *v, cJSON *obj, const char *key, int b);
void view_num(view_ctx *v, cJSON *obj, const char *key, double n);
/* Adds a formatted string. */
#if defined(__GNUC__)
__attribute__((format(printf, 4, 5)))
#endif
void view_fmt(view_ctx *v, cJSON *obj, const char *key, const char *fmt, ...);

/* How a formatted value is added: view_str, or a rule for spec text such
 * as view_comment (view_escape.h). */
typedef void (*view_add_fn)(view_ctx *v, cJSON *obj, const char *key,
                            const char *s);
/* Formats once and adds the text with `add`: the one formatting path of
 * view_fmt and view_comment_fmt. */
#if defined(__GNUC__)
__attribute__((format(printf, 5, 0)))
#endif
void view_vfmt_with(view_ctx *v, cJSON *obj, const char *key,
                    view_add_fn add, const char *fmt, va_list ap);

/* Adds `key` as a list of {"line": "..."} made safe inside a C block
 * comment, or an empty list for NULL text. */
void view_lines(view_ctx *v, cJSON *obj, const char *key, const char *text);

/* Adds `key` as the first line of `text` made safe for a C comment (or
 * false). */
void view_one_line(view_ctx *v, cJSON *obj, const char *key, const char *text);

/* Marks each object of an array with "first" and "last" booleans. */
void view_mark_ends(view_ctx *v, cJSON *arr);

/* Adds an array under key and returns it (NULL when out of memory). */
cJSON *view_array(view_ctx *v, cJSON *obj, const char *key);
/* Appends a new object to arr and returns it. */
cJSON *view_push(view_ctx *v, cJSON *arr);

/* Adds every name of `forms` (global_names.h) for an item whose stem is
 * `stem`, under the forms' view keys. */
void view_names(view_ctx *v, cJSON *obj, const gname_forms *forms,
                const char *stem);

/* "<prefix>_" + derived C name; caller frees. */
char *view_global(view_ctx *v, const char *explicit_c_name, const char *name);

/* The C type of a model reference: "<prefix>_<model>". */
char *view_model_ctype(view_ctx *v, const spec_model *m);

/* The runtime constant for a location: "APICC_IN_HEADER". */
const char *view_location_const(spec_location in);

/* The same as a word for documentation: "header". */
const char *view_location_word(spec_location in);

/* Whether a param is passed as a plain argument of the endpoint function
 * rather than in its params struct: a required path param that is one
 * value (an array would need its count beside it). */
int view_param_is_arg(const spec_param *p);

/* Whether a param is a member of the params struct: all but constants,
 * which the runtime sends by itself. */
int view_param_is_member(const spec_param *p);

#endif
