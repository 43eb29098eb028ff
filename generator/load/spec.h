/*
 * The spec model: what a validated spec file says, as plain C data.
 *
 * spec_load() (spec_load.c) builds it from YAML and spec_validate()
 * (spec_validate.c) checks it; the view (view.c) turns it into the cJSON
 * tree the templates read.  Every node keeps the position it came from so
 * later checks can still report "file:line:col".  All strings are owned by
 * the spec and freed by spec_free().  Lists keep the order of the file,
 * except where a comment says otherwise.
 */
#ifndef APICC_GEN_SPEC_H
#define APICC_GEN_SPEC_H

#include <stddef.h>
#include <stdint.h>

#include "base/vocab.h"

typedef struct spec_pos {
    int line; /* 1-based; 0 when the item was not in the file (a default) */
    int col;  /* 1-based */
} spec_pos;

typedef enum spec_transport {
    SPEC_TRANSPORT_HTTP,
    SPEC_TRANSPORT_WEBSOCKET
} spec_transport;

/* ---- types ------------------------------------------------------------ */

typedef enum spec_kind {
    SPEC_KIND_STRING,
    SPEC_KIND_INTEGER, /* always int64_t in C */
    SPEC_KIND_NUMBER,  /* double */
    SPEC_KIND_BOOLEAN,
    SPEC_KIND_ARRAY,   /* items */
    SPEC_KIND_MAP,     /* string keys, values */
    SPEC_KIND_REF,     /* a named model: an object or an enum */
    SPEC_KIND_ANY,     /* raw JSON, kept as a cJSON tree */
    SPEC_KIND_FILE     /* a file part of a multipart body (apicc_file) */
} spec_kind;

typedef struct spec_type spec_type;
struct spec_type {
    spec_kind kind;
    spec_type *items;      /* ARRAY: element type; MAP: value type */
    char *ref;             /* REF: model name as written in the spec */
    struct spec_model *model; /* REF: resolved by spec_validate, else NULL */
    char *format;          /* optional hint: "date-time", "uuid", ... */
    int nullable;          /* items/values only: an element may be null */
    spec_pos pos;          /* the `$ref:` value, else the `type:` value */
};

/* ---- models ----------------------------------------------------------- */

typedef struct spec_property {
    char *json_name;   /* the key on the wire, verbatim ("MAC", "@type") */
    char *c_name;      /* explicit `c_name:`, or NULL to derive one */
    char *description; /* may be NULL */
    spec_type *type;
    int required;      /* must be present in JSON */
    int nullable;      /* may be JSON null */
    int deprecated;
    /* `const:` (strings only): the one value the member may hold, or
     * NULL. */
    char *const_value;
    /* The model's `additional_properties:`: a map of the object's members
     * that no other property names.  json_name is then the key's name. */
    int rest;
    spec_pos pos;      /* position of the key */
} spec_property;

typedef enum spec_model_kind {
    SPEC_MODEL_OBJECT,
    SPEC_MODEL_ENUM, /* string enum */
    SPEC_MODEL_UNION /* one of several alternatives (props: see below) */
} spec_model_kind;

/* A union's discriminator value and the model it names. */
typedef struct spec_mapping {
    char *value;
    char *model; /* a model name; must be one of the alternatives */
    spec_pos pos; /* the value's key */
} spec_mapping;

typedef struct spec_enum_value {
    char *value;  /* the string on the wire */
    char *c_name; /* explicit, or NULL to derive one */
    char *description; /* may be NULL */
    spec_pos pos;
} spec_enum_value;

