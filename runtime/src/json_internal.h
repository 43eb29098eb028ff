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

/* Parses JSON like cJSON_ParseWithLength, holding a lock around cJSON's
 * process-wide error pointer so threads never race on it (global.c, with
 * the runtime's other process-wide state).  Every parse in the runtime
 * should go through it.  Caller deletes. */
cJSON *apicc__json_parse(const char *data, size_t len);

#endif
