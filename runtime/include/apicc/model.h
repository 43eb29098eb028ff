/*
 * Models and operations as tables: generated code describes each model's
 * fields and each endpoint's params with constant tables, and the runtime
 * walks them to parse, print and free JSON and to build calls.
 *
 * This keeps generated code to declarations and one-line wrappers: a bug
 * in JSON handling is fixed once here, for every provider.
 */
#ifndef APICC_MODEL_H
#define APICC_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "client.h"
#include "endpoint.h"
#include "export.h"
#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* What one value is, and how it is stored in C. */
typedef enum apicc_field_kind {
    APICC_F_STRING = 1, /* char * (owned, NUL-terminated UTF-8) */
    APICC_F_INT,        /* int64_t */
    APICC_F_NUMBER,     /* double */
    APICC_F_BOOL,       /* bool */
    APICC_F_ENUM,       /* a generated enum (int-sized); 0 = UNKNOWN */
    APICC_F_OBJECT,     /* pointer to a generated struct */
    APICC_F_ANY         /* cJSON * (owned) */
} apicc_field_kind;

/* A single value, an array of values, or a map from strings to values. */
typedef enum apicc_field_shape {
    APICC_SHAPE_SINGLE = 0,
    APICC_SHAPE_ARRAY, /* T *x; size_t n_x; */
    APICC_SHAPE_MAP    /* char **x_keys; T *x; size_t n_x; */
} apicc_field_shape;

#define APICC_FIELD_REQUIRED 1u /* must be present in JSON */
#define APICC_FIELD_NULLABLE 2u /* may be JSON null */

/* Marks an offset that a field does not have. */
#define APICC_NO_OFFSET ((size_t)-1)

/* A string enum: C value i+1 stands for values[i]; 0 is UNKNOWN. */
typedef struct apicc_enum_desc {
    const char *name;
    const char *const *values;
    size_t nvalues;
} apicc_enum_desc;

typedef struct apicc_model_desc apicc_model_desc;

typedef struct apicc_field_desc {
    const char *json_name;
    apicc_field_kind kind;
    apicc_field_shape shape;
    unsigned flags;      /* APICC_FIELD_* */
    size_t offset;       /* the value, or the array/map element pointer */
    size_t has_offset;   /* bool has_x: present and not null; optional
                            scalars only (APICC_NO_OFFSET for a string,
                            object, array, map or any JSON, which is
                            absent when its pointer is NULL) */
    size_t null_offset;  /* bool x_is_null: present as null */
    size_t count_offset; /* size_t n_x (arrays and maps) */
    size_t keys_offset;  /* char **x_keys (maps) */
    const apicc_model_desc *model; /* APICC_F_OBJECT */
    const apicc_enum_desc *enumd;  /* APICC_F_ENUM */
} apicc_field_desc;

struct apicc_model_desc {
    const char *name; /* the spec's model name, for messages */
    size_t size;      /* sizeof the struct */
    const apicc_field_desc *fields;
    size_t nfields;
    /* A list model: the JSON is not an object but the array that the one
     * field (an array) holds, e.g. a response body `[{...}, {...}]`. */
    int is_list;
};

/* Why a JSON document did not fit a model, e.g.
 * "LoginReply.token.id: expected a string, got a number". */
typedef struct apicc_json_error {
    char message[256];
} apicc_json_error;

/*
 * Parses `json` (an object; an array for a list model) into a new struct
 * described by `d`.  Unknown
 * members are ignored; absent optional members leave has_x false.  On
 * APICC_OK *out is the struct, which the caller frees with
 * apicc_model_free(d, *out) (or the generated _free).  On failure
 * (APICC_ERR_RESPONSE for a shape mismatch, APICC_ERR_NOMEM) *out is NULL
 * and err, when not NULL, says where and why.
 */
APICC_API apicc_status apicc_model_from_json(const apicc_model_desc *d,
                                             const cJSON *json, void **out,
                                             apicc_json_error *err);

/* Builds the JSON object for `v`; NULL when out of memory or v is NULL.
 * Caller frees with cJSON_Delete. */
APICC_API cJSON *apicc_model_to_json(const apicc_model_desc *d,
                                     const void *v);

/* Frees `v` and everything it owns; NULL is fine. */
APICC_API void apicc_model_free(const apicc_model_desc *d, void *v);

/* The wire string of an enum value, or NULL for UNKNOWN or out of range. */
APICC_API const char *apicc_enum_to_string(const apicc_enum_desc *e, int v);

/* The enum value of a wire string; 0 (UNKNOWN) when not listed. */
APICC_API int apicc_enum_from_string(const apicc_enum_desc *e, const char *s);

/* ---- operations ------------------------------------------------------- */

/*
 * One param of an endpoint, as a member of the generated params struct:
 * strings are `const char *x` (NULL: not sent); integers, numbers,
 * booleans and enums are values with `bool has_x` when optional; arrays are
 * `const T *x; size_t n_x` (strings: `const char *const *x`); objects are
 * `const M *x` (a model) and JSON is `const cJSON *x` (NULL: not sent).
 * A constant (`constant` set) has no member: it is always sent.
 */
typedef struct apicc_param_desc {
    const char *name; /* on the wire */
    apicc_location in;
    apicc_field_kind kind; /* STRING, INT, NUMBER, BOOL, ENUM, OBJECT
                              (a model of scalar members) or ANY */
    int array;
    int required;
    size_t offset;
    size_t has_offset;   /* APICC_NO_OFFSET when none */
    size_t count_offset; /* arrays */
    const apicc_enum_desc *enumd;
    const apicc_model_desc *model; /* APICC_F_OBJECT */
    apicc_param_style style;       /* see apicc_arg */
    int explode;
    int allow_reserved;
    int json;             /* sent as one JSON text (OpenAPI `content:
                             application/json`) */
    const char *constant; /* the value always sent; no member */
} apicc_param_desc;

/* An endpoint with its params struct, body model and response model. */
typedef struct apicc_operation {
    apicc_endpoint endpoint;
    const apicc_param_desc *params;
    size_t nparams;
    const apicc_model_desc *body;     /* NULL: no body */
    int body_required;
    const apicc_model_desc *response; /* NULL: no response body */
} apicc_operation;

/*
 * Performs an operation: checks required params, turns params and body
 * into a call, runs apicc_call, and parses the response into *out with
 * op->response.  `params` and `body` are borrowed and may be NULL when the
 * operation has none required.  `out` may be NULL to discard the
 * response.  On failure *out is NULL and apicc_client_error(c) says why.
 * The caller frees *out with apicc_model_free(op->response, *out).
 */
APICC_API apicc_status apicc_invoke(apicc_client *c, const apicc_operation *op,
                                    const void *params, const void *body,
                                    void **out);

#ifdef __cplusplus
}
#endif
#endif