typedef struct spec_model {
    char *name; /* as in the spec: "SessionLoginResp" */
    char *c_name; /* explicit, or NULL to derive one */
    char *description;
    spec_model_kind kind;
    spec_property *props; /* OBJECT */
    size_t nprops;
    spec_enum_value *values; /* ENUM */
    size_t nvalues;
    /* An inline object or enum under a property is hoisted to a model of
     * its own named "<Parent>_<prop>"; `synthetic` marks such models. */
    int synthetic;
    /* A list model, made from an endpoint's `response: {type: array, ...}`:
     * one required property `items` (the array) and on the wire the bare
     * JSON array.  Named "<endpoint>_response"; also synthetic. */
    int is_list;
    /* UNION: the alternatives are props, in order: json_name is the
     * alternative's name (its model's name, or the type's: "string",
     * "Cat_list"), type what it is. */
    char *discriminator; /* the member that names the alternative, or NULL */
    spec_pos discriminator_pos;
    spec_mapping *mapping; /* explicit values; a model alternative no value
                              names is named by its model's name */
    size_t nmapping;
    int nullable;        /* JSON null is a value of the union */
    int unmatched_error; /* `unmatched: error`: else UNKNOWN */
    int ambiguous_error; /* `ambiguous: error`: else the first that fits */
    spec_pos pos; /* the key under `models:` (hoisted: the property's key) */
} spec_model;

/* ---- auth ------------------------------------------------------------- */

/* spec_auth_kind, spec_location, spec_sign_alg, spec_encoding and
 * spec_payload_part_kind come from the vocabulary (base/vocab.h). */

typedef struct spec_payload_part {
    spec_payload_part_kind kind;
    char *literal; /* LITERAL only */
    spec_pos pos;
} spec_payload_part;

/* Where a name=value goes: a header, a query param, or (WebSocket) a
 * member of params. */
typedef struct spec_placement {
    spec_location in; /* SPEC_IN_NONE when not configured */
    char *name;
    spec_pos pos;
} spec_placement;

/* The general form of a rule (`values:`): nodes, children after their
 * parent, and the values placed in order; see endpoint.h's
 * apicc_sign_node and apicc_sign_output. */
typedef struct spec_sign_node {
    spec_sign_op op;
    char *text;      /* literal text, header or value name, time format,
                        nonce unit, HMAC digest */
    long long arg;   /* time offset in seconds, random byte count,
                        sorted_params: 1 to percent-encode */
    size_t first, count;
    spec_pos pos;
} spec_sign_node;

typedef struct spec_sign_output {
    char *name;       /* NULL only for a body that replaces the body */
    spec_sign_place place;
    int first;        /* position: first */
    int number;       /* written as a JSON number */
    size_t node;
    spec_pos pos;
} spec_sign_output;

/* How a secret is issued (`secret:`). */
typedef enum spec_secret_encoding {
    SPEC_SECRET_RAW = 0,
    SPEC_SECRET_BASE64,
    SPEC_SECRET_HEX
} spec_secret_encoding;

typedef struct spec_signature {
    spec_sign_alg algorithm;
    spec_encoding encoding; /* default: hex for HMAC, base64 otherwise */
    spec_payload_part *parts;
    size_t nparts;
    int percent_encode;      /* encode values in SORTED_PARAMS (default 0) */
    spec_placement key;      /* where the API key goes (optional) */
    spec_placement signature; /* where the signature goes (required) */
    spec_placement timestamp; /* where the timestamp goes (optional) */
    int timestamp_seconds;   /* 0: milliseconds (default), 1: seconds */
    /* The general form, when `values:` is given (then payload, key,
     * signature and timestamp are not). */
    spec_sign_node *nodes;
    size_t nnodes;
    spec_sign_output *outputs;
    size_t noutputs;
    spec_secret_encoding secret_encoding;
    int sort_query;
    unsigned needs; /* APICC_NEEDS_* bits, from the nodes */
} spec_signature;

typedef struct spec_auth {
    char *name; /* the key under `auth:` */
    char *description;
    spec_auth_kind kind;
    spec_location in; /* APIKEY: header, query or cookie; param (websocket) */
    char *param_name; /* APIKEY: header/query/cookie name;
                         SESSION_COOKIE: cookie name, may be NULL */
    char *prefix;     /* APIKEY: value prefix, e.g. "Bearer" (NULL: none) */
    spec_signature sig; /* SIGNATURE only */
    spec_pos pos; /* the key under `auth:` */
    spec_pos param_pos, prefix_pos; /* the `name:`/`cookie:`, `prefix:` values */
} spec_auth;

/* ---- endpoints -------------------------------------------------------- */

