/*
 * Params on the wire, byte for byte: the client generated from
 * tests/specs/params.yaml against tests/servers/http_server.py, whose
 * /echo route answers the raw path, the raw query and the headers it
 * received.  A validating mock server accepts some wrong encodings (an
 * exploded array where the document says non-exploded); this test does
 * not.  Also: constants sent without the caller, a cookie value RFC 6265
 * cannot hold as it is, and an endpoint bound to another server, sent
 * where apicc_client_set_server_url says.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "params/params.h"
#include "provider_test.h"

static test_server server;
static char base[128];

static apicc_client *new_client(void)
{
    apicc_client *c = params_client_new(base);
    if (c)
        apicc_client_set_timeout_ms(c, 5000);
    return c;
}

/* The echoed header `name` (lower case), or "". */
static const char *header(const params_echo *e, const char *name)
{
    for (size_t i = 0; e && i < e->n_headers; i++)
        if (strcmp(e->headers_keys[i], name) == 0)
            return e->headers[i];
    return "";
}

TEST(path_styles)
{
    apicc_client *c = new_client();
    const char *const label[] = {"blue", "black"};
    const char *const matrix[] = {"a,b", "c"}; /* a comma inside an item */
    const int64_t ids[] = {1, 2, 3};
    params_point point = {.r = 100, .g = 200, .has_g = true};
    params_path_styles_params p = {.label = label, .n_label = 2,
                                   .matrix = matrix, .n_matrix = 2,
                                   .ids = ids, .n_ids = 3};
    params_echo *out = NULL;
    CHECK_INT(params_path_styles(c, "a b/c", &point, &p, &out), APICC_OK);
    if (out)
        CHECK_STR(out->path, "/echo/a%20b%2Fc/.blue.black/;matrix=a%2Cb,c/"
                             "1,2,3/;R=100;G=200");
    params_echo_free(out);
    apicc_client_free(c);
}

TEST(query_styles)
{
    apicc_client *c = new_client();
    const char *const form[] = {"x", "y z"};
    const char *const labels[] = {"bug,ui", "docs"};
    const char *const space[] = {"a", "b"};
    const params_color pipe[] = {PARAMS_COLOR_BLUE, PARAMS_COLOR_BLACK};
    params_point color = {.r = 100, .g = 200, .has_g = true, .b = 150,
                          .has_b = true};
    params_point flat = {.r = 1};
    cJSON *filter = cJSON_Parse("{\"status\":{\"_eq\":\"published\"}}");
    params_query_styles_params p = {
        .form = form, .n_form = 2, .labels = labels, .n_labels = 2,
        .space = space, .n_space = 2, .pipe = pipe, .n_pipe = 2,
        .color = &color, .flat = &flat, .filter = filter, .near = &flat,
        .path = "/a/b?c=d&e#f", .limit = 5, .has_limit = true};
    params_echo *out = NULL;
    CHECK_INT(params_query_styles(c, &p, &out), APICC_OK);
    if (out)
        CHECK_STR(out->query,
                  "form=x&form=y%20z&labels=bug%2Cui,docs&space=a%20b&"
                  "pipe=blue%7Cblack&"
                  "color%5BR%5D=100&color%5BG%5D=200&color%5BB%5D=150&"
                  "R=1&"
                  "filter=%7B%22status%22%3A%7B%22_eq%22%3A%22published%22"
                  "%7D%7D&"
                  "near=%7B%22R%22%3A1%7D&"
                  "path=/a/b?c%3Dd%26e%23f&limit=5&kind=brown");
    params_echo_free(out);
    cJSON_Delete(filter);
    /* Nothing set: the constant alone, and no default sent. */
    CHECK_INT(params_query_styles(c, NULL, &out), APICC_OK);
    if (out)
        CHECK_STR(out->query, "kind=brown");
    params_echo_free(out);
    apicc_client_free(c);
}

