/*
 * IBKR Client Portal gateway session flow with the generated client:
 * authentication status, tickle, SSO validation, re-authentication, log
 * out.  The gateway holds the brokerage session (the user logged in with
 * a browser); the client keeps the cookie it sets.
 *
 *   ibkr_session [--base-url URL] (--cacert FILE | --insecure)
 *
 * The gateway's certificate is self-signed: pass it with --cacert, or
 * --insecure to skip verification.  Prints one JSON line per response
 * (session tokens redacted); on failure the error goes to stderr and the
 * exit status is 1.
 */
#include "example_common.h"
#include "ibkr/ibkr.h"

int main(int argc, char **argv)
{
    const char *cacert = example_option(argc, argv, "cacert");
    int insecure = example_flag(argc, argv, "insecure");
    apicc_client *c = example_trace(
        ibkr_client_new(example_option(argc, argv, "base-url")));
    if (!c) {
        fprintf(stderr, "error: cannot create the client\n");
        return 1;
    }
    if ((cacert && apicc_client_set_ca_file(c, cacert) != APICC_OK) ||
        (insecure && apicc_client_set_insecure_skip_verify(c, 1) != APICC_OK)) {
        fprintf(stderr, "error: bad TLS settings\n");
        apicc_client_free(c);
        return 1;
    }
    int rc = 1;
    ibkr_auth_status *status = NULL, *reauth = NULL;
    ibkr_tickle_response *tickle = NULL;
    ibkr_sso_validate_response *sso = NULL;
    ibkr_logout_response *bye = NULL;
    if (ibkr_iserver_auth_status_post(c, &status) != APICC_OK) {
        example_fail(c, "iserver_auth_status_post");
        goto done;
    }
    example_print("iserver_auth_status_post", ibkr_auth_status_to_json(status));
    if (ibkr_tickle_post(c, &tickle) != APICC_OK) {
        example_fail(c, "tickle_post");
        goto done;
    }
    cJSON *j = ibkr_tickle_response_to_json(tickle);
    example_redact(j, "session");
    example_print("tickle_post", j);
    if (ibkr_sso_validate_get(c, &sso) != APICC_OK) {
        example_fail(c, "sso_validate_get");
        goto done;
    }
    example_print("sso_validate_get", ibkr_sso_validate_response_to_json(sso));
    if (ibkr_iserver_reauthenticate_post(c, &reauth) != APICC_OK) {
        example_fail(c, "iserver_reauthenticate_post");
        goto done;
    }
    example_print("iserver_reauthenticate_post",
                  ibkr_auth_status_to_json(reauth));
    if (ibkr_logout_post(c, &bye) != APICC_OK) {
        example_fail(c, "logout_post");
        goto done;
    }
    example_print("logout_post", ibkr_logout_response_to_json(bye));
    rc = 0;
done:
    ibkr_auth_status_free(status);
    ibkr_auth_status_free(reauth);
    ibkr_tickle_response_free(tickle);
    ibkr_sso_validate_response_free(sso);
    ibkr_logout_response_free(bye);
    apicc_client_free(c);
    return rc;
}
