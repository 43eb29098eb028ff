/*
 * C names derived from spec names.
 *
 * Spec names come from providers: camelCase JSON keys ("authorizedSince"),
 * dotted frame methods ("session.logon"), upper-case keys ("MAC"), enum
 * values with digits and dashes ("2FA", "HMAC-SHA256").  Generated code
 * wants snake_case members and functions and UPPER_CASE constants; these
 * functions make them, and the validator checks the results are distinct,
 * valid identifiers that are not keywords.
 */
#ifndef APICC_GEN_CNAME_H
#define APICC_GEN_CNAME_H

/*
 * snake_case: a word break before an upper-case letter that follows a
 * lower-case letter ("userId" -> "user_id"), that ends an acronym
 * ("HTTPServer" -> "http_server"), or that starts a word after digits
 * ("sha256Hex" -> "sha256_hex", but "2FA" -> "2fa"); every run of other
 * characters becomes one '_'; no leading or trailing '_'.  The result may
 * be empty or start with a digit: callers validate.  Returns a malloc'd
 * string, NULL when out of memory.
 */
char *cname_snake(const char *name);

/* cname_snake in upper case, for constants ("2FA" -> "2FA",
 * "hmac-sha256" -> "HMAC_SHA256"). */
char *cname_upper(const char *name);

/* A copy of explicit_c_name when it is given, else cname_snake(name). */
char *cname_derive(const char *explicit_c_name, const char *name);

/* Whether s matches [A-Za-z_][A-Za-z0-9_]*. */
int cname_is_identifier(const char *s);

/* Whether s is a C11 keyword, a common macro name that would break code
 * (NULL, bool, true, false...) or a reserved identifier ("__x", "_X"). */
int cname_is_keyword(const char *s);

#endif
