/*
 * Shared by the spec loader's files: spec_load.c (file, top level,
 * servers, errors), spec_load_util.c (typed reads of YAML nodes, key
 * checks, suggestions), spec_load_auth.c, spec_load_models.c,
 * spec_load_endpoints.c (with spec_load_pagination.c and
 * spec_load_stream.c) and
 * spec_load_events.c.  spec_validate.c uses the suggestion helper.
 *
 * The loader reads the YAML tree into the spec model and reports every
 * problem of shape: unknown and missing keys, wrong types, bad enum
 * values.  It keeps going after a problem, keeping what it could read, so
 * one run shows everything; cross-checks (references, names, C names)
 * are spec_validate's.
 */
#ifndef APICC_GEN_SPEC_LOAD_INTERNAL_H
#define APICC_GEN_SPEC_LOAD_INTERNAL_H

#include <stddef.h>

#include "load/spec.h"
#include "load/yaml_tree.h"

struct diag;

typedef struct ld_ctx {
    spec *s;
    struct diag *d;
    const char *path;
    size_t models_cap; /* capacity of s->models */
    int oom;           /* an allocation failed somewhere */
} ld_ctx;

/* A name of an enumerated value (`type: string`) and its C value. */
typedef struct ld_name {
    const char *name;
    int value;
} ld_name;

/* ---- reporting (spec_load_util.c) ----------------------------------- */

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
void ld_error(ld_ctx *l, const ytree_node *at, const char *fmt, ...);

spec_pos ld_pos(const ytree_node *n);

/* "a string", "a number", "a boolean", "null", "a mapping", "a list". */
const char *ld_describe(const ytree_node *n);

/* Each returns 1 when n has the shape, else reports "expected ..., got
 * ..." at n and returns 0. */
int ld_want_map(ld_ctx *l, const ytree_node *n);
int ld_want_seq(ld_ctx *l, const ytree_node *n);

/* ---- keys ---------------------------------------------------------- */

/* The key node of `key` in a map, or NULL. */
const ytree_node *ld_key(const ytree_node *map, const char *key);

/* Whether name is in the NULL-terminated list. */
int ld_in_list(const char *name, const char *const *list);

/* Reports key (a key node) as unknown in `what`, with a suggestion from
 * the NULL-terminated `allowed` when one is close. */
void ld_unknown_key(ld_ctx *l, const ytree_node *key, const char *what,
                    const char *const *allowed);

/* Reports every key of map not in `allowed`, and every key of `required`
 * that is missing (at the map).  Both lists are NULL-terminated;
 * required may be NULL. */
void ld_keys(ld_ctx *l, const ytree_node *map, const char *what,
             const char *const *allowed, const char *const *required);

/* Reports "missing required key" for each absent key of `required`. */
void ld_missing(ld_ctx *l, const ytree_node *map, const char *what,
                const char *const *required);

/* ---- values ---------------------------------------------------------- */

/* A copy of a string scalar, or NULL after reporting (or out of memory). */
char *ld_string(ld_ctx *l, const ytree_node *n);

/* A string scalar read into *out; 0 after reporting. */
int ld_bool(ld_ctx *l, const ytree_node *n, int *out);
int ld_int(ld_ctx *l, const ytree_node *n, long long *out);

/*
 * One of the names of `table` (n entries) into *out; else reports
 * "invalid value 'x' for 'key'<where>; expected one of: a, b" and returns
 * 0.  `where` is "" or a phrase such as " in a websocket spec".
 */
int ld_enum(ld_ctx *l, const ytree_node *n, const char *key,
            const ld_name *table, size_t count, const char *where, int *out);

/* ld_enum over words of the vocabulary (base/vocab.h): every word of t,
 * or when `only` is given the words of those n values, in that order. */
int ld_vocab(ld_ctx *l, const ytree_node *n, const char *key,
             const vocab *t, const int *only, size_t nonly,
             const char *where, int *out);

/* Optional members of a map: nothing happens when the key is absent. */
void ld_opt_string(ld_ctx *l, const ytree_node *map, const char *key,
                   char **out);
void ld_opt_bool(ld_ctx *l, const ytree_node *map, const char *key,
                 int *out);

/* A list of strings (a YAML sequence) with each entry's position. */
int ld_string_list(ld_ctx *l, const ytree_node *n, char ***out,
                   spec_pos **pos, size_t *count);

