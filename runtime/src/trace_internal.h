/*
 * Redacting credentials out of what a trace shows (trace_redact.c), for
 * the HTTP and WebSocket transports alike.  Never installed.
 */
#ifndef APICC_TRACE_INTERNAL_H
#define APICC_TRACE_INTERNAL_H

#include "apicc/endpoint.h"

/* What stands in for every secret value. */
#define APICC_REDACTED "[redacted]"

/* One header line "Name: value" as its own string, the value redacted
 * when the name carries a credential (one of the endpoint's auth
 * schemes places a key or signature there, or the name says key, token,
 * secret, ...); Cookie values all, Set-Cookie's cookie value.  NULL when
 * memory ran out.  The caller frees it. */
char *apicc__trace_redact_line(const apicc_endpoint *ep, const char *line);

/* The URL with its user part and secret query values redacted; NULL
 * when memory ran out.  The caller frees it. */
char *apicc__trace_redact_url(const apicc_endpoint *ep, const char *url);

/* Wipes and frees a redacted copy.  What a trace shows is free of
 * credentials the endpoint's tables know of, but a URL or header may
 * still carry a value the caller holds dear (a token in a plain param):
 * no copy of it outlives the callback. */
void apicc__trace_free(char *s);

#endif
