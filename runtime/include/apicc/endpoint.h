/*
 * Endpoint descriptors: the constant tables generated code hands to the
 * runtime, and the argument values it passes per call.
 *
 * Generated code is thin (one const descriptor and a short function per
 * endpoint); everything a provider needs is described here as data, so a
 * new provider never needs new runtime code.
 */
#ifndef APICC_ENDPOINT_H
#define APICC_ENDPOINT_H

#include <stddef.h>
#include <stdint.h>

#include "export.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Where a value goes on the wire. */
typedef enum apicc_location {
    APICC_IN_NONE = 0,
    APICC_IN_PATH,   /* "{name}" in the path template, percent-encoded */
    APICC_IN_QUERY,  /* ?name=value, percent-encoded */
    APICC_IN_HEADER, /* "name: value"; CR or LF in the value is refused */
    APICC_IN_COOKIE, /* Cookie: name=value */
    APICC_IN_PARAM   /* WebSocket: a member of the frame's params object */
} apicc_location;

typedef enum apicc_transport {
    APICC_TRANSPORT_HTTP = 0,
    APICC_TRANSPORT_WEBSOCKET
} apicc_transport;

/* ---- signing rules ---------------------------------------------------- */

typedef enum apicc_sign_alg {
    APICC_SIGN_HMAC_SHA256 = 1,
    APICC_SIGN_HMAC_SHA512,
    APICC_SIGN_ED25519,
    APICC_SIGN_RSA_SHA256 /* RSASSA-PKCS1-v1_5 with SHA-256 */
} apicc_sign_alg;

typedef enum apicc_encoding {
    APICC_ENC_HEX = 1, /* lower-case */
    APICC_ENC_BASE64   /* standard alphabet, padded */
} apicc_encoding;

typedef enum apicc_part_kind {
    APICC_PART_SORTED_PARAMS = 1, /* every param but the signature, sorted
                                     by name (bytewise), "k=v" joined
                                     with "&" */
    APICC_PART_QUERY,             /* the query string as sent, no "?" */
    APICC_PART_METHOD,            /* HTTP method, or the frame method */
    APICC_PART_PATH,              /* the path as sent, without the query */
    APICC_PART_BODY,              /* the request body bytes */
    APICC_PART_TIMESTAMP,         /* the timestamp, as decimal digits */
    APICC_PART_LITERAL            /* `literal` */
} apicc_part_kind;

typedef struct apicc_payload_part {
    apicc_part_kind kind;
    const char *literal; /* APICC_PART_LITERAL only */
} apicc_payload_part;

/*
 * A declarative signing rule.  Before signing, the runtime adds the API key
 * (when key_in is set) and the timestamp (when timestamp_in is set) as
 * params, builds the payload from `parts`, signs it, and places the
 * signature as `signature_in`/`signature_name` say.
 */
typedef struct apicc_sign_rule {
    apicc_sign_alg algorithm;
    apicc_encoding encoding;
    const apicc_payload_part *parts;
    size_t nparts;
    int percent_encode; /* percent-encode values in SORTED_PARAMS */
    apicc_location key_in; /* APICC_IN_NONE: the key is not sent */
    const char *key_name;
    apicc_location signature_in;
    const char *signature_name;
    apicc_location timestamp_in; /* APICC_IN_NONE: no timestamp */
    const char *timestamp_name;
    int timestamp_seconds; /* 0: milliseconds */
} apicc_sign_rule;

/* ---- auth schemes ----------------------------------------------------- */

typedef enum apicc_auth_kind {
    APICC_AUTH_BASIC = 1,      /* Authorization: Basic base64(user:pass) */
    APICC_AUTH_BEARER,         /* Authorization: Bearer <token> */
    APICC_AUTH_APIKEY,         /* a key in a header, query or cookie */
    APICC_AUTH_SESSION_COOKIE, /* the cookie store carries the session */
    APICC_AUTH_SIGNATURE       /* a signed request, see apicc_sign_rule */
} apicc_auth_kind;

/*
 * An auth scheme as the spec declares it.  Credentials are set on the
 * client by scheme name (API keys, signature keys) or by kind (Basic,
 * Bearer); see client.h.
 */
typedef struct apicc_auth_scheme {
    const char *name; /* the spec's name, e.g. "api_key" */
    apicc_auth_kind kind;
    apicc_location in;      /* APIKEY: HEADER, QUERY or COOKIE */
    const char *param_name; /* APIKEY: the header/query/cookie name;
                               SESSION_COOKIE: cookie name or NULL */
    const char *prefix;     /* APIKEY: value prefix ("Bearer"), or NULL;
                               joined to the key with one space */
    const apicc_sign_rule *sign; /* SIGNATURE only */
} apicc_auth_scheme;