/* An `auth:` or `default_auth:` list: scheme names, and lists of names
 * that apply together, flattened; joined[i] is 1 when name i goes with
 * the one before it (spec_load_requirements.c). */
int ld_auth_list(ld_ctx *l, const ytree_node *n, char ***names,
                 spec_pos **pos, unsigned char **joined, size_t *count);

/* ---- memory ----------------------------------------------------------- */

void *ld_calloc(ld_ctx *l, size_t n, size_t size);
char *ld_strdup(ld_ctx *l, const char *s);

/* ---- the parts (one file each) --------------------------------------- */

void ld_auths(ld_ctx *l, const ytree_node *map);
/* The general form of a signing rule, `values:` (spec_load_sign.c). */
void ld_sign_values(ld_ctx *l, const ytree_node *seq, spec_signature *sig);
void ld_models(ld_ctx *l, const ytree_node *map);
/* The keys of a union model (spec_load_unions.c); m->kind is set. */
void ld_union(ld_ctx *l, const ytree_node *n, const char *model_name,
              spec_model *m);
void ld_endpoints(ld_ctx *l, const ytree_node *seq);
void ld_events(ld_ctx *l, const ytree_node *seq);
/* An endpoint's `pagination:` mapping (spec_load_pagination.c). */
spec_pagination *ld_pagination(ld_ctx *l, const ytree_node *map);
/* An endpoint's `stream:` mapping (spec_load_stream.c). */
spec_stream *ld_stream(ld_ctx *l, const ytree_node *map);
/* spec_load_subscribe.c: an endpoint's `subscribe:` */
spec_subscribe *ld_subscribe(ld_ctx *l, const ytree_node *map);
/* One entry of an endpoint's `params:` (spec_load_params.c). */
void ld_param(ld_ctx *l, const ytree_node *n, spec_param *p);
/* A server's `variables:` (spec_load_servers.c). */
void ld_server_vars(ld_ctx *l, const ytree_node *n, spec_server *sv);
/* The top-level `headers:` (spec_load_servers.c). */
void ld_const_headers(ld_ctx *l, const ytree_node *n);

/* What a type may be where it is read: a property (which may hoist an
 * inline object or enum into a model of its own), the items or values of
 * one, a param, or the items of an array param. */
typedef enum ld_type_mode {
    LD_TYPE_PROPERTY,
    LD_TYPE_ELEMENT,
    LD_TYPE_PARAM,
    LD_TYPE_PARAM_ITEMS
} ld_type_mode;

/*
 * Reads the type a mapping describes (`type:` or `$ref:` and the type
 * keys; the caller has checked the mapping's keys).  `what` names the
 * mapping in messages ("property").  hoist_name names a hoisted inline
 * object or enum ("Model_prop"); hoist_at is where such a model is said
 * to be.  Returns NULL after reporting.
 */
spec_type *ld_type(ld_ctx *l, const ytree_node *map, ld_type_mode mode,
                   const char *what, const char *hoist_name,
                   const ytree_node *hoist_at);

/*
 * Endpoint `endpoint`'s inline `response: {type: array, items: ...}`:
 * makes the list model "<endpoint>_response" (see spec_model.is_list) and
 * returns its name, or NULL after reporting.  `suffix` ("_body"), when
 * not NULL, names it "<endpoint><suffix>" instead.
 */
char *ld_list_model(ld_ctx *l, const ytree_node *map, const char *endpoint,
                    const char *suffix);

/* An endpoint's `body:`, `response:` and `responses:`
 * (spec_load_bodies.c). */
void ld_body(ld_ctx *l, const ytree_node *map, spec_endpoint *e);
void ld_response_body(ld_ctx *l, const ytree_node *map, spec_endpoint *e);
void ld_responses(ld_ctx *l, const ytree_node *map, spec_endpoint *e);

/* Frees a type tree (spec_free.c). */
void spec_type_free(spec_type *t);
/* Free what one model or endpoint owns, not the element itself, so a
 * list can drop elements (spec_select.c). */
void spec_model_free_members(spec_model *m);
void spec_endpoint_free_members(spec_endpoint *e);

/* ---- suggestions --------------------------------------------------- */

/*
 * The candidate closest to `word` when it is close enough to be a likely
 * typo (a small edit distance, case ignored), else NULL.  Candidates with
 * an equal distance: the first wins.
 */
const char *spec_suggest(const char *word, const char *const *cands,
                         size_t count);

#endif
