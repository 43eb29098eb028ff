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
    APICC_SIGN_RSA_SHA256, /* RSASSA-PKCS1-v1_5 with SHA-256 */
    APICC_SIGN_HMAC_SHA384,
    APICC_SIGN_ES256 /* ECDSA P-256 with SHA-256, the JOSE form: r || s,
                        32 bytes each */
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
/*
 * The general form of a rule: a small program of nodes.  Each node makes
 * bytes; a node with children works on their bytes joined in order
 * (nodes[first] .. nodes[first + count - 1]).  APICC_OP_HMAC takes its
 * key from its first child and hashes the rest.
 */
typedef enum apicc_sign_op {
    APICC_OP_LITERAL = 1, /* `text` */
    APICC_OP_METHOD,      /* the HTTP method or frame method */
    APICC_OP_HOST,        /* the Host header if the request sets one, else
                             the URL's host[:port] */
    APICC_OP_PATH,        /* the path as sent, no query */
    APICC_OP_PATH_QUERY,  /* the path, then "?" and the query when there is
                             one */
    APICC_OP_QUERY,       /* the query as sent, no "?" */
    APICC_OP_SORTED_PARAMS, /* as APICC_PART_SORTED_PARAMS; `arg` 1:
                               percent-encode names and values */
    APICC_OP_BODY,        /* the body bytes as they will be sent */
    APICC_OP_HEADER,      /* the value of request header `text` ("" when
                             absent) */
    APICC_OP_TIMESTAMP,   /* the attempt's time in format `text` (see
                             sign.h) plus `arg` seconds */
    APICC_OP_NONCE,       /* the client's increasing nonce, in unit
                             `text` ("ms", "us", "s" or "count") */
    APICC_OP_API_KEY,     /* the scheme's API key */
    APICC_OP_SECRET,      /* the scheme's secret, decoded as the rule's
                             secret_encoding says */
    APICC_OP_PASSPHRASE,  /* the scheme's passphrase */
    APICC_OP_VALUE,       /* the value of output `text` (computed once) */
    APICC_OP_CONCAT,      /* the children joined */
    APICC_OP_SHA256,
    APICC_OP_SHA384,
    APICC_OP_SHA512,
    APICC_OP_HMAC,        /* HMAC with digest `text` ("sha256", "sha384",
                             "sha512"): key = first child, data = rest */
    APICC_OP_SIGN,        /* the rule's algorithm with the scheme's key */
    APICC_OP_HEX,         /* lower-case hex */
    APICC_OP_BASE64,      /* standard, padded */
    APICC_OP_BASE64URL,   /* URL alphabet, unpadded (JOSE) */
    APICC_OP_URLENCODE,   /* percent-encoded but A-Z a-z 0-9 - . _ ~ */
    APICC_OP_HEX_DECODE,
    APICC_OP_BASE64_DECODE,
    APICC_OP_JSON_STRING, /* a JSON string literal, quotes included */
    APICC_OP_JSON_MEMBERS, /* the members of a JSON object's text, without
                              its braces, after a "," when there are any
                              (to extend another object) */
    APICC_OP_LOWER,
    APICC_OP_RANDOM_HEX   /* `arg` random bytes in hex */
} apicc_sign_op;

typedef struct apicc_sign_node {
    apicc_sign_op op;
    const char *text;
    int64_t arg;
    size_t first; /* children */
    size_t count;
} apicc_sign_node;

/* Where an output goes.  BODY with a name adds a member to a JSON object
 * body or a field to a form body; BODY without one replaces the body. */
typedef enum apicc_sign_place {
    APICC_PLACE_NONE = 0, /* not sent: a value other nodes use */
    APICC_PLACE_HEADER,
    APICC_PLACE_QUERY,
    APICC_PLACE_PARAM,    /* WebSocket frame params; HTTP: the query */
    APICC_PLACE_BODY
} apicc_sign_place;

/* One value the rule computes and places, in the order of the list. */
typedef struct apicc_sign_output {
    const char *name;
    apicc_sign_place place;
    int first;  /* before the request's own params (query, body) */
    size_t node; /* the root node */
    int number; /* a WebSocket param or JSON body member written as a
                   number, not a string */
} apicc_sign_output;

/* How a secret is issued, decoded before use. */
typedef enum apicc_secret_encoding {
    APICC_SECRET_RAW = 0,
    APICC_SECRET_BASE64,
    APICC_SECRET_HEX
} apicc_secret_encoding;