TEST(headers_and_cookies)
{
    apicc_client *c = new_client();
    const char *const tags[] = {"a", "b c"};
    const char *const list[] = {"x,y", "z"};
    params_point point = {.r = 1, .g = 2, .has_g = true};
    params_header_and_cookie_params p = {
        .x_tags = tags, .n_x_tags = 2, .x_point = &point,
        .pref = "v, with; \"quotes\"", .list = list, .n_list = 2};
    params_echo *out = NULL;
    CHECK_INT(params_header_and_cookie(c, &p, &out), APICC_OK);
    CHECK_STR(header(out, "x-tags"), "a,b c");
    CHECK_STR(header(out, "x-point"), "R=1,G=2");
    CHECK_STR(header(out, "notion-version"), "2022-06-28");
    CHECK_STR(header(out, "x-api-version"), "2024-01-01");
    /* RFC 6265 cookie-octet: ',' ';' '"' and space are percent-encoded,
     * never refused; the commas between the items of a non-exploded
     * array stay delimiters. */
    CHECK_STR(header(out, "cookie"),
              "pref=v%2C%20with%3B%20%22quotes%22; list=x%2Cy,z");
    params_echo_free(out);
    apicc_client_free(c);
}

/* An endpoint bound to a server other than the default goes to the URL
 * set for that server's name; its own constant header wins over the
 * provider's of the same name. */
TEST(endpoint_server)
{
    apicc_client *c = new_client();
    char other[160];
    /* a base path of its own, still under the server's /echo route */
    snprintf(other, sizeof other, "%s/echo/regional", base);
    CHECK_INT(apicc_client_set_server_url(c, "regional", other), APICC_OK);
    params_echo *out = NULL;
    CHECK_INT(params_elsewhere(c, &out), APICC_OK);
    if (out)
        CHECK_STR(out->path, "/echo/regional/echo/elsewhere");
    CHECK_STR(header(out, "x-api-version"), "2025-05-05");
    params_echo_free(out);
    /* Unset: the server's own URL, which here cannot be reached. */
    CHECK_INT(apicc_client_set_server_url(c, "regional", NULL), APICC_OK);
    apicc_client_set_timeout_ms(c, 2000);
    CHECK(params_elsewhere(c, &out) != APICC_OK);
    CHECK(out == NULL);
    /* Endpoints without a server keep the client's base URL. */
    CHECK_INT(params_query_styles(c, NULL, &out), APICC_OK);
    params_echo_free(out);
    CHECK_INT(apicc_client_set_server_url(c, "regional", "ftp://x"),
              APICC_ERR_INVALID_ARG);
    apicc_client_free(c);
}

/* Server variables: defaults, values from the enum, and values that
 * could change the host or path refused. */
TEST(server_variables)
{
    CHECK_STR(params_server_url("regional"), "http://eu.invalid:1/main");
    char *u = params_server_url_with("regional", NULL, NULL, 0);
    CHECK_STR(u, "http://eu.invalid:1/main");
    free(u);
    const char *names[] = {"region", "area"};
    const char *values[] = {"us", "v2"};
    u = params_server_url_with("regional", names, values, 2);
    CHECK_STR(u, "http://us.invalid:1/v2");
    free(u);
    const char *bad_region[] = {"asia", "v2"};
    CHECK(params_server_url_with("regional", names, bad_region, 2) == NULL);
    const char *bad_area[] = {"us", "x/../y"};
    CHECK(params_server_url_with("regional", names, bad_area, 2) == NULL);
    const char *unknown[] = {"zone"};
    CHECK(params_server_url_with("regional", unknown, values, 1) == NULL);
    CHECK(params_server_url_with("nowhere", NULL, NULL, 0) == NULL);
}

int main(void)
{
    if (apicc_global_init() != APICC_OK ||
        provider_server_start(&server, "http_server.py", NULL) != 0) {
        printf("FAIL setup: cannot start the test server\n");
        printf("0 passed, 1 failed\n");
        return 1;
    }
    provider_url(base, sizeof base, "http", server.port, NULL);
    RUN(path_styles);
    RUN(query_styles);
    RUN(headers_and_cookies);
    RUN(endpoint_server);
    RUN(server_variables);
    test_server_stop(&server);
    apicc_global_cleanup();
    return harness_report();
}
