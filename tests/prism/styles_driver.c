/*
 * Calls every operation of tests/prism/styles.yaml once, through the
 * client apicc generates from it, against Prism at argv[1]: every
 * parameter style, a JSON query parameter, constant headers, cookies
 * whose values RFC 6265 does not allow as they are, and the path bound
 * to a server of its own.  Prints one "ok NAME" or "FAIL NAME: why" line
 * per operation; tests/cli/test_prism_params.sh reads them and Prism's
 * log.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "styles/styles.h"

static int failures;

/* The typed response must be Prism's example. */
static void report(const char *name, apicc_client *c, apicc_status st,
                   styles_result *out)
{
    if (st != APICC_OK) {
        printf("FAIL %s: %s: %s\n", name, apicc_status_name(st),
               apicc_client_error(c)->message);
        failures++;
    } else if (!out || !out->ok || !out->name ||
               strcmp(out->name, "styles") != 0) {
        printf("FAIL %s: the typed response is not the example\n", name);
        failures++;
    } else {
        printf("ok %s\n", name);
    }
    styles_result_free(out);
}

int main(int argc, char **argv)
{
    if (argc != 2 || apicc_global_init() != APICC_OK)
        return 2;
    apicc_client *c = styles_client_new(argv[1]);
    if (!c)
        return 2;
    apicc_client_set_timeout_ms(c, 20000);
    styles_result *out = NULL;
    apicc_status st;

    const char *const label[] = {"blue", "black"};
    const char *const matrix[] = {"a,b", "c"};
    styles_point point = {.r = 100, .has_r = true, .g = 200, .has_g = true};
    styles_path_styles_params pp = {.label = label, .n_label = 2,
                                    .matrix = matrix, .n_matrix = 2};
    out = NULL;
    st = styles_path_styles(c, 7, &point, &pp, &out);
    report("path_styles", c, st, out);

    const char *const form[] = {"x", "y z"};
    const char *const labels[] = {"bug,ui", "docs"};
    const char *const space[] = {"a", "b"};
    const styles_query_styles_pipe pipe[] = {STYLES_QUERY_STYLES_PIPE_BLUE,
                                             STYLES_QUERY_STYLES_PIPE_BROWN};
    styles_point color = {.r = 1, .has_r = true, .b = 3, .has_b = true};
    styles_query_styles_filter filter = {.status = "published",
                                         .limit = 5, .has_limit = true};
    styles_query_styles_params qp = {
        .form = form, .n_form = 2, .labels = labels, .n_labels = 2,
        .space = space, .n_space = 2, .pipe = pipe, .n_pipe = 2,
        .color = &color, .filter = &filter, .path = "/a/b:c",
        .per_page = 10, .has_per_page = true};
    out = NULL;
    st = styles_query_styles(c, &qp, &out);
    report("query_styles", c, st, out);

    const char *const tags[] = {"a", "b"};
    const char *const prefs[] = {"dark, large", "en"};
    styles_headers_and_cookies_params hp = {
        .x_tags = tags, .n_x_tags = 2, .session = "s; \"1\" 2",
        .prefs = prefs, .n_prefs = 2};
    out = NULL;
    st = styles_headers_and_cookies(c, &hp, &out);
    report("headers_and_cookies", c, st, out);

    /* The path with a server of its own goes where the caller points
     * that server (Prism), not to the client's base URL, which this
     * client sets to a port where nobody listens. */
    char *files = styles_server_url_with("files", NULL, NULL, 0);
    if (!files || strcmp(files, "http://files.localhost:4010") != 0) {
        printf("FAIL server_url_with: %s\n", files ? files : "NULL");
        failures++;
    }
    free(files);
    apicc_client_free(c);
    c = styles_client_new("http://127.0.0.1:1");
    if (!c)
        return 2;
    apicc_client_set_timeout_ms(c, 20000);
    apicc_client_set_server_url(c, "files", argv[1]);
    out = NULL;
    st = styles_get_elsewhere(c, "abc", &out);
    report("get_elsewhere", c, st, out);

    apicc_client_free(c);
    apicc_global_cleanup();
    return failures ? 1 : 0;
}
