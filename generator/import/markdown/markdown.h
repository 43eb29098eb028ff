/*
 * Importing openapi-generator markdown docs: API docs (a method table,
 * then a section per method with its parameters, return type,
 * authorization and HTTP request headers) and model docs (a
 * `Name | Type | Description | Notes` table of properties).
 */
#ifndef APICC_GEN_IMPORT_MARKDOWN_H
#define APICC_GEN_IMPORT_MARKDOWN_H

#include <stddef.h>

#include "import/import_ir.h"

struct diag;

typedef enum md_json_names {
    MD_NAMES_AUTO,  /* Go-style field names (capitalized): snake_case */
    MD_NAMES_SNAKE, /* property names in snake_case */
    MD_NAMES_CAMEL, /* property names in lowerCamelCase */
    MD_NAMES_ASIS   /* the names as the docs write them */
} md_json_names;

typedef struct md_options {
    const char *provider;  /* NULL: guessed */
    int websocket;         /* 1: a websocket API; 0: guessed */
    md_json_names json_names;
} md_options;

/* Reads the API docs and model docs (file paths; model folders are
 * expanded by the caller) into sp.  Returns 0 when a spec came out, -1
 * after reporting an error. */
int md_import(const char *const *api_files, size_t napi,
              const char *const *model_files, size_t nmodels,
              const md_options *opt, imp_spec *sp, struct diag *d);

#endif
