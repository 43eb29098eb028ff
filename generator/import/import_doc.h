/*
 * Reading an API description (JSON or YAML) into a cJSON tree.
 *
 * JSON goes straight to cJSON.  YAML goes through the spec loader's YAML
 * tree (yaml_tree.h), so it gets the same limits (size, depth, no anchors
 * or aliases) and the same syntax messages with line and column; the tree
 * is then converted.  A YAML number keeps its text in valuestring, so a
 * `version: 1.10` reads back as "1.10", not 1.1.
 */
#ifndef APICC_GEN_IMPORT_DOC_H
#define APICC_GEN_IMPORT_DOC_H

#include <stddef.h>

#include <cjson/cJSON.h>

struct diag;

/* The largest input read (JSON; YAML has its own, smaller cap). */
#define IMP_DOC_MAX_BYTES (256u * 1024u * 1024u)

/* Parses JSON (when the first non-blank character is '{' or '[') or YAML.
 * Problems go to d as errors; NULL on failure.  Caller frees with
 * cJSON_Delete. */
cJSON *imp_doc_parse(const char *path, const char *text, size_t len,
                     struct diag *d);

/* file_read_diag (base/file_io.h) + imp_doc_parse. */
cJSON *imp_doc_load(const char *path, struct diag *d);

/* A scalar as text: strings as they are, numbers as written (YAML) or
 * formatted (JSON), booleans as true/false; NULL for null, objects and
 * arrays.  Returns a pointer into the node or into `tmp`. */
const char *imp_scalar_text(const cJSON *n, char *tmp, size_t tmpsize);

/* Member `key` of an object when it is a string, else NULL. */
const char *imp_get_str(const cJSON *obj, const char *key);

/* Member `key` as a boolean: 1 for true, 0 otherwise. */
int imp_get_bool(const cJSON *obj, const char *key);

#endif
