/*
 * The generated IBKR client against tests/servers/ibkr_gateway.py, which
 * serves HTTPS with a fresh self-signed certificate: trusted through a CA
 * file, refused without one, accepted in insecure mode; the session
 * cookie kept; empty POSTs; 64-bit epoch fields; re-authentication and
 * logout.
 */
#include <stdlib.h>
#include <string.h>

#include "ibkr/ibkr.h"
#include "provider_test.h"

typedef struct gateway {
    test_server s;
    char url[128];  /* .../v1/api */
    char root[128]; /* for the test control routes */
    char ca[640];
} gateway;

static int gateway_start(gateway *g)
{
    const char *args[] = {"--tls-auto", NULL};
    memset(g, 0, sizeof *g);
    if (provider_server_start(&g->s, "ibkr_gateway.py", args) != 0)
        return -1;
    char line[600];
    if (test_server_read_line(&g->s, line, sizeof line, 15000) < 0 ||
        strncmp(line, "CA ", 3) != 0) {
        test_server_stop(&g->s);
        return -1;
    }
    snprintf(g->ca, sizeof g->ca, "%s", line + 3);
    provider_url(g->url, sizeof g->url, "https", g->s.port, "/v1/api");
    provider_url(g->root, sizeof g->root, "https", g->s.port, NULL);
    return 0;
}

static apicc_client *trusting(const gateway *g)
{
    apicc_client *c = ibkr_client_new(g->url);
    CHECK(c != NULL);
    CHECK_INT(apicc_client_set_ca_file(c, g->ca), APICC_OK);
    return c;
}

static void control(const gateway *g, const char *path)
{
    apicc_client *c = apicc_client_new(g->root);
    apicc_client_set_ca_file(c, g->ca);
    apicc_endpoint ep = {.name = "control",
                         .transport = APICC_TRANSPORT_HTTP,
                         .method = "POST",
                         .path = path,
                         .has_response = 1};
    cJSON *ignored = NULL;
    CHECK_INT(apicc_call(c, &ep, NULL, 0, NULL, &ignored), APICC_OK);
    cJSON_Delete(ignored);
    apicc_client_free(c);
}

TEST(session_flow_with_ca_file)
{
    gateway g;
    if (gateway_start(&g) != 0) {
        FAIL("gateway did not start");
        return;
    }
    apicc_client *c = trusting(&g);
    char line[256];

    ibkr_auth_status *st = NULL;
    CHECK_INT(ibkr_iserver_auth_status_post(c, &st), APICC_OK);
    CHECK(st && st->has_authenticated && st->authenticated);
    CHECK(st && st->mac && strcmp(st->mac, "F4:03:43:DC:B4:60") == 0);
    ibkr_auth_status_free(st);
    CHECK(provider_wait_event(&g.s, "EVENT POST", line, sizeof line) == 0);
    CHECK_STR(line, "EVENT POST /v1/api/iserver/auth/status cookie=no "
                    "length=0");

    ibkr_tickle_response *t = NULL;
    CHECK_INT(ibkr_tickle_post(c, &t), APICC_OK);
    CHECK(t && t->session && strlen(t->session) == 32);
    CHECK(t && t->has_collission && !t->collission);
    CHECK(t && t->has_user_id && t->user_id == 132329622);
    CHECK(t && t->iserver && t->iserver->auth_status &&
          t->iserver->auth_status->authenticated);
    CHECK(t && t->hmds && t->hmds->error);
    ibkr_tickle_response_free(t);
    /* the cookie the first answer set came back */
    CHECK(provider_wait_event(&g.s, "EVENT POST", line, sizeof line) == 0);
    CHECK_STR(line, "EVENT POST /v1/api/tickle cookie=yes length=0");

    ibkr_sso_validate_response *v = NULL;
    CHECK_INT(ibkr_sso_validate_get(c, &v), APICC_OK);
    CHECK(v && v->has_result && v->result);
    CHECK(v && v->has_auth_time && v->auth_time > 1700000000000LL);
    CHECK(v && v->has_last_accessed && v->last_accessed > 2147483647LL);
    CHECK(v && v->has_login_type && v->login_type == 2);
    ibkr_sso_validate_response_free(v);

    /* the brokerage session drops: 200 with authenticated false, then a
     * re-authentication brings it back */
    control(&g, "/_test/brokerage-lost");
    CHECK_INT(ibkr_iserver_auth_status_post(c, &st), APICC_OK);
    CHECK(st && st->has_authenticated && !st->authenticated);
    ibkr_auth_status_free(st);
    CHECK_INT(ibkr_iserver_reauthenticate_post(c, &st), APICC_OK);
    ibkr_auth_status_free(st);
    CHECK_INT(ibkr_iserver_auth_status_post(c, &st), APICC_OK);
    CHECK(st && st->authenticated);
    ibkr_auth_status_free(st);

    ibkr_logout_response *bye = NULL;
    CHECK_INT(ibkr_logout_post(c, &bye), APICC_OK);
    CHECK(bye && bye->has_status && bye->status);
    ibkr_logout_response_free(bye);
    /* after logout: the gateway's own error shape */
    st = NULL;
    CHECK_INT(ibkr_iserver_auth_status_post(c, &st), APICC_ERR_AUTH);
    CHECK(st == NULL);
    CHECK_ERROR(c, APICC_ERR_AUTH, 401, "401", "not authenticated");
    apicc_client_free(c);
    test_server_stop(&g.s);
}

TEST(untrusted_certificate_is_refused)
{
    gateway g;
    if (gateway_start(&g) != 0) {
        FAIL("gateway did not start");
        return;
    }
    apicc_client *c = ibkr_client_new(g.url); /* system CAs only */
    ibkr_tickle_response *t = NULL;
    CHECK_INT(ibkr_tickle_post(c, &t), APICC_ERR_TLS);
    CHECK(t == NULL);
    CHECK_INT(apicc_client_error(c)->http_status, 0);
    CHECK(apicc_client_error(c)->transport_message != NULL);
    apicc_client_free(c);
    test_server_stop(&g.s);
}

TEST(insecure_mode_accepts_the_gateway)
{
    gateway g;
    if (gateway_start(&g) != 0) {
        FAIL("gateway did not start");
        return;
    }
    apicc_client *c = ibkr_client_new(g.url);
    CHECK_INT(apicc_client_set_insecure_skip_verify(c, 1), APICC_OK);
    ibkr_tickle_response *t = NULL;
    CHECK_INT(ibkr_tickle_post(c, &t), APICC_OK);
    CHECK(t && t->session);
    ibkr_tickle_response_free(t);
    apicc_client_free(c);
    test_server_stop(&g.s);
}

TEST(gateway_down)
{
    gateway g;
    if (gateway_start(&g) != 0) {
        FAIL("gateway did not start");
        return;
    }
    test_server_stop(&g.s);
    apicc_client *c = trusting(&g);
    ibkr_tickle_response *t = NULL;
    CHECK_INT(ibkr_tickle_post(c, &t), APICC_ERR_TRANSPORT);
    apicc_client_free(c);
}

int main(void)
{
    RUN(session_flow_with_ca_file);
    RUN(untrusted_certificate_is_refused);
    RUN(insecure_mode_accepts_the_gateway);
    RUN(gateway_down);
    return harness_report();
}
