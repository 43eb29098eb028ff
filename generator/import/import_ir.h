/*
 * The importers' intermediate form: a spec as plain C data, built by the
 * OpenAPI and markdown importers, given valid and distinct C names by
 * import_names.c, and written out as spec YAML by import_yaml.c.
 *
 * It mirrors the spec format (docs/spec-format.md) but refers to models
 * and auth schemes by index, so renaming one (to make a C name unique)
 * needs no pass over its users.
 *
 * Memory: every string and type of the spec lives in the spec's arena
 * (imp_save, imp_keep, imp_text, imp_type_new...) and is released at once
 * by imp_spec_free(); only the arrays of items are malloc'd.  Nothing of
 * the arena is freed on its own: a replaced string stays until the end.
 * A large document makes a few hundred thousand of them, and freeing them
 * one by one took as long as building them.  Allocation failure is
 * sticky: the helpers set `oom` and return a safe value, and the caller
 * checks once at the end.
 *
 * `note` fields hold comment lines the writer puts above an item; the
 * importers use them to say where they guessed.
 */
#ifndef APICC_GEN_IMPORT_IR_H
#define APICC_GEN_IMPORT_IR_H

#include <stddef.h>

#define IMP_NONE ((size_t)-1)

typedef enum imp_kind {
    IMP_STRING,
    IMP_INTEGER,
    IMP_NUMBER,
    IMP_BOOLEAN,
    IMP_ARRAY, /* items */
    IMP_MAP,   /* items are the values */
    IMP_REF,   /* model */
    IMP_ANY,
    IMP_FILE   /* a file part of a multipart body */
} imp_kind;

typedef struct imp_type imp_type;
struct imp_type {
    imp_kind kind;
    imp_type *items; /* ARRAY: element type; MAP: value type */
    size_t model;    /* REF: index into imp_spec.models */
    char *format;
    int nullable;    /* as an element: an entry may be null */
    char *const_value; /* STRING as a property: its one value, or NULL */
};

typedef struct imp_prop {
    char *json_name;
    char *c_name; /* NULL: derived */
    char *description;
    imp_type *type;
    int required;
    int nullable;
    int deprecated;
    /* The object's other members (`additional_properties:`): type is
     * the values' type; json_name the C member's base name. */
    int rest;
    char *note;
} imp_prop;

/* A union's discriminator value and the model it names. */
typedef struct imp_mapping {
    char *value;
    size_t model;
} imp_mapping;

typedef struct imp_value {
    char *value;
    char *c_name; /* NULL: derived */
} imp_value;

typedef struct imp_model {
    char *name;
    char *c_name; /* NULL: derived */
    char *description;
    int is_enum;
    /* A union (`type: union`): props are the alternatives (json_name
     * only names them; c_name is always written), with an optional
     * discriminator and its mapping. */
    int is_union;
    int nullable;        /* union: null is a value */
    char *discriminator; /* union: NULL when none */
    imp_mapping *mapping;
    size_t nmapping, mapping_cap;
    imp_prop *props;
    size_t nprops, props_cap;
    imp_value *values;
    size_t nvalues, values_cap;
    /* A model hoisted out of another (an inline object or enum) is
     * written right after that model; IMP_NONE for top-level models. */
    size_t parent;
    /* Hoisted models nobody refers to in the end (an inline schema the
     * importer gave up on) are left out of the output. */
    int hoisted;
    int drop; /* set by imp_prune */
    char *note;
} imp_model;

typedef enum imp_in {
    IMP_IN_QUERY,
    IMP_IN_PATH,
    IMP_IN_HEADER,
    IMP_IN_COOKIE,
    IMP_IN_PARAM /* websocket */
} imp_in;

typedef struct imp_param {
    char *name;
    char *c_name;
    char *description;
    imp_in in;
    imp_type *type;
    int required;
    int deprecated;
    /* How the value is written: the spec's words ("pipeDelimited"), NULL
     * for the location's usual style; explode -1 for the style's
     * default. */
    const char *style;
    int explode;
    int allow_reserved;
    int json;            /* content: application/json */
    char *default_value; /* documented */
    char *const_value;   /* always sent; no member */
    char *src; /* the parameter's JSON pointer, for checks made once the
                  models it refers to are filled; NULL when none */
    char *note;
} imp_param;