typedef struct spec_param {
    char *name;   /* the name on the wire */
    char *c_name; /* explicit, or NULL to derive one */
    char *description;
    spec_location in;
    spec_type *type; /* a scalar, an enum ref, an array of scalars, an
                        object model ref, or (JSON content) any */
    int required;    /* path params are always required */
    int deprecated;
    /* How the value is written (OpenAPI `style`, `explode`,
     * `allowReserved`, `content`): SPEC_STYLE_NONE is the location's
     * usual style; explode -1 is the style's default. */
    spec_style style;
    int explode;
    int allow_reserved;
    int json;            /* `content: application/json` */
    char *default_value; /* `default:` as text, for the docs only */
    char *const_value;   /* `const:` as text: always sent, no member */
    spec_pos pos; /* the `name:` value */
    spec_pos style_pos, content_pos; /* their values (0: absent) */
} spec_param;

/* After a successful call, copy a response field into a credential: the
 * login that hands out a session key, the refresh that hands out a token. */
typedef struct spec_credential_update {
    char *scheme;     /* auth scheme name */
    char *from;       /* dotted path in the response body: "token.id" */
    spec_auth *auth;  /* resolved by spec_validate */
    spec_pos pos;     /* the `scheme:` value */
} spec_credential_update;

/* How a list endpoint pages (`pagination:`); see apicc_pagination. */
typedef struct spec_pagination {
    spec_page_style style;
    char *items;          /* member of the response holding the array;
                             NULL: the response is an array */
    char *param;          /* the param the pager sets */
    char *next;           /* cursor: dotted path of the next cursor */
    char *next_from_item; /* cursor: member of the last item */
    char *has_more;       /* dotted path of a boolean, or NULL */
    long long first;      /* page: first number; offset: first offset */
    int first_set;
    spec_pos pos; /* the `pagination:` mapping */
    spec_pos style_pos, items_pos, param_pos, next_pos, next_from_pos;
    spec_pos has_more_pos;
    /* resolved by spec_validate */
    const spec_param *param_resolved;
    const spec_model *item_model; /* the items' model */
} spec_pagination;

/* A streaming answer (`stream:`); see apicc_stream_desc. */
typedef struct spec_stream {
    char *model;  /* each event's data is read into it; NULL: text only */
    char *done;   /* the data that ends the stream, or NULL */
    spec_pos pos, model_pos;
    const spec_model *resolved; /* by spec_validate */
} spec_stream;

enum { SPEC_SESSION_NONE, SPEC_SESSION_LOGON, SPEC_SESSION_LOGOUT };

/* WebSocket: an endpoint's `subscribe:` (spec_load_subscribe.c): its
 * success opens a subscription the server identifies by an id in the
 * answer; the listed events carry that id; the `unsubscribe` endpoint,
 * given the id in `param`, closes it. */
struct spec_endpoint;
typedef struct spec_subscribe {
    char *id;          /* dotted path in the answer's result */
    char *event_id;    /* dotted path in an event frame */
    char **events;     /* names of `events:` entries */
    spec_pos *events_pos;
    size_t nevents;
    char *unsubscribe; /* an endpoint's name */
    char *param;       /* the unsubscribe endpoint's param for the id */
    spec_pos pos, id_pos, event_id_pos, unsubscribe_pos, param_pos;
    struct spec_endpoint *unsubscribe_resolved; /* by spec_validate */
} spec_subscribe;

/* How a body is written or read, from its media type
 * (spec_load_bodies.c); the runtime's apicc_media. */
typedef enum spec_media {
    SPEC_MEDIA_JSON = 0,  /* application/json, anything +json */
    SPEC_MEDIA_FORM,      /* application/x-www-form-urlencoded */
    SPEC_MEDIA_MULTIPART, /* multipart/form-data */
    SPEC_MEDIA_BYTES,     /* anything else: raw bytes */
    SPEC_MEDIA_TEXT       /* text/... */
} spec_media;

/* The kind of a media type ("application/json; charset=utf-8" is JSON). */
spec_media spec_media_of(const char *type);

/* How one member of a form or multipart body is written (`encoding:`). */
typedef struct spec_body_encoding {
    char *name;         /* the member's JSON name */
    int style;          /* 0 form, 1 deepObject, 2 spaceDelimited,
                           3 pipeDelimited (written as apicc_param_style) */
    int no_explode;     /* `explode: false` */
    char *content_type; /* multipart: the part's Content-Type */
    spec_pos pos;       /* the key */
} spec_body_encoding;

