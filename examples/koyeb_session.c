/*
 * Koyeb session flow with the generated client: log in, refresh the token
 * (the new one is used from then on), log out.
 *
 *   KOYEB_EMAIL=... KOYEB_PASSWORD=... koyeb_session [--base-url URL]
 *
 * Optional: KOYEB_SEON_FP, the device fingerprint header.  Prints one
 * JSON line per response (tokens redacted); on failure the error goes to
 * stderr and the exit status is 1.
 */
#include "example_common.h"
#include "koyeb/koyeb.h"

int main(int argc, char **argv)
{
    const char *email = example_env("KOYEB_EMAIL");
    const char *password = example_env("KOYEB_PASSWORD");
    if (!email || !password)
        return 1;
    apicc_client *c = example_trace(
        koyeb_client_new(example_option(argc, argv, "base-url")));
    if (!c) {
        fprintf(stderr, "error: cannot create the client\n");
        return 1;
    }
    int rc = 1;
    koyeb_login_request body = {.email = email, .password = password};
    koyeb_login_params params = {.seon_fp = getenv("KOYEB_SEON_FP")};
    koyeb_login_reply *login = NULL, *refreshed = NULL;
    koyeb_logout_reply *bye = NULL;
    if (koyeb_login(c, &params, &body, &login) != APICC_OK) {
        example_fail(c, "login");
        goto done;
    }
    cJSON *j = koyeb_login_reply_to_json(login);
    example_redact(j, "token.id");
    example_print("login", j);
    /* the login's token.id is now the client's Bearer credential */
    if (koyeb_refresh_token(c, &refreshed) != APICC_OK) {
        example_fail(c, "refresh_token");
        goto done;
    }
    j = koyeb_login_reply_to_json(refreshed);
    example_redact(j, "token.id");
    example_print("refresh_token", j);
    if (koyeb_logout(c, &bye) != APICC_OK) {
        example_fail(c, "logout");
        goto done;
    }
    example_print("logout", koyeb_logout_reply_to_json(bye));
    rc = 0;
done:
    koyeb_login_reply_free(login);
    koyeb_login_reply_free(refreshed);
    koyeb_logout_reply_free(bye);
    apicc_client_free(c);
    return rc;
}
