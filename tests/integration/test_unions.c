/*
 * Union models end to end, with the client generated from tests/specs/
 * unions.yaml: JSON -> union -> JSON is the same document for every
 * alternative (discriminated, mapped and implicit; chosen by shape;
 * null); a value no alternative takes survives as raw JSON; unions as
 * body, response, member, array item and map value; recursive trees and
 * hostile depth; the typed map beside members; consts; lenient decoding
 * per client.  Calls go to tests/servers/http_server.py (/json answers
 * its `body` param verbatim, /echo the request).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "provider_test.h"
#include "unions/unions.h"

static test_server server;
static char base[128];

/* Parses text with `from`, prints it back with `to`: the same JSON. */
#define ROUND_TRIP(type, text, want_kind)                                     \
    do {                                                                      \
        cJSON *in_ = cJSON_Parse(text);                                       \
        type *v_ = NULL;                                                      \
        apicc_json_error e_;                                                  \
        CHECK_INT(type##_from_json(in_, &v_, &e_), APICC_OK);                 \
        CHECK_INT(v_ ? (int)v_->kind : -1, (int)(want_kind));                 \
        cJSON *out_ = type##_to_json(v_);                                     \
        CHECK(cJSON_Compare(in_, out_, 1));                                   \
        if (!cJSON_Compare(in_, out_, 1)) {                                   \
            char *t_ = cJSON_PrintUnformatted(out_);                          \
            printf("  got %s\n  want %s\n", t_ ? t_ : "?", text);            \
            free(t_);                                                         \
        }                                                                     \
        cJSON_Delete(out_);                                                   \
        type##_free(v_);                                                      \
        cJSON_Delete(in_);                                                    \
    } while (0)

TEST(discriminated_round_trips)
{
    ROUND_TRIP(unions_pet, "{\"pet_type\":\"cat\",\"name\":\"Tom\",\"lives\":9}",
               UNIONS_PET_CAT);
    ROUND_TRIP(unions_pet, "{\"pet_type\":\"dog\",\"name\":\"Rex\",\"good\":true}",
               UNIONS_PET_DOG);
    /* Lizard has no explicit value: its model's name names it. */
    ROUND_TRIP(unions_pet, "{\"pet_type\":\"Lizard\",\"scales\":300}",
               UNIONS_PET_LIZARD);
    /* A kind this client does not know: UNKNOWN, the JSON kept whole. */
    ROUND_TRIP(unions_pet, "{\"pet_type\":\"parrot\",\"words\":[\"hi\"]}",
               UNIONS_PET_UNKNOWN);
}

TEST(accessors_name_one_alternative)
{
    cJSON *in = cJSON_Parse("{\"pet_type\":\"cat\",\"name\":\"Tom\"}");
    unions_pet *p = NULL;
    CHECK_INT(unions_pet_from_json(in, &p, NULL), APICC_OK);
    CHECK(unions_pet_as_cat(p) != NULL);
    CHECK(unions_pet_as_dog(p) == NULL);
    CHECK(unions_pet_as_lizard(p) == NULL);
    CHECK(unions_pet_as_cat(NULL) == NULL);
    if (unions_pet_as_cat(p))
        CHECK_STR(unions_pet_as_cat(p)->name, "Tom");
    unions_pet_free(p);
    cJSON_Delete(in);

    in = cJSON_Parse("[\"a\",\"b\"]");
    unions_figure *f = NULL;
    CHECK_INT(unions_figure_from_json(in, &f, NULL), APICC_OK);
    size_t n = 99;
    const char *const *labels = unions_figure_as_labels(f, &n);
    CHECK(labels != NULL && n == 2);
    if (labels && n == 2)
        CHECK_STR(labels[1], "b");
    CHECK(unions_figure_as_integer(f) == NULL);
    n = 99;
    CHECK(unions_figure_as_labels(NULL, &n) == NULL && n == 0);
    unions_figure_free(f);
    cJSON_Delete(in);
}

TEST(shape_chosen_round_trips)
{
    ROUND_TRIP(unions_figure, "{\"shape\":\"circle\",\"radius\":1.5}",
               UNIONS_FIGURE_CIRCLE);
    /* Not a circle: Circle's enum does not list "oval", and Square's
     * const and required side do not fit either. */
    ROUND_TRIP(unions_figure, "{\"shape\":\"oval\",\"radius\":1.5}",
               UNIONS_FIGURE_UNKNOWN);
    ROUND_TRIP(unions_figure, "{\"kind\":\"square\",\"side\":2}",
               UNIONS_FIGURE_SQUARE);
    ROUND_TRIP(unions_figure, "{\"kind\":\"cube\",\"side\":2}",
               UNIONS_FIGURE_UNKNOWN);
    ROUND_TRIP(unions_figure, "\"a label\"", UNIONS_FIGURE_LABEL);
    ROUND_TRIP(unions_figure, "42", UNIONS_FIGURE_INTEGER);
    ROUND_TRIP(unions_figure, "2.5", UNIONS_FIGURE_NUMBER);
    ROUND_TRIP(unions_figure, "false", UNIONS_FIGURE_BOOLEAN);
    ROUND_TRIP(unions_figure, "[\"x\",\"y\"]", UNIONS_FIGURE_LABELS);
    ROUND_TRIP(unions_figure, "null", UNIONS_FIGURE_NULL);
    ROUND_TRIP(unions_figure, "[1,2]", UNIONS_FIGURE_UNKNOWN);
    ROUND_TRIP(unions_figure, "{}", UNIONS_FIGURE_UNKNOWN);
}

TEST(strict_unions_report_with_the_path)
{
    cJSON *in = cJSON_Parse("\"text\"");
    unions_strict_figure *v = NULL;
    apicc_json_error err;
    CHECK_INT(unions_strict_figure_from_json(in, &v, &err), APICC_ERR_RESPONSE);
    CHECK(v == NULL);
    CHECK(strstr(err.message, "StrictFigure: a string fits none of the 3 "
                              "alternatives") != NULL);
    cJSON_Delete(in);
    /* 3 is an integer and a number: ambiguous when the union minds. */
    in = cJSON_Parse("3");
    CHECK_INT(unions_strict_figure_from_json(in, &v, &err), APICC_ERR_RESPONSE);
    CHECK(strstr(err.message, "fits both alternatives integer and number") !=
          NULL);
    cJSON_Delete(in);
    in = cJSON_Parse("3.5");
    CHECK_INT(unions_strict_figure_from_json(in, &v, &err), APICC_OK);
    CHECK(v && v->kind == UNIONS_STRICT_FIGURE_NUMBER);
    unions_strict_figure_free(v);
    cJSON_Delete(in);
    /* The discriminated alternative's own mismatch, with its path. */
    in = cJSON_Parse("{\"pets\":[{\"pet_type\":\"cat\",\"name\":7}]}");
    unions_zoo *z = NULL;
    CHECK_INT(unions_zoo_from_json(in, &z, &err), APICC_ERR_RESPONSE);
    CHECK_STR(err.message, "Zoo: missing required member \"kind\"");
    cJSON_Delete(in);
    in = cJSON_Parse("{\"kind\":\"zoo\",\"pets\":[{\"pet_type\":\"cat\","
                     "\"name\":7}]}");
    CHECK_INT(unions_zoo_from_json(in, &z, &err), APICC_ERR_RESPONSE);
    CHECK_STR(err.message,
              "Zoo.pets[0].name: expected a string, got a number");
    cJSON_Delete(in);
}

TEST(unions_as_members_items_and_map_values)
{
    static const char *const text =
        "{\"kind\":\"zoo\","
        "\"star\":{\"pet_type\":\"dog\",\"name\":\"Rex\"},"
        "\"pets\":[{\"pet_type\":\"cat\",\"name\":\"Tom\"},"
        "{\"pet_type\":\"Lizard\"},{\"pet_type\":\"eel\"}],"
        "\"by_name\":{\"tom\":{\"pet_type\":\"cat\",\"name\":\"Tom\"}},"
        "\"figure\":null,"
        "\"tag\":\"extra\",\"size\":3,\"box\":{\"kind\":\"square\",\"side\":1}}";
    cJSON *in = cJSON_Parse(text);
    unions_zoo *z = NULL;
    CHECK_INT(unions_zoo_from_json(in, &z, NULL), APICC_OK);
    CHECK(z && z->star && z->star->kind == UNIONS_PET_DOG);
    CHECK(z && z->n_pets == 3 && z->pets[2]->kind == UNIONS_PET_UNKNOWN);
    CHECK(z && z->n_by_name == 1 && z->by_name[0]->kind == UNIONS_PET_CAT);
    CHECK(z && z->figure_is_null);
    /* The members no property names, typed, in the map beside them. */
    CHECK(z && z->n_extra == 3);
    if (z && z->n_extra == 3) {
        CHECK_STR(z->extra_keys[0], "tag");
        CHECK(z->extra[0]->kind == UNIONS_FIGURE_LABEL);
        CHECK(z->extra[1]->kind == UNIONS_FIGURE_INTEGER);
        CHECK(z->extra[2]->kind == UNIONS_FIGURE_SQUARE);
    }
    cJSON *out = unions_zoo_to_json(z);
    CHECK(cJSON_Compare(in, out, 1));
    cJSON_Delete(out);
    unions_zoo_free(z);
    cJSON_Delete(in);

    /* A typed map alone. */
    in = cJSON_Parse("{\"a\":1,\"b\":2}");
    unions_counts *c = NULL;
    CHECK_INT(unions_counts_from_json(in, &c, NULL), APICC_OK);
    CHECK(c && c->n_counts == 2 && c->counts[1] == 2);
    out = unions_counts_to_json(c);
    CHECK(cJSON_Compare(in, out, 1));
    cJSON_Delete(out);
    unions_counts_free(c);
    cJSON_Delete(in);
}

TEST(filled_by_hand)
{
    /* The tag says the discriminator; a const member need not be set. */
    unions_cat tom = {.name = "Tom", .lives = 9, .has_lives = true};
    unions_pet pet = {.kind = UNIONS_PET_CAT, .as = {.cat = &tom}};
    cJSON *j = unions_pet_to_json(&pet);
    char *text = cJSON_PrintUnformatted(j);
    CHECK_STR(text, "{\"pet_type\":\"cat\",\"name\":\"Tom\",\"lives\":9}");
    free(text);
    cJSON_Delete(j);
    const unions_pet *pets[] = {&pet};
    unions_zoo zoo = {.pets = pets, .n_pets = 1};
    j = unions_zoo_to_json(&zoo);
    text = cJSON_PrintUnformatted(j);
    CHECK(text && strncmp(text, "{\"kind\":\"zoo\",\"pets\":[{", 23) == 0);
    free(text);
    cJSON_Delete(j);
}

/* A tree `depth` levels deep: {"name":"n","children":[ ... ]}. */
static char *deep_tree(int depth)
{
    size_t cap = (size_t)depth * 32 + 64;
    char *s = malloc(cap);
    if (!s)
        return NULL;
    size_t n = 0;
    for (int i = 0; i < depth; i++)
        n += (size_t)snprintf(s + n, cap - n, "{\"name\":\"n\",\"children\":[");
    n += (size_t)snprintf(s + n, cap - n, "{\"value\":1}");
    for (int i = 0; i < depth; i++)
        n += (size_t)snprintf(s + n, cap - n, "]}");
    return s;
}

TEST(recursive_trees)
{
    ROUND_TRIP(unions_tree_item,
               "{\"name\":\"root\",\"children\":[{\"value\":1},"
               "{\"name\":\"kid\",\"children\":[{\"value\":2}],"
               "\"parent_link\":{\"target\":{\"name\":\"up\"}}}]}",
               UNIONS_TREE_ITEM_NODE);
    ROUND_TRIP(unions_tree_item, "{\"value\":7}", UNIONS_TREE_ITEM_LEAF);
    /* Deep, but within bounds: parsed whole. */
    char *text = deep_tree(100);
    cJSON *in = text ? cJSON_Parse(text) : NULL;
    unions_tree_item *t = NULL;
    CHECK_INT(unions_tree_item_from_json(in, &t, NULL), APICC_OK);
    cJSON *out = unions_tree_item_to_json(t);
    /* as text: cJSON_Compare takes time exponential in the depth */
    char *back = cJSON_PrintUnformatted(out);
    CHECK_STR(back, text);
    free(back);
    cJSON_Delete(out);
    unions_tree_item_free(t);
    cJSON_Delete(in);
    free(text);
}

TEST(hostile_depth_is_bounded)
{
    /* Deeper than any parse goes, built by hand past cJSON's own nesting
     * limit: refused or kept as UNKNOWN, never a crash or a hang. */
    cJSON *root = cJSON_CreateObject(), *at = root;
    for (int i = 0; at && i < 3000; i++) {
        cJSON *kids = cJSON_AddArrayToObject(at, "children");
        cJSON_AddStringToObject(at, "name", "n");
        cJSON *kid = cJSON_CreateObject();
        cJSON_AddItemToArray(kids, kid);
        at = kid;
    }
    unions_tree_item *t = NULL;
    apicc_json_error err;
    apicc_status st = unions_tree_item_from_json(root, &t, &err);
    CHECK(st == APICC_OK || st == APICC_ERR_RESPONSE);
    /* Past the bound the deepest items read as UNKNOWN. */
    if (st == APICC_OK)
        CHECK(t && (t->kind == UNIONS_TREE_ITEM_NODE ||
                    t->kind == UNIONS_TREE_ITEM_UNKNOWN));
    unions_tree_item_free(t);
    cJSON_Delete(root);
}

static apicc_client *new_client(void)
{
    apicc_client *c = apicc_client_new(base);
    if (c)
        apicc_client_set_timeout_ms(c, 5000);
    return c;
}

TEST(responses_and_bodies)
{
    apicc_client *c = new_client();
    unions_get_pet_params pp = {
        .body = "{\"pet_type\":\"dog\",\"name\":\"Rex\",\"good\":false}"};
    unions_pet *pet = NULL;
    CHECK_INT(unions_get_pet(c, &pp, &pet), APICC_OK);
    CHECK(unions_pet_as_dog(pet) && !unions_pet_as_dog(pet)->good);
    /* The same union as a request body: on the wire as it came. */
    unions_echo *echo = NULL;
    CHECK_INT(unions_adopt(c, pet, &echo), APICC_OK);
    CHECK(echo && echo->body);
    if (echo && echo->body) {
        cJSON *sent = cJSON_Parse(echo->body), *want = cJSON_Parse(pp.body);
        CHECK(cJSON_Compare(sent, want, 1));
        cJSON_Delete(sent);
        cJSON_Delete(want);
    }
    unions_echo_free(echo);
    unions_pet_free(pet);

    unions_get_tree_params tp = {.body = "{\"value\":3}"};
    unions_tree_item *tree = NULL;
    CHECK_INT(unions_get_tree(c, &tp, &tree), APICC_OK);
    CHECK(unions_tree_item_as_leaf(tree) &&
          unions_tree_item_as_leaf(tree)->value == 3);
    unions_tree_item_free(tree);
    apicc_client_free(c);
}

TEST(lenient_decoding_per_client)
{
    static const char *const body =
        "{\"kind\":\"zoo\",\"star\":{\"pet_type\":\"cat\",\"name\":5},"
        "\"pets\":[{\"pet_type\":\"dog\",\"name\":\"Rex\",\"good\":\"yes\"},"
        "{\"pet_type\":\"cat\",\"name\":\"Tom\"}]}";
    apicc_client *c = new_client();
    unions_get_zoo_params p = {.body = body};
    unions_zoo *z = NULL;
    /* Strict, the default: one mistyped member fails the call. */
    CHECK_INT(unions_get_zoo(c, &p, &z), APICC_ERR_RESPONSE);
    CHECK(z == NULL);
    CHECK(apicc_client_mismatches(c)->count == 0);
    CHECK_INT(apicc_client_set_decoding(c, APICC_DECODE_LENIENT), APICC_OK);
    CHECK_INT(unions_get_zoo(c, &p, &z), APICC_OK);
    /* What fits is kept; what does not is left out and reported: the
     * innermost member that does not fit, as if absent. */
    CHECK(z && unions_pet_as_cat(z->star) &&
          unions_pet_as_cat(z->star)->name == NULL);
    CHECK(z && z->n_pets == 2);
    if (z && z->n_pets == 2) {
        const unions_dog *rex = unions_pet_as_dog(z->pets[0]);
        CHECK(rex && !rex->has_good);
        CHECK(unions_pet_as_cat(z->pets[1]) != NULL);
    }
    const apicc_json_mismatches *mm = apicc_client_mismatches(c);
    CHECK(mm->count == 2);
    if (mm->count == 2) {
        CHECK_STR(mm->entries[0].message,
                  "Zoo.star.name: expected a string, got a number");
        CHECK_STR(mm->entries[1].message,
                  "Zoo.pets[0].good: expected a boolean, got a string");
    }
    const cJSON *raw = apicc_client_mismatched_json(c);
    CHECK(raw && cJSON_GetObjectItem(raw, "star") != NULL);
    unions_zoo_free(z);
    /* A body that fits leaves nothing behind. */
    p.body = "{\"kind\":\"zoo\"}";
    CHECK_INT(unions_get_zoo(c, &p, &z), APICC_OK);
    CHECK(apicc_client_mismatches(c)->count == 0);
    CHECK(apicc_client_mismatched_json(c) == NULL);
    unions_zoo_free(z);
    CHECK_INT(apicc_client_set_decoding(c, (apicc_decoding)7),
              APICC_ERR_INVALID_ARG);
    apicc_client_free(c);
}

int main(void)
{
    RUN(discriminated_round_trips);
    RUN(accessors_name_one_alternative);
    RUN(shape_chosen_round_trips);
    RUN(strict_unions_report_with_the_path);
    RUN(unions_as_members_items_and_map_values);
    RUN(filled_by_hand);
    RUN(recursive_trees);
    RUN(hostile_depth_is_bounded);
    if (apicc_global_init() != APICC_OK ||
        provider_server_start(&server, "http_server.py", NULL) != 0) {
        printf("FAIL setup: cannot start the test server\n");
        return harness_report() ? 1 : 1;
    }
    provider_url(base, sizeof base, "http", server.port, NULL);
    RUN(responses_and_bodies);
    RUN(lenient_decoding_per_client);
    test_server_stop(&server);
    apicc_global_cleanup();
    return harness_report();
}
