/*
 * Binance Spot WebSocket API session flow with the generated client:
 * status, logon (signed), status, logout, status.
 *
 *   BINANCE_API_KEY=... BINANCE_PRIVATE_KEY_FILE=ed25519.pem \
 *       [BINANCE_KEY_TYPE=ed25519|rsa] binance_session [--base-url URL]
 *   BINANCE_API_KEY=... BINANCE_API_SECRET=... binance_session ...
 *
 * With a private key file the logon is signed with Ed25519 (or, with
 * BINANCE_KEY_TYPE=rsa, RSA-SHA256); with a secret, with HMAC-SHA256.
 * Prints one JSON line per response (the API key redacted); on failure
 * the error goes to stderr and the exit status is 1.
 */
#include "binance_spot/binance_spot.h"
#include "example_common.h"

/* The session answers echo the API key, a credential: never printed. */
static void print_session(const char *call,
                          const binance_spot_session_result *r)
{
    cJSON *json = binance_spot_session_result_to_json(r);
    example_redact(json, "apiKey");
    example_print(call, json);
}

static int status(apicc_client *c)
{
    binance_spot_session_result *r = NULL;
    if (binance_spot_session_status(c, &r) != APICC_OK) {
        example_fail(c, "session_status");
        return -1;
    }
    print_session("session_status", r);
    binance_spot_session_result_free(r);
    return 0;
}

int main(int argc, char **argv)
{
    const char *key = example_env("BINANCE_API_KEY");
    if (!key)
        return 1;
    const char *pem = getenv("BINANCE_PRIVATE_KEY_FILE");
    const char *secret = getenv("BINANCE_API_SECRET");
    if ((!pem || !*pem) && (!secret || !*secret)) {
        fprintf(stderr, "error: set BINANCE_PRIVATE_KEY_FILE (Ed25519, or "
                        "RSA with BINANCE_KEY_TYPE=rsa) or BINANCE_API_SECRET "
                        "(HMAC)\n");
        return 1;
    }
    apicc_client *c =
        example_trace(
        binance_spot_client_new(example_option(argc, argv, "base-url")));
    if (!c) {
        fprintf(stderr, "error: cannot create the client\n");
        return 1;
    }
    const char *type = getenv("BINANCE_KEY_TYPE");
    int rsa = type && strcmp(type, "rsa") == 0;
    if (type && *type && !rsa && strcmp(type, "ed25519") != 0) {
        fprintf(stderr, "error: BINANCE_KEY_TYPE is ed25519 or rsa\n");
        apicc_client_free(c);
        return 1;
    }
    apicc_status st;
    if (pem && *pem) {
        st = rsa ? binance_spot_set_rsa(c, key)
                 : binance_spot_set_ed25519(c, key);
        if (st == APICC_OK)
            st = apicc_client_set_private_key_file(c, pem);
    } else {
        st = binance_spot_set_hmac(c, key);
        if (st == APICC_OK)
            st = apicc_client_set_hmac_secret(c, secret, strlen(secret));
    }
    if (st != APICC_OK) {
        fprintf(stderr, "error: cannot use the key: %s\n",
                apicc_strerror(st));
        apicc_client_free(c);
        return 1;
    }
    int rc = 1;
    binance_spot_session_result *r = NULL;
    if (status(c) != 0)
        goto done;
    if (binance_spot_session_logon(c, NULL, &r) != APICC_OK) {
        example_fail(c, "session_logon");
        goto done;
    }
    print_session("session_logon", r);
    binance_spot_session_result_free(r);
    r = NULL;
    if (status(c) != 0)
        goto done;
    if (binance_spot_session_logout(c, &r) != APICC_OK) {
        example_fail(c, "session_logout");
        goto done;
    }
    print_session("session_logout", r);
    if (status(c) != 0)
        goto done;
    rc = 0;
done:
    binance_spot_session_result_free(r);
    apicc_client_free(c);
    return rc;
}
