/*
 * The generated Quatrix client against tests/servers/quatrix_api.py:
 * Basic login, the session id sent as X-Auth-Token, keepalive, logout,
 * the MFA (207) path, the CAPTCHA path, idle expiry, and the errors on
 * the way.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "provider_test.h"
#include "quatrix/quatrix.h"

static test_server server;
static char base[128];

static apicc_client *logged_in(const char *user, const char *password,
                               apicc_status want, long want_http)
{
    apicc_client *c = quatrix_client_new(base);
    CHECK(c != NULL);
    CHECK_INT(quatrix_set_basic_auth(c, user, password), APICC_OK);
    quatrix_session_login_resp *out = NULL;
    CHECK_INT(quatrix_session_login_get(c, &out), want);
    CHECK_INT(apicc_client_last_http_status(c), want_http);
    if (want == APICC_OK)
        CHECK(out && out->session_id && strlen(out->session_id) == 36);
    quatrix_session_login_resp_free(out);
    return c;
}

TEST(login_keepalive_logout)
{
    apicc_client *c = logged_in("alice@example.com", "wonderland", APICC_OK,
                                200);
    char line[256];
    CHECK(provider_wait_event(&server, "EVENT login", line, sizeof line) ==
          0);
    CHECK_STR(line, "EVENT login basic alice@example.com");
    CHECK_INT(quatrix_session_keepalive_get(c), APICC_OK);
    CHECK(provider_wait_event(&server, "EVENT keepalive", line,
                              sizeof line) == 0);
    CHECK_INT(quatrix_session_logout_get(c), APICC_OK);
    /* the session key was forgotten with the logout */
    CHECK_INT(quatrix_session_keepalive_get(c), APICC_ERR_NO_CREDENTIALS);
    apicc_client_free(c);
}

TEST(wrong_password)
{
    apicc_client *c = logged_in("alice@example.com", "looking-glass",
                                APICC_ERR_AUTH, 401);
    CHECK_ERROR(c, APICC_ERR_AUTH, 401, "1", "Wrong login or password");
    CHECK(strstr(apicc_client_error(c)->message, "looking-glass") == NULL);
    apicc_client_free(c);
}

TEST(mfa_required_then_code)
{
    apicc_client *c = logged_in("bob@example.com", "builder", APICC_OK, 207);
    CHECK_STR(apicc_client_response_header(c, "Mfa-Code"), "1");
    /* the pending session cannot be used yet */
    CHECK_INT(quatrix_session_keepalive_get(c), APICC_ERR_AUTH);
    CHECK_ERROR(c, APICC_ERR_AUTH, 401, "4", "Multi-factor");
    quatrix_session_login_post_resp wrong = {
        QUATRIX_SESSION_LOGIN_POST_RESP_AUTH_TYPE_2FA, (char *)"000000"};
    quatrix_session_login_resp *out = NULL;
    CHECK_INT(quatrix_session_login_post(c, &wrong, &out), APICC_ERR_AUTH);
    CHECK_ERROR(c, APICC_ERR_AUTH, 401, "3", "Wrong MFA code");
    quatrix_session_login_post_resp pin = {
        QUATRIX_SESSION_LOGIN_POST_RESP_AUTH_TYPE_PIN, (char *)"4321"};
    CHECK_INT(quatrix_session_login_post(c, &pin, &out), APICC_OK);
    CHECK(out && out->session_id != NULL);
    quatrix_session_login_resp_free(out);
    /* the new session id is the one sent from now on */
    CHECK_INT(quatrix_session_keepalive_get(c), APICC_OK);
    apicc_client_free(c);
}

TEST(captcha_required_then_unblocked)
{
    apicc_client *c = logged_in("carol@example.com", "singer", APICC_OK, 200);
    CHECK_INT(quatrix_session_keepalive_get(c), APICC_ERR_AUTH);
    CHECK_ERROR(c, APICC_ERR_AUTH, 401, "5", "CAPTCHA");
    quatrix_unblock_captcha_req bad = {(char *)"robot"};
    quatrix_session_unblock_captcha_resp *r = NULL;
    CHECK_INT(quatrix_session_unblock_captcha_post(c, &bad, &r),
              APICC_ERR_AUTH);
    CHECK(r == NULL);
    CHECK(strstr(apicc_client_error(c)->body, "\"valid\": false") != NULL);
    quatrix_unblock_captcha_req good = {(char *)"captcha-ok"};
    CHECK_INT(quatrix_session_unblock_captcha_post(c, &good, &r), APICC_OK);
    CHECK(r && r->has_valid && r->valid);
    quatrix_session_unblock_captcha_resp_free(r);
    CHECK_INT(quatrix_session_keepalive_get(c), APICC_OK);
    apicc_client_free(c);
}

