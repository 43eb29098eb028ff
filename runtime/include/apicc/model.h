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
#include "transfer.h"

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
    APICC_F_ANY,        /* cJSON * (owned) */
    APICC_F_FILE        /* const apicc_file * (borrowed): a file part of a
                           multipart body; never in JSON */
} apicc_field_kind;

/* A single value, an array of values, or a map from strings to values. */
typedef enum apicc_field_shape {
    APICC_SHAPE_SINGLE = 0,
    APICC_SHAPE_ARRAY, /* T *x; size_t n_x; */
    APICC_SHAPE_MAP    /* char **x_keys; T *x; size_t n_x; */
} apicc_field_shape;

#define APICC_FIELD_REQUIRED 1u /* must be present in JSON */
#define APICC_FIELD_NULLABLE 2u /* may be JSON null */
/* A map that holds the object's other members: those no other field of
 * the model names (OpenAPI's additionalProperties beside properties).
 * On the wire its entries sit in the object itself. */
#define APICC_FIELD_REST 4u

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
    /* APICC_F_STRING: the one value the member may have (a `const`), or
     * NULL.  Another value does not fit; a NULL member is written as it. */
    const char *const_value;
} apicc_field_desc;

/* ---- unions ------------------------------------------------------------ */

/* Union flags. */
#define APICC_UNION_NULLABLE 1u /* JSON null is a value: the tag nalts + 1 */
#define APICC_UNION_UNMATCHED_ERROR 2u /* a value no alternative takes is an
                                          error, not UNKNOWN */
#define APICC_UNION_AMBIGUOUS_ERROR 4u /* a value two alternatives take is an
                                          error, not the first */

/* A discriminator value and the alternative (index into alts) it names. */
typedef struct apicc_union_mapping {
    const char *value;
    size_t alt;
} apicc_union_mapping;

/*
 * A union model: the struct holds an int tag (0 UNKNOWN, i + 1 for
 * alts[i], nalts + 1 for null), the raw JSON of an UNKNOWN value, and
 * the alternatives' storage, which may overlap (a C union): only the
 * alternative the tag names is read, printed or freed.  Each alternative
 * is a field: kind, shape (single or array), offset, count_offset,
 * model, enumd; json_name names it in messages.
 */
typedef struct apicc_union_desc {
    size_t tag_offset; /* int */
    size_t raw_offset; /* cJSON *: the value as received, when UNKNOWN */
    const apicc_field_desc *alts;
    size_t nalts;
    /* The member whose string value picks the alternative, or NULL: then
     * the first alternative the value fits (types, required members,
     * enum values, consts) is taken. */
    const char *discriminator;
    const apicc_union_mapping *mapping;
    size_t nmapping;
    unsigned flags; /* APICC_UNION_* */
} apicc_union_desc;