/* One answer of `responses:`. */
typedef struct spec_response {
    char *key;       /* as written: "201", "4XX", "default" */
    int status;      /* 100..599; 1..5 for "1XX".."5XX"; 0 for default */
    char *model;     /* JSON: a model name (an inline array's list
                        model), or NULL for no body */
    spec_media media;
    char *media_type; /* as written; NULL: JSON */
    spec_model *resolved; /* by spec_validate */
    spec_pos pos;    /* the key */
    spec_pos model_pos;
} spec_response;

typedef struct spec_endpoint {
    char *name;   /* "session_login_get": becomes <provider>_<name> */
    char *summary;
    char *description;
    char *method; /* HTTP: upper-case verb; WebSocket: "session.logon" */
    char *path;   /* HTTP only; NULL for WebSocket */
    spec_param *params;
    size_t nparams;
    char *body;  /* request body model name, or NULL */
    int body_required;
    char *response; /* response model name, or NULL for no body; an
                       inline array response names its list model */
    char *error;    /* error model name; NULL: the provider's default */
    int *success;   /* HTTP statuses that count as success; NULL: 2xx */
    size_t nsuccess;
    char **auth;    /* scheme names; see auth_set */
    size_t nauth;
    unsigned char *auth_joined; /* nauth flags: 1 when auth[i] applies
                                   together with auth[i - 1] (one
                                   alternative of several schemes) */
    int auth_set;   /* 1 when `auth:` was given ([] means no auth);
                       0: the provider's default_auth applies */
    spec_credential_update *sets; /* `sets_credential:` */
    size_t nsets;
    char **clears;  /* `clears_credential:` scheme names */
    size_t nclears;
    int deprecated;
    /* HTTP: `idempotent: true` (1) lets the runtime retry the call after
     * its request went out even when the method alone would not (POST,
     * PATCH); `idempotent: false` (-1) never does, whatever the method (a
     * GET with effects); 0, the key left out, leaves it to the method. */
    int idempotent;
    /* WebSocket: what success does to the connection's session
     * (`session: logon|logout`); SPEC_SESSION_NONE otherwise. */
    int session;
    spec_pagination *pagination; /* `pagination:`, or NULL */
    spec_stream *stream;         /* `stream:`, or NULL */
    /* WebSocket: `subscribe:`, or NULL; and `survives_reconnect: true`
     * (a logon or subscribe the runtime sends again after a reconnect) */
    spec_subscribe *subscribe;
    int survives_reconnect;
    spec_pos survives_reconnect_pos;
    /* HTTP: the name of the server the endpoint's requests go to (an
     * operation of the document served elsewhere), or NULL for the
     * client's base URL; resolved by spec_validate. */
    char *server;
    struct spec_server *server_resolved;
    spec_pos server_pos;
    spec_pos pos; /* the `name:` value */
    /* where values were, for messages about them */
    spec_pos method_pos, path_pos, body_pos, response_pos, error_pos;
    spec_pos *auth_pos;   /* nauth entries */
    spec_pos *clears_pos; /* nclears entries */
    /* Bodies and answers by media type (spec_load_bodies.c): `body:` or
     * `response:` as a mapping with `media_type:`, `encoding:`, and
     * `responses:` per status. */
    spec_media body_media;
    char *body_type;     /* the Content-Type as written; NULL: the media's */
    spec_body_encoding *encoding;
    size_t nencoding;
    spec_media response_media; /* BYTES/TEXT: the answer is bytes */
    char *response_type;
    spec_response *responses;
    size_t nresponses;
    spec_pos responses_pos;
    /* resolved by spec_validate */
    spec_model *body_model;
    spec_model *response_model;
    spec_model *error_model;
} spec_endpoint;

/* Where the provider's own error code and message sit in an error body. */
typedef struct spec_errors {
    char *model;   /* default error model name, or NULL */
    char *code;    /* dotted path, e.g. "error.code"; may be NULL */
    char *message; /* dotted path, e.g. "error.msg"; may be NULL */
    spec_model *resolved;
    spec_pos pos;       /* the `errors:` mapping */
    spec_pos model_pos; /* the `model:` value */
} spec_errors;