/* After a successful call, the response field at dotted path `from`
 * ("token.id") becomes the credential of `scheme` (an API key or a bearer
 * token). */
typedef struct apicc_credential_update {
    const apicc_auth_scheme *scheme;
    const char *from;
} apicc_credential_update;

/* Where the provider's own error code and message sit in an error body
 * (dotted paths; NULL when the provider has none). */
typedef struct apicc_error_shape {
    const char *code_path;
    const char *message_path;
} apicc_error_shape;

/* ---- endpoints -------------------------------------------------------- */

/* What a successful call does to a WebSocket connection's session (see
 * apicc_client_ws_session in ws.h). */
typedef enum apicc_session_effect {
    APICC_SESSION_NONE = 0,
    APICC_SESSION_LOGON, /* the connection is now logged on */
    APICC_SESSION_LOGOUT /* the connection is no longer logged on */
} apicc_session_effect;

typedef struct apicc_endpoint {
    const char *name;   /* "session_login_get", for messages */
    apicc_transport transport;
    const char *method; /* "GET", or the WebSocket frame method */
    const char *path;   /* "/users/{id}"; NULL for WebSocket */
    /* Alternatives, in order: the first scheme whose credentials are set
     * is used.  nauth == 0: the call sends no credentials. */
    const apicc_auth_scheme *const *auth;
    size_t nauth;
    const int *success; /* statuses that count as success; NULL: 2xx */
    size_t nsuccess;
    const apicc_credential_update *sets;
    size_t nsets;
    const apicc_auth_scheme *const *clears; /* credentials forgotten after
                                               success (logout) */
    size_t nclears;
    const apicc_error_shape *errors; /* NULL: no provider error fields */
    int has_response; /* a JSON response body is expected */
    int idempotent;   /* may be retried after the request was sent (the
                         spec's `idempotent: true`); 0 selects the
                         method's default (GET, HEAD, PUT, DELETE,
                         OPTIONS and TRACE are idempotent) */
    apicc_session_effect session; /* WebSocket only */
    /* HTTP: the endpoint's own server (an operation of the document
     * served elsewhere than the rest): its spec name, and its URL with
     * server variables at their defaults.  NULL: the client's base URL.
     * apicc_client_set_server_url(c, server, url) points it elsewhere
     * (server.h). */
    const char *server;
    const char *server_url;
} apicc_endpoint;

/*
 * How a param's value is written (OpenAPI's `style`, see
 * docs/spec-format.md "Param styles").  APICC_STYLE_DEFAULT is the
 * location's usual way: query and cookie values as `form` with
 * `explode` (an array repeats the name), path and header values as
 * `simple` (an array joined with ',').
 */
typedef enum apicc_param_style {
    APICC_STYLE_DEFAULT = 0,
    APICC_STYLE_FORM,            /* query, cookie: name=v */
    APICC_STYLE_SPACE_DELIMITED, /* query: name=a%20b */
    APICC_STYLE_PIPE_DELIMITED,  /* query: name=a%7Cb */
    APICC_STYLE_DEEP_OBJECT,     /* query: name%5Bk%5D=v */
    APICC_STYLE_SIMPLE,          /* path, header: a,b */
    APICC_STYLE_LABEL,           /* path: .a.b */
    APICC_STYLE_MATRIX           /* path: ;name=a */
} apicc_param_style;

/* The type of an argument value. */
typedef enum apicc_value_type {
    APICC_T_STRING = 1,
    APICC_T_INT,
    APICC_T_NUMBER,
    APICC_T_BOOL
} apicc_value_type;

/*
 * One argument value for a call.  Generated code passes one per present
 * param; an array param passes one per element with `array` set, in order
 * (HTTP: written as `style` says; WebSocket: a JSON array), and an object
 * param one per member with `key` set, in order.  Consecutive arguments
 * of the same name and location with `array` (or `key`) set are one
 * param.
 */
typedef struct apicc_arg {
    const char *name;
    apicc_location in;
    apicc_value_type type;
    const char *s; /* APICC_T_STRING */
    int64_t i;     /* APICC_T_INT */
    double d;      /* APICC_T_NUMBER */
    int b;         /* APICC_T_BOOL */
    int array;
    /* HTTP only; zero for the location's usual way */
    apicc_param_style style;
    int explode;        /* ignored with APICC_STYLE_DEFAULT */
    int allow_reserved; /* query: RFC 3986 reserved characters are sent
                           as they are, except '#', '&' and '=' */
    const char *key;    /* a member of an object param: its name */
} apicc_arg;

#ifdef __cplusplus
}
#endif
#endif