struct apicc_model_desc {
    const char *name; /* the spec's model name, for messages */
    size_t size;      /* sizeof the struct */
    const apicc_field_desc *fields;
    size_t nfields;
    /* A list model: the JSON is not an object but the array that the one
     * field (an array) holds, e.g. a response body `[{...}, {...}]`; or,
     * when that field is not an array, the one value it holds (a JSON
     * body or answer that is a string, number, boolean or any JSON). */
    int is_list;
    /* A union model (any JSON value that one of its alternatives takes);
     * NULL for an object. */
    const apicc_union_desc *union_of;
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

/* How strictly a value must fit its model.  STRICT (the default): any
 * member that does not fit fails the whole value.  LENIENT: a member (or
 * array or map element) that does not fit is left out, as if absent, and
 * reported; the rest is kept. */
typedef enum apicc_decoding {
    APICC_DECODE_STRICT = 0,
    APICC_DECODE_LENIENT = 1
} apicc_decoding;

/* What lenient decoding left out: count of them all, the first
 * APICC_MAX_MISMATCHES with their JSON paths. */
#define APICC_MAX_MISMATCHES 16
typedef struct apicc_json_mismatches {
    size_t count;
    apicc_json_error entries[APICC_MAX_MISMATCHES];
} apicc_json_mismatches;

/* apicc_model_from_json with a decoding mode; `mm` (may be NULL)
 * receives what LENIENT left out.  STRICT is apicc_model_from_json. */
APICC_API apicc_status apicc_model_from_json_ex(const apicc_model_desc *d,
                                                const cJSON *json,
                                                apicc_decoding mode,
                                                void **out,
                                                apicc_json_error *err,
                                                apicc_json_mismatches *mm);

/* The decoding mode of the client's responses (default STRICT). */
APICC_API apicc_status apicc_client_set_decoding(apicc_client *c,
                                                 apicc_decoding mode);

/* After a call that decoded its response leniently: what was left out
 * (count 0 when everything fitted), and the response's JSON as received
 * when something was (else NULL).  Both are the client's, valid until
 * the next call. */
APICC_API const apicc_json_mismatches *
apicc_client_mismatches(const apicc_client *c);
APICC_API const cJSON *apicc_client_mismatched_json(const apicc_client *c);

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

/* ---- bodies and responses by media type -------------------------------- */

/* How a body is written or read. */
typedef enum apicc_media {
    APICC_MEDIA_JSON = 0,  /* a model as JSON (object, or a list model's
                              array) */
    APICC_MEDIA_FORM,      /* application/x-www-form-urlencoded, from a
                              model */
    APICC_MEDIA_MULTIPART, /* multipart/form-data, from a model: a part per
                              member, APICC_F_FILE members as files */
    APICC_MEDIA_BYTES,     /* raw bytes: an apicc_file to send, an
                              apicc_download to receive */
    APICC_MEDIA_TEXT       /* text, handled as BYTES */
} apicc_media;


/* How one member of a form or multipart body is written (OpenAPI's
 * `encoding`); a member not listed is style form with explode. */
typedef struct apicc_body_encoding {
    const char *json_name;
    apicc_param_style style;  /* FORM (or DEFAULT), DEEP_OBJECT,
                                 SPACE_DELIMITED or PIPE_DELIMITED */
    int no_explode;           /* explode: false */
    const char *content_type; /* multipart: the part's Content-Type */
} apicc_body_encoding;

/* One documented answer of an endpoint with per-status responses. */
typedef struct apicc_response_desc {
    int status; /* 100..599; 1..5 for a range "1XX".."5XX"; 0: default */
    apicc_media media;               /* JSON, BYTES or TEXT */
    const apicc_model_desc *model;   /* JSON: the model; NULL: no body */
    size_t offset; /* its member in the result struct: JSON a pointer to
                      the model, BYTES and TEXT an apicc_download */
} apicc_response_desc;

/* A streaming answer (text/event-stream, see apicc/stream.h): the model
 * each event's data is read into (NULL: the data as text only), and the
 * data that ends the stream (NULL: the end of the answer). */
typedef struct apicc_stream_desc {
    const apicc_model_desc *model;
    const char *done;
} apicc_stream_desc;

/* An endpoint with its params struct, body and responses. */
typedef struct apicc_operation {
    apicc_endpoint endpoint;
    const apicc_param_desc *params;
    size_t nparams;
    const apicc_model_desc *body;     /* NULL: no model body */
    int body_required;
    const apicc_model_desc *response; /* NULL: no JSON response body */
    apicc_media body_media;  /* how `body` is written; BYTES and TEXT take
                                an apicc_file */
    const char *body_type;   /* the Content-Type sent; NULL: the media's
                                usual one */
    const apicc_body_encoding *encoding; /* form and multipart members */
    size_t nencoding;
    apicc_media response_media; /* BYTES or TEXT: the answer goes to an
                                   apicc_download */
    /* Per-status answers (the result struct: `long status` first, then a
     * member per answer); nresponses == 0: `response`/`response_media`
     * alone. */
    const apicc_response_desc *responses;
    size_t nresponses;
    const char *accept; /* the Accept header; NULL: libcurl's default */
    const apicc_pagination *pagination; /* a list that pages; NULL: none */
    const apicc_stream_desc *stream; /* an event stream; NULL: none */
    size_t params_size; /* sizeof the params struct (a pager copies it) */
    size_t result_size; /* sizeof the result struct when nresponses > 0
                           (a started call allocates it) */
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

/* ---- pagination ----------------------------------------------------------- */

/*
 * A walk through the pages of a paginated operation (op->pagination):
 * each apicc_pager_next is one call of the endpoint, with the same
 * client (keep-alive), retry policy and credentials, and the param or
 * link that the last page named.  The pager copies the params struct;
 * the strings it points to must outlive the pager.
 */
typedef struct apicc_pager apicc_pager;

/* A new pager at the first page; NULL (with the reason on the client)
 * when out of memory or op has no pagination. */
APICC_API apicc_pager *apicc_pager_new(apicc_client *c,
                                       const apicc_operation *op,
                                       const void *params);

/*
 * Fetches the next page into *page (freed by the caller with
 * apicc_model_free(op->response, *page) or the generated _free).  `op`
 * is the operation the caller expects the pages of (generated code
 * passes its own, so a pager of another endpoint is refused with
 * APICC_ERR_INVALID_ARG); NULL accepts any.  At the end of the list:
 * APICC_OK and *page NULL.  On failure *page is NULL,
 * apicc_client_error says why, and the pager stays where it was: the
 * pages read so far are the caller's, and calling again retries the
 * same page.  A next link to another origin (credentials go with every
 * page), or a link or cursor that names a page already read, ends the
 * list: the page that held it is returned, and the call after it fails
 * with APICC_ERR_RESPONSE saying why.
 */
APICC_API apicc_status apicc_pager_next(apicc_pager *pg,
                                        const apicc_operation *op,
                                        void **page);

/* Pages and items read so far. */
APICC_API long apicc_pager_pages(const apicc_pager *pg);
APICC_API long apicc_pager_items(const apicc_pager *pg);

APICC_API void apicc_pager_free(apicc_pager *pg);

/* Limits on a walk, and what it read.  0 (or a NULL struct): no limit. */
typedef struct apicc_page_limits {
    long max_pages;
    long max_items;
    long pages; /* out: pages read */
    long items; /* out: items handed to the callback */
} apicc_page_limits;

/* Calls the typed item callback `fn` (stored as void (*)(void)); returns
 * nonzero to stop the walk.  Generated code supplies it. */
typedef int (*apicc_item_deliver_fn)(void (*fn)(void), void *user,
                                     const void *item);

/*
 * Walks the pages and hands every item to `fn` (through `deliver`), in
 * order, until the list ends, a limit is reached or the callback returns
 * nonzero (all APICC_OK).  A page that fails ends the walk with its
 * error; the items before it were delivered, and limits->pages and
 * ->items say how many.
 */
APICC_API apicc_status apicc_pager_each(apicc_client *c,
                                        const apicc_operation *op,
                                        const void *params,
                                        apicc_item_deliver_fn deliver,
                                        void (*fn)(void), void *user,
                                        apicc_page_limits *limits);
/*
 * apicc_invoke for operations whose answer is not one JSON model: with
 * per-status responses `out` is the generated result struct (its `long
 * status` says which answer came, and that answer's member alone is
 * set; an error status with a declared model fills it too, and the call
 * still fails); with response_media BYTES or TEXT, `out` is an
 * apicc_download.  The body is a model, or for body_media BYTES and
 * TEXT an apicc_file.  `out` may be NULL to discard the answer.
 */
APICC_API apicc_status apicc_invoke_into(apicc_client *c,
                                         const apicc_operation *op,
                                         const void *params,
                                         const void *body, void *out);

/* Frees what a result struct of `op` holds (models and downloads), and
 * zeroes them; NULL is fine. */
APICC_API void apicc_result_free(const apicc_operation *op, void *result);

#ifdef __cplusplus
}
#endif
#endif