/* A variable of a server URL: "{region}" in the URL. */
typedef struct spec_server_var {
    char *name;
    char *default_value; /* required */
    char *description;
    char **values; /* the only values allowed; NULL: any */
    size_t nvalues;
    spec_pos pos; /* the key under `variables:` */
    spec_pos default_pos;
} spec_server_var;

typedef struct spec_server {
    char *name; /* "production", "testnet", "local" */
    char *url;  /* may hold "{variable}" */
    char *description;
    int is_default;
    spec_server_var *vars;
    size_t nvars;
    spec_pos pos;     /* the `name:` value */
    spec_pos url_pos; /* the `url:` value */
} spec_server;

/* ---- events ------------------------------------------------------------ */

/* A message a WebSocket connection receives unasked (a subscription's
 * event, a server notice), recognised by a string member and read into a
 * model; see `events:` in docs/spec-format.md. */
typedef struct spec_event {
    char *name;        /* "order_update": <provider>_on_<name> */
    char *description;
    char *model;       /* the payload's model name */
    char *payload;     /* dotted path to the payload in the frame;
                          NULL: the frame itself */
    char *when_path;   /* dotted path to the member that tells events
                          apart: "event.e" */
    char *when_equals; /* the string it holds for this event */
    spec_pos pos;      /* the `name:` value */
    spec_pos model_pos, payload_pos, when_pos;
    spec_model *resolved; /* by spec_validate */
    /* by spec_validate: the endpoint whose `subscribe:` lists the event,
     * or NULL */
    struct spec_endpoint *subscription;
} spec_event;

typedef struct spec {
    char *path;     /* the file as given on the command line */
    int version;    /* `apicc: 1` */
    char *provider; /* C prefix: lower-case identifier */
    spec_pos provider_pos;
    char *title;
    char *api_version; /* `version:` */
    spec_pos title_pos, api_version_pos; /* their values */
    char *description;
    spec_transport transport;
    spec_server *servers;
    size_t nservers;
    spec_auth *auths;
    size_t nauths;
    char **default_auth;
    size_t ndefault_auth;
    spec_pos *default_auth_pos; /* ndefault_auth entries */
    unsigned char *default_auth_joined; /* as spec_endpoint.auth_joined */
    spec_errors errors;
    spec_model *models; /* includes hoisted synthetic models */
    size_t nmodels;
    /* The models sorted by name (ties in spec order), so a reference is
     * found by binary search: a spec with hundreds of models has
     * thousands of references.  Built by the loader; NULL: search
     * linearly. */
    spec_model **models_by_name;
    spec_endpoint *endpoints;
    size_t nendpoints;
    spec_event *events; /* `events:` (WebSocket only) */
    size_t nevents;
    /* `headers:`: constant headers every HTTP endpoint sends (an
     * endpoint's own param of the same name wins) */
    struct spec_const_header *headers;
    size_t nheaders;
} spec;

typedef struct spec_const_header {
    char *name;
    char *value;
    spec_pos pos; /* the key */
} spec_const_header;

struct diag;

/*
 * Reads and parses one spec file.  Every problem goes to `d` as
 * "path:line:col: error: ..."; on any error returns NULL (after freeing
 * what it built).  YAML anchors and aliases are refused, and the input is
 * capped in size and depth, so a hostile file cannot blow up memory.
 */
spec *spec_load(const char *path, struct diag *d);

/* The same from memory; `path` is used in messages only. */
spec *spec_load_buffer(const char *path, const char *text, size_t len,
                       struct diag *d);

/*
 * Cross-checks a loaded spec: references, duplicates, placeholders, C
 * names.  Fills the resolved pointers.  Returns the number of errors added
 * to `d` (0: the spec is good).
 */
int spec_validate(spec *s, struct diag *d);

/* Frees the spec; NULL is fine. */
void spec_free(spec *s);

/* Lookups by spec name; NULL when absent. */
spec_model *spec_find_model(const spec *s, const char *name);
/* (Re)builds models_by_name; call again after adding models.  -1: out of
 * memory (lookups then stay linear). */
int spec_index_models(spec *s);
spec_auth *spec_find_auth(const spec *s, const char *name);

#endif
