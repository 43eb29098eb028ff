/*
 * What may go into an HTTP header or a cookie (never installed): checked
 * by settings (default headers, the user agent), credentials (tokens and
 * keys) and the HTTP transport alike.  Bottom layer: depends on nothing.
 */
#ifndef APICC_HEADER_SYNTAX_INTERNAL_H
#define APICC_HEADER_SYNTAX_INTERNAL_H

/* A header name is an RFC 9110 token (letters, digits, !#$%&'*+-.^_`|~). */
int apicc__header_name_ok(const char *name);
/* A header value has no CR, LF, NUL or other control byte (tab allowed):
 * nothing that could end the header and start another. */
int apicc__header_value_ok(const char *value);
/* A credential (a token, an API key) is printable ASCII, spaces between
 * words allowed: what RFC 6750 tokens and every provider's keys are made
 * of.  Bytes over 0x7f are refused, though RFC 9110 tolerates them in
 * header values, since servers read them in different encodings. */
int apicc__credential_ok(const char *value);
/* A cookie value has no control byte, ';' or ',' (nothing that could start
 * another cookie). */
int apicc__cookie_value_ok(const char *value);

#endif
