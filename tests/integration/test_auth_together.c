/*
 * Credentials that apply together: `auth:` as an OR of ANDs
 * (tests/specs/auth_together.yaml).  A key header AND a signature over it
 * go on the same request; an alternative is used only when every scheme
 * in it has its credentials; the first such alternative wins.  Each
 * request is captured on the wire (tests/servers/capture_server.py).
 */
#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "auth_together/auth_together.h"
#include "harness.h"
#include "provider_test.h"

static test_server srv;
static char base[128];

static cJSON *captured(void)
{
    static char line[65536];
    if (provider_wait_event(&srv, "REQ ", line, sizeof line) != 0) {
        FAIL("the capture server saw no request");
        return NULL;
    }
    return cJSON_Parse(line + 4);
}

static const char *header_of(const cJSON *req, const char *name)
{
    const cJSON *h;
    cJSON_ArrayForEach(h, cJSON_GetObjectItem(req, "headers"))
    {
        const char *n = cJSON_GetArrayItem(h, 0)->valuestring;
        if (strcasecmp(n, name) == 0)
            return cJSON_GetArrayItem(h, 1)->valuestring;
    }
    return NULL;
}

/* The spec's rule: hex HMAC-SHA256 of method + path with query + key. */
static void expected_sig(const char *method, const char *target,
                         const char *key, char out[65])
{
    char data[512];
    unsigned char mac[32];
    unsigned int n = 0;
    snprintf(data, sizeof data, "%s%s%s", method, target, key);
    HMAC(EVP_sha256(), "s3cret", 6, (const unsigned char *)data,
         strlen(data), mac, &n);
    for (unsigned int i = 0; i < n; i++)
        snprintf(out + 2 * i, 3, "%02x", mac[i]);
}

static apicc_client *client(void)
{
    apicc_client *c = apicc_client_new(base);
    apicc_client_set_retry(c, 0, 0, 0);
    return c;
}

TEST(half_an_alternative_is_not_enough)
{
    apicc_client *c = client();
    CHECK_INT(auth_together_set_key(c, "k-1"), APICC_OK);
    auth_together_both_params p = {.q = "x"};
    CHECK_INT(auth_together_both(c, &p), APICC_ERR_NO_CREDENTIALS);
    const char *msg = apicc_client_error(c)->message;
    CHECK(msg && strstr(msg, "\"key\" + \"sig\""));
    apicc_client_free(c);
}

TEST(key_and_signature_on_one_request)
{
    apicc_client *c = client();
    CHECK_INT(auth_together_set_key(c, "k-1"), APICC_OK);
    CHECK_INT(auth_together_set_sig_credentials(c, "s3cret"), APICC_OK);
    auth_together_both_params p = {.q = "x"};
    CHECK_INT(auth_together_both(c, &p), APICC_OK);
    cJSON *got = captured();
    if (got) {
        char want[65];
        expected_sig("GET", "/both?q=x", "k-1", want);
        CHECK_STR(cJSON_GetObjectItem(got, "target")->valuestring,
                  "/both?q=x");
        CHECK_STR(header_of(got, "X-Key"), "k-1");
        CHECK_STR(header_of(got, "X-Sig"), want);
        CHECK(header_of(got, "Authorization") == NULL);
    }
    cJSON_Delete(got);
    apicc_client_free(c);
}

TEST(first_complete_alternative_wins)
{
    /* [token, [key, sig]]: with only the pair set, the pair goes */
    apicc_client *c = client();
    CHECK_INT(auth_together_set_key(c, "k-2"), APICC_OK);
    CHECK_INT(auth_together_set_sig_credentials(c, "s3cret"), APICC_OK);
    CHECK_INT(auth_together_either(c), APICC_OK);
    cJSON *got = captured();
    if (got) {
        char want[65];
        expected_sig("GET", "/either", "k-2", want);
        CHECK_STR(header_of(got, "X-Sig"), want);
        CHECK(header_of(got, "Authorization") == NULL);
    }
    cJSON_Delete(got);
    /* with the token too, the token alone goes */
    CHECK_INT(auth_together_set_token(c, "t-1"), APICC_OK);
    CHECK_INT(auth_together_either(c), APICC_OK);
    got = captured();
    if (got) {
        CHECK_STR(header_of(got, "Authorization"), "Bearer t-1");
        CHECK(header_of(got, "X-Key") == NULL);
        CHECK(header_of(got, "X-Sig") == NULL);
    }
    cJSON_Delete(got);
    apicc_client_free(c);
}

int main(void)
{
    if (provider_server_start(&srv, "capture_server.py", NULL) != 0) {
        FAIL("cannot start the capture server");
        return harness_report();
    }
    provider_url(base, sizeof base, "http", srv.port, "");
    RUN(half_an_alternative_is_not_enough);
    RUN(key_and_signature_on_one_request);
    RUN(first_complete_alternative_wins);
    test_server_stop(&srv);
    return harness_report();
}