TEST(expired_session)
{
    apicc_client *c = logged_in("alice@example.com", "wonderland", APICC_OK,
                                200);
    /* the test control route sits outside the API's base path */
    char root[128];
    provider_url(root, sizeof root, "http", server.port, NULL);
    apicc_client *ctl = apicc_client_new(root);
    apicc_endpoint ep = {.name = "expire",
                         .transport = APICC_TRANSPORT_HTTP,
                         .method = "POST",
                         .path = "/_test/expire",
                         .has_response = 1};
    cJSON *ignored = NULL;
    CHECK_INT(apicc_call(ctl, &ep, NULL, 0, NULL, &ignored), APICC_OK);
    cJSON_Delete(ignored);
    apicc_client_free(ctl);
    CHECK_INT(quatrix_session_keepalive_get(c), APICC_ERR_AUTH);
    CHECK_ERROR(c, APICC_ERR_AUTH, 401, "2", "expired");
    apicc_client_free(c);
}

TEST(idle_session_expires)
{
    /* a server whose sessions expire after half a second without an API
     * action (Quatrix: 15 minutes), with a user of the test's own */
    test_server idle = {0};
    const char *args[] = {"--idle-timeout", "0.5", "--user",
                          "dave@example.com:s3cret:pw", NULL};
    CHECK(provider_server_start(&idle, "quatrix_api.py", args) == 0);
    char url[128];
    provider_url(url, sizeof url, "http", idle.port, "/api/1.0");
    apicc_client *c = quatrix_client_new(url);
    /* the built-in users are gone */
    CHECK_INT(quatrix_set_basic_auth(c, "alice@example.com", "wonderland"),
              APICC_OK);
    quatrix_session_login_resp *out = NULL;
    CHECK_INT(quatrix_session_login_get(c, &out), APICC_ERR_AUTH);
    CHECK_INT(quatrix_set_basic_auth(c, "dave@example.com", "s3cret:pw"),
              APICC_OK);
    CHECK_INT(quatrix_session_login_get(c, &out), APICC_OK);
    quatrix_session_login_resp_free(out);
    /* idle for well past the timeout: only a later expiry could be a
     * matter of timing, never this one */
    struct timespec pause = {1, 200 * 1000 * 1000};
    nanosleep(&pause, NULL);
    CHECK_INT(quatrix_session_keepalive_get(c), APICC_ERR_AUTH);
    CHECK_ERROR(c, APICC_ERR_AUTH, 401, "2", "expired");
    apicc_client_free(c);
    test_server_stop(&idle);
}

TEST(server_down)
{
    test_server gone = {0};
    CHECK(provider_server_start(&gone, "quatrix_api.py", NULL) == 0);
    char url[128];
    provider_url(url, sizeof url, "http", gone.port, "/api/1.0");
    test_server_stop(&gone);
    apicc_client *c = quatrix_client_new(url);
    quatrix_set_basic_auth(c, "alice@example.com", "wonderland");
    quatrix_session_login_resp *out = NULL;
    CHECK_INT(quatrix_session_login_get(c, &out), APICC_ERR_TRANSPORT);
    CHECK_INT(apicc_client_error(c)->http_status, 0);
    apicc_client_free(c);
}

int main(void)
{
    if (provider_server_start(&server, "quatrix_api.py", NULL) != 0) {
        printf("FAIL could not start quatrix_api.py\n0 passed, 1 failed\n");
        return 1;
    }
    provider_url(base, sizeof base, "http", server.port, "/api/1.0");
    RUN(login_keepalive_logout);
    RUN(wrong_password);
    RUN(mfa_required_then_code);
    RUN(captcha_required_then_unblocked);
    RUN(expired_session);
    RUN(idle_session_expires);
    RUN(server_down);
    test_server_stop(&server);
    return harness_report();
}
