/*
 * Quatrix session flow with the generated client: log in with Basic
 * credentials (and a PIN when the account asks for multi-factor
 * authentication), keep the session alive, log out.
 *
 *   QUATRIX_USER=... QUATRIX_PASSWORD=... [QUATRIX_PIN=...] \
 *       quatrix_session [--base-url URL]
 *
 * Prints one JSON line per response (session ids redacted); on failure
 * the error goes to stderr and the exit status is 1.
 */
#include "example_common.h"
#include "quatrix/quatrix.h"

int main(int argc, char **argv)
{
    const char *user = example_env("QUATRIX_USER");
    const char *password = example_env("QUATRIX_PASSWORD");
    if (!user || !password)
        return 1;
    apicc_client *c =
        example_trace(
        quatrix_client_new(example_option(argc, argv, "base-url")));
    if (!c || quatrix_set_basic_auth(c, user, password) != APICC_OK) {
        fprintf(stderr, "error: cannot create the client\n");
        apicc_client_free(c);
        return 1;
    }
    int rc = 1;
    quatrix_session_login_resp *login = NULL, *mfa = NULL;
    if (quatrix_session_login_get(c, &login) != APICC_OK) {
        example_fail(c, "session_login_get");
        goto done;
    }
    cJSON *j = quatrix_session_login_resp_to_json(login);
    example_redact(j, "session_id");
    example_print("session_login_get", j);
    if (apicc_client_last_http_status(c) == 207) {
        /* 207: the account wants a second factor before the session works */
        const char *pin = getenv("QUATRIX_PIN");
        if (!pin || !*pin) {
            fprintf(stderr, "error: the account requires multi-factor "
                            "authentication: set QUATRIX_PIN\n");
            goto done;
        }
        quatrix_session_login_post_resp body = {
            .auth_type = QUATRIX_SESSION_LOGIN_POST_RESP_AUTH_TYPE_PIN,
            .code = pin};
        if (quatrix_session_login_post(c, &body, &mfa) != APICC_OK) {
            example_fail(c, "session_login_post");
            goto done;
        }
        j = quatrix_session_login_resp_to_json(mfa);
        example_redact(j, "session_id");
        example_print("session_login_post", j);
    }
    if (quatrix_session_keepalive_get(c) != APICC_OK) {
        example_fail(c, "session_keepalive_get");
        goto done;
    }
    example_print("session_keepalive_get", NULL);
    if (quatrix_session_logout_get(c) != APICC_OK) {
        example_fail(c, "session_logout_get");
        goto done;
    }
    example_print("session_logout_get", NULL);
    rc = 0;
done:
    quatrix_session_login_resp_free(login);
    quatrix_session_login_resp_free(mfa);
    apicc_client_free(c);
    return rc;
}
