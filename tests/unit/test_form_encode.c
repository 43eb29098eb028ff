/*
 * Form bodies without a network (runtime/src/form_encode.c): the WHATWG
 * application/x-www-form-urlencoded byte rule for every byte value, and
 * OpenAPI's style/explode layouts for arrays, objects and maps, from
 * descriptor tables written here by hand.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "body_internal.h"
#include "harness.h"

/* WHATWG URL, "application/x-www-form-urlencoded serializing": 0x2A,
 * 0x2D, 0x2E, 0x30-0x39, 0x41-0x5A, 0x5F and 0x61-0x7A stay; 0x20 is
 * '+'; every other byte is %XX in upper-case hex. */
TEST(every_byte_follows_whatwg)
{
    for (int c = 0; c < 256; c++) {
        char in = (char)c, want[4];
        if (c == '*' || c == '-' || c == '.' || c == '_' ||
            (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
            (c >= 'a' && c <= 'z'))
            snprintf(want, sizeof want, "%c", c);
        else if (c == ' ')
            snprintf(want, sizeof want, "+");
        else
            snprintf(want, sizeof want, "%%%02X", c);
        apicc__buf b = {0};
        apicc__buf_put_form(&b, &in, 1);
        if (!b.data || strcmp(b.data, want) != 0) {
            char name[32];
            snprintf(name, sizeof name, "byte 0x%02X", c);
            CHECK_STR(name, want);
        }
        apicc__buf_free(&b);
    }
    apicc__buf b = {0};
    apicc__buf_put_form(&b, "~ \xc3\xa9+&=", 7);
    CHECK_STR(b.data, "%7E+%C3%A9%2B%26%3D");
    apicc__buf_free(&b);
}

typedef struct inner {
    const char *k;
    const char *const *list;
    size_t n_list;
} inner;

static const apicc_field_desc inner_fields[] = {
    {.json_name = "k", .kind = APICC_F_STRING, .offset = offsetof(inner, k),
     .has_offset = APICC_NO_OFFSET, .null_offset = APICC_NO_OFFSET,
     .count_offset = APICC_NO_OFFSET, .keys_offset = APICC_NO_OFFSET},
    {.json_name = "list", .kind = APICC_F_STRING, .shape = APICC_SHAPE_ARRAY,
     .offset = offsetof(inner, list), .has_offset = APICC_NO_OFFSET,
     .null_offset = APICC_NO_OFFSET, .count_offset = offsetof(inner, n_list),
     .keys_offset = APICC_NO_OFFSET},
};
static const apicc_model_desc inner_desc = {
    .name = "Inner", .size = sizeof(inner), .fields = inner_fields,
    .nfields = 2};

typedef struct outer {
    const int64_t *ids;
    size_t n_ids;
    const inner *obj;
    double n;
    bool has_n;
} outer;

static const apicc_field_desc outer_fields[] = {
    {.json_name = "ids", .kind = APICC_F_INT, .shape = APICC_SHAPE_ARRAY,
     .offset = offsetof(outer, ids), .has_offset = APICC_NO_OFFSET,
     .null_offset = APICC_NO_OFFSET, .count_offset = offsetof(outer, n_ids),
     .keys_offset = APICC_NO_OFFSET},
    {.json_name = "obj", .kind = APICC_F_OBJECT, .offset = offsetof(outer, obj),
     .has_offset = APICC_NO_OFFSET, .null_offset = APICC_NO_OFFSET,
     .count_offset = APICC_NO_OFFSET, .keys_offset = APICC_NO_OFFSET,
     .model = &inner_desc},
    {.json_name = "n", .kind = APICC_F_NUMBER, .offset = offsetof(outer, n),
     .has_offset = offsetof(outer, has_n), .null_offset = APICC_NO_OFFSET,
     .count_offset = APICC_NO_OFFSET, .keys_offset = APICC_NO_OFFSET},
};
static const apicc_model_desc outer_desc = {
    .name = "Outer", .size = sizeof(outer), .fields = outer_fields,
    .nfields = 3};

static const int64_t ids[] = {3, 4, 5};
static const char *const list[] = {"x", "y"};
static const inner in_v = {"blue", list, 2};
static const outer out_v = {ids, 3, &in_v, 0, false};

/* The body `out_v` becomes with `ids` and `obj` written as given. */
static const char *encode(apicc_param_style ids_style, int ids_explode,
                          apicc_param_style obj_style, int obj_explode,
                          apicc_status *st)
{
    static char text[512];
    apicc_body_encoding enc[] = {
        {"ids", ids_style, !ids_explode, NULL},
        {"obj", obj_style, !obj_explode, NULL},
    };
    apicc__buf b = {0};
    char err[160];
    *st = apicc__form_encode(&outer_desc, &out_v, enc, 2, &b, err,
                             sizeof err);
    snprintf(text, sizeof text, "%s",
             *st == APICC_OK ? (b.data ? b.data : "") : err);
    apicc__buf_free(&b);
    return text;
}

/* OpenAPI 3.1's style table, as form bodies write it: form with and
 * without explode, spaceDelimited, pipeDelimited, deepObject. */
TEST(openapi_styles)
{
    apicc_status st;
    CHECK_STR(encode(APICC_STYLE_FORM, 1, APICC_STYLE_FORM, 1, &st),
              "ids=3&ids=4&ids=5&k=blue&list=x&list=y");
    CHECK_STR(encode(APICC_STYLE_FORM, 0, APICC_STYLE_DEEP_OBJECT, 1, &st),
              "ids=3%2C4%2C5&obj%5Bk%5D=blue&obj%5Blist%5D%5B0%5D=x"
              "&obj%5Blist%5D%5B1%5D=y");
    CHECK_STR(encode(APICC_STYLE_SPACE_DELIMITED, 0, APICC_STYLE_FORM, 1,
                     &st),
              "ids=3+4+5&k=blue&list=x&list=y");
    CHECK_STR(encode(APICC_STYLE_PIPE_DELIMITED, 0, APICC_STYLE_FORM, 1,
                     &st),
              "ids=3%7C4%7C5&k=blue&list=x&list=y");
    /* An object without explode has no form text: refused, by name. */
    CHECK_STR(encode(APICC_STYLE_FORM, 1, APICC_STYLE_FORM, 0, &st),
              "form member \"obj\": an object without explode has no form "
              "text");
    CHECK_INT(st, APICC_ERR_INVALID_ARG);
}

TEST(optional_members_and_numbers)
{
    outer v = {NULL, 0, NULL, 0.25, true};
    apicc__buf b = {0};
    char err[160];
    CHECK_INT(apicc__form_encode(&outer_desc, &v, NULL, 0, &b, err,
                                 sizeof err),
              APICC_OK);
    CHECK_STR(b.data, "n=0.25");
    apicc__buf_free(&b);
}

/* A free-form member (any JSON): a string is sent as its text, without
 * the JSON quotes; an object as its JSON text.  Found by the Prism corpus
 * run (bench/prism_corpus.sh) on Twilio's create_payments. */
typedef struct free_form {
    const cJSON *param;
} free_form;

static const apicc_field_desc free_form_fields[] = {
    {.json_name = "Parameter", .kind = APICC_F_ANY,
     .offset = offsetof(free_form, param), .has_offset = APICC_NO_OFFSET,
     .null_offset = APICC_NO_OFFSET, .count_offset = APICC_NO_OFFSET,
     .keys_offset = APICC_NO_OFFSET},
};
static const apicc_model_desc free_form_desc = {
    .name = "FreeForm", .size = sizeof(free_form),
    .fields = free_form_fields, .nfields = 1};

TEST(free_form_members)
{
    const char *cases[][2] = {
        {"\"{'name':'foobar'}\"", "Parameter=%7B%27name%27%3A%27foobar%27%7D"},
        {"{\"a\":1}", "Parameter=%7B%22a%22%3A1%7D"},
        {"7", "Parameter=7"},
        {"true", "Parameter=true"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        cJSON *j = cJSON_Parse(cases[i][0]);
        free_form v = {j};
        apicc__buf b = {0};
        char err[160];
        CHECK_INT(apicc__form_encode(&free_form_desc, &v, NULL, 0, &b, err,
                                     sizeof err),
                  APICC_OK);
        CHECK_STR(b.data, cases[i][1]);
        apicc__buf_free(&b);
        cJSON_Delete(j);
    }
}

int main(void)
{
    RUN(every_byte_follows_whatwg);
    RUN(openapi_styles);
    RUN(optional_members_and_numbers);
    RUN(free_form_members);
    return harness_report();
}
