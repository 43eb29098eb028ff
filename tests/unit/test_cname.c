/*
 * C names derived from spec names: the table covers each kind of name the
 * seed providers use (camelCase keys, dotted frame methods, upper-case
 * keys, enum values with digits and dashes).
 */
#include <stdlib.h>

#include "harness.h"
#include "base/cname.h"

static const struct {
    const char *in, *snake, *upper;
} cases[] = {
    {"userId", "user_id", "USER_ID"},
    {"authorizedSince", "authorized_since", "AUTHORIZED_SINCE"},
    {"session.logon", "session_logon", "SESSION_LOGON"},
    {"iserver.authStatus", "iserver_auth_status", "ISERVER_AUTH_STATUS"},
    {"MAC", "mac", "MAC"},
    {"RESULT", "result", "RESULT"},
    {"HTTPServer", "http_server", "HTTP_SERVER"},
    {"sha256Hex", "sha256_hex", "SHA256_HEX"},
    {"2FA", "2fa", "2FA"},
    {"hmac-sha256", "hmac_sha256", "HMAC_SHA256"},
    {"seon-fp", "seon_fp", "SEON_FP"},
    {"X-Auth-Token", "x_auth_token", "X_AUTH_TOKEN"},
    {"already_snake", "already_snake", "ALREADY_SNAKE"},
    {"__weird__name__", "weird_name", "WEIRD_NAME"},
    {"a  b", "a_b", "A_B"},
    {"", "", ""},
    {"...", "", ""},
    {"recvWindow", "recv_window", "RECV_WINDOW"},
    {"ssoExpires", "sso_expires", "SSO_EXPIRES"},
    {"IPv4Address", "i_pv4_address", "I_PV4_ADDRESS"},
};

TEST(snake_and_upper_table)
{
    size_t i;

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *s = cname_snake(cases[i].in);
        char *u = cname_upper(cases[i].in);

        CHECK_STR(s, cases[i].snake);
        CHECK_STR(u, cases[i].upper);
        free(s);
        free(u);
    }
}

TEST(derive_prefers_explicit_name)
{
    char *a = cname_derive("two_fa", "2FA");
    char *b = cname_derive(NULL, "sessionId");

    CHECK_STR(a, "two_fa");
    CHECK_STR(b, "session_id");
    free(a);
    free(b);
}

TEST(identifiers)
{
    CHECK(cname_is_identifier("a"));
    CHECK(cname_is_identifier("_x1"));
    CHECK(cname_is_identifier("Session_ID"));
    CHECK(!cname_is_identifier(""));
    CHECK(!cname_is_identifier("2fa"));
    CHECK(!cname_is_identifier("a-b"));
    CHECK(!cname_is_identifier("a b"));
    CHECK(!cname_is_identifier(NULL));
}

TEST(keywords_and_reserved_names)
{
    CHECK(cname_is_keyword("int"));
    CHECK(cname_is_keyword("default"));
    CHECK(cname_is_keyword("_Bool"));
    CHECK(cname_is_keyword("bool"));
    CHECK(cname_is_keyword("__x"));
    CHECK(cname_is_keyword("_Reserved"));
    CHECK(!cname_is_keyword("_lower"));
    CHECK(!cname_is_keyword("status"));
    CHECK(!cname_is_keyword("integer"));
}

int main(void)
{
    RUN(snake_and_upper_table);
    RUN(derive_prefers_explicit_name);
    RUN(identifiers);
    RUN(keywords_and_reserved_names);
    return harness_report();
}
