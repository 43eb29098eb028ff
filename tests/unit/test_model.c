/*
 * Model tables: JSON to struct, struct to JSON, free, with descriptors
 * written by hand in the shape the generator emits.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apicc/model.h"
#include "harness.h"

typedef enum color { COLOR_UNKNOWN = 0, COLOR_RED = 1, COLOR_GREEN = 2 } color;

typedef struct item item;
struct item {
    char *id;
    int64_t qty;
    bool has_qty;
};

typedef struct thing {
    char *name;
    int64_t when;
    bool when_is_null;
    double price;
    bool has_price;
    bool ok;
    bool has_ok;
    color tint;
    bool has_tint;
    item *main;
    bool has_main;
    item **items;
    bool has_items;
    size_t n_items;
    int64_t *counts;
    bool has_counts;
    size_t n_counts;
    char **labels;
    bool has_labels;
    size_t n_labels;
    char **labels_keys;
    cJSON *extra;
    bool has_extra;
} thing;

static const char *const color_values[] = {"red", "green"};
static const apicc_enum_desc color_enum = {"Color", color_values, 2};

static const apicc_field_desc item_fields[] = {
    {"id", APICC_F_STRING, APICC_SHAPE_SINGLE, APICC_FIELD_REQUIRED,
     offsetof(item, id), APICC_NO_OFFSET, APICC_NO_OFFSET, APICC_NO_OFFSET,
     APICC_NO_OFFSET, NULL, NULL, NULL},
    {"qty", APICC_F_INT, APICC_SHAPE_SINGLE, 0, offsetof(item, qty),
     offsetof(item, has_qty), APICC_NO_OFFSET, APICC_NO_OFFSET,
     APICC_NO_OFFSET, NULL, NULL, NULL},
};
static const apicc_model_desc item_desc = {"Item", sizeof(item), item_fields,
                                           2, 0, NULL};

#define OPT(f) offsetof(thing, has_##f)
static const apicc_field_desc thing_fields[] = {
    {"name", APICC_F_STRING, APICC_SHAPE_SINGLE, APICC_FIELD_REQUIRED,
     offsetof(thing, name), APICC_NO_OFFSET, APICC_NO_OFFSET,
     APICC_NO_OFFSET, APICC_NO_OFFSET, NULL, NULL, NULL},
    {"when", APICC_F_INT, APICC_SHAPE_SINGLE,
     APICC_FIELD_REQUIRED | APICC_FIELD_NULLABLE, offsetof(thing, when),
     APICC_NO_OFFSET, offsetof(thing, when_is_null), APICC_NO_OFFSET,
     APICC_NO_OFFSET, NULL, NULL, NULL},
    {"price", APICC_F_NUMBER, APICC_SHAPE_SINGLE, 0, offsetof(thing, price),
     OPT(price), APICC_NO_OFFSET, APICC_NO_OFFSET, APICC_NO_OFFSET, NULL,
     NULL, NULL},
    {"ok", APICC_F_BOOL, APICC_SHAPE_SINGLE, 0, offsetof(thing, ok), OPT(ok),
     APICC_NO_OFFSET, APICC_NO_OFFSET, APICC_NO_OFFSET, NULL, NULL, NULL},
    {"tint", APICC_F_ENUM, APICC_SHAPE_SINGLE, 0, offsetof(thing, tint),
     OPT(tint), APICC_NO_OFFSET, APICC_NO_OFFSET, APICC_NO_OFFSET, NULL,
     &color_enum, NULL},
    {"main", APICC_F_OBJECT, APICC_SHAPE_SINGLE, 0, offsetof(thing, main),
     OPT(main), APICC_NO_OFFSET, APICC_NO_OFFSET, APICC_NO_OFFSET,
     &item_desc, NULL, NULL},
    {"items", APICC_F_OBJECT, APICC_SHAPE_ARRAY, 0, offsetof(thing, items),
     OPT(items), APICC_NO_OFFSET, offsetof(thing, n_items), APICC_NO_OFFSET,
     &item_desc, NULL, NULL},
    {"counts", APICC_F_INT, APICC_SHAPE_ARRAY, 0, offsetof(thing, counts),
     OPT(counts), APICC_NO_OFFSET, offsetof(thing, n_counts),
     APICC_NO_OFFSET, NULL, NULL, NULL},
    {"labels", APICC_F_STRING, APICC_SHAPE_MAP, 0, offsetof(thing, labels),
     OPT(labels), APICC_NO_OFFSET, offsetof(thing, n_labels),
     offsetof(thing, labels_keys), NULL, NULL, NULL},
    {"extra", APICC_F_ANY, APICC_SHAPE_SINGLE, 0, offsetof(thing, extra),
     OPT(extra), APICC_NO_OFFSET, APICC_NO_OFFSET, APICC_NO_OFFSET, NULL,
     NULL, NULL},
};
static const apicc_model_desc thing_desc = {"Thing", sizeof(thing),
                                            thing_fields, 10, 0, NULL};

static thing *parse(const char *text, apicc_status *st, char *msg, size_t cap)
{
    cJSON *j = cJSON_Parse(text);
    void *v = NULL;
    apicc_json_error err;
    *st = apicc_model_from_json(&thing_desc, j, &v, &err);
    if (msg)
        snprintf(msg, cap, "%s", *st == APICC_OK ? "" : err.message);
    cJSON_Delete(j);
    return v;
}

static const char full[] =
    "{\"name\":\"n\",\"when\":1649729878532,\"price\":52000.5,\"ok\":true,"
    "\"tint\":\"green\",\"main\":{\"id\":\"a\",\"qty\":3},"
    "\"items\":[{\"id\":\"b\"},{\"id\":\"c\",\"qty\":-7}],"
    "\"counts\":[1,2,3],\"labels\":{\"x\":\"1\",\"y\":\"2\"},"
    "\"extra\":{\"deep\":[1,{\"k\":null}]},\"unknown\":42}";

TEST(parses_every_kind)
{
    apicc_status st;
    thing *t = parse(full, &st, NULL, 0);
    CHECK_INT(st, APICC_OK);
    if (!t)
        return;
    CHECK_STR(t->name, "n");
    CHECK_INT(t->when, 1649729878532LL);
    CHECK(!t->when_is_null);
    CHECK(t->has_price && t->price == 52000.5);
    CHECK(t->has_ok && t->ok);
    CHECK(t->has_tint && t->tint == COLOR_GREEN);
    CHECK(t->has_main && t->main && strcmp(t->main->id, "a") == 0);
    CHECK(t->main && t->main->has_qty && t->main->qty == 3);
    CHECK_INT(t->n_items, 2);
    CHECK(t->n_items == 2 && !t->items[0]->has_qty && t->items[1]->qty == -7);
    CHECK_INT(t->n_counts, 3);
    CHECK(t->n_counts == 3 && t->counts[2] == 3);
    CHECK_INT(t->n_labels, 2);
    CHECK(t->n_labels == 2 && strcmp(t->labels_keys[1], "y") == 0 &&
          strcmp(t->labels[1], "2") == 0);
    CHECK(t->has_extra && cJSON_IsObject(t->extra));
    apicc_model_free(&thing_desc, t);
}

TEST(round_trips)
{
    apicc_status st;
    thing *t = parse(full, &st, NULL, 0);
    if (!t) {
        FAIL("parse failed");
        return;
    }
    cJSON *out = apicc_model_to_json(&thing_desc, t);
    char *text = cJSON_PrintUnformatted(out);
    CHECK_STR(text,
              "{\"name\":\"n\",\"when\":1649729878532,\"price\":52000.5,"
              "\"ok\":true,\"tint\":\"green\",\"main\":{\"id\":\"a\","
              "\"qty\":3},\"items\":[{\"id\":\"b\"},{\"id\":\"c\","
              "\"qty\":-7}],\"counts\":[1,2,3],\"labels\":{\"x\":\"1\","
              "\"y\":\"2\"},\"extra\":{\"deep\":[1,{\"k\":null}]}}");
    free(text);
    cJSON_Delete(out);
    apicc_model_free(&thing_desc, t);
}

TEST(absent_optional_and_null)
{
    apicc_status st;
    thing *t = parse("{\"name\":\"n\",\"when\":null,\"price\":null}", &st,
                     NULL, 0);
    CHECK_INT(st, APICC_OK);
    if (!t)
        return;
    CHECK(t->when_is_null);
    CHECK(!t->has_price && !t->has_ok && !t->has_main && t->items == NULL);
    cJSON *out = apicc_model_to_json(&thing_desc, t);
    char *text = cJSON_PrintUnformatted(out);
    CHECK_STR(text, "{\"name\":\"n\",\"when\":null}");
    free(text);
    cJSON_Delete(out);
    apicc_model_free(&thing_desc, t);
}

TEST(unknown_enum_value_reads_unknown)
{
    apicc_status st;
    thing *t = parse("{\"name\":\"n\",\"when\":1,\"tint\":\"blue\"}", &st,
                     NULL, 0);
    CHECK_INT(st, APICC_OK);
    CHECK(t && t->has_tint && t->tint == COLOR_UNKNOWN);
    apicc_model_free(&thing_desc, t);
}

/* Each bad document: the status and the exact message. */
TEST(shape_errors)
{
    static const struct {
        const char *json;
        const char *msg;
    } cases[] = {
        {"[]", "Thing: expected an object, got an array"},
        {"{\"when\":1}", "Thing: missing required member \"name\""},
        {"{\"name\":5,\"when\":1}", "Thing.name: expected a string, got a "
                                    "number"},
        {"{\"name\":null,\"when\":1}", "Thing.name: must not be null"},
        {"{\"name\":\"n\",\"when\":1.5}",
         "Thing.when: expected an integer, got 1.5"},
        {"{\"name\":\"n\",\"when\":1,\"items\":[{\"id\":\"a\"},{}]}",
         "Thing.items[1]: missing required member \"id\""},
        {"{\"name\":\"n\",\"when\":1,\"items\":[{\"id\":\"a\"},{\"id\":1}]}",
         "Thing.items[1].id: expected a string, got a number"},
        {"{\"name\":\"n\",\"when\":1,\"labels\":{\"a\":\"x\",\"b\":2}}",
         "Thing.labels.b: expected a string, got a number"},
        {"{\"name\":\"n\",\"when\":1,\"ok\":\"yes\"}",
         "Thing.ok: expected a boolean, got a string"},
        {"{\"name\":\"n\",\"when\":1e300}",
         "Thing.when: integer 1e+300 cannot be read exactly"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        apicc_status st;
        char msg[256];
        thing *t = parse(cases[i].json, &st, msg, sizeof msg);
        CHECK(t == NULL);
        CHECK_INT(st, APICC_ERR_RESPONSE);
        CHECK_STR(msg, cases[i].msg);
        apicc_model_free(&thing_desc, t);
    }
}

TEST(null_input_and_free_null)
{
    void *v = (void *)1;
    CHECK_INT(apicc_model_from_json(&thing_desc, NULL, &v, NULL),
              APICC_ERR_RESPONSE);
    CHECK(v == NULL);
    apicc_model_free(&thing_desc, NULL);
    CHECK(apicc_model_to_json(&thing_desc, NULL) == NULL);
}

TEST(enum_strings)
{
    CHECK_STR(apicc_enum_to_string(&color_enum, COLOR_RED), "red");
    CHECK(apicc_enum_to_string(&color_enum, COLOR_UNKNOWN) == NULL);
    CHECK(apicc_enum_to_string(&color_enum, 3) == NULL);
    CHECK_INT(apicc_enum_from_string(&color_enum, "green"), COLOR_GREEN);
    CHECK_INT(apicc_enum_from_string(&color_enum, "GREEN"), COLOR_UNKNOWN);
}

/* A list model: the JSON is the array itself. */
typedef struct item_list {
    item **items;
    bool has_items;
    size_t n_items;
} item_list;

static const apicc_field_desc item_list_fields[] = {
    {"items", APICC_F_OBJECT, APICC_SHAPE_ARRAY, APICC_FIELD_REQUIRED,
     offsetof(item_list, items), offsetof(item_list, has_items),
     APICC_NO_OFFSET, offsetof(item_list, n_items), APICC_NO_OFFSET,
     &item_desc, NULL, NULL},
};
static const apicc_model_desc item_list_desc = {
    .name = "ItemList",
    .size = sizeof(item_list),
    .fields = item_list_fields,
    .nfields = 1,
    .is_list = 1,
};

static item_list *parse_list(const char *text, apicc_status *st, char *msg)
{
    cJSON *j = cJSON_Parse(text);
    void *v = NULL;
    apicc_json_error err;
    *st = apicc_model_from_json(&item_list_desc, j, &v, &err);
    snprintf(msg, sizeof err.message, "%s", err.message);
    cJSON_Delete(j);
    return v;
}

TEST(list_models_read_and_write_a_bare_array)
{
    apicc_status st;
    char msg[256];
    item_list *l = parse_list("[{\"id\":\"a\",\"qty\":2},{\"id\":\"b\"}]", &st, msg);
    CHECK_INT(st, APICC_OK);
    CHECK(l && l->has_items && l->n_items == 2);
    if (l && l->n_items == 2) {
        CHECK_STR(l->items[0]->id, "a");
        CHECK(l->items[0]->has_qty && l->items[0]->qty == 2);
        CHECK_STR(l->items[1]->id, "b");
        CHECK(!l->items[1]->has_qty);
    }
    cJSON *back = apicc_model_to_json(&item_list_desc, l);
    char *text = cJSON_PrintUnformatted(back);
    CHECK_STR(text, "[{\"id\":\"a\",\"qty\":2},{\"id\":\"b\"}]");
    free(text);
    cJSON_Delete(back);
    apicc_model_free(&item_list_desc, l);

    l = parse_list("[]", &st, msg);
    CHECK_INT(st, APICC_OK);
    CHECK(l && l->n_items == 0);
    back = apicc_model_to_json(&item_list_desc, l);
    CHECK(cJSON_IsArray(back) && cJSON_GetArraySize(back) == 0);
    cJSON_Delete(back);
    apicc_model_free(&item_list_desc, l);

    static const struct {
        const char *json;
        const char *msg;
    } bad[] = {
        {"{\"items\":[]}", "ItemList: expected an array, got an object"},
        {"[{\"id\":\"a\"},{}]", "ItemList[1]: missing required member \"id\""},
        {"[{\"id\":\"a\"},7]", "ItemList[1]: expected an object, got a number"},
        {"null", "ItemList: expected an array, got null"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        l = parse_list(bad[i].json, &st, msg);
        CHECK(l == NULL);
        CHECK_INT(st, APICC_ERR_RESPONSE);
        CHECK_STR(msg, bad[i].msg);
    }
    void *v = (void *)1;
    apicc_json_error err;
    CHECK_INT(apicc_model_from_json(&item_list_desc, NULL, &v, &err),
              APICC_ERR_RESPONSE);
    CHECK_STR(err.message, "ItemList: expected an array, got nothing");
}

int main(void)
{
    RUN(parses_every_kind);
    RUN(round_trips);
    RUN(absent_optional_and_null);
    RUN(unknown_enum_value_reads_unknown);
    RUN(shape_errors);
    RUN(null_input_and_free_null);
    RUN(enum_strings);
    RUN(list_models_read_and_write_a_bare_array);
    return harness_report();
}
