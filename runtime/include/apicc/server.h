/*
 * Servers: where an endpoint's requests go.
 *
 * A client has one base URL (apicc_client_new).  An endpoint that the
 * spec binds to another server (`server:` in the spec: an API whose
 * operations live on several hosts) goes to that server's URL instead,
 * or to the URL set for that server's name with
 * apicc_client_set_server_url, so a test or a proxy can point each
 * server elsewhere.  A server URL may hold variables ("{region}"),
 * which apicc_server_url fills in.
 */
#ifndef APICC_SERVER_H
#define APICC_SERVER_H

#include <stddef.h>

#include "client.h"
#include "export.h"
#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A variable of a server URL: "{region}" with its default and, when the
 * spec lists them, the only values it may take. */
typedef struct apicc_server_var {
    const char *name;
    const char *default_value;
    const char *const *values; /* NULL: any value */
    size_t nvalues;
} apicc_server_var;

/* A server as the spec declares it. */
typedef struct apicc_server {
    const char *name; /* the spec's name: "production", "messaging" */
    const char *url;  /* may hold "{name}" variables */
    const apicc_server_var *vars;
    size_t nvars;
} apicc_server;

/*
 * The URL of `server` with each variable set: values[i] (n values, by
 * name in names[i]) where given, else the variable's default.  A name
 * the server has no variable for, a value outside the variable's list,
 * or a value holding anything but letters, digits, '-', '.', '_' and '~'
 * (so a value can never add a host, a port or a path) is refused: NULL.
 * NULL too when out of memory.  The caller frees the result with free().
 */
APICC_API char *apicc_server_url(const apicc_server *server,
                                 const char *const *names,
                                 const char *const *values, size_t n);

/*
 * Sends the endpoints bound to server `name` to `url` (an http(s) URL),
 * instead of that server's own URL; NULL url forgets the setting.  The
 * endpoints not bound to a server, and those bound to the default
 * server, go to the client's base URL whatever is set here.
 */
APICC_API apicc_status apicc_client_set_server_url(apicc_client *c,
                                                   const char *name,
                                                   const char *url);

#ifdef __cplusplus
}
#endif
#endif
