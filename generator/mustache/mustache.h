/*
 * A mustache template engine that renders against a cJSON tree.
 *
 * It implements the official mustache spec: comments, delimiters,
 * interpolation, inverted and normal sections, partials, and the optional
 * inheritance (blocks and parents) and dynamic-names modules.  Lambdas do
 * not apply to JSON data and are not supported.  The engine is spec-pure:
 * what templates need beyond the spec comes from the data (the view).
 *
 * Escaping is chosen per render: HTML (what the spec requires for {{x}}),
 * none, or C string-literal escaping, so templates that write C source
 * never get HTML entities.  {{{x}}} and {{&x}} never escape.
 */
#ifndef APICC_GEN_MUSTACHE_H
#define APICC_GEN_MUSTACHE_H

#include <stddef.h>

#include <cjson/cJSON.h>

struct diag;

typedef enum tmpl_escape {
    TMPL_ESCAPE_HTML,
    TMPL_ESCAPE_NONE,
    TMPL_ESCAPE_C /* backslash escapes valid inside a C "..." literal */
} tmpl_escape;

/*
 * Looks a partial up by name.  Returns the template text, owned by the
 * loader's context (it stays valid until the render returns), with its
 * length in *len, or NULL when no such partial exists.  `name` is the
 * partial's name as written (or resolved, for a dynamic name).
 */
typedef const char *(*tmpl_partial_fn)(void *ctx, const char *name,
                                       size_t *len);

typedef struct tmpl_options {
    tmpl_escape escape;
    tmpl_partial_fn partial; /* NULL: every partial is unknown */
    void *partial_ctx;
    /* When nonzero, a reference to a partial the loader does not know is
     * an error (reported through diag); when zero it renders as empty
     * text, as the mustache spec requires.  apicc templates set it. */
    int strict_partials;
    /* Name used in diagnostics for the top template ("template" if NULL);
     * partials are reported under their own names. */
    const char *name;
    size_t max_depth; /* nesting limit for partials and sections; 0: 256 */
    size_t max_output; /* bytes; 0: 256 MiB */
} tmpl_options;

/*
 * Renders `tmpl` (len bytes) with `data` as the root context.  On success
 * returns a malloc'd NUL-terminated string (the caller frees it) and sets
 * *out_len when out_len is not NULL.  On a broken template (unclosed or
 * mismatched section, bad tag, unknown partial when strict_partials is set,
 * nesting too deep, output too large) adds "NAME:LINE:COL: error: ..." to
 * `d` and returns NULL.
 */
char *tmpl_render(const char *tmpl, size_t len, const cJSON *data,
                  const tmpl_options *opt, struct diag *d, size_t *out_len);

#endif
