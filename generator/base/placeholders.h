/*
 * The "{name}" placeholders of a path template ("/users/{id}/keys"), read
 * the same way by the validator and by both importers.
 */
#ifndef APICC_GEN_PLACEHOLDERS_H
#define APICC_GEN_PLACEHOLDERS_H

#include <stddef.h>

/* One placeholder: the name between the braces (not NUL-terminated). */
typedef struct placeholder {
    const char *name;
    size_t len;
} placeholder;

/*
 * The next placeholder at or after *at: returns 1, fills ph and moves *at
 * past its '}'; 0 when there is no further '{'; -1 when a '{' is not
 * closed before the end or the next '{' (*at is then left as it was).
 *
 *     const char *at = path;
 *     placeholder ph;
 *     while (placeholder_next(&at, &ph) == 1) ...
 */
int placeholder_next(const char **at, placeholder *ph);

/* Whether "{name}" is one of the path's placeholders. */
int placeholder_has(const char *path, const char *name);

#endif
