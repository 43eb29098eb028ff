/*
 * Whole files in and out, for the generator's inputs (specs, API docs,
 * templates) and outputs written with -o.  (emit.c writes generated
 * clients its own careful way; `apicc sign` reads key files with a
 * reader that wipes every copy, which secrets need and these do not.)
 */
#ifndef APICC_GEN_FILE_IO_H
#define APICC_GEN_FILE_IO_H

#include <stddef.h>

struct diag;

/* Reads a whole file into a NUL-terminated malloc'd buffer (*len without
 * the NUL; len may be NULL).  NULL on failure, errno saying why: what
 * fopen says, EFBIG for a file larger than max bytes, ENOMEM, EIO. */
char *file_read(const char *path, size_t max, size_t *len);

/* file_read with the failure reported in d: "cannot open: ...", "the
 * file is larger than N bytes" (at 1:1), "out of memory", "cannot
 * read: ...". */
char *file_read_diag(const char *path, size_t max, size_t *len,
                     struct diag *d);

/* The name standing for standard input, in messages and generated files. */
#define FILE_STDIN_NAME "standard input"

/* file_read_diag, or standard input read whole when arg is "-" (as every
 * verb takes it), refused past max bytes like a file. */
char *file_read_input(const char *arg, size_t max, size_t *len,
                      struct diag *d);

/* Writes text to path through a temporary file in the same folder and
 * rename(), so readers see the old file or the new one, never half.
 * Returns 0, or -1 with errno set. */
int file_write_atomic(const char *path, const char *text, size_t len);

#endif
