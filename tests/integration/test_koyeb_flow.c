/*
 * The generated Koyeb client against tests/servers/koyeb_api.py: log in,
 * refresh (the new token is the one sent afterwards), log out, and every
 * error a user meets on the way.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "koyeb/koyeb.h"
#include "provider_test.h"

static test_server server;
static char base[128];

static apicc_client *client(void)
{
    apicc_client *c = koyeb_client_new(base);
    CHECK(c != NULL);
    return c;
}

static apicc_status login(apicc_client *c, const char *password,
                          const char *seon, koyeb_login_reply **out)
{
    koyeb_login_request body = {0};
    body.email = "john@snow.com";
    body.password = password; /* NULL: not sent */
    koyeb_login_params params = {.seon_fp = seon};
    return koyeb_login(c, &params, &body, out);
}

TEST(login_refresh_logout)
{
    apicc_client *c = client();
    koyeb_login_reply *first = NULL, *second = NULL;
    koyeb_logout_reply *bye = NULL;
    CHECK_INT(login(c, "winter-is-coming", "fp-123", &first), APICC_OK);
    char line[256];
    CHECK(provider_wait_event(&server, "EVENT login", line, sizeof line) ==
          0);
    CHECK_STR(line, "EVENT login john@snow.com seon-fp=fp-123");
    CHECK(first && first->token && first->token->id);
    CHECK(first && first->token->expires_at &&
          strlen(first->token->expires_at) == 20);
    /* the token from the login is now the client's Bearer credential */
    CHECK_INT(koyeb_refresh_token(c, &second), APICC_OK);
    CHECK(second && second->token &&
          strcmp(second->token->id, first->token->id) != 0);
    /* the refreshed token replaced the old one, which the server revoked */
    CHECK_INT(koyeb_logout(c, &bye), APICC_OK);
    CHECK(bye != NULL);
    /* after logout the credential is gone: nothing to send */
    koyeb_login_reply *again = NULL;
    apicc_status st = koyeb_refresh_token(c, &again);
    CHECK(st == APICC_ERR_NO_CREDENTIALS || st == APICC_ERR_AUTH);
    CHECK(again == NULL);
    koyeb_login_reply_free(first);
    koyeb_login_reply_free(second);
    koyeb_logout_reply_free(bye);
    apicc_client_free(c);
}

TEST(wrong_password)
{
    apicc_client *c = client();
    koyeb_login_reply *out = NULL;
    CHECK_INT(login(c, "summer", NULL, &out), APICC_ERR_AUTH);
    CHECK(out == NULL);
    CHECK_ERROR(c, APICC_ERR_AUTH, 401, "authentication_error",
                "password is incorrect");
    char line[256];
    CHECK(provider_wait_event(&server, "EVENT login", line, sizeof line) ==
          0);
    CHECK_STR(line, "EVENT login john@snow.com seon-fp=-");
    /* the password never shows in what the caller can print */
    const apicc_error *e = apicc_client_error(c);
    CHECK(strstr(e->message, "summer") == NULL);
    apicc_client_free(c);
}

TEST(missing_password_is_a_validation_error)
{
    apicc_client *c = client();
    koyeb_login_reply *out = NULL;
    CHECK_INT(login(c, NULL, NULL, &out), APICC_ERR_PROVIDER);
    CHECK_ERROR(c, APICC_ERR_PROVIDER, 400, "invalid_argument",
                "Invalid argument");
    CHECK(strstr(apicc_client_error(c)->body, "cannot be blank") != NULL);
    apicc_client_free(c);
}

TEST(expired_token)
{
    apicc_client *c = client();
    koyeb_login_reply *out = NULL, *r = NULL;
    CHECK_INT(login(c, "winter-is-coming", NULL, &out), APICC_OK);
    /* the server's test control expires every token at once */
    apicc_client *ctl = apicc_client_new(base);
    apicc_endpoint ep = {.name = "expire",
                         .transport = APICC_TRANSPORT_HTTP,
                         .method = "POST",
                         .path = "/_test/expire",
                         .has_response = 1};
    cJSON *ignored = NULL;
    CHECK_INT(apicc_call(ctl, &ep, NULL, 0, NULL, &ignored), APICC_OK);
    cJSON_Delete(ignored);
    apicc_client_free(ctl);
    CHECK_INT(koyeb_refresh_token(c, &r), APICC_ERR_AUTH);
    CHECK_ERROR(c, APICC_ERR_AUTH, 401, "authentication_error",
                "unauthenticated with bearer");
    koyeb_login_reply_free(out);
    apicc_client_free(c);
}

