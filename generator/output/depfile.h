/*
 * `apicc generate --depfile FILE`: a Make/Ninja depfile saying that the
 * generated files depend on the specs and on every template of the set,
 * so a build system regenerates exactly when one of those changes (and,
 * since apicc leaves unchanged files untouched, recompiles only what
 * really changed).
 */
#ifndef APICC_GEN_DEPFILE_H
#define APICC_GEN_DEPFILE_H

#include <stddef.h>

#include "output/generate.h"
#include "output/templates.h"

struct diag;

/* Writes "FILE OUT/p/p.h OUT/p/p.c ...: SPEC... TEMPLATE..." (FILE, the
 * depfile, always rewritten, is the stamp a Makefile rule can make) and,
 * as gcc -MP
 * does, an empty rule per input so a removed template does not stop
 * make.  A spec read from standard input ("-") is no file to depend on.
 * Returns 0, or -1 after reporting in d. */
int depfile_write(const char *path, const char *out_dir, const gen_result *r,
                  char *const *specs, size_t nspecs, const tmpl_set *templates,
                  struct diag *d);

#endif
