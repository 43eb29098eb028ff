/*
 * File output: writes a generation result atomically, or compares it with
 * what is on disk.
 *
 * Each provider owns its folder under the output folder, and apicc owns
 * only the files there that its manifest lists (output/manifest.h).
 * Before anything is written every provider folder is inspected: a
 * folder that is a symbolic link, a link inside one, or a file apicc did
 * not write (not listed, and not already holding exactly what it would
 * write) stops the run with an error naming it, and nothing is written.
 * Every operation inside a provider folder goes through an open folder
 * descriptor and never follows a link (output/folder.h); only the output
 * folder itself, which the user names, may be reached through one.
 */
#ifndef APICC_GEN_EMIT_H
#define APICC_GEN_EMIT_H

#include <stdio.h>

#include "output/generate.h"

struct diag;

/*
 * Writes every file: each goes to a temporary name in its folder and is
 * renamed into place, and a file whose content is unchanged is left alone
 * (its timestamp too, so builds do not redo work).  Then removes the
 * listed files that are no longer produced, and leaves the manifest
 * listing what was produced.  Returns 0, or -1 after adding diagnostics.
 */
int emit_write(const gen_result *r, const char *out_dir, struct diag *d);

/*
 * Compares without writing.  Prints one line per difference to `report`
 * ("stale: quatrix/quatrix.c", "missing: ...", and "extra: ..." for the
 * files of apicc's that a run would remove) and counts them in *diffs.
 * Returns -1 after adding diagnostics when a run would refuse the folder
 * (the same problems emit_write reports), else 0.
 */
int emit_check(const gen_result *r, const char *out_dir, FILE *report,
               size_t *diffs, struct diag *d);

#endif
