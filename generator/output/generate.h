/*
 * Generation in memory: specs in, the files they produce out, nothing
 * written.  emit.h writes or checks the result.
 */
#ifndef APICC_GEN_GENERATE_H
#define APICC_GEN_GENERATE_H

#include <stddef.h>

#include "output/templates.h"

struct diag;
struct spec_select;

typedef struct gen_file {
    char *path; /* relative to the output directory: "quatrix/quatrix.h" */
    char *data;
    size_t len;
} gen_file;

typedef struct gen_result {
    gen_file *files; /* in provider order, then template order */
    size_t n;
    size_t cap;
    char **providers; /* one output folder per provider */
    size_t nproviders;
} gen_result;

void gen_result_init(gen_result *r);
void gen_result_free(gen_result *r);

/*
 * Loads (output/spec_input.h: "-" is standard input; sel, which may be
 * NULL, picks part of each spec), validates and renders every spec with
 * every top-level template.
 * Every problem goes to `d`.  Returns 0 when every spec and template was
 * good; on any problem returns -1 and `r` may hold part of the output,
 * which the caller must not write.
 */
int gen_run(char *const *specs, size_t nspecs, const struct spec_select *sel,
            const tmpl_set *templates, gen_result *r, struct diag *d);

#endif
