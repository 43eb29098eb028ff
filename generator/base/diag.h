/*
 * Diagnostics: every problem found in a spec or template, collected and
 * printed together, as "file:line:col: error: message".
 *
 * The generator reports every problem, not just the first, so one context
 * collects them all and the CLI prints them sorted by file, line and column.
 */
#ifndef APICC_GEN_DIAG_H
#define APICC_GEN_DIAG_H

#include <stddef.h>
#include <stdio.h>

typedef enum diag_level { DIAG_ERROR, DIAG_WARNING } diag_level;

typedef struct diag_item {
    diag_level level;
    char *file;
    int line; /* 0: no position (the message is about the whole file) */
    int col;
    char *message;
} diag_item;

typedef struct diag {
    diag_item *items;
    size_t count;
    size_t cap;
    size_t errors;
    size_t limit; /* stop collecting after this many (0: 1000) */
} diag;

void diag_init(diag *d);
void diag_free(diag *d);

/* Adds an error; printf-style message, no trailing newline. */
#if defined(__GNUC__)
__attribute__((format(printf, 5, 6)))
#endif
void diag_error(diag *d, const char *file, int line, int col,
                const char *fmt, ...);

#if defined(__GNUC__)
__attribute__((format(printf, 5, 6)))
#endif
void diag_warning(diag *d, const char *file, int line, int col,
                  const char *fmt, ...);

/* Moves every item of `from` to the end of `into` (as far as into's limit
 * allows) and adds its error count; `from` is left empty. */
void diag_take(diag *into, diag *from);

/* Sorts by file, line, column (stable), then writes one line per item. */
void diag_print(diag *d, FILE *out);

/* Formats item i as it would be printed, without the newline, into a
 * malloc'd string (for tests). */
char *diag_format(const diag *d, size_t i);

#endif