/* An endpoint's `pagination:` as the importer recognised it (style NULL:
 * none); the words and names are the spec format's. */
typedef struct imp_pagination {
    const char *style; /* "link", "cursor", "page", "offset" */
    const char *items, *param, *next, *next_from_item, *has_more;
} imp_pagination;
/* How a member of a form or multipart body is written (`encoding:`). */
typedef struct imp_encoding {
    char *name;
    const char *style; /* "deepObject", ...; NULL: form */
    int no_explode;
    char *content_type;
} imp_encoding;

/* One answer of `responses:` (an endpoint whose statuses answer
 * different bodies). */
typedef struct imp_response {
    char *key;      /* "201", "4XX", "default" */
    size_t model;   /* an object model, or IMP_NONE */
    imp_type *list; /* an inline array, or NULL */
    char *media;    /* a text or bytes answer's media type, or NULL */
} imp_response;

typedef struct imp_endpoint {
    char *name;
    char *summary;
    char *description;
    char *method;
    char *path; /* NULL for websocket */
    imp_param *params;
    size_t nparams, params_cap;
    size_t body; /* model indices, or IMP_NONE */
    size_t response;
    size_t error;
    /* An array response, written inline as `response: {type: array,
     * items: ...}` (the loader makes it the list model
     * "<name>_response"): the array type, with response IMP_NONE.  NULL
     * otherwise. */
    imp_type *response_list;
    int body_required;
    /* The body's media type when it is not JSON (form, multipart, text,
     * bytes; with body IMP_NONE for the last two), and its encoding. */
    char *body_media;
    imp_type *body_list; /* a JSON array body, written inline (the loader
                            names its list model "<name>_body") */
    imp_encoding *encoding;
    size_t nencoding;
    /* A text or bytes answer: its media type (response IMP_NONE). */
    char *response_media;
    /* Per-status answers, written as `responses:` instead of
     * `response:` when the statuses answer different bodies. */
    imp_response *responses;
    size_t nresponses;
    int *success;
    size_t nsuccess;
    size_t *auth; /* indices into imp_spec.auths */
    size_t nauth;
    unsigned char *auth_joined; /* NULL, or nauth flags: 1 when auth[i]
                                   applies together with auth[i - 1] */
    int auth_set; /* 1: write `auth:` (an empty list means no auth) */
    int deprecated;
    imp_pagination pagination;
    char *server; /* the name of its own server, or NULL */
    char *note;
} imp_endpoint;

typedef enum imp_auth_kind {
    IMP_AUTH_BASIC,
    IMP_AUTH_BEARER,
    IMP_AUTH_APIKEY,
    IMP_AUTH_SESSION_COOKIE
} imp_auth_kind;

typedef struct imp_auth {
    char *name;
    char *description;
    imp_auth_kind kind;
    imp_in in;        /* APIKEY: header, query or cookie */
    char *param_name; /* APIKEY: the header, query or cookie name */
    char *prefix;     /* APIKEY: value prefix, or NULL */
    char *note;
} imp_auth;

typedef struct imp_server_var {
    char *name;
    char *default_value;
    char *description;
    char **values; /* NULL: any */
    size_t nvalues;
} imp_server_var;

typedef struct imp_server {
    char *name;
    char *url; /* variables at their defaults */
    char *description;
    /* With variables: the URL as written, and its variables (arena) */
    char *url_template;
    imp_server_var *vars;
    size_t nvars;
    char *note;
} imp_server;

/* A bump allocator: chunks, newest first. */
typedef struct imp_chunk imp_chunk;

/* What a document holds, and what of it the spec keeps: the summary
 * line of `apicc import` ("kept 7/9 operations, ..."), so a loss shows
 * at a glance.  Every one not kept has been reported as a warning. */
typedef struct imp_tally {
    size_t operations, bodies, responses, params, schemas;
} imp_tally;