TEST(token_lifetime_runs_out)
{
    /* tokens that live half a second, on a server with its own account */
    test_server brief = {0};
    const char *args[] = {"--lifetime", "0.5", "--email", "arya@stark.org",
                          "--password", "needle", NULL};
    CHECK(provider_server_start(&brief, "koyeb_api.py", args) == 0);
    char url[128];
    provider_url(url, sizeof url, "http", brief.port, NULL);
    apicc_client *c = koyeb_client_new(url);
    koyeb_login_request body = {.email = "arya@stark.org",
                                .password = "needle"};
    koyeb_login_reply *out = NULL, *r = NULL;
    CHECK_INT(koyeb_login(c, NULL, &body, &out), APICC_OK);
    CHECK(out && out->token && out->token->expires_at);
    /* well past the lifetime: a refresh can no longer save it */
    struct timespec pause = {1, 200 * 1000 * 1000};
    nanosleep(&pause, NULL);
    CHECK_INT(koyeb_refresh_token(c, &r), APICC_ERR_AUTH);
    CHECK(r == NULL);
    CHECK_ERROR(c, APICC_ERR_AUTH, 401, "authentication_error",
                "unauthenticated with bearer");
    koyeb_login_reply_free(out);
    apicc_client_free(c);
    test_server_stop(&brief);
}

TEST(revoked_token)
{
    apicc_client *c = client();
    koyeb_login_reply *out = NULL, *r = NULL;
    CHECK_INT(login(c, "winter-is-coming", NULL, &out), APICC_OK);
    /* a second client refreshes with the same token: the first one's copy
     * is revoked by that refresh */
    apicc_client *other = client();
    CHECK_INT(koyeb_set_bearer(other, out->token->id), APICC_OK);
    CHECK_INT(koyeb_refresh_token(other, &r), APICC_OK);
    koyeb_login_reply_free(r);
    r = NULL;
    CHECK_INT(koyeb_refresh_token(c, &r), APICC_ERR_AUTH);
    CHECK_ERROR(c, APICC_ERR_AUTH, 401, "authentication_error", NULL);
    koyeb_login_reply_free(out);
    apicc_client_free(other);
    apicc_client_free(c);
}

TEST(no_token_at_all)
{
    apicc_client *c = client();
    koyeb_logout_reply *out = NULL;
    CHECK_INT(koyeb_logout(c, &out), APICC_ERR_NO_CREDENTIALS);
    CHECK_INT(apicc_client_error(c)->http_status, 0);
    apicc_client_free(c);
}

TEST(server_down)
{
    test_server gone = {0};
    const char *args[] = {NULL};
    CHECK(provider_server_start(&gone, "koyeb_api.py", args) == 0);
    char url[128];
    provider_url(url, sizeof url, "http", gone.port, NULL);
    test_server_stop(&gone);
    apicc_client *c = koyeb_client_new(url);
    koyeb_login_reply *out = NULL;
    koyeb_login_request body = {0};
    CHECK_INT(koyeb_login(c, NULL, &body, &out), APICC_ERR_TRANSPORT);
    CHECK_INT(apicc_client_error(c)->http_status, 0);
    apicc_client_free(c);
}

int main(void)
{
    const char *args[] = {NULL};
    if (provider_server_start(&server, "koyeb_api.py", args) != 0) {
        printf("FAIL could not start koyeb_api.py\n0 passed, 1 failed\n");
        return 1;
    }
    provider_url(base, sizeof base, "http", server.port, NULL);
    RUN(login_refresh_logout);
    RUN(wrong_password);
    RUN(missing_password_is_a_validation_error);
    RUN(expired_token);
    RUN(token_lifetime_runs_out);
    RUN(revoked_token);
    RUN(no_token_at_all);
    RUN(server_down);
    test_server_stop(&server);
    return harness_report();
}
