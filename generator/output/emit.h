/*
 * File output: writes a generation result atomically, or compares it with
 * what is on disk.
 *
 * Each provider owns its folder under the output directory: files there
 * that the spec no longer produces are removed by emit_write and reported
 * as extra by emit_check.
 */
#ifndef APICC_GEN_EMIT_H
#define APICC_GEN_EMIT_H

#include <stdio.h>

#include "output/generate.h"

struct diag;

/*
 * Writes every file: each goes to a temporary name in its folder and is
 * renamed into place, and a file whose content is unchanged is left alone
 * (its timestamp too, so builds do not redo work).  Then removes files of
 * provider folders that were not produced.  Returns 0, or -1 after adding
 * diagnostics.
 */
int emit_write(const gen_result *r, const char *out_dir, struct diag *d);

/*
 * Compares without writing.  Prints one line per difference to `report`
 * ("stale: quatrix/quatrix.c", "missing: ...", "extra: ...") and returns
 * how many there are.
 */
size_t emit_check(const gen_result *r, const char *out_dir, FILE *report);

#endif