typedef struct imp_spec {
    imp_chunk *arena;
    imp_tally present; /* all 0: the importer does not count */
    imp_tally kept;    /* params only; the rest is counted at the end */
    char *header; /* comment lines at the top of the file */
    char *provider;
    char *provider_note;
    char *title;
    char *version;
    char *description;
    int websocket;
    char *transport_note;
    imp_server *servers;
    size_t nservers, servers_cap;
    imp_auth *auths;
    size_t nauths, auths_cap;
    size_t *default_auth;
    size_t ndefault_auth;
    unsigned char *default_auth_joined; /* as imp_endpoint.auth_joined */
    size_t errors_model; /* IMP_NONE: no `errors:` */
    char *errors_code;
    char *errors_message;
    char *errors_note;
    imp_model *models;
    size_t nmodels, models_cap;
    imp_endpoint *endpoints;
    size_t nendpoints, endpoints_cap;
    int oom;
} imp_spec;

void imp_spec_init(imp_spec *s);
void imp_spec_free(imp_spec *s);

/* n bytes of the arena, aligned for any type, not zeroed; NULL (and oom
 * set) when out of memory. */
void *imp_alloc(imp_spec *s, size_t n);

/* A copy of str in the arena (NULL for NULL). */
char *imp_save(imp_spec *s, const char *str);
char *imp_save_n(imp_spec *s, const char *str, size_t n);
/* Moves a malloc'd string into the arena: returns the copy and frees
 * str (NULL for NULL). */
char *imp_keep(imp_spec *s, char *str);

/* Temporaries: a malloc'd copy (the caller frees); NULL for NULL, and
 * oom set when out of memory. */
char *imp_strdup(imp_spec *s, const char *str);
char *imp_strndup(imp_spec *s, const char *str, size_t n);

/* Text for a description, in the arena: CR LF made LF, trailing blanks of
 * each line and blank lines at both ends removed.  NULL when nothing is
 * left. */
char *imp_text(imp_spec *s, const char *str);

/* Appends a line to a note (*note may be NULL; the note is in the
 * arena). */
#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
void imp_note(imp_spec *s, char **note, const char *fmt, ...);

/* New zeroed items; each returns the index (IMP_NONE when out of
 * memory).  Pointers into the arrays are invalidated by the next call. */
size_t imp_add_model(imp_spec *s, const char *name);
size_t imp_add_endpoint(imp_spec *s);
size_t imp_add_auth(imp_spec *s, const char *name);
size_t imp_add_server(imp_spec *s);
imp_prop *imp_add_prop(imp_spec *s, size_t model, const char *json_name);
/* Adds value -> model to union `model`'s mapping. */
void imp_add_mapping(imp_spec *s, size_t model, const char *value,
                     size_t target);
imp_param *imp_add_param(imp_spec *s, imp_endpoint *e, const char *name);
/* Adds an enum value unless the model has it already. */
void imp_add_value(imp_spec *s, size_t model, const char *value);

/* A new type of the kind, and a deep copy, in the arena (NULL when out
 * of memory). */
imp_type *imp_type_new(imp_spec *s, imp_kind kind);
imp_type *imp_type_copy(imp_spec *s, const imp_type *t);

/* The auth scheme named name, IMP_NONE when absent. */
size_t imp_find_auth(const imp_spec *s, const char *name);

/* ---- finishing (import_names.c) --------------------------------------- */

/* Marks the models nothing needs as dropped: those no endpoint reaches
 * (through its body, response or array response, error, params, and the
 * models those refer to), except that with keep_named every model not
 * hoisted stays, with what it reaches.  Returns how many models not
 * hoisted were dropped. */
size_t imp_prune(imp_spec *s, int keep_named);

/* The models to write, in order: each top-level model followed by the
 * models hoisted from it.  Returns a malloc'd array of *n indices (NULL
 * when out of memory, with oom set). */
size_t *imp_model_order(imp_spec *s, size_t *n);

/*
 * Gives every item a valid, distinct C name the way the validator derives
 * them (spec_validate_names.c): the generated code's global names, the
 * members of each struct, and enum constants.  Where the derived name
 * would be invalid or taken, sets c_name (models, properties, params,
 * enum values) or renames (auth schemes, endpoints), so the output passes
 * `apicc validate`.  Items earlier in the file keep their names.
 */
void imp_names(imp_spec *s);

#endif