/* What a scheme needs from the user (the generated setter's arguments). */
#define APICC_NEEDS_API_KEY 1u
#define APICC_NEEDS_SECRET 2u      /* an HMAC secret */
#define APICC_NEEDS_PRIVATE_KEY 4u /* a PEM private key */
#define APICC_NEEDS_PASSPHRASE 8u

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
    /* The general form.  When `outputs` is set, the fields above but
     * `algorithm` are unused: the outputs are evaluated and placed in
     * order (each node evaluated at most once per attempt). */
    const apicc_sign_node *nodes;
    size_t nnodes;
    const apicc_sign_output *outputs;
    size_t noutputs;
    apicc_secret_encoding secret_encoding;
    unsigned needs;  /* APICC_NEEDS_* bits */
    int sort_query;  /* sort the query by name before signing, as sent */
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

/* ---- pagination --------------------------------------------------------- */

/* How a list endpoint says where the next page is. */
typedef enum apicc_page_style {
    APICC_PAGE_LINK = 1, /* a Link header with rel="next" (RFC 8288) */
    APICC_PAGE_CURSOR,   /* a cursor in the answer, sent back as a param */
    APICC_PAGE_NUMBER,   /* a page number param, counting up */
    APICC_PAGE_OFFSET    /* an offset param, moved by the items read */
} apicc_page_style;

/*
 * A paginated endpoint (see apicc_pager_new in model.h).  Paths are
 * dotted member names in the answer's JSON ("meta.next_cursor").
 */
typedef struct apicc_pagination {
    apicc_page_style style;
    const char *items; /* the array member of the answer that holds a
                          page's items; NULL: the answer is the array */
    const char *param; /* CURSOR, NUMBER, OFFSET: the param the pager
                          sets for the next page */
    const char *next;  /* CURSOR: where the next cursor is; an absent,
                          null or empty one ends the list */
    const char *next_from_item; /* CURSOR: or this member of the page's
                                   last item (Stripe's starting_after) */
    const char *has_more; /* a boolean that is false on the last page;
                             NULL: an empty page ends the list */
    int64_t first; /* NUMBER: the first page's number (0: 1);
                      OFFSET: the first offset */
} apicc_pagination;

/* ---- endpoints -------------------------------------------------------- */

/* What a successful call does to a WebSocket connection's session (see
 * apicc_client_ws_session in ws.h). */
typedef enum apicc_session_effect {
    APICC_SESSION_NONE = 0,
    APICC_SESSION_LOGON, /* the connection is now logged on */
    APICC_SESSION_LOGOUT /* the connection is no longer logged on */
} apicc_session_effect;

/* WebSocket: what a subscribing endpoint's success opens (the spec's
 * `subscribe:`; see apicc_client_ws_unsubscribe in ws.h). */
struct apicc_endpoint;
typedef struct apicc_subscription_desc {
    const char *id_path;       /* dotted path of the id in the result */
    const char *event_id_path; /* dotted path of it in an event frame;
                                  NULL: the events carry none */
    const struct apicc_endpoint *unsubscribe; /* the closing endpoint */
    const char *unsubscribe_param; /* its param that takes the id */
} apicc_subscription_desc;

typedef struct apicc_endpoint {
    const char *name;   /* "session_login_get", for messages */
    apicc_transport transport;
    const char *method; /* "GET", or the WebSocket frame method */
    const char *path;   /* "/users/{id}"; NULL for WebSocket */
    /* Alternatives, in order: the first whose schemes all have their
     * credentials set is used.  An alternative is one scheme, or a run of
     * schemes that apply together (auth_joined).  nauth == 0: the call
     * sends no credentials. */
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
    int idempotent;   /* 1: may be retried after the request was sent
                         (the spec's `idempotent: true`); -1: never
                         (`idempotent: false`); 0: the method's default
                         (GET, HEAD, PUT, DELETE, OPTIONS and TRACE are
                         idempotent) */
    apicc_session_effect session; /* WebSocket only */
    /* nauth flags, or NULL when every scheme is an alternative alone:
     * auth_joined[i] != 0 puts auth[i] in the same alternative as
     * auth[i - 1] (OpenAPI's "this AND that"), applied in order. */
    const unsigned char *auth_joined;
    /* HTTP: the endpoint's own server (an operation of the document
     * served elsewhere than the rest): its spec name, and its URL with
     * server variables at their defaults.  NULL: the client's base URL.
     * apicc_client_set_server_url(c, server, url) points it elsewhere
     * (server.h). */
    const char *server;
    const char *server_url;
    /* WebSocket: success opens a subscription (NULL: it does not); and
     * what success establishes (a logon, a subscription) is sent again,
     * re-signed, after a reconnect (the spec's `survives_reconnect`). */
    const apicc_subscription_desc *subscribe;
    int survives_reconnect;
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
