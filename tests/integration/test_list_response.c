/*
 * Array responses end to end: the client generated from tests/specs/
 * lists.yaml (`response: {type: array, items: ...}`) against
 * tests/servers/http_server.py, whose /json route answers the `body`
 * query param verbatim.  Arrays of objects, strings, enums and inline
 * objects; empty arrays; and bodies of the wrong shape, which must fail
 * with a message that says where.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lists/lists.h"
#include "provider_test.h"

static test_server server;
static char base[128];

static apicc_client *new_client(void)
{
    apicc_client *c = apicc_client_new(base);
    if (!c)
        return NULL;
    apicc_client_set_timeout_ms(c, 5000);
    return c;
}

TEST(array_of_objects)
{
    apicc_client *c = new_client();
    lists_items_params p = {
        .body = "[{\"id\":\"a\",\"qty\":2,\"color\":\"green\"},{\"id\":\"b\"}]"};
    lists_items_response *out = NULL;
    CHECK_INT(lists_items(c, &p, &out), APICC_OK);
    CHECK(out && out->n_items == 2);
    if (out && out->n_items == 2) {
        CHECK_STR(out->items[0]->id, "a");
        CHECK(out->items[0]->has_qty && out->items[0]->qty == 2);
        CHECK(out->items[0]->has_color &&
              out->items[0]->color == LISTS_COLOR_GREEN);
        CHECK_STR(out->items[1]->id, "b");
        CHECK(!out->items[1]->has_qty && !out->items[1]->has_color);
    }
    /* Back to the same JSON array. */
    cJSON *j = lists_items_response_to_json(out);
    char *text = cJSON_PrintUnformatted(j);
    CHECK_STR(text, p.body);
    free(text);
    cJSON_Delete(j);
    lists_items_response_free(out);
    apicc_client_free(c);
}

TEST(arrays_of_scalars_enums_and_inline_objects)
{
    apicc_client *c = new_client();
    lists_tags_params tp = {.body = "[\"x\",\"y\",\"\"]"};
    lists_tags_response *tags = NULL;
    CHECK_INT(lists_tags(c, &tp, &tags), APICC_OK);
    CHECK(tags && tags->n_items == 3);
    if (tags && tags->n_items == 3) {
        CHECK_STR(tags->items[0], "x");
        CHECK_STR(tags->items[2], "");
    }
    lists_tags_response_free(tags);

    /* An enum value added later by the provider reads as UNKNOWN. */
    lists_colors_params cp = {.body = "[\"red\",\"blue\",\"green\"]"};
    lists_colors_response *colors = NULL;
    CHECK_INT(lists_colors(c, &cp, &colors), APICC_OK);
    CHECK(colors && colors->n_items == 3);
    if (colors && colors->n_items == 3) {
        CHECK_INT(colors->items[0], LISTS_COLOR_RED);
        CHECK_INT(colors->items[1], LISTS_COLOR_UNKNOWN);
        CHECK_INT(colors->items[2], LISTS_COLOR_GREEN);
    }
    lists_colors_response_free(colors);

    lists_points_params pp = {.body = "[{\"x\":1,\"y\":-2},{\"x\":3,\"y\":4}]"};
    lists_points_response *pts = NULL;
    CHECK_INT(lists_points(c, &pp, &pts), APICC_OK);
    CHECK(pts && pts->n_items == 2);
    if (pts && pts->n_items == 2)
        CHECK(pts->items[0]->y == -2 && pts->items[1]->x == 3);
    lists_points_response_free(pts);
    apicc_client_free(c);
}

TEST(empty_array)
{
    apicc_client *c = new_client();
    lists_items_params p = {.body = "[]"};
    lists_items_response *out = NULL;
    CHECK_INT(lists_items(c, &p, &out), APICC_OK);
    CHECK(out && out->n_items == 0);
    cJSON *j = lists_items_response_to_json(out);
    CHECK(cJSON_IsArray(j) && cJSON_GetArraySize(j) == 0);
    cJSON_Delete(j);
    lists_items_response_free(out);
    apicc_client_free(c);
}

/* Each wrong body: APICC_ERR_RESPONSE, the exact message, no result, and
 * the answer's status kept. */
TEST(wrong_shapes_are_errors)
{
    static const struct {
        const char *body;
        const char *msg;
    } cases[] = {
        {"{\"items\":[]}", "items: response does not match the model: "
                           "items_response: expected an array, got an "
                           "object"},
        {"[{\"id\":\"a\"},{\"qty\":1}]",
         "items: response does not match the model: items_response[1]: "
         "missing required member \"id\""},
        {"[{\"id\":\"a\"},\"b\"]",
         "items: response does not match the model: items_response[1]: "
         "expected an object, got a string"},
        {"[{\"id\":7}]", "items: response does not match the model: "
                         "items_response[0].id: expected a string, got a "
                         "number"},
        {"null", "items: response does not match the model: "
                 "items_response: expected an array, got null"},
    };
    apicc_client *c = new_client();
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        lists_items_params p = {.body = cases[i].body};
        lists_items_response *out = (lists_items_response *)&p;
        CHECK_INT(lists_items(c, &p, &out), APICC_ERR_RESPONSE);
        CHECK(out == NULL);
        CHECK_STR(apicc_client_error(c)->message, cases[i].msg);
        CHECK_INT(apicc_client_error(c)->http_status, 200);
    }
    /* A number where strings belong. */
    lists_tags_params tp = {.body = "[\"x\",1]"};
    lists_tags_response *tags = NULL;
    CHECK_INT(lists_tags(c, &tp, &tags), APICC_ERR_RESPONSE);
    CHECK_STR(apicc_client_error(c)->message,
              "tags: response does not match the model: tags_response[1]: "
              "expected a string, got a number");
    apicc_client_free(c);
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
    RUN(array_of_objects);
    RUN(arrays_of_scalars_enums_and_inline_objects);
    RUN(empty_array);
    RUN(wrong_shapes_are_errors);
    test_server_stop(&server);
    apicc_global_cleanup();
    return harness_report();
}
