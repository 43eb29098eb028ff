/*
 * Template sets: every *.mustache file of one directory, read once.
 *
 * A file whose name starts with '_' is a partial only; every other file is
 * a top-level template that produces one output file per provider, named
 * after the template without ".mustache", with "PROVIDER" replaced by the
 * provider's prefix ("PROVIDER.h.mustache" -> "quatrix.h").  Any template
 * can be used as a partial by its name without ".mustache".
 */
#ifndef APICC_GEN_TEMPLATES_H
#define APICC_GEN_TEMPLATES_H

#include <stddef.h>

#include "mustache/mustache.h"

struct diag;

typedef struct tmpl_file {
    char *name; /* file name without ".mustache" */
    char *path; /* as read, for messages */
    char *text;
    size_t len;
    int is_partial;
} tmpl_file;

typedef struct tmpl_set {
    tmpl_file *files; /* sorted by name */
    size_t n;
} tmpl_set;

/* Reads every template of `dir`.  Returns 0, or -1 after adding
 * diagnostics (unreadable directory, no top-level template). */
int tmpl_set_load(tmpl_set *set, const char *dir, struct diag *d);
void tmpl_set_free(tmpl_set *set);

/* A tmpl_partial_fn over a set (ctx is the tmpl_set). */
const char *tmpl_set_partial(void *ctx, const char *name, size_t *len);

/* The escaping an output file gets: C escaping for .c and .h, none for
 * anything else (Markdown, text). */
tmpl_escape tmpl_escape_for(const char *output_name);

/* Reads a whole file into a NUL-terminated buffer; NULL on failure (errno
 * set).  Caller frees. */
char *tmpl_read_file(const char *path, size_t *len);

/* The templates directory to use when none is given: $APICC_TEMPLATES,
 * then the installed share/apicc/templates/c beside the program, then the
 * source tree's templates/c, then the compiled-in prefix.  `found` (cap
 * bytes, PATH_MAX is enough) holds the path when it is computed. */
const char *tmpl_default_dir(char *found, size_t cap);

#endif
