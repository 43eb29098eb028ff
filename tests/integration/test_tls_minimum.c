/*
 * apicc sets the oldest TLS version it accepts (1.2) itself, for HTTP and
 * WebSocket alike, instead of leaving it to the system's OpenSSL policy.
 *
 * Debian's policy already refuses TLS 1.1, which would hide a missing
 * setting, so this program first gives itself a permissive policy (an
 * OPENSSL_CONF allowing TLS 1.0 and every cipher, as some systems have),
 * then meets a server offering nothing newer than TLS 1.1: both
 * transports must refuse it with APICC_ERR_TLS.  A control with the same
 * policy checks that the outdated server is reachable at all, so the
 * refusal is apicc's and not the policy's.
 */
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "binance_spot/binance_spot.h"
#include "koyeb/koyeb.h"
#include "provider_test.h"

static char dir[256];
static char ca[320];

/* Writes the permissive policy and points OpenSSL at it; must run before
 * OpenSSL reads its configuration (the first libcurl set-up). */
static int permissive_policy(void)
{
    char path[320];
    snprintf(path, sizeof path, "%s/openssl.cnf", dir);
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    fputs("openssl_conf = init\n[init]\nssl_conf = ssl_sect\n"
          "[ssl_sect]\nsystem_default = sys\n"
          "[sys]\nMinProtocol = TLSv1\nCipherString = DEFAULT:@SECLEVEL=0\n",
          f);
    fclose(f);
    return setenv("OPENSSL_CONF", path, 1);
}

static int start_old_server(test_server *s)
{
    char cert[320], key[320];
    snprintf(cert, sizeof cert, "%s/good.pem", dir);
    snprintf(key, sizeof key, "%s/good.key", dir);
    const char *args[] = {"--tls", cert, key, "--tls-max", "1.1", NULL};
    return provider_server_start(s, "fault_server.py", args);
}

/* The policy really allows TLS 1.1: a bare libcurl handle (no minimum
 * set) gets an answer from the outdated server. */
TEST(policy_allows_tls_1_1)
{
    test_server s = {0};
    CHECK(start_old_server(&s) == 0);
    char url[128];
    provider_url(url, sizeof url, "https", s.port, "/ok");
    CURL *h = curl_easy_init();
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_CAINFO, ca);
    curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, 10000L);
    CURLcode rc = curl_easy_perform(h);
    if (rc != CURLE_OK)
        FAIL("a TLS 1.1 server under a permissive policy: %s",
             curl_easy_strerror(rc));
    curl_easy_cleanup(h);
    test_server_stop(&s);
}

TEST(http_refuses_tls_1_1)
{
    test_server s = {0};
    CHECK(start_old_server(&s) == 0);
    char url[128];
    provider_url(url, sizeof url, "https", s.port, "/ok");
    apicc_client *c = koyeb_client_new(url);
    apicc_client_set_ca_file(c, ca);
    apicc_client_set_timeout_ms(c, 10000);
    koyeb_login_request body = {0};
    koyeb_login_reply *out = NULL;
    CHECK_INT(koyeb_login(c, NULL, &body, &out), APICC_ERR_TLS);
    CHECK(out == NULL);
    printf("# http: %s\n", apicc_client_error(c)->message);
    koyeb_login_reply_free(out);
    apicc_client_free(c);
    test_server_stop(&s);
}

TEST(websocket_refuses_tls_1_1)
{
    test_server s = {0};
    CHECK(start_old_server(&s) == 0);
    char url[128];
    provider_url(url, sizeof url, "wss", s.port, "/ws-api/v3");
    apicc_client *c = binance_spot_client_new(url);
    apicc_client_set_ca_file(c, ca);
    apicc_client_set_timeout_ms(c, 10000);
    binance_spot_session_result *r = NULL;
    /* Without the minimum, TLS 1.1 is negotiated and the upgrade then
     * fails on the server's plain HTTP answer (not APICC_ERR_TLS). */
    CHECK_INT(binance_spot_session_status(c, &r), APICC_ERR_TLS);
    printf("# websocket: %s\n", apicc_client_error(c)->message);
    binance_spot_session_result_free(r);
    apicc_client_free(c);
    test_server_stop(&s);
}

int main(void)
{
    char tmpl[] = "/tmp/apicc-tls-min-XXXXXX";
    if (!mkdtemp(tmpl)) {
        printf("FAIL mkdtemp\n0 passed, 1 failed\n");
        return 1;
    }
    snprintf(dir, sizeof dir, "%s", tmpl);
    snprintf(ca, sizeof ca, "%s/ca.pem", dir);
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "bash %s/make_certs.sh %s", test_servers_dir(),
             dir);
    if (system(cmd) != 0 || permissive_policy() != 0) {
        printf("FAIL could not make certificates or the policy\n"
               "0 passed, 1 failed\n");
        return 1;
    }
    RUN(policy_allows_tls_1_1);
    RUN(http_refuses_tls_1_1);
    RUN(websocket_refuses_tls_1_1);
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0)
        printf("note: could not remove %s\n", dir);
    return harness_report();
}
