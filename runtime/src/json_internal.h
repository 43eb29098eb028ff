/*
 * JSON helpers shared by the runtime's own files (never installed).
 * Bottom layer: depends on nothing else in the runtime but cJSON.
 */
#ifndef APICC_JSON_INTERNAL_H
#define APICC_JSON_INTERNAL_H

#include <stddef.h>

#include <cjson/cJSON.h>

/* The member of `root` at dotted path `path` ("error.code"; a numeric
 * segment indexes an array), or NULL.  Borrowed from root. */
const cJSON *apicc__json_at(const cJSON *root, const char *path);

/* "a string", "an object", ... for messages; "an empty body" for NULL. */
const char *apicc__json_kind(const cJSON *j);

/* Parses what a server sent, within the bounds json_parse.h sets (a
 * parse into an arena is there too).  Every other parse in the runtime
 * goes through it.  Thread-safe; caller deletes. */
cJSON *apicc__json_parse(const char *data, size_t len);

#endif
